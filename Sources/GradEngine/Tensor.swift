// Tensor: a float32 N-d array, row-major and always contiguous, with an optional autograd record.
//
// Shape legend used across the engine's docs:
//   N batch, C input channels, O output channels, H/W height/width, kH/kW kernel height/width,
//   M/K/P matrix dims (A [M,K] @ B [K,P]), D any trailing dims.
//
// Non-goals: strided views, other devices, dtypes other than float32 storage. Integer and boolean
// tensors (class targets, argmax results, comparisons) store their values as exact floats and carry a
// `dtype` label so they print and behave as PyTorch's int64/bool tensors do.

/// The label a tensor's values carry. Storage is always `Float`.
public enum DType: String, Sendable, Equatable {
    case float32, int64, bool
    public var isFloatingPoint: Bool { self == .float32 }
}

/// An N-d float32 tensor with reverse-mode autograd.
///
/// Reference semantics, as in PyTorch: `a = b` shares the tensor, and `.grad` accumulates on the
/// tensor itself. Ops return new tensors; the optimizers write `data` in place.
public final class Tensor: @unchecked Sendable {
    /// Size of every dimension; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// The values, row-major (C order); `data.count == shape.product`.
    /// Writing it in place is allowed (optimizers do), but keep the count.
    public var data: [Float]
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

    /// Makes a tensor from flat row-major values. Throws when the count does not match the shape.
    public init(shape: [Int], data: [Float], dtype: DType = .float32, requiresGrad: Bool = false) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw EngineError("tensor", "negative dimension in shape \(fmt(shape))")
        }
        guard shape.reduce(1, *) == data.count else {
            throw EngineError("tensor", "\(data.count) values do not fill shape \(fmt(shape))")
        }
        self.shape = shape
        self.data = data
        self.dtype = dtype
        self.requiresGrad = requiresGrad
    }

    /// Internal unchecked initialiser; callers guarantee `data.count == product(shape)`.
    init(unchecked shape: [Int], _ data: [Float], dtype: DType = .float32) {
        self.shape = shape
        self.data = data
        self.dtype = dtype
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

    /// A new tensor with the same values that is not part of any graph (PyTorch's `detach()`).
    public func detach() -> Tensor { Tensor(unchecked: shape, data, dtype: dtype) }

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
            throw EngineError("requires_grad_", "only floating point tensors can require gradients (dtype is \(dtype.rawValue))")
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
