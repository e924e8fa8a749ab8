// AutogradFunctional: `torch.autograd.functional.jacobian`, `vjp` and `jvp` (the autograd tutorials'
// way to look at derivatives of a whole function), built on reverse-mode gradients.
//
// For f with inputs x₁…x_k and outputs y₁…y_m, the Jacobian block J[a][b] = ∂y_a/∂x_b has shape
// y_a.shape + x_b.shape: row r of it (output element r of y_a) is the gradient of y_a[r] with respect
// to every x_b, one backward pass per output element (PyTorch's `strategy="reverse-mode"`).
// `vjp(f, x, v)` = vᵀ·J (one backward pass seeded with v); `jvp(f, x, v)` = J·v (from the
// Jacobian, exact, one pass per output element). Results are laid out as PyTorch lays them out: a
// tensor, or tuples when the inputs (and outputs) were given as tuples. Inputs are detached copies,
// so the results carry no graph (create_graph=False).
// Non-goals: `hessian`, `hvp`, `vhp` and `create_graph=True` (they need second-order gradients,
// which the engine does not have: refused with a clear message); float64 inputs; `vectorize`.

import GradEngine

extension BuiltinTable {
    func registerAutogradFunctional(autograd: Namespace) {
        let functional = namespace("torch.autograd.functional")
        autograd.set("functional", .object(functional))
        def(
            "torch.autograd.functional.jacobian",
            "torch.autograd.functional.jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, "
                + "strategy='reverse-mode')",
            "The Jacobian of func at inputs: ∂output/∂input with shape output.shape + input.shape (tuples for tuples).",
            "from torch.autograd.functional import jacobian\njacobian(lambda x: x ** 2, torch.tensor([1.0, 2.0]))",
            in: functional
        ) { b, interp in
            try AutogradFunctional.refuseSecondOrder(b)
            if try b.string("strategy") != "reverse-mode" {
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "jacobian(strategy='forward-mode') is not supported by gradstep (reverse-mode only)")
            }
            let call = try AutogradFunctional.Call(b, interp)
            let blocks = try call.jacobian(strict: try b.bool("strict"))
            let perOutput: [Value] = blocks.map { row in
                call.inputsTuple ? .tuple(row.map(Value.tensor)) : .tensor(row[0])
            }
            return call.outputsTuple ? .tuple(perOutput) : perOutput[0]
        }
        def(
            "torch.autograd.functional.vjp",
            "torch.autograd.functional.vjp(func, inputs, v=None, create_graph=False, strict=False)",
            "(func(inputs), vᵀ·J): the vector-Jacobian product, v shaped like the output (None for a 1-element "
                + "output).",
            "from torch.autograd.functional import vjp\nvjp(lambda x: x ** 2, torch.tensor([1.0, 2.0]), "
                + "torch.tensor([1.0, 1.0]))",
            in: functional
        ) { b, interp in
            try AutogradFunctional.refuseSecondOrder(b)
            let call = try AutogradFunctional.Call(b, interp)
            let vs = try call.vectors(b.value("v"), like: call.outputs, "vjp", "output")
            var sums: [Tensor] = try call.inputs.map { try Tensor.zeros($0.shape) }
            for (y, v) in zip(call.outputs, vs) where y.requiresGrad {
                let grads = try y.gradients(call.inputs, v, retainGraph: true)
                for (i, g) in grads.enumerated() {
                    guard let g else { continue }
                    sums[i] = try Tensor.add(sums[i], g)
                }
            }
            let outs: Value =
                call.outputsTuple
                ? .tuple(call.outputs.map { .tensor($0.detach()) })
                : .tensor(call.outputs[0].detach())
            let prods: Value = call.inputsTuple ? .tuple(sums.map(Value.tensor)) : .tensor(sums[0])
            return .tuple([outs, prods])
        }
        def(
            "torch.autograd.functional.jvp",
            "torch.autograd.functional.jvp(func, inputs, v=None, create_graph=False, strict=False)",
            "(func(inputs), J·v): the Jacobian-vector product, v shaped like the inputs (None for a 1-element "
                + "input).",
            "from torch.autograd.functional import jvp\njvp(lambda x: x ** 2, torch.tensor([1.0, 2.0]), "
                + "torch.tensor([1.0, 0.0]))",
            in: functional
        ) { b, interp in
            try AutogradFunctional.refuseSecondOrder(b)
            let call = try AutogradFunctional.Call(b, interp)
            let vs = try call.vectors(b.value("v"), like: call.inputs, "jvp", "input")
            let blocks = try call.jacobian(strict: try b.bool("strict"))
            var prods: [Tensor] = []
            for (y, row) in zip(call.outputs, blocks) {
                var acc = [Float](repeating: 0, count: y.count)
                for (block, v) in zip(row, vs) {
                    let n = v.count, j = block.data, vd = v.data
                    for r in 0..<y.count {
                        var s: Float = 0
                        for c in 0..<n { s += j[r * n + c] * vd[c] }
                        acc[r] += s
                    }
                }
                prods.append(try Tensor(shape: y.shape, data: acc))
            }
            let outs: Value =
                call.outputsTuple
                ? .tuple(call.outputs.map { .tensor($0.detach()) })
                : .tensor(call.outputs[0].detach())
            return .tuple([outs, call.outputsTuple ? .tuple(prods.map(Value.tensor)) : .tensor(prods[0])])
        }
        for name in ["hessian", "hvp", "vhp"] {
            def(
                "torch.autograd.functional.\(name)",
                "torch.autograd.functional.\(name)(func, inputs, *args, **kwargs)",
                "Refused: second-order derivatives need create_graph=True, which gradstep does not have.",
                "# torch.autograd.functional.\(name)(f, x) raises NotImplementedError in gradstep",
                in: functional
            ) { _, _ in
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "torch.autograd.functional.\(name)() needs second-order gradients (create_graph=True), "
                        + "which gradstep does not have; jacobian, vjp and jvp work")
            }
        }
    }
}

enum AutogradFunctional {
    static func refuseSecondOrder(_ b: Bound) throws {
        if try b.bool("create_graph") {
            throw ScriptError(
                kind: "NotImplementedError",
                message: "\(b.fname)(create_graph=True) needs second-order gradients, which gradstep does not have")
        }
    }

    /// One evaluation of `func` on detached, gradient-tracking copies of the inputs.
    struct Call {
        let inputs: [Tensor]
        let outputs: [Tensor]
        let inputsTuple: Bool
        let outputsTuple: Bool

        init(_ b: Bound, _ interp: Interpreter) throws {
            let given = b.value("inputs") ?? .none
            let items: [Value]
            switch given {
            case .tensor: items = [given]
            case .tuple(let xs): items = xs
            case .list(let l): items = l.items
            default:
                throw typeError(
                    "\(b.fname)(): inputs must be a Tensor or a tuple of Tensors, not "
                        + "\(given.typeName)")
            }
            inputsTuple = given.asTensor == nil
            inputs = try items.enumerated().map { i, v in
                let t = try toTensor(v, "\(b.fname)(): inputs[\(i)]")
                guard t.dtype == .float32 else {
                    throw ScriptError(
                        kind: "NotImplementedError",
                        message: "\(b.fname)() of \(t.dtype.rawValue) inputs is not supported by gradstep (float32 "
                            + "only)")
                }
                let c = t.detach()
                try c.requiresGrad(true)
                return c
            }
            let r = try interp.callValue(b.raw("func") ?? .none, Args(inputs.map(Value.tensor)))
            if case .tensor(let t) = r {
                outputs = [t]
                outputsTuple = false
            } else if case .tuple(let ys) = r {
                outputs = try ys.enumerated().map { i, y in
                    guard case .tensor(let t) = y else {
                        throw typeError(
                            "The outputs of the user-provided function given to \(b.fname) must be either a Tensor "
                                + "or a tuple of Tensors but the value at index \(i) has type \(y.typeName).")
                    }
                    return t
                }
                outputsTuple = true
            } else {
                throw typeError(
                    "The outputs of the user-provided function given to \(b.fname) must be either a Tensor or a tuple "
                        + "of Tensors but the given outputs of the user-provided function has type \(r.typeName).")
            }
        }

        /// J[a][b] for every output a and input b, each of shape outputs[a].shape + inputs[b].shape.
        func jacobian(strict: Bool) throws -> [[Tensor]] {
            try outputs.enumerated().map { a, y in
                // Refuse a Jacobian the engine could not hold (MemoryError) before allocating it.
                for x in inputs { try Tensor.checkResultShape(y.shape + x.shape, op: "jacobian") }
                var rows = inputs.map { [Float](repeating: 0, count: y.count * $0.count) }
                if y.requiresGrad {
                    for r in 0..<y.count {
                        var seed = [Float](repeating: 0, count: y.count)
                        seed[r] = 1
                        let grads = try y.gradients(inputs, try Tensor(shape: y.shape, data: seed), retainGraph: true)
                        for (i, g) in grads.enumerated() {
                            guard let g else { continue }
                            let n = inputs[i].count, gd = g.data
                            for c in 0..<n { rows[i][r * n + c] = gd[c] }
                        }
                    }
                } else if strict {
                    throw ScriptError(
                        kind: "RuntimeError",
                        message: "Output \(a) of the user-provided function does not require gradients. The outputs "
                            + "must be computed in a differentiable manner from the input when running in strict mode.")
                }
                return try zip(inputs, rows).map { x, data in try Tensor(shape: y.shape + x.shape, data: data) }
            }
        }

        /// The vectors `v` of vjp/jvp, one per tensor of `like`; None only when that is one 1-element tensor.
        func vectors(_ v: Value?, like: [Tensor], _ fn: String, _ what: String) throws -> [Tensor] {
            guard let v, !v.isNone else {
                guard like.count == 1, like[0].count == 1 else {
                    throw ScriptError(
                        kind: "RuntimeError",
                        message: "The vector v can only be None if the "
                            + (what == "output"
                                ? "user-provided function returns"
                                : "input to the user-provided function is") + " a single Tensor with a single element.")
                }
                return [try Tensor.ones(like[0].shape)]
            }
            let items: [Value] = v.asTensor != nil ? [v] : (v.asArray ?? [v])
            guard items.count == like.count else {
                throw ScriptError(
                    kind: "RuntimeError",
                    message: "\(fn)(): v has \(items.count) tensors but the \(what)s are \(like.count)")
            }
            return try zip(items, like).enumerated().map { i, pair in
                let t = try toTensor(pair.0, "\(fn)(): v[\(i)]")
                guard t.shape == pair.1.shape else {
                    throw ScriptError(
                        kind: "RuntimeError",
                        message: "Mismatch in shape: v[\(i)] has a shape of torch.Size(\(shapeText(t.shape))) and the "
                            + "\(what) at index "
                            + "\(i) has a shape of torch.Size(\(shapeText(pair.1.shape))).")
                }
                return t.dtype == .float32 ? t : try t.to(.float32)
            }
        }
    }
}
