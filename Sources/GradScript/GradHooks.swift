// Gradient access beyond `.backward()`: `x.retain_grad()` (a non-leaf keeps its `.grad`),
// `x.register_hook(fn)` (fn sees, and may replace, x's gradient during backward; the returned handle's
// `remove()` takes it off) and `torch.autograd.grad(outputs, inputs)` (gradients returned as a tuple,
// no `.grad` touched). They bind to the engine's `Tensor.retainsGrad`, `gradHooks` and `gradients`.
// Non-goals: `create_graph=True` (gradients of gradients), module hooks (`register_forward_hook`).

import GradEngine

/// The handle `register_hook` returns: `handle.remove()` takes the hook off its tensor.
final class HookHandle: ScriptObject, @unchecked Sendable {
    weak var tensor: Tensor?
    let id: Int
    init(_ tensor: Tensor, _ id: Int) {
        self.tensor = tensor
        self.id = id
    }
    override var typeName: String { "RemovableHandle" }
    override var repr: String { "<torch.utils.hooks.RemovableHandle object>" }
    override var attributeNames: [String] { ["remove"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        guard n == "remove" else { return nil }
        return .object(
            BuiltinFunction("RemovableHandle.remove()") { [self] _, _ in
                tensor?.gradHooks.removeAll { $0.id == id }
                return .none
            })
    }
}

enum GradHooks {
    nonisolated(unsafe) static var nextID = 0

    static func add(to m: MethodTable<Tensor>, example x: String) {
        m.def(
            "retain_grad", "", "Keeps this non-leaf tensor's gradient in .grad after backward.",
            "w = torch.tensor([2.0], requires_grad=True)\ny = w * 3\ny.retain_grad()\ny.sum().backward()\ny.grad"
        ) { t, _, _ in
            guard t.requiresGrad else {
                throw ScriptError(
                    kind: "RuntimeError",
                    message: "can't retain_grad on Tensor that has "
                        + "requires_grad=False")
            }
            if !t.isLeaf { t.retainsGrad = true }
            return .none
        }
        m.def(
            "register_hook", "hook",
            "Calls hook(grad) with this tensor's gradient during backward; a returned tensor replaces it.",
            "w = torch.tensor([2.0], requires_grad=True)\nh = w.register_hook(lambda g: g * 2)\n(w * "
                + "w).sum().backward()\n"
                + "w.grad"
        ) { t, b, interp in
            guard t.requiresGrad else {
                throw ScriptError(
                    kind: "RuntimeError", message: "cannot register a hook on a tensor that doesn't require gradient")
            }
            let fn = b.raw("hook") ?? .none
            nextID += 1
            let id = nextID
            t.gradHooks.append(
                (
                    id,
                    { [weak interp] g in
                        guard let interp else { return nil }
                        let r = try interp.callValue(fn, Args([.tensor(g)]))
                        if r.isNone { return nil }
                        return try toTensor(r, "register_hook: the hook's result")
                    }
                ))
            return .object(HookHandle(t, id))
        }
    }
}

extension BuiltinTable {
    func registerAutogradGrad(autograd: Namespace) {
        def(
            "torch.autograd.grad",
            "torch.autograd.grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, "
                + "allow_unused=None)",
            "The gradients of outputs with respect to each of inputs, as a tuple (no .grad is changed).",
            "x = torch.tensor(2.0, requires_grad=True)\ntorch.autograd.grad(x ** 3, x)", in: autograd
        ) { b, interp in
            if try b.bool("create_graph") {
                throw ScriptError(
                    kind: "RuntimeError",
                    message: "torch.autograd.grad(create_graph=True) is not supported by gradstep (no higher-order "
                        + "gradients)")
            }
            func tensors(_ name: String) throws -> [Tensor] {
                let v = b.value(name) ?? .none
                if case .tensor(let t) = v { return [t] }
                return try interp.toList(v).map { try toTensor($0, "torch.autograd.grad(): \(name)") }
            }
            let outs = try tensors("outputs"), ins = try tensors("inputs")
            guard outs.count == 1 else {
                throw ScriptError(
                    kind: "RuntimeError", message: "torch.autograd.grad(): gradstep takes one output tensor")
            }
            var seed: Tensor? = nil
            if let g = b.value("grad_outputs"), !g.isNone {
                seed = try (try interp.toList(g.asTensor != nil ? .list(ListRef([g])) : g)).first.map {
                    try toTensor($0, "torch.autograd.grad(): grad_outputs")
                }
            }
            for t in ins where !t.requiresGrad {
                throw ScriptError(
                    kind: "RuntimeError", message: "One of the differentiated Tensors does not require grad")
            }
            let grads = try outs[0].gradients(ins, seed, retainGraph: try b.bool("retain_graph"))
            let allowUnused = try b.bool("allow_unused")
            return .tuple(
                try grads.enumerated().map { i, g in
                    guard let g else {
                        if allowUnused { return .none }
                        throw ScriptError(
                            kind: "RuntimeError",
                            message: "The differentiated Tensor at index \(i) appears to not have been used in the "
                                + "graph. "
                                + "Set allow_unused=True if this is the desired behavior.")
                    }
                    return .tensor(g)
                })
        }
    }
}
