// ActivationFamily: PyTorch's other pointwise activations, forward and backward side by side.
//   leaky_relu  y = x (x > 0), a·x otherwise                 dy/dx = 1 or a
//   elu         y = x (x > 0), α(eˣ − 1) otherwise            dy/dx = 1 or α·eˣ
//   selu        y = λ·elu(x, α), α = 1.6732632…, λ = 1.0507009…
//   gelu        y = x·Φ(x) = x/2·(1 + erf(x/√2))             dy/dx = Φ(x) + x·φ(x)
//     tanh approximation: y = x/2·(1 + tanh(u)), u = √(2/π)·(x + 0.044715x³)
//   silu        y = x·σ(x)                                    dy/dx = σ(x)·(1 + x·(1 − σ(x)))
//   softplus    y = log(1 + e^(βx))/β, or x where βx > threshold   dy/dx = σ(βx), or 1
//   hardtanh    y = clamp(x, lo, hi)                          dy/dx = 1 for lo < x < hi, else 0
//   relu6       hardtanh(x, 0, 6)
// Shapes: any → same. Computed in Double where a Float would lose digits (erf, tanh, exp), rounded to Float.
// grad_fn names follow PyTorch (LeakyReluBackward0, EluBackward0, GeluBackward0, ...).
// Non-goals: float64 storage for these (they compute in float32), rrelu/prelu (learned slopes).

import Foundation

extension Tensor {
    /// LeakyReLU: x where x > 0, else `slope`·x.
    public func leakyRelu(negativeSlope a: Float = 0.01) -> Tensor {
        Tensor.unary("leaky_relu", self, { $0 > 0 ? $0 : a * $0 }, grad: { x, _ in x > 0 ? 1 : a })
    }

    /// ELU: x where x > 0, else α(eˣ − 1). (With `scale`, SELU's λ·ELU.)
    public func elu(alpha: Float = 1, scale: Float = 1) -> Tensor {
        let r = Tensor.unary(
            "elu", self, { x in x > 0 ? scale * x : scale * alpha * Float(Foundation.expm1(Double(x))) },
            grad: { x, _ in x > 0 ? scale : scale * alpha * Float(Foundation.exp(Double(x))) })
        return r
    }

    /// SELU: λ·ELU(x, α) with PyTorch's constants (self-normalising networks).
    public func selu() -> Tensor { elu(alpha: 1.6732632423543772, scale: 1.0507009873554805) }

    /// GELU: x·Φ(x), Φ the standard normal CDF; `approximate: "tanh"` uses the tanh formula.
    public func gelu(approximate: String = "none") throws -> Tensor {
        switch approximate {
        case "none":
            return Tensor.unary(
                "gelu", self,
                { x in
                    let d = Double(x)
                    return Float(0.5 * d * (1 + Foundation.erf(d / 2.0.squareRoot())))
                },
                grad: { x, _ in
                    let d = Double(x)
                    let cdf = 0.5 * (1 + Foundation.erf(d / 2.0.squareRoot()))
                    let pdf = Foundation.exp(-0.5 * d * d) / (2 * Double.pi).squareRoot()
                    return Float(cdf + d * pdf)
                })
        case "tanh":
            let k = (2 / Double.pi).squareRoot()
            return Tensor.unary(
                "gelu", self,
                { x in
                    let d = Double(x)
                    return Float(0.5 * d * (1 + Foundation.tanh(k * (d + 0.044715 * d * d * d))))
                },
                grad: { x, _ in
                    let d = Double(x)
                    let t = Foundation.tanh(k * (d + 0.044715 * d * d * d))
                    return Float(0.5 * (1 + t) + 0.5 * d * (1 - t * t) * k * (1 + 3 * 0.044715 * d * d))
                })
        default:
            throw EngineError("gelu", "approximate argument must be either none or tanh.")
        }
    }

    /// SiLU (swish): x·σ(x).
    public func silu() -> Tensor {
        func sigma(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        return Tensor.unary(
            "silu", self, { x in Float(Double(x) * sigma(Double(x))) },
            grad: { x, _ in
                let s = sigma(Double(x))
                return Float(s * (1 + Double(x) * (1 - s)))
            })
    }

    /// Softplus: log(1 + e^(βx))/β, and x itself where βx > threshold (as PyTorch, for stability).
    public func softplus(beta: Float = 1, threshold: Float = 20) -> Tensor {
        let b = Double(beta)
        return Tensor.unary(
            "softplus", self,
            { x in
                let bx = b * Double(x)
                return bx > Double(threshold) ? x : Float(Foundation.log1p(Foundation.exp(bx)) / b)
            },
            grad: { x, _ in
                let bx = b * Double(x)
                return bx > Double(threshold) ? 1 : Float(1 / (1 + Foundation.exp(-bx)))
            })
    }

    /// Hardtanh: clamp(x, lo, hi); the gradient passes strictly inside (lo, hi), as in PyTorch.
    public func hardtanh(min lo: Float = -1, max hi: Float = 1) -> Tensor {
        Tensor.unary(
            "hardtanh", self, { Swift.min(Swift.max($0, lo), hi) }, grad: { x, _ in x > lo && x < hi ? 1 : 0 })
    }
}
