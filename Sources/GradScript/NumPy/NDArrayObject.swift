// NDArrayObject: an NDArray as a script value — its attributes (`shape`, `ndim`, `size`, `dtype`,
// `T`), methods (`reshape`, `astype`, `sum`, `mean`, `tolist`, ...), operators, indexing, `len`,
// iteration and conversion to Python numbers; and numpy's dtype objects (`np.float32`, `a.dtype`).
// Conversions between arrays and Python values / torch tensors (`NDArray.from`) live here too.
//
// Non-goals: methods beginner code does not use (`view`, `strides`, `resize`, `partition`, ...):
// they raise AttributeError naming the method.

import Foundation
import GradEngine

// MARK: dtype objects

/// `np.float64`, `np.float32`, `np.int64`, `np.bool_`: a numpy scalar type (callable: `np.float32(0.5)`).
final class NPTypeObject: ScriptObject, @unchecked Sendable {
    let dtype: NPDType
    init(_ d: NPDType) { dtype = d }
    override var typeName: String { "type" }
    override var repr: String { "<class 'numpy.\(dtype.rawValue)'>" }
    override var attributeNames: [String] { ["__name__"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        n == "__name__" ? .string(dtype.rawValue) : nil
    }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        let b = try Signature("\(dtype.rawValue)(x=None, /)").bind(args)
        guard let x = b.value("x") else { return NDArray.make([0], [], dtype, scalar: true).value }
        if case .string(let s) = x {
            guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else {
                throw valueError("could not convert string to float: \(Repr.quote(s))")
            }
            return NDArray.make([d], [], dtype, scalar: true).value
        }
        let a = try NDArray.from(x, dtype.rawValue)
        return a.astype(dtype, scalar: a.ndim == 0).value
    }
    override func compareOp(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        let other = (lhs.asObject === self) ? rhs : lhs
        let same = NPDTypeValue.dtype(of: other) == dtype
        return .bool(op == .eq ? same : !same)
    }
}

/// `a.dtype`: prints `dtype('float64')`, str `float64`; equal to `np.float64`, `'float64'`, `float`.
final class NPDTypeValue: ScriptObject, @unchecked Sendable {
    let dtype: NPDType
    init(_ d: NPDType) { dtype = d }
    override var typeName: String { "dtype" }
    override var repr: String { "dtype('\(dtype.rawValue)')" }
    override var str: String { dtype.rawValue }
    override var attributeNames: [String] { ["name", "itemsize", "kind"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "name": return .string(dtype.rawValue)
        case "itemsize": return .int(dtype == .bool ? 1 : dtype == .float32 ? 4 : 8)
        case "kind": return .string(dtype == .bool ? "b" : dtype == .int64 ? "i" : "f")
        default: return nil
        }
    }
    override func compareOp(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        let other = (lhs.asObject === self) ? rhs : lhs
        let same = NPDTypeValue.dtype(of: other) == dtype
        return .bool(op == .eq ? same : !same)
    }

    /// The dtype a value names, if any: np types, dtype values, `float`/`int`/`bool`, strings, torch dtypes.
    static func dtype(of v: Value) -> NPDType? {
        switch v {
        case .object(let t as NPTypeObject): return t.dtype
        case .object(let t as NPDTypeValue): return t.dtype
        case .object(let f as BuiltinFunction):
            switch f.name {
            case "float": return .float64
            case "int": return .int64
            case "bool": return .bool
            default: return nil
            }
        case .object(let m as Marker) where m.kind == "torch.dtype":
            switch m.name {
            case "torch.float32": return .float32
            case "torch.float64": return .float64
            case "torch.int64": return .int64
            case "torch.bool": return .bool
            default: return nil
            }
        case .string(let s):
            switch s {
            case "float64", "float", "f8", "double": return .float64
            case "float32", "f4", "single": return .float32
            case "int64", "int", "i8": return .int64
            case "bool", "?": return .bool
            default: return nil
            }
        default: return nil
        }
    }

    /// The dtype named by an argument, or a TypeError that says which dtypes exist here.
    static func required(_ v: Value, _ fname: String) throws -> NPDType {
        if let d = dtype(of: v) { return d }
        let name: String
        switch v {
        case .string(let s): name = s
        case .object(let m as Marker): name = m.name
        default: name = v.repr
        }
        throw typeError(
            "\(fname): dtype \(name) is not supported by gradstep's numpy (float64, float32, int64 and bool are)")
    }
}

// MARK: conversions

extension NDArray {
    /// An array from a Python number, a (nested) list or tuple, a numpy array, a range or a tensor.
    /// dtype: bool if every value is a bool, int64 if every value is an int, else float64 (numpy's rule).
    static func from(_ v: Value, _ what: String, dtype: NPDType? = nil) throws -> NDArray {
        if case .object(let a as NDArray) = v { return dtype.map { a.astype($0, scalar: false) } ?? a }
        if case .tensor(let t) = v {
            if t.requiresGrad {
                throw ScriptError(
                    kind: "RuntimeError",
                    message: "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
            }
            return try fromTensor(t, dtype: dtype)
        }
        var shape: [Int] = []
        var flat: [Double] = []
        var kind = NPDType.bool
        var any = false
        func walk(_ x: Value, _ depth: Int) throws {
            if depth > 32 { throw valueError("\(what): too deeply nested") }
            var items: [Value]? = x.asArray
            if items == nil, case .object(let r as RangeObject) = x {
                guard r.exactCount <= UInt(NDArray.maxElements) else {
                    throw ScriptError(kind: "MemoryError", message: "\(what): too many values")
                }
                items = (0..<r.exactCount).map { .int(r.value(at: $0)) }
            }
            if let arr = items {
                // A new dim may only open before any value was placed (values fix the depth of leaves).
                if depth == shape.count && flat.isEmpty {
                    shape.append(arr.count)
                } else if depth >= shape.count || shape[depth] != arr.count {
                    throw valueError(
                        "setting an array element with a sequence. The requested array has an inhomogeneous shape "
                            + "after \(depth) dimensions. The detected shape was "
                            + "\(shapeText(Array(shape.prefix(depth)))) + inhomogeneous part."
                    )
                }
                for e in arr { try walk(e, depth + 1) }
                return
            }
            if case .object(let a as NDArray) = x, a.ndim > 0 {
                // an array inside a list: its dims continue the shape
                let sub = a.shape
                if depth == shape.count && flat.isEmpty {
                    shape += sub
                } else if Array(shape.dropFirst(depth).prefix(sub.count)) != sub || shape.count - depth != sub.count {
                    throw valueError(
                        "setting an array element with a sequence. The requested array has an inhomogeneous shape "
                            + "after \(depth) dimensions."
                    )
                }
                flat += a.doubles
                kind = NPDType.promote(kind, a.dtype)
                any = true
                return
            }
            if case .tensor(let t) = x, t.ndim > 0 {
                try walk(try fromTensor(t, dtype: nil).value, depth)
                return
            }
            if depth != shape.count {
                throw valueError(
                    "setting an array element with a sequence. The requested array has an inhomogeneous shape after "
                        + "\(depth) dimensions."
                )
            }
            any = true
            switch x {
            case .bool(let b): flat.append(b ? 1 : 0)
            case .int(let i):
                flat.append(Double(i))
                kind = NPDType.promote(kind, .int64)
            case .float(let d):
                flat.append(d)
                kind = .float64
            case .object(let a as NDArray):
                flat.append(a.doubles[0])
                kind = NPDType.promote(kind, a.dtype)
            case .tensor(let t) where t.count == 1:
                let a = try fromTensor(t, dtype: nil)
                flat.append(a.doubles[0])
                kind = NPDType.promote(kind, a.dtype)
            case .string(let s):
                throw valueError("\(what): strings are not supported by gradstep's numpy (got \(Repr.quote(s)))")
            default:
                throw typeError("\(what): cannot make an array element from '\(x.typeName)'")
            }
            if flat.count > maxElements { throw ScriptError(kind: "MemoryError", message: "\(what): too many values") }
        }
        // Integers beyond 2^53 lose precision through doubles: keep exact ints when every value is an int.
        if let exact = try exactInts(v) { return exact.astype(dtype ?? .int64, scalar: false) }
        try walk(v, 0)
        if !any && kind == .bool { kind = .float64 }
        return NDArray.make(flat, shape, dtype ?? kind)
    }

    /// A nested list of Python ints (no floats/bools) as an exact int64 array; nil otherwise.
    private static func exactInts(_ v: Value) throws -> NDArray? {
        var shape: [Int] = []
        var flat: [Int] = []
        func walk(_ x: Value, _ depth: Int) -> Bool {
            if depth > 32 { return false }
            if let arr = x.asArray {
                if depth == shape.count && flat.isEmpty {
                    shape.append(arr.count)
                } else if depth >= shape.count || shape[depth] != arr.count {
                    return false
                }
                for e in arr where !walk(e, depth + 1) { return false }
                return true
            }
            guard depth == shape.count, case .int(let i) = x else { return false }
            flat.append(i)
            return flat.count <= maxElements
        }
        guard walk(v, 0), !flat.isEmpty || NDArray.product(shape) == 0, !(shape.contains(0)) else { return nil }
        return NDArray(ints: flat, shape: shape)
    }

    /// A tensor's values with the matching numpy dtype (float32 -> float32, int64 -> int64, bool -> bool).
    static func fromTensor(_ t: Tensor, dtype: NPDType?) throws -> NDArray {
        let vals = t.doubleValues
        let kind: NPDType
        switch t.dtype {
        case .int64: kind = .int64
        case .bool: kind = .bool
        default: kind = t.dtype.rawValue == "float64" ? .float64 : .float32
        }
        return NDArray.make(vals, t.shape, dtype ?? kind)
    }

    /// Python's nested lists (`tolist`).
    func toList() -> Value {
        if ndim == 0 { return pyValue(0) }
        func rec(_ axis: Int, _ base: Int, _ stride: Int) -> Value {
            let n = shape[axis]
            let inner = stride / Swift.max(n, 1)
            if axis == ndim - 1 { return .list(ListRef((0..<n).map { pyValue(base + $0) })) }
            return .list(ListRef((0..<n).map { rec(axis + 1, base + $0 * inner, inner) }))
        }
        return rec(0, 0, count)
    }
}

// MARK: the script object

extension NDArray {
    static var methodNames: [String] { methods.names }

    func attribute(_ n: String) throws -> Value? {
        switch n {
        case "shape": return .tuple(shape.map(Value.int))
        case "ndim": return .int(ndim)
        case "size": return .int(count)
        case "dtype": return .object(NPDTypeValue(dtype))
        case "T": return permuted(Array((0..<ndim).reversed())).value
        case "itemsize": return .int(dtype == .bool ? 1 : dtype == .float32 ? 4 : 8)
        case "nbytes": return .int(count * (dtype == .bool ? 1 : dtype == .float32 ? 4 : 8))
        default: return NDArray.methods.bound(self, n)
        }
    }

    /// Every ndarray method, declared once (Declarations.md).
    static let methods: MethodTable<NDArray> = {
        let m = MethodTable<NDArray>("ndarray", section: "numpy.ndarray methods")
        let setup = "import numpy as np\na = np.array([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])\n"
        m.def(
            "reshape", "*shape, order='C'",
            "The values with another shape (one size may be -1): a.reshape(2, 3) or a.reshape((2, 3)).",
            setup + "a.reshape(3, 2)"
        ) { a, b, _ in
            var dims = b.rest
            if dims.count == 1, let arr = dims[0].asArray { dims = arr }
            guard !dims.isEmpty else { throw typeError("reshape() missing required argument 'shape' (pos 1)") }
            if let o = b.value("order"), o.str != "C" {
                throw valueError("reshape(): order='\(o.str)' is not supported by gradstep (only 'C')")
            }
            return try a.reshape(try dims.map { try toInt($0, "reshape(): shape") }).value
        }
        m.def(
            "astype", "dtype, copy=True",
            "A copy converted to dtype (np.float32, np.int64, float, int, bool, 'float32', ...).",
            setup + "a.astype(np.int64)"
        ) { a, b, _ in
            a.astype(try NPDTypeValue.required(b.raw("dtype") ?? .none, "astype()"), scalar: a.isScalar).value
        }
        for (name, what) in [
            ("sum", "Sum"), ("mean", "Mean"), ("prod", "Product"), ("max", "Largest value"), ("min", "Smallest value"),
            ("any", "Whether any element is true"), ("all", "Whether every element is true"),
        ] {
            m.def(
                name, "axis=None, keepdims=False", "\(what) of the elements (over an axis or a tuple of axes).",
                setup + "a.\(name)(axis=0)"
            ) { a, b, _ in
                try a.reduce(Reduction(rawValue: name) ?? .sum, axis: b.value("axis"), keepdims: try b.bool("keepdims"))
            }
        }
        for name in ["std", "var"] {
            m.def(
                name, "axis=None, ddof=0, keepdims=False",
                name == "std" ? "Standard deviation (ddof=0: population)." : "Variance (ddof=0: population).",
                setup + "a.\(name)(axis=1)"
            ) { a, b, _ in
                try a.reduce(
                    name == "std" ? .std : .variance, axis: b.value("axis"), keepdims: try b.bool("keepdims"),
                    ddof: try b.int("ddof", 0))
            }
        }
        for name in ["argmax", "argmin"] {
            m.def(
                name, "axis=None, keepdims=False",
                "Index of the \(name == "argmax" ? "largest" : "smallest") value (in the flattened array without "
                    + "axis).",
                setup + "a.\(name)(axis=1)"
            ) { a, b, _ in
                let r = try a.reduce(name == "argmax" ? .argmax : .argmin, axis: b.value("axis"), keepdims: false)
                if try b.bool("keepdims"), case .object(let out as NDArray) = r {
                    guard let ax = b.value("axis")?.asInt else {
                        return out.reshaped([Int](repeating: 1, count: a.ndim)).value
                    }
                    var s = out.shape
                    s.insert(1, at: try NDArray.axis(ax, ndim: a.ndim))
                    return out.reshaped(s).value
                }
                return r
            }
        }
        m.def("cumsum", "axis=None", "Running sum (over the flattened array without axis).", setup + "a.cumsum(axis=1)")
        { a, b, _ in
            try a.cumsum(axis: try b.optInt("axis")).value
        }
        for name in ["flatten", "ravel"] {
            m.def(name, "order='C'", "The values as a 1-d array.", setup + "a.\(name)()") { a, b, _ in
                if let o = b.value("order"), o.str != "C" {
                    throw valueError("\(name)(): order='\(o.str)' is not supported by gradstep (only 'C')")
                }
                return a.reshaped([a.count]).value
            }
        }
        m.def("squeeze", "axis=None", "Removes dimensions of size 1.", setup + "a[None].squeeze().shape") { a, b, _ in
            try a.squeeze(b.value("axis")).value
        }
        m.def(
            "transpose", "*axes", "The axes reversed (or in the given order); a.T is the same.", setup + "a.transpose()"
        ) { a, b, _ in
            var axes = b.rest
            if axes.count == 1, let arr = axes[0].asArray { axes = arr }
            if axes.isEmpty || (axes.count == 1 && axes[0].isNone) {
                return a.permuted(Array((0..<a.ndim).reversed())).value
            }
            return try a.transpose(try axes.map { try toInt($0, "transpose(): axes") }).value
        }
        m.def("tolist", "", "The values as (nested) Python lists of Python numbers.", setup + "a.tolist()") { a, _, _ in
            a.toList()
        }
        m.def("item", "*args", "The one value (or the value at a flat index) as a Python number.", setup + "a.item(1)")
        { a, b, _ in
            guard b.rest.count <= 1 else { throw typeError("item(): gradstep takes at most one (flat) index") }
            if let iv = b.rest.first {
                let i = try toInt(iv, "item(): index")
                let k = i < 0 ? i + a.count : i
                guard k >= 0 && k < a.count else {
                    throw ScriptError(kind: "IndexError", message: "index \(i) is out of bounds for size \(a.count)")
                }
                return a.pyValue(k)
            }
            guard a.count == 1 else { throw valueError("can only convert an array of size 1 to a Python scalar") }
            return a.pyValue(0)
        }
        m.def("copy", "order='C'", "A copy.", setup + "a.copy()") { a, _, _ in
            NDArray(shape: a.shape, dtype: a.dtype, store: a.store, scalar: a.isScalar).value
        }
        m.def("dot", "b", "Dot/matrix product with b.", setup + "a.dot(np.ones(3))") { a, b, _ in
            try NDArray.matmul(a, try NDArray.from(b.raw("b") ?? .none, "dot()"), name: "dot").value
        }
        m.def("clip", "min=None, max=None", "Values limited to [min, max].", setup + "a.clip(2, 4)") { a, b, _ in
            try NDArray.clip(a, b.value("min"), b.value("max"))
        }
        m.def("round", "decimals=0", "Rounded half to even at the given decimals.", setup + "(a / 3).round(2)") {
            a, b, _ in
            NDArray.round(a, decimals: try b.int("decimals", 0)).value
        }
        m.def("fill", "value", "Sets every element to value, in place.", setup + "a.fill(0)\na") { a, b, _ in
            let v = try NDArray.from(b.raw("value") ?? .none, "fill()")
            a.assign(Array(0..<a.count), try v.broadcast(to: a.shape))
            return .none
        }
        m.def("argsort", "axis=-1", "Indices that sort along an axis.", setup + "a.argsort()") { a, b, _ in
            try a.argsort(axis: try b.int("axis", -1)).value
        }
        m.def("sort", "axis=-1", "Sorts along an axis, in place.", setup + "a.sort()\na") { a, b, _ in
            let ax = try b.int("axis", -1)
            a.replaceValues(with: try a.takeAlong(try a.argsort(axis: ax), axis: ax))
            return .none
        }
        return m
    }()

    /// `reshape` with one `-1` allowed.
    func reshape(_ dims: [Int]) throws -> NDArray {
        let unknown = dims.filter { $0 == -1 }.count
        guard unknown <= 1 else { throw valueError("can only specify one unknown dimension") }
        if dims.contains(where: { $0 < -1 }) { throw valueError("negative dimensions not allowed") }
        var out = dims
        if unknown == 1 {
            let known = dims.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw valueError("cannot reshape array of size \(count) into shape \(NDArray.compactShape(dims))")
            }
            out = dims.map { $0 == -1 ? count / known : $0 }
        }
        guard NDArray.product(out) == count else {
            throw valueError("cannot reshape array of size \(count) into shape \(NDArray.compactShape(dims))")
        }
        return reshaped(out)
    }

    func transpose(_ axes: [Int]) throws -> NDArray {
        guard axes.count == ndim else { throw valueError("axes don't match array") }
        let perm = try axes.map { try NDArray.axis($0, ndim: ndim) }
        guard Set(perm).count == ndim else { throw valueError("repeated axis in transpose") }
        return permuted(perm)
    }

    func squeeze(_ axis: Value?) throws -> NDArray {
        guard let axis else { return reshaped(shape.filter { $0 != 1 }) }
        let axes = try (axis.asArray ?? [axis]).map { try NDArray.axis(try toInt($0, "squeeze(): axis"), ndim: ndim) }
        for a in axes where shape[a] != 1 {
            throw valueError("cannot select an axis to squeeze out which has size not equal to one")
        }
        return reshaped(shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
    }

    func expandDims(_ axis: Int) throws -> NDArray {
        let a = try NDArray.axis(axis, ndim: ndim + 1)
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }

    func cumsum(axis: Int?) throws -> NDArray {
        guard let axis else { return try reshaped([count]).cumsum(axis: 0) }
        let ax = try NDArray.axis(axis, ndim: ndim)
        let inner = shape[(ax + 1)...].reduce(1, *), n = shape[ax], outer = count / Swift.max(n * inner, 1)
        if dtype.isFloat {
            var x = doubles
            for o in 0..<outer {
                for i in 0..<inner {
                    for j in 1..<Swift.max(n, 1) { x[(o * n + j) * inner + i] += x[(o * n + j - 1) * inner + i] }
                }
            }
            return NDArray(doubles: x, shape: shape, dtype: dtype)
        }
        var x = ints
        for o in 0..<outer {
            for i in 0..<inner {
                for j in 1..<Swift.max(n, 1) { x[(o * n + j) * inner + i] &+= x[(o * n + j - 1) * inner + i] }
            }
        }
        return NDArray(ints: x, shape: shape)
    }

    /// Indices that sort along `axis` (stable, NaN last).
    func argsort(axis: Int) throws -> NDArray {
        if ndim == 0 { return NDArray(ints: [0], shape: []) }
        let ax = try NDArray.axis(axis, ndim: ndim)
        let inner = shape[(ax + 1)...].reduce(1, *), n = shape[ax], outer = count / Swift.max(n * inner, 1)
        let x = doubles
        var out = [Int](repeating: 0, count: count)
        for o in 0..<outer {
            for i in 0..<inner {
                let idx = (0..<n).sorted { p, q in
                    let u = x[(o * n + p) * inner + i], v = x[(o * n + q) * inner + i]
                    if u.isNaN { return false }
                    if v.isNaN { return true }
                    return u < v || (u == v && p < q)
                }
                for (j, k) in idx.enumerated() { out[(o * n + j) * inner + i] = k }
            }
        }
        return NDArray(ints: out, shape: shape)
    }

    /// The values at `idx` positions along `axis` (np.take_along_axis).
    func takeAlong(_ idx: NDArray, axis: Int) throws -> NDArray {
        let ax = try NDArray.axis(axis, ndim: ndim)
        let inner = shape[(ax + 1)...].reduce(1, *), n = shape[ax], outer = count / Swift.max(n * inner, 1)
        let ix = idx.ints
        var offsets = [Int](repeating: 0, count: count)
        for o in 0..<outer {
            for j in 0..<n {
                for i in 0..<inner {
                    let p = (o * n + j) * inner + i
                    offsets[p] = (o * n + ix[p]) * inner + i
                }
            }
        }
        return gather(offsets, shape: shape)
    }

    static func clip(_ a: NDArray, _ lo: Value?, _ hi: Value?) throws -> Value {
        guard lo != nil || hi != nil else { throw valueError("One of max or min must be given") }
        var r: Value = a.value
        if let lo { r = try where_(try NDArray.compare(.lt, r, lo), lo, r) }
        if let hi { r = try where_(try NDArray.compare(.gt, r, hi), hi, r) }
        return r
    }

    /// `np.where(cond, x, y)`.
    static func where_(_ c: Value, _ x: Value, _ y: Value) throws -> Value {
        let cond = try from(c, "where()")
        let (a, aw) = try operand(x, "where()"), (b, bw) = try operand(y, "where()")
        let t = resultType(a, aw, b, bw)
        let shape = try broadcastShape(try broadcastShape(cond.shape, a.shape), b.shape)
        let ic = broadcastOffsets(from: cond.shape, to: shape)
        let ia = broadcastOffsets(from: a.shape, to: shape), ib = broadcastOffsets(from: b.shape, to: shape)
        let cb = cond.bools
        if t.isFloat {
            let xa = a.doubles, xb = b.doubles
            return NDArray(
                doubles: (0..<ic.count).map { cb[ic[$0]] ? xa[ia[$0]] : xb[ib[$0]] }, shape: shape, dtype: t,
                scalar: shape.isEmpty
            ).value
        }
        let xa = a.ints, xb = b.ints
        let out = NDArray(
            ints: (0..<ic.count).map { cb[ic[$0]] ? xa[ia[$0]] : xb[ib[$0]] }, shape: shape, scalar: shape.isEmpty)
        return (t == .bool ? out.astype(.bool) : out).value
    }

    /// Round half to even at `decimals` places (numpy's np.round).
    static func round(_ a: NDArray, decimals: Int) -> NDArray {
        guard a.dtype.isFloat else { return a }
        let m = Foundation.pow(10.0, Double(decimals))
        return a.mapFloat { decimals == 0 ? $0.rounded(.toNearestOrEven) : ($0 * m).rounded(.toNearestOrEven) / m }
    }

    func lengthValue() throws -> Int {
        guard ndim > 0 else {
            throw typeError(isScalar ? "object of type '\(typeName)' has no len()" : "len() of unsized object")
        }
        return shape[0]
    }

    func iterator() throws -> ValueIterator {
        guard ndim > 0 else {
            throw typeError(isScalar ? "'\(typeName)' object is not iterable" : "iteration over a 0-d array")
        }
        var i = 0
        let n = shape[0]
        return { [self] in
            guard i < n else { return nil }
            defer { i += 1 }
            return try self.getItem(.int(i)).value
        }
    }

    func truth() throws -> Bool {
        guard count == 1 else {
            if count == 0 {
                throw valueError(
                    "The truth value of an empty array is ambiguous. Use a.size > 0 to check that an array is not "
                        + "empty."
                )
            }
            throw valueError(
                "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
        }
        return bools[0]
    }

    func binaryHook(_ op: BinOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        let other = lhs.asObject === self ? rhs : lhs
        switch other {
        case .string, .none, .dict, .module: return nil
        case .object(let o) where !(o is NDArray): return nil
        default: break
        }
        return try NDArray.binary(op, lhs, rhs)
    }

    func compareHook(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        let other = lhs.asObject === self ? rhs : lhs
        switch other {
        case .string, .none, .dict, .module:
            if op == .eq { return .bool(false) }
            if op == .ne { return .bool(true) }
            return nil
        case .object(let o) where !(o is NDArray): return nil
        default: break
        }
        return try NDArray.compare(op, lhs, rhs)
    }

}
