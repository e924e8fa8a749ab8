// Linear: a fully connected layer, y = x Wᵀ + b (PyTorch's nn.Linear, weight layout [out, in]).
//
// `forward` reads the parameters registered under "weight" and "bias", so a parameter replaced
// later (`layer.weight = nn.Parameter(...)`, `layer.bias = None`) is the one used, as in PyTorch;
// `weight`/`bias` follow the registered ones.
// Non-goals: other initialisations here (see `Init` for the nn.init functions).

/// `y = x · Wᵀ + b`.
///
/// Shape: input [N, in] (or [*, in]) → output [N, out] (or [*, out]).
/// Attributes: `weight` [out, in] and `bias` [out], initialised U(±1/√in) (see `Init`).
public final class Linear: Module, @unchecked Sendable {
    public let inFeatures: Int
    public let outFeatures: Int
    /// The registered weight (a replaced weight is the new tensor).
    public private(set) var weight: Tensor
    /// The registered bias; nil when made with `bias: false` or set to None.
    public private(set) var bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures >= 0, outFeatures >= 0 else {
            throw EngineError(
                "nn.Linear", "in_features and out_features must be non-negative, got \(inFeatures) and \(outFeatures)")
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

    public override func parameterDidChange(_ name: String, _ t: Tensor?) {
        if name == "weight", let t { weight = t }
        if name == "bias" { bias = t }
    }

    public override var requiredParameters: [String] { ["weight"] }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [("in_features", .int(inFeatures)), ("out_features", .int(outFeatures))]
    }

    public override var optionalParameters: [String] { ["bias"] }

    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.linear(x, weight: weight, bias: bias)
    }

    public override func extraRepr() -> String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias != nil ? "True" : "False")"
    }
}
