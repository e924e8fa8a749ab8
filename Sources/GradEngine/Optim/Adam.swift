// Adam: adaptive moment estimation with bias correction, following torch.optim.Adam's update rule
// (amsgrad off): same order of operations, scalars in double precision as Python computes them.
//
// Non-goals: amsgrad, maximize, decoupled weight decay (that is AdamW).

import Foundation

/// PyTorch's Adam. For each parameter p with gradient g, at step t (starting at 1):
///
///     g  ← g + weight_decay · p                       (if weight_decay ≠ 0)
///     m  ← m + (1 − β₁) · (g − m)                     (exp_avg, lerp)
///     v  ← β₂ · v + (1 − β₂) · g²                     (exp_avg_sq)
///     p  ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + eps)
///
/// `m` and `v` are the state's `"exp_avg"` and `"exp_avg_sq"`, zero before the first step.
public final class Adam: Optimizer, @unchecked Sendable {
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var weightDecay: Float

    public init(_ params: [Tensor], lr: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
                eps: Float = 1e-8, weightDecay: Float = 0) throws {
        guard (0..<1).contains(betas.0) else { throw EngineError("Adam", "Invalid beta parameter at index 0: \(betas.0)") }
        guard (0..<1).contains(betas.1) else { throw EngineError("Adam", "Invalid beta parameter at index 1: \(betas.1)") }
        guard eps >= 0 else { throw EngineError("Adam", "Invalid epsilon value: \(eps)") }
        guard weightDecay >= 0 else { throw EngineError("Adam", "Invalid weight_decay value: \(weightDecay)") }
        beta1 = betas.0
        beta2 = betas.1
        self.eps = eps
        self.weightDecay = weightDecay
        try super.init(params, lr: lr)
    }

    public override var typeName: String { "Adam" }

    public override var hyperParameters: [(String, String)] {
        [("amsgrad", "False"), ("betas", "(\(Optimizer.num(beta1)), \(Optimizer.num(beta2)))"),
         ("eps", Optimizer.num(eps)), ("lr", Optimizer.num(lr)), ("weight_decay", Optimizer.num(weightDecay))]
    }

    public override func update(_ i: Int, _ p: inout [Float], _ grad: [Float]) {
        let n = p.count
        var m = state[i].buffers["exp_avg"] ?? [Float](repeating: 0, count: n)
        var v = state[i].buffers["exp_avg_sq"] ?? [Float](repeating: 0, count: n)
        let t = Double(state[i].step)
        var g = grad
        if weightDecay != 0 {
            for j in 0..<n { g[j] = g[j] + weightDecay * p[j] }
        }
        let w1 = 1 - beta1, b2 = beta2, w2 = 1 - beta2
        for j in 0..<n {
            m[j] = m[j] + w1 * (g[j] - m[j])
            v[j] = v[j] * b2 + w2 * (g[j] * g[j])
        }
        // Python floats (double) for the scalars, as torch.optim.Adam computes them.
        let bc1 = 1 - pow(Double(beta1), t)
        let bc2 = 1 - pow(Double(beta2), t)
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
