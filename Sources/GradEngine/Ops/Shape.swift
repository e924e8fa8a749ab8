// Shape: reshape/view (one -1 inferred), flatten, transpose/t/permute, squeeze/unsqueeze, cat, stack.
// Storage is always contiguous row-major, so reshapes copy nothing but the array header and their
// backward passes the gradient's flat values through unchanged; permutes move values.
// Non-goals: strided views sharing storage (PyTorch's view semantics for in-place writes).

extension Tensor {
    /// Resolves one -1 in `shape` against `count` elements.
    func inferShape(_ newShape: [Int], op: String) throws -> [Int] {
        var s = newShape
        let unknown = s.indices.filter { s[$0] == -1 }
        guard unknown.count <= 1 else { throw EngineError(op, "only one dimension can be inferred (shape \(fmt(newShape)))") }
        guard s.allSatisfy({ $0 >= -1 }) else { throw EngineError(op, "invalid shape dimension in \(fmt(newShape))") }
        if let u = unknown.first {
            let known = s.enumerated().filter { $0.offset != u }.map(\.element).product
            guard known > 0, count % known == 0 else {
                throw EngineError(op, "shape \(fmt(newShape)) is invalid for input of size \(count) (shape \(fmt(shape)))")
            }
            s[u] = count / known
        }
        guard s.product == count else {
            throw EngineError(op, "shape \(fmt(newShape)) is invalid for input of size \(count) (shape \(fmt(shape)))")
        }
        return s
    }

    /// Same values in a new shape (row-major order kept). One dim may be -1 (inferred).
    /// Backward: dx = dy reshaped back.
    public func reshape(_ shape: [Int]) throws -> Tensor {
        try reshaped(try inferShape(shape, op: "reshape"), op: "reshape")
    }

    /// Same as `reshape` (storage is always contiguous).
    public func view(_ shape: [Int]) throws -> Tensor {
        try reshaped(try inferShape(shape, op: "view"), op: "view")
    }

    func reshaped(_ s: [Int], op: String) throws -> Tensor {
        Tensor.result(op, shape: s, data: data, dtype: dtype, inputs: [self]) { g in [g] }
    }

    /// Merges dims startDim...endDim into one (a scalar becomes [1]).
    public func flatten(startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
        if ndim == 0 { return try reshaped([1], op: "flatten") }
        let a = try normDim(startDim, op: "flatten"), b = try normDim(endDim, op: "flatten")
        guard a <= b else {
            throw EngineError("flatten", "start_dim \(startDim) cannot come after end_dim \(endDim) (shape \(fmt(shape)))")
        }
        let s = Array(shape[..<a]) + [Array(shape[a...b]).product] + Array(shape[(b + 1)...])
        return try reshaped(s, op: "flatten")
    }

    /// Removes size-1 dims: all of them (dim nil) or only `dim` if its size is 1.
    public func squeeze(dim: Int? = nil) throws -> Tensor {
        if let dim {
            let d = try normDim(dim, op: "squeeze")
            if ndim == 0 || shape[d] != 1 { return try reshaped(shape, op: "squeeze") }
            var s = shape
            s.remove(at: d)
            return try reshaped(s, op: "squeeze")
        }
        return try reshaped(shape.filter { $0 != 1 }, op: "squeeze")
    }

    /// Inserts a size-1 dim at `dim` (in -ndim-1 ... ndim).
    public func unsqueeze(_ dim: Int) throws -> Tensor {
        let d = try normDim(dim, op: "unsqueeze", extra: 1)
        var s = shape
        s.insert(1, at: d)
        return try reshaped(s, op: "unsqueeze")
    }

    /// Values moved so that result dim i is source dim perm[i].
    static func permuteData(_ src: [Float], _ shape: [Int], _ perm: [Int]) -> [Float] {
        let n = shape.product
        if n == 0 { return [] }
        let st = strides(of: shape)
        let outShape = perm.map { shape[$0] }
        let pst = perm.map { st[$0] }
        let nd = outShape.count
        var out = [Float](repeating: 0, count: n)
        if nd == 0 { return src }
        src.withUnsafeBufferPointer { ps in
            out.withUnsafeMutableBufferPointer { po in
                // Innermost dim as a tight loop; outer dims by an odometer.
                let lastN = outShape[nd - 1], lastS = pst[nd - 1]
                var idx = [Int](repeating: 0, count: nd)
                var off = 0, o = 0
                while o < n {
                    var s = off
                    for _ in 0..<lastN { po[o] = ps[s]; o += 1; s += lastS }
                    var d = nd - 2
                    while d >= 0 {
                        idx[d] += 1
                        off += pst[d]
                        if idx[d] < outShape[d] { break }
                        off -= pst[d] * idx[d]
                        idx[d] = 0
                        d -= 1
                    }
                }
            }
        }
        return out
    }

    /// Reorders dims: result dim i is source dim `dims[i]`. Backward: the inverse permutation.
    public func permute(_ dims: [Int]) throws -> Tensor {
        guard dims.count == ndim else {
            throw EngineError("permute", "number of dims don't match in permute: shape \(fmt(shape)) has \(ndim) dims but \(dims.count) were given")
        }
        let p = try dims.map { try normDim($0, op: "permute") }
        guard Set(p).count == p.count else {
            throw EngineError("permute", "repeated dim in permute \(fmt(dims))")
        }
        return permuted(p, op: "permute")
    }

    func permuted(_ p: [Int], op: String) -> Tensor {
        var inv = [Int](repeating: 0, count: p.count)
        for (i, d) in p.enumerated() { inv[d] = i }
        let outShape = p.map { shape[$0] }
        let out = Tensor.permuteData(data, shape, p)
        return Tensor.result(op, shape: outShape, data: out, dtype: dtype, inputs: [self]) { g in
            [Tensor.permuteData(g, outShape, inv)]
        }
    }

    /// Swaps dims d0 and d1.
    public func transpose(_ d0: Int, _ d1: Int) throws -> Tensor {
        let a = try normDim(d0, op: "transpose"), b = try normDim(d1, op: "transpose")
        if ndim < 2 { return try reshaped(shape, op: "transpose") }
        var p = Array(0..<ndim)
        p.swapAt(a, b)
        return permuted(p, op: "transpose")
    }

    /// The transpose of a matrix (a 0-D or 1-D tensor is returned as is).
    public func t() throws -> Tensor {
        guard ndim <= 2 else {
            throw EngineError("t", "t() expects a tensor with <= 2 dimensions, but self is \(ndim)D (shape \(fmt(shape)))")
        }
        return try transpose(0, ndim == 2 ? 1 : 0)
    }

    /// Joins tensors along an existing dim; all other dims must match. Backward: dy split back.
    public static func cat(_ ts: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = ts.first else { throw EngineError("cat", "expected a non-empty list of tensors") }
        guard first.ndim > 0 else {
            throw EngineError("cat", "zero-dimensional tensor (at position 0) cannot be concatenated")
        }
        let d = try first.normDim(dim, op: "cat")
        for (i, t) in ts.enumerated() {
            guard t.ndim == first.ndim else {
                throw EngineError("cat", "tensors must have the same number of dimensions: got \(fmt(first.shape)) and \(fmt(t.shape)) (tensor \(i))")
            }
            for k in 0..<t.ndim where k != d && t.shape[k] != first.shape[k] {
                throw EngineError("cat", "sizes of tensors must match except in dimension \(d): expected size \(first.shape[k]) but got size \(t.shape[k]) for tensor number \(i) in the list (shapes \(fmt(first.shape)) and \(fmt(t.shape)))")
            }
        }
        let outer = Array(first.shape[..<d]).product
        let inner = Array(first.shape[(d + 1)...]).product
        let lens = ts.map { $0.shape[d] }
        var total = 0
        for len in lens {
            let (t, o) = total.addingReportingOverflow(len)
            guard !o else { throw EngineError("cat", "the result has too many elements (limit \(maxElements))", kind: .memory) }
            total = t
        }
        var outShape = first.shape
        outShape[d] = total
        try checkShape(outShape, op: "cat")
        var out = [Float](repeating: 0, count: outer * total * inner)
        var offset = 0
        for (t, len) in zip(ts, lens) {
            let block = len * inner
            for a in 0..<outer {
                let dst = (a * total + offset) * inner
                for j in 0..<block { out[dst + j] = t.data[a * block + j] }
            }
            offset += len
        }
        let dt: DType = ts.contains { $0.dtype == .float32 } ? .float32 : first.dtype
        return result("cat", shape: outShape, data: out, dtype: dt, inputs: ts) { g in
            var grads: [[Float]?] = []
            var off = 0
            for len in lens {
                let block = len * inner
                var gi = [Float](repeating: 0, count: outer * block)
                for a in 0..<outer {
                    let src = (a * total + off) * inner
                    for j in 0..<block { gi[a * block + j] = g[src + j] }
                }
                grads.append(gi)
                off += len
            }
            return grads
        }
    }

    /// Joins same-shape tensors along a new dim.
    public static func stack(_ ts: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = ts.first else { throw EngineError("stack", "expected a non-empty list of tensors") }
        for (i, t) in ts.enumerated() where t.shape != first.shape {
            throw EngineError("stack", "stack expects each tensor to be equal size, but got \(fmt(first.shape)) at entry 0 and \(fmt(t.shape)) at entry \(i)")
        }
        let d = try first.normDim(dim, op: "stack", extra: 1)
        return try cat(ts.map { try $0.unsqueeze(d) }, dim: d)
    }
}
