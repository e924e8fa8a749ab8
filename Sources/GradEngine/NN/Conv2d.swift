// Conv2d: a 2-D convolution layer (PyTorch's nn.Conv2d with square kernel, stride, zero padding).
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
    public let weight: Tensor
    public let bias: Tensor?

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true) throws {
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
        weight = Init.uniform([outChannels, inChannels, kernelSize, kernelSize], bound: Init.kaimingUniformBound(fanIn: fanIn))
        self.bias = bias ? Init.uniform([outChannels], bound: Init.biasBound(fanIn: fanIn)) : nil
        super.init()
        registerParameter("weight", weight)
        registerParameter("bias", self.bias)
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }

    public override func extraRepr() -> String {
        var s = "\(inChannels), \(outChannels), kernel_size=(\(kernelSize), \(kernelSize)), stride=(\(stride), \(stride))"
        if padding != 0 { s += ", padding=(\(padding), \(padding))" }
        if bias == nil { s += ", bias=False" }
        return s
    }
}
