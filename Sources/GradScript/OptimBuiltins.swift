// OptimBuiltins: torch.optim in the language — the optimizers (SGD, Adam, AdamW, RMSprop, Adagrad,
// Adadelta) as classes taking parameters or parameter groups (`[{'params': ..., 'lr': ...}, ...]`),
// `optimizer.param_groups` (dict-like groups whose options can be changed: `g['lr'] = 0.01` takes
// effect at the next step), `state_dict()` / `load_state_dict()` in PyTorch's layout, and
// torch.optim.lr_scheduler (StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, ReduceLROnPlateau).
// The update rules and schedules are the engine's (Optim/), checked against PyTorch there.
// Non-goals: closures in step(), schedulers' state_dict, LambdaLR and the cyclic schedulers.

import GradEngine

extension BuiltinTable {
    func registerOptim(_ optim: Namespace) {
        section = "optim: optimizers"
        let optimizerBase = BuiltinClass.make(
            "Optimizer", pyModule: "torch.optim.optimizer", kind: .object, constructor: nil)
        optim.set("Optimizer", .object(optimizerBase))
        let ex = "optim.%@(nn.Linear(2, 1).parameters()%@)"
        func decl(
            _ name: String, _ sig: String, _ summary: String, _ extra: String,
            make:
                @escaping ([(params: [Tensor], options: [String: OptionValue])], [String: OptionValue]) throws ->
                Optimizer
        ) {
            def(
                "optim.\(name)", "optim.\(name)(params, \(sig))", summary,
                ex.replacingOccurrences(of: "%@", with: name, options: [], range: ex.range(of: "%@"))
                    .replacingOccurrences(of: "%@", with: extra),
                in: optim, unsupported: ["foreach", "maximize", "capturable", "differentiable", "fused"]
            ) { b, interp in
                var opts: [String: OptionValue] = [:]
                for n in b.names where n != "params" && b.passed(n) {
                    opts[n] = try BuiltinTable.optionValue(b.raw(n) ?? .none, "\(name): \(n)")
                }
                let groups = try BuiltinTable.paramGroups(b, interp)
                return .object(OptimizerObject(try make(groups, opts)))
            }
            optim.makeClass(name, pyModule: "torch.optim.\(name.lowercased())", kind: .object, base: optimizerBase)
        }
        decl(
            "SGD", "lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False",
            "Gradient descent: p -= lr · grad (with optional momentum and weight decay).",
            ", lr=0.01"
        ) { try SGD(groups: $0, options: $1) }
        decl(
            "Adam", "lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False",
            "Adam: per-parameter steps scaled by running moments of the gradient.", ", lr=1e-3"
        ) { try Adam(groups: $0, options: $1) }
        decl(
            "AdamW", "lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False",
            "Adam with decoupled weight decay: p ← p·(1 − lr·weight_decay) before the Adam step.", ""
        ) { try AdamW(groups: $0, options: $1) }
        decl(
            "RMSprop", "lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False",
            "Steps scaled by a running average of squared gradients.", ", lr=0.01"
        ) { try RMSprop(groups: $0, options: $1) }
        decl(
            "Adagrad", "lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10",
            "Steps scaled by the sum of all squared gradients so far.", ""
        ) { try Adagrad(groups: $0, options: $1) }
        decl(
            "Adadelta", "lr=1.0, rho=0.9, eps=1e-06, weight_decay=0",
            "Steps scaled by running averages of squared gradients and squared updates.", ""
        ) {
            try Adadelta(groups: $0, options: $1)
        }

        section = "optim: learning-rate schedulers"
        let sched = namespace("torch.optim.lr_scheduler")
        optim.set("lr_scheduler", .object(sched))
        let schedulerBase = BuiltinClass.make(
            "LRScheduler", pyModule: "torch.optim.lr_scheduler", kind: .object, constructor: nil)
        sched.set("LRScheduler", .object(schedulerBase))
        sched.set("_LRScheduler", .object(schedulerBase))
        let setup = "opt = optim.SGD(nn.Linear(2, 1).parameters(), lr=0.1)\n"
        func schedDecl(
            _ name: String, _ sig: String, _ summary: String, _ example: String,
            _ make: @escaping (Optimizer, Bound) throws -> SchedulerObject
        ) {
            def(
                "optim.lr_scheduler.\(name)", "optim.lr_scheduler.\(name)(optimizer, \(sig))", summary, setup + example,
                in: sched
            ) { b, _ in
                guard let o = b.value("optimizer")?.asOptimizer else {
                    throw typeError("\(b.value("optimizer")?.typeName ?? "None") is not an Optimizer")
                }
                if b.names.contains("last_epoch"), try b.int("last_epoch", -1) != -1 {
                    throw ScriptError(
                        kind: "NotImplementedError",
                        message:
                            "\(name)(last_epoch=...) is not supported by gradstep (resume by loading the optimizer's "
                            + "state)"
                    )
                }
                return .object(try make(o, b))
            }
            sched.makeClass(name, pyModule: "torch.optim.lr_scheduler", kind: .object, base: schedulerBase)
        }
        schedDecl(
            "StepLR", "step_size, gamma=0.1, last_epoch=-1", "Multiplies the lr by gamma every step_size epochs.",
            "s = optim.lr_scheduler.StepLR(opt, step_size=2)\ns.get_last_lr()"
        ) { o, b in
            SchedulerObject(try StepLR(o, stepSize: try b.int("step_size"), gamma: try b.double("gamma", 0.1)))
        }
        schedDecl(
            "MultiStepLR", "milestones, gamma=0.1, last_epoch=-1",
            "Multiplies the lr by gamma at each milestone epoch.",
            "s = optim.lr_scheduler.MultiStepLR(opt, milestones=[3, 6])\ns.get_last_lr()"
        ) { o, b in
            SchedulerObject(
                MultiStepLR(o, milestones: try b.ints("milestones") ?? [], gamma: try b.double("gamma", 0.1)))
        }
        schedDecl(
            "ExponentialLR", "gamma, last_epoch=-1", "Multiplies the lr by gamma every epoch.",
            "s = optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)\ns.get_last_lr()"
        ) { o, b in
            SchedulerObject(ExponentialLR(o, gamma: try b.double("gamma")))
        }
        schedDecl(
            "CosineAnnealingLR", "T_max, eta_min=0.0, last_epoch=-1",
            "Anneals the lr along a cosine from its start to eta_min over T_max epochs.",
            "s = optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10)\ns.get_last_lr()"
        ) { o, b in
            SchedulerObject(try CosineAnnealingLR(o, tMax: try b.int("T_max"), etaMin: try b.double("eta_min", 0)))
        }
        schedDecl(
            "ReduceLROnPlateau",
            "mode='min', factor=0.1, patience=10, threshold=0.0001, threshold_mode='rel', cooldown=0, min_lr=0, "
                + "eps=1e-08",
            "Multiplies the lr by factor when a metric (step(val_loss)) stops improving for patience epochs.",
            "s = optim.lr_scheduler.ReduceLROnPlateau(opt, patience=2)\ns.step(1.0)"
        ) { o, b in
            var minLRs: [Double]? = nil
            var minLR = 0.0
            if let v = b.value("min_lr"), let arr = v.asArray {
                minLRs = try arr.map { try toDouble($0, "min_lr") }
            } else {
                minLR = try b.double("min_lr", 0)
            }
            return SchedulerObject(
                plateau: try ReduceLROnPlateau(
                    o, mode: try b.string("mode", "min"), factor: try b.double("factor", 0.1),
                    patience: try b.int("patience", 10), threshold: try b.double("threshold", 1e-4),
                    thresholdMode: try b.string("threshold_mode", "rel"), cooldown: try b.int("cooldown", 0),
                    minLRs: minLRs, minLR: minLR, eps: try b.double("eps", 1e-8)))
        }
    }

    /// A Python value as an optimizer option (`0` int, `0.1` float, `True`, `(0.9, 0.999)`).
    static func optionValue(_ v: Value, _ what: String) throws -> OptionValue {
        switch v {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .tensor(let t) where t.count == 1: return .float(Double(try t.item()))
        default:
            if let arr = v.asArray, arr.count == 2 {
                return .pair(try toDouble(arr[0], what), try toDouble(arr[1], what))
            }
            throw typeError("\(what) must be a number, a bool or a pair of numbers, not \(v.typeName)")
        }
    }

    static func optionToValue(_ o: OptionValue) -> Value {
        switch o {
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .bool(let b): return .bool(b)
        case .pair(let a, let b): return .tuple([.float(a), .float(b)])
        case .none: return .none
        }
    }

    /// `params=`: a module, an iterable of tensors, or of dicts `{'params': ..., 'lr': ...}` (groups).
    static func paramGroups(
        _ b: Bound, _ interp: Interpreter
    ) throws -> [(params: [Tensor], options: [String: OptionValue])] {
        guard let v = b.value("params") else { throw typeError("\(b.fname)() missing required argument 'params'") }
        if let m = v.asModule { return [(m.parameters(), [:])] }
        let items = try interp.toList(v)
        guard !items.isEmpty else { throw valueError("optimizer got an empty parameter list") }
        if items.allSatisfy({
            if case .dict = $0 { return true }
            return false
        }) {
            return try items.map { item in
                guard case .dict(let d) = item else { throw typeError("param group must be a dict") }
                var ps: [Tensor] = []
                var opts: [String: OptionValue] = [:]
                for (k, val) in zip(d.keys, d.values) {
                    guard case .string(let key) = k else { throw typeError("param group keys must be strings") }
                    if key == "params" {
                        ps = try
                            (val.asModule.map { $0.parameters().map(Value.tensor) }
                            ?? (val.asTensor.map { [Value.tensor($0)] } ?? interp.toList(val)))
                            .map { try toTensor($0, "\(b.fname)(): params") }
                    } else {
                        opts[key] = try optionValue(val, "\(b.fname)(): \(key)")
                    }
                }
                return (ps, opts)
            }
        }
        return [(try items.map { try toTensor($0, "\(b.fname)(): params") }, [:])]
    }
}

/// One entry of `optimizer.param_groups`: reads and writes the engine group's options.
final class ParamGroupObject: ScriptObject, @unchecked Sendable {
    let optimizer: Optimizer
    let group: ParamGroup
    init(_ o: Optimizer, _ g: ParamGroup) {
        optimizer = o
        group = g
    }
    override var typeName: String { "dict" }
    var keys: [String] { group.options.map(\.name) + ["params"] }
    func value(_ k: String) -> Value? {
        if k == "params" { return .list(ListRef(group.indices.map { .tensor(optimizer.params[$0]) })) }
        return group[k].map(BuiltinTable.optionToValue)
    }
    override var repr: String {
        "{" + keys.map { "'\($0)': " + (value($0)?.repr ?? "None") }.joined(separator: ", ") + "}"
    }
    override func length() throws -> Int? { keys.count }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? { listIterator(keys.map(Value.string)) }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        guard case .string(let k) = index, let v = value(k) else {
            throw ScriptError(kind: "KeyError", message: index.repr)
        }
        return v
    }
    override func setItem(_ index: Value, _ v: Value, _ interp: Interpreter) throws -> Bool {
        guard case .string(let k) = index else { throw typeError("param group keys must be strings") }
        guard k != "params" else {
            throw ScriptError(
                kind: "NotImplementedError",
                message: "changing a group's 'params' is not supported by gradstep; use add_param_group")
        }
        let o = try BuiltinTable.optionValue(v, "param_groups['\(k)']")
        try optimizer.validate(k, o)
        group[k] = o
        return true
    }
    override var attributeNames: [String] { ["keys", "items", "values", "get"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "keys":
            return .object(
                BuiltinFunction(Signature("dict.keys()")) { [self] _, _ in .list(ListRef(self.keys.map(Value.string))) }
            )
        case "values":
            return .object(
                BuiltinFunction(Signature("dict.values()")) { [self] _, _ in
                    .list(ListRef(self.keys.compactMap { self.value($0) }))
                })
        case "items":
            return .object(
                BuiltinFunction(Signature("dict.items()")) { [self] _, _ in
                    .list(ListRef(self.keys.map { .tuple([.string($0), self.value($0) ?? .none]) }))
                })
        case "get":
            return .object(
                BuiltinFunction(Signature("dict.get(key, default=None, /)")) { [self] b, _ in
                    if case .string(let k)? = b.raw("key"), let v = self.value(k) { return v }
                    return b.raw("default") ?? .none
                })
        default: return nil
        }
    }
}

extension OptimizerObject {
    /// `optimizer.state_dict()` in PyTorch's layout: {'state': {i: {'step': tensor(n.), buffers...}}, 'param_groups':
    /// [...]}.
    static func stateDict(_ o: Optimizer) throws -> Value {
        let state = DictRef()
        let keys = o.stateKeys
        for (i, st) in o.state.enumerated() where st.step > 0 || !st.buffers.isEmpty {
            let d = DictRef()
            if keys.step { try d.set(.string("step"), .tensor(Tensor(Float(st.step)))) }
            for k in keys.buffers + st.buffers.keys.filter({ !keys.buffers.contains($0) }).sorted() {
                guard let b = st.buffers[k] else { continue }
                try d.set(.string(k), .tensor(try Tensor(shape: o.params[i].shape, data: b)))
            }
            try state.set(.int(i), .dict(d))
        }
        let groups = try o.groups.map { g -> Value in
            let d = DictRef()
            for (k, v) in g.options { try d.set(.string(k), BuiltinTable.optionToValue(v)) }
            try d.set(.string("params"), .list(ListRef(g.indices.map(Value.int))))
            return .dict(d)
        }
        let out = DictRef()
        try out.set(.string("state"), .dict(state))
        try out.set(.string("param_groups"), .list(ListRef(groups)))
        return .dict(out)
    }

    /// `optimizer.load_state_dict(sd)`: checks everything, then replaces options and state.
    static func loadStateDict(_ o: Optimizer, _ v: Value, _ interp: Interpreter) throws {
        guard case .dict(let d) = v, case .dict(let st)? = try d.get(.string("state")),
            let gv = try d.get(.string("param_groups"))
        else {
            throw valueError(
                "load_state_dict(): expected a dict with 'state' and 'param_groups' (from optimizer.state_dict())")
        }
        var options: [[(name: String, value: OptionValue)]] = []
        var sizes: [Int] = []
        for g in try interp.toList(gv) {
            guard case .dict(let gd) = g else { throw typeError("load_state_dict(): each param group must be a dict") }
            var opts: [(name: String, value: OptionValue)] = []
            for (k, val) in zip(gd.keys, gd.values) {
                guard case .string(let key) = k else { continue }
                if key == "params" {
                    sizes.append(try interp.toList(val).count)
                } else {
                    opts.append((key, try BuiltinTable.optionValue(val, "param_groups: \(key)")))
                }
            }
            options.append(opts)
        }
        var states: [Int: ParamState] = [:]
        for (k, val) in zip(st.keys, st.values) {
            let i = try toInt(k, "state key")
            guard case .dict(let sd) = val else { throw typeError("load_state_dict(): state[\(i)] must be a dict") }
            var ps = ParamState()
            for (bk, bv) in zip(sd.keys, sd.values) {
                guard case .string(let name) = bk else { continue }
                if name == "step" {
                    let d = try bv.asTensor.map { try $0.item() }.map(Double.init) ?? toDouble(bv, "step")
                    guard d.isFinite, d >= 0, d < 1e15, d == d.rounded() else {
                        throw valueError("load_state_dict(): state[\(i)]['step'] must be a whole number >= 0, got \(d)")
                    }
                    ps.step = Int(d)
                } else if let t = bv.asTensor {
                    ps.buffers[name] = t.data
                }
            }
            states[i] = ps
        }
        try o.loadState(groupOptions: options, groupSizes: sizes, states: states)
    }
}

/// A learning-rate scheduler: `step()`, `get_last_lr()`, `last_epoch`, `base_lrs`.
final class SchedulerObject: ScriptObject, @unchecked Sendable {
    let scheduler: LRScheduler?
    let plateau: ReduceLROnPlateau?
    init(_ s: LRScheduler) {
        scheduler = s
        plateau = nil
    }
    init(plateau p: ReduceLROnPlateau) {
        scheduler = nil
        plateau = p
    }
    override var typeName: String { scheduler?.typeName ?? "ReduceLROnPlateau" }
    override var repr: String { "<torch.optim.lr_scheduler.\(typeName) object>" }
    override var attributeNames: [String] { ["step", "get_last_lr", "last_epoch", "base_lrs", "optimizer"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        func floats(_ xs: [Double]) -> Value { .list(ListRef(xs.map(Value.float))) }
        switch n {
        case "step":
            if let p = plateau {
                return .object(
                    BuiltinFunction(Signature("ReduceLROnPlateau.step(metrics)")) { b, _ in
                        let m = b.raw("metrics") ?? .none
                        p.step(try m.asTensor.map { Double(try $0.item()) } ?? toDouble(m, "metrics"))
                        return .none
                    })
            }
            let s = scheduler
            return .object(
                BuiltinFunction(Signature("\(typeName).step()")) { _, _ in
                    s?.step()
                    return .none
                })
        case "get_last_lr":
            let lrs = scheduler?.lastLRs ?? plateau?.lastLRs ?? []
            return .object(BuiltinFunction(Signature("\(typeName).get_last_lr()")) { _, _ in floats(lrs) })
        case "last_epoch": return .int(scheduler?.lastEpoch ?? plateau?.lastEpoch ?? 0)
        case "base_lrs": return scheduler.map { floats($0.baseLRs) }
        case "optimizer": return (scheduler?.optimizer ?? plateau?.optimizer).map { .object(OptimizerObject($0)) }
        default: return nil
        }
    }
}
