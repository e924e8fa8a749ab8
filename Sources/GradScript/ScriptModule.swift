// ScriptModule: a learner's `class Net(nn.Module)` as a real engine `Module`.
//
// Attributes assigned to `self` register as in PyTorch: a module becomes a child (in assignment
// order), a leaf tensor that requires grad (e.g. `nn.Parameter(...)`) becomes a parameter, anything
// else is a plain attribute. So `network.parameters()` yields the 8 tensors of the slides' Net and
// `print(network)` shows the tree. `forward` runs the user's method through the interpreter, so the
// engine's `fit`, `Sequential` and checkpoints treat it like any layer.
// A class deriving from a built-in layer (`class Layer(nn.Linear)`) is a ScriptModule too: its
// `super().__init__(...)` makes the layer and the module shares the layer's registries (Module's
// `core`), so `self.weight` is the layer's weight, the state dict has PyTorch's keys, and the layer's
// hyper-parameters, repr and container behaviour are the module's; `super().forward(x)` (and a call
// of a subclass that defines no forward) runs the layer's own forward.
// NOTE: the interpreter is held weakly; a module outliving its interpreter throws on forward.

import GradEngine

final class ScriptModule: Module, @unchecked Sendable {
    let cls: ClassValue
    weak var interpreter: Interpreter?
    /// Non-module, non-parameter attributes (`self.hidden = 50`).
    var attrs: [String: Value] = [:]
    var attrOrder: [String] = []

    init(cls: ClassValue, interpreter: Interpreter) {
        self.cls = cls
        self.interpreter = interpreter
        super.init()
    }

    override var typeName: String { cls.name }

    override func extraRepr() -> String {
        guard let interp = interpreter, case .object(let o)? = cls.lookup("extra_repr"), let f = o as? UserFunction,
            let v = try? interp.callUser(f, Args([.module(self)]))
        else { return core?.extraRepr() ?? "" }
        return v.str
    }

    // What the built-in layer it derives from says about itself (nothing for a plain nn.Module).
    override var hyperParameters: [(name: String, value: HyperParameter)] { core?.hyperParameters ?? [] }
    override var requiredParameters: [String] { core?.requiredParameters ?? [] }
    override var optionalParameters: [String] { core?.optionalParameters ?? [] }
    override func appendChild(_ m: Module) throws {
        guard let core else { return try super.appendChild(m) }
        try core.appendChild(m)
    }
    override func childGroups(_ memo: PrintMemo, depth: Int) throws -> [(label: String, module: Module)] {
        try core?.childGroups(memo, depth: depth) ?? super.childGroups(memo, depth: depth)
    }

    override func forward(_ x: Tensor) throws -> Tensor {
        guard let interp = interpreter else {
            throw EngineError(typeName, "the script that defined this module is gone")
        }
        let r = try interp.callModule(self, Args([.tensor(x)]))
        guard case .tensor(let t) = r else {
            throw EngineError(typeName, "forward must return a Tensor, got \(r.typeName)")
        }
        return t
    }
}

extension Interpreter {
    /// `module.name`: user attributes, children, parameters, the user class's methods, then
    /// nn.Module's own methods (`parameters`, `train`, `eval`, ...).
    func moduleAttribute(_ v: Value, _ name: String, skipUser: Bool) throws -> Value {
        guard case .module(let m) = v else { throw typeError("not a module") }
        if let sm = m as? ScriptModule, !skipUser {
            if let a = sm.attrs[name] { return a }
        }
        if let c = m.child(name) { return .module(c) }
        if let p = m.parameter(name) { return .tensor(p) }
        if let b = m.buffer(name) { return .tensor(b) }
        if let sm = m as? ScriptModule, !skipUser, let cv = sm.cls.lookup(name) {
            return Interpreter.bindMethod(cv, to: v) ?? cv
        }
        if let r = try ModuleMethods.attribute(m, name, self) { return r }
        // A layer made with bias=False has no bias parameter: it reads as None, as in PyTorch.
        if m.optionalParameters.contains(name) { return .none }
        let candidates = attributeNames(of: v)
        let hint = suggest(name, candidates).map { "; did you mean '\($0)'?" } ?? ""
        throw ScriptError(kind: "AttributeError", message: "'\(m.typeName)' object has no attribute '\(name)'\(hint)")
    }

    func setModuleAttribute(_ m: Module, _ name: String, _ v: Value) throws {
        if name == "training" {
            guard case .bool(let b) = v else { throw typeError("training must be a bool") }
            m.training = b
            return
        }
        let sm = m as? ScriptModule
        if m.buffer(name) != nil, case .tensor(let t) = v {  // a registered buffer stays a buffer
            m.registerBuffer(name, t)
            return
        }
        switch v {
        case .module(let child):
            guard child !== m else { throw valueError("a module cannot be its own submodule") }
            if m.parameter(name) != nil { m.registerParameter(name, nil) }
            sm?.attrs.removeValue(forKey: name)
            m.registerModule(name, child)
            return
        case .tensor(let t) where m.parameter(name) != nil || (t.isLeaf && t.requiresGrad):
            if m.child(name) != nil { m.registerModule(name, nil) }
            sm?.attrs.removeValue(forKey: name)
            m.registerParameter(name, t)
            return
        case .none where m.requiredParameters.contains(name):
            throw typeError(
                "cannot assign None to \(m.typeName).\(name): gradstep's \(m.typeName) needs its \(name) (assign a "
                    + "tensor, e.g. nn.Parameter(...))"
            )
        case .none where m.parameter(name) != nil || m.child(name) != nil:
            m.registerParameter(name, nil)
            m.registerModule(name, nil)
            return
        default:
            break
        }
        guard let sm else {
            throw ScriptError(
                kind: "AttributeError",
                message:
                    "cannot set attribute '\(name)' of \(m.typeName) (only modules and parameters can be assigned to a "
                    + "built-in layer)"
            )
        }
        if m.child(name) != nil { m.registerModule(name, nil) }
        if m.parameter(name) != nil { m.registerParameter(name, nil) }
        if sm.attrs.updateValue(v, forKey: name) == nil { sm.attrOrder.append(name) }
    }
}

extension Interpreter {
    /// `super().name` in a class deriving from the built-in layer class `root`: `__init__` makes the
    /// layer from the arguments and shares its registries; `forward` is the layer's own forward;
    /// anything else is read as on nn.Module (parameters, hyper-parameters, `train`, `append`, ...).
    func builtinBaseAttribute(_ sm: ScriptModule, _ root: BuiltinClass, _ name: String) throws -> Value {
        switch name {
        case "__init__":
            return .object(
                BuiltinFunction(Signature("\(root.name).__init__(*args, **kwargs)")) { b, interp in
                    guard case .module(let layer) = try root.call(Args(b.rest, b.extra), interp) ?? .none else {
                        throw typeError("\(root.name)() did not make a module")
                    }
                    try sm.share(registriesOf: layer)
                    return .none
                })
        case "forward" where sm.core != nil:
            guard let core = sm.core, let f = try ModuleMethods.attribute(core, name, self) else { return .none }
            return f
        default:
            return try moduleAttribute(.module(sm), name, skipUser: true)
        }
    }
}
