// NDArrayIndex: numpy indexing, `a[...]` and `a[...] = v`.
// Basic items: ints (negative count from the end), slices, `None`/`np.newaxis`, `...`.
// Advanced items: integer arrays or lists (broadcast together), boolean masks (a mask of k
// dimensions selects where it is True). As in numpy, the advanced dimensions go where the
// advanced items are when those are next to each other, and first otherwise; an int next to an
// advanced item counts as one. An index made only of ints gives a numpy scalar.
//
// Both reading and writing resolve the index to the flat offsets it selects, in result order.
// A basic index (no arrays) gives a copy that writes through to the array (NDArray.base).

import Foundation

extension NDArray {
    private enum Item {
        case at(Int)
        case slice(Int?, Int?, Int?)
        case newAxis
        case ellipsis
        case array(NDArray)  // int64 indices
        case mask(NDArray)  // bool
    }

    private func items(_ idx: Value) throws -> [Item] {
        let parts: [Value]
        if case .tuple(let xs) = idx { parts = xs } else { parts = [idx] }
        return try parts.map { p -> Item in
            switch p {
            case .bool(let b): return .mask(NDArray(bools: [b], shape: []))
            case .int(let i): return .at(i)
            case .none: return .newAxis
            case .object(let sv as SliceValue):
                return .slice(try sv.optInt(sv.start), try sv.optInt(sv.stop), try sv.optInt(sv.step))
            case .object(let o) where o is EllipsisValue: return .ellipsis
            case .object(let a as NDArray):
                if a.dtype == .bool { return .mask(a) }
                if a.dtype.isFloat {
                    throw ScriptError(
                        kind: "IndexError", message: "arrays used as indices must be of integer (or boolean) type")
                }
                if a.isScalar { return .at(a.ints[0]) }
                return .array(a)
            case .list, .tuple, .tensor:
                let a = try NDArray.from(p, "index")
                if a.dtype == .bool { return .mask(a) }
                if a.dtype.isFloat && a.count > 0 {
                    throw ScriptError(
                        kind: "IndexError", message: "arrays used as indices must be of integer (or boolean) type")
                }
                return .array(a.astype(.int64))
            default:
                throw ScriptError(
                    kind: "IndexError",
                    message:
                        "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean "
                        + "arrays are valid indices"
                )
            }
        }
    }

    /// The flat offsets selected by `idx`, the result shape, and whether the result is a scalar.
    func resolve(_ idx: Value) throws -> (offsets: [Int], shape: [Int], scalar: Bool, basic: Bool) {
        let its = try items(idx)
        for case .mask(let m) in its where m.ndim == 0 {
            throw ScriptError(
                kind: "IndexError", message: "indexing with a scalar boolean (a[True]) is not supported by gradstep")
        }
        let consumed = its.reduce(0) { n, it in
            switch it {
            case .newAxis, .ellipsis: return n
            case .mask(let m): return n + m.ndim
            default: return n + 1
            }
        }
        let ellipses = its.filter {
            if case .ellipsis = $0 { return true }
            return false
        }.count
        if ellipses > 1 {
            throw ScriptError(kind: "IndexError", message: "an index can only have a single ellipsis ('...')")
        }
        guard consumed <= ndim else {
            throw ScriptError(
                kind: "IndexError",
                message: "too many indices for array: array is \(ndim)-dimensional, but \(consumed) were indexed")
        }
        // Expand the ellipsis (or add one at the end) to full slices.
        var full: [Item] = []
        var sawEllipsis = false
        for it in its {
            if case .ellipsis = it {
                sawEllipsis = true
                for _ in 0..<(ndim - consumed) { full.append(.slice(nil, nil, nil)) }
            } else {
                full.append(it)
            }
        }
        if !sawEllipsis { for _ in 0..<(ndim - consumed) { full.append(.slice(nil, nil, nil)) } }

        var strides = [Int](repeating: 1, count: ndim)
        var s = 1
        for i in stride(from: ndim - 1, through: 0, by: -1) {
            strides[i] = s
            s *= shape[i]
        }

        // Per source dim: the list of positions it contributes (basic), or the advanced arrays.
        let hasAdvanced = full.contains {
            if case .array = $0 { return true }
            return false
        }
        var dim = 0
        // Each output "axis group": basic dims list their offsets; the advanced group is one entry.
        enum Part {
            case basic([Int])
            case single(Int)
            case advanced
        }
        var parts: [Part] = []
        var advArrays: [(NDArray, Int)] = []  // (indices, source dim)
        var advPositions: [Int] = []
        var allInts = true
        for it in full {
            switch it {
            case .newAxis:
                parts.append(.basic([0]))
                allInts = false
            case .at(let i):
                let n = shape[dim]
                let k = i < 0 ? i + n : i
                guard k >= 0 && k < n else {
                    throw ScriptError(
                        kind: "IndexError", message: "index \(i) is out of bounds for axis \(dim) with size \(n)")
                }
                if hasAdvanced {
                    advArrays.append((NDArray(ints: [k], shape: []), dim))
                    advPositions.append(parts.count)
                    parts.append(.advanced)
                } else {
                    parts.append(.single(k * strides[dim]))
                }
                dim += 1
            case .slice(let a, let b, let c):
                let n = shape[dim]
                let (start, stop, step) = try SliceValue(
                    a.map(Value.int) ?? .none, b.map(Value.int) ?? .none, c.map(Value.int) ?? .none
                ).indices(count: n)
                var offs: [Int] = []
                var i = start
                while step > 0 ? i < stop : i > stop {
                    offs.append(i * strides[dim])
                    let (next, overflow) = i.addingReportingOverflow(step)  // a[::2**62] must not trap
                    if overflow { break }
                    i = next
                }
                parts.append(.basic(offs))
                allInts = false
                dim += 1
            case .array(let arr):
                let n = shape[dim]
                var ks = arr.ints
                for j in ks.indices {
                    let i = ks[j]
                    let k = i < 0 ? i + n : i
                    guard k >= 0 && k < n else {
                        throw ScriptError(
                            kind: "IndexError", message: "index \(i) is out of bounds for axis \(dim) with size \(n)")
                    }
                    ks[j] = k
                }
                advArrays.append((NDArray(ints: ks, shape: arr.shape), dim))
                advPositions.append(parts.count)
                parts.append(.advanced)
                allInts = false
                dim += 1
            case .mask(let m):
                for (j, d) in m.shape.enumerated() where shape[dim + j] != d {
                    throw ScriptError(
                        kind: "IndexError",
                        message:
                            "boolean index did not match indexed array along axis \(dim + j); size of axis is "
                            + "\(shape[dim + j]) but size of corresponding boolean axis is \(d)"
                    )
                }
                // The True positions, one index array per masked dimension.
                let nz = m.bools.enumerated().filter { $0.element }.map(\.offset)
                var ms = [Int](repeating: 1, count: m.ndim)
                var q = 1
                for i in stride(from: m.ndim - 1, through: 0, by: -1) {
                    ms[i] = q
                    q *= m.shape[i]
                }
                for d in 0..<m.ndim {
                    advArrays.append((NDArray(ints: nz.map { ($0 / ms[d]) % m.shape[d] }, shape: [nz.count]), dim + d))
                    advPositions.append(parts.count)
                    parts.append(.advanced)
                }
                allInts = false
                dim += m.ndim
            case .ellipsis: break
            }
        }
        // Broadcast the advanced arrays together.
        var advShape: [Int] = []
        var advOffsets: [Int] = []
        if !advArrays.isEmpty {
            for (arr, _) in advArrays {
                do { advShape = try NDArray.broadcastShape(advShape, arr.shape) } catch {
                    throw ScriptError(
                        kind: "IndexError",
                        message: "shape mismatch: indexing arrays could not be broadcast together with shapes "
                            + advArrays.map { NDArray.shapeText($0.0.shape) }.joined(separator: " "))
                }
            }
            let total = NDArray.product(advShape)
            advOffsets = [Int](repeating: 0, count: total)
            for (arr, d) in advArrays {
                let b = NDArray.broadcastOffsets(from: arr.shape, to: advShape)
                let v = arr.ints
                for k in 0..<total { advOffsets[k] += v[b[k]] * strides[d] }
            }
        }
        // Where the advanced dims go: in place if the advanced parts are adjacent, else first.
        let adjacent = (advPositions.last ?? 0) - (advPositions.first ?? 0) == max(0, advPositions.count - 1)
        var groups: [[Int]] = []  // each output dim's offsets (advanced: one group of combined offsets)
        var outShape: [Int] = []
        var advPlaced = false
        var singleBase = 0
        var layout: [(offsets: [Int], dims: [Int])] = []
        if !advArrays.isEmpty && !adjacent {
            layout.append((advOffsets, advShape))
            advPlaced = true
        }
        for p in parts {
            switch p {
            case .single(let o): singleBase += o
            case .basic(let offs): layout.append((offs, [offs.count]))
            case .advanced:
                if !advPlaced {
                    layout.append((advOffsets, advShape))
                    advPlaced = true
                }
            }
        }
        for l in layout {
            groups.append(l.offsets)
            outShape += l.dims
        }
        try NDArray.checkShape(outShape, "indexing")
        // Cartesian sum of the groups' offsets, in row-major order.
        var offsets = [singleBase]
        for g in groups {
            var next: [Int] = []
            next.reserveCapacity(offsets.count * g.count)
            for o in offsets { for x in g { next.append(o + x) } }
            offsets = next
        }
        return (offsets, outShape, allInts && advArrays.isEmpty, advArrays.isEmpty)
    }

    /// `a[idx]`.
    func getItem(_ idx: Value) throws -> NDArray {
        if isScalar || ndim == 0 {
            if case .tuple(let t) = idx, t.isEmpty { return self }
            throw ScriptError(kind: "IndexError", message: "invalid index to scalar variable.")
        }
        let (offsets, shape, scalar, basic) = try resolve(idx)
        let out = gather(offsets, shape: shape, scalar: scalar)
        if basic && !scalar {  // numpy gives a view: writes through it reach this array
            out.base = self
            out.baseOffsets = offsets
        }
        return out
    }

    /// `a[idx] = v` (v broadcast to the selection, converted to a's dtype).
    func setItem(_ idx: Value, _ v: Value) throws {
        let (offsets, shape, _, _) = try resolve(idx)
        let (src, _) = try NDArray.operand(v, "assigned value")
        if src.dtype.isFloat && !dtype.isFloat, src.doubles.contains(where: { !$0.isFinite }) {
            throw valueError("cannot convert float NaN to integer")
        }
        let b: NDArray
        do { b = try src.broadcast(to: shape) } catch {
            throw valueError(
                "could not broadcast input array from shape \(NDArray.shapeText(src.shape)) into shape "
                    + "\(NDArray.shapeText(shape))"
            )
        }
        assign(offsets, b)
    }
}
