// Sampling: the index arithmetic of torch.utils.data that does not depend on what a dataset holds —
// random permutations, random_split's lengths, the batches of an epoch, and gathering rows of a
// tensor (TensorDataset batches) — so the language's loaders over any dataset share it.
//
//   random_split(lengths): integer lengths must sum to the dataset size; fractions summing to 1
//     become ⌊n·f⌋ each, the remainder added one by one round-robin from the first (PyTorch's rule);
//     the indices are a random permutation of 0..<n cut in that order.
//   batches: consecutive slices of batch_size positions; the last one shorter unless drop_last.
// Non-goals: PyTorch's exact random stream (same distribution, different draws), samplers with
// weights, distributed sampling.

public enum Sampling {
    /// A uniformly random permutation of 0..<n (Fisher-Yates) from `rng`.
    public static func permutation(_ n: Int, _ rng: inout Generator) -> [Int] {
        var perm = Array(0..<max(0, n))
        var i = perm.count - 1
        while i > 0 {
            let j = rng.int(0, i + 1)
            perm.swapAt(i, j)
            i -= 1
        }
        return perm
    }

    /// The subset sizes of `random_split(dataset, lengths)` for a dataset of `total` samples.
    public static func splitLengths(_ lengths: [Double], total: Int) throws -> [Int] {
        let op = "random_split"
        guard !lengths.isEmpty, lengths.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw EngineError(op, "lengths must be non-negative numbers, got \(lengths)")
        }
        let sum = lengths.reduce(0, +)
        var out: [Int]
        if abs(sum - 1) <= 1e-9 && sum <= 1 {  // math.isclose(sum(lengths), 1) and sum(lengths) <= 1
            out = lengths.map { Int((Double(total) * $0).rounded(.down)) }
            let remainder = total - out.reduce(0, +)
            for i in 0..<max(0, remainder) { out[i % out.count] += 1 }
        } else {
            guard lengths.allSatisfy({ $0 == $0.rounded() && $0 < 1e15 }) else {
                throw EngineError(op, "lengths must be ints, or fractions that sum to 1, got \(lengths)")
            }
            out = lengths.map { Int($0) }
        }
        guard out.reduce(0, +) == total else {
            throw EngineError(op, "Sum of input lengths does not equal the length of the input dataset!")
        }
        return out
    }

    /// `random_split`: disjoint index lists of the given sizes covering 0..<total in random order.
    public static func randomSplit(total: Int, lengths: [Int], _ rng: inout Generator) -> [[Int]] {
        let perm = permutation(total, &rng)
        var out: [[Int]] = []
        var start = 0
        for l in lengths {
            out.append(Array(perm[start..<(start + l)]))
            start += l
        }
        return out
    }

    /// The position ranges of one epoch's batches.
    public static func batches(count: Int, batchSize: Int, dropLast: Bool) throws -> [Range<Int>] {
        guard batchSize >= 1 else {
            throw EngineError(
                "DataLoader", "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        }
        var out: [Range<Int>] = []
        var lo = 0
        while lo < count {
            let hi = min(count, lo + batchSize)
            if hi - lo < batchSize && dropLast { break }
            out.append(lo..<hi)
            lo = hi
        }
        return out
    }

    /// Rows `idx` of `t` along dim 0, stacked: [len(idx)] + t.shape[1...] (no graph).
    public static func rows(_ t: Tensor, _ idx: [Int]) throws -> Tensor {
        guard t.ndim >= 1 else { throw EngineError("TensorDataset", "a 0-d tensor has no rows") }
        let n = t.shape[0], size = t.shape.dropFirst().reduce(1, *)
        var out = [Float]()
        out.reserveCapacity(idx.count * size)
        for i in idx {
            guard i >= 0, i < n else { throw EngineError("TensorDataset", "index \(i) is out of range for \(n) rows") }
            out += t.data[(i * size)..<((i + 1) * size)]
        }
        return try Tensor(shape: [idx.count] + Array(t.shape.dropFirst()), data: out, dtype: t.dtype)
    }
}
