// Dropout layer: zeroes elements with probability p while training, identity in eval mode.
// Non-goals: in-place, Dropout2d (channel-wise).

/// x ⊙ mask / (1 − p) while `training`, x otherwise (see `Functional.dropout`). Any shape → same shape.
public final class Dropout: Module, @unchecked Sendable {
    public let p: Float
    public init(p: Float = 0.5) throws {
        guard p >= 0, p <= 1 else {
            throw EngineError("nn.Dropout", "dropout probability has to be between 0 and 1, but got \(p)")
        }
        self.p = p
        super.init()
    }
    public override func forward(_ x: Tensor) throws -> Tensor { try Functional.dropout(x, p: p, training: training) }
    public override func extraRepr() -> String { "p=\(p), inplace=False" }
    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [("p", .float32(p)), ("inplace", .bool(false))]
    }
}
