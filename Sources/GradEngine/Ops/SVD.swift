// The singular value decomposition of small matrices, as the tensors tutorial shows it (`torch.svd(m3)`).
//   A = U · diag(S) · Vᵀ for A of [..., m, n], k = min(m, n): U [..., m, k] and V [..., n, k] with orthonormal
//   columns, S [..., k] ≥ 0 in descending order (PyTorch's torch.svd with some=True).
// Method: one-sided Jacobi in Double (Hestenes): rotate pairs of columns of W = A (A ᵀ when m < n) until every
//   pair is orthogonal, accumulating the rotations in V; then S = column norms of W, U = W / S. Columns of U for
//   zero singular values are completed to an orthonormal set (Gram-Schmidt on the unit vectors).
// NOTE: singular vectors are defined up to sign (and rotation within repeated singular values); LAPACK, which
//   PyTorch calls, may pick other signs, so compare U·diag(S)·Vᵀ, S, or |U|, not U itself.
// Non-goals: gradients (refused under autograd), full_matrices / some=False, compute_uv=False, large matrices.

import Foundation

extension Tensor {
    /// U [..., m, k], S [..., k], V [..., n, k] with A = U diag(S) Vᵀ (k = min(m, n)).
    public func svd() throws -> (u: Tensor, s: Tensor, v: Tensor) {
        guard ndim >= 2 else {
            throw EngineError(
                "", "linalg.svd: The input tensor A must have at least 2 dimensions.")
        }
        guard dtype.isFloatingPoint else {
            throw EngineError(
                "",
                "linalg.svd: Expected a floating point or complex tensor as input. Got "
                    + "\(dtype.scalarName)")
        }
        if GradMode.isEnabled && requiresGrad {
            throw EngineError("svd", "gradstep has no gradient for svd; call it on x.detach()")
        }
        let m = shape[ndim - 2], n = shape[ndim - 1], k = Swift.min(m, n)
        let batch = Array(shape.dropLast(2))
        let v = doubleValues
        var us: [Double] = [], ss: [Double] = [], vs: [Double] = []
        for b in 0..<batch.product {
            let a = Array(v[(b * m * n)..<((b + 1) * m * n)])
            // work on the tall orientation: rows ≥ columns
            let tall = m >= n
            let r = tall ? m : n, c = tall ? n : m
            var w = [Double](repeating: 0, count: r * c)  // column-major: w[j * r + i]
            for i in 0..<m {
                for j in 0..<n {
                    if tall { w[j * r + i] = a[i * n + j] } else { w[i * r + j] = a[i * n + j] }
                }
            }
            var rot = [Double](repeating: 0, count: c * c)  // column-major, starts as the identity
            for j in 0..<c { rot[j * c + j] = 1 }
            for _ in 0..<60 {
                var off = 0.0
                for p in 0..<c {
                    for q in (p + 1)..<Swift.max(p + 1, c) {
                        var alpha = 0.0, beta = 0.0, gamma = 0.0
                        for i in 0..<r {
                            let x = w[p * r + i], y = w[q * r + i]
                            alpha += x * x
                            beta += y * y
                            gamma += x * y
                        }
                        guard gamma != 0, Swift.abs(gamma) > 1e-15 * (alpha * beta).squareRoot() else { continue }
                        off = Swift.max(off, Swift.abs(gamma) / (alpha * beta).squareRoot())
                        let zeta = (beta - alpha) / (2 * gamma)
                        let t = (zeta >= 0 ? 1.0 : -1.0) / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
                        let cs = 1 / (1 + t * t).squareRoot(), sn = cs * t
                        for i in 0..<r {
                            let x = w[p * r + i], y = w[q * r + i]
                            w[p * r + i] = cs * x - sn * y
                            w[q * r + i] = sn * x + cs * y
                        }
                        for i in 0..<c {
                            let x = rot[p * c + i], y = rot[q * c + i]
                            rot[p * c + i] = cs * x - sn * y
                            rot[q * c + i] = sn * x + cs * y
                        }
                    }
                }
                if off < 1e-15 { break }
            }
            // singular values in descending order
            let norms = (0..<c).map { j in (0..<r).reduce(0.0) { $0 + w[j * r + $1] * w[j * r + $1] }.squareRoot() }
            let order = (0..<c).sorted { norms[$0] != norms[$1] ? norms[$0] > norms[$1] : $0 < $1 }
            // left vectors (length r) = w / norm, completed where the norm is (numerically) zero
            let tol = (norms.max() ?? 0) * Double(r) * 1e-15
            var left: [[Double]] = []
            for j in order {
                if norms[j] > tol {
                    left.append((0..<r).map { w[j * r + $0] / norms[j] })
                } else {
                    left.append(Tensor.orthonormalCompletion(left, r))
                }
            }
            let right = order.map { j in (0..<c).map { rot[j * c + $0] } }
            let (uCols, vCols) = tall ? (left, right) : (right, left)
            // U [m, k], V [n, k] row-major
            for i in 0..<m { for j in 0..<k { us.append(uCols[j][i]) } }
            for j in 0..<k { ss.append(norms[order[j]]) }
            for i in 0..<n { for j in 0..<k { vs.append(vCols[j][i]) } }
        }
        func make(_ shape: [Int], _ values: [Double]) -> Tensor {
            dtype == .float64
                ? Tensor(sharingNothing: shape, doubles: values)
                : Tensor(unchecked: shape, values.map { Float($0) }, dtype: dtype)
        }
        return (make(batch + [m, k], us), make(batch + [k], ss), make(batch + [n, k], vs))
    }

    /// A unit vector of length `r` orthogonal to every vector of `basis` (Gram-Schmidt on e₀, e₁, ...).
    static func orthonormalCompletion(_ basis: [[Double]], _ r: Int) -> [Double] {
        for e in 0..<r {
            var x = [Double](repeating: 0, count: r)
            x[e] = 1
            for b in basis {
                let d = zip(x, b).reduce(0.0) { $0 + $1.0 * $1.1 }
                for i in 0..<r { x[i] -= d * b[i] }
            }
            let norm = x.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            if norm > 1e-6 { return x.map { $0 / norm } }
        }
        return [Double](repeating: 0, count: r)
    }
}
