// Pooling layers: MaxPool2d and AvgPool2d (square windows, no padding), wrapping Functional's ops.
// Non-goals: padding, dilation, ceil_mode, return_indices.

/// Max over each k×k window, stepping `stride` (default k). [N, C, H, W] → [N, C, ⌊(H−k)/s⌋+1, ⌊(W−k)/s⌋+1].
public final class MaxPool2d: Module, @unchecked Sendable {
    public let kernelSize: Int
    public let stride: Int

    public init(_ kernelSize: Int, stride: Int? = nil) throws {
        guard kernelSize > 0, (stride ?? 1) > 0 else {
            throw EngineError(
                "nn.MaxPool2d", "kernel_size and stride must be positive, got \(kernelSize) and \(stride ?? kernelSize)"
            )
        }
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        super.init()
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.maxPool2d(x, kernel: kernelSize, stride: stride)
    }

    public override func extraRepr() -> String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=0, dilation=1, ceil_mode=False"
    }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [
            ("kernel_size", .int(kernelSize)), ("stride", .int(stride)), ("padding", .int(0)), ("dilation", .int(1)),
            ("ceil_mode", .bool(false)),
        ]
    }
}

/// Mean over each k×k window, stepping `stride` (default k). Shapes as MaxPool2d.
public final class AvgPool2d: Module, @unchecked Sendable {
    public let kernelSize: Int
    public let stride: Int

    public init(_ kernelSize: Int, stride: Int? = nil) throws {
        guard kernelSize > 0, (stride ?? 1) > 0 else {
            throw EngineError(
                "nn.AvgPool2d", "kernel_size and stride must be positive, got \(kernelSize) and \(stride ?? kernelSize)"
            )
        }
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        super.init()
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.avgPool2d(x, kernel: kernelSize, stride: stride)
    }

    public override func extraRepr() -> String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=0"
    }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [("kernel_size", .int(kernelSize)), ("stride", .int(stride)), ("padding", .int(0))]
    }
}
