// Dropout2d: channel-wise dropout (PyTorch's nn.Dropout2d and F.dropout2d), forward and backward.
//
// In training, each whole channel (one H × W plane of one sample) is zeroed with probability p and
// the kept ones are scaled by 1/(1-p):
//   y[n, c] = x[n, c] · m[n, c] / (1 − p),  m[n, c] ~ Bernoulli(1 − p) from `RNG.global`
//   dx[n, c] = dy[n, c] · m[n, c] / (1 − p)
// In eval mode (or p = 0) it returns x itself. A 3-D input [C, H, W] is one sample, as in PyTorch;
// a 2-D input [N, C] runs as plain dropout with PyTorch's deprecation warning (EngineWarning).
// Non-goals: PyTorch's exact random draws (same distribution, different numbers), in-place.

extension Functional {
    /// Zeroes whole channels of x [N, C, H, W] (or [C, H, W]) with probability p while training.
    public static func dropout2d(_ x: Tensor, p: Float = 0.5, training: Bool = true) throws -> Tensor {
        let op = "F.dropout2d"
        guard p >= 0, p <= 1 else {
            throw EngineError(op, "dropout probability has to be between 0 and 1, but got \(p)")
        }
        guard x.ndim >= 2 && x.ndim <= 4 else {
            if x.ndim < 2 { EngineWarning.warn(deprecatedInput(x.ndim)) }
            throw EngineError(
                op,
                x.ndim < 2
                    ? "Feature dropout requires at least 2 dimensions in the input"
                    : "expected a 3-D or 4-D input ([C, H, W] or [N, C, H, W]), got \(fmt(x.shape))")
        }
        // PyTorch still takes [N, C] (deprecated, with a warning): each element is its own channel.
        if x.ndim == 2 { EngineWarning.warn(deprecatedInput(2)) }
        if !training || p == 0 { return x }
        let planes = x.ndim == 2 ? x.count : x.shape.dropLast(2).reduce(1, *)
        let size = x.ndim == 2 ? 1 : x.shape[x.ndim - 2] * x.shape[x.ndim - 1]
        let scale: Float = p == 1 ? 0 : 1 / (1 - p)
        var rng = RNG.global
        let keep = (0..<planes).map { _ in rng.uniform() >= p ? scale : Float(0) }
        RNG.global = rng
        var out = x.data
        for c in 0..<planes {
            let m = keep[c]
            for i in (c * size)..<((c + 1) * size) { out[i] *= m }
        }
        return Tensor.result("dropout2d", shape: x.shape, data: out, inputs: [x]) { g in
            var gx = g
            for c in 0..<planes {
                let m = keep[c]
                for i in (c * size)..<((c + 1) * size) { gx[i] *= m }
            }
            return [gx]
        }
    }
}

extension Functional {
    /// PyTorch's warning for a 1-D or 2-D input to dropout2d.
    static func deprecatedInput(_ ndim: Int) -> String {
        "dropout2d: Received a \(ndim)-D input to dropout2d, which is deprecated and will result in an error in a "
            + "future release. To retain the behavior and silence this warning, please use dropout instead. Note "
            + "that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel "
            + "dimension, and an optional batch dimension (i.e. 3D or 4D inputs)."
    }
}

/// `nn.Dropout2d(p)`: channel-wise dropout in training mode, identity after `eval()`.
public final class Dropout2d: Module, @unchecked Sendable {
    public let p: Float
    public init(p: Float = 0.5) throws {
        guard p >= 0, p <= 1 else {
            throw EngineError("nn.Dropout2d", "dropout probability has to be between 0 and 1, but got \(p)")
        }
        self.p = p
        super.init()
    }
    public override func forward(_ x: Tensor) throws -> Tensor { try Functional.dropout2d(x, p: p, training: training) }
    public override func extraRepr() -> String { "p=\(p), inplace=False" }
    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [("p", .float32(p)), ("inplace", .bool(false))]
    }
}
