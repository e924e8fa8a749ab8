// Float64Functional: the network ops of float64 tensors in double precision, as PyTorch computes
// them: softmax / log_softmax along a dim, the losses cross_entropy (class indices or class
// probabilities), nll_loss and mse_loss, and conv2d. Each is the forward of the float32 op of the
// same name (Softmax.swift, Losses.swift, Conv.swift) with Double values, and returns float64.
//   softmax:     y_i = e^(x_i - m) / Σ_j e^(x_j - m),  log_softmax: y_i = x_i - m - log Σ_j e^(x_j - m)
//   cross_entropy_n = logsumexp(x_n) - x_n[t_n];  nll_n = -x_n[t_n];  mse_i = (a_i - b_i)²
//   conv2d: y[n,o,i,j] = b[o] + Σ_{c,u,v} x_pad[n, c, i·s + u, j·s + v] · W[o, c, u, v]
// Non-goals: autograd (float64 tensors cannot require grad in gradstep, so there is no backward),
// speed (plain loops). cross_entropy/nll_loss with class weights, ignore_index or label smoothing
// go through ClassLossOptions.swift, which computes in float32 and labels its result float32.

import Foundation

extension Functional {
    /// Refuses an op in Double when one of its inputs (a float32 one) would need a gradient.
    static func float64NoGrad(_ op: String, _ inputs: [Tensor]) throws {
        if GradMode.isEnabled && inputs.contains(where: { $0.requiresGrad }) { throw Tensor.float64AutogradError(op) }
    }

    /// softmax (or log_softmax) of a float64 tensor along `dim`, in Double.
    static func softmax64(_ x: Tensor, dim: Int, log: Bool) throws -> Tensor {
        let op = log ? "log_softmax" : "softmax"
        let d = try x.normDim(dim, op: op)
        let (outer, n, inner) = try x.split(at: d, op: op)
        let xv = x.doubleValues
        var out = [Double](repeating: 0, count: x.count)
        for a in 0..<outer {
            for i in 0..<inner {
                let base = a * n * inner + i
                var m = -Double.infinity
                for k in 0..<n { m = Swift.max(m, xv[base + k * inner]) }
                if m == -.infinity { m = 0 }
                var s = 0.0
                for k in 0..<n { s += Foundation.exp(xv[base + k * inner] - m) }
                let ls = Foundation.log(s)
                for k in 0..<n {
                    let j = base + k * inner
                    out[j] = log ? xv[j] - m - ls : Foundation.exp(xv[j] - m) / s
                }
            }
        }
        return Tensor(sharingNothing: x.shape, doubles: out)
    }

    /// Per-element (or per-row) losses reduced as PyTorch does, as a float64 tensor.
    static func reduce64(_ losses: [Double], shape: [Int], reduction: Reduction) -> Tensor {
        switch reduction {
        case .none: return Tensor(sharingNothing: shape, doubles: losses)
        case .sum: return Tensor(sharingNothing: [], doubles: [losses.reduce(0, +)])
        case .mean: return Tensor(sharingNothing: [], doubles: [losses.reduce(0, +) / Double(losses.count)])
        }
    }

    /// cross_entropy (`logits`) or nll_loss of float64 input against class indices, or (cross
    /// entropy only) against float class probabilities of the input's shape.
    static func classLoss64(
        _ op: String, _ input: Tensor, _ target: Tensor, logits: Bool, soft: Bool, reduction: Reduction
    ) throws -> Tensor {
        let (rows, classes) = try checkLogits(op, input)
        let t = soft ? [] : try classTargets(op, target, rows: rows, classes: classes, inputShape: input.shape)
        let x =
            logits
            ? try softmax64(input.ndim == 1 ? try input.reshape([1, classes]) : input, dim: 1, log: true)
            : input
        let lp = x.doubleValues, tv = soft ? target.doubleValues : []
        var losses = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            if soft {
                for c in 0..<classes { losses[r] -= tv[r * classes + c] * lp[r * classes + c] }
            } else {
                losses[r] = -lp[r * classes + t[r]]
            }
        }
        return reduce64(losses, shape: input.ndim == 1 ? [] : [rows], reduction: reduction)
    }

    /// mse_loss in Double (either operand float64, both floating point).
    static func mseLoss64(_ input: Tensor, _ target: Tensor, reduction: Reduction) -> Tensor {
        let a = input.doubleValues, b = target.doubleValues
        let losses = (0..<a.count).map { (a[$0] - b[$0]) * (a[$0] - b[$0]) }
        return reduce64(losses, shape: input.shape, reduction: reduction)
    }

    /// F.linear of float64 x [.., in] with float64 weight [out, in] (and bias [out]), in Double.
    static func linear64(_ x: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        try float64NoGrad("linear", [x, weight] + (bias.map { [$0] } ?? []))
        guard weight.ndim == 2, x.ndim >= 1, x.shape[x.ndim - 1] == weight.shape[1] else {
            throw EngineError(
                "F.linear", "input \(fmt(x.shape)) and weight \(fmt(weight.shape)) cannot be multiplied")
        }
        let (outF, inF) = (weight.shape[0], weight.shape[1])
        if let bias, bias.shape != [outF] {
            throw EngineError("F.linear", "bias must have shape [\(outF)], got \(fmt(bias.shape))")
        }
        let rows = x.count / Swift.max(inF, 1)
        let xv = x.doubleValues, wv = weight.doubleValues, bv = bias?.doubleValues
        var out = [Double](repeating: 0, count: rows * outF)
        for r in 0..<rows {
            for o in 0..<outF {
                var s = 0.0
                for k in 0..<inF { s += xv[r * inF + k] * wv[o * inF + k] }
                out[r * outF + o] = s + (bv?[o] ?? 0)
            }
        }
        return Tensor(sharingNothing: Array(x.shape.dropLast()) + [outF], doubles: out)
    }

    /// conv2d of a float64 input with float64 weight (and bias), in Double.
    static func conv2d64(_ x: Tensor, weight: Tensor, bias: Tensor?, g: ConvGeometry) throws -> Tensor {
        let xv = x.doubleValues, wv = weight.doubleValues, bv = bias?.doubleValues
        var out = [Double](repeating: 0, count: g.n * g.o * g.oh * g.ow)
        for n in 0..<g.n {
            for o in 0..<g.o {
                for i in 0..<g.oh {
                    for j in 0..<g.ow {
                        var s = bv?[o] ?? 0
                        for c in 0..<g.c {
                            for u in 0..<g.kh {
                                let r = i * g.stride + u - g.pad
                                guard r >= 0 && r < g.h else { continue }
                                for v in 0..<g.kw {
                                    let q = j * g.stride + v - g.pad
                                    guard q >= 0 && q < g.w else { continue }
                                    s +=
                                        xv[((n * g.c + c) * g.h + r) * g.w + q]
                                        * wv[((o * g.c + c) * g.kh + u) * g.kw + v]
                                }
                            }
                        }
                        out[((n * g.o + o) * g.oh + i) * g.ow + j] = s
                    }
                }
            }
            try EngineInterrupt.check("conv2d")
        }
        return Tensor(sharingNothing: [g.n, g.o, g.oh, g.ow], doubles: out)
    }
}
