// SamplingBuiltins: torch.multinomial, the sampler of every text-generation tutorial
// (`idx_next = torch.multinomial(probs, num_samples=1)` in a bigram model, char-RNN and word-level
// language-model sampling).
// Non-goals: the `out=` and `generator=` arguments; PyTorch's exact random stream (gradstep's generator is
// its own, so the drawn indices differ from PyTorch's for the same seed, as torch.rand's values do).

import GradEngine

extension BuiltinTable {
    func registerSampling(torch: Namespace) {
        section = "torch: autograd and randomness"
        def(
            "torch.multinomial", "torch.multinomial(input, num_samples, replacement=False, *, generator=None)",
            "Draws num_samples indices per row of input (1-D [C] or 2-D [N, C] non-negative weights, not necessarily "
                + "normalised) with probability weight / row sum; without replacement an index is drawn at most once. "
                + "int64 [num_samples] or [N, num_samples].",
            "torch.multinomial(torch.tensor([0.0, 1.0, 0.0]), 2, replacement=True)", in: torch,
            unsupported: ["generator", "out"]
        ) { b, interp in
            let input = try b.tensor("input")
            let n = try b.int("num_samples")
            let replacement = try b.bool("replacement", false)
            guard input.shape.count == 1 || input.shape.count == 2 else {
                throw ScriptError(kind: "RuntimeError", message: "prob_dist must be 1 or 2 dim")
            }
            let categories = input.shape.last ?? 0
            let rows = input.shape.count == 2 ? input.shape[0] : 1
            guard n > 0 else { throw ScriptError(kind: "RuntimeError", message: "cannot sample n_sample <= 0 samples") }
            guard replacement || n <= categories else {
                throw ScriptError(
                    kind: "RuntimeError",
                    message: "cannot sample n_sample > prob_dist.size(-1) samples without "
                        + "replacement")
            }
            try interp.checkSize([rows, n], "torch.multinomial")
            let weights = input.data.map { Double($0) }
            var out: [Float] = []
            out.reserveCapacity(rows * n)
            for r in 0..<rows {
                var w = Array(weights[(r * categories)..<((r + 1) * categories)])
                guard w.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                    throw ScriptError(
                        kind: "RuntimeError", message: "probability tensor contains either `inf`, `nan` or element < 0")
                }
                guard w.reduce(0, +) > 0 else {
                    throw ScriptError(
                        kind: "RuntimeError", message: "invalid multinomial distribution (sum of probabilities <= 0)")
                }
                var taken = [Bool](repeating: false, count: categories)
                for _ in 0..<n {
                    // inverse CDF: the first index whose running sum passes u · total
                    let total = w.reduce(0, +)
                    guard total > 0 else {
                        // without replacement, once the positive weights are used up PyTorch goes on with the
                        // zero-weight indices, lowest first (multinomial([0., 1., 0.], 2) -> [1, 0])
                        let next = taken.firstIndex(of: false) ?? 0
                        taken[next] = true
                        out.append(Float(next))
                        continue
                    }
                    let u = Double(RNG.global.uniform()) * total
                    var acc = 0.0
                    var pick = w.lastIndex(where: { $0 > 0 }) ?? 0
                    for (i, x) in w.enumerated() where x > 0 {
                        acc += x
                        if u < acc {
                            pick = i
                            break
                        }
                    }
                    out.append(Float(pick))
                    if !replacement {
                        w[pick] = 0
                        taken[pick] = true
                    }
                }
            }
            let shape = input.shape.count == 2 ? [rows, n] : [n]
            return .tensor(try Tensor(shape: shape, data: out, dtype: .int64))
        }
    }
}
