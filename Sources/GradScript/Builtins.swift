// Builtins: the registry that binds names to Swift implementations, with one `BuiltinDoc` per
// builtin (signature, one-line summary, one example). The same data feeds the REPL's `:help` and
// docs/LANGUAGE.md (`Builtins.referenceMarkdown()`), so the reference cannot drift from the code.
// This file holds the registry and Python's own builtins (print, len, range, ...); torch/nn/F/optim
// are in TorchBuiltins.swift, data and training in DataBuiltins.swift.
// Non-goals: Python's full builtin set (no open/eval/exec/input: scripts cannot touch the system).

import GradEngine

/// Documentation of one builtin, for `:help` and docs/LANGUAGE.md.
public struct BuiltinDoc: Sendable {
    /// Qualified name as typed: `print`, `torch.zeros`, `F.relu`, `nn.Linear`.
    public let name: String
    /// Call signature in Python notation: `torch.zeros(*size, requires_grad=False)`.
    public let signature: String
    /// One line saying what it does.
    public let summary: String
    /// One runnable example.
    public let example: String
    /// The section of the reference it belongs to.
    public let section: String
}

public enum Builtins {
    /// Every builtin's documentation, in reference order.
    public static var docs: [BuiltinDoc] { BuiltinTable.shared.docs }

    /// The documentation of one builtin by name (`"F.relu"`, `"relu"`, `"torch.nn.functional.relu"`).
    public static func doc(_ name: String) -> BuiltinDoc? {
        let n = name.replacingOccurrences(of: "torch.nn.functional.", with: "F.")
            .replacingOccurrences(of: "torch.nn.", with: "nn.").replacingOccurrences(of: "torch.optim.", with: "optim.")
        return docs.first { $0.name == n } ?? docs.first { $0.name.hasSuffix("." + n) }
    }
}

/// Names, modules and docs of all builtins; built once and shared (builtins hold no state).
final class BuiltinTable: @unchecked Sendable {
    static let shared = BuiltinTable()

    var globals: [String: Value] = [:]
    var modules: [String: Value] = [:]
    var docs: [BuiltinDoc] = []
    var section = "Python builtins"

    private init() {
        registerPython()
        registerTorch()
        registerData()
    }

    /// Parameter names from a signature string, for keyword completion: `f(a, b=1, *c)` -> [a, b].
    static func params(of signature: String) -> [String] {
        guard let open = signature.firstIndex(of: "("), let close = signature.lastIndex(of: ")") else { return [] }
        let inner = signature[signature.index(after: open)..<close]
        var depth = 0, cur = "", out: [String] = []
        for c in inner {
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1 }
            if c == "," && depth == 0 { out.append(cur); cur = ""; continue }
            cur.append(c)
        }
        out.append(cur)
        return out.compactMap { p in
            let t = p.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("*") || t.isEmpty || t == "/" { return nil }
            return String(t.split(separator: "=")[0]).trimmingCharacters(in: .whitespaces)
        }
    }

    /// Registers a documented builtin under `name` (dotted names go into their namespace).
    @discardableResult
    func def(_ name: String, _ signature: String, _ summary: String, _ example: String,
             in ns: Namespace? = nil, global: Bool = false,
             _ impl: @escaping (Args, Interpreter) throws -> Value) -> Value {
        let f = Value.object(BuiltinFunction(name, params: BuiltinTable.params(of: signature), impl))
        docs.append(BuiltinDoc(name: name, signature: signature, summary: summary, example: example, section: section))
        let short = String(name.split(separator: ".").last ?? Substring(name))
        if let ns { ns.set(short, f) }
        if global || ns == nil { globals[short] = f }
        return f
    }

    /// Adds an undocumented alias of an existing value.
    func alias(_ name: String, _ v: Value, in ns: Namespace? = nil) {
        if let ns { ns.set(name, v) } else { globals[name] = v }
    }

    func namespace(_ path: String, bindAs names: [String] = []) -> Namespace {
        let ns = Namespace(path)
        modules[path] = .object(ns)
        for n in names { globals[n] = .object(ns) }
        return ns
    }

    // MARK: Python builtins

    func registerPython() {
        section = "Python builtins"
        def("print", "print(*values, sep=' ', end='\\n')", "Writes the values, separated by `sep`, to the output.",
            "print('loss', 0.25)") { a, interp in
            let sep = a.keyword("sep").map(\.str) ?? " "
            let end = a.keyword("end").map(\.str) ?? "\n"
            var text = a.positional.map(\.str).joined(separator: sep) + end
            if text.hasSuffix("\n") { text.removeLast() } else { interp.pendingOutput += text; return .none }
            interp.output(interp.pendingOutput + text)
            interp.pendingOutput = ""
            return .none
        }
        def("len", "len(x)", "Number of items: list/tuple/str/dict length, first dimension of a tensor, batches of a loader.",
            "len([1, 2, 3])") { a, _ in
            let b = try a.bind("len", ["x"], required: 1)
            let x = b.value("x") ?? .none
            switch x {
            case .string(let s): return .int(s.count)
            case .list(let l): return .int(l.items.count)
            case .tuple(let t): return .int(t.count)
            case .dict(let d): return .int(d.count)
            case .tensor(let t):
                guard t.ndim > 0 else { throw typeError("len() of a 0-d tensor") }
                return .int(t.shape[0])
            case .module(let m): return .int(m.children.count)
            case .object(let o):
                if let n = try o.length() { return .int(n) }
            default: break
            }
            throw typeError("object of type '\(x.typeName)' has no len()")
        }
        def("range", "range(start, stop=None, step=1)", "The integers from start (default 0) up to, not including, stop.",
            "list(range(3))") { a, _ in
            let b = try a.bind("range", ["start", "stop", "step"], required: 1)
            var start = try b.int("start"), stop = 0
            if b.has("stop") { stop = try b.int("stop") } else { stop = start; start = 0 }
            let step = try b.int("step", 1)
            guard step != 0 else { throw valueError("range() arg 3 must not be zero") }
            return .object(RangeObject(start, stop, step))
        }
        def("enumerate", "enumerate(iterable, start=0)", "Pairs (index, item), as in `for step, (data, target) in enumerate(loader)`.",
            "list(enumerate(['a', 'b']))") { a, interp in
            let b = try a.bind("enumerate", ["iterable", "start"], required: 1)
            let next = try interp.iterate(b.value("iterable") ?? .none)
            var i = try b.int("start", 0)
            return .object(IteratorObject("enumerate") {
                guard let x = try next() else { return nil }
                defer { i += 1 }
                return .tuple([.int(i), x])
            })
        }
        def("zip", "zip(*iterables)", "Tuples of the i-th items of each iterable, stopping at the shortest.",
            "list(zip([1, 2], ['a', 'b']))") { a, interp in
            let its = try a.positional.map { try interp.iterate($0) }
            return .object(IteratorObject("zip") {
                guard !its.isEmpty else { return nil }
                var row: [Value] = []
                for it in its { guard let x = try it() else { return nil }; row.append(x) }
                return .tuple(row)
            })
        }
        def("list", "list(iterable=())", "A new list of the items.", "list((1, 2))") { a, interp in
            .list(ListRef(try a.positional.first.map { try interp.toList($0) } ?? []))
        }
        def("tuple", "tuple(iterable=())", "A tuple of the items.", "tuple([1, 2])") { a, interp in
            .tuple(try a.positional.first.map { try interp.toList($0) } ?? [])
        }
        def("dict", "dict(**kwargs)", "A new dict (from keyword arguments or a list of pairs).", "dict(lr=0.01, epochs=3)") { a, interp in
            let d = DictRef()
            if let src = a.positional.first {
                if case .dict(let o) = src { for (k, v) in zip(o.keys, o.values) { try d.set(k, v) } }
                else {
                    for pair in try interp.toList(src) {
                        guard let kv = pair.asArray, kv.count == 2 else { throw valueError("dictionary update sequence element has wrong length") }
                        try d.set(kv[0], kv[1])
                    }
                }
            }
            for (k, v) in a.keywords { try d.set(.string(k), v) }
            return .dict(d)
        }
        def("abs", "abs(x)", "Absolute value of a number or, elementwise, of a tensor.", "abs(-3)") { a, _ in
            let b = try a.bind("abs", ["x"], required: 1)
            switch b.value("x") ?? .none {
            case .int(let i): guard i != Int.min else { throw Operators.overflow(.sub) }; return .int(Swift.abs(i))
            case .bool(let x): return .int(x ? 1 : 0)
            case .float(let d): return .float(Swift.abs(d))
            case .tensor(let t): return .tensor(t.abs())
            case let v: throw typeError("bad operand type for abs(): '\(v.typeName)'")
            }
        }
        for name in ["min", "max"] {
            def(name, "\(name)(*values, key=None)", "The \(name == "min" ? "smallest" : "largest") of the arguments, or of one iterable.",
                "\(name)(3, 1, 2)") { a, interp in
                var items = a.positional
                if items.count == 1 {
                    if case .tensor(let t) = items[0] { return .tensor(name == "min" ? try t.min() : try t.max()) }
                    items = try interp.toList(items[0])
                }
                guard !items.isEmpty else { throw valueError("\(name)() arg is an empty sequence") }
                let sorted = try sortValues(items, key: a.keyword("key"), reverse: false, interp)
                return name == "min" ? sorted[0] : sorted[sorted.count - 1]
            }
        }
        def("sum", "sum(iterable, start=0)", "Adds the items (numbers or tensors) to start.", "sum([1, 2, 3])") { a, interp in
            let b = try a.bind("sum", ["iterable", "start"], required: 1)
            let src = b.value("iterable") ?? .none
            if case .tensor(let t) = src { return .tensor(try t.sum()) }
            var acc = b.value("start") ?? .int(0)
            let next = try interp.iterate(src)
            while let x = try next() { acc = try Operators.binary(.add, acc, x) }
            return acc
        }
        def("round", "round(x, ndigits=None)", "Rounds to the nearest integer (half to even), or to ndigits decimals.",
            "round(3.14159, 2)") { a, _ in
            let b = try a.bind("round", ["x", "ndigits"], required: 1)
            let x = try b.double("x")
            if let n = try b.optInt("ndigits") {
                let m = Foundation.pow(10.0, Double(n))
                return .float((x * m).rounded(.toNearestOrEven) / m)
            }
            guard x.isFinite, Swift.abs(x) < 9e18 else { throw ScriptError(kind: "OverflowError", message: "cannot convert float \(Repr.pyFloat(x)) to integer") }
            return .int(Int(x.rounded(.toNearestOrEven)))
        }
        def("float", "float(x=0)", "A Python float from a number, a one-element tensor or a string.", "float('1e-3')") { a, _ in
            guard let x = a.positional.first else { return .float(0) }
            if case .string(let s) = x {
                let t = s.trimmingCharacters(in: .whitespaces).lowercased()
                if let d = Double(t) { return .float(d) }
                if ["inf", "+inf", "infinity"].contains(t) { return .float(.infinity) }
                if t == "-inf" { return .float(-.infinity) }
                if t == "nan" { return .float(.nan) }
                throw valueError("could not convert string to float: \(Repr.quote(s))")
            }
            return .float(try toDouble(x, "float() argument"))
        }
        def("int", "int(x=0)", "A Python int: truncates floats, reads strings and one-element tensors.", "int(3.9)") { a, _ in
            guard let x = a.positional.first else { return .int(0) }
            switch x {
            case .string(let s):
                guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else { throw valueError("invalid literal for int() with base 10: \(Repr.quote(s))") }
                return .int(i)
            default:
                let d = try toDouble(x, "int() argument")
                guard d.isFinite, Swift.abs(d) < 9.2e18 else { throw ScriptError(kind: "OverflowError", message: "cannot convert float \(Repr.pyFloat(d)) to integer") }
                return .int(Int(d.rounded(.towardZero)))
            }
        }
        def("str", "str(x='')", "The text form of a value (what print shows).", "str(0.5)") { a, _ in
            .string(a.positional.first?.str ?? "")
        }
        def("repr", "repr(x)", "The representation of a value (what the REPL echoes).", "repr('a')") { a, _ in
            .string((a.positional.first ?? .none).repr)
        }
        def("bool", "bool(x=False)", "The truth value of x.", "bool([])") { a, interp in
            .bool(try a.positional.first.map { try interp.truthy($0) } ?? false)
        }
        def("isinstance", "isinstance(obj, classinfo)", "Whether obj is an instance of the class (or of one in a tuple of classes).",
            "isinstance(3, int)") { a, interp in
            let b = try a.bind("isinstance", ["obj", "classinfo"], required: 2)
            let obj = b.value("obj") ?? .none
            let ci = b.value("classinfo") ?? .none
            return .bool((ci.asArray ?? [ci]).contains { BuiltinTable.isInstance(obj, $0) })
        }
        def("type", "type(x)", "The class of x.", "type(1.5)") { a, _ in
            let x = a.positional.first ?? .none
            switch x {
            case .object(let i as Instance): return .object(i.cls)
            case .module(let m as ScriptModule): return .object(m.cls)
            default: return .object(Marker("<class '\(x.typeName)'>", kind: "type"))
            }
        }
        def("sorted", "sorted(iterable, key=None, reverse=False)", "A new sorted list.", "sorted([3, 1, 2])") { a, interp in
            let b = try a.bind("sorted", ["iterable", "key", "reverse"], required: 1)
            return .list(ListRef(try sortValues(try interp.toList(b.value("iterable") ?? .none), key: b.value("key"), reverse: try b.bool("reverse", false), interp)))
        }
        def("reversed", "reversed(seq)", "The items in reverse order.", "list(reversed([1, 2, 3]))") { a, interp in
            .list(ListRef(try interp.toList(a.positional.first ?? .none).reversed()))
        }
        def("any", "any(iterable)", "True if any item is true.", "any([0, 1])") { a, interp in
            let next = try interp.iterate(a.positional.first ?? .none)
            while let x = try next() { if try interp.truthy(x) { return .bool(true) } }
            return .bool(false)
        }
        def("all", "all(iterable)", "True if every item is true.", "all([1, 1])") { a, interp in
            let next = try interp.iterate(a.positional.first ?? .none)
            while let x = try next() { if !(try interp.truthy(x)) { return .bool(false) } }
            return .bool(true)
        }
        def("map", "map(function, iterable)", "The function applied to every item (a list).", "list(map(abs, [-1, 2]))") { a, interp in
            let b = try a.bind("map", ["function", "iterable"], required: 2)
            return .list(ListRef(try interp.toList(b.value("iterable") ?? .none).map { try interp.callValue(b.value("function") ?? .none, Args([$0])) }))
        }
        def("filter", "filter(function, iterable)", "The items for which the function is true (a list).", "list(filter(None, [0, 1, 2]))") { a, interp in
            let b = try a.bind("filter", ["function", "iterable"], required: 1)
            let f = b.value("function")
            return .list(ListRef(try interp.toList(b.value("iterable") ?? .none).filter { x in
                try interp.truthy(try f.map { try interp.callValue($0, Args([x])) } ?? x)
            }))
        }
        def("iter", "iter(iterable)", "An iterator over the items (use with next).", "next(iter([5, 6]))") { a, interp in
            let next = try interp.iterate(a.positional.first ?? .none)
            return .object(IteratorObject("iterator", next))
        }
        def("next", "next(iterator, default)", "The next item of an iterator (e.g. one batch: `next(iter(train_loader))`).",
            "next(iter([5, 6]))") { a, _ in
            guard case .object(let it as IteratorObject)? = a.positional.first else {
                throw typeError("next() expects an iterator (use iter(x) first)")
            }
            if let x = try it.next() { return x }
            if a.positional.count > 1 { return a.positional[1] }
            throw ScriptError(kind: "StopIteration", message: "the iterator is exhausted")
        }
        def("super", "super(cls=None, self=None)", "The parent class's methods, as in `super(Net, self).__init__()`.",
            "class A(nn.Module):\n    def __init__(self):\n        super().__init__()") { a, interp in
            if a.positional.count == 2, case .object(let c as ClassValue) = a.positional[0] {
                return .object(SuperProxy(cls: c, receiver: a.positional[1]))
            }
            guard a.positional.isEmpty, let f = interp.frame, let selfV = f.vars["self"] ?? f.vars.values.first else {
                throw ScriptError(kind: "RuntimeError", message: "super(): use super(ClassName, self) or call super() inside a method")
            }
            let cls: ClassValue?
            switch selfV {
            case .module(let m as ScriptModule): cls = interp.methodOwner() ?? m.cls
            case .object(let i as Instance): cls = interp.methodOwner() ?? i.cls
            default: cls = nil
            }
            guard let c = cls else { throw ScriptError(kind: "RuntimeError", message: "super(): no class instance found") }
            return .object(SuperProxy(cls: c, receiver: selfV))
        }
        def("dir", "dir(x)", "The attribute names of x (what completion offers).", "dir(torch)[:3]") { a, interp in
            guard let x = a.positional.first else { return .list(ListRef(interp.globals.map { .string($0.name) })) }
            return .list(ListRef(interp.attributeNames(of: x).sorted().map(Value.string)))
        }
        def("format", "format(value, spec='')", "Formats a value with a format spec, as f-strings do.", "format(0.12345, '.2f')") { a, _ in
            let b = try a.bind("format", ["value", "spec"], required: 1)
            return .string(try Format.format(b.value("value") ?? .none, spec: try b.string("spec", "")))
        }
        def("hasattr", "hasattr(obj, name)", "Whether obj has the attribute.", "hasattr(nn.Linear(2, 1), 'weight')") { a, interp in
            let b = try a.bind("hasattr", ["obj", "name"], required: 2)
            return .bool((try? interp.getAttribute(b.value("obj") ?? .none, try b.string("name"))) != nil)
        }
        def("getattr", "getattr(obj, name, default)", "The attribute of obj named by a string.", "getattr(nn.Linear(2, 1), 'out_features')") { a, interp in
            let b = try a.bind("getattr", ["obj", "name", "default"], required: 2)
            do { return try interp.getAttribute(b.value("obj") ?? .none, try b.string("name")) } catch {
                if let d = b.value("default") { return d }
                throw error
            }
        }
        def("setattr", "setattr(obj, name, value)", "Sets the attribute of obj named by a string.", "setattr(nn.Linear(2, 1), 'training', False)") { a, interp in
            let b = try a.bind("setattr", ["obj", "name", "value"], required: 3)
            try interp.setAttribute(b.value("obj") ?? .none, try b.string("name"), a.positional.count > 2 ? a.positional[2] : (b.value("value") ?? .none))
            return .none
        }
        for e in ["Exception", "BaseException", "ValueError", "TypeError", "RuntimeError", "IndexError", "KeyError",
                  "ZeroDivisionError", "AttributeError", "NameError", "AssertionError", "KeyboardInterrupt",
                  "NotImplementedError", "StopIteration", "OverflowError", "RecursionError", "ArithmeticError", "LookupError"] {
            globals[e] = .object(ExceptionClass(e))
        }
        globals["object"] = .object(Marker("object", kind: "type"))
        globals["Ellipsis"] = .object(EllipsisValue.shared)
        let math = namespace("math")
        section = "math"
        for (n, f) in [("sqrt", Foundation.sqrt), ("exp", Foundation.exp), ("log", Foundation.log), ("sin", Foundation.sin),
                       ("cos", Foundation.cos), ("tanh", Foundation.tanh), ("floor", Foundation.floor), ("ceil", Foundation.ceil),
                       ("log2", Foundation.log2), ("log10", Foundation.log10), ("fabs", Foundation.fabs)] as [(String, (Double) -> Double)] {
            def("math.\(n)", "math.\(n)(x)", "\(n) of a Python number.", "import math\nmath.\(n)(2.0)", in: math) { a, _ in
                let b = try a.bind("math.\(n)", ["x"], required: 1)
                let x = try b.double("x")
                if (n == "sqrt" && x < 0) || (["log", "log2", "log10"].contains(n) && x <= 0) { throw valueError("math domain error") }
                let r = f(x)
                if n == "floor" || n == "ceil" {
                    guard r.isFinite, Swift.abs(r) < 9e18 else { throw ScriptError(kind: "OverflowError", message: "cannot convert float to integer") }
                    return .int(Int(r))
                }
                return .float(r)
            }
        }
        math.set("pi", .float(Double.pi))
        math.set("e", .float(M_E))
        math.set("inf", .float(.infinity))
        math.set("nan", .float(.nan))
        def("math.isnan", "math.isnan(x)", "Whether x is NaN (not a number).", "import math\nmath.isnan(1.0)", in: math) { a, _ in
            .bool(try toDouble(a.positional.first ?? .none, "math.isnan()").isNaN)
        }
    }

    static func isInstance(_ obj: Value, _ cls: Value) -> Bool {
        switch cls {
        case .object(let c as ClassValue):
            switch obj {
            case .module(let m as ScriptModule): return m.cls.isSubclass(of: c)
            case .object(let i as Instance): return i.cls.isSubclass(of: c)
            default: return false
            }
        case .object(let f as BuiltinFunction):
            switch (f.name, obj) {
            case ("int", .int), ("int", .bool), ("float", .float), ("str", .string), ("list", .list), ("tuple", .tuple),
                 ("dict", .dict), ("bool", .bool): return true
            case ("torch.tensor", .tensor): return true
            default:
                if case .module(let m) = obj { return "nn." + m.typeName == f.name }
                return false
            }
        case .object(let m as Marker):
            if m.name == "nn.Module", case .module = obj { return true }
            if m.name == "torch.Tensor", case .tensor = obj { return true }
            if m.name == "object" { return true }
            return false
        case .object(let e as ExceptionClass):
            if case .object(let x as ExceptionObject) = obj { return e.catches(x.kind) }
            return false
        default: return false
        }
    }
}

extension Interpreter {
    /// The class whose method is running now (for `super()` without arguments).
    func methodOwner() -> ClassValue? { currentFunction?.owner }
}

import Foundation
