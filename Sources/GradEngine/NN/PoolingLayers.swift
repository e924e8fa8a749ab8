// Pooling layers: MaxPool2d (square windows, optional padding) and AvgPool2d (square windows, no
// padding), wrapping Functional's ops.
// Non-goals: dilation, ceil_mode, return_indices; padding for AvgPool2d.

/// Max over each k×k window, stepping `stride` (default k), of the input padded with `padding`
/// rows and columns of −∞ on each side (so a padded cell never wins, as in PyTorch).
/// [N, C, H, W] → [N, C, ⌊(H+2p−k)/s⌋+1, ⌊(W+2p−k)/s⌋+1]; PyTorch's rule p ≤ k/2 holds.
public final class MaxPool2d: Module, @unchecked Sendable {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int

    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        guard kernelSize > 0, (stride ?? 1) > 0 else {
            throw EngineError(
                "nn.MaxPool2d", "kernel_size and stride must be positive, got \(kernelSize) and \(stride ?? kernelSize)"
            )
        }
        guard padding >= 0, padding <= kernelSize / 2 else {
            throw EngineError(
                "nn.MaxPool2d",
                "pad should be at most half of effective kernel size, but got pad=\(padding), "
                    + "kernel_size=\(kernelSize) "
                    + "and dilation=1")
        }
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        super.init()
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        guard padding > 0 else { return try Functional.maxPool2d(x, kernel: kernelSize, stride: stride) }
        return try Functional.maxPool2d(try MaxPool2d.padNegInf(x, padding), kernel: kernelSize, stride: stride)
    }

    /// `x` [N, C, H, W] (or [C, H, W]) with `p` rows and columns of −∞ around each plane. Built from
    /// `cat`, whose backward hands each part its slice of the gradient (the −∞ parts get none).
    static func padNegInf(_ x: Tensor, _ p: Int) throws -> Tensor {
        guard x.ndim == 3 || x.ndim == 4 else {
            throw EngineError("F.max_pool2d", "expected a 3-D or 4-D input, got \(fmt(x.shape))")
        }
        let h = x.ndim - 2, w = x.ndim - 1
        var side = x.shape
        side[w] = p
        func fill(_ shape: [Int]) throws -> Tensor {
            try Tensor(shape: shape, data: [Float](repeating: -.infinity, count: shape.reduce(1, *)))
        }
        let wide = try Tensor.cat([try fill(side), x, try fill(side)], dim: w)
        var top = wide.shape
        top[h] = p
        return try Tensor.cat([try fill(top), wide, try fill(top)], dim: h)
    }

    public override func extraRepr() -> String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=1, ceil_mode=False"
    }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [
            ("kernel_size", .int(kernelSize)), ("stride", .int(stride)), ("padding", .int(padding)),
            ("dilation", .int(1)), ("ceil_mode", .bool(false)),
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
