// Operators: Python's arithmetic and comparisons on script values.
// ints stay ints (`7 // 2 == 3`, overflow is an OverflowError instead of a wrap), `/` gives a float,
// `%` and `//` round toward negative infinity, and a tensor on either side makes the op a tensor op
// (Python numbers become 0-d tensors and broadcast: `2 * x`, `x - 1.5`, `x ** 2`).
// Non-goals: arbitrary-precision ints, complex numbers, sets.

import Foundation
import GradEngine

enum Operators {
    static func overflow(_ op: BinOp) -> ScriptError {
        ScriptError(
            kind: "OverflowError", message: "integer result of '\(op.rawValue)' is too large (ints are 64-bit here)")
    }

    static func unsupported(_ op: String, _ a: Value, _ b: Value) -> ScriptError {
        typeError("unsupported operand type(s) for \(op): '\(a.typeName)' and '\(b.typeName)'")
    }

    static func isNumber(_ v: Value) -> Bool {
        switch v {
        case .int, .bool, .float: return true
        default: return false
        }
    }

    static func binary(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value {
        if case .object(let o) = a, let r = try o.binaryOp(op, a, b) { return r }
        if case .object(let o) = b, let r = try o.binaryOp(op, a, b) { return r }
        switch (a, b) {
        case (.string(let fmt), .tensor) where op == .mod:  // "%i" % tensor: the tensor's number
            return .string(try Format.percent(fmt, b))
        case (.tensor, _), (_, .tensor):
            if isNumber(a) || isNumber(b) || (a.asTensor != nil && b.asTensor != nil) || a.asArray != nil
                || b.asArray != nil
            {
                return .tensor(
                    try tensorBinary(
                        op, try toTensor(a, "left operand of \(op.rawValue)"),
                        try toTensor(b, "right operand of \(op.rawValue)")))
            }
            throw unsupported(op.rawValue, a, b)
        default: break
        }
        if let x = a.asInt, let y = b.asInt, !(isFloat(a) || isFloat(b)) {
            return try intBinary(op, x, y)
        }
        if isNumber(a) && isNumber(b), let x = a.asDouble, let y = b.asDouble {
            return try floatBinary(op, x, y)
        }
        switch (op, a, b) {
        case (.add, .string(let x), .string(let y)):
            try checkRoom(bytes: x.utf8.count &+ y.utf8.count)
            return .string(x + y)
        case (.mul, .string(let s), _), (.mul, _, .string(let s)):
            guard let n = (isNumber(a) ? a : b).asInt, !(isFloat(a) || isFloat(b)) else { throw unsupported("*", a, b) }
            if n <= 0 || s.isEmpty { return .string("") }
            let (total, o) = s.utf8.count.multipliedReportingOverflow(by: n)
            guard !o, total <= 10_000_000 else { throw ScriptError(kind: "MemoryError", message: "string too long") }
            try checkRoom(bytes: total)
            return .string(String(repeating: s, count: n))
        case (.mod, .string(let fmt), _):
            return .string(try Format.percent(fmt, b))
        case (.add, .list(let x), .list(let y)):
            try checkRoom(bytes: (x.items.count &+ y.items.count) &* MemoryLayout<Value>.stride)
            return .list(ListRef(x.items + y.items))
        case (.bitOr, .dict(let x), .dict(let y)):
            // d1 | d2: a new dict, d2's values winning
            let d = DictRef()
            for (k, v) in zip(x.keys, x.values) { try d.set(k, v) }
            for (k, v) in zip(y.keys, y.values) { try d.set(k, v) }
            return .dict(d)
        case (.add, .tuple(let x), .tuple(let y)):
            try checkRoom(bytes: (x.count &+ y.count) &* MemoryLayout<Value>.stride)
            return .tuple(x + y)
        case (.mul, .list, _), (.mul, _, .list), (.mul, .tuple, _), (.mul, _, .tuple):
            let seqFirst = a.asArray != nil
            let seq = (seqFirst ? a : b).asArray ?? []
            guard let n = (seqFirst ? b : a).asInt, !(isFloat(a) || isFloat(b)) else { throw unsupported("*", a, b) }
            var out: [Value] = []
            if n > 0 && !seq.isEmpty {
                let (total, o) = seq.count.multipliedReportingOverflow(by: n)
                guard !o, total <= 10_000_000 else {
                    throw ScriptError(kind: "MemoryError", message: "sequence too long")
                }
                try checkRoom(bytes: total &* MemoryLayout<Value>.stride)
                out.reserveCapacity(total)
                for _ in 0..<n { out.append(contentsOf: seq) }
            }
            if case .list = (seqFirst ? a : b) { return .list(ListRef(out)) }
            return .tuple(out)
        default:
            throw unsupported(op.rawValue, a, b)
        }
    }

    /// Under `ulimit -v`, a large string or sequence result needs the address space to hold it: a
    /// failed allocation aborts the process, so too little room left is MemoryError first.
    static func checkRoom(bytes: Int) throws {
        guard bytes >= 1 << 20, let message = MemoryBudget.processMemoryProblem(extra: bytes) else { return }
        throw ScriptError(kind: "MemoryError", message: message)
    }

    static func isFloat(_ v: Value) -> Bool {
        if case .float = v { return true }
        return false
    }

    static func intBinary(_ op: BinOp, _ x: Int, _ y: Int) throws -> Value {
        switch op {
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow(op) }
            return .int(r)
        case .sub:
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow(op) }
            return .int(r)
        case .mul:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow(op) }
            return .int(r)
        case .div:
            guard y != 0 else { throw ScriptError(kind: "ZeroDivisionError", message: "division by zero") }
            return .float(Double(x) / Double(y))
        case .floorDiv:
            guard y != 0 else {
                throw ScriptError(kind: "ZeroDivisionError", message: "integer division or modulo by zero")
            }
            if x == Int.min && y == -1 { throw overflow(op) }
            var q = x / y
            if (x % y != 0) && ((x < 0) != (y < 0)) { q -= 1 }
            return .int(q)
        case .mod:
            guard y != 0 else {
                throw ScriptError(kind: "ZeroDivisionError", message: "integer division or modulo by zero")
            }
            if y == -1 { return .int(0) }
            var r = x % y
            if r != 0 && ((r < 0) != (y < 0)) { r += y }
            return .int(r)
        case .pow:
            if y < 0 {
                guard x != 0 else {
                    throw ScriptError(kind: "ZeroDivisionError", message: "0 cannot be raised to a negative power")
                }
                return .float(Foundation.pow(Double(x), Double(y)))
            }
            var result = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw overflow(op) }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (b2, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw overflow(op) }
                    base = b2
                }
            }
            return .int(result)
        case .matmul: throw typeError("unsupported operand type(s) for @: 'int' and 'int'")
        case .bitAnd: return .int(x & y)
        case .bitOr: return .int(x | y)
        case .bitXor: return .int(x ^ y)
        case .lshift:
            guard y >= 0 else { throw valueError("negative shift count") }
            guard y < 63, (x << y) >> y == x else { throw overflow(op) }
            return .int(x << y)
        case .rshift:
            guard y >= 0 else { throw valueError("negative shift count") }
            return .int(y >= 64 ? (x < 0 ? -1 : 0) : x >> y)
        }
    }

    static func floatBinary(_ op: BinOp, _ x: Double, _ y: Double) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .sub: return .float(x - y)
        case .mul: return .float(x * y)
        case .div:
            guard y != 0 else { throw ScriptError(kind: "ZeroDivisionError", message: "float division by zero") }
            return .float(x / y)
        case .floorDiv:
            guard y != 0 else { throw ScriptError(kind: "ZeroDivisionError", message: "float floor division by zero") }
            return .float((x / y).rounded(.down))
        case .mod:
            guard y != 0 else { throw ScriptError(kind: "ZeroDivisionError", message: "float modulo by zero") }
            var r = fmod(x, y)
            if r != 0 && ((r < 0) != (y < 0)) { r += y }
            return .float(r)
        case .pow:
            if x == 0 && y < 0 {
                throw ScriptError(kind: "ZeroDivisionError", message: "0.0 cannot be raised to a negative power")
            }
            let r = Foundation.pow(x, y)
            if r.isNaN && !x.isNaN && !y.isNaN {
                throw valueError(
                    "negative number cannot be raised to a fractional power (complex numbers are not supported)")
            }
            if r.isInfinite && x.isFinite && y.isFinite {
                throw ScriptError(kind: "OverflowError", message: "(34, 'Numerical result out of range')")
            }
            return .float(r)
        default:
            throw typeError("unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    /// A tensor op for `a op b` (numbers already converted to 0-d tensors).
    static func tensorBinary(_ op: BinOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        switch op {
        // `2 + x` and `2 * x` are x.__radd__(2) and x.__rmul__(2) in PyTorch: the tensor comes first
        // (it shows in grad_fn.next_functions); the values are the same either way.
        case .add: return a.isWrappedNumber && !b.isWrappedNumber ? try Tensor.add(b, a) : try Tensor.add(a, b)
        case .sub: return try Tensor.sub(a, b)
        case .mul: return a.isWrappedNumber && !b.isWrappedNumber ? try Tensor.mul(b, a) : try Tensor.mul(a, b)
        case .div: return try Tensor.div(a, b)
        case .pow: return try Tensor.pow(a, b)
        case .matmul: return try Tensor.matmul(a, b)
        case .floorDiv: return try Tensor.floorDivide(a, b)
        case .mod: return try Tensor.remainder(a, b)
        case .bitAnd: return try Tensor.bitwise(a, b, .and)
        case .bitOr: return try Tensor.bitwise(a, b, .or)
        case .bitXor: return try Tensor.bitwise(a, b, .xor)
        case .lshift, .rshift:
            throw typeError("unsupported operand type(s) for \(op.rawValue): 'Tensor' and 'Tensor'")
        }
    }

    static func unary(_ op: String, _ v: Value) throws -> Value {
        switch (op, v) {
        case ("-", .int(let i)):
            guard i != Int.min else { throw overflow(.sub) }
            return .int(-i)
        case ("-", .bool(let b)): return .int(b ? -1 : 0)
        case ("-", .float(let d)): return .float(-d)
        case ("-", .tensor(let t)): return .tensor(t.neg())
        case ("+", .int), ("+", .float), ("+", .tensor): return v
        case ("+", .bool(let b)): return .int(b ? 1 : 0)
        case ("~", .int(let i)): return .int(~i)
        case ("~", .bool(let b)): return .int(~(b ? 1 : 0))
        case (_, .object(let o)):
            if let r = try o.unaryOp(op) { return r }
            throw typeError("bad operand type for unary \(op): '\(v.typeName)'")
        case ("~", .tensor(let t)):
            return .tensor(try t.bitwiseNot())
        default:
            throw typeError("bad operand type for unary \(op): '\(v.typeName)'")
        }
    }

    static func compare(_ op: CmpOp, _ a: Value, _ b: Value) throws -> Value {
        if case .object(let o) = a, let r = try o.compareOp(op, a, b) { return r }
        if case .object(let o) = b, let r = try o.compareOp(op, a, b) { return r }
        if a.asTensor != nil || b.asTensor != nil {
            let ta: Tensor, tb: Tensor
            do {
                ta = try toTensor(a, "left side of \(op.rawValue)")
                tb = try toTensor(b, "right side of \(op.rawValue)")
            } catch {
                if op == .eq { return .bool(false) }
                if op == .ne { return .bool(true) }
                throw error
            }
            let c: CompareOp
            switch op {
            case .lt: c = .lt
            case .le: c = .le
            case .gt: c = .gt
            case .ge: c = .ge
            case .eq: c = .eq
            default: c = .ne
            }
            return .tensor(try Tensor.compare(ta, tb, c))
        }
        switch op {
        case .eq: return .bool(try checkedEqual(a, b, depth: 0))
        case .ne: return .bool(!(try checkedEqual(a, b, depth: 0)))
        default:
            let c = try order(a, b, op, depth: 0)
            switch op {
            case .lt: return .bool(c < 0)
            case .le: return .bool(c <= 0)
            case .gt: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        }
    }

    /// -1, 0, 1 ordering of numbers, strings, lists and tuples.
    static func order(_ a: Value, _ b: Value, _ op: CmpOp, depth: Int = 0) throws -> Int {
        if case .object(let o) = a, let n = o.numberValue { return try order(n, b, op, depth: depth) }
        if case .object(let o) = b, let n = o.numberValue { return try order(a, n, op, depth: depth) }
        if isNumber(a) && isNumber(b) {
            if let x = a.asInt, let y = b.asInt, !isFloat(a), !isFloat(b) { return x < y ? -1 : (x > y ? 1 : 0) }
            let x = a.asDouble ?? 0, y = b.asDouble ?? 0
            return x < y ? -1 : (x > y ? 1 : 0)
        }
        switch (a, b) {
        case (.string(let x), .string(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.list, .list), (.tuple, .tuple):
            guard depth < Repr.maxDepth else { throw comparisonRecursion() }
            let xs = a.asArray ?? [], ys = b.asArray ?? []
            for (x, y) in zip(xs, ys) where !(try itemsEqual(x, y, depth: depth + 1)) {
                return try order(x, y, op, depth: depth + 1)
            }
            return xs.count < ys.count ? -1 : (xs.count > ys.count ? 1 : 0)
        default:
            throw typeError("'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
        }
    }

    /// Python `==` for non-tensor values (false where the checked form would raise RecursionError).
    static func equal(_ a: Value, _ b: Value) -> Bool {
        (try? checkedEqual(a, b, depth: 0)) ?? false
    }

    static func comparisonRecursion() -> ScriptError {
        ScriptError(kind: "RecursionError", message: "maximum recursion depth exceeded in comparison")
    }

    /// Items of containers compare as Python's `PyObject_RichCompareBool` does: the same object is
    /// equal to itself without looking inside (so `l == l` holds for a list that contains itself).
    static func itemsEqual(_ a: Value, _ b: Value, depth: Int) throws -> Bool {
        switch (a, b) {
        case (.list(let x), .list(let y)) where x === y: return true
        case (.dict(let x), .dict(let y)) where x === y: return true
        default: return try checkedEqual(a, b, depth: depth)
        }
    }

    /// Python `==` for non-tensor values; RecursionError for containers nested deeper than `Repr.maxDepth`.
    static func checkedEqual(_ a: Value, _ b: Value, depth: Int) throws -> Bool {
        if case .object(let o) = a, let n = o.numberValue { return try checkedEqual(n, b, depth: depth) }
        if case .object(let o) = b, let n = o.numberValue { return try checkedEqual(a, n, depth: depth) }
        if case .object(let sa as SizeObject) = a {
            return try checkedEqual(.tuple(sa.dims.map(Value.int)), b, depth: depth)
        }
        if case .object(let sb as SizeObject) = b {
            return try checkedEqual(a, .tuple(sb.dims.map(Value.int)), depth: depth)
        }
        if isNumber(a) && isNumber(b) {
            if let x = a.asInt, let y = b.asInt, !isFloat(a), !isFloat(b) { return x == y }
            return a.asDouble == b.asDouble
        }
        switch (a, b) {
        case (.none, .none): return true
        case (.string(let x), .string(let y)): return x == y
        case (.list, .list), (.tuple, .tuple):
            let xs = a.asArray ?? [], ys = b.asArray ?? []
            guard xs.count == ys.count else { return false }
            guard depth < Repr.maxDepth else { throw comparisonRecursion() }
            for (x, y) in zip(xs, ys) where !(try itemsEqual(x, y, depth: depth + 1)) { return false }
            return true
        case (.dict(let x), .dict(let y)):
            guard x.count == y.count else { return false }
            guard depth < Repr.maxDepth else { throw comparisonRecursion() }
            for (k, v) in zip(x.keys, x.values) {
                guard let w = try? y.get(k), try itemsEqual(v, w, depth: depth + 1) else { return false }
            }
            return true
        case (.tensor(let x), .tensor(let y)): return x === y
        default: return identical(a, b)
        }
    }

    /// Python `is`.
    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.tensor(let x), .tensor(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        case (.tuple(let x), .tuple(let y)): return x.isEmpty && y.isEmpty
        default: return false
        }
    }
}
