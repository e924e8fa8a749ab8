// Activation layers: ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, and Identity — parameter-free wrappers
// of the elementwise ops.
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
    public override var hyperParameters: [(name: String, value: HyperParameter)] { [("dim", .int(dim))] }
}

/// `nn.LogSoftmax(dim)`: log(softmax(x)) along `dim`, computed stably (pairs with `NLLLoss`).
public final class LogSoftmax: Module, @unchecked Sendable {
    public let dim: Int
    public init(dim: Int) {
        self.dim = dim
        super.init()
    }
    public override func forward(_ x: Tensor) throws -> Tensor { try Functional.logSoftmax(x, dim: dim) }
    public override func extraRepr() -> String { "dim=\(dim)" }
    public override var hyperParameters: [(name: String, value: HyperParameter)] { [("dim", .int(dim))] }
}

/// `nn.Identity()`: returns its input unchanged (a placeholder, e.g. to remove a layer).
public final class Identity: Module, @unchecked Sendable {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { x }
}
