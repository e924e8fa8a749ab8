// Indexing: x[i], x[a:b:s], x[None], x[...], x[idx] / x[mask] (one integer or bool tensor), and
// the in-place assignment x[...] = v. Forward gathers, backward scatter-adds (repeated indices add).
//   A plan lists, for every element of the result, its flat offset in the source.
// Several tensor indices broadcast together (`x[range(n), y]`, `x[rows, cols]`), as in PyTorch: their
// result dims stand where the first one was when they are adjacent, first otherwise.
// A basic index (integers, slices, None, ...) gives a copy that remembers its source: writing into it
// in place writes back into the source, as PyTorch's views do (`x[0][1] = 5`, `x[:, 0].zero_()`).
// Non-goals: negative steps (PyTorch forbids them too); a basic-index result seeing later writes
// to its source (it is a copy made when indexed; only writes into it travel back).

/// One item of an index expression, as in `x[0, 1:3, None, ..., idx]`.
public enum IndexItem {
    /// An integer (negative counts from the end); removes the dim.
    case at(Int)
    /// `start:end:step`, Python rules (clamped bounds, negatives from the end, step > 0).
    case slice(start: Int?, end: Int?, step: Int?)
    /// `None`: a new size-1 dim.
    case newAxis
    /// `...`: as many full slices as needed.
    case ellipsis
    /// An int64 tensor (select along one dim; its shape replaces the dim) or a bool mask
    /// (covers as many dims as it has; selects the true positions into one dim).
    case tensor(Tensor)
}

extension Tensor {
    /// Result shape and the source offset of each result element; or, when the selection is one
    /// contiguous run of the source (`x[None]`, `x[2]`, `x[1:3]`, `x[..., None]`), its first offset
    /// `start` and no per-element offsets (8 bytes each, twice the result's own size).
    func indexPlan(_ items: [IndexItem], op: String) throws -> (shape: [Int], offsets: [Int], start: Int?) {
        var consumed = 0, ellipses = 0
        for it in items {
            switch it {
            case .at, .slice: consumed += 1
            case .newAxis: break
            case .ellipsis: ellipses += 1
            case .tensor(let t):
                consumed += t.dtype == .bool ? Swift.max(t.ndim, 1) : 1
            }
        }
        guard ellipses <= 1 else { throw EngineError(op, "an index can only have a single ellipsis ('...')") }
        guard consumed <= ndim else {
            throw EngineError(op, "too many indices for tensor of dimension \(ndim) (shape \(fmt(shape)))")
        }
        var expanded: [IndexItem] = []
        for it in items {
            if case .ellipsis = it {
                for _ in 0..<(ndim - consumed) { expanded.append(.slice(start: nil, end: nil, step: nil)) }
            } else {
                expanded.append(it)
            }
        }
        if ellipses == 0 {
            for _ in 0..<(ndim - consumed) { expanded.append(.slice(start: nil, end: nil, step: nil)) }
        }

        let st = strides
        var base = 0, d = 0
        var groups: [(dims: [Int], deltas: [Int])] = []
        // Advanced (tensor) indices: each indexes one dim with a list of positions; all of them
        // broadcast together into one group of result dims (PyTorch/NumPy rules).
        var advanced: [(dim: Int, shape: [Int], positions: [Int])] = []
        var advancedSlot: Int? = nil  // where the group goes among `groups`
        var advancedAdjacent = true
        var lastWasAdvanced = false
        for it in expanded {
            var isAdvanced = false
            switch it {
            case .at(let i):
                let size = shape[d]
                guard i >= -size && i < size else {
                    throw EngineError(
                        op, "index \(i) is out of bounds for dimension \(d) with size \(size) (shape \(fmt(shape)))")
                }
                base += (i < 0 ? i + size : i) * st[d]
                d += 1
            case .slice(let s, let e, let stp):
                let size = shape[d]
                let step = stp ?? 1
                guard step > 0 else { throw EngineError(op, "slice step must be positive (got \(step))") }
                var start = s ?? 0
                if start < 0 { start += size }
                start = Swift.min(Swift.max(start, 0), size)
                var stop = e ?? size
                if stop < 0 { stop += size }
                stop = Swift.min(Swift.max(stop, 0), size)
                let n = stop > start ? (stop - start - 1) / step + 1 : 0  // no overflow for a huge step
                let sd = st[d]
                // An empty tensor may have a dim of 10**9 (shape [0, 10**9]): select nothing rather
                // than list a billion positions (found by scripts/fuzz-binary.py: an 8 GB abort).
                groups.append(([n], count == 0 ? [] : (0..<n).map { (start + $0 * step) * sd }))
                d += 1
            case .newAxis:
                groups.append(([1], [0]))
            case .ellipsis:
                break
            case .tensor(let t):
                isAdvanced = true
                if t.dtype == .bool {
                    // A k-dim mask stands for k index tensors: the coordinates of its true elements.
                    let k = t.ndim
                    let covered = Array(shape[d..<(d + k)])
                    guard t.shape == covered else {
                        throw EngineError(
                            op,
                            "the shape of the mask \(fmt(t.shape)) at index \(d) does not match the shape of the "
                                + "indexed tensor \(fmt(shape))"
                        )
                    }
                    let mst = Tensor.strides(of: covered)
                    var coords = [[Int]](repeating: [], count: k)
                    for (j, v) in t.data.enumerated() where v != 0 {
                        var rem = j
                        for q in 0..<k {
                            coords[q].append(rem / mst[q])
                            rem %= mst[q]
                        }
                    }
                    let hits = t.data.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
                    if k == 0 {
                        // A 0-d mask adds a dim of size 1 (true) or 0 (false).
                        groups.append(([hits], [Int](repeating: 0, count: hits)))
                        isAdvanced = false
                    }
                    for q in 0..<k { advanced.append((d + q, [hits], coords[q])) }
                    d += k
                } else {
                    guard t.dtype == .int64 else {
                        throw EngineError(
                            op,
                            "tensors used as indices must be long, int, byte or bool tensors (got \(t.dtype.rawValue))")
                    }
                    let size = shape[d]
                    var positions = [Int](repeating: 0, count: t.count)
                    for (j, v) in t.data.enumerated() {
                        guard v.isFinite, Swift.abs(v) < 1e15 else {
                            throw EngineError(
                                op,
                                "index \(v) is out of bounds for dimension \(d) with size \(size) (shape \(fmt(shape)))"
                            )
                        }
                        let i = Int(v)
                        guard i >= -size && i < size else {
                            throw EngineError(
                                op,
                                "index \(i) is out of bounds for dimension \(d) with size \(size) (shape \(fmt(shape)))"
                            )
                        }
                        positions[j] = i < 0 ? i + size : i
                    }
                    advanced.append((d, t.shape, positions))
                    d += 1
                }
            }
            if isAdvanced {
                if advancedSlot == nil {
                    advancedSlot = groups.count
                } else if !lastWasAdvanced {
                    advancedAdjacent = false
                }
                lastWasAdvanced = true
            } else if case .at = it {
                // an integer is applied first (a select), so it does not separate tensor indices
            } else {
                lastWasAdvanced = false
            }
        }
        if let slot = advancedSlot {
            var bshape: [Int] = []
            for a in advanced {
                guard let b = Broadcast.shape(bshape, a.shape) else {
                    throw EngineError(
                        op,
                        "shape mismatch: indexing tensors could not be broadcast together with shapes "
                            + "\(advanced.map { fmt($0.shape) }.joined(separator: ", "))"
                    )
                }
                bshape = b
            }
            try Tensor.checkShape(bshape, op: op)
            var deltas = [Int](repeating: 0, count: bshape.product)
            for a in advanced {
                let map = a.shape == bshape ? nil : Broadcast.indexMap(a.shape, to: bshape)
                let sd = st[a.dim]
                for j in 0..<deltas.count { deltas[j] += a.positions[map?[j] ?? j] * sd }
            }
            groups.insert((bshape, deltas), at: advancedAdjacent ? slot : 0)
        }
        let outShape = groups.flatMap { $0.dims }
        try Tensor.checkShape(outShape, op: op)
        // Contiguous when, from the last group back, every group of more than one delta steps by
        // the number of elements the groups after it span.
        var span = 1, start = base, contiguous = true
        for g in groups.reversed() {
            guard let first = g.deltas.first else { break }  // empty selection
            start += first
            if g.deltas.count > 1 {
                for (j, dl) in g.deltas.enumerated() where dl != first + j * span {
                    contiguous = false
                    break
                }
                span *= g.deltas.count
            }
            if !contiguous { break }
        }
        if contiguous && outShape.product > 0 { return (outShape, [], start) }
        var offsets = [base]
        for g in groups {
            var next: [Int] = []
            next.reserveCapacity(offsets.count * g.deltas.count)
            for o in offsets { for dl in g.deltas { next.append(o + dl) } }
            offsets = next
        }
        return (outShape, offsets, nil)
    }

    /// PyTorch's grad_fn name for `x[items]`: IndexBackward0 with a tensor index, else the last
    /// basic step (SelectBackward0 for an integer, SliceBackward0, UnsqueezeBackward0 for None).
    static func indexName(_ items: [IndexItem]) -> String {
        var name = "AliasBackward0"
        for it in items {
            switch it {
            case .tensor: return "IndexBackward0"
            case .at: name = "SelectBackward0"
            case .slice(let a, let b, let c):
                if a != nil || b != nil || (c ?? 1) != 1 { name = "SliceBackward0" }
            case .newAxis: name = "UnsqueezeBackward0"
            case .ellipsis: break
            }
        }
        return name
    }

    /// `x[items]`: a new tensor (a copy) of the selected elements. Backward: dy scatter-added back.
    /// A basic index remembers its source, for writes back into it (see the file header).
    public func index(_ items: [IndexItem]) throws -> Tensor {
        let r = try gather(items)
        let basic = !items.contains {
            if case .tensor = $0 { return true }
            return false
        }
        if basic { r.writeThrough = (self, items, r.shape) }
        return r
    }

    private func gather(_ items: [IndexItem]) throws -> Tensor {
        let (outShape, offsets, start) = try indexPlan(items, op: "index")
        if dtype == .float64, let dv = storage.doubles {
            // float64 keeps its exact values (a copy; float64 has no autograd here).
            let vals = start.map { Array(dv[$0..<($0 + outShape.product)]) } ?? offsets.map { dv[$0] }
            return Tensor(sharingNothing: outShape, doubles: vals)
        }
        let src = data
        let n = count
        if let start {
            // One run of the source: copied once (or shared, copy-on-write, when it is all of it).
            let len = outShape.product
            let out = start == 0 && len == n ? src : Array(src[start..<(start + len)])
            return Tensor.result(
                "index", shape: outShape, data: out, dtype: dtype, inputs: [self], saves: .none,
                name: Tensor.indexName(items)
            ) { g in
                var gx = [Float](repeating: 0, count: n)
                for i in 0..<len { gx[start + i] = g[i] }
                return [gx]
            }
        }
        let out = offsets.map { src[$0] }
        return Tensor.result(
            "index", shape: outShape, data: out, dtype: dtype, inputs: [self], saves: .none,
            name: Tensor.indexName(items)
        ) { g in
            var gx = [Float](repeating: 0, count: n)
            for (i, o) in offsets.enumerated() { gx[o] += g[i] }
            return [gx]
        }
    }

    /// `x[items] = value` in place (value broadcast to the selection, converted to x's dtype).
    /// Under autograd the write is recorded (PyTorch's CopySlices): the gradient of the
    /// overwritten elements goes to `value`, the rest to the old x.
    public func setIndex(_ items: [IndexItem], to value: Tensor) throws {
        // Basic indexing writes through a view (PyTorch's message names it); a tensor index does not.
        let basic = !items.contains {
            if case .tensor = $0 { return true }
            return false
        }
        try checkInPlace(throughView: basic)
        if value.isWrappedNumber, dtype.isNarrow { try dtype.checkScalarFits(Double(value.data[0])) }
        let (outShape, plannedOffsets, start) = try indexPlan(items, op: "setitem")
        let offsets = start.map { Array($0..<($0 + outShape.product)) } ?? plannedOffsets
        guard let b = Broadcast.shape(value.shape, outShape), b == outShape else {
            throw EngineError(
                "setitem",
                "shape mismatch: value tensor of shape \(fmt(value.shape)) cannot be broadcast to indexing result of "
                    + "shape \(fmt(outShape))"
            )
        }
        let map = value.shape == outShape ? nil : Broadcast.indexMap(value.shape, to: outShape)
        var v = data
        let vv = value.data
        let integral = !dtype.isFloatingPoint
        for (i, o) in offsets.enumerated() {
            let x = vv[map?[i] ?? i]
            v[o] = integral ? (dtype == .bool ? (x != 0 ? 1 : 0) : x.rounded(.towardZero)) : x
        }
        let n = count, vShape = value.shape
        let r = Tensor.result(
            "setitem", shape: shape, data: v, dtype: dtype, inputs: [self, value], saves: .none,
            name: "CopySlices"
        ) { g in
            var gx = g
            var gsel = [Float](repeating: 0, count: outShape.product)
            for (i, o) in offsets.enumerated() {
                gsel[i] = g[o]
                gx[o] = 0
            }
            _ = n
            return [gx, Broadcast.reduce(gsel, from: outShape, to: vShape)]
        }
        try assign(r, cast: true)
    }
}

extension Tensor {
    /// Where each element of `index` writes (scatter) or reads (gather) along `dim`: for index
    /// position p (row-major over index's shape), the flat offset in a tensor of `shape` at p with
    /// p[dim] replaced by index[p]. PyTorch's rule: index has the tensor's number of dims (a 0-d
    /// index counts as one element), index.size(d) <= shape[d] for d != dim, 0 <= index < shape[dim].
    func scatterOffsets(_ dim: Int, _ index: Tensor, op: String) throws -> [Int] {
        guard index.dtype == .int64 else {
            throw EngineError("", "\(op)(): Expected dtype int64 for index")
        }
        let d = try normDim(dim, op: op)
        let ishape = index.ndim == 0 ? [Int](repeating: 1, count: Swift.max(ndim, 1)) : index.shape
        let tshape = ndim == 0 ? [1] : shape
        guard ishape.count == tshape.count else {
            throw EngineError("", "Index tensor must have the same number of dimensions as self tensor")
        }
        for k in 0..<ishape.count where k != d && ishape[k] > tshape[k] {
            throw EngineError(
                "",
                "Size does not match at dimension \(k) expected index \(fmt(ishape)) to be no larger than self "
                    + "\(fmt(tshape)) apart from dimension \(d)"
            )
        }
        let tstr = Tensor.strides(of: tshape), istr = Tensor.strides(of: ishape)
        let iv = index.data
        var out = [Int](repeating: 0, count: iv.count)
        for p in 0..<iv.count {
            var rem = p, off = 0
            for k in 0..<ishape.count {
                let c = rem / istr[k]
                rem %= istr[k]
                if k == d {
                    let j = Int(iv[p])
                    guard j >= 0 && j < tshape[d] else {
                        throw EngineError("", "index \(j) is out of bounds for dimension \(d) with size \(tshape[d])")
                    }
                    off += j * tstr[k]
                } else {
                    off += c * tstr[k]
                }
            }
            out[p] = off
        }
        return out
    }

    /// PyTorch's `scatter(dim, index, src)` / `scatter(dim, index, value)`: a copy of self where
    /// out[... index[p] (at dim) ...] = src[p] (or value). Backward: self gets dy with the written
    /// places zeroed; src gets dy gathered at the written places.
    public func scatter(dim: Int, index: Tensor, src: Tensor? = nil, value: Float = 0) throws -> Tensor {
        let offs = try scatterOffsets(dim, index, op: "scatter")
        var v = data
        if let src {
            guard src.count >= offs.count, src.ndim == index.ndim || index.ndim == 0 else {
                throw EngineError("", "scatter(): src must have at least as many elements as index")
            }
            let sv = src.data, sstr = Tensor.strides(of: src.shape), istr = Tensor.strides(of: index.shape)
            // src is read at the index position p (same coordinates in src's own shape).
            let srcOff: [Int] = (0..<offs.count).map { p in
                var rem = p, o = 0
                for k in 0..<index.ndim {
                    o += rem / istr[k] * sstr[k]
                    rem %= istr[k]
                }
                return o
            }
            for (p, o) in offs.enumerated() { v[o] = sv[srcOff[p]] }
            let srcShape = src.shape, srcCount = src.count
            return Tensor.result(
                "scatter", shape: shape, data: v, dtype: dtype, inputs: [self, src], saves: .none,
                name: "ScatterBackward0"
            ) { g in
                var gs = g
                var gsrc = [Float](repeating: 0, count: srcCount)
                for (p, o) in offs.enumerated() {
                    gs[o] = 0
                    gsrc[srcOff[p]] = g[o]
                }
                _ = srcShape
                return [gs, gsrc]
            }
        }
        for o in offs { v[o] = value }
        return Tensor.result(
            "scatter", shape: shape, data: v, dtype: dtype, inputs: [self], saves: .none, name: "ScatterBackward1"
        ) { g in
            var gs = g
            for o in offs { gs[o] = 0 }
            return [gs]
        }
    }

    /// PyTorch's `gather(dim, index)`: out[p] = self[... index[p] (at dim) ...], shaped as index.
    /// Backward: dy added back at the places read.
    public func gather(dim: Int, index: Tensor) throws -> Tensor {
        let offs = try scatterOffsets(dim, index, op: "gather")
        let v = data
        let n = count
        return Tensor.result(
            "gather", shape: index.shape, data: offs.map { v[$0] }, dtype: dtype, inputs: [self], saves: .none,
            name: "GatherBackward0"
        ) { g in
            var gx = [Float](repeating: 0, count: n)
            for (p, o) in offs.enumerated() { gx[o] += g[p] }
            return [gx]
        }
    }
}
