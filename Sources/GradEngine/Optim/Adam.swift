// Adam and AdamW: adaptive moment estimation with bias correction, following torch.optim.Adam's
// and torch.optim.AdamW's update rule (amsgrad off): same order of operations, scalars in double
// precision as Python computes them.
//
// Non-goals: amsgrad, maximize.

import Foundation

/// PyTorch's Adam (and, with decoupled weight decay, AdamW). For each parameter p with gradient g,
/// at step t (starting at 1):
///
///     p  ← p · (1 − lr · weight_decay)                (AdamW: decoupled, if weight_decay ≠ 0)
///     g  ← g + weight_decay · p                       (Adam, if weight_decay ≠ 0)
///     m  ← m + (1 − β₁) · (g − m)                     (exp_avg, lerp)
///     v  ← β₂ · v + (1 − β₂) · g²                     (exp_avg_sq)
///     p  ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + eps)
///
/// `m` and `v` are the state's `"exp_avg"` and `"exp_avg_sq"`, zero before the first step.
public class Adam: Optimizer, @unchecked Sendable {
    public static func defaults(decoupled: Bool) -> [(name: String, value: OptionValue)] {
        [
            ("lr", .float(1e-3)), ("betas", .pair(0.9, 0.999)), ("eps", .float(1e-8)),
            ("weight_decay", decoupled ? .float(1e-2) : .int(0)), ("amsgrad", .bool(false)), ("maximize", .bool(false)),
            ("foreach", .none), ("capturable", .bool(false)), ("differentiable", .bool(false)), ("fused", .none),
            ("decoupled_weight_decay", .bool(decoupled)),
        ]
    }

    public init(
        groups: [(params: [Tensor], options: [String: OptionValue])], options: [String: OptionValue] = [:],
        decoupled: Bool = false
    ) throws {
        try super.init(groups: groups, defaults: Optimizer.merge(Adam.defaults(decoupled: decoupled), options))
    }

    public convenience init(
        _ params: [Tensor], lr: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
        eps: Float = 1e-8, weightDecay: Float = 0
    ) throws {
        let b1 = OptionValue.float32(betas.0).number ?? 0.9, b2 = OptionValue.float32(betas.1).number ?? 0.999
        try self.init(
            groups: [(params, [:])],
            options: [
                "lr": .float32(lr), "betas": .pair(b1, b2), "eps": .float32(eps),
                "weight_decay": Optimizer.value(weightDecay, intLike: true),
            ])
    }

    public override var typeName: String { "Adam" }

    public override func validate(_ name: String, _ v: OptionValue) throws {
        try super.validate(name, v)
        switch (name, v) {
        case ("betas", .pair(let b1, let b2)):
            guard (0..<1).contains(b1) else {
                throw EngineError(typeName, "Invalid beta parameter at index 0: \(OptionValue.pyFloat(b1))")
            }
            guard (0..<1).contains(b2) else {
                throw EngineError(typeName, "Invalid beta parameter at index 1: \(OptionValue.pyFloat(b2))")
            }
        case ("betas", _): throw EngineError(typeName, "betas must be a pair of floats, got \(v)")
        case ("eps", _): try check((v.number ?? -1) >= 0, "epsilon value", v)
        case ("weight_decay", _): try check((v.number ?? -1) >= 0, "weight_decay value", v)
        case ("amsgrad", .bool(true)): throw EngineError(typeName, "amsgrad=True is not supported by gradstep")
        default: break
        }
    }

    public override var stateKeys: (step: Bool, buffers: [String]) { (true, ["exp_avg", "exp_avg_sq"]) }

    public override func update(_ i: Int, _ p: inout [Float], _ grad: [Float]) {
        let n = p.count
        var m = state[i].buffers["exp_avg"] ?? [Float](repeating: 0, count: n)
        var v = state[i].buffers["exp_avg_sq"] ?? [Float](repeating: 0, count: n)
        let t = Double(state[i].step)
        let lrD = optionDouble(i, "lr"), lr = Float(lrD), eps = option(i, "eps"), wdD = optionDouble(i, "weight_decay")
        let weightDecay = Float(wdD)
        var beta1 = 0.9, beta2 = 0.999
        if case .pair(let a, let b)? = groups[groupOf[i]]["betas"] {
            beta1 = a
            beta2 = b
        }
        var g = grad
        if weightDecay != 0 {
            if groups[groupOf[i]]["decoupled_weight_decay"] == .bool(true) {
                let f = Float(1 - lrD * wdD)  // param.mul_(1 - lr * weight_decay)
                for j in 0..<n { p[j] = p[j] * f }
            } else {
                for j in 0..<n { g[j] = g[j] + weightDecay * p[j] }
            }
        }
        let w1 = Float(1 - beta1), b2 = Float(beta2), w2 = Float(1 - beta2)
        for j in 0..<n {
            m[j] = m[j] + w1 * (g[j] - m[j])
            v[j] = v[j] * b2 + w2 * (g[j] * g[j])
        }
        // Python floats (double) for the scalars, as torch.optim.Adam computes them.
        let bc1 = 1 - pow(beta1, t)
        let bc2 = 1 - pow(beta2, t)
        let stepSize = Float(Double(lr) / bc1)
        let bc2Sqrt = Float(bc2.squareRoot())
        for j in 0..<n {
            let denom = v[j].squareRoot() / bc2Sqrt + eps
            p[j] = p[j] + (-stepSize) * (m[j] / denom)
        }
        state[i].buffers["exp_avg"] = m
        state[i].buffers["exp_avg_sq"] = v
    }
}

/// PyTorch's AdamW: Adam with decoupled weight decay (default 0.01).
public final class AdamW: Adam, @unchecked Sendable {
    public init(
        groups: [(params: [Tensor], options: [String: OptionValue])], options: [String: OptionValue] = [:]
    ) throws {
        try super.init(groups: groups, options: options, decoupled: true)
    }
    public override var typeName: String { "AdamW" }
}
