// Linear: a fully connected layer, y = x Wᵀ + b (PyTorch's nn.Linear, weight layout [out, in]).
// Non-goals: other initialisations (assign `weight.data` to change it).

/// `y = x · Wᵀ + b`.
///
/// Shape: input [N, in] (or [*, in]) → output [N, out] (or [*, out]).
/// Attributes: `weight` [out, in] and `bias` [out], initialised U(±1/√in) (see `Init`).
public final class Linear: Module, @unchecked Sendable {
    public let inFeatures: Int
    public let outFeatures: Int
    public let weight: Tensor
    public let bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures >= 0, outFeatures >= 0 else {
            throw EngineError("nn.Linear", "in_features and out_features must be non-negative, got \(inFeatures) and \(outFeatures)")
        }
        try Init.checkSize("nn.Linear", [outFeatures, inFeatures])
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Init.uniform([outFeatures, inFeatures], bound: Init.kaimingUniformBound(fanIn: inFeatures))
        self.bias = bias ? Init.uniform([outFeatures], bound: Init.biasBound(fanIn: inFeatures)) : nil
        super.init()
        registerParameter("weight", weight)
        registerParameter("bias", self.bias)
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.linear(x, weight: weight, bias: bias)
    }

    public override func extraRepr() -> String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias != nil ? "True" : "False")"
    }
}
