// Args: the arguments of a call (positional and keyword) as the caller wrote them; Bound: the same
// arguments bound to a builtin's declared parameters (Signature.bind), with the conversions builtins
// use to read them, in Python-like words:
//   F.max_pool2d() missing required argument 'kernel_size'
//   torch.zeros(): argument 'size' must be a sequence of ints, not str

import GradEngine

/// Positional and keyword arguments of one call.
struct Args {
    var positional: [Value]
    var keywords: [(String, Value)]

    init(_ positional: [Value] = [], _ keywords: [(String, Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    var isEmpty: Bool { positional.isEmpty && keywords.isEmpty }

    func keyword(_ name: String) -> Value? { keywords.first { $0.0 == name }?.1 }

}

/// Arguments bound to a declaration's parameters (`Signature.bind`), with typed accessors.
/// Parameters not given hold the declared default; `rest` holds `*args`, `extra` holds `**kwargs`.
struct Bound {
    let fname: String
    let names: [String]
    let values: [Value?]
    /// Whether the caller passed each parameter (as opposed to its default).
    var given: [Bool] = []
    /// The extra positional arguments a `*args` parameter collected.
    var rest: [Value] = []
    /// The extra keyword arguments a `**kwargs` parameter collected, in call order.
    var extra: [(String, Value)] = []

    /// Whether the caller passed `name` (even as None).
    func passed(_ name: String) -> Bool {
        guard let i = names.firstIndex(of: name), i < given.count else { return false }
        return given[i]
    }
    /// The value bound to `name` including an explicit None (nil only when absent without default).
    func raw(_ name: String) -> Value? {
        guard let i = names.firstIndex(of: name) else { return nil }
        return values[i]
    }

    func value(_ name: String) -> Value? {
        guard let i = names.firstIndex(of: name), let v = values[i] else { return nil }
        if case .none = v { return nil }
        return v
    }
    func has(_ name: String) -> Bool { value(name) != nil }

    func tensor(_ name: String) throws -> Tensor {
        guard let v = value(name) else { throw typeError("\(fname)() missing required argument '\(name)'") }
        return try toTensor(v, "\(fname)(): argument '\(name)'")
    }
    func optTensor(_ name: String) throws -> Tensor? {
        guard let v = value(name) else { return nil }
        return try toTensor(v, "\(fname)(): argument '\(name)'")
    }
    func int(_ name: String, _ def: Int? = nil) throws -> Int {
        guard let v = value(name) else {
            if let d = def { return d }
            throw typeError("\(fname)() missing required argument '\(name)'")
        }
        return try toInt(v, "\(fname)(): argument '\(name)'")
    }
    func optInt(_ name: String) throws -> Int? {
        guard let v = value(name) else { return nil }
        return try toInt(v, "\(fname)(): argument '\(name)'")
    }
    func double(_ name: String, _ def: Double? = nil) throws -> Double {
        guard let v = value(name) else {
            if let d = def { return d }
            throw typeError("\(fname)() missing required argument '\(name)'")
        }
        return try toDouble(v, "\(fname)(): argument '\(name)'")
    }
    func optDouble(_ name: String) throws -> Double? {
        guard let v = value(name) else { return nil }
        return try toDouble(v, "\(fname)(): argument '\(name)'")
    }
    func float(_ name: String, _ def: Float? = nil) throws -> Float {
        Float(try double(name, def.map(Double.init)))
    }
    func bool(_ name: String, _ def: Bool = false) throws -> Bool {
        guard let v = value(name) else { return def }
        switch v {
        case .bool(let b): return b
        case .int(let i): return i != 0
        default: throw typeError("\(fname)(): argument '\(name)' must be bool, not \(v.typeName)")
        }
    }
    func string(_ name: String, _ def: String? = nil) throws -> String {
        guard let v = value(name) else {
            if let d = def { return d }
            throw typeError("\(fname)() missing required argument '\(name)'")
        }
        guard case .string(let s) = v else {
            throw typeError("\(fname)(): argument '\(name)' must be str, not \(v.typeName)")
        }
        return s
    }
    func module(_ name: String) throws -> Module {
        guard let v = value(name) else { throw typeError("\(fname)() missing required argument '\(name)'") }
        guard let m = v.asModule else {
            throw typeError("\(fname)(): argument '\(name)' must be a module (nn.Module), not \(v.typeName)")
        }
        return m
    }
    func ints(_ name: String) throws -> [Int]? {
        guard let v = value(name) else { return nil }
        if let i = v.asInt { return [i] }
        if case .object(let s as SizeObject) = v { return s.dims }
        guard let arr = v.asArray else {
            throw typeError("\(fname)(): argument '\(name)' must be an int or a tuple of ints, not \(v.typeName)")
        }
        return try arr.map { try toInt($0, "\(fname)(): argument '\(name)'") }
    }
}

func typeError(_ msg: String) -> ScriptError { ScriptError(kind: "TypeError", message: msg) }
func valueError(_ msg: String) -> ScriptError { ScriptError(kind: "ValueError", message: msg) }

/// An int from an int/bool, an integral float is refused (as Python does for sizes), a one-element int tensor accepted.
func toInt(_ v: Value, _ what: String) throws -> Int {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    case .tensor(let t) where t.count == 1 && !t.dtype.isFloatingPoint:
        let x = t.data[0]
        guard x.isFinite, abs(x) < 9e15 else { throw valueError("\(what): value out of range") }
        return Int(x)
    case .object(let o) where o.numberValue != nil:  // a numpy scalar or 0-d array
        guard let n = o.numberValue, n.asInt != nil, !Operators.isFloat(n) else {
            throw typeError("'\(v.typeName)' object cannot be interpreted as an integer")
        }
        return try toInt(n, what)
    default: throw typeError("\(what) must be int, not \(v.typeName)")
    }
}

func toDouble(_ v: Value, _ what: String) throws -> Double {
    switch v {
    case .int(let i): return Double(i)
    case .bool(let b): return b ? 1 : 0
    case .float(let d): return d
    case .tensor(let t) where t.count == 1: return Double(t.data[0])
    case .object(let o) where o.numberValue != nil: return try toDouble(o.numberValue ?? .none, what)  // numpy scalars
    default: throw typeError("\(what) must be a number, not \(v.typeName)")
    }
}

/// A tensor from a tensor, a number (0-d tensor; int64 for ints) or a nested list of numbers.
func toTensor(_ v: Value, _ what: String) throws -> Tensor {
    switch v {
    case .tensor(let t): return t
    // Python numbers are PyTorch's "wrapped numbers": they do not decide the result's dtype.
    case .int(let i): return Tensor.wrappedNumber(Float(i), dtype: .int64)
    case .bool(let b): return Tensor.wrappedNumber(b ? 1 : 0, dtype: .bool)
    case .float(let d): return Tensor.wrappedNumber(Float(d), dtype: .float32)
    case .list, .tuple: return try tensorFromNested(v)
    case .object(let a as NDArray): return try a.toTensor(what)  // numpy arrays keep their dtype
    default: throw typeError("\(what) must be a Tensor, not \(v.typeName)")
    }
}

/// Builds a tensor from nested lists of numbers (`torch.tensor([[1, 2], [3, 4]])`).
/// dtype: int64 when every value is an int, bool when every value is a bool, else float32.
func tensorFromNested(_ v: Value, dtype: DType? = nil) throws -> Tensor {
    // A numpy array keeps its dtype (float64 needs float64 tensors); with dtype= its values convert.
    if case .object(let a as NDArray) = v, !a.isScalar {
        if let dtype { return try tensorFromNested(a.toList(), dtype: dtype) }
        return try a.toTensor("torch.tensor()")
    }
    var shape: [Int] = []
    var flat: [Float] = []
    var allInt = true, allBool = true, any = false
    func walk(_ x: Value, _ depth: Int) throws {
        if depth > 32 { throw valueError("torch.tensor(): too deeply nested") }
        if let arr = x.asArray {
            if depth == shape.count {
                shape.append(arr.count)
            } else if depth > shape.count || shape[depth] != arr.count {
                throw valueError(
                    "torch.tensor(): expected sequence of length \(depth < shape.count ? shape[depth] : 0) at dim "
                        + "\(depth) (got \(arr.count))"
                )
            }
            for e in arr { try walk(e, depth + 1) }
            return
        }
        if case .object(let a as NDArray) = x, a.ndim > 0 {
            try walk(a.toList(), depth)
            return
        }  // arrays inside a list
        if depth != shape.count {
            throw valueError(
                "torch.tensor(): ragged nested sequence (a number where a list was expected at dim \(depth))")
        }
        any = true
        switch x {
        case .int(let i):
            flat.append(Float(i))
            allBool = false
        case .bool(let b):
            flat.append(b ? 1 : 0)
            allInt = false
        case .float(let d):
            flat.append(Float(d))
            allInt = false
            allBool = false
        case .tensor(let t) where t.count == 1:
            flat.append(t.data[0])
            if t.dtype != .int64 { allInt = false }
            if t.dtype != .bool { allBool = false }
        case .object(let o) where o.numberValue != nil:  // numpy scalars (np.float64(0.5), np.int64(3))
            try walk(o.numberValue ?? .none, depth)
            any = true
            return
        default: throw typeError("torch.tensor(): new(): invalid data type '\(x.typeName)'")
        }
        if flat.count > 1 << 26 { throw valueError("torch.tensor(): too many values") }
    }
    try walk(v, 0)
    let dt: DType = dtype ?? (!any ? .float32 : (allBool ? .bool : (allInt ? .int64 : .float32)))
    return try Tensor(shape: shape, data: flat, dtype: dt)
}

/// The closest candidate within edit distance ~1/3 of the name (for "did you mean").
func suggest(_ name: String, _ candidates: [String]) -> String? {
    var best: (String, Int)? = nil
    let limit = max(1, name.count / 3 + (name.count >= 4 ? 1 : 0))
    for c in candidates where c != name {
        if abs(c.count - name.count) > limit { continue }
        let d = editDistance(name, c)
        if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
    }
    if best == nil {
        // Case-insensitive exact match (e.g. 'Relu' -> 'ReLU').
        if let c = candidates.first(where: { $0.lowercased() == name.lowercased() && $0 != name }) { return c }
    }
    return best?.0
}

/// Edit distance counting a swap of two adjacent letters as one edit ('szie' -> 'size' is 1).
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased()), y = Array(b.lowercased())
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var before = [Int](repeating: 0, count: y.count + 1)
    var prev = Array(0...y.count)
    var cur = prev
    for i in 1...x.count {
        cur[0] = i
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
        }
        before = prev
        prev = cur
    }
    return prev[y.count]
}

/// The int an int64 tensor element stands for. Storage is Float, so an overflowed int64 result can
/// hold ±inf or NaN; like PyTorch's wrapped int64 it reads as Int.min instead of trapping.
func int64Value(_ x: Float) -> Int {
    guard x.isFinite, Swift.abs(x) < 9.2e18 else { return Int.min }
    return Int(x)
}

/// Python's int(d) for a finite double in range; Int.min otherwise (never traps).
func int64Value(_ d: Double) -> Int {
    guard d.isFinite, Swift.abs(d) < 9.2e18 else { return Int.min }
    return Int(d)
}
