// A little linear algebra beyond matmul: the cross product of 3-vectors and the determinant.
//   cross(a, b) along a dim of size 3: (a₁b₂ − a₂b₁, a₂b₀ − a₀b₂, a₀b₁ − a₁b₀), built from indexing,
//     products and a difference, so its gradient is theirs.
//   det(A) of [..., n, n]: LU factorisation with partial pivoting in Double, det = (−1)^swaps · Πuᵢᵢ.
// Non-goals: the gradient of det (refused under autograd), inverses, decompositions (svd, qr, eig).

import Foundation

extension Tensor {
    /// PyTorch's `torch.linalg.cross(a, b, dim=-1)`: both broadcast, size 3 at `dim`.
    public static func cross(_ a: Tensor, _ b: Tensor, dim: Int = -1) throws -> Tensor {
        guard let out = Broadcast.shape(a.shape, b.shape) else {
            throw EngineError("", Broadcast.mismatchMessage(a.shape, b.shape))
        }
        let d = dim < 0 ? dim + out.count : dim
        guard d >= 0 && d < out.count else {
            throw EngineError(
                "",
                "Dimension out of range (expected to be in range of [\(-out.count), \(out.count - 1)], but got "
                    + "\(dim))")
        }
        guard a.ndim == b.ndim else {
            throw EngineError("", "linalg.cross: inputs must have the same number of dimensions.")
        }
        guard a.shape[d] == 3 && b.shape[d] == 3 else {
            throw EngineError(
                "",
                "linalg.cross: inputs dimension \(dim) must have length 3. Got \(a.shape[d]) and \(b.shape[d])")
        }
        func pick(_ t: Tensor, _ order: [Float]) throws -> Tensor {
            let idx = Tensor(unchecked: [3], order, dtype: .int64)
            let items = [IndexItem](repeating: .slice(start: nil, end: nil, step: nil), count: d) + [.tensor(idx)]
            return try t.index(items)
        }
        let first = try Tensor.mul(try pick(a, [1, 2, 0]), try pick(b, [2, 0, 1]))
        let second = try Tensor.mul(try pick(a, [2, 0, 1]), try pick(b, [1, 2, 0]))
        return try Tensor.sub(first, second)
    }

    /// PyTorch's `torch.linalg.det`: the determinant of each trailing n×n matrix.
    public func det() throws -> Tensor {
        guard ndim >= 2, shape[ndim - 1] == shape[ndim - 2] else {
            throw EngineError(
                "",
                "linalg.det: A must be batches of square matrices, but they are \(ndim >= 2 ? shape[ndim - 2] : 1) "
                    + "by \(shape.last ?? 1) matrices")
        }
        guard dtype.isFloatingPoint else {
            throw EngineError(
                "", "linalg.det: Expected a floating point or complex tensor as input. Got \(dtype.scalarName)")
        }
        if GradMode.isEnabled && requiresGrad {
            throw EngineError("linalg.det", "gradstep has no gradient for det; call it on x.detach()")
        }
        let n = shape[ndim - 1], batch = Array(shape.dropLast(2))
        let v = doubleValues
        var dets: [Double] = []
        for m in 0..<batch.product {
            var a = Array(v[(m * n * n)..<((m + 1) * n * n)])
            var det = 1.0
            for c in 0..<n {
                var p = c
                for r in (c + 1)..<Swift.max(c + 1, n) where Swift.abs(a[r * n + c]) > Swift.abs(a[p * n + c]) { p = r }
                if a[p * n + c] == 0 {
                    det = 0
                    break
                }
                if p != c {
                    for k in 0..<n { a.swapAt(p * n + k, c * n + k) }
                    det = -det
                }
                det *= a[c * n + c]
                for r in (c + 1)..<Swift.max(c + 1, n) {
                    let f = a[r * n + c] / a[c * n + c]
                    for k in c..<n { a[r * n + k] -= f * a[c * n + k] }
                }
            }
            dets.append(det)
        }
        if dtype == .float64 { return Tensor(sharingNothing: batch, doubles: dets) }
        return Tensor(unchecked: batch, dets.map { Float($0) }, dtype: dtype)
    }

    /// PyTorch's `torch.unique` (sorted): the distinct values of the flattened tensor in ascending
    /// order, with, for each element, the position of its value (`inverse`, in the input's shape)
    /// and how often each value occurs (`counts`).
    public func unique() -> (values: Tensor, inverse: Tensor, counts: Tensor) {
        let v = doubleValues
        let distinct = Array(Set(v.filter { !$0.isNaN })).sorted() + v.filter { $0.isNaN }
        var pos: [Double: Int] = [:]
        for (i, x) in distinct.enumerated() where !x.isNaN { pos[x] = i }
        var counts = [Float](repeating: 0, count: distinct.count)
        var inverse = [Float](repeating: 0, count: v.count)
        var nanSeen = 0
        let firstNaN = distinct.count - v.filter { $0.isNaN }.count
        for (i, x) in v.enumerated() {
            let p: Int
            if x.isNaN {
                p = firstNaN + nanSeen
                nanSeen += 1
            } else {
                p = pos[x] ?? 0
            }
            inverse[i] = Float(p)
            counts[p] += 1
        }
        let values =
            dtype == .float64
            ? Tensor(sharingNothing: [distinct.count], doubles: distinct)
            : Tensor(unchecked: [distinct.count], distinct.map { Float($0) }, dtype: dtype)
        return (
            values, Tensor(unchecked: shape, inverse, dtype: .int64),
            Tensor(unchecked: [distinct.count], counts, dtype: .int64)
        )
    }
}
