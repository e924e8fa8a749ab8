// Reductions: sum, mean, max, min, argmax, argmin, variance, std, over all elements or along one
// dim (with keepdim), forward and backward side by side.
//   Along dim d a tensor is viewed as [outer, n, inner] (outer = product of dims before d,
//   inner = product after), and the reduction runs over n.
// Also prod, cumsum and the vector norm.
// Non-goals: several dims at once, NaN-propagation subtleties of max/min.

import Foundation

extension Tensor {
    /// Normalises a possibly negative dim for a tensor of `ndim + extra` dims (a scalar counts as 1-D).
    func normDim(_ d: Int, op: String, extra: Int = 0) throws -> Int {
        let n = Swift.max(ndim + extra, 1)
        guard d >= -n && d < n else {
            throw EngineError(
                op,
                "dimension out of range (expected to be in range of [\(-n), \(n - 1)], but got \(d)) for a tensor of "
                    + "shape \(fmt(shape))"
            )
        }
        return d < 0 ? d + n : d
    }

    /// `d` in 0..<ndim (negative counts from the end), or PyTorch's "dimension out of range" error.
    public func normalizedDim(_ d: Int, op: String) throws -> Int { try normDim(d, op: op) }

    /// [outer, n, inner] around dim `d` (already normalised). The ops that call it make one value
    /// (or line) per [outer, inner] position, so for an empty tensor, whose other dims can be huge
    /// (`zeros(0, 10**9).sum(0)` is [10**9]; `zeros(0, 2**62).view(2**62, 2**62, 0)` overflows),
    /// outer × inner goes through the result-size check first.
    func split(at d: Int, op: String) throws -> (outer: Int, n: Int, inner: Int) {
        if shape.isEmpty { return (1, 1, 1) }
        if count == 0 {
            var rest = shape
            rest.remove(at: d)
            try Tensor.checkShape(rest, op: op)
        }
        return (Array(shape[..<d]).product, shape[d], Array(shape[(d + 1)...]).product)
    }

    /// The shape after reducing dim `d`.
    func reducedShape(_ d: Int?, keepdim: Bool) -> [Int] {
        guard let d else { return keepdim ? [Int](repeating: 1, count: ndim) : [] }
        if shape.isEmpty { return [] }
        var s = shape
        if keepdim { s[d] = 1 } else { s.remove(at: d) }
        return s
    }

    /// Σ x over all elements (dim nil, result a scalar) or along `dim`. Backward: dx = dy broadcast back.
    public func sum(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try sumOrMean("sum", dim: dim, keepdim: keepdim, mean: false)
    }

    /// Mean over all elements or along `dim`. Backward: dx = dy / n broadcast back.
    public func mean(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try sumOrMean("mean", dim: dim, keepdim: keepdim, mean: true)
    }

    private func sumOrMean(_ op: String, dim: Int?, keepdim: Bool, mean: Bool) throws -> Tensor {
        let dt: DType = dtype.isFloatingPoint ? dtype : (mean ? .float32 : .int64)
        let n = count
        guard let dim else {
            var s: Double = 0
            if let d = storage.doubles {
                for v in d { s += v }
            } else {
                data.withUnsafeBufferPointer { p in for v in p { s += Double(v) } }
            }
            if mean { s /= Double(n) }
            let scale: Float = mean ? 1 / Float(n) : 1
            return Tensor.result(
                op, shape: reducedShape(nil, keepdim: keepdim), data: [Float(s)], dtype: dt,
                doubles: dt == .float64 ? [s] : nil, inputs: [self], saves: .none
            ) { g in
                [[Float](repeating: g[0] * scale, count: n)]
            }
        }
        let d = try normDim(dim, op: op)
        let (outer, len, inner) = try split(at: d, op: op)
        if dtype == .float64, let dv = storage.doubles {
            // float64 along a dim: Double sums (float64 tensors have no autograd here).
            var o = [Double](repeating: 0, count: outer * inner)
            for a in 0..<outer {
                for k in 0..<len {
                    let src = (a * len + k) * inner, dst = a * inner
                    for i in 0..<inner { o[dst + i] += dv[src + i] }
                }
            }
            if mean { o = o.map { $0 / Double(len) } }
            return Tensor(sharingNothing: reducedShape(d, keepdim: keepdim), doubles: o)
        }
        var out = [Float](repeating: 0, count: outer * inner)
        data.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { po in
                for a in 0..<outer {
                    for k in 0..<len {
                        let src = (a * len + k) * inner, dst = a * inner
                        for i in 0..<inner { po[dst + i] += px[src + i] }
                    }
                }
                if mean && len > 0 {
                    let s = 1 / Float(len)
                    for i in 0..<po.count { po[i] *= s }
                }
                if mean && len == 0 { for i in 0..<po.count { po[i] = .nan } }
            }
        }
        let scale: Float = mean ? 1 / Float(len) : 1
        let name = op == "sum" ? "SumBackward1" : "MeanBackward1"
        return Tensor.result(
            op, shape: reducedShape(d, keepdim: keepdim), data: out, dtype: dt, inputs: [self], saves: .none, name: name
        ) { g in
            var gx = [Float](repeating: 0, count: n)
            for a in 0..<outer {
                for k in 0..<len {
                    let dst = (a * len + k) * inner, src = a * inner
                    for i in 0..<inner { gx[dst + i] = g[src + i] * scale }
                }
            }
            return [gx]
        }
    }

    // MARK: max / min

    /// The largest value (a scalar). Backward: dy shared evenly among the elements equal to it.
    public func max() throws -> Tensor { try extremum(all: "max", greater: true) }
    /// The smallest value (a scalar). Backward: dy shared evenly among the elements equal to it.
    public func min() throws -> Tensor { try extremum(all: "min", greater: false) }

    /// Largest values along `dim` and their indices (the first occurrence on ties).
    /// Backward: dy goes to the element at the index.
    public func max(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extremum(dim: dim, keepdim: keepdim, op: "max", greater: true)
    }
    /// Smallest values along `dim` and their indices (the first occurrence on ties).
    public func min(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extremum(dim: dim, keepdim: keepdim, op: "min", greater: false)
    }

    /// Index of the largest value: of the flattened tensor (dim nil) or along `dim`. int64.
    public func argmax(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try argExtremum("argmax", dim: dim, keepdim: keepdim, greater: true)
    }
    /// Index of the smallest value: of the flattened tensor (dim nil) or along `dim`. int64.
    public func argmin(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try argExtremum("argmin", dim: dim, keepdim: keepdim, greater: false)
    }

    private func extremum(all op: String, greater: Bool) throws -> Tensor {
        guard count > 0 else {
            throw EngineError(
                op, "max(): Expected reduction dim to be specified for input.numel() == 0 (shape \(fmt(shape)))")
        }
        if dtype == .float64, let dv = storage.doubles {
            var b = dv[0]
            for v in dv {
                if v.isNaN {
                    b = v
                    break
                }
                if greater ? v > b : v < b { b = v }
            }
            return Tensor(sharingNothing: [], doubles: [b])
        }
        var best = data[0]
        for v in data where greater ? v > best : v < best { best = v }
        let xs = data, n = count
        return Tensor.result(
            op, shape: [], data: [best], dtype: dtype, inputs: [self], saves: [.inputs, .output],
            name: op == "max" ? "MaxBackward1" : "MinBackward1"
        ) { g in
            var ties = 0
            for v in xs where v == best { ties += 1 }
            let share = g[0] / Float(Swift.max(ties, 1))
            var gx = [Float](repeating: 0, count: n)
            for i in 0..<n where xs[i] == best { gx[i] = share }
            return [gx]
        }
    }

    /// Index (along the reduced dim) of the extreme value of each [outer, inner] line.
    private func lineExtrema(_ d: Int, greater: Bool) throws -> (values: [Float], indices: [Int]) {
        let (outer, len, inner) = try split(at: d, op: "max")
        var vals = [Float](repeating: 0, count: outer * inner)
        var idx = [Int](repeating: 0, count: outer * inner)
        for a in 0..<outer {
            for i in 0..<inner {
                var best = data[a * len * inner + i], bi = 0
                for k in 1..<Swift.max(len, 1) {
                    let v = data[(a * len + k) * inner + i]
                    if greater ? v > best : v < best {
                        best = v
                        bi = k
                    }
                }
                vals[a * inner + i] = best
                idx[a * inner + i] = bi
            }
        }
        return (vals, idx)
    }

    private func extremum(
        dim: Int, keepdim: Bool, op: String, greater: Bool
    ) throws -> (values: Tensor, indices: Tensor) {
        let d = try normDim(dim, op: op)
        let (outer, len, inner) = try split(at: d, op: op)
        guard len > 0 else {
            throw EngineError(op, "cannot reduce over an empty dimension \(d) of shape \(fmt(shape))")
        }
        let (vals, idx) = try lineExtrema(d, greater: greater)
        let outShape = reducedShape(d, keepdim: keepdim)
        let n = count
        let values = Tensor.result(op, shape: outShape, data: vals, dtype: dtype, inputs: [self]) { g in
            var gx = [Float](repeating: 0, count: n)
            for a in 0..<outer {
                for i in 0..<inner { gx[(a * len + idx[a * inner + i]) * inner + i] += g[a * inner + i] }
            }
            return [gx]
        }
        let indices = Tensor(unchecked: outShape, idx.map { Float($0) }, dtype: .int64)
        return (values, indices)
    }

    private func argExtremum(_ op: String, dim: Int?, keepdim: Bool, greater: Bool) throws -> Tensor {
        guard let dim else {
            guard count > 0 else { throw EngineError(op, "expected a non-empty tensor, got shape \(fmt(shape))") }
            var best = data[0], bi = 0
            for i in 1..<count where greater ? data[i] > best : data[i] < best {
                best = data[i]
                bi = i
            }
            return Tensor(unchecked: keepdim ? [Int](repeating: 1, count: ndim) : [], [Float(bi)], dtype: .int64)
        }
        let d = try normDim(dim, op: op)
        guard try split(at: d, op: op).n > 0 else {
            throw EngineError(op, "cannot reduce over an empty dimension \(d) of shape \(fmt(shape))")
        }
        let (_, idx) = try lineExtrema(d, greater: greater)
        return Tensor(unchecked: reducedShape(d, keepdim: keepdim), idx.map { Float($0) }, dtype: .int64)
    }

    // MARK: variance / std

    /// Variance Σ(x - x̄)² / (n - 1) (unbiased) or / n, over all elements or along `dim`.
    /// Backward: dx = dy · 2(x - x̄) / (n - c).
    public func variance(dim: Int? = nil, keepdim: Bool = false, unbiased: Bool = true) throws -> Tensor {
        try varStd("var", dim: dim, keepdim: keepdim, unbiased: unbiased, std: false)
    }

    /// Standard deviation √variance. Backward: dx = dy · (x - x̄) / ((n - c) · std).
    public func std(dim: Int? = nil, keepdim: Bool = false, unbiased: Bool = true) throws -> Tensor {
        try varStd("std", dim: dim, keepdim: keepdim, unbiased: unbiased, std: true)
    }

    private func varStd(_ op: String, dim: Int?, keepdim: Bool, unbiased: Bool, std: Bool) throws -> Tensor {
        let d: Int? = try dim.map { try normDim($0, op: op) }
        let (outer, len, inner) = try d.map { try split(at: $0, op: op) } ?? (1, count, 1)
        let denom = Float(len - (unbiased ? 1 : 0))
        var means = [Float](repeating: 0, count: outer * inner)
        var out = [Float](repeating: 0, count: outer * inner)
        for a in 0..<outer {
            for i in 0..<inner {
                var s: Double = 0
                for k in 0..<len { s += Double(data[(a * len + k) * inner + i]) }
                let m = s / Double(len)
                var q: Double = 0
                for k in 0..<len {
                    let e = Double(data[(a * len + k) * inner + i]) - m
                    q += e * e
                }
                let v = Float(q / Double(denom))
                means[a * inner + i] = Float(m)
                out[a * inner + i] = std ? v.squareRoot() : v
            }
        }
        let xs = data, n = count, res = out
        return Tensor.result(op, shape: reducedShape(d, keepdim: keepdim), data: out, inputs: [self]) { g in
            var gx = [Float](repeating: 0, count: n)
            for a in 0..<outer {
                for i in 0..<inner {
                    let j = a * inner + i
                    let coef = std ? g[j] / (denom * res[j]) : g[j] * 2 / denom
                    for k in 0..<len {
                        let p = (a * len + k) * inner + i
                        gx[p] = coef * (xs[p] - means[j])
                    }
                }
            }
            return [gx]
        }
    }
}

extension Tensor {
    /// Π x over all elements (a scalar) or along `dim`. Backward: dx_i = dy · Π_{j≠i} x_j
    /// (computed without dividing, so zeros are handled).
    public func prod(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        let d: Int? = try dim.map { try normDim($0, op: "prod") }
        let (outer, len, inner) = try d.map { try split(at: $0, op: "prod") } ?? (1, count, 1)
        let xs = data
        var out = [Float](repeating: 1, count: outer * inner)
        for a in 0..<outer {
            for k in 0..<len { for i in 0..<inner { out[a * inner + i] *= xs[(a * len + k) * inner + i] } }
        }
        let dt: DType = dtype.isFloatingPoint ? dtype : .int64
        let n = count
        return Tensor.result(
            "prod", shape: reducedShape(d, keepdim: keepdim), data: out, dtype: dt, inputs: [self],
            saves: [.inputs, .output], name: d == nil ? "ProdBackward0" : "ProdBackward1"
        ) { g in
            var gx = [Float](repeating: 0, count: n)
            for a in 0..<outer {
                for i in 0..<inner {
                    // prefix/suffix products along the line: Π_{j<k} x_j · Π_{j>k} x_j
                    var prefix = [Float](repeating: 1, count: len + 1)
                    for k in 0..<len { prefix[k + 1] = prefix[k] * xs[(a * len + k) * inner + i] }
                    var suffix: Float = 1
                    for k in stride(from: len - 1, through: 0, by: -1) {
                        let p = (a * len + k) * inner + i
                        gx[p] = g[a * inner + i] * prefix[k] * suffix
                        suffix *= xs[p]
                    }
                }
            }
            return [gx]
        }
    }

    /// Running sums along `dim`: y_k = Σ_{j≤k} x_j. Backward: dx_j = Σ_{k≥j} dy_k (a reversed cumsum).
    public func cumsum(dim: Int) throws -> Tensor {
        let d = try normDim(dim, op: "cumsum")
        let (outer, len, inner) = try split(at: d, op: "cumsum")
        var out = data
        for a in 0..<outer {
            for i in 0..<inner {
                var s: Float = 0
                for k in 0..<len {
                    let p = (a * len + k) * inner + i
                    s += out[p]
                    out[p] = s
                }
            }
        }
        let dt: DType = dtype.isFloatingPoint ? dtype : .int64
        return Tensor.result("cumsum", shape: shape, data: out, dtype: dt, inputs: [self], saves: .none) { g in
            var gx = g
            for a in 0..<outer {
                for i in 0..<inner {
                    var s: Float = 0
                    for k in stride(from: len - 1, through: 0, by: -1) {
                        let p = (a * len + k) * inner + i
                        s += g[p]
                        gx[p] = s
                    }
                }
            }
            return [gx]
        }
    }

    /// The p-norm (Σ |x|^p)^(1/p) over all elements or along `dim` (p = 2 by default; p = inf is
    /// max |x|). Backward for p = 2: dx = dy · x / ‖x‖ (0 where the norm is 0).
    public func norm(p: Float = 2, dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        guard dtype.isFloatingPoint else {
            throw EngineError(
                "norm",
                "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                    + "\(dtype == .bool ? "Bool" : "Long")"
            )
        }
        let a = abs()
        let r: Tensor
        if p.isInfinite {
            r = dim == nil ? try a.max() : try a.max(dim: dim ?? 0, keepdim: keepdim).values
        } else if p == 1 {
            r = try a.sum(dim: dim, keepdim: keepdim)
        } else if p == 2 {
            // √(Σ x²), with the gradient 0 (not nan) at the origin, as PyTorch defines it.
            let s = try Tensor.mul(self, self).sum(dim: dim, keepdim: keepdim)
            let root = Tensor.unary(
                "sqrt", s, saves: .output, { $0.squareRoot() }, grad: { _, y in y == 0 ? 0 : 0.5 / y })
            r = root
        } else {
            r = try Tensor.pow(
                try Tensor.pow(a, Tensor.wrappedNumber(p, dtype: .float32)).sum(dim: dim, keepdim: keepdim),
                Tensor.wrappedNumber(1 / p, dtype: .float32))
        }
        r.gradFn?.torchName = "LinalgVectorNormBackward0"
        return r
    }
}
