// Init: PyTorch's default initialisation of Linear and Conv2d, and the nn.init functions (NNInit),
// all drawn from `RNG.global`.
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
                throw EngineError(
                    op, "a parameter of shape \(fmt(shape)) is too large (limit \(maxParameterElements) values, 1 GiB)")
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

// MARK: nn.init

/// PyTorch's `torch.nn.init` functions: each fills a tensor's values in place (no graph is
/// recorded) from `RNG.global` and returns nothing; the script returns the tensor, as PyTorch does.
///
///   fan_in  = size(1) · receptive field,  fan_out = size(0) · receptive field  (receptive field =
///             product of dims 2...; needs at least 2 dims)
///   gain:     linear, conv*, sigmoid → 1;  tanh → 5/3;  relu → √2;  leaky_relu(a) → √(2/(1 + a²));  selu → 3/4
///   xavier_uniform_(gain):  U(−b, b), b = gain·√(6/(fan_in + fan_out))
///   xavier_normal_(gain):   N(0, σ²), σ = gain·√(2/(fan_in + fan_out))
///   kaiming_uniform_(a, mode, nonlinearity): U(−b, b), b = √3 · gain/√fan   (fan = fan_in or fan_out)
///   kaiming_normal_(a, mode, nonlinearity):  N(0, σ²), σ = gain/√fan
/// Scalars are computed in double precision as Python computes them.
public enum NNInit {
    /// `(fan_in, fan_out)` of a weight shape.
    public static func fans(_ shape: [Int], _ op: String) throws -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else {
            throw EngineError(op, "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
        }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// PyTorch's `calculate_gain(nonlinearity, param)`.
    public static func gain(_ nonlinearity: String, _ param: Double? = nil) throws -> Double {
        switch nonlinearity {
        case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
            "sigmoid":
            return 1
        case "tanh": return 5.0 / 3
        case "relu": return 2.0.squareRoot()
        case "leaky_relu":
            let slope = param ?? 0.01
            return (2.0 / (1 + slope * slope)).squareRoot()
        case "selu": return 3.0 / 4
        default: throw EngineError("nn.init.calculate_gain", "Unsupported nonlinearity \(nonlinearity)")
        }
    }

    static func fill(_ t: Tensor, _ draw: (inout Generator) -> Float) {
        var rng = RNG.global
        var v = [Float](repeating: 0, count: t.count)
        for i in 0..<v.count { v[i] = draw(&rng) }
        RNG.global = rng
        t.data = v  // one write of the whole buffer
    }

    /// U(a, b) in place.
    public static func uniform(_ t: Tensor, _ a: Double = 0, _ b: Double = 1) {
        let lo = Float(a), hi = Float(b)
        fill(t) { $0.uniform(lo, hi) }
    }

    /// N(mean, std²) in place.
    public static func normal(_ t: Tensor, mean: Double = 0, std: Double = 1) {
        let m = Float(mean), s = Float(std)
        fill(t) { m + s * $0.normal() }
    }

    /// Every value set to `value`.
    public static func constant(_ t: Tensor, _ value: Double) {
        t.data = [Float](repeating: Float(value), count: t.count)
    }

    public static func xavierUniform(_ t: Tensor, gain: Double = 1) throws {
        let (fi, fo) = try fans(t.shape, "nn.init.xavier_uniform_")
        let std = gain * (2.0 / Double(fi + fo)).squareRoot()
        let a = 3.0.squareRoot() * std
        uniform(t, -a, a)
    }

    public static func xavierNormal(_ t: Tensor, gain: Double = 1) throws {
        let (fi, fo) = try fans(t.shape, "nn.init.xavier_normal_")
        normal(t, mean: 0, std: gain * (2.0 / Double(fi + fo)).squareRoot())
    }

    static func kaimingStd(_ t: Tensor, a: Double, mode: String, nonlinearity: String, _ op: String) throws -> Double {
        guard mode == "fan_in" || mode == "fan_out" else {
            throw EngineError(op, "Mode \(mode) not supported, please use one of fan_in, fan_out")
        }
        let (fi, fo) = try fans(t.shape, op)
        let fan = mode == "fan_in" ? fi : fo
        guard fan > 0 else { return 0 }  // PyTorch warns "Initializing zero-element tensors is a no-op"
        return try gain(nonlinearity, a) / Double(fan).squareRoot()
    }

    public static func kaimingUniform(
        _ t: Tensor, a: Double = 0, mode: String = "fan_in", nonlinearity: String = "leaky_relu"
    ) throws {
        let std = try kaimingStd(t, a: a, mode: mode, nonlinearity: nonlinearity, "nn.init.kaiming_uniform_")
        let bound = 3.0.squareRoot() * std
        uniform(t, -bound, bound)
    }

    public static func kaimingNormal(
        _ t: Tensor, a: Double = 0, mode: String = "fan_in", nonlinearity: String = "leaky_relu"
    ) throws {
        normal(
            t, mean: 0, std: try kaimingStd(t, a: a, mode: mode, nonlinearity: nonlinearity, "nn.init.kaiming_normal_"))
    }
}
