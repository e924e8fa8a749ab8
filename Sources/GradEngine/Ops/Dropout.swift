// Dropout: in training, zero each element with probability p and scale the rest by 1/(1-p), so the
// expected value is unchanged; in eval (training false) or with p = 0 it returns x itself.
//   y = x ⊙ mask / (1 - p), mask ~ Bernoulli(1 - p) from `RNG.global`;  dx = dy ⊙ mask / (1 - p)
// Non-goals: PyTorch's exact random mask (same distribution, different draws).

extension Functional {
    /// Randomly zeroes elements with probability `p` while training (inverted dropout).
    public static func dropout(_ x: Tensor, p: Float = 0.5, training: Bool = true) throws -> Tensor {
        guard p >= 0, p <= 1 else {
            throw EngineError("F.dropout", "dropout probability has to be between 0 and 1, but got \(p)")
        }
        if !training || p == 0 { return x }
        let n = x.count
        let scale: Float = p == 1 ? 0 : 1 / (1 - p)
        var mask = [Float](repeating: 0, count: n)
        var rng = RNG.global
        for i in 0..<n { mask[i] = rng.uniform() >= p ? scale : 0 }
        RNG.global = rng
        let out = Profiler.measure(.elementwise) {
            [Float](unsafeUninitializedCapacity: n) { buf, done in
                x.data.withUnsafeBufferPointer { px in
                    mask.withUnsafeBufferPointer { pm in
                        for i in 0..<n { buf[i] = px[i] * pm[i] }
                    }
                }
                done = n
            }
        }
        return Tensor.result("dropout", shape: x.shape, data: out, inputs: [x]) { g in
            Profiler.measure(.elementwise) {
                [
                    [Float](unsafeUninitializedCapacity: n) { buf, done in
                        g.withUnsafeBufferPointer { pg in
                            mask.withUnsafeBufferPointer { pm in
                                for i in 0..<n { buf[i] = pg[i] * pm[i] }
                            }
                        }
                        done = n
                    }
                ]
            }
        }
    }
}
