// Builtins: the registry that binds names to Swift implementations, with one `BuiltinDoc` per
// builtin (signature, one-line summary, one example). The same data feeds the REPL's `:help` and
// docs/LANGUAGE.md (`Builtins.referenceMarkdown()`), so the reference cannot drift from the code.
// This file holds the registry and Python's own builtins (print, len, range, ...); torch/nn/F/optim
// are in TorchBuiltins.swift, data and training in DataBuiltins.swift.
// Non-goals: Python's full builtin set (no open/eval/exec/input: scripts cannot touch the system).

import Foundation
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
    public static var docs: [BuiltinDoc] { BuiltinTable.shared.docs + methodDocs }

    /// The declared methods of the builtin types, in reference order.
    static var methodDocs: [BuiltinDoc] {
        TensorMethods.methods.docs + ModuleMethods.methods.docs + OptimizerObject.methods.docs
            + TrainerObject.methods.docs
            + BuiltinMethods.tables.flatMap { $0 } + NDArray.methods.docs
    }

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
        registerLanguage()
        registerSys()
        registerItertools()
        registerFunctools()
        registerDataclasses()
        registerOS()
        registerFiles()
        registerBytes()
        registerTempfile()
        registerText()
        registerTyping()
        registerRe()
        registerTqdm()
        registerJSON()
        registerPprint()
        registerRandom()
        registerArgparse()
        registerMath()
        registerTorch()
        registerData()
        registerTorchvisionUtils()
        registerTorchvisionModels()
        registerNumPy()
        registerNumPySave()
        registerPyplot()
        registerGradstepHelpers()
        for n in [
            "int", "float", "str", "list", "tuple", "dict", "bool", "set", "frozenset", "range", "slice", "bytes",
        ] {
            if case .object(let f as BuiltinFunction)? = globals[n] { f.isType = true }
        }
    }

    /// Declares a builtin under `name`: its Python `signature` (parsed and enforced by
    /// `Signature.bind`), a one-line summary and a runnable example. Dotted names go into their
    /// namespace; `global` also binds the short name. `unsupported` lists keywords PyTorch accepts
    /// that gradstep refuses by name.
    @discardableResult
    func def(
        _ name: String, _ signature: String, _ summary: String, _ example: String,
        in ns: Namespace? = nil, global: Bool = false, unsupported: [String] = [],
        _ impl: @escaping (Bound, Interpreter) throws -> Value
    ) -> Value {
        let f = Value.object(BuiltinFunction(Signature(signature, unsupported: unsupported), impl))
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
        def(
            "print", "print(*values, sep=' ', end='\\n', file=None, flush=False)",
            "Writes the values, separated by `sep`, to the output.",
            "print('loss', 0.25)"
        ) { b, interp in
            for k in ["sep", "end"] {
                if let v = b.value(k), v.asString == nil {
                    throw typeError("\(k) must be None or a string, not \(v.typeName)")
                }
            }
            let sep = b.value("sep").map(\.str) ?? " "
            let end = b.value("end").map(\.str) ?? "\n"
            var text = try b.rest.map { try $0.checkedStr() }.joined(separator: sep) + end
            switch b.value("file") {
            case nil: break
            case .object(let s as StreamObject)?:
                // sys.stderr gets the text as is; sys.stdout is the ordinary output below
                if s.isError {
                    interp.errorOutput(text)
                    return .none
                }
            case let f?:
                // any object with a write(str) method, as Python allows
                let write = try interp.getAttribute(f, "write")
                _ = try interp.callValue(write, Args([.string(text)]))
                return .none
            }
            if text.hasSuffix("\n") {
                text.removeLast()
            } else {
                interp.pendingOutput += text
                return .none
            }
            interp.output(interp.pendingOutput + text)
            interp.pendingOutput = ""
            return .none
        }
        def(
            "len", "len(x, /)",
            "Number of items: list/tuple/str/dict length, first dimension of a tensor, batches of a loader.",
            "len([1, 2, 3])"
        ) { b, interp in
            let x = b.value("x") ?? .none
            if let n = try interp.userLength(x) { return .int(n) }
            switch x {
            case .string(let s): return .int(s.unicodeScalars.count)
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
        def(
            "range", "range(start, stop=None, step=1, /)",
            "The integers from start (default 0) up to, not including, stop.",
            "list(range(3))"
        ) { b, _ in
            let (start, stop) = try BuiltinTable.rangeBounds(b)
            let step = try b.int("step", 1)
            guard step != 0 else { throw valueError("range() arg 3 must not be zero") }
            return .object(RangeObject(start, stop, step))
        }
        def(
            "enumerate", "enumerate(iterable, start=0)",
            "Pairs (index, item), as in `for step, (data, target) in enumerate(loader)`.",
            "list(enumerate(['a', 'b']))"
        ) { b, interp in
            let next = try interp.iterate(b.value("iterable") ?? .none)
            // nil once the count has passed Int.max (Python's ints go on; gradstep's are 64-bit).
            var i: Int? = try b.int("start", 0)
            return .object(
                IteratorObject("enumerate") {
                    guard let x = try next() else { return nil }
                    guard let n = i else {
                        throw ScriptError(kind: "OverflowError", message: "enumerate(): the count passed 2**63 - 1")
                    }
                    let (after, overflow) = n.addingReportingOverflow(1)
                    i = overflow ? nil : after
                    return .tuple([.int(n), x])
                })
        }
        def(
            "zip", "zip(*iterables, strict=False)",
            "Tuples of the i-th items of each iterable, stopping at the shortest.",
            "list(zip([1, 2], ['a', 'b']))"
        ) { b, interp in
            let its = try b.rest.map { try interp.iterate($0) }
            let strict = try b.bool("strict", false)
            return .object(
                IteratorObject("zip") {
                    guard !its.isEmpty else { return nil }
                    var row: [Value] = []
                    for (k, it) in its.enumerated() {
                        guard let x = try it() else {
                            guard strict else { return nil }
                            // strict=True: every iterable must end together
                            if k > 0 {
                                throw valueError(
                                    "zip() argument \(k + 1) is shorter than argument\(k > 1 ? "s 1-\(k)" : " 1")")
                            }
                            for (j, other) in its.enumerated().dropFirst() where try other() != nil {
                                throw valueError(
                                    "zip() argument \(j + 1) is longer than argument\(j > 1 ? "s 1-\(j)" : " 1")")
                            }
                            return nil
                        }
                        row.append(x)
                    }
                    return .tuple(row)
                })
        }
        def("list", "list(iterable=(), /)", "A new list of the items.", "list((1, 2))") { b, interp in
            .list(ListRef(try b.value("iterable").map { try interp.toList($0) } ?? []))
        }
        def("tuple", "tuple(iterable=(), /)", "A tuple of the items.", "tuple([1, 2])") { b, interp in
            .tuple(try b.value("iterable").map { try interp.toList($0) } ?? [])
        }
        def(
            "dict", "dict(iterable=None, /, **kwargs)", "A new dict (from keyword arguments or a list of pairs).",
            "dict(lr=0.01, epochs=3)"
        ) { b, interp in
            try BuiltinTable.makeDict(b, interp, sources: b.value("iterable").map { [$0] } ?? [])
        }
        def("abs", "abs(x, /)", "Absolute value of a number or, elementwise, of a tensor.", "abs(-3)") { b, _ in
            switch b.value("x") ?? .none {
            case .int(let i):
                guard i != Int.min else { throw Operators.overflow(.sub) }
                return .int(Swift.abs(i))
            case .bool(let x): return .int(x ? 1 : 0)
            case .float(let d): return .float(Swift.abs(d))
            case .tensor(let t): return .tensor(t.abs())
            case .object(let o):
                if let r = try o.unaryOp("abs") { return r }
                throw typeError("bad operand type for abs(): '\(o.typeName)'")
            case let v: throw typeError("bad operand type for abs(): '\(v.typeName)'")
            }
        }
        for name in ["min", "max"] {
            def(
                name, "\(name)(*values, key=None, default=None)",
                "The \(name == "min" ? "smallest" : "largest") of the arguments, or of one iterable.",
                "\(name)(3, 1, 2)"
            ) { b, interp in
                var items = b.rest
                if items.count == 1 {
                    if case .tensor(let t) = items[0] { return .tensor(name == "min" ? try t.min() : try t.max()) }
                    items = try interp.toList(items[0])
                }
                if b.rest.isEmpty { throw typeError("\(name) expected at least 1 argument, got 0") }
                if b.rest.count > 1, b.passed("default") {
                    throw typeError("Cannot specify a default for \(name)() with multiple positional arguments")
                }
                if items.isEmpty, b.passed("default") { return b.raw("default") ?? .none }
                guard !items.isEmpty else { throw valueError("\(name)() arg is an empty sequence") }
                // the first of equal items wins, as in Python
                let key = b.value("key")
                func k(_ v: Value) throws -> Value { try key.map { try interp.callValue($0, Args([v])) } ?? v }
                var best = items[0], bestKey = try k(items[0])
                for x in items.dropFirst() {
                    let xk = try k(x)
                    if try name == "min" ? interp.lessThan(xk, bestKey) : interp.lessThan(bestKey, xk) {
                        best = x
                        bestKey = xk
                    }
                }
                return best
            }
        }
        def("sum", "sum(iterable, /, start=0)", "Adds the items (numbers or tensors) to start.", "sum([1, 2, 3])") {
            b, interp in
            let src = b.value("iterable") ?? .none
            if case .tensor(let t) = src { return .tensor(try t.sum()) }
            var acc = b.value("start") ?? .int(0)
            let next = try interp.iterate(src)
            while let x = try next() { acc = try interp.binaryOp(.add, acc, x) }
            return acc
        }
        def(
            "round", "round(number, ndigits=None)",
            "Rounds to the nearest integer (half to even), or to ndigits decimals.",
            "round(3.14159, 2)"
        ) { b, _ in
            let ndigits = try b.optInt("ndigits")
            if let i = b.raw("number")?.asInt {
                // an int stays an int; negative ndigits round to tens, hundreds, ... (half to even)
                guard let n = ndigits, n < 0 else { return .int(i) }
                guard n > -19 else { return .int(0) }
                var m = 1
                for _ in 0..<(-n) { m *= 10 }
                let q = i / m, r = i % m
                var down = q * m
                if r < 0 { down -= m }
                let rest = i - down
                let up = 2 * rest > m || (2 * rest == m && (down / m) % 2 != 0)
                return .int(up ? down + m : down)
            }
            let x = try b.double("number")
            if let n = ndigits {
                // Correctly rounded from the exact binary value, as CPython does: round(2.675, 2) is 2.67.
                if n >= 0, x.isFinite {
                    return .float(n > 320 ? x : Double(String(format: "%.\(n)f", x)) ?? x)
                }
                let m = Foundation.pow(10.0, Double(n))
                return .float((x * m).rounded(.toNearestOrEven) / m)
            }
            guard x.isFinite, Swift.abs(x) < 9e18 else {
                throw ScriptError(kind: "OverflowError", message: "cannot convert float \(Repr.pyFloat(x)) to integer")
            }
            return .int(Int(x.rounded(.toNearestOrEven)))
        }
        def(
            "float", "float(x=0, /)", "A Python float from a number, a one-element tensor or a string.", "float('1e-3')"
        ) { b, _ in
            let x = b.value("x") ?? .float(0)
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
        def(
            "int", "int(x=0, /, base=10)", "A Python int: truncates floats, reads strings and one-element tensors.",
            "int(3.9)"
        ) { b, _ in
            let x = b.value("x") ?? .int(0)
            let base = try b.int("base")
            guard base == 0 || (2...36).contains(base) else {
                throw valueError("int() base must be >= 2 and <= 36, or 0")
            }
            if b.passed("base"), x.asString == nil {
                throw typeError("int() can't convert non-string with explicit base")
            }
            switch x {
            case .string(let s):
                var body = Substring(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: ""))
                var negative = false
                if let f = body.first, f == "-" || f == "+" {
                    negative = f == "-"
                    body = body.dropFirst()
                }
                // a 0x/0o/0b prefix is allowed with its own base, and chooses the base when base=0
                var radix = base
                for (p, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.lowercased().hasPrefix(p) {
                    if base == 0 || base == r {
                        radix = r
                        body = body.dropFirst(2)
                    }
                }
                guard !body.isEmpty, !body.hasPrefix("-"), !body.hasPrefix("+"),
                    let i = Int(body, radix: radix == 0 ? 10 : radix)
                else {
                    throw valueError("invalid literal for int() with base \(base): \(Repr.quote(s))")
                }
                return .int(negative ? -i : i)
            default:
                let d = try toDouble(x, "int() argument")
                guard d.isFinite, Swift.abs(d) < 9.2e18 else {
                    throw ScriptError(
                        kind: "OverflowError", message: "cannot convert float \(Repr.pyFloat(d)) to integer")
                }
                return .int(Int(d.rounded(.towardZero)))
            }
        }
        def("str", "str(object='')", "The text form of a value (what print shows).", "str(0.5)") { b, _ in
            .string(try b.value("object")?.checkedStr() ?? "")
        }
        def("repr", "repr(obj, /)", "The representation of a value (what the REPL echoes).", "repr('a')") { b, _ in
            .string(try (b.raw("obj") ?? .none).checkedRepr())
        }
        def("bool", "bool(x=False, /)", "The truth value of x.", "bool([])") { b, interp in
            .bool(try interp.truthy(b.raw("x") ?? .none))
        }
        def(
            "isinstance", "isinstance(obj, classinfo, /)",
            "Whether obj is an instance of the class (or of one in a tuple of classes).",
            "isinstance(3, int)"
        ) { b, interp in
            let obj = b.value("obj") ?? .none
            let ci = b.value("classinfo") ?? .none
            if case .list = ci {
                throw typeError("isinstance() arg 2 must be a type, a tuple of types, or a union")
            }
            return .bool((ci.asArray ?? [ci]).contains { BuiltinTable.isInstance(obj, $0) })
        }
        def("type", "type(object, /)", "The class of x.", "type(1.5)") { b, interp in
            interp.classValue(of: b.raw("object") ?? .none)
        }
        def("sorted", "sorted(iterable, /, *, key=None, reverse=False)", "A new sorted list.", "sorted([3, 1, 2])") {
            b, interp in
            return .list(
                ListRef(
                    try sortValues(
                        try interp.toList(b.value("iterable") ?? .none), key: b.value("key"),
                        reverse: try b.bool("reverse", false), interp)))
        }
        def("reversed", "reversed(seq, /)", "The items in reverse order.", "list(reversed([1, 2, 3]))") { b, interp in
            .list(ListRef(try interp.toList(b.raw("seq") ?? .none).reversed()))
        }
        def("any", "any(iterable, /)", "True if any item is true.", "any([0, 1])") { b, interp in
            let next = try interp.iterate(b.raw("iterable") ?? .none)
            while let x = try next() { if try interp.truthy(x) { return .bool(true) } }
            return .bool(false)
        }
        def("all", "all(iterable, /)", "True if every item is true.", "all([1, 1])") { b, interp in
            let next = try interp.iterate(b.raw("iterable") ?? .none)
            while let x = try next() { if !(try interp.truthy(x)) { return .bool(false) } }
            return .bool(true)
        }
        def(
            "map", "map(function, iterable, /, *iterables)",
            "The function applied to every item (lazily; to several iterables in step).", "list(map(abs, [-1, 2]))"
        ) { b, interp in
            let f = b.raw("function") ?? .none
            let its = try ([b.raw("iterable") ?? .none] + b.rest).map { try interp.iterate($0) }
            return .object(
                IteratorObject("map") {
                    var row: [Value] = []
                    for it in its {
                        guard let x = try it() else { return nil }
                        row.append(x)
                    }
                    return try interp.callValue(f, Args(row))
                })
        }
        def(
            "filter", "filter(function, iterable, /)", "The items for which the function is true (lazily).",
            "list(filter(None, [0, 1, 2]))"
        ) { b, interp in
            let f = b.value("function")
            let next = try interp.iterate(b.raw("iterable") ?? .none)
            return .object(
                IteratorObject("filter") {
                    while let x = try next() {
                        if try interp.truthy(try f.map { try interp.callValue($0, Args([x])) } ?? x) { return x }
                    }
                    return nil
                })
        }
        def("iter", "iter(iterable, /)", "An iterator over the items (use with next).", "next(iter([5, 6]))") {
            b, interp in
            let v = b.raw("iterable") ?? .none
            if case .object(let it as IteratorObject) = v { return .object(it) }  // an iterator is its own iterator
            return .object(IteratorObject("iterator", try interp.iterate(v)))
        }
        def(
            "next", "next(iterator, default=None, /)",
            "The next item of an iterator (e.g. one batch: `next(iter(train_loader))`).",
            "next(iter([5, 6]))"
        ) { b, interp in
            let v = b.raw("iterator") ?? .none
            let x: Value?
            if case .object(let it as IteratorObject) = v {
                x = try it.next()
            } else if let m = try interp.userMethod(v, "__next__") {
                // a user iterator class: its __next__ raises StopIteration at the end
                do { x = try interp.callValue(m, Args()) } catch let e as ScriptError where e.kind == "StopIteration" {
                    x = nil
                }
            } else {
                throw typeError("'\(v.typeName)' object is not an iterator")
            }
            if let x { return x }
            if b.passed("default") { return b.raw("default") ?? .none }
            throw ScriptError(kind: "StopIteration", message: "")
        }
        def(
            "super", "super(type=None, object_or_type=None, /)",
            "The parent class's methods, as in `super(Net, self).__init__()`.",
            "class A(nn.Module):\n    def __init__(self):\n        super().__init__()"
        ) { b, interp in
            if case .object(let c as ClassValue)? = b.value("type"), let receiver = b.value("object_or_type") {
                return .object(SuperProxy(cls: c, receiver: receiver))
            }
            guard !b.passed("type"), let f = interp.frame, let selfV = f.vars["self"] ?? f.vars.values.first else {
                throw ScriptError(
                    kind: "RuntimeError", message: "super(): use super(ClassName, self) or call super() inside a method"
                )
            }
            let cls: ClassValue?
            switch selfV {
            case .module(let m as ScriptModule): cls = interp.methodOwner() ?? m.cls
            case .object(let i as Instance): cls = interp.methodOwner() ?? i.cls
            default: cls = nil
            }
            guard let c = cls else {
                throw ScriptError(kind: "RuntimeError", message: "super(): no class instance found")
            }
            return .object(SuperProxy(cls: c, receiver: selfV))
        }
        def(
            "help", "help(request=None, /)",
            "The declaration and summary of a builtin, or the declared methods of a value's type.",
            "help(torch.zeros)"
        ) { b, interp in
            interp.output(BuiltinTable.helpText(b.value("request"), interp))
            return .none
        }
        def("dir", "dir(object=None, /)", "The attribute names of x (what completion offers).", "dir(torch)[:3]") {
            b, interp in
            guard let x = b.value("object") else { return .list(ListRef(interp.globals.map { .string($0.name) })) }
            return .list(ListRef(interp.attributeNames(of: x).sorted().map(Value.string)))
        }
        def(
            "format", "format(value, spec='', /)", "Formats a value with a format spec, as f-strings do.",
            "format(0.12345, '.2f')"
        ) { b, _ in
            return .string(try Format.format(b.value("value") ?? .none, spec: try b.string("spec", "")))
        }
        def("hasattr", "hasattr(obj, name, /)", "Whether obj has the attribute.", "hasattr(nn.Linear(2, 1), 'weight')")
        { b, interp in
            return .bool((try? interp.getAttribute(b.value("obj") ?? .none, try b.string("name"))) != nil)
        }
        def(
            "getattr", "getattr(obj, name, default=None, /)", "The attribute of obj named by a string.",
            "getattr(nn.Linear(2, 1), 'out_features')"
        ) { b, interp in
            do { return try interp.getAttribute(b.value("obj") ?? .none, try b.string("name")) } catch {
                if b.passed("default") { return b.raw("default") ?? .none }
                throw error
            }
        }
        def(
            "setattr", "setattr(obj, name, value, /)", "Sets the attribute of obj named by a string.",
            "setattr(nn.Linear(2, 1), 'training', False)"
        ) { b, interp in
            try interp.setAttribute(b.value("obj") ?? .none, try b.string("name"), b.raw("value") ?? .none)
            return .none
        }
        for e in [
            "Exception", "BaseException", "ValueError", "TypeError", "RuntimeError", "IndexError", "KeyError",
            "ZeroDivisionError", "AttributeError", "NameError", "AssertionError", "KeyboardInterrupt",
            "NotImplementedError", "StopIteration", "OverflowError", "RecursionError", "ArithmeticError", "LookupError",
        ] {
            globals[e] = .object(ExceptionClass(e))
        }
        globals["object"] = .object(Marker("object", kind: "type"))
        globals["Ellipsis"] = .object(EllipsisValue.shared)
        let math = namespace("math")
        section = "math"
        for (n, f) in [
            ("sqrt", Foundation.sqrt), ("exp", Foundation.exp), ("sin", Foundation.sin),
            ("cos", Foundation.cos), ("tanh", Foundation.tanh), ("floor", Foundation.floor), ("ceil", Foundation.ceil),
            ("log2", Foundation.log2), ("log10", Foundation.log10), ("fabs", Foundation.fabs),
        ] as [(String, (Double) -> Double)] {
            def("math.\(n)", "math.\(n)(x)", "\(n) of a Python number.", "import math\nmath.\(n)(2.0)", in: math) {
                b, _ in
                let x = try b.double("x")
                if (n == "sqrt" && x < 0) || (["log", "log2", "log10"].contains(n) && x <= 0) {
                    throw valueError("math domain error")
                }
                let r = f(x)
                if n == "floor" || n == "ceil" {
                    guard r.isFinite, Swift.abs(r) < 9e18 else {
                        throw ScriptError(kind: "OverflowError", message: "cannot convert float to integer")
                    }
                    return .int(Int(r))
                }
                return .float(r)
            }
        }
        math.set("pi", .float(Double.pi))
        math.set("e", .float(M_E))
        math.set("inf", .float(.infinity))
        math.set("nan", .float(.nan))
        def(
            "math.isnan", "math.isnan(x, /)", "Whether x is NaN (not a number).", "import math\nmath.isnan(1.0)",
            in: math
        ) { b, _ in
            .bool(try b.double("x").isNaN)
        }
    }

    /// What `help(x)` prints: from the same declarations as `:help` and docs/LANGUAGE.md.
    /// `(start, stop)` of `range(start, stop=None, ...)`-style arguments: one argument is the stop.
    static func rangeBounds(_ b: Bound) throws -> (start: Int, stop: Int) {
        let first = try b.int("start")
        return b.has("stop") ? (first, try b.int("stop")) : (0, first)
    }

    static func helpText(_ v: Value?, _ interp: Interpreter) -> String {
        func entry(_ d: BuiltinDoc) -> String { "\(d.signature)\n    \(d.summary)" }
        func methods(_ type: String, _ docs: [BuiltinDoc]) -> String {
            "Help on \(type) objects; methods:\n\n" + docs.map(entry).joined(separator: "\n\n")
        }
        guard let v else {
            return
                "Type help(x) for the builtin or value x: help(torch.zeros), help(x.view), help(model). :help lists "
                + "everything."
        }
        switch v {
        case .object(let f as BuiltinFunction):
            if let d = Builtins.docs.first(where: { $0.name == f.name }) ?? Builtins.doc(f.name) { return entry(d) }
            return f.signature.text
        case .object(let n as Namespace):
            let prefix = n.name.replacingOccurrences(of: "torch.nn.functional", with: "F").replacingOccurrences(
                of: "torch.nn", with: "nn"
            )
            .replacingOccurrences(of: "torch.optim", with: "optim")
            let docs = Builtins.docs.filter {
                $0.name.hasPrefix(prefix + ".") && !$0.name.dropFirst(prefix.count + 1).contains(".")
            }
            return "Help on module \(n.name):\n\n" + docs.map(entry).joined(separator: "\n\n")
        case .object(let f as UserFunction):
            return "\(f.def.name)("
                + f.def.params.map { ($0.doubleStar ? "**" : ($0.star ? "*" : "")) + $0.name }.joined(separator: ", ")
                + ")"
        case .tensor: return methods("Tensor", TensorMethods.methods.docs)
        case .module(let m): return methods(m.typeName, ModuleMethods.methods.docs)
        case .object(let o as OptimizerObject): return methods(o.typeName, OptimizerObject.methods.docs)
        case .string: return methods("str", BuiltinMethods.str.docs)
        case .list: return methods("list", BuiltinMethods.list.docs)
        case .dict: return methods("dict", BuiltinMethods.dict.docs)
        case .tuple: return methods("tuple", BuiltinMethods.tuple.docs)
        default:
            let names = interp.attributeNames(of: v).sorted()
            return "Help on \(v.typeName) object:\n\n"
                + (names.isEmpty ? "(no attributes)" : names.joined(separator: ", "))
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
                ("dict", .dict), ("bool", .bool):
                return true
            case ("torch.tensor", .tensor): return true
            case _ where f.isType && obj.typeName == f.name: return true  // set, frozenset, range, slice
            default:
                if case .module(let m) = obj { return "nn." + m.typeName == f.name }
                return false
            }
        case .object(let m as Marker):
            if m.name == "nn.Module", case .module = obj { return true }
            if m.name == "torch.Tensor", case .tensor = obj { return true }
            if m.name == "object" { return true }
            if m.name == "<class 'numpy.ndarray'>", case .object(let a as NDArray) = obj { return !a.isScalar }
            return false
        case .object(let c as BuiltinClass):
            return c.isInstance(obj)
        case .object(let e as ExceptionClass):
            if case .object(let x as ExceptionObject) = obj { return e.catches(x.kind) }
            if case .object(let i as Instance) = obj, let root = i.cls.exceptionRoot { return e.catches(root) }
            return false
        default: return false
        }
    }
}

extension Interpreter {
    /// The class whose method is running now (for `super()` without arguments).
    func methodOwner() -> ClassValue? { currentFunction?.owner }
}
