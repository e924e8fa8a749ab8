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

extension Functional {
    /// PyTorch's deprecated implicit dim of softmax/log_softmax without `dim`: 0 for 0-, 1- and 3-d
    /// inputs, else 1, with its warning.
    public static func implicitSoftmaxDim(_ name: String, _ ndim: Int) -> Int {
        EngineWarning.warn(
            "Implicit dimension choice for \(name) has been deprecated. Change the call to include dim=X as an "
                + "argument.")
        return [0, 1, 3].contains(ndim) ? 0 : 1
    }
}

/// e^(x_i) / Σ_j e^(x_j) along `dim` (stable: the max is subtracted first). Any shape → same shape.
public final class Softmax: Module, @unchecked Sendable {
    /// The dim; nil for PyTorch's implicit choice (0 for 0-, 1- and 3-d inputs, else 1).
    public let dim: Int?
    public init(dim: Int?) {
        self.dim = dim
        super.init()
    }
    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.softmax(x, dim: dim ?? Functional.implicitSoftmaxDim("softmax", x.ndim))
    }
    public override func extraRepr() -> String { "dim=\(dim.map(String.init) ?? "None")" }
    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [("dim", dim.map { .int($0) } ?? .none)]
    }
}

/// `nn.LogSoftmax(dim)`: log(softmax(x)) along `dim`, computed stably (pairs with `NLLLoss`).
public final class LogSoftmax: Module, @unchecked Sendable {
    /// The dim; nil for PyTorch's implicit choice (0 for 0-, 1- and 3-d inputs, else 1).
    public let dim: Int?
    public init(dim: Int?) {
        self.dim = dim
        super.init()
    }
    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.logSoftmax(x, dim: dim ?? Functional.implicitSoftmaxDim("log_softmax", x.ndim))
    }
    public override func extraRepr() -> String { "dim=\(dim.map(String.init) ?? "None")" }
    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [("dim", dim.map { .int($0) } ?? .none)]
    }
}

/// `nn.Identity()`: returns its input unchanged (a placeholder, e.g. to remove a layer).
public final class Identity: Module, @unchecked Sendable {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { x }
}

/// An activation layer of ActivationFamily.swift: `f` applied elementwise, or written into the input with
/// `inplace` (PyTorch's `inplace=True`: the input's values and history are replaced, see InPlace.swift).
/// `repr` is what PyTorch prints between the parentheses, without `inplace`.
public final class PointwiseActivation: Module, @unchecked Sendable {
    public let name: String
    public let inplace: Bool
    let repr: String
    let inplaceGradFn: String?
    let f: @Sendable (Tensor) throws -> Tensor

    /// `inplaceGradFn`: PyTorch's grad_fn name for the in-place form when it differs
    /// (`leaky_relu_` records `LeakyReluBackward1`).
    public init(
        _ name: String, repr: String = "", inplace: Bool = false, inplaceGradFn: String? = nil,
        _ f: @escaping @Sendable (Tensor) throws -> Tensor
    ) {
        self.name = name
        self.repr = repr
        self.inplace = inplace
        self.inplaceGradFn = inplaceGradFn
        self.f = f
        super.init()
    }
    public override var typeName: String { name }
    public override func forward(_ x: Tensor) throws -> Tensor {
        try PointwiseActivation.apply(f, to: x, inplace: inplace, inplaceGradFn: inplaceGradFn)
    }
    public override func extraRepr() -> String {
        inplace ? (repr.isEmpty ? "inplace=True" : repr + ", inplace=True") : repr
    }

    /// `f(x)`, or with `inplace` written into x, its record named `inplaceGradFn` when given.
    public static func apply(
        _ f: (Tensor) throws -> Tensor, to x: Tensor, inplace: Bool, inplaceGradFn: String? = nil
    ) throws -> Tensor {
        guard inplace else { return try f(x) }
        let r = try x.inPlace(f)
        if let n = inplaceGradFn, let fn = r.gradFn { fn.torchName = n }
        return r
    }
}
