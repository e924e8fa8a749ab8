// LayerNorm: normalisation over the last dims of each sample (PyTorch's nn.LayerNorm and
// F.layer_norm), a composite of differentiable primitives, so its gradient comes from autograd.
//
// For normalized_shape S (the last |S| dims of x), per sample (one row of n = ∏S values):
//   μ = mean(x),  σ² = mean((x − μ)²) (biased),  y = (x − μ) / √(σ² + eps) · γ + β
// γ (`weight`, ones) and β (`bias`, zeros) have shape S; without elementwise_affine there are none.
// Shapes: x [*, S] → y [*, S].
// Non-goals: a fused kernel; RMSNorm and GroupNorm.

extension Functional {
    /// Layer normalisation of `x` over its last `normalizedShape.count` dims (PyTorch's `F.layer_norm`).
    public static func layerNorm(
        _ x: Tensor, normalizedShape: [Int], weight: Tensor?, bias: Tensor?, eps: Float = 1e-5
    ) throws -> Tensor {
        let k = normalizedShape.count
        guard x.ndim >= k, Array(x.shape.suffix(k)) == normalizedShape, k > 0 || x.ndim >= 0 else {
            throw EngineError(
                "",
                "Given normalized_shape=\(fmt(normalizedShape)), expected input with shape [*"
                    + normalizedShape.map { ", \($0)" }.joined() + "], but got input of size\(fmt(x.shape))")
        }
        for (name, t) in [("weight", weight), ("bias", bias)] {
            if let t, t.shape != normalizedShape {
                throw EngineError(
                    "F.layer_norm", "\(name) must have shape \(fmt(normalizedShape)), got \(fmt(t.shape))")
            }
        }
        let n = normalizedShape.reduce(1, *)
        let rows = Array(x.shape.dropLast(k))
        let flat = try x.reshape(rows + [n])
        let mu = try flat.mean(dim: -1, keepdim: true)
        let centred = try Tensor.sub(flat, mu)
        let variance = try centred.square().mean(dim: -1, keepdim: true)
        let invStd = try Tensor.add(variance, Tensor.scalar(eps)).rsqrt()
        var y = try Tensor.mul(centred, invStd).reshape(x.shape)
        if let weight { y = try Tensor.mul(y, weight) }
        if let bias { y = try Tensor.add(y, bias) }
        y.gradFn?.torchName = "NativeLayerNormBackward0"
        return y
    }
}

/// `nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True, bias=True)`: normalises
/// each sample over its last dims (the shape `normalized_shape`), then scales and shifts.
///
/// Shape: [*, S] → [*, S]. Attributes: `weight` S (ones), `bias` S (zeros), when elementwise_affine.
public final class LayerNorm: Module, @unchecked Sendable {
    public let normalizedShape: [Int]
    public let eps: Float
    public let elementwiseAffine: Bool
    public let hasBias: Bool

    public init(_ normalizedShape: [Int], eps: Float = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) throws {
        guard normalizedShape.allSatisfy({ $0 >= 0 }) else {
            throw EngineError("nn.LayerNorm", "normalized_shape must be non-negative, got \(fmt(normalizedShape))")
        }
        try Init.checkSize("nn.LayerNorm", normalizedShape)
        self.normalizedShape = normalizedShape
        self.eps = eps
        self.elementwiseAffine = elementwiseAffine
        self.hasBias = elementwiseAffine && bias
        super.init()
        let n = normalizedShape.reduce(1, *)
        if elementwiseAffine {
            registerParameter("weight", Tensor(unchecked: normalizedShape, [Float](repeating: 1, count: n)))
            if bias { registerParameter("bias", Tensor(unchecked: normalizedShape, [Float](repeating: 0, count: n))) }
        }
    }

    public override var optionalParameters: [String] { ["weight", "bias"] }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [
            ("normalized_shape", .ints(normalizedShape)), ("eps", .float32(eps)),
            (
                "elementwise_affin"
                    + "e", .bool(elementwiseAffine)
            ),
        ]
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.layerNorm(
            x, normalizedShape: normalizedShape, weight: parameter("weight"), bias: parameter("bias"), eps: eps)
    }

    public override func extraRepr() -> String {
        let shape = normalizedShape.count == 1 ? "(\(normalizedShape[0]),)" : shapeTupleText(normalizedShape)
        let py = { (b: Bool) in b ? "True" : "False" }
        return "\(shape), eps=\(Optimizer.num(eps)), elementwise_affine=\(py(elementwiseAffine)), bias=\(py(hasBias))"
    }
}
