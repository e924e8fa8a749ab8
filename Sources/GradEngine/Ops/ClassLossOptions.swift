// ClassLossOptions: cross_entropy and nll_loss with PyTorch's class `weight`, `ignore_index` and
// `label_smoothing`, composed from differentiable primitives (log_softmax, mul, sum), so autograd
// gives the gradient. The plain fused kernels in Losses.swift stay the path without options.
// Shapes: input [N, C] (or [C]), target [N] (or []) class indices; weight [C].
//   m_n   = 1 if t_n ≠ ignore_index else 0,   w_n = weight[t_n]·m_n (weight = 1 when absent)
//   nll_n = −w_n · logp[n, t_n]
//   mean: Σ nll_n / Σ w_n;  sum: Σ nll_n;  none: nll_n (0 where ignored)
//   label smoothing ε (cross_entropy): smooth_n = −m_n · Σ_c weight[c]·logp[n, c]
//     loss = (1 − ε)·nll + (ε / C)·smooth, smooth reduced like nll (mean: over Σ w_n, or the count
//     of rows kept when there is no weight), as ATen's cross_entropy_loss_label_smoothing does.
// Non-goals: K-d (image) targets, probability targets with these options.

extension Functional {
    /// Cross entropy (`logits`) or NLL (`logits: false`, input already log-probabilities) with options.
    public static func classLoss(
        _ input: Tensor, _ target: Tensor, logits: Bool, weight: Tensor?, ignoreIndex: Int,
        labelSmoothing: Double, reduction: Reduction
    ) throws -> Tensor {
        let op = logits ? "F.cross_entropy" : "F.nll_loss"
        let (rows, classes) = try checkLogits(op, input)
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else {
            throw EngineError(op, "label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)")
        }
        if let weight, weight.shape != [classes] {
            throw EngineError(
                op,
                "weight tensor should be defined either for all \(classes) classes or no classes but got weight "
                    + "tensor of shape: \(fmt(weight.shape))")
        }
        // Targets: ignored rows read class 0 (masked out below), the rest must be classes.
        let expected = input.ndim == 1 ? [] : [rows]
        guard target.shape == expected || (input.ndim == 1 && target.shape == [1]) else {
            throw EngineError(
                op,
                "input \(fmt(input.shape)) needs a target of shape \(fmt(expected)), got "
                    + "\(fmt(target.shape))")
        }
        var kept = [Float](repeating: 0, count: rows)
        var cls = [Int](repeating: 0, count: rows)
        for n in 0..<rows {
            let v = target.data[n]
            if v == Float(ignoreIndex) { continue }
            guard v == v.rounded(), v >= 0, v < Float(classes) else {
                throw EngineError(op, "Target \(v == v.rounded() ? String(Int(v)) : String(v)) is out of bounds.")
            }
            cls[n] = Int(v)
            kept[n] = 1
        }
        let x = input.ndim == 1 ? try input.reshape([1, classes]) : input
        let logp = logits ? try logSoftmax(x, dim: 1) : x
        let w = weight?.data ?? [Float](repeating: 1, count: classes)
        var wn = [Float](repeating: 0, count: rows)
        for n in 0..<rows where kept[n] != 0 { wn[n] = w[cls[n]] }
        let denominator = wn.reduce(0, +)
        let nll = weightedNLL(logp, cls: cls, kept: kept, wn: wn, reduction: reduction, denominator: denominator)
        func reduce(_ l: Tensor, over d: Float) throws -> Tensor {
            switch reduction {
            case .none: return input.ndim == 1 ? try l.reshape([]) : l
            case .sum: return try l.sum()
            case .mean: return try Tensor.div(try l.sum(), Tensor.scalar(d))
            }
        }
        var loss = input.ndim == 1 && reduction == .none ? try nll.reshape([]) : nll
        if labelSmoothing > 0 {
            guard logits else { throw EngineError(op, "label_smoothing is an option of cross_entropy only") }
            var rowWeights = [Float](repeating: 0, count: rows * classes)
            for n in 0..<rows where kept[n] != 0 {
                for c in 0..<classes { rowWeights[n * classes + c] = w[c] }
            }
            let smooth = try Tensor.mul(logp, try Tensor(shape: [rows, classes], data: rowWeights)).sum(dim: 1).neg()
            let smoothLoss = try reduce(smooth, over: weight == nil ? kept.reduce(0, +) : denominator)
            let e = Float(labelSmoothing)
            loss = try Tensor.add(
                try Tensor.mul(loss, Tensor.scalar(1 - e)),
                try Tensor.mul(smoothLoss, Tensor.scalar(e / Float(classes))))
        }
        return loss
    }

    /// nll_n = −w_n·logp[n, t_n] (exactly 0 for ignored rows), reduced; backward writes −w_n·scale_n
    /// at [n, t_n] and zeros elsewhere. grad_fn: NllLossBackward0, as PyTorch's weighted nll_loss.
    static func weightedNLL(
        _ logp: Tensor, cls: [Int], kept: [Float], wn: [Float], reduction: Reduction, denominator: Float
    ) -> Tensor {
        let rows = logp.shape[0], classes = logp.shape[1]
        let lp = logp.data
        var losses = [Float](repeating: 0, count: rows)
        for n in 0..<rows where kept[n] != 0 { losses[n] = -wn[n] * lp[n * classes + cls[n]] }
        let total = losses.reduce(0, +)
        let (shape, value): ([Int], [Float]) =
            switch reduction {
            case .none: ([rows], losses)
            case .sum: ([], [total])
            case .mean: ([], [total / denominator])
            }
        return Tensor.result("nll_loss", shape: shape, data: value, inputs: [logp], saves: .none) { g in
            var gx = [Float](repeating: 0, count: rows * classes)
            for n in 0..<rows where kept[n] != 0 {
                let scale: Float =
                    switch reduction {
                    case .none: g[n]
                    case .sum: g[0]
                    case .mean: g[0] / denominator
                    }
                gx[n * classes + cls[n]] = -wn[n] * scale
            }
            return [gx]
        }
    }
}
