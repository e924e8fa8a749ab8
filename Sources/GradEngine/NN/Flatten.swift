// Flatten: merges dims startDim...endDim into one (PyTorch's nn.Flatten, default keeps the batch dim).
// Non-goals: unflatten.

/// [N, C, H, W] → [N, C·H·W] with the defaults (startDim 1, endDim −1).
public final class Flatten: Module, @unchecked Sendable {
    public let startDim: Int
    public let endDim: Int
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
        super.init()
    }
    public override func forward(_ x: Tensor) throws -> Tensor { try x.flatten(startDim: startDim, endDim: endDim) }
    public override func extraRepr() -> String { "start_dim=\(startDim), end_dim=\(endDim)" }
    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [("start_dim", .int(startDim)), ("end_dim", .int(endDim))]
    }
}
