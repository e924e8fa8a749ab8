// SGD: stochastic gradient descent with momentum, dampening, weight decay and Nesterov momentum,
// following torch.optim.SGD's update rule exactly (same order of operations, float32 arithmetic).
//
// Non-goals: `maximize`, foreach/fused variants (same results, different speed in PyTorch).

/// PyTorch's SGD. For each parameter p with gradient g, at step t:
///
///     g ← g + weight_decay · p                          (if weight_decay ≠ 0)
///     b ← g                                  at t = 1   (if momentum ≠ 0)
///     b ← momentum · b + (1 − dampening) · g at t > 1
///     g ← g + momentum · b  (nesterov)   or   g ← b
///     p ← p − lr · g
///
/// The buffer `b` is the state's `"momentum_buffer"`. Options are read from the parameter's group.
public final class SGD: Optimizer, @unchecked Sendable {
    /// PyTorch's defaults, in its key order.
    public static let defaults: [(name: String, value: OptionValue)] =
        [
            ("lr", .float(1e-3)), ("momentum", .int(0)), ("dampening", .int(0)), ("weight_decay", .int(0)),
            ("nesterov", .bool(false)),
        ] + flags(["maximize", "foreach", "differentiable", "fused"])

    public init(
        groups: [(params: [Tensor], options: [String: OptionValue])], options: [String: OptionValue] = [:]
    ) throws {
        try super.init(groups: groups, defaults: Optimizer.merge(SGD.defaults, options))
        for g in self.groups {
            if g["nesterov"] == .bool(true), !(g.number("momentum") > 0 && g.number("dampening") == 0) {
                throw EngineError("SGD", "Nesterov momentum requires a momentum and zero dampening")
            }
        }
    }

    public convenience init(
        _ params: [Tensor], lr: Float, momentum: Float = 0, dampening: Float = 0,
        weightDecay: Float = 0, nesterov: Bool = false
    ) throws {
        try self.init(
            groups: [(params, [:])],
            options: [
                "lr": .float32(lr), "momentum": Optimizer.value(momentum, intLike: true),
                "dampening": Optimizer.value(dampening, intLike: true),
                "weight_decay": Optimizer.value(weightDecay, intLike: true),
                "nesterov": .bool(nesterov),
            ])
    }

    public override var typeName: String { "SGD" }

    public override func validate(_ name: String, _ v: OptionValue) throws {
        try super.validate(name, v)
        switch name {
        case "momentum": try check((v.number ?? -1) >= 0, "momentum value", v)
        case "weight_decay": try check((v.number ?? -1) >= 0, "weight_decay value", v)
        default: break
        }
    }

    public override var stateKeys: (step: Bool, buffers: [String]) { (false, ["momentum_buffer"]) }

    public override func update(_ i: Int, _ p: inout [Float], _ grad: [Float]) {
        let n = p.count
        let lr = option(i, "lr"), wd = option(i, "weight_decay"), mom = option(i, "momentum")
        let damp = 1 - option(i, "dampening"), nesterov = option(i, "nesterov") != 0
        var g = grad
        if wd != 0 {
            for j in 0..<n { g[j] = g[j] + wd * p[j] }  // d_p = d_p.add(p, alpha=wd)
        }
        if mom != 0 {
            if var b = state[i].buffers.removeValue(forKey: "momentum_buffer") {
                for j in 0..<n { b[j] = b[j] * mom + damp * g[j] }  // buf.mul_(momentum).add_(d_p, alpha=1-dampening)
                if nesterov {
                    for j in 0..<n { g[j] = g[j] + mom * b[j] }
                } else {
                    g = b
                }
                state[i].buffers["momentum_buffer"] = b
            } else {
                state[i].buffers["momentum_buffer"] = g  // buf = clone(d_p)
                if nesterov {
                    let b = g
                    for j in 0..<n { g[j] = g[j] + mom * b[j] }
                }
            }
        }
        let a = -lr
        p.withUnsafeMutableBufferPointer { pp in
            g.withUnsafeBufferPointer { gg in
                for j in 0..<n { pp[j] = pp[j] + a * gg[j] }  // p.add_(d_p, alpha=-lr)
            }
        }
    }
}
