// Sorting: sort, argsort and topk along a dim, forward and backward side by side.
//   Along dim d the tensor is viewed as [outer, n, inner]; each line is ordered on its own.
//   values[k] = x[perm[k]]; backward: dx[perm[k]] += dy[k] (a scatter through the permutation).
// Ties keep their original order (a stable sort), so indices are reproducible; PyTorch's CPU sort
// is stable too. NaN sorts as the largest value, as in PyTorch.
// Non-goals: sorting several dims at once.

extension Tensor {
    /// `a` before `b` in ascending order, NaN last.
    @inline(__always)
    private static func ascending(_ a: Float, _ b: Float) -> Bool {
        if a.isNaN { return false }
        if b.isNaN { return true }
        return a < b
    }

    /// For every line along `d`: the positions (0..<n) in sorted order.
    private func sortedPositions(
        _ d: Int, descending: Bool, op: String
    ) throws -> (outer: Int, n: Int, inner: Int, perm: [[Int]]) {
        let (outer, n, inner) = try split(at: d, op: op)
        let xs = data
        var perm: [[Int]] = []
        perm.reserveCapacity(outer * inner)
        for a in 0..<outer {
            for i in 0..<inner {
                let line = (0..<n).map { xs[(a * n + $0) * inner + i] }
                let order = Array(0..<n).sorted { p, q in
                    let x = line[p], y = line[q]
                    if descending ? Tensor.ascending(y, x) : Tensor.ascending(x, y) { return true }
                    if descending ? Tensor.ascending(x, y) : Tensor.ascending(y, x) { return false }
                    return p < q
                }
                perm.append(order)
            }
        }
        return (outer, n, inner, perm)
    }

    /// The first `k` positions of each line, as values (differentiable) and int64 indices.
    private func gather(
        _ d: Int, k: Int, descending: Bool, op: String, name: String
    ) throws -> (values: Tensor, indices: Tensor) {
        let (outer, n, inner, perm) = try sortedPositions(d, descending: descending, op: op)
        var outShape = shape
        if !outShape.isEmpty { outShape[d] = k }
        let xs = data
        var vals = [Float](repeating: 0, count: outer * k * inner)
        var idx = [Float](repeating: 0, count: outer * k * inner)
        var src = [Int](repeating: 0, count: outer * k * inner)
        for a in 0..<outer {
            for i in 0..<inner {
                let order = perm[a * inner + i]
                for j in 0..<k {
                    let o = (a * k + j) * inner + i, p = (a * n + order[j]) * inner + i
                    vals[o] = xs[p]
                    idx[o] = Float(order[j])
                    src[o] = p
                }
            }
        }
        let total = count
        let values = Tensor.result(
            op, shape: outShape, data: vals, dtype: dtype, inputs: [self], saves: .none, name: name
        ) { g in
            var gx = [Float](repeating: 0, count: total)
            for (o, p) in src.enumerated() { gx[p] += g[o] }
            return [gx]
        }
        return (values, Tensor(unchecked: outShape, idx, dtype: .int64))
    }

    /// The values sorted along `dim` (ascending unless `descending`) and where they came from.
    public func sort(dim: Int = -1, descending: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        let d = try normDim(dim, op: "sort")
        return try gather(d, k: ndim == 0 ? 1 : shape[d], descending: descending, op: "sort", name: "SortBackward0")
    }

    /// The indices that sort the tensor along `dim` (int64).
    public func argsort(dim: Int = -1, descending: Bool = false) throws -> Tensor {
        try sort(dim: dim, descending: descending).indices
    }

    /// The `k` largest (or smallest, `largest: false`) values along `dim`, in order, and their indices.
    public func topk(_ k: Int, dim: Int = -1, largest: Bool = true) throws -> (values: Tensor, indices: Tensor) {
        let d = try normDim(dim, op: "topk")
        let n = ndim == 0 ? 1 : shape[d]
        guard k >= 0 && k <= n else {
            throw EngineError("topk", "selected index k out of range (k = \(k), size of dim \(d) = \(n))")
        }
        return try gather(d, k: k, descending: largest, op: "topk", name: "TopkBackward0")
    }
}
