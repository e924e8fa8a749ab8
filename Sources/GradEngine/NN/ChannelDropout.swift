// Dropout2d: channel-wise dropout (PyTorch's nn.Dropout2d and F.dropout2d), forward and backward.
//
// In training, each whole channel (one H × W plane of one sample) is zeroed with probability p and
// the kept ones are scaled by 1/(1-p):
//   y[n, c] = x[n, c] · m[n, c] / (1 − p),  m[n, c] ~ Bernoulli(1 − p) from `RNG.global`
//   dx[n, c] = dy[n, c] · m[n, c] / (1 − p)
// In eval mode (or p = 0) it returns x itself. A 3-D input [C, H, W] is one sample, as in PyTorch.
// Non-goals: PyTorch's exact random draws (same distribution, different numbers), in-place.

extension Functional {
    /// Zeroes whole channels of x [N, C, H, W] (or [C, H, W]) with probability p while training.
    public static func dropout2d(_ x: Tensor, p: Float = 0.5, training: Bool = true) throws -> Tensor {
        let op = "F.dropout2d"
        guard p >= 0, p <= 1 else {
            throw EngineError(op, "dropout probability has to be between 0 and 1, but got \(p)")
        }
        guard x.ndim == 3 || x.ndim == 4 else {
            throw EngineError(op, "expected a 3-D or 4-D input ([C, H, W] or [N, C, H, W]), got \(fmt(x.shape))")
        }
        if !training || p == 0 { return x }
        let planes = x.shape.dropLast(2).reduce(1, *)
        let size = x.shape[x.ndim - 2] * x.shape[x.ndim - 1]
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
