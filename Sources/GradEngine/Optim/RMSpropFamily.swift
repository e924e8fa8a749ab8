// RMSprop, Adagrad and Adadelta: the optimizers that scale each step by a running average of
// squared gradients, following torch.optim's single-tensor update rules (float32 arithmetic,
// same order of operations; Python-double scalars where PyTorch computes them in Python).
//
// Non-goals: maximize, capturable/foreach/fused variants, sparse gradients.

import Foundation

/// PyTorch's RMSprop. With g the gradient (plus weight_decay · p), α = alpha:
///
///     v ← α · v + (1 − α) · g²                          (square_avg)
///     a ← g_avg ← g_avg + (1 − α)(g − g_avg); a = √(v − g_avg²)   (centered)   or   a = √v
///     a ← a + eps
///     b ← momentum · b + g / a;  p ← p − lr · b         (momentum > 0, momentum_buffer)
///     p ← p − lr · g / a                                 (otherwise)
public final class RMSprop: Optimizer, @unchecked Sendable {
    public static let defaults: [(name: String, value: OptionValue)] =
        [
            ("lr", .float(1e-2)), ("momentum", .int(0)), ("alpha", .float(0.99)), ("eps", .float(1e-8)),
            ("centered", .bool(false)),
            ("weight_decay", .int(0)), ("capturable", .bool(false)), ("foreach", .none), ("maximize", .bool(false)),
            ("differentiable", .bool(false)),
        ]

    public init(
        groups: [(params: [Tensor], options: [String: OptionValue])], options: [String: OptionValue] = [:]
    ) throws {
        try super.init(groups: groups, defaults: Optimizer.merge(RMSprop.defaults, options))
    }

    public override var typeName: String { "RMSprop" }

    public override func validate(_ name: String, _ v: OptionValue) throws {
        try super.validate(name, v)
        switch name {
        case "eps": try check((v.number ?? -1) >= 0, "epsilon value", v)
        case "momentum": try check((v.number ?? -1) >= 0, "momentum value", v)
        case "weight_decay": try check((v.number ?? -1) >= 0, "weight_decay value", v)
        case "alpha": try check((v.number ?? -1) >= 0, "alpha value", v)
        default: break
        }
    }

    public override var stateKeys: (step: Bool, buffers: [String]) {
        (true, ["square_avg", "momentum_buffer", "grad_avg"])
    }

    public override func update(_ i: Int, _ p: inout [Float], _ grad: [Float]) {
        let n = p.count
        let lr = option(i, "lr"), alpha = option(i, "alpha"), eps = option(i, "eps"), wd = option(i, "weight_decay")
        let mom = option(i, "momentum"), centered = option(i, "centered") != 0
        var g = grad
        if wd != 0 { for j in 0..<n { g[j] = g[j] + wd * p[j] } }
        var v = state[i].buffers["square_avg"] ?? [Float](repeating: 0, count: n)
        for j in 0..<n { v[j] = v[j] * alpha + (1 - alpha) * g[j] * g[j] }  // mul_(alpha).addcmul_(g, g, value=1-alpha)
        var avg = [Float](repeating: 0, count: n)
        if centered {
            var ga = state[i].buffers["grad_avg"] ?? [Float](repeating: 0, count: n)
            for j in 0..<n { ga[j] = ga[j] + (1 - alpha) * (g[j] - ga[j]) }  // lerp_(g, 1-alpha)
            for j in 0..<n { avg[j] = (v[j] + (-1) * ga[j] * ga[j]).squareRoot() + eps }
            state[i].buffers["grad_avg"] = ga
        } else {
            for j in 0..<n { avg[j] = v[j].squareRoot() + eps }
        }
        if mom > 0 {
            var b = state[i].buffers["momentum_buffer"] ?? [Float](repeating: 0, count: n)
            for j in 0..<n { b[j] = b[j] * mom + g[j] / avg[j] }  // mul_(momentum).addcdiv_(g, avg)
            for j in 0..<n { p[j] = p[j] + (-lr) * b[j] }
            state[i].buffers["momentum_buffer"] = b
        } else {
            for j in 0..<n { p[j] = p[j] + (-lr) * (g[j] / avg[j]) }  // addcdiv_(g, avg, value=-lr)
        }
        state[i].buffers["square_avg"] = v
    }
}

/// PyTorch's Adagrad. With g the gradient (plus weight_decay · p), at step t:
///
///     clr = lr / (1 + (t − 1) · lr_decay)       (Python double)
///     s ← s + g²                                 (sum, starts at initial_accumulator_value)
///     p ← p − clr · g / (√s + eps)
public final class Adagrad: Optimizer, @unchecked Sendable {
    public static let defaults: [(name: String, value: OptionValue)] =
        [
            ("lr", .float(1e-2)), ("lr_decay", .int(0)), ("eps", .float(1e-10)), ("weight_decay", .int(0)),
            ("initial_accumulator_value", .int(0)), ("foreach", .none), ("maximize", .bool(false)),
            ("differentiable", .bool(false)), ("fused", .none),
        ]

    public init(
        groups: [(params: [Tensor], options: [String: OptionValue])], options: [String: OptionValue] = [:]
    ) throws {
        try super.init(groups: groups, defaults: Optimizer.merge(Adagrad.defaults, options))
        // PyTorch creates Adagrad's state when the optimizer is made.
        for i in params.indices {
            state[i].buffers["sum"] = [Float](repeating: option(i, "initial_accumulator_value"), count: params[i].count)
        }
    }

    public override var typeName: String { "Adagrad" }

    public override func validate(_ name: String, _ v: OptionValue) throws {
        try super.validate(name, v)
        switch name {
        case "lr_decay": try check((v.number ?? -1) >= 0, "lr_decay value", v)
        case "weight_decay": try check((v.number ?? -1) >= 0, "weight_decay value", v)
        case "initial_accumulator_value": try check((v.number ?? -1) >= 0, "initial_accumulator_value value", v)
        case "eps": try check((v.number ?? -1) >= 0, "epsilon value", v)
        default: break
        }
    }

    public override var stateKeys: (step: Bool, buffers: [String]) { (true, ["sum"]) }

    public override func update(_ i: Int, _ p: inout [Float], _ grad: [Float]) {
        let n = p.count
        let wd = option(i, "weight_decay"), eps = option(i, "eps")
        let clr = Float(optionDouble(i, "lr") / (1 + Double(state[i].step - 1) * optionDouble(i, "lr_decay")))
        var g = grad
        if wd != 0 { for j in 0..<n { g[j] = g[j] + wd * p[j] } }
        var s = state[i].buffers["sum"] ?? [Float](repeating: option(i, "initial_accumulator_value"), count: n)
        for j in 0..<n { s[j] = s[j] + g[j] * g[j] }  // addcmul_(g, g, value=1)
        for j in 0..<n { p[j] = p[j] + (-clr) * (g[j] / (s[j].squareRoot() + eps)) }  // addcdiv_(g, std, value=-clr)
        state[i].buffers["sum"] = s
    }
}

/// PyTorch's Adadelta. With g the gradient (plus weight_decay · p), ρ = rho:
///
///     v ← ρ · v + (1 − ρ) · g²                                  (square_avg)
///     δ = √(u + eps) / √(v + eps) · g                           (u = acc_delta)
///     u ← ρ · u + (1 − ρ) · δ²
///     p ← p − lr · δ
public final class Adadelta: Optimizer, @unchecked Sendable {
    public static let defaults: [(name: String, value: OptionValue)] =
        [
            ("lr", .float(1.0)), ("rho", .float(0.9)), ("eps", .float(1e-6)), ("weight_decay", .int(0)),
            ("maximize", .bool(false)),
            ("capturable", .bool(false)), ("foreach", .none), ("differentiable", .bool(false)),
        ]

    public init(
        groups: [(params: [Tensor], options: [String: OptionValue])], options: [String: OptionValue] = [:]
    ) throws {
        try super.init(groups: groups, defaults: Optimizer.merge(Adadelta.defaults, options))
    }

    public override var typeName: String { "Adadelta" }

    public override func validate(_ name: String, _ v: OptionValue) throws {
        try super.validate(name, v)
        switch name {
        case "rho": try check((0...1).contains(v.number ?? -1), "rho value", v)
        case "eps": try check((v.number ?? -1) >= 0, "epsilon value", v)
        case "weight_decay": try check((v.number ?? -1) >= 0, "weight_decay value", v)
        default: break
        }
    }

    public override var stateKeys: (step: Bool, buffers: [String]) { (true, ["square_avg", "acc_delta"]) }

    public override func update(_ i: Int, _ p: inout [Float], _ grad: [Float]) {
        let n = p.count
        let lr = option(i, "lr"), rho = option(i, "rho"), eps = option(i, "eps"), wd = option(i, "weight_decay")
        var g = grad
        if wd != 0 { for j in 0..<n { g[j] = g[j] + wd * p[j] } }
        var v = state[i].buffers["square_avg"] ?? [Float](repeating: 0, count: n)
        var u = state[i].buffers["acc_delta"] ?? [Float](repeating: 0, count: n)
        for j in 0..<n {
            v[j] = v[j] * rho + (1 - rho) * g[j] * g[j]
            let std = (v[j] + eps).squareRoot()
            let delta = (u[j] + eps).squareRoot() / std * g[j]  // delta.div_(std).mul_(grad)
            u[j] = u[j] * rho + (1 - rho) * delta * delta
            p[j] = p[j] + (-lr) * delta
        }
        state[i].buffers["square_avg"] = v
        state[i].buffers["acc_delta"] = u
    }
}
