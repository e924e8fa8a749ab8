// Losses: cross_entropy, nll_loss, mse_loss, binary_cross_entropy, and one_hot, forward and
// backward side by side. Shapes: logits/log-probs [N, C] (or [C] for one sample), class targets
// [N] int64 with values in 0..<C.
//   cross_entropy: ℓ_n = logsumexp(x_n) - x_n[t_n]    (stable: the row max is subtracted)
//                  dx_n = s_n · (softmax(x_n) - onehot(t_n)), s_n = dy/N (mean), dy (sum), dy_n (none)
//   nll_loss:      ℓ_n = -x_n[t_n];                    dx_n[t_n] = -s_n
//   mse_loss:      ℓ = (a - b)²;                       da = 2(a - b)·s, db = -da
//   bce:           ℓ = -(t·log x + (1-t)·log(1-x)), logs clamped at -100 as PyTorch;
//                  dx = s·(x - t) / max(x(1-x), 1e-12),  dt = s·(log(1-x) - log x)
// Class weights, ignore_index and label smoothing: ClassLossOptions.swift. Non-goals: K-d (image) targets.

import Foundation

extension Functional {
    /// Reads class targets: values must be integers in 0..<classes.
    static func classTargets(_ op: String, _ target: Tensor, rows: Int, classes: Int, inputShape: [Int]) throws -> [Int]
    {
        let expected = inputShape.count == 1 ? [] : [rows]
        guard target.shape == expected || (inputShape.count == 1 && target.shape == [1]) else {
            if inputShape.count == 2, target.ndim == 1 {
                throw EngineError(
                    op,
                    "expected input batch_size (\(rows)) to match target batch_size (\(target.shape[0])) (input "
                        + "\(fmt(inputShape)), target \(fmt(target.shape)))"
                )
            }
            throw EngineError(
                op, "input \(fmt(inputShape)) needs a target of shape \(fmt(expected)), got \(fmt(target.shape))")
        }
        var t = [Int](repeating: 0, count: rows)
        for i in 0..<rows {
            let v = target.data[i]
            guard v == v.rounded(), v >= 0, v < Float(classes) else {
                throw EngineError(
                    op,
                    "target \(v == v.rounded() ? String(Int(v)) : String(v)) is out of bounds for \(classes) classes")
            }
            t[i] = Int(v)
        }
        return t
    }

    static func checkLogits(_ op: String, _ x: Tensor) throws -> (rows: Int, classes: Int) {
        guard x.ndim == 1 || x.ndim == 2 else {
            throw EngineError(op, "expected input [N, C] or [C], got \(fmt(x.shape))")
        }
        return x.ndim == 1 ? (1, x.shape[0]) : (x.shape[0], x.shape[1])
    }

    /// Reduces per-row losses and says how each row's gradient scales with the upstream.
    static func reduce(
        _ op: String, losses: [Float], shape: [Int], reduction: Reduction, inputs: [Tensor],
        grads: @escaping (_ scale: [Float]) -> [[Float]?]
    ) -> Tensor {
        let n = losses.count
        switch reduction {
        case .none:
            return Tensor.result(op, shape: shape, data: losses, inputs: inputs) { g in grads(g) }
        case .sum, .mean:
            var s: Double = 0
            for v in losses { s += Double(v) }
            let mean = reduction == .mean
            if mean { s /= Double(n) }
            return Tensor.result(op, shape: [], data: [Float(s)], inputs: inputs) { g in
                grads([Float](repeating: mean ? g[0] / Float(n) : g[0], count: n))
            }
        }
    }

    /// Cross entropy of logits against class indices (or, when `target` is a float tensor of the
    /// logits' shape, against class probabilities). Shapes: [N, C] and [N] -> scalar (mean/sum) or [N].
    public static func crossEntropy(_ logits: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        let op = "F.cross_entropy"
        if logits.dtype == .float64 {  // Float64Functional.swift
            let soft = target.dtype.isFloatingPoint && target.shape == logits.shape && logits.ndim == 2
            try float64NoGrad("cross_entropy", [logits, target])
            return try classLoss64(op, logits, target, logits: true, soft: soft, reduction: reduction)
        }
        let (rows, classes) = try checkLogits(op, logits)
        let soft = target.dtype == .float32 && target.shape == logits.shape && logits.ndim == 2 && target.ndim == 2
        let t = soft ? [] : try classTargets(op, target, rows: rows, classes: classes, inputShape: logits.shape)
        let tv = soft ? target.data : []
        guard rows > 0 || reduction == .none else {
            // PyTorch returns nan for an empty batch with mean.
            return Tensor(unchecked: [], [reduction == .sum ? 0 : .nan])
        }
        var probs = [Float](repeating: 0, count: rows * classes)
        var losses = [Float](repeating: 0, count: rows)
        var logp = [Float](repeating: 0, count: soft ? rows * classes : 0)
        Profiler.measure(.elementwise) {
            logits.data.withUnsafeBufferPointer { px in
                for r in 0..<rows {
                    let row = px.base + r * classes
                    var m = -Float.infinity
                    for c in 0..<classes { m = Swift.max(m, row[c]) }
                    var s: Float = 0
                    for c in 0..<classes {
                        let e = Foundation.exp(row[c] - m)
                        probs[r * classes + c] = e
                        s += e
                    }
                    let lse = m + Foundation.log(s)
                    let inv = 1 / s
                    for c in 0..<classes { probs[r * classes + c] *= inv }
                    if soft {
                        var l: Float = 0
                        for c in 0..<classes {
                            logp[r * classes + c] = row[c] - lse
                            l += tv[r * classes + c] * (lse - row[c])
                        }
                        losses[r] = l
                    } else {
                        losses[r] = lse - row[t[r]]
                    }
                }
            }
        }
        let outShape = logits.ndim == 1 ? [] : [rows]
        let needT = soft && target.requiresGrad
        return reduce(
            "cross_entropy", losses: losses, shape: outShape, reduction: reduction,
            inputs: soft ? [logits, target] : [logits]
        ) { scale in
            var gx = probs
            for r in 0..<rows {
                let s = scale[r]
                if soft {
                    var tsum: Float = 0
                    for c in 0..<classes { tsum += tv[r * classes + c] }
                    for c in 0..<classes {
                        gx[r * classes + c] = s * (probs[r * classes + c] * tsum - tv[r * classes + c])
                    }
                } else {
                    for c in 0..<classes { gx[r * classes + c] *= s }
                    gx[r * classes + t[r]] -= s
                }
            }
            if soft {
                // d/dt_c = s · (lse - x_c) = -s · log softmax_c
                var gt: [Float]? = nil
                if needT {
                    var v = [Float](repeating: 0, count: rows * classes)
                    for r in 0..<rows {
                        for c in 0..<classes {
                            v[r * classes + c] = -scale[r] * logp[r * classes + c]
                        }
                    }
                    gt = v
                }
                return [gx, gt]
            }
            return [gx]
        }
    }

    /// Negative log-likelihood of log-probabilities at the target classes.
    /// Shapes: [N, C] and [N] -> scalar (mean/sum) or [N].
    public static func nllLoss(_ logProbs: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        let op = "F.nll_loss"
        if logProbs.dtype == .float64 {  // Float64Functional.swift
            return try classLoss64(op, logProbs, target, logits: false, soft: false, reduction: reduction)
        }
        let (rows, classes) = try checkLogits(op, logProbs)
        let t = try classTargets(op, target, rows: rows, classes: classes, inputShape: logProbs.shape)
        let losses = (0..<rows).map { -logProbs.data[$0 * classes + t[$0]] }
        return reduce(
            "nll_loss", losses: losses, shape: logProbs.ndim == 1 ? [] : [rows], reduction: reduction,
            inputs: [logProbs]
        ) { scale in
            var gx = [Float](repeating: 0, count: rows * classes)
            for r in 0..<rows { gx[r * classes + t[r]] = -scale[r] }
            return [gx]
        }
    }

    /// Mean squared error (a - b)², reduced. Both inputs get gradients; shapes must match.
    public static func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        guard input.shape == target.shape else {
            throw EngineError(
                "F.mse_loss", "input \(fmt(input.shape)) and target \(fmt(target.shape)) must have the same shape")
        }
        if input.dtype == .float64 || target.dtype == .float64, input.dtype.isFloatingPoint,
            target.dtype.isFloatingPoint
        {
            try float64NoGrad("mse_loss", [input, target])
            return mseLoss64(input, target, reduction: reduction)  // Float64Functional.swift
        }
        let a = input.data, b = target.data, n = input.count
        var diff = [Float](repeating: 0, count: n), losses = [Float](repeating: 0, count: n)
        for i in 0..<n {
            diff[i] = a[i] - b[i]
            losses[i] = diff[i] * diff[i]
        }
        return reduce(
            "mse_loss", losses: losses, shape: input.shape, reduction: reduction,
            inputs: [input, target]
        ) { scale in
            var ga = [Float](repeating: 0, count: n), gb = [Float](repeating: 0, count: n)
            for i in 0..<n {
                ga[i] = 2 * diff[i] * scale[i]
                gb[i] = -ga[i]
            }
            return [ga, gb]
        }
    }

    /// Binary cross entropy of probabilities `input` in [0, 1] against `target` (same shape).
    public static func binaryCrossEntropy(
        _ input: Tensor, _ target: Tensor, reduction: Reduction = .mean
    ) throws -> Tensor {
        let op = "F.binary_cross_entropy"
        guard input.shape == target.shape else {
            throw EngineError(
                op,
                "using a target size \(fmt(target.shape)) that is different to the input size \(fmt(input.shape)) is "
                    + "not supported; make them the same size"
            )
        }
        guard input.data.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw EngineError(op, "all elements of input should be between 0 and 1")
        }
        let x = input.data, t = target.data, n = input.count
        let logX: [Float] = x.map { (v: Float) -> Float in Swift.max(Foundation.log(v), -100) }
        let log1mX: [Float] = x.map { (v: Float) -> Float in Swift.max(Foundation.log(1 - v), -100) }
        var losses = [Float](repeating: 0, count: n)
        for i in 0..<n { losses[i] = -(t[i] * logX[i] + (1 - t[i]) * log1mX[i]) }
        return reduce(
            "binary_cross_entropy", losses: losses, shape: input.shape, reduction: reduction,
            inputs: [input, target]
        ) { scale in
            var gx = [Float](repeating: 0, count: n), gt = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let denom: Float = Swift.max(x[i] * (1 - x[i]), 1e-12)
                gx[i] = scale[i] * (x[i] - t[i]) / denom
                gt[i] = scale[i] * (log1mX[i] - logX[i])
            }
            return [gx, gt]
        }
    }

    /// One-hot encoding of int64 class indices: shape t.shape + [numClasses] (-1: max + 1), int64.
    public static func oneHot(_ t: Tensor, numClasses: Int = -1) throws -> Tensor {
        let op = "F.one_hot"
        guard t.dtype == .int64 else {
            throw EngineError(op, "one_hot is only applicable to index tensors (int64), got \(t.dtype.rawValue)")
        }
        guard t.data.allSatisfy({ $0 >= 0 && $0 < 1e9 }) else {
            throw EngineError(op, "class values must be non-negative and below 10⁹")
        }
        let maxV = Int(t.data.max() ?? -1)
        let c = numClasses == -1 ? maxV + 1 : numClasses
        guard c >= 0 else { throw EngineError(op, "num_classes should be positive or -1, got \(numClasses)") }
        try Tensor.checkShape(t.shape + [c], op: op)
        guard maxV < c else {
            throw EngineError(op, "class values must be smaller than num_classes (got \(maxV) for num_classes \(c))")
        }
        var out = [Float](repeating: 0, count: t.count * c)
        for (i, v) in t.data.enumerated() { out[i * c + Int(v)] = 1 }
        return Tensor(unchecked: t.shape + [c], out, dtype: .int64)
    }
}
