// BuiltinClass: the classes of the builtin library (nn.Linear, nn.CrossEntropyLoss, optim.SGD,
// torch.Tensor, DataLoader, ...) as real class objects. Calling one constructs an instance through
// its declared constructor; `type(x)` returns it, so `type(m) == nn.Linear`, `type(m).__name__`,
// `m.__class__.__name__` and `isinstance(m, (nn.Conv2d, nn.Linear))` behave as in PyTorch.
//
// Which class an instance has is asked of the value itself (the engine module's `typeName`, the
// object's `typeName`), never by downcasting to a concrete layer type. Each class is created once
// per process (`BuiltinClass.make`), so identity comparisons hold.
// A script class may derive from a layer class (`class Layer(nn.Linear)`, see ScriptModule.swift):
// its instances are instances of that layer class too.
// Non-goals: subclassing the other builtin classes (losses, datasets, optimizers), metaclasses.

import GradEngine

final class BuiltinClass: ScriptObject, @unchecked Sendable {
    /// What kind of value the class describes; part of the registry key.
    enum Kind: String { case module, tensor, object }

    let name: String
    /// Python's module path (`torch.nn.modules.linear`), for the repr `<class '...Linear'>`.
    let pyModule: String
    let kind: Kind
    /// The base class (e.g. `nn.Module` for layers is the Marker; `_LRScheduler` for schedulers).
    let base: BuiltinClass?
    /// The declared constructor (a `BuiltinFunction` bound by its signature).
    let constructor: Value?
    /// Class-level attributes besides the constructor (`nn.Embedding.from_pretrained`).
    var classAttributes: [String: Value] = [:]

    private init(name: String, pyModule: String, kind: Kind, base: BuiltinClass?, constructor: Value?) {
        self.name = name
        self.pyModule = pyModule
        self.kind = kind
        self.base = base
        self.constructor = constructor
    }

    nonisolated(unsafe) private static var registry: [String: BuiltinClass] = [:]

    /// The class `kind:name`, made on first use with this constructor.
    static func make(
        _ name: String, pyModule: String, kind: Kind, base: BuiltinClass? = nil, constructor: Value?
    ) -> BuiltinClass {
        let key = "\(kind.rawValue):\(name)"
        if let c = registry[key] { return c }
        let c = BuiltinClass(name: name, pyModule: pyModule, kind: kind, base: base, constructor: constructor)
        registry[key] = c
        return c
    }

    /// The builtin class of a value, when it has one (user classes and Python builtins answer nil).
    static func classOf(_ v: Value) -> BuiltinClass? {
        switch v {
        case .tensor(let t):
            return registry[t.isParameter ? "tensor:Parameter" : "tensor:Tensor"] ?? registry["tensor:Tensor"]
        case .module(let m) where !(m is ScriptModule): return registry["module:\(m.typeName)"]
        case .object(let o) where !(o is Instance) && !(o is ClassValue): return registry["object:\(o.typeName)"]
        default: return nil
        }
    }

    /// Whether `v` is an instance of this class or of a builtin subclass of it.
    func isInstance(_ v: Value) -> Bool {
        var c = BuiltinClass.classOf(v)
        if case .module(let m as ScriptModule) = v { c = m.cls.builtinRoot }
        while let k = c {
            if k === self { return true }
            c = k.base
        }
        return false
    }

    override var typeName: String { "type" }
    override var repr: String { "<class '\(pyModule).\(name)'>" }
    override var attributeNames: [String] { ["__name__", "__qualname__", "__module__"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "__name__", "__qualname__": return .string(name)
        case "__module__": return .string(pyModule)
        default:
            if let v = classAttributes[n] { return v }
            if case .object(let f)? = constructor { return try f.getAttribute(n, interp) }
            return nil
        }
    }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        guard case .object(let f)? = constructor else {
            throw typeError("cannot create '\(pyModule).\(name)' instances")
        }
        return try f.call(args, interp)
    }
    override var parameterNames: [String] {
        if case .object(let f)? = constructor { return f.parameterNames }
        return []
    }
}

extension Namespace {
    /// Replaces the declared constructor `name` of this namespace by a class object wrapping it.
    @discardableResult
    func makeClass(_ name: String, pyModule: String, kind: BuiltinClass.Kind, base: BuiltinClass? = nil) -> BuiltinClass
    {
        let c = BuiltinClass.make(name, pyModule: pyModule, kind: kind, base: base, constructor: members[name])
        set(name, .object(c))
        return c
    }
}

extension Interpreter {
    /// `type(x)` / `x.__class__`: a user class, a builtin class, or (for Python values) a type marker.
    func classValue(of x: Value) -> Value {
        switch x {
        case .object(let i as Instance): return .object(i.cls)
        case .module(let m as ScriptModule): return .object(m.cls)
        default:
            if let c = BuiltinClass.classOf(x) { return .object(c) }
            if case .object(let f as BuiltinFunction)? = builtinNames[x.typeName], f.isType { return .object(f) }
            // One type object per Python type, so `type(a) == type(b)` and `type(a) == np.ndarray` hold.
            if case .object(let a as NDArray) = x, !a.isScalar {
                return .object(Marker.shared("<class 'numpy.ndarray'>", kind: "type"))
            }
            return .object(Marker.shared("<class '\(x.typeName)'>", kind: "type"))
        }
    }
}
