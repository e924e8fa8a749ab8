// Conv2d: a 2-D convolution layer (PyTorch's nn.Conv2d with square kernel, stride, zero padding).
// `forward` reads the registered parameters, so a replaced `weight`/`bias` is the one used.
// Non-goals: dilation, groups, padding modes other than zeros, rectangular kernels.

/// `y[n,o] = b[o] + Σ_c W[o,c] ⋆ x[n,c]` (cross-correlation), see `Functional.conv2d`.
///
/// Shape: input [N, C, H, W] → output [N, O, OH, OW], OH = ⌊(H + 2·padding − k) / stride⌋ + 1.
/// Attributes: `weight` [O, C, k, k], `bias` [O], initialised U(±1/√(C·k·k)) (see `Init`).
public final class Conv2d: Module, @unchecked Sendable {
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    /// The registered weight (a replaced weight is the new tensor).
    public private(set) var weight: Tensor
    /// The registered bias; nil when made with `bias: false` or set to None.
    public private(set) var bias: Tensor?

    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        bias: Bool = true
    ) throws {
        let op = "nn.Conv2d"
        guard inChannels > 0, outChannels > 0 else {
            throw EngineError(op, "in_channels and out_channels must be positive, got \(inChannels) and \(outChannels)")
        }
        guard kernelSize > 0 else { throw EngineError(op, "kernel_size must be positive, got \(kernelSize)") }
        guard stride > 0 else { throw EngineError(op, "stride must be positive, got \(stride)") }
        guard padding >= 0 else { throw EngineError(op, "padding must be non-negative, got \(padding)") }
        try Init.checkSize(op, [outChannels, inChannels, kernelSize, kernelSize])
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        let fanIn = inChannels * kernelSize * kernelSize
        weight = Init.uniform(
            [outChannels, inChannels, kernelSize, kernelSize], bound: Init.kaimingUniformBound(fanIn: fanIn))
        self.bias = bias ? Init.uniform([outChannels], bound: Init.biasBound(fanIn: fanIn)) : nil
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
        [
            ("in_channels", .int(inChannels)), ("out_channels", .int(outChannels)),
            ("kernel_size", .ints([kernelSize, kernelSize])), ("stride", .ints([stride, stride])),
            ("padding", .ints([padding, padding])), ("dilation", .ints([1, 1])), ("groups", .int(1)),
            ("padding_mode", .string("zeros")),
        ]
    }

    public override var optionalParameters: [String] { ["bias"] }

    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }

    public override func extraRepr() -> String {
        var s =
            "\(inChannels), \(outChannels), kernel_size=(\(kernelSize), \(kernelSize)), stride=(\(stride), \(stride))"
        if padding != 0 { s += ", padding=(\(padding), \(padding))" }
        if bias == nil { s += ", bias=False" }
        return s
    }
}
