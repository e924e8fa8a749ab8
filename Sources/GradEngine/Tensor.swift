// Tensor: a float32 N-d array, row-major and always contiguous, with an optional autograd record.
//
// Shape legend used across the engine's docs:
//   N batch, C input channels, O output channels, H/W height/width, kH/kW kernel height/width,
//   M/K/P matrix dims (A [M,K] @ B [K,P]), D any trailing dims.
//
// Storage: the values live in a `TensorStorage` that several tensors may share, as PyTorch's do:
// `detach()` (and so `.data`) and the reshaping ops (view, reshape, flatten, squeeze, unsqueeze)
// return tensors on the same storage, so writing one in place changes the other. The storage
// carries PyTorch's version counter: every in-place write bumps it, and autograd checks at
// `backward()` that the tensors an op saved were not changed since (see Autograd.swift).
//
// Non-goals: strided views (transpose and slicing copy), other devices. Every dtype but float64
// stores its values as `Float`: integer, boolean, float16 and bfloat16 values are exact there, and
// a tensor of a dtype narrower than float32 holds only values of that dtype (see DType.swift:
// results are rounded or wrapped to it where they are made).

/// The values behind one or more tensors.
public final class TensorStorage: @unchecked Sendable {
    /// The values, row-major. For a float64 tensor, the float32 rounding of `doubles`.
    public var values: [Float] { didSet { generation &+= 1 } }
    /// The exact values of a float64 tensor; nil for every other dtype.
    public internal(set) var doubles: [Double]? { didSet { generation &+= 1 } }
    /// Counts writes of the values (any tensor or view on this storage, `.data` included); a numpy
    /// array sharing the storage (`torch.from_numpy`, `Tensor.numpy()`) rereads it when this moves.
    public private(set) var generation = 0

    /// Replaces the values of a float64 storage (exact) and their float32 rounding; for another
    /// storage, the float32 rounding only. The count must stay.
    public func write(doubles d: [Double]) {
        guard d.count == values.count else { return }
        if doubles != nil { doubles = d }
        values = d.map { Float($0) }
    }
    /// The element count this storage holds in `MemoryBudget` (its size when made).
    private let counted: Int

    init(_ values: [Float]) {
        self.values = values
        counted = values.count
        MemoryBudget.add(counted)
    }
    init(doubles: [Double]) {
        self.doubles = doubles
        self.values = doubles.map { Float($0) }
        counted = doubles.count * 3  // Double + Float copies: three Float-sized units per element
        MemoryBudget.add(counted)
    }

    deinit { MemoryBudget.remove(counted) }
}

/// PyTorch's version counter: how many in-place writes a tensor (and its views and `detach()`
/// aliases, which share the counter) has seen. `.data` shares the values but not the counter, so
/// writes through it are not checked, as in PyTorch.
public final class VersionCounter: @unchecked Sendable {
    public internal(set) var value: Int = 0
    init() {}
}

/// An N-d tensor (float32 unless its `dtype` says otherwise) with reverse-mode autograd.
///
/// Reference semantics, as in PyTorch: `a = b` shares the tensor, and `.grad` accumulates on the
/// tensor itself. Ops return new tensors; the optimizers write `data` in place.
public final class Tensor: @unchecked Sendable {
    /// Size of every dimension; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// Where the values live; shared with `detach()`/`.data` and with reshaping views.
    public internal(set) var storage: TensorStorage
    /// The in-place write counter; shared with views and `detach()`, not with `.data`.
    public internal(set) var versionCounter: VersionCounter
    /// The values, row-major (C order); `data.count == shape.product`.
    /// Writing it in place is allowed (optimizers do), but keep the count. Every write counts as
    /// an in-place modification: it bumps the storage's version (see `version`), and is rounded
    /// (or wrapped) to the dtype (`DType.representable`).
    public var data: [Float] {
        get { storage.values }
        _modify {
            versionCounter.value &+= 1
            yield &storage.values
            if storage.doubles != nil { storage.doubles = storage.values.map { Double($0) } }
            if dtype.isNarrow { dtype.makeRepresentable(&storage.values) }
        }
        set {
            versionCounter.value &+= 1
            storage.values = dtype.representable(newValue)
            if storage.doubles != nil { storage.doubles = newValue.map { Double($0) } }
        }
    }
    /// The values as Double: exact for every dtype (float64 from its own storage).
    public var doubleValues: [Double] { storage.doubles ?? storage.values.map { Double($0) } }
    /// PyTorch's `tensor._version`: how many in-place writes the tensor has seen.
    public var version: Int { versionCounter.value }
    /// What the values mean: float, integer indices, or booleans (0/1).
    public internal(set) var dtype: DType
    /// Whether autograd should compute a gradient for this tensor.
    public var requiresGrad: Bool
    /// The accumulated gradient (same shape), created by `backward()`. `nil` until then.
    public var grad: Tensor?
    /// The record of the op that made this tensor, when it was made under autograd.
    public internal(set) var gradFn: GradFn?
    /// An optional label shown in graphs (e.g. a parameter name).
    public var label: String?
    /// True for a 0-d tensor made from a Python number (`2` in `x * 2`), PyTorch's "wrapped
    /// number": it does not decide the result's dtype and names `1 - x` RsubBackward1.
    public internal(set) var isWrappedNumber = false
    /// True for an `nn.Parameter` (a module's weight, bias, ...): it prints as PyTorch prints a
    /// Parameter, "Parameter containing:" above the tensor. Tensors computed from it are plain.
    public var isParameter = false
    /// PyTorch's `retain_grad()`: a non-leaf keeps its gradient in `grad` after backward.
    public var retainsGrad = false
    /// PyTorch's `register_hook(fn)`: each is called with the gradient during backward and may
    /// return a replacement (nil keeps it). The id removes it again (`handle.remove()`).
    public var gradHooks: [(id: Int, fn: (Tensor) throws -> Tensor?)] = []
    /// The tensor this one is a view of (view, reshape, flatten, squeeze, unsqueeze), if any.
    public internal(set) var viewBase: Tensor?
    /// For a tensor made by basic indexing (`x[0]`, `x[:, 1:3]`): the source and the index. An
    /// in-place write to this tensor is written back into the source (see `assign`), so
    /// `x[0][1] = 5` and `x[:, 0].zero_()` change x as in PyTorch.
    var writeThrough: (base: Tensor, items: [IndexItem], shape: [Int])?

    /// A 0-d tensor standing for a Python number in an expression (`x * 2`).
    public static func wrappedNumber(_ v: Float, dtype: DType) -> Tensor {
        let t = Tensor(unchecked: [], [v], dtype: dtype)
        t.isWrappedNumber = true
        return t
    }

    /// Makes a tensor from flat row-major values. Throws when the count does not match the shape.
    public init(shape: [Int], data: [Float], dtype: DType = .float32, requiresGrad: Bool = false) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw EngineError("tensor", "negative dimension in shape \(fmt(shape))")
        }
        guard shape.reduce(1, *) == data.count else {
            throw EngineError("tensor", "\(data.count) values do not fill shape \(fmt(shape))")
        }
        self.shape = shape
        self.storage = TensorStorage(dtype.representable(data))
        self.versionCounter = VersionCounter()
        self.dtype = dtype
        self.requiresGrad = requiresGrad
    }

    /// Internal unchecked initialiser; callers guarantee `data.count == product(shape)`. Where op
    /// results are made: the values are rounded (or wrapped) to `dtype` (`DType.representable`).
    init(unchecked shape: [Int], _ data: [Float], dtype: DType = .float32) {
        self.shape = shape
        self.storage = TensorStorage(dtype.representable(data))
        self.versionCounter = VersionCounter()
        self.dtype = dtype
        self.requiresGrad = false
    }

    /// A tensor on an existing storage (a view or a detached alias); `shape.product` must match.
    /// `counter`: the version counter to share (nil: a new one, as `.data` has).
    init(sharing storage: TensorStorage, counter: VersionCounter?, shape: [Int], dtype: DType) {
        self.shape = shape
        self.storage = storage
        self.versionCounter = counter ?? VersionCounter()
        self.dtype = dtype
        self.requiresGrad = false
    }

    /// A float64 tensor from flat row-major Double values (PyTorch's `torch.from_numpy` of a
    /// float64 array, `torch.tensor(..., dtype=torch.float64)`). Float64 tensors keep exact values
    /// for creation, printing, conversion (`to`), `itemDouble`, views, indexing, and the ops of
    /// Ops/Float64.swift; other ops compute in float32 and return float32 (see Ops/Conversion.swift).
    public init(shape: [Int], doubles: [Double]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw EngineError("tensor", "negative dimension in shape \(fmt(shape))")
        }
        guard shape.reduce(1, *) == doubles.count else {
            throw EngineError("tensor", "\(doubles.count) values do not fill shape \(fmt(shape))")
        }
        self.shape = shape
        self.storage = TensorStorage(doubles: doubles)
        self.versionCounter = VersionCounter()
        self.dtype = .float64
        self.requiresGrad = false
    }

    /// A scalar (0-d) tensor.
    public convenience init(_ value: Float, dtype: DType = .float32) {
        self.init(unchecked: [], [value], dtype: dtype)
    }

    /// Number of elements.
    public var count: Int { data.count }
    /// Number of dimensions.
    public var ndim: Int { shape.count }
    /// True when no op made this tensor under autograd (a parameter, an input, a constant).
    public var isLeaf: Bool { gradFn == nil }

    /// The single value of a one-element tensor (PyTorch's `.item()`).
    public func item() throws -> Float {
        guard data.count == 1 else {
            throw EngineError("item", "a Tensor with \(data.count) elements cannot be converted to a scalar")
        }
        return data[0]
    }

    /// The single value of a one-element tensor as Double (exact for float64).
    public func itemDouble() throws -> Double {
        guard count == 1 else {
            throw EngineError("item", "a Tensor with \(count) elements cannot be converted to a scalar")
        }
        return storage.doubles?[0] ?? Double(data[0])
    }

    /// A tensor on the same storage that is not part of any graph (PyTorch's `detach()`):
    /// writing it in place writes this tensor too, and counts as a write of this tensor.
    public func detach() -> Tensor { Tensor(sharing: storage, counter: versionCounter, shape: shape, dtype: dtype) }

    /// PyTorch's `x.data`: the same values, outside the graph, with its own version counter, so
    /// a write through it (`w.data.sub_(...)`) changes x without autograd's version check.
    public func dataAlias() -> Tensor { Tensor(sharing: storage, counter: nil, shape: shape, dtype: dtype) }

    /// Replaces the values by those of `other` (PyTorch's `x.data = other`): this tensor now shares
    /// `other`'s storage, shape and dtype; graph and gradient flags stay.
    public func setData(_ other: Tensor) {
        storage = other.storage
        versionCounter = VersionCounter()
        shape = other.shape
        dtype = other.dtype
    }

    /// A new tensor on `storage` (PyTorch's `torch.from_numpy` sharing the array's memory), with
    /// its own version counter. Nil when the shape does not hold the storage's count.
    public static func sharing(_ storage: TensorStorage, shape: [Int], dtype: DType) -> Tensor? {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == storage.values.count,
            (dtype == .float64) == (storage.doubles != nil)
        else { return nil }
        return Tensor(sharing: storage, counter: nil, shape: shape, dtype: dtype)
    }

    /// A copy of this tensor's values and flags, without graph (PyTorch's `clone().detach()`).
    public func copy() -> Tensor {
        let t = Tensor(unchecked: shape, data, dtype: dtype)
        t.requiresGrad = requiresGrad
        return t
    }

    /// Sets `requiresGrad` (PyTorch's `requires_grad_()`); only float leaves can require grad.
    @discardableResult
    public func requiresGrad(_ flag: Bool = true) throws -> Tensor {
        guard dtype.isFloatingPoint || !flag else {
            throw EngineError("", "Only Tensors of floating point and complex dtype can require gradients")
        }
        guard dtype != .float64 || !flag else {
            throw EngineError(
                "", "autograd for float64 ('Double') tensors is not implemented in gradstep; call .float()")
        }
        guard isLeaf || flag else {
            throw EngineError("requires_grad_", "you can only change requires_grad flags of leaf variables")
        }
        requiresGrad = flag
        return self
    }

    /// Drops the gradient (PyTorch's `zero_grad(set_to_none=True)` for one tensor).
    public func zeroGrad() { grad = nil }

    /// Row-major strides of `shape`.
    public var strides: [Int] { Tensor.strides(of: shape) }

    static func strides(of shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }
}

extension Array where Element == Int {
    /// Product of the sizes (1 for a scalar shape).
    @inline(__always) var product: Int { reduce(1, *) }
}

extension Tensor {
    /// A copy of the values that stays in the graph (PyTorch's `clone()`): gradients flow back unchanged.
    public func clone() -> Tensor {
        Tensor.result("clone", shape: shape, data: Array(data), dtype: dtype, inputs: [self], saves: .none) { g in [g] }
    }
}
