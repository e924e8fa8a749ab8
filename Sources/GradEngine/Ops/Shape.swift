// Shape: reshape/view (one -1 inferred), flatten, transpose/t/permute, squeeze/unsqueeze, cat, stack.
// Storage is always contiguous row-major, so reshapes are views: they share the input's storage
// (an in-place write through one shows in the other, as in PyTorch) and their backward passes the
// gradient's flat values through unchanged. Permutes, expand, repeat, split and chunk copy values.
// Non-goals: strided views (transpose, expand and slices are copies here, views in PyTorch).

extension Tensor {
    /// Resolves one -1 in `shape` against `count` elements.
    func inferShape(_ newShape: [Int], op: String) throws -> [Int] {
        var s = newShape
        let unknown = s.indices.filter { s[$0] == -1 }
        guard unknown.count <= 1 else {
            throw EngineError(op, "only one dimension can be inferred (shape \(fmt(newShape)))")
        }
        guard s.allSatisfy({ $0 >= -1 }) else { throw EngineError(op, "invalid shape dimension in \(fmt(newShape))") }
        if let u = unknown.first {
            let known = s.enumerated().filter { $0.offset != u }.map(\.element).product
            guard known > 0, count % known == 0 else {
                throw EngineError(
                    op, "shape \(fmt(newShape)) is invalid for input of size \(count) (shape \(fmt(shape)))")
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

    /// A view of this tensor's storage in shape `s` (same element count).
    func reshaped(_ s: [Int], op: String, name: String? = nil) throws -> Tensor {
        let v = Tensor.result(
            op, shape: s, data: [], dtype: dtype, sharing: storage, inputs: [self], saves: .none, name: name
        ) { g in [g] }
        v.viewBase = viewBase ?? self
        return v
    }

    /// This tensor's values in `other`'s shape (PyTorch's `view_as`).
    public func viewAs(_ other: Tensor) throws -> Tensor {
        try view(other.shape)
    }

    /// Size-1 dims stretched to `sizes` (-1 keeps a dim; new leading dims may be added), a copy.
    /// Backward: dy summed over the stretched dims.
    public func expand(_ sizes: [Int]) throws -> Tensor {
        guard sizes.count >= ndim else {
            throw EngineError(
                "expand",
                "the number of sizes provided (\(sizes.count)) must be greater or equal to the number of dimensions in "
                    + "the tensor (\(ndim))"
            )
        }
        let off = sizes.count - ndim
        var target = sizes
        for i in 0..<sizes.count {
            let own = i >= off ? shape[i - off] : nil
            if sizes[i] == -1 {
                guard let own else {
                    throw EngineError(
                        "expand",
                        "the expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension \(i)")
                }
                target[i] = own
            } else if let own, own != 1, own != sizes[i] {
                throw EngineError(
                    "expand",
                    "the expanded size of the tensor (\(sizes[i])) must match the existing size (\(own)) at "
                        + "non-singleton dimension \(i).  Target sizes: \(fmt(sizes)).  Tensor sizes: \(fmt(shape))"
                )
            } else if sizes[i] < 0 {
                throw EngineError("expand", "invalid size \(sizes[i]) at dimension \(i) in \(fmt(sizes))")
            }
        }
        try Tensor.checkShape(target, op: "expand")
        let map = Broadcast.indexMap(shape, to: target)
        let src = data
        let inShape = shape
        return Tensor.result(
            "expand", shape: target, data: map.map { src[$0] }, dtype: dtype, inputs: [self], saves: .none
        ) { g in
            [Broadcast.reduce(g, from: target, to: inShape)]
        }
    }

    /// The tensor tiled `repeats[i]` times along each dim (more repeats than dims add leading dims).
    /// Backward: dy summed over the tiles.
    public func `repeat`(_ repeats: [Int]) throws -> Tensor {
        guard repeats.count >= ndim else {
            throw EngineError(
                "repeat", "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
        }
        guard repeats.allSatisfy({ $0 >= 0 }) else {
            throw EngineError("repeat", "Trying to create tensor with negative dimension: \(fmt(repeats))")
        }
        let padded = [Int](repeating: 1, count: repeats.count - ndim) + shape
        let outShape = zip(padded, repeats).map { $0 * $1 }
        try Tensor.checkShape(outShape, op: "repeat")
        // Source offset of every output element: index i along dim d reads i mod padded[d].
        let n = outShape.product
        let st = Tensor.strides(of: padded)
        var map = [Int](repeating: 0, count: n)
        if n > 0 {
            var idx = [Int](repeating: 0, count: outShape.count)
            for o in 0..<n {
                var off = 0
                for d in 0..<outShape.count { off += (idx[d] % padded[d]) * st[d] }
                map[o] = off
                var d = outShape.count - 1
                while d >= 0 {
                    idx[d] += 1
                    if idx[d] < outShape[d] { break }
                    idx[d] = 0
                    d -= 1
                }
            }
        }
        let src = data, inCount = count
        return Tensor.result(
            "repeat", shape: outShape, data: map.map { src[$0] }, dtype: dtype, inputs: [self], saves: .none
        ) { g in
            var gx = [Float](repeating: 0, count: inCount)
            for (o, i) in map.enumerated() { gx[i] += g[o] }
            return [gx]
        }
    }

    /// Pieces of `size` along `dim` (the last may be smaller), PyTorch's `split(int)`.
    public func split(size: Int, dim: Int = 0) throws -> [Tensor] {
        guard ndim > 0 else { throw EngineError("split", "split expects at least a 1-dimensional tensor") }
        let d = try normDim(dim, op: "split")
        let len = shape[d]
        guard size > 0 || (size == 0 && len == 0) else {
            throw EngineError("split", "split_size can only be 0 if dimension size is 0, but got split_size \(size)")
        }
        // ⌈len / size⌉ pieces, counted without overflow; one tensor each, so at most 10 million
        // (zeros(0, 10**18).split(1, 1) asked for 10**18 of them).
        let pieces = size == 0 ? 0 : len / size + (len % size == 0 ? 0 : 1)
        guard pieces <= 10_000_000 else {
            throw EngineError("split", "\(pieces) pieces are too many (limit 10000000)", kind: .memory)
        }
        var sizes = (0..<pieces).map { Swift.min(size, len - $0 * size) }
        if sizes.isEmpty { sizes = [0] }
        return try split(sizes: sizes, dim: d)
    }

    /// Pieces of the given sizes along `dim` (they must add up to its size), `split([2, 3])`.
    public func split(sizes: [Int], dim: Int = 0) throws -> [Tensor] {
        guard ndim > 0 else { throw EngineError("split", "split expects at least a 1-dimensional tensor") }
        let d = try normDim(dim, op: "split")
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[d] else {
            throw EngineError(
                "split",
                "split_with_sizes expects split_sizes to sum exactly to \(shape[d]) (input tensor's size at dimension "
                    + "\(d)), but got split_sizes=\(fmt(sizes))"
            )
        }
        var out: [Tensor] = []
        var start = 0
        for n in sizes {
            var items = [IndexItem](repeating: .slice(start: nil, end: nil, step: nil), count: d)
            items.append(.slice(start: start, end: start + n, step: nil))
            let piece = try index(items)
            piece.gradFn?.torchName = "SplitBackward0"
            out.append(piece)
            start += n
        }
        return out
    }

    /// `chunks` pieces along `dim` of ceil(size / chunks) each (fewer when it divides unevenly).
    public func chunk(_ chunks: Int, dim: Int = 0) throws -> [Tensor] {
        guard chunks > 0 else {
            throw EngineError("chunk", "chunk expects `chunks` to be greater than 0, got: \(chunks)")
        }
        guard ndim > 0 else { throw EngineError("chunk", "chunk expects at least a 1-dimensional tensor") }
        let d = try normDim(dim, op: "chunk")
        let len = shape[d]
        let size = (len + chunks - 1) / chunks
        return try split(size: Swift.max(size, len == 0 ? 0 : 1), dim: d)
    }

    /// Merges dims startDim...endDim into one (a scalar becomes [1]).
    public func flatten(startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
        if ndim == 0 { return try reshaped([1], op: "flatten") }
        if startDim == endDim || (ndim == 1) { return try reshaped(shape, op: "flatten", name: "AliasBackward0") }
        let a = try normDim(startDim, op: "flatten"), b = try normDim(endDim, op: "flatten")
        guard a <= b else {
            throw EngineError(
                "flatten", "start_dim \(startDim) cannot come after end_dim \(endDim) (shape \(fmt(shape)))")
        }
        let s = Array(shape[..<a]) + [Array(shape[a...b]).product] + Array(shape[(b + 1)...])
        return try reshaped(s, op: "flatten")
    }

    /// Removes size-1 dims: all of them (dim nil) or only `dim` if its size is 1.
    public func squeeze(dim: Int? = nil) throws -> Tensor {
        if let dim {
            let d = try normDim(dim, op: "squeeze")
            if ndim == 0 || shape[d] != 1 { return try reshaped(shape, op: "squeeze", name: "SqueezeBackward1") }
            var s = shape
            s.remove(at: d)
            return try reshaped(s, op: "squeeze", name: "SqueezeBackward1")
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
                    for _ in 0..<lastN {
                        po[o] = ps[s]
                        o += 1
                        s += lastS
                    }
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
            throw EngineError(
                "permute",
                "number of dims don't match in permute: shape \(fmt(shape)) has \(ndim) dims but \(dims.count) were "
                    + "given"
            )
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
        return Tensor.result(op, shape: outShape, data: out, dtype: dtype, inputs: [self], saves: .none) { g in
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
            throw EngineError(
                "t", "t() expects a tensor with <= 2 dimensions, but self is \(ndim)D (shape \(fmt(shape)))")
        }
        let r = try transpose(0, ndim == 2 ? 1 : 0)
        r.gradFn?.torchName = "TBackward0"
        return r
    }

    /// Joins tensors along an existing dim; all other dims must match. Backward: dy split back.
    public static func cat(_ ts: [Tensor], dim: Int = 0) throws -> Tensor {
        if ts.contains(where: { $0.dtype == .float64 }), ts.allSatisfy({ $0.dtype.isFloatingPoint }),
            ts.reduce(0, { $0 + $1.count }) <= 1 << 24
        {
            // float64: the same op on element numbers (exact in float32 up to 2^24) says where each
            // exact value goes.
            if GradMode.isEnabled && ts.contains(where: { $0.requiresGrad }) { throw float64AutogradError("cat") }
            var offset = 0
            var numbered: [Tensor] = []
            for t in ts {
                numbered.append(Tensor(unchecked: t.shape, (0..<t.count).map { Float(offset + $0) }))
                offset += t.count
            }
            let where_ = try noGrad { try cat(numbered, dim: dim) }
            let all = ts.flatMap { $0.doubleValues }
            return Tensor(sharingNothing: where_.shape, doubles: where_.data.map { all[Int($0)] })
        }
        guard let first = ts.first else { throw EngineError("cat", "expected a non-empty list of tensors") }
        guard first.ndim > 0 else {
            throw EngineError("cat", "zero-dimensional tensor (at position 0) cannot be concatenated")
        }
        let d = try first.normDim(dim, op: "cat")
        for (i, t) in ts.enumerated() {
            guard t.ndim == first.ndim else {
                throw EngineError(
                    "cat",
                    "tensors must have the same number of dimensions: got \(fmt(first.shape)) and \(fmt(t.shape)) "
                        + "(tensor \(i))"
                )
            }
            for k in 0..<t.ndim where k != d && t.shape[k] != first.shape[k] {
                throw EngineError(
                    "cat",
                    "sizes of tensors must match except in dimension \(d): expected size \(first.shape[k]) but got "
                        + "size \(t.shape[k]) for tensor number \(i) in the list (shapes \(fmt(first.shape)) and "
                        + "\(fmt(t.shape)))"
                )
            }
        }
        let outer = Array(first.shape[..<d]).product
        let inner = Array(first.shape[(d + 1)...]).product
        let lens = ts.map { $0.shape[d] }
        var total = 0
        for len in lens {
            let (t, o) = total.addingReportingOverflow(len)
            guard !o else {
                throw EngineError("cat", "the result has too many elements (limit \(maxElements))", kind: .memory)
            }
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
        let dt = ts.dropFirst().reduce(first.dtype) { DType.promoteTypes($0, $1.dtype) }
        return result("cat", shape: outShape, data: out, dtype: dt, inputs: ts, saves: .none) { g in
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
            throw EngineError(
                "stack",
                "stack expects each tensor to be equal size, but got \(fmt(first.shape)) at entry 0 and "
                    + "\(fmt(t.shape)) at entry \(i)"
            )
        }
        let d = try first.normDim(dim, op: "stack", extra: 1)
        let r = try cat(ts.map { try $0.unsqueeze(d) }, dim: d)
        r.gradFn?.torchName = "StackBackward0"
        return r
    }
}
