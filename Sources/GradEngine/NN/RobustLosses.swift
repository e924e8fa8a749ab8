// More losses: l1_loss, smooth_l1_loss and binary_cross_entropy_with_logits (PyTorch's F.* of the
// same names), forward and backward side by side. Input and target have the same shape; each loss
// is computed elementwise, then reduced ('mean', 'sum' or 'none') by `Functional.reduce`.
//   l1:              ℓ = |x − t|;                        dx = sign(x − t)·s,  dt = −dx
//   smooth_l1(β):    ℓ = ½(x − t)²/β if |x − t| < β, else |x − t| − ½β   (β = 0: l1)
//                    dx = (x − t)/β or sign(x − t), times s;  dt = −dx
//   huber(δ):        ℓ = δ·smooth_l1(β = δ): ½(x − t)² if |x − t| < δ, else δ(|x − t| − ½δ)
//   bce_with_logits: ℓ = (1 − t)·x + log(1 + e^(−x)), computed as (1 − t)·x + m + log(e^(−m) + e^(−x−m)),
//                    m = max(−x, 0) (PyTorch's stable form);  dx = (σ(x) − t)·s,  dt = −x·s
// where s is the upstream gradient share of the element (1/N for mean).
// Non-goals: `weight=` and `pos_weight=` of the BCE losses.

import Foundation

extension Functional {
    static func sameShape(_ op: String, _ input: Tensor, _ target: Tensor) throws {
        guard input.shape == target.shape else {
            throw EngineError(op, "input \(fmt(input.shape)) and target \(fmt(target.shape)) must have the same shape")
        }
    }

    /// Mean absolute error |x − t|, reduced.
    public static func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        try smoothL1Loss(input, target, reduction: reduction, beta: 0, op: "l1_loss")
    }

    /// Huber loss with threshold δ > 0: δ times smooth L1 with β = δ (PyTorch's `F.huber_loss`).
    public static func huberLoss(
        _ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, delta: Double = 1.0
    ) throws -> Tensor {
        guard delta > 0 else {
            throw EngineError("F.huber_loss", "huber_loss does not support non-positive values for delta.")
        }
        return try smoothL1Loss(input, target, reduction: reduction, beta: delta, op: "huber_loss", scale: Float(delta))
    }

    /// Smooth L1 (Huber-like with threshold β): quadratic below β, linear above; every element's
    /// loss and gradient times `scale` (1, or δ for the Huber loss).
    public static func smoothL1Loss(
        _ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, beta: Double = 1.0,
        op: String = "smooth_l1_loss", scale k: Float = 1
    ) throws -> Tensor {
        try sameShape("F.\(op)", input, target)
        guard beta >= 0 else {
            throw EngineError("F.\(op)", "smooth_l1_loss does not support negative values for beta.")
        }
        let n = input.count, b = Float(beta)
        var diff = [Float](repeating: 0, count: n), losses = [Float](repeating: 0, count: n)
        let xv = input.data, tv = target.data
        for i in 0..<n {
            let d = xv[i] - tv[i]
            diff[i] = d
            let a = Swift.abs(d)
            losses[i] = k * (b > 0 && a < b ? 0.5 * d * d / b : a - 0.5 * b)
        }
        return reduce(op, losses: losses, shape: input.shape, reduction: reduction, inputs: [input, target]) { scale in
            var gx = [Float](repeating: 0, count: n), gt = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let d = diff[i]
                let local: Float = b > 0 && Swift.abs(d) < b ? d / b : (d > 0 ? 1 : (d < 0 ? -1 : 0))
                gx[i] = k * local * scale[i]
                gt[i] = -gx[i]
            }
            return [gx, gt]
        }
    }

    /// Binary cross entropy on logits (sigmoid folded in, numerically stable). Target in [0, 1].
    public static func binaryCrossEntropyWithLogits(
        _ input: Tensor, _ target: Tensor, reduction: Reduction = .mean
    ) throws -> Tensor {
        let op = "F.binary_cross_entropy_with_logits"
        guard input.shape == target.shape else {
            throw EngineError(
                op, "Target size (\(fmt(target.shape))) must be the same as input size (\(fmt(input.shape)))")
        }
        let x = input.data, t = target.data, n = input.count
        var losses = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let m = Swift.max(-x[i], 0)
            losses[i] = (1 - t[i]) * x[i] + m + Foundation.log(Foundation.exp(-m) + Foundation.exp(-x[i] - m))
        }
        return reduce(
            "binary_cross_entropy_with_logits", losses: losses, shape: input.shape, reduction: reduction,
            inputs: [input, target]
        ) { scale in
            var gx = [Float](repeating: 0, count: n), gt = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let sig = 1 / (1 + Foundation.exp(-x[i]))
                gx[i] = (sig - t[i]) * scale[i]
                gt[i] = -x[i] * scale[i]
            }
            return [gx, gt]
        }
    }
}
