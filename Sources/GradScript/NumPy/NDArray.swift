// NDArray: numpy's n-dimensional array as beginner PyTorch code uses it, held in real float64 /
// int64 / bool storage (not in the engine's float32 tensors: `np.random.rand()` is float64 and
// prints 8 digits, as numpy does). float32 arrays are held as doubles rounded to float32 after every
// operation, which gives float32's results for + - * / sqrt (each correctly rounded once).
//
// Layout: always contiguous, row-major (C order). Shapes follow numpy: `[]` is 0-d, and a 0-d
// result of an operation is a numpy scalar (`np.float64(0.5)`, `isScalar`), as numpy returns them.
// Broadcasting follows numpy's rule: shapes are aligned on the right, a dimension of 1 stretches.
//
// Slicing copies, and the copy writes through to the array it came from (`base`), so
// `conf[t][p] += 1` and `row = a[0]; row[1] = 5` change `a` as numpy's views do.
// An array made by `torch.from_numpy(a)` or `t.numpy()` shares the tensor's memory, as in PyTorch
// (see `store`).
// Non-goals: real views (a slice does not see later writes to its array), other dtypes (uint8, int32, complex,
// strings), memory order, structured arrays.

import Foundation
import GradEngine

/// The dtypes gradstep's numpy holds. Order = numpy's promotion order (bool < int64 < float32 < float64).
enum NPDType: String, Comparable {
    case bool, int64, float32, float64
    var isFloat: Bool { self == .float32 || self == .float64 }
    var rank: Int {
        switch self {
        case .bool: return 0
        case .int64: return 1
        case .float32: return 2
        case .float64: return 3
        }
    }
    static func < (a: NPDType, b: NPDType) -> Bool { a.rank < b.rank }
    /// numpy's result dtype of two array operands.
    static func promote(_ a: NPDType, _ b: NPDType) -> NPDType {
        if (a == .float32 && b == .int64) || (a == .int64 && b == .float32) { return .float64 }
        return max(a, b)
    }
}

/// The values of an array: one Swift array per storage kind.
enum NPStorage {
    case f([Double])
    case i([Int])
    case b([Bool])
    var count: Int {
        switch self {
        case .f(let x): return x.count
        case .i(let x): return x.count
        case .b(let x): return x.count
        }
    }
}

/// A numpy array (or, with `isScalar`, a numpy scalar such as `np.float64(0.5)`).
final class NDArray: ScriptObject, @unchecked Sendable {
    private(set) var shape: [Int]
    private(set) var dtype: NPDType
    private var ownStore: NPStorage
    /// The values. For an array that shares a tensor's memory (`torch.from_numpy(a)`,
    /// `t.numpy()`), reads see the tensor's latest writes and writes reach the tensor.
    private(set) var store: NPStorage {
        get {
            if let s = shared, s.generation != sharedGeneration {
                ownStore = load(s)
                sharedGeneration = s.generation
            }
            return ownStore
        }
        set {
            ownStore = newValue
            if let s = shared, newValue.count == s.values.count {
                switch newValue {
                case .f(let x): s.write(doubles: x)
                case .i(let x): s.values = x.map { Float($0) }
                case .b(let x): s.values = x.map { $0 ? 1 : 0 }
                }
                sharedGeneration = s.generation
            }
        }
    }
    /// The tensor storage this array shares, if any (numpy's memory shared with PyTorch).
    private(set) var shared: TensorStorage?
    private var sharedGeneration = 0

    /// Makes this array share `s` (same count; float32/float64/int64/bool as the array's dtype).
    func share(_ s: TensorStorage) {
        guard s.values.count == count else { return }
        shared = s
        sharedGeneration = s.generation &- 1
    }

    private func load(_ s: TensorStorage) -> NPStorage {
        switch dtype {
        case .float32: return .f(s.values.map { Double($0) })
        case .float64: return .f(s.doubles ?? s.values.map { Double($0) })
        case .int64: return .i(s.values.map { Int($0) })
        case .bool: return .b(s.values.map { $0 != 0 })
        }
    }
    /// A numpy scalar (`np.float64`, `np.int64`, `np.bool`), not a 0-d array.
    let isScalar: Bool

    /// Largest number of elements an array may hold (guards `np.zeros(10**10)`).
    static let maxElements = 1 << 28

    /// What this array counts in MemoryBudget (float32-sized units: 2 per 8-byte element).
    private let counted: Int

    init(shape: [Int], dtype: NPDType, store: NPStorage, scalar: Bool = false) {
        self.shape = shape
        self.dtype = dtype
        self.isScalar = scalar && shape.isEmpty
        switch (dtype, store) {
        case (.float32, .f(let x)): self.ownStore = .f(x.map { Double(Float($0)) })
        default: self.ownStore = store
        }
        counted = 2 * store.count
        MemoryBudget.add(counted)
    }

    deinit { MemoryBudget.remove(counted) }

    convenience init(doubles: [Double], shape: [Int], dtype: NPDType = .float64, scalar: Bool = false) {
        self.init(shape: shape, dtype: dtype, store: .f(doubles), scalar: scalar)
    }
    convenience init(ints: [Int], shape: [Int], scalar: Bool = false) {
        self.init(shape: shape, dtype: .int64, store: .i(ints), scalar: scalar)
    }
    convenience init(bools: [Bool], shape: [Int], scalar: Bool = false) {
        self.init(shape: shape, dtype: .bool, store: .b(bools), scalar: scalar)
    }

    /// An array of `dtype` from doubles (converted as numpy's astype would).
    static func make(_ values: [Double], _ shape: [Int], _ dtype: NPDType, scalar: Bool = false) -> NDArray {
        switch dtype {
        case .float32, .float64: return NDArray(doubles: values, shape: shape, dtype: dtype, scalar: scalar)
        case .int64: return NDArray(ints: values.map(intFromDouble), shape: shape, scalar: scalar)
        case .bool: return NDArray(bools: values.map { $0 != 0 }, shape: shape, scalar: scalar)
        }
    }

    var count: Int { store.count }
    var ndim: Int { shape.count }

    /// The values as doubles (ints and bools converted).
    var doubles: [Double] {
        switch store {
        case .f(let x): return x
        case .i(let x): return x.map(Double.init)
        case .b(let x): return x.map { $0 ? 1 : 0 }
        }
    }
    /// The values as ints (floats truncated toward zero as numpy's astype does; NaN/inf become Int.min).
    var ints: [Int] {
        switch store {
        case .f(let x): return x.map(intFromDouble)
        case .i(let x): return x
        case .b(let x): return x.map { $0 ? 1 : 0 }
        }
    }
    /// The values as truth values.
    var bools: [Bool] {
        switch store {
        case .f(let x): return x.map { $0 != 0 }
        case .i(let x): return x.map { $0 != 0 }
        case .b(let x): return x
        }
    }

    /// A converted copy (`astype`).
    func astype(_ t: NPDType, scalar: Bool? = nil) -> NDArray {
        let s = scalar ?? isScalar
        switch t {
        case .float32, .float64: return NDArray(doubles: doubles, shape: shape, dtype: t, scalar: s)
        case .int64: return NDArray(ints: ints, shape: shape, scalar: s)
        case .bool: return NDArray(bools: bools, shape: shape, scalar: s)
        }
    }

    /// The same values with another shape (count must match).
    func reshaped(_ newShape: [Int], scalar: Bool = false) -> NDArray {
        NDArray(shape: newShape, dtype: dtype, store: store, scalar: scalar)
    }

    /// Element k as a Python value (float, int or bool).
    func pyValue(_ k: Int) -> Value {
        switch store {
        case .f(let x): return .float(x[k])
        case .i(let x): return .int(x[k])
        case .b(let x): return .bool(x[k])
        }
    }

    /// Element k as a numpy scalar of this dtype.
    func scalarAt(_ k: Int) -> NDArray {
        switch store {
        case .f(let x): return NDArray(doubles: [x[k]], shape: [], dtype: dtype, scalar: true)
        case .i(let x): return NDArray(ints: [x[k]], shape: [], scalar: true)
        case .b(let x): return NDArray(bools: [x[k]], shape: [], scalar: true)
        }
    }

    /// Replaces the values at `offsets` by `values` (broadcast already), converted to this dtype.
    /// Writes also reach the array this one was sliced from (see `base`).
    func assign(_ offsets: [Int], _ values: NDArray) {
        // NOTE: the store is emptied while the values are edited so the array is not copied (copy-on-write).
        switch store {
        case .f(var x):
            store = .f([])
            let v = values.doubles
            let f32 = dtype == .float32
            for (j, k) in offsets.enumerated() { x[k] = f32 ? Double(Float(v[j])) : v[j] }
            store = .f(x)
        case .i(var x):
            store = .i([])
            let v = values.ints
            for (j, k) in offsets.enumerated() { x[k] = v[j] }
            store = .i(x)
        case .b(var x):
            store = .b([])
            let v = values.bools
            for (j, k) in offsets.enumerated() { x[k] = v[j] }
            store = .b(x)
        }
        if let base, let map = baseOffsets { base.assign(offsets.map { map[$0] }, values) }
    }

    /// The array a basic index (ints, slices, None, ...) was taken from, and where each element
    /// sits in it: writing into `a[i]` (`conf[t][p] += 1`, `row = a[0]; row[1] = 5`) writes `a`
    /// too, as numpy's views do. Reads are a snapshot: a later write to `a` does not show in `a[i]`.
    var base: NDArray?
    var baseOffsets: [Int]?

    /// Elements at the given flat offsets, in that order, as a new array of `shape`.
    func gather(_ offsets: [Int], shape: [Int], scalar: Bool = false) -> NDArray {
        switch store {
        case .f(let x): return NDArray(doubles: offsets.map { x[$0] }, shape: shape, dtype: dtype, scalar: scalar)
        case .i(let x): return NDArray(ints: offsets.map { x[$0] }, shape: shape, scalar: scalar)
        case .b(let x): return NDArray(bools: offsets.map { x[$0] }, shape: shape, scalar: scalar)
        }
    }

    /// Takes the values of `other` (same shape and dtype), in place (`a.sort()`).
    func replaceValues(with other: NDArray) { store = other.store }

    /// Shuffles the first axis in place by a permutation of its indices (`np.random.shuffle`).
    func permuteRows(_ perm: [Int]) {
        guard let n = shape.first, n > 0 else { return }
        let row = count / n
        var offsets: [Int] = []
        offsets.reserveCapacity(count)
        for r in perm { for j in 0..<row { offsets.append(r * row + j) } }
        let g = gather(offsets, shape: shape)
        store = g.store
    }

    // MARK: the script object (implementations in NDArrayObject.swift, NDArrayFormat.swift, NDArrayIndex.swift)

    override var typeName: String { isScalar ? dtype.rawValue : "ndarray" }
    override var repr: String { numpyRepr }
    override var str: String { numpyStr }
    override var attributeNames: [String] {
        NDArray.methodNames + ["shape", "ndim", "size", "dtype", "T", "itemsize", "nbytes"]
    }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? { try attribute(n) }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? { try getItem(index).value }
    override func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if isScalar { return false }
        try setItem(index, value)
        return true
    }
    override func length() throws -> Int? { try lengthValue() }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? { try iterator() }
    override func truthValue() throws -> Bool? { try truth() }
    override var numberValue: Value? { ndim == 0 ? pyValue(0) : nil }
    override func binaryOp(_ op: BinOp, _ lhs: Value, _ rhs: Value) throws -> Value? { try binaryHook(op, lhs, rhs) }
    override func compareOp(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? { try compareHook(op, lhs, rhs) }
    override func unaryOp(_ op: String) throws -> Value? { try unary(op) }

    // MARK: shapes and broadcasting

    /// The number of elements of a shape (Int.max when it overflows, so a size check refuses it).
    static func product(_ s: [Int]) -> Int {
        var total = 1
        for d in s {
            let (m, o) = total.multipliedReportingOverflow(by: d)
            if o { return Int.max }
            total = m
        }
        return total
    }

    /// numpy's shape text: `(2, 3)`, `(3,)`, `()`.
    static func shapeText(_ s: [Int]) -> String { shapeTupleText(s) }

    /// numpy's shape in some messages: `(5,5)`, `(3,)`.
    static func compactShape(_ s: [Int]) -> String {
        "(" + s.map(String.init).joined(separator: ",") + (s.count == 1 ? ",)" : ")")
    }

    /// Refuses a shape with a negative dimension or too many elements.
    static func checkShape(_ s: [Int], _ what: String) throws {
        if s.contains(where: { $0 < 0 }) { throw valueError("negative dimensions are not allowed") }
        var total = 1
        for d in s {
            let (m, o) = total.multipliedReportingOverflow(by: d)
            guard !o, m <= maxElements else {
                throw ScriptError(
                    kind: "MemoryError",
                    message: "\(what): an array of shape \(shapeText(s)) is too large (limit \(maxElements) elements)")
            }
            total = m
        }
        // Together with the live tensors and arrays (two units per element: Double and Int are 8 bytes).
        do {
            try MemoryBudget.reserve(2 * total, op: what, what: "an array of shape \(shapeText(s))")
        } catch let e as EngineError {
            throw ScriptError(kind: "MemoryError", message: e.description)
        }
    }

    /// The broadcast shape of two shapes, or numpy's ValueError.
    static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            if da == db || db == 1 {
                out[i] = da
            } else if da == 1 {
                out[i] = db
            } else {
                throw valueError(
                    "operands could not be broadcast together with shapes \(compactShape(a)) \(compactShape(b)) ")
            }
        }
        try checkShape(out, "broadcast")
        return out
    }

    /// For each element of an array of shape `to` (row-major), the flat offset it reads in an array
    /// of shape `from` broadcast to `to`.
    static func broadcastOffsets(from: [Int], to: [Int]) -> [Int] {
        let total = product(to)
        if from == to { return Array(0..<total) }
        if product(from) == 1 { return [Int](repeating: 0, count: total) }
        return Tensor.broadcastOffsets(from: from, to: to)
    }

    /// This array broadcast to `to` (a copy).
    func broadcast(to: [Int]) throws -> NDArray {
        if shape == to { return self }
        let s = try NDArray.broadcastShape(shape, to)
        guard s == to else {
            throw valueError(
                "could not broadcast input array from shape \(NDArray.shapeText(shape)) into shape "
                    + "\(NDArray.shapeText(to))"
            )
        }
        return gather(NDArray.broadcastOffsets(from: shape, to: to), shape: to)
    }

    /// A copy with the axes in the order `perm` (`transpose`).
    func permuted(_ perm: [Int]) -> NDArray {
        let n = ndim
        if perm == Array(0..<n) { return NDArray(shape: shape, dtype: dtype, store: store) }
        let newShape = perm.map { shape[$0] }
        var srcStrides = [Int](repeating: 1, count: n)
        var s = 1
        for i in stride(from: n - 1, through: 0, by: -1) {
            srcStrides[i] = s
            s *= shape[i]
        }
        return gather(Tensor.stridedOffsets(newShape, strides: perm.map { srcStrides[$0] }), shape: newShape)
    }

    /// A normalised axis (negative counts from the end), or numpy's AxisError.
    static func axis(_ a: Int, ndim: Int) throws -> Int {
        let k = a < 0 ? a + ndim : a
        guard k >= 0 && k < max(ndim, 0) else {
            throw ScriptError(kind: "AxisError", message: "axis \(a) is out of bounds for array of dimension \(ndim)")
        }
        return k
    }
}

/// numpy's float -> int conversion (truncation); NaN and out-of-range values give Int.min, as numpy does on x86.
func intFromDouble(_ d: Double) -> Int {
    guard d.isFinite, Swift.abs(d) < 9.2e18 else { return Int.min }
    return Int(d.rounded(.towardZero))
}
