// Softmax: softmax and log_softmax along a dim, stable for large logits (the max along the dim is
// subtracted before exp, so logits around 95 do not overflow float32).
//   softmax:     y_i = e^(x_i - m) / Σ_j e^(x_j - m);          dx = y ⊙ (dy - Σ_j dy_j y_j)
//   log_softmax: y_i = x_i - m - log Σ_j e^(x_j - m);          dx = dy - softmax(x) · Σ_j dy_j
// Along dim d the tensor is viewed as [outer, n, inner]. float64: Float64Functional.swift.

import Foundation

extension Functional {
    /// Softmax along `dim`: positive values summing to 1 along it.
    public static func softmax(_ x: Tensor, dim: Int) throws -> Tensor {
        try softmaxImpl(x, dim: dim, log: false)
    }

    /// log(softmax(x)) along `dim`, computed stably as x - logsumexp(x).
    public static func logSoftmax(_ x: Tensor, dim: Int) throws -> Tensor {
        try softmaxImpl(x, dim: dim, log: true)
    }

    private static func softmaxImpl(_ x: Tensor, dim: Int, log: Bool) throws -> Tensor {
        if x.dtype == .float64 { return try softmax64(x, dim: dim, log: log) }  // Float64Functional.swift
        let op = log ? "log_softmax" : "softmax"
        let d = try x.normDim(dim, op: op)
        let (outer, n, inner) = try x.split(at: d, op: op)
        let total = x.count
        // out = softmax(x) or log_softmax(x). The backward needs softmax(x): softmax's is `out` itself;
        // log_softmax keeps `probs` beside it, only when a graph is recorded (so no hidden copy else).
        let keepProbs = log && GradMode.isEnabled && x.requiresGrad
        var probs = [Float](repeating: 0, count: keepProbs ? total : 0)
        var out = [Float](repeating: 0, count: total)
        Profiler.measure(.elementwise) {
            x.data.withUnsafeBufferPointer { px in
                probs.withUnsafeMutableBufferPointer { pp in
                    out.withUnsafeMutableBufferPointer { po in
                        for a in 0..<outer {
                            for i in 0..<inner {
                                let base = a * n * inner + i
                                var m = -Float.infinity
                                for k in 0..<n { m = Swift.max(m, px[base + k * inner]) }
                                if m == -.infinity { m = 0 }
                                var s: Float = 0
                                for k in 0..<n {
                                    let j = base + k * inner
                                    let e = Foundation.exp(px[j] - m)
                                    if !log { po[j] = e } else if keepProbs { pp[j] = e }
                                    s += e
                                }
                                let inv = 1 / s, ls = Foundation.log(s)
                                for k in 0..<n {
                                    let j = base + k * inner
                                    if log {
                                        po[j] = px[j] - m - ls
                                        if keepProbs { pp[j] *= inv }
                                    } else {
                                        po[j] *= inv
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if !log { probs = out }  // shares the buffer: the backward reads the output
        return Tensor.result(op, shape: x.shape, data: out, inputs: [x]) { g in
            Profiler.measure(.elementwise) {
                var gx = [Float](repeating: 0, count: total)
                for a in 0..<outer {
                    for i in 0..<inner {
                        let base = a * n * inner + i
                        var s: Float = 0
                        if log {
                            for k in 0..<n { s += g[base + k * inner] }
                            for k in 0..<n {
                                let j = base + k * inner
                                gx[j] = g[j] - probs[j] * s
                            }
                        } else {
                            for k in 0..<n {
                                let j = base + k * inner
                                s += g[j] * probs[j]
                            }
                            for k in 0..<n {
                                let j = base + k * inner
                                gx[j] = probs[j] * (g[j] - s)
                            }
                        }
                    }
                }
                return [gx]
            }
        }
    }
}
