// BatchNorm1d / BatchNorm2d: batch normalisation with running statistics (PyTorch's nn.BatchNorm1d,
// nn.BatchNorm2d and F.batch_norm), forward and backward side by side.
//
// Per channel c, over the M = N·(spatial) values of that channel:
//   training:  μ = mean(x),  σ² = mean((x − μ)²) (biased),  x̂ = (x − μ)/√(σ² + eps)
//              running_mean ← (1 − m)·running_mean + m·μ,
//              running_var  ← (1 − m)·running_var  + m·σ²·M/(M − 1)   (unbiased), m = momentum
//   eval:      x̂ = (x − running_mean)/√(running_var + eps)
//   y = γ·x̂ + β
// Backward (training): dβ = Σ dy, dγ = Σ dy·x̂,
//   dx = γ/(M·√(σ² + eps)) · (M·dy − Σ dy − x̂·Σ dy·x̂);   eval: dx = dy·γ/√(running_var + eps).
// Sums run in double precision. Channel is dim 1 of [N, C], [N, C, L] or [N, C, H, W].
// Non-goals: momentum=None (cumulative average), track_running_stats=False, SyncBatchNorm.

import Foundation

extension Functional {
    /// Batch normalisation of x along channel dim 1. `runningMean`/`runningVar` ([C]) are read in
    /// eval mode and updated in place in training mode; `weight`/`bias` ([C]) are γ and β (nil: 1, 0).
    public static func batchNorm(
        _ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
        training: Bool, momentum: Float = 0.1, eps: Float = 1e-5
    ) throws -> Tensor {
        let op = "F.batch_norm"
        guard x.ndim >= 2 else {
            throw EngineError(op, "expected an input with a batch and a channel dimension, got \(fmt(x.shape))")
        }
        let n = x.shape[0], c = x.shape[1]
        let inner = x.shape.dropFirst(2).reduce(1, *)
        let m = n * inner
        for (name, t) in [
            ("running_mean", runningMean), ("running_var", runningVar), ("weight", weight), ("bias", bias),
        ] {
            if let t, t.count != c { throw EngineError(op, "\(name) should contain \(c) elements not \(t.count)") }
        }
        if training && m <= 1 {
            throw EngineError(
                op, "Expected more than 1 value per channel when training, got input size \(fmt(x.shape))")
        }
        guard training || (runningMean != nil && runningVar != nil) else {
            throw EngineError(op, "running_mean and running_var are needed in eval mode")
        }
        let xv = x.data
        func index(_ b: Int, _ ch: Int, _ i: Int) -> Int { (b * c + ch) * inner + i }
        var mean = [Float](repeating: 0, count: c), invStd = [Float](repeating: 0, count: c)
        var newMean = runningMean?.data ?? [], newVar = runningVar?.data ?? []
        for ch in 0..<c {
            if training {
                var s = 0.0
                for b in 0..<n { for i in 0..<inner { s += Double(xv[index(b, ch, i)]) } }
                let mu = s / Double(m)
                var v = 0.0
                for b in 0..<n {
                    for i in 0..<inner {
                        let d = Double(xv[index(b, ch, i)]) - mu
                        v += d * d
                    }
                }
                let varB = v / Double(m)
                mean[ch] = Float(mu)
                invStd[ch] = Float(1 / (varB + Double(eps)).squareRoot())
                if runningMean != nil, runningVar != nil {
                    newMean[ch] = (1 - momentum) * newMean[ch] + momentum * Float(mu)
                    newVar[ch] = (1 - momentum) * newVar[ch] + momentum * Float(v / Double(m - 1))
                }
            } else if runningMean != nil, runningVar != nil {
                mean[ch] = newMean[ch]
                invStd[ch] = 1 / (newVar[ch] + eps).squareRoot()
            }
        }
        if training, let rm = runningMean, let rv = runningVar {
            rm.data = newMean
            rv.data = newVar
        }
        let gamma = weight?.data ?? [Float](repeating: 1, count: c)
        let beta = bias?.data ?? [Float](repeating: 0, count: c)
        var xhat = [Float](repeating: 0, count: x.count), out = [Float](repeating: 0, count: x.count)
        for b in 0..<n {
            for ch in 0..<c {
                for i in 0..<inner {
                    let k = index(b, ch, i)
                    xhat[k] = (xv[k] - mean[ch]) * invStd[ch]
                    out[k] = gamma[ch] * xhat[k] + beta[ch]
                }
            }
        }
        var inputs = [x]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        let hasW = weight != nil, hasB = bias != nil
        let count = x.count
        return Tensor.result(
            "batch_norm", shape: x.shape, data: out, inputs: inputs, name: "NativeBatchNormBackward0"
        ) { g in
            var gx = [Float](repeating: 0, count: count)
            var gGamma = [Float](repeating: 0, count: c), gBeta = [Float](repeating: 0, count: c)
            for ch in 0..<c {
                var sdy = 0.0, sdyx = 0.0
                for b in 0..<n {
                    for i in 0..<inner {
                        let k = index(b, ch, i)
                        sdy += Double(g[k])
                        sdyx += Double(g[k] * xhat[k])
                    }
                }
                gBeta[ch] = Float(sdy)
                gGamma[ch] = Float(sdyx)
                if training {
                    let f = gamma[ch] * invStd[ch] / Float(m)
                    for b in 0..<n {
                        for i in 0..<inner {
                            let k = index(b, ch, i)
                            gx[k] = f * (Float(m) * g[k] - Float(sdy) - xhat[k] * Float(sdyx))
                        }
                    }
                } else {
                    let f = gamma[ch] * invStd[ch]
                    for b in 0..<n {
                        for i in 0..<inner {
                            let k = index(b, ch, i)
                            gx[k] = g[k] * f
                        }
                    }
                }
            }
            var r: [[Float]?] = [gx]
            if hasW { r.append(gGamma) }
            if hasB { r.append(gBeta) }
            return r
        }
    }
}

/// `nn.BatchNorm1d(C)` ([N, C] or [N, C, L]) and `nn.BatchNorm2d(C)` ([N, C, H, W]): learnable
/// γ (`weight`, ones) and β (`bias`, zeros), buffers `running_mean` (zeros), `running_var` (ones)
/// and `num_batches_tracked` (int64 0, counted up by each training forward).
public final class BatchNorm: Module, @unchecked Sendable {
    public let numFeatures: Int
    public let eps: Float
    public let momentum: Float
    public let affine: Bool
    /// 1 for BatchNorm1d, 2 for BatchNorm2d (the input ranks they accept differ).
    public let spatialDims: Int

    public init(
        _ numFeatures: Int, spatialDims: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true
    ) throws {
        let name = "nn.BatchNorm\(spatialDims)d"
        guard numFeatures > 0 else { throw EngineError(name, "num_features must be positive, got \(numFeatures)") }
        guard eps > 0 else { throw EngineError(name, "eps must be positive, got \(eps)") }
        try Init.checkSize(name, [numFeatures])
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.spatialDims = spatialDims
        super.init()
        if affine {
            registerParameter("weight", Tensor(unchecked: [numFeatures], [Float](repeating: 1, count: numFeatures)))
            registerParameter("bias", Tensor(unchecked: [numFeatures], [Float](repeating: 0, count: numFeatures)))
        }
        registerBuffer("running_mean", Tensor(unchecked: [numFeatures], [Float](repeating: 0, count: numFeatures)))
        registerBuffer("running_var", Tensor(unchecked: [numFeatures], [Float](repeating: 1, count: numFeatures)))
        registerBuffer("num_batches_tracked", Tensor(0, dtype: .int64))
    }

    public override var typeName: String { "BatchNorm\(spatialDims)d" }

    public override var optionalParameters: [String] { ["weight", "bias"] }

    public override func forward(_ x: Tensor) throws -> Tensor {
        let ok = spatialDims == 2 ? x.ndim == 4 : (x.ndim == 2 || x.ndim == 3)
        guard ok else {
            throw EngineError(typeName, "expected \(spatialDims == 2 ? "4D" : "2D or 3D") input (got \(x.ndim)D input)")
        }
        guard x.shape[1] == numFeatures else {
            throw EngineError(typeName, "running_mean should contain \(x.shape[1]) elements not \(numFeatures)")
        }
        let y = try Functional.batchNorm(
            x, runningMean: buffer("running_mean"), runningVar: buffer("running_var"),
            weight: parameter("weight"), bias: parameter("bias"),
            training: training, momentum: momentum, eps: eps)
        // only after a batch that ran
        if training, let t = buffer("num_batches_tracked"), let n = t.data.first { t.data = [n + 1] }
        return y
    }

    public override func extraRepr() -> String {
        "\(numFeatures), eps=\(Optimizer.num(eps)), momentum=\(Optimizer.num(momentum)), "
            + "affine=\(affine ? "True" : "False"), bias=True, track_running_stats=True"
    }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        [
            ("num_features", .int(numFeatures)), ("eps", .float32(eps)), ("momentum", .float32(momentum)),
            ("affine", .bool(affine)), ("track_running_stats", .bool(true)),
        ]
    }
}
