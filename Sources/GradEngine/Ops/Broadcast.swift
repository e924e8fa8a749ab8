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

    /// Strides to read an input of shape `s` as if it had shape `out` (0 on stretched dims).
    static func strides(_ s: [Int], to out: [Int]) -> [Int] {
        let st = Tensor.strides(of: s)
        let off = out.count - s.count
        return (0..<out.count).map { i in
            i < off ? 0 : (s[i - off] == 1 ? 0 : st[i - off])
        }
    }

    /// Flat index maps: for every element of `out`, its offset in an input of shape `s`.
    static func indexMap(_ s: [Int], to out: [Int]) -> [Int] {
        let st = strides(s, to: out)
        let n = out.product
        var map = [Int](repeating: 0, count: n)
        if out.isEmpty { return map }
        var idx = [Int](repeating: 0, count: out.count)
        var off = 0
        for i in 0..<n {
            map[i] = off
            var d = out.count - 1
            while d >= 0 {
                idx[d] += 1
                off += st[d]
                if idx[d] < out[d] { break }
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
