// AutogradFunction: `class MyReLU(torch.autograd.Function)` with `@staticmethod forward(ctx, ...)`
// and `@staticmethod backward(ctx, grad_output)`, called as `MyReLU.apply(x)`. forward runs without
// recording a graph; its result is recorded as one engine op (CustomFunction) whose backward calls
// the script's `backward` with dL/d(output) and takes one gradient per forward argument (None for
// arguments that are not tensors or need none), as PyTorch does. `ctx.save_for_backward(...)` /
// `ctx.saved_tensors`, `ctx.needs_input_grad` and any attribute set on ctx carry state between them.
// Non-goals: several outputs, mark_dirty / mark_non_differentiable, double backward, `setup_context`.

import GradEngine

extension BuiltinTable {
    func registerAutogradFunction(_ autograd: Namespace) {
        let base = ClassValue(name: "Function", bases: [], isModule: false)
        let apply = BuiltinFunction(Signature("Function.apply(cls, *args)")) { b, interp in
            guard case .object(let cls as ClassValue)? = b.raw("cls") else {
                throw typeError("apply() must be called on a Function subclass")
            }
            return try AutogradFunction.apply(cls, b.rest, interp)
        }
        base.attrs["apply"] = .object(ClassMethodValue(.object(apply)))
        base.attrOrder.append("apply")
        autograd.set("Function", .object(base))
    }
}

enum AutogradFunction {
    static func staticFunction(_ cls: ClassValue, _ name: String) throws -> Value {
        guard let v = cls.lookup(name) else {
            throw ScriptError(
                kind: "NotImplementedError", message: "\(cls.name) must define @staticmethod \(name)(ctx, ...)")
        }
        if case .object(let s as StaticMethodValue) = v { return s.function }
        return v
    }

    static func apply(_ cls: ClassValue, _ args: [Value], _ interp: Interpreter) throws -> Value {
        let forward = try staticFunction(cls, "forward")
        let backward = try staticFunction(cls, "backward")
        let ctx = FunctionContext()
        ctx.needsInputGrad = args.map { $0.asTensor?.requiresGrad ?? false }
        let out = try noGrad { try interp.callValue(forward, Args([.object(ctx)] + args)) }
        guard case .tensor(let y) = out else {
            throw ScriptError(
                kind: "NotImplementedError",
                message: "\(cls.name).forward returned \(out.typeName): gradstep supports one Tensor output")
        }
        let tensorArgs = args.enumerated().compactMap { i, v in v.asTensor.map { (i, $0) } }
        weak var weakInterp = interp
        let name = cls.name
        let result = CustomFunction.apply(name: name, inputs: tensorArgs.map(\.1), output: y) { g in
            guard let interp = weakInterp else {
                throw EngineError(name, "the script that defined this function is gone")
            }
            let r = try interp.callValue(backward, Args([.object(ctx), .tensor(g)]))
            let grads = r.asArray ?? [r]
            guard grads.count == args.count else {
                throw ScriptError(
                    kind: "RuntimeError",
                    message:
                        "function \(name)Backward returned an incorrect number of gradients (expected \(args.count), "
                        + "got \(grads.count))"
                )
            }
            return try tensorArgs.map { i, _ in
                grads[i].isNone ? nil : try toTensor(grads[i], "\(name).backward gradient \(i)")
            }
        }
        return .tensor(result)
    }
}

/// The `ctx` of a custom Function: saved tensors, needs_input_grad, and free attributes.
final class FunctionContext: ScriptObject, @unchecked Sendable {
    var saved: [Value] = []
    var needsInputGrad: [Bool] = []
    var attrs: [String: Value] = [:]
    override var typeName: String { "FunctionBackward" }
    override var repr: String { "<torch.autograd.function.FunctionBackward object>" }
    override var attributeNames: [String] {
        ["save_for_backward", "saved_tensors", "needs_input_grad"] + attrs.keys.sorted()
    }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "save_for_backward":
            return .object(
                BuiltinFunction(Signature("save_for_backward(*tensors)")) { [self] b, _ in
                    self.saved = b.rest
                    return .none
                })
        case "saved_tensors": return .tuple(saved)
        case "needs_input_grad": return .tuple(needsInputGrad.map(Value.bool))
        default: return attrs[n]
        }
    }
    override func setAttribute(_ n: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        attrs[n] = value
        return true
    }
}
