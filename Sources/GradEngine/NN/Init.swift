// Init: PyTorch's default initialisation of Linear and Conv2d, drawn from `RNG.global`.
//
//   weight ~ U(−bound, bound), bound = gain · √(3 / fan_in), gain = √(2 / (1 + a²)), a = √5
//          (kaiming_uniform_ with a = √5, which works out to bound = 1/√fan_in)
//   bias   ~ U(−1/√fan_in, 1/√fan_in)
// fan_in = in_features (Linear) or C · kH · kW (Conv2d). The scalars are computed in double as
// Python computes them. The draws are not PyTorch's (different generator), the distribution is.

import Foundation

/// Parameter initialisers.
public enum Init {
    /// The bound of `kaiming_uniform_(w, a)` for a given fan-in: √3 · √(2 / (1 + a²)) / √fan_in.
    public static func kaimingUniformBound(fanIn: Int, a: Double = 5.0.squareRoot()) -> Float {
        guard fanIn > 0 else { return 0 }
        let gain = (2.0 / (1.0 + a * a)).squareRoot()
        let std = gain / Double(fanIn).squareRoot()
        return Float(3.0.squareRoot() * std)
    }

    /// The bound of PyTorch's default bias init: 1/√fan_in (0 when fan_in is 0).
    public static func biasBound(fanIn: Int) -> Float {
        fanIn > 0 ? Float(1.0 / Double(fanIn).squareRoot()) : 0
    }

    /// Largest parameter a layer may create (2²⁸ floats = 1 GiB): beyond it a typo like
    /// `Linear(310010000, 50)` would exhaust memory instead of failing with a message.
    public static let maxParameterElements = 1 << 28

    /// Throws when a parameter of `shape` would be larger than `maxParameterElements`.
    static func checkSize(_ op: String, _ shape: [Int]) throws {
        var n = 1
        for d in shape {
            let (p, o) = n.multipliedReportingOverflow(by: max(d, 0))
            guard !o, p <= maxParameterElements else {
                throw EngineError(op, "a parameter of shape \(fmt(shape)) is too large (limit \(maxParameterElements) values, 1 GiB)")
            }
            n = p
        }
    }

    /// A float tensor of `shape` with values uniform in [−bound, bound), from `RNG.global`.
    public static func uniform(_ shape: [Int], bound: Float) -> Tensor {
        let n = shape.reduce(1, *)
        var rng = RNG.global
        var v = [Float](repeating: 0, count: n)
        for i in 0..<n { v[i] = rng.uniform(-bound, bound) }
        RNG.global = rng
        return Tensor(unchecked: shape, v)
    }
}
