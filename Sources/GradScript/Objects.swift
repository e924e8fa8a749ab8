// Objects: the script's callable and structural values — builtin functions, namespaces (`torch`,
// `nn`, `F`), user functions and classes, bound methods, `super()`, ranges, iterators, and the
// `(values, indices)` result of `max(dim=...)`.
// Non-goals: metaclasses, descriptors, properties, multiple inheritance beyond a simple lookup order.

import GradEngine

/// A function implemented in Swift (`print`, `torch.zeros`, `F.relu`, a tensor's bound method).
/// Its declared signature is the only binder of its arguments (see Signature.swift).
final class BuiltinFunction: ScriptObject, @unchecked Sendable {
    let signature: Signature
    let impl: (Bound, Interpreter) throws -> Value
    init(_ signature: Signature, _ impl: @escaping (Bound, Interpreter) throws -> Value) {
        self.signature = signature
        self.impl = impl
    }
    /// A builtin declared by its Python signature text: `BuiltinFunction("Size.numel()") { ... }`.
    convenience init(_ text: String, unsupported: [String] = [], _ impl: @escaping (Bound, Interpreter) throws -> Value)
    {
        self.init(Signature(text.contains("(") ? text : text + "()", unsupported: unsupported), impl)
    }
    /// The declared name: `print`, `torch.zeros`, `Tensor.view`.
    var name: String { signature.qualifiedName }
    /// A Python builtin type used as its constructor (`int`, `str`, `list`, ...): it prints as
    /// `<class 'int'>`, and `type(3)` returns it, so `type(x) == int` and `type(x).__name__` work.
    var isType = false
    override var typeName: String { isType ? "type" : "builtin_function_or_method" }
    override var repr: String {
        isType ? "<class '\(signature.messageName)'>" : "<built-in function \(signature.messageName)>"
    }
    override var attributeNames: [String] { ["__name__", "__qualname__"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "__name__", "__qualname__": return .string(signature.messageName)
        default: return nil
        }
    }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        try impl(try signature.bind(args), interp)
    }
    override var parameterNames: [String] { signature.keywordNames }
}

/// A named group of builtins: `torch`, `torch.nn` (nn), `torch.nn.functional` (F), `torch.optim`, ...
final class Namespace: ScriptObject, @unchecked Sendable {
    let name: String
    private(set) var members: [String: Value] = [:]
    private(set) var order: [String] = []
    init(_ name: String) { self.name = name }
    func set(_ key: String, _ v: Value) {
        if members.updateValue(v, forKey: key) == nil { order.append(key) }
    }
    override var typeName: String { "module" }
    override var repr: String { "<module '\(name)'>" }
    override var attributeNames: [String] { order }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if let v = members[n] { return v }
        let short =
            [
                "torch.nn.functional": "F", "torch.nn": "nn", "torch.optim": "optim",
                "torchvision.datasets": "datasets", "torchvision.transforms": "transforms",
            ][name] ?? name
        let hint = suggest(n, order).map { "; did you mean '\(short).\($0)'?" } ?? ""
        throw ScriptError(kind: "AttributeError", message: "module '\(name)' has no attribute '\(n)'\(hint)")
    }
}

/// An object without behaviour of its own (nn.Module as a base class, torch.float32, ...).
final class Marker: ScriptObject, @unchecked Sendable {
    let name: String
    let kind: String
    init(_ name: String, kind: String) {
        self.name = name
        self.kind = kind
    }
    override var typeName: String { kind }
    override var repr: String { name }

    nonisolated(unsafe) private static var shared: [String: Marker] = [:]
    /// The one marker `kind:name` of the process, so that aliases are the same object, as in Python:
    /// `torch.float32 is torch.float`, `type(a) == np.ndarray`, `type(1) is type(2)`.
    static func shared(_ name: String, kind: String) -> Marker {
        let key = kind + ":" + name
        if let m = shared[key] { return m }
        let m = Marker(name, kind: kind)
        shared[key] = m
        return m
    }
    /// A torch dtype (`torch.float32`, ...): one object per dtype.
    static func dtype(_ name: String) -> Marker { shared(name, kind: "torch.dtype") }

    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        // A type marker's repr is "<class 'numpy.ndarray'>": its __name__ is the last dotted part.
        if kind == "type", n == "__name__" || n == "__qualname__", name.hasPrefix("<class '"), name.hasSuffix("'>") {
            let full = name.dropFirst(8).dropLast(2)
            return .string(String(full.split(separator: ".").last ?? full))
        }
        if kind == "torch.dtype", let d = DType.allCases.first(where: { $0.torchName == name }) {
            switch n {
            case "is_floating_point": return .bool(d.isFloatingPoint)
            case "is_signed": return .bool(d.isSigned)
            case "is_complex": return .bool(false)
            case "itemsize": return .int(d.itemSize)
            default: break
            }
        }
        return nil
    }
}

/// Lexical scope of a running function (or class body).
final class Frame {
    var vars: [String: Value] = [:]
    let enclosing: Frame?
    var globalNames: Set<String> = []
    let name: String
    let isClassBody: Bool
    /// The top-level scope of a user module (LocalImports.swift): where its `global` names live.
    var isModuleScope = false
    /// Names declared `nonlocal`: assigned in the enclosing function that has them.
    var nonlocalNames: Set<String> = []
    /// The line running now in this frame (for tracebacks).
    var line = 0
    /// The qualified name of the function or class running here (`main.<locals>.f`, `Net`).
    lazy var qualname = name
    init(name: String, enclosing: Frame?, isClassBody: Bool = false) {
        self.name = name
        self.enclosing = enclosing
        self.isClassBody = isClassBody
    }
}

/// A `def` (or lambda) with its evaluated defaults and the scope it was defined in.
final class UserFunction: ScriptObject, @unchecked Sendable {
    let def: FunctionDef
    let defaults: [Value?]
    let enclosing: Frame?
    let file: String
    /// The body of a lambda (nil for a def).
    let lambdaBody: Expr?
    /// The class it was defined in, for `super()` without arguments.
    weak var owner: ClassValue?
    /// Attributes set on the function (`f.calls = 0`, `functools.wraps` copying `__name__`).
    var attrs: [String: Value] = [:]
    /// Python's `__qualname__`: `f`, `Net.forward`, `main.<locals>.f` (set where it is defined).
    lazy var qualname = lambdaBody == nil ? def.name : "<lambda>"
    init(def: FunctionDef, defaults: [Value?], enclosing: Frame?, file: String, lambdaBody: Expr? = nil) {
        self.def = def
        self.defaults = defaults
        self.enclosing = enclosing
        self.file = file
        self.lambdaBody = lambdaBody
    }
    override var typeName: String { "function" }
    /// As Python's: `<function main.<locals>.f at 0x7f3a2c1d5e40>` (the address identifies the object).
    override var repr: String {
        "<function \(qualname) at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>"
    }
    override var attributeNames: [String] { ["__name__", "__qualname__", "__doc__"] + attrs.keys.sorted() }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if let v = attrs[n] { return v }
        switch n {
        case "__name__": return .string(lambdaBody == nil ? def.name : "<lambda>")
        case "__qualname__": return .string(qualname)
        case "__doc__":
            if case .expr(let e)? = def.body.first?.kind, case .string(let s) = e.kind { return .string(s) }
            return Value.none
        default: return nil
        }
    }
    override func setAttribute(_ n: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        attrs[n] = value
        return true
    }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? { try interp.callUser(self, args) }
    override var parameterNames: [String] { def.params.filter { !$0.star && !$0.doubleStar }.map(\.name) }
}

/// A method bound to its receiver (`network.forward`, `self.helper`).
final class BoundMethod: ScriptObject, @unchecked Sendable {
    let receiver: Value
    let function: UserFunction
    init(_ receiver: Value, _ function: UserFunction) {
        self.receiver = receiver
        self.function = function
    }
    override var typeName: String { "method" }
    override var repr: String { "<bound method \(function.def.name) of \(receiver.typeName)>" }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        var a = args
        a.positional.insert(receiver, at: 0)
        return try interp.callUser(function, a)
    }
    override var parameterNames: [String] { Array(function.parameterNames.dropFirst()) }
}

/// A user `class`. Instances are `ScriptModule`s when it derives from `nn.Module`, else `Instance`s.
final class ClassValue: ScriptObject, @unchecked Sendable {
    let name: String
    let bases: [ClassValue]
    let isModule: Bool
    var attrs: [String: Value] = [:]
    var attrOrder: [String] = []
    /// For a user exception class (`class MyError(ValueError)`): the builtin exception it derives
    /// from, which decides what `except ValueError` catches.
    let exceptionRoot: String?
    /// The names annotated in the class body (`lr: float = 0.01`), in order (for `@dataclass`).
    var annotations: [String] = []
    /// A `@dataclass`'s fields, bases' first (nil: not a dataclass).
    var dataclassFields: [DataField]?
    /// `@dataclass(frozen=True)`: instances refuse attribute assignment.
    var frozen = false
    /// Python's `__qualname__` (`Net`, `main.<locals>.A`), set where the class is defined.
    lazy var qualname = name
    /// The built-in layer class it derives from directly (`class Layer(nn.Linear)`), if any.
    var builtinBase: BuiltinClass?
    /// The built-in layer class it derives from, directly or through its bases.
    var builtinRoot: BuiltinClass? { builtinBase ?? bases.lazy.compactMap(\.builtinRoot).first }
    init(name: String, bases: [ClassValue], isModule: Bool, exceptionRoot: String? = nil) {
        self.name = name
        self.bases = bases
        self.isModule = isModule
        self.exceptionRoot = exceptionRoot ?? bases.lazy.compactMap(\.exceptionRoot).first
    }
    override var typeName: String { "type" }
    override var repr: String { "<class '\(name)'>" }
    /// Looks `n` up in this class, then its bases depth-first.
    func lookup(_ n: String) -> Value? {
        if let v = attrs[n] { return v }
        for b in bases { if let v = b.lookup(n) { return v } }
        return nil
    }
    func isSubclass(of other: ClassValue) -> Bool {
        self === other || bases.contains { $0.isSubclass(of: other) }
    }
    override var attributeNames: [String] { attrOrder + bases.flatMap(\.attributeNames) }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if n == "__name__" { return .string(name) }
        if n == "__qualname__" { return .string(qualname) }
        return lookup(n)
    }
    override func setAttribute(_ n: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if attrs.updateValue(value, forKey: n) == nil { attrOrder.append(n) }
        return true
    }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? { try interp.instantiate(self, args) }
    override var parameterNames: [String] {
        if case .object(let o)? = lookup("__init__"), let f = o as? UserFunction {
            return Array(f.parameterNames.dropFirst())
        }
        return []
    }
}

/// An instance of a user class that is not an nn.Module.
final class Instance: ScriptObject, @unchecked Sendable {
    let cls: ClassValue
    var attrs: [String: Value] = [:]
    var attrOrder: [String] = []
    /// The interpreter that made it (to run `__repr__`/`__str__` when it is printed).
    weak var interpreter: Interpreter?
    init(cls: ClassValue) { self.cls = cls }
    override var repr: String {
        if let r = interpreter?.userText(self, "__repr__") { return r }
        if cls.exceptionRoot != nil { return "\(cls.name)(" + exceptionArgs.map(\.repr).joined(separator: ", ") + ")" }
        return "<__main__.\(cls.name) object>"
    }
    override var str: String {
        if let s = interpreter?.userText(self, "__str__") { return s }
        if cls.exceptionRoot != nil {
            return ExceptionObject(kind: cls.exceptionRoot ?? "", args: exceptionArgs).message
        }
        return repr
    }
    /// An exception instance's `args` (set by the constructor, or by `super().__init__(...)`).
    var exceptionArgs: [Value] { attrs["args"]?.asArray ?? [] }
    /// Frees the attributes through `Trashcan`, so a 100,000-node linked list of instances does not
    /// overflow the stack when it is dropped.
    deinit {
        var values = Array(attrs.values)
        attrs = [:]
        Trashcan.release(&values)
    }
    override var typeName: String { cls.name }
    override var attributeNames: [String] { attrOrder + cls.attributeNames }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if let v = attrs[n] { return v }
        if let v = cls.lookup(n) {
            return Interpreter.bindMethod(v, to: .object(self)) ?? v
        }
        return nil
    }
    override func setAttribute(_ n: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if cls.frozen { throw ScriptError(kind: "FrozenInstanceError", message: "cannot assign to field '\(n)'") }
        if attrs.updateValue(value, forKey: n) == nil { attrOrder.append(n) }
        return true
    }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        guard let c = cls.lookup("__call__"), let m = Interpreter.bindMethod(c, to: .object(self)) else { return nil }
        return try interp.callValue(m, args)
    }
}

/// `super(Net, self)` / `super()`: attribute lookup starting after `cls` in the receiver's bases.
final class SuperProxy: ScriptObject, @unchecked Sendable {
    let cls: ClassValue
    let receiver: Value
    init(cls: ClassValue, receiver: Value) {
        self.cls = cls
        self.receiver = receiver
    }
    override var typeName: String { "super" }
    override var repr: String { "<super: <class '\(cls.name)'>>" }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        for b in cls.bases {
            if let v = b.lookup(n) {
                return Interpreter.bindMethod(v, to: receiver) ?? v
            }
        }
        if let root = cls.builtinRoot, case .module(let sm as ScriptModule) = receiver {
            return try interp.builtinBaseAttribute(sm, root, n)
        }
        if cls.exceptionRoot != nil, n == "__init__" || n == "__str__" {
            // BaseException's own: __init__ keeps its arguments as `args`, which str() shows
            guard case .object(let inst as Instance) = receiver else { return nil }
            if n == "__str__" {
                return .object(
                    BuiltinFunction("BaseException.__str__()") { (_: Bound, _: Interpreter) in
                        .string(ExceptionObject(kind: inst.cls.exceptionRoot ?? "", args: inst.exceptionArgs).message)
                    })
            }
            return .object(
                BuiltinFunction("BaseException.__init__(*args)") { b, _ in
                    if inst.attrs.updateValue(.tuple(b.rest), forKey: "args") == nil { inst.attrOrder.append("args") }
                    return .none
                })
        }
        if cls.isModule || cls.bases.isEmpty {
            // nn.Module's own __init__ (nothing left to do: registration is set up already) and methods.
            if n == "__init__" {
                return .object(
                    BuiltinFunction("Module.__init__(*args, **kwargs)") { (_: Bound, _: Interpreter) in .none })
            }
            if case .module = receiver { return try interp.moduleAttribute(receiver, n, skipUser: true) }
        }
        return nil
    }
}

/// `range(start, stop, step)`, lazy.
final class RangeObject: ScriptObject, @unchecked Sendable {
    let start: Int, stop: Int, step: Int
    init(_ start: Int, _ stop: Int, _ step: Int) {
        self.start = start
        self.stop = stop
        self.step = step
    }
    override var typeName: String { "range" }
    override var repr: String { step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))" }
    /// How many values, exactly: up to 2⁶⁴ - 1 (`range(-2**63, 2**63 - 1)`), so in UInt. The
    /// distance between two Ints always fits a UInt (two's complement), so nothing overflows.
    var exactCount: UInt {
        if step > 0 {
            guard stop > start else { return 0 }
            return (UInt(bitPattern: stop &- start) - 1) / UInt(step) + 1
        }
        guard start > stop else { return 0 }
        return (UInt(bitPattern: start &- stop) - 1) / step.magnitude + 1
    }
    /// Whether `i` is one of the values, without walking them: within the bounds and a whole
    /// number of steps from `start` (distances in UInt, which hold any two Ints' difference).
    func contains(_ i: Int) -> Bool {
        let inside = step > 0 ? (i >= start && i < stop) : (i <= start && i > stop)
        guard inside else { return false }
        let distance = step > 0 ? UInt(bitPattern: i &- start) : UInt(bitPattern: start &- i)
        return distance % step.magnitude == 0
    }
    /// The count as an Int (Int.max for the few ranges longer than that).
    var count: Int { Int(exactly: exactCount) ?? Int.max }
    /// `len(range)`: Python's OverflowError when the count does not fit (CPython's ssize_t).
    override func length() throws -> Int? {
        guard let n = Int(exactly: exactCount) else {
            throw ScriptError(kind: "OverflowError", message: "Python int too large to convert to C ssize_t")
        }
        return n
    }
    /// Value k (0 <= k < exactCount): start + k·step, in wrapping arithmetic, which is exact here
    /// because the true result is a member of the range and so fits an Int.
    func value(at k: UInt) -> Int { start &+ Int(truncatingIfNeeded: k &* UInt(bitPattern: step)) }
    /// Counts down the values left rather than comparing against `stop`, so `i += step` never
    /// overflows; asks for Ctrl-C every 65,536 values (`sum(range(10**12))` is one builtin call).
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var k: UInt = 0
        let n = exactCount
        return { [weak interp, self] in
            guard k < n else { return nil }
            if k & 0xFFFF == 0xFFFF { try interp?.pollInterrupt() }
            defer { k += 1 }
            return .int(self.value(at: k))
        }
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let i = try toInt(index, "range index")
        let n = exactCount
        let k: UInt? = i >= 0 ? UInt(i) : (i.magnitude <= n ? n - i.magnitude : nil)
        guard let k, k < n else { throw ScriptError(kind: "IndexError", message: "range object index out of range") }
        return .int(value(at: k))
    }
}

/// A lazy iterator (`enumerate`, `zip`, `iter`, a generator expression's result).
class IteratorObject: ScriptObject, @unchecked Sendable {
    let kind: String
    let next: () throws -> Value?
    let count: Int?
    init(_ kind: String, count: Int? = nil, _ next: @escaping () throws -> Value?) {
        self.kind = kind
        self.count = count
        self.next = next
    }
    override var typeName: String { kind }
    override var repr: String { "<\(kind) object>" }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        next
    }
}

/// The `(values, indices)` result of `x.max(dim=...)`, like torch.return_types.max.
final class ReturnTuple: ScriptObject, @unchecked Sendable {
    let kind: String
    let names: [String]
    let items: [Value]
    init(_ kind: String, names: [String], items: [Value]) {
        self.kind = kind
        self.names = names
        self.items = items
    }
    override var typeName: String { "torch.return_types.\(kind)" }
    override var repr: String {
        "torch.return_types.\(kind)(\n" + zip(names, items).map { "\($0)=\($1.repr)" }.joined(separator: ",\n") + ")"
    }
    override var attributeNames: [String] { names }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        guard let i = names.firstIndex(of: n) else { return nil }
        return items[i]
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let i = try toInt(index, "tuple index")
        let k = i < 0 ? i + items.count : i
        guard k >= 0 && k < items.count else {
            throw ScriptError(kind: "IndexError", message: "tuple index out of range")
        }
        return items[k]
    }
    override func length() throws -> Int? { items.count }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var it = items.makeIterator()
        return { it.next() }
    }
}

/// An exception value (`ValueError("bad")`), raised with `raise` and caught with `except`.
final class ExceptionObject: ScriptObject, @unchecked Sendable {
    let kind: String
    let message: String
    /// The arguments it was made with (`ValueError("bad", 3).args`); nil for a raised builtin error.
    let args: [Value]?
    init(kind: String, message: String, args: [Value]? = nil) {
        self.kind = kind
        self.message = message
        self.args = args
    }
    /// `Kind(*args)` as Python makes it: `str(e)` is the one argument's str (its repr for a
    /// KeyError), or the tuple of several.
    convenience init(kind: String, args: [Value]) {
        let message: String
        switch args.count {
        case 0: message = ""
        case 1: message = kind == "KeyError" ? args[0].repr : args[0].str
        default: message = Value.tuple(args).repr
        }
        self.init(kind: kind, message: message, args: args)
    }
    override var typeName: String { kind }
    override var repr: String {
        // a builtin KeyError's message is already the key's repr: KeyError('k')
        if args == nil, kind == "KeyError" { return "KeyError(\(message))" }
        return "\(kind)(" + (args ?? [.string(message)]).map(\.repr).joined(separator: ", ") + ")"
    }
    /// `raise X from Y`: Y.
    var cause: Value = .none
    override var attributeNames: [String] { ["args", "__cause__"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "args": return .tuple(args ?? [.string(message)])
        case "__cause__": return cause
        default: return nil
        }
    }
}

/// An exception class (`ValueError`), callable to make an `ExceptionObject`.
final class ExceptionClass: ScriptObject, @unchecked Sendable {
    let kind: String
    init(_ kind: String) { self.kind = kind }
    override var typeName: String { "type" }
    override var repr: String { "<class '\(kind)'>" }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        .object(ExceptionObject(kind: kind, args: args.positional))
    }
    /// Whether an error of `errorKind` is caught by `except <this>`.
    func catches(_ errorKind: String) -> Bool {
        if kind == "BaseException" { return true }
        if errorKind == "KeyboardInterrupt" || errorKind == "StepLimitExceeded" || errorKind == "SystemExit" {
            return kind == errorKind
        }
        if kind == "Exception" || kind == errorKind { return true }
        if kind == "ArithmeticError" { return ["ZeroDivisionError", "OverflowError"].contains(errorKind) }
        if kind == "LookupError" { return ["IndexError", "KeyError"].contains(errorKind) }
        if kind == "OSError" || kind == "IOError" || kind == "EnvironmentError" {
            return [
                "FileNotFoundError", "FileExistsError", "IsADirectoryError", "NotADirectoryError", "PermissionError",
                "TimeoutError", "UnsupportedOperation", "OSError",
            ].contains(errorKind)
        }
        if kind == "ValueError" {
            return [
                "UnicodeDecodeError", "UnicodeError", "UnsupportedOperation", "json.decoder.JSONDecodeError",
            ].contains(errorKind)
        }
        if kind == "UnicodeError" { return errorKind == "UnicodeDecodeError" }
        if kind == "RuntimeError" { return ["RecursionError", "NotImplementedError"].contains(errorKind) }
        return false
    }
}

/// Wraps an optimizer (`optim.SGD(...)`).
final class OptimizerObject: ScriptObject, @unchecked Sendable {
    let optimizer: Optimizer
    init(_ o: Optimizer) { optimizer = o }
    override var typeName: String { optimizer.typeName }
    override var repr: String { optimizer.description }
    override var attributeNames: [String] { OptimizerObject.methods.names + ["lr", "state", "param_groups"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "param_groups": return .list(ListRef(optimizer.groups.map { .object(ParamGroupObject(optimizer, $0)) }))
        case "lr": return .float(optimizer.groups.first?.number("lr") ?? 0)
        case "state": return .string(optimizer.stateDescription)
        default: return OptimizerObject.methods.bound(optimizer, n)
        }
    }

    /// Every method of an optimizer, declared once.
    nonisolated(unsafe) static let methods: MethodTable<Optimizer> = {
        let m = MethodTable<Optimizer>("Optimizer", section: "Optimizer methods")
        let setup = "w = torch.tensor([1.0], requires_grad=True)\nopt = optim.SGD([w], lr=0.1)\n"
        m.def(
            "zero_grad", "set_to_none=True", "Clears the gradients of the parameters it updates.",
            setup + "opt.zero_grad()"
        ) { o, b, _ in
            o.zeroGrad(setToNone: try b.bool("set_to_none", true))
            return .none
        }
        m.def(
            "step", "closure=None", "One update of every parameter from its .grad.",
            setup + "(w * w).sum().backward()\nopt.step()\nw"
        ) { o, b, interp in
            if b.value("closure") != nil { throw typeError("step(): closure= is not supported by gradstep") }
            try interp.tick()
            try o.step()
            return .none
        }
        m.def(
            "state_dict", "",
            "The optimizer's state and parameter groups, as PyTorch lays them out (save it with torch.save).",
            setup + "opt.state_dict()['param_groups'][0]['lr']"
        ) { o, _, _ in try OptimizerObject.stateDict(o) }
        m.def(
            "load_state_dict", "state_dict",
            "Puts back a state made by state_dict() (same groups and parameter counts).",
            setup + "opt.load_state_dict(opt.state_dict())"
        ) { o, b, interp in
            try OptimizerObject.loadStateDict(o, b.raw("state_dict") ?? .none, interp)
            return .none
        }
        m.def(
            "add_param_group", "param_group",
            "Adds a group {'params': [...], 'lr': ...}; unspecified options take the first group's.",
            setup
                + "opt.add_param_group({'params': [torch.zeros(1, requires_grad=True)], 'lr': "
                + "0.01})\nlen(opt.param_groups)"
        ) { o, b, interp in
            guard case .dict(let d)? = b.raw("param_group") else { throw typeError("param_group must be a dict") }
            var ps: [Tensor] = []
            var opts: [String: OptionValue] = [:]
            for (k, v) in zip(d.keys, d.values) {
                guard case .string(let key) = k else { continue }
                if key == "params" {
                    ps = try (v.asTensor.map { [Value.tensor($0)] } ?? interp.toList(v)).map {
                        try toTensor($0, "add_param_group(): params")
                    }
                } else {
                    opts[key] = try BuiltinTable.optionValue(v, "add_param_group(): \(key)")
                }
            }
            try o.addParamGroup(ps, opts)
            return .none
        }
        return m
    }()
    override func setAttribute(_ n: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        guard n == "lr" else { return false }
        let lr = try toDouble(value, "lr")
        guard lr >= 0, lr.isFinite else { throw valueError("Invalid learning rate: \(Repr.pyFloat(lr))") }
        optimizer.lr = Float(lr)
        return true
    }
}

/// A context manager for `with`: `torch.no_grad()`, `torch.enable_grad()`.
class ContextObject: ScriptObject, @unchecked Sendable {
    let name: String
    let onEnter: () throws -> Value
    let onExit: () -> Void
    init(_ name: String, enter: @escaping () throws -> Value, exit: @escaping () -> Void) {
        self.name = name
        self.onEnter = enter
        self.onExit = exit
    }
    override var typeName: String { name }
    override var repr: String { "<\(name) object>" }
    func enter() throws -> Value { try onEnter() }
    func exit() { onExit() }
    /// Used as a decorator (`@torch.no_grad()` above a `def`): the function, run inside this context
    /// on every call, as PyTorch's context-manager decorators do.
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        guard args.keywords.isEmpty, args.positional.count == 1, let f = args.positional.first else {
            throw typeError("'\(name)' object takes one function when used as a decorator")
        }
        let wrapped = BuiltinFunction("\(name)(*args, **kwargs)") { [self] b, interp in
            _ = try self.enter()
            defer { self.exit() }
            return try interp.callValue(f, Args(b.rest, b.extra))
        }
        return .object(wrapped)
    }
}
