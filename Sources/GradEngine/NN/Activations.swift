// Activation layers: ReLU, Sigmoid, Tanh, Softmax — parameter-free wrappers of the elementwise ops.
// Non-goals: in-place variants (`inplace=True` is not supported).

/// max(x, 0), elementwise. Any shape → same shape.
public final class ReLU: Module, @unchecked Sendable {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { Functional.relu(x) }
}

/// 1 / (1 + e^(−x)), elementwise. Any shape → same shape.
public final class Sigmoid: Module, @unchecked Sendable {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { Functional.sigmoid(x) }
}

/// tanh(x), elementwise. Any shape → same shape.
public final class Tanh: Module, @unchecked Sendable {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { Functional.tanh(x) }
}

/// e^(x_i) / Σ_j e^(x_j) along `dim` (stable: the max is subtracted first). Any shape → same shape.
public final class Softmax: Module, @unchecked Sendable {
    public let dim: Int
    public init(dim: Int) {
        self.dim = dim
        super.init()
    }
    public override func forward(_ x: Tensor) throws -> Tensor { try Functional.softmax(x, dim: dim) }
    public override func extraRepr() -> String { "dim=\(dim)" }
}
