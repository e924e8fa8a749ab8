// Broadcast: NumPy/PyTorch broadcasting of two shapes, and the reduction of a gradient back to an
// input's shape (the backward of broadcasting: sum over the stretched dims).
//   [3,1] + [1,4] -> [3,4];  [2,3] + [3] -> [2,3];  [2,1,3] + [4,1] -> [2,4,3]

enum Broadcast {
    /// The broadcast shape of `a` and `b` (right-aligned; size-1 dims stretch), or nil.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else { return nil }
        }
        return out
    }

    /// PyTorch's words for shapes that do not broadcast, naming the last dimension (counted in the
    /// broadcast result) where they clash: "The size of tensor a (3) must match the size of tensor b
    /// (2) at non-singleton dimension 1".
    static func mismatchMessage(_ a: [Int], _ b: [Int]) -> String {
        let n = max(a.count, b.count)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            if da != db && da != 1 && db != 1 {
                return "The size of tensor a (\(da)) must match the size of tensor b (\(db)) at non-singleton "
                    + "dimension \(i)"
            }
        }
        return "shapes \(shapeText(a)) and \(shapeText(b)) cannot be broadcast together"
    }

    /// Strides to read an input of shape `s` as if it had shape `out` (0 on stretched dims).
    static func strides(_ s: [Int], to out: [Int]) -> [Int] {
        let st = Tensor.strides(of: s)
        let off = out.count - s.count
        return (0..<out.count).map { i in
            i < off ? 0 : (s[i - off] == 1 ? 0 : st[i - off])
        }
    }

    /// Walks the broadcast of shapes `a` and `b` to `out` one row (last dim) at a time: calls
    /// `row(o, offA, offB, len, stepA, stepB)` for the row starting at output offset `o`, whose j-th
    /// element reads `a[offA + j·stepA]` and `b[offB + j·stepB]`. Unlike `indexMap` it stores no
    /// per-element offsets (those cost 8 bytes per element, twice the result itself).
    @inline(__always)
    static func rows(
        _ a: [Int], _ b: [Int], to out: [Int],
        _ row: (_ o: Int, _ offA: Int, _ offB: Int, _ len: Int, _ stepA: Int, _ stepB: Int) -> Void
    ) {
        let n = out.product
        if n == 0 { return }
        let nd = out.count
        if nd == 0 {
            row(0, 0, 0, 1, 0, 0)
            return
        }
        let sa = strides(a, to: out), sb = strides(b, to: out)
        let len = out[nd - 1], stepA = sa[nd - 1], stepB = sb[nd - 1]
        var idx = [Int](repeating: 0, count: nd)
        var offA = 0, offB = 0, o = 0
        while o < n {
            row(o, offA, offB, len, stepA, stepB)
            o += len
            var d = nd - 2
            while d >= 0 {
                idx[d] += 1
                offA += sa[d]
                offB += sb[d]
                if idx[d] < out[d] { break }
                offA -= sa[d] * idx[d]
                offB -= sb[d] * idx[d]
                idx[d] = 0
                d -= 1
            }
        }
    }

    /// Flat index maps: for every element of `out`, its offset in an input of shape `s`.
    static func indexMap(_ s: [Int], to out: [Int]) -> [Int] {
        offsets(out, strides: strides(s, to: out))
    }

    /// The strided walk: for each index i of `shape` in row-major order, the offset Σ_d i_d·strides[d]
    /// (an odometer over the dims). Broadcasting (stride 0 on stretched dims), transposition
    /// (permuted strides) and grouping for reductions are all this walk.
    static func offsets(_ shape: [Int], strides st: [Int]) -> [Int] {
        let n = shape.product
        var map = [Int](repeating: 0, count: n)
        if shape.isEmpty { return map }
        var idx = [Int](repeating: 0, count: shape.count)
        var off = 0
        for i in 0..<n {
            map[i] = off
            var d = shape.count - 1
            while d >= 0 {
                idx[d] += 1
                off += st[d]
                if idx[d] < shape[d] { break }
                off -= st[d] * idx[d]
                idx[d] = 0
                d -= 1
            }
        }
        return map
    }

    /// Sums a gradient of shape `out` back to shape `s` (the backward of broadcasting `s` to `out`).
    static func reduce(_ g: [Float], from out: [Int], to s: [Int]) -> [Float] {
        if out == s { return g }
        var r = [Float](repeating: 0, count: s.product)
        let map = indexMap(s, to: out)
        for i in 0..<g.count { r[map[i]] += g[i] }
        return r
    }
}

extension Tensor {
    /// The broadcast shape of two shapes (NumPy/PyTorch rules), or nil when they do not broadcast.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? { Broadcast.shape(a, b) }

    /// For each element of shape `to` (row-major), the flat offset it reads in a row-major array of
    /// shape `from` broadcast to `to` (`from` must broadcast to `to`). The language's numpy uses it too.
    public static func broadcastOffsets(from: [Int], to: [Int]) -> [Int] { Broadcast.indexMap(from, to: to) }

    /// For each index i of `shape` in row-major order, the offset Σ_d i_d·strides[d] (see
    /// `Broadcast.offsets`): a transposed or regrouped read of a row-major array.
    public static func stridedOffsets(_ shape: [Int], strides: [Int]) -> [Int] {
        Broadcast.offsets(shape, strides: strides)
    }
}
