// Linear: a fully connected layer, y = x Wᵀ + b (PyTorch's nn.Linear, weight layout [out, in]).
//
// `forward` reads the parameters registered under "weight" and "bias", so a parameter replaced
// later (`layer.weight = nn.Parameter(...)`, `layer.bias = None`) is the one used, as in PyTorch;
// `weight`/`bias` follow the registered ones.
// `Linear.lazy(out)` is PyTorch's nn.LazyLinear: in_features is 0 until the first forward, which
// sets it from the input's last dim and initialises the same weight and bias tensors in place (an
// optimizer made before holds them); from then on it is a Linear, as in PyTorch.
// Non-goals: other initialisations here (see `Init` for the nn.init functions).

/// `y = x · Wᵀ + b`.
///
/// Shape: input [N, in] (or [*, in]) → output [N, out] (or [*, out]).
/// Attributes: `weight` [out, in] and `bias` [out], initialised U(±1/√in) (see `Init`).
public final class Linear: Module, @unchecked Sendable {
    public private(set) var inFeatures: Int
    public let outFeatures: Int
    /// True for a LazyLinear before its first forward.
    public private(set) var isLazy = false
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

    /// PyTorch's `nn.LazyLinear(out_features)`: in_features comes from the first input.
    public static func lazy(_ outFeatures: Int, bias: Bool = true) throws -> Linear {
        let l = try Linear(0, outFeatures, bias: bias)
        l.isLazy = true
        return l
    }

    public override var typeName: String { isLazy ? "LazyLinear" : "Linear" }

    /// Sets in_features and initialises weight and bias in place, as nn.Linear(n, out) would.
    func materialize(_ n: Int) throws {
        try Init.checkSize("nn.LazyLinear", [outFeatures, n])
        let w = Init.uniform([outFeatures, n], bound: Init.kaimingUniformBound(fanIn: n))
        weight.storage = w.storage
        weight.shape = w.shape
        if let bias { bias.data = Init.uniform([outFeatures], bound: Init.biasBound(fanIn: n)).data }
        inFeatures = n
        isLazy = false
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
        if isLazy { try materialize(x.shape.last ?? 1) }
        return try Functional.linear(x, weight: weight, bias: bias)
    }

    public override func extraRepr() -> String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias != nil ? "True" : "False")"
    }
}
