// NDArrayOps: numpy's arithmetic, comparisons, elementwise math, reductions and matmul on NDArray.
//
// Type rules (numpy 2, NEP 50): two arrays promote bool < int64 < float32 < float64 (int64 with
// float32 gives float64); a Python number is "weak": an int keeps the array's dtype, a float
// keeps a float array's dtype and makes an int/bool array float64. `/` is always a float; `//`
// and `%` floor toward negative infinity; int64 arithmetic wraps, as numpy's does.
// Reductions take `axis=None|int|tuple` and `keepdims`; `sum` of ints is int64, `mean` is float.
//
// Non-goals: out=, where=, dtype= on reductions, ddof beyond std/var, nan-aware reductions.

import Foundation
import GradEngine

extension NDArray {
    /// An operand from a Python number, numpy scalar/array, list or tensor, with whether it is a
    /// "weak" Python scalar (NEP 50).
    static func operand(_ v: Value, _ what: String) throws -> (NDArray, weak: Bool) {
        switch v {
        case .object(let a as NDArray): return (a, false)
        case .bool(let b): return (NDArray(bools: [b], shape: [], scalar: true), true)
        case .int(let i): return (NDArray(ints: [i], shape: [], scalar: true), true)
        case .float(let d): return (NDArray(doubles: [d], shape: [], scalar: true), true)
        default: return (try NDArray.from(v, what), false)
        }
    }

    /// numpy's result dtype for `a op b` where a Python scalar operand is weak.
    static func resultType(_ a: NDArray, _ aWeak: Bool, _ b: NDArray, _ bWeak: Bool) -> NPDType {
        if aWeak && !bWeak { return weakPromote(b.dtype, a.dtype) }
        if bWeak && !aWeak { return weakPromote(a.dtype, b.dtype) }
        return NPDType.promote(a.dtype, b.dtype)
    }
    static func weakPromote(_ array: NPDType, _ py: NPDType) -> NPDType {
        switch py {
        case .bool: return array
        case .int64: return array == .bool ? .int64 : array
        default: return array.isFloat ? array : .float64
        }
    }

    /// `a op b` elementwise with broadcasting (arithmetic and bitwise operators).
    static func binary(_ op: BinOp, _ av: Value, _ bv: Value) throws -> Value {
        let (a, aw) = try operand(av, "left operand of \(op.rawValue)")
        let (b, bw) = try operand(bv, "right operand of \(op.rawValue)")
        if op == .matmul { return try matmul(a, b).value }
        var t = resultType(a, aw, b, bw)
        let shape = try broadcastShape(a.shape, b.shape)
        let scalar = shape.isEmpty
        let bc = Broadcast(a.shape, b.shape, shape)
        let n = bc.count
        if op == .div && !t.isFloat { t = .float64 }
        switch op {
        case .bitAnd, .bitOr, .bitXor, .lshift, .rshift:
            guard !t.isFloat else {
                throw typeError(
                    "ufunc '\(ufuncName(op))' not supported for the input types, and the inputs could not be safely "
                        + "coerced to any supported types according to the casting rule ''safe''"
                )
            }
            if t == .bool && (op == .bitAnd || op == .bitOr || op == .bitXor) {
                let x = a.bools, y = b.bools
                let f: (Bool, Bool) -> Bool = op == .bitAnd ? { $0 && $1 } : op == .bitOr ? { $0 || $1 } : { $0 != $1 }
                return NDArray(bools: bc.map(x, y, f), shape: shape, scalar: scalar).value
            }
            let x = a.ints, y = b.ints
            let f: (Int, Int) -> Int
            switch op {
            case .bitAnd: f = { $0 & $1 }
            case .bitOr: f = { $0 | $1 }
            case .bitXor: f = { $0 ^ $1 }
            case .lshift: f = { $1 < 0 || $1 >= 64 ? 0 : $0 << $1 }
            default: f = { $1 < 0 || $1 >= 64 ? ($0 < 0 ? -1 : 0) : $0 >> $1 }
            }
            return NDArray(ints: bc.map(x, y, f), shape: shape, scalar: scalar).value
        default: break
        }
        if t.isFloat {
            let x = a.doubles, y = b.doubles
            let f: (Double, Double) -> Double
            switch op {
            case .add: f = { $0 + $1 }
            case .sub: f = { $0 - $1 }
            case .mul: f = { $0 * $1 }
            case .div: f = { $0 / $1 }
            case .floorDiv: f = { ($0 / $1).rounded(.down) }
            case .mod:
                f = { x, y in
                    if y == 0 { return .nan }
                    var r = fmod(x, y)
                    if r != 0 && ((r < 0) != (y < 0)) { r += y }
                    return r
                }
            default: f = { Foundation.pow($0, $1) }
            }
            return NDArray(doubles: bc.map(x, y, f), shape: shape, dtype: t, scalar: scalar).value
        }
        // int64 (bool + bool is logical or in numpy, but arithmetic on two bool arrays is rare: use ints)
        if t == .bool && (op == .add || op == .mul) {
            let x = a.bools, y = b.bools
            let f: (Bool, Bool) -> Bool = op == .add ? { $0 || $1 } : { $0 && $1 }
            return NDArray(bools: bc.map(x, y, f), shape: shape, scalar: scalar).value
        }
        if t == .bool && op == .sub {
            throw typeError(
                "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or "
                    + "the logical_xor function instead."
            )
        }
        let x = a.ints, y = b.ints
        let out: [Int]
        switch op {
        case .add: out = bc.map(x, y) { $0 &+ $1 }
        case .sub: out = bc.map(x, y) { $0 &- $1 }
        case .mul: out = bc.map(x, y) { $0 &* $1 }
        case .floorDiv, .mod:
            let floor = op == .floorDiv
            out = bc.map(x, y) { p, q in
                if q == 0 { return 0 }  // numpy: 0 with a RuntimeWarning
                if q == -1 { return floor ? 0 &- p : 0 }
                var d = p / q, r = p % q
                if r != 0 && ((r < 0) != (q < 0)) {
                    d -= 1
                    r += q
                }
                return floor ? d : r
            }
        default:  // pow
            if y.contains(where: { $0 < 0 }) {
                throw valueError("Integers to negative integer powers are not allowed.")
            }
            out = bc.map(x, y) { p, e in
                var r = 1, base = p, ee = e
                while ee > 0 {
                    if ee & 1 == 1 { r = r &* base }
                    ee >>= 1
                    if ee > 0 { base = base &* base }
                }
                return r
            }
        }
        return NDArray(ints: out, shape: shape, scalar: scalar).value
    }

    static func ufuncName(_ op: BinOp) -> String {
        switch op {
        case .bitAnd: return "bitwise_and"
        case .bitOr: return "bitwise_or"
        case .bitXor: return "bitwise_xor"
        case .lshift: return "left_shift"
        default: return "right_shift"
        }
    }

    /// `a < b`, `a == b`, ... elementwise: a bool array (a numpy bool scalar for 0-d operands).
    static func compare(_ op: CmpOp, _ av: Value, _ bv: Value) throws -> Value {
        let (a, _) = try operand(av, "left side of \(op.rawValue)")
        let (b, _) = try operand(bv, "right side of \(op.rawValue)")
        let shape = try broadcastShape(a.shape, b.shape)
        let bc = Broadcast(a.shape, b.shape, shape)
        let f: (Double, Double) -> Bool
        switch op {
        case .lt: f = { $0 < $1 }
        case .le: f = { $0 <= $1 }
        case .gt: f = { $0 > $1 }
        case .ge: f = { $0 >= $1 }
        case .eq: f = { $0 == $1 }
        default: f = { $0 != $1 }
        }
        if !a.dtype.isFloat && !b.dtype.isFloat {
            let x = a.ints, y = b.ints
            let g: (Int, Int) -> Bool
            switch op {
            case .lt: g = { $0 < $1 }
            case .le: g = { $0 <= $1 }
            case .gt: g = { $0 > $1 }
            case .ge: g = { $0 >= $1 }
            case .eq: g = { $0 == $1 }
            default: g = { $0 != $1 }
            }
            return NDArray(bools: bc.map(x, y, g), shape: shape, scalar: shape.isEmpty).value
        }
        let x = a.doubles, y = b.doubles
        return NDArray(bools: bc.map(x, y, f), shape: shape, scalar: shape.isEmpty).value
    }

    /// `-a`, `+a`, `~a`.
    func unary(_ op: String) throws -> Value {
        switch op {
        case "-":
            if dtype == .bool {
                throw typeError(
                    "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the "
                        + "logical_not function instead."
                )
            }
            if case .i(let x) = store { return NDArray(ints: x.map { 0 &- $0 }, shape: shape, scalar: isScalar).value }
            return NDArray(doubles: doubles.map { -$0 }, shape: shape, dtype: dtype, scalar: isScalar).value
        case "+": return self.value
        case "abs":
            if dtype == .bool { return self.value }
            return mapKeep({ Swift.abs($0) }, int: { $0 == Int.min ? $0 : Swift.abs($0) }).value
        default:
            if case .b(let x) = store { return NDArray(bools: x.map { !$0 }, shape: shape, scalar: isScalar).value }
            if case .i(let x) = store { return NDArray(ints: x.map { ~$0 }, shape: shape, scalar: isScalar).value }
            throw typeError(
                "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any "
                    + "supported types according to the casting rule ''safe''"
            )
        }
    }

    /// How two operands broadcast to `shape`: elementwise without index arrays when the shapes
    /// match or one side is a single value (the common cases), through offsets otherwise.
    struct Broadcast {
        let count: Int
        let ia: [Int]?, ib: [Int]?
        let aOne: Bool, bOne: Bool
        init(_ a: [Int], _ b: [Int], _ shape: [Int]) {
            count = NDArray.product(shape)
            aOne = NDArray.product(a) == 1 && a != shape
            bOne = NDArray.product(b) == 1 && b != shape
            ia = a == shape || aOne ? nil : NDArray.broadcastOffsets(from: a, to: shape)
            ib = b == shape || bOne ? nil : NDArray.broadcastOffsets(from: b, to: shape)
        }
        func map<T, R>(_ x: [T], _ y: [T], _ f: (T, T) -> R) -> [R] {
            var out: [R] = []
            out.reserveCapacity(count)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    switch (aOne, bOne, ia, ib) {
                    case (false, false, nil, nil): for k in 0..<count { out.append(f(xp[k], yp[k])) }
                    case (true, false, _, nil):
                        let u = xp[0]
                        for k in 0..<count { out.append(f(u, yp[k])) }
                    case (false, true, nil, _):
                        let v = yp[0]
                        for k in 0..<count { out.append(f(xp[k], v)) }
                    default:
                        for k in 0..<count {
                            let u = aOne ? xp[0] : (ia.map { xp[$0[k]] } ?? xp[k])
                            let v = bOne ? yp[0] : (ib.map { yp[$0[k]] } ?? yp[k])
                            out.append(f(u, v))
                        }
                    }
                }
            }
            return out
        }
    }

    /// The array as a script value.
    var value: Value { .object(self) }

    /// numpy's `out=` of a ufunc: the result `r` written into the array `o` (same shape; a float
    /// result is not cast into an integer array, numpy's 'same_kind' rule). Returns `o`.
    static func writeOut(_ r: Value, _ o: Value, _ ufunc: String) throws -> Value {
        guard case .object(let out as NDArray) = o, !out.isScalar else {
            throw typeError("return arrays must be of ArrayType")
        }
        let res = try NDArray.from(r, "\(ufunc)()")
        guard res.shape == out.shape else {
            throw valueError(
                "non-broadcastable output operand with shape \(compactShape(out.shape)) doesn't match the broadcast "
                    + "shape \(compactShape(res.shape))"
            )
        }
        if res.dtype.isFloat && !out.dtype.isFloat || res.dtype == .int64 && out.dtype == .bool {
            throw ScriptError(
                kind: "UFuncTypeError",
                message:
                    "Cannot cast ufunc '\(ufunc)' output from dtype('\(res.dtype.rawValue)') to "
                    + "dtype('\(out.dtype.rawValue)') with casting rule 'same_kind'"
            )
        }
        out.replaceValues(with: res.astype(out.dtype))
        return o
    }

    /// A float ufunc (`exp`, `log`, `sqrt`, ...): float arrays keep their dtype, ints become float64.
    func mapFloat(_ f: (Double) -> Double) -> NDArray {
        NDArray(doubles: doubles.map(f), shape: shape, dtype: dtype.isFloat ? dtype : .float64, scalar: isScalar)
    }

    /// A dtype-preserving ufunc (`abs`, `square`, `sign`): ints stay ints.
    func mapKeep(_ f: (Double) -> Double, int g: (Int) -> Int) -> NDArray {
        switch store {
        case .i(let x): return NDArray(ints: x.map(g), shape: shape, scalar: isScalar)
        case .b: return NDArray(ints: ints.map(g), shape: shape, scalar: isScalar)
        case .f(let x): return NDArray(doubles: x.map(f), shape: shape, dtype: dtype, scalar: isScalar)
        }
    }

    // MARK: reductions

    /// The axes named by `axis` (None: all), normalised, sorted, without repeats.
    func reductionAxes(_ axis: Value?) throws -> [Int] {
        guard let axis, !axis.isNone else { return Array(0..<ndim) }
        let raw: [Value] = axis.asArray ?? [axis]
        var out: [Int] = []
        for r in raw {
            guard let i = r.asInt else { throw typeError("'\(r.typeName)' object cannot be interpreted as an integer") }
            let k = try NDArray.axis(i, ndim: ndim)
            if out.contains(k) { throw valueError("duplicate value in 'axis'") }
            out.append(k)
        }
        return out.sorted()
    }

    /// Groups the values for a reduction over `axes`: each group is the reduced values of one output
    /// element, in output order. Returns the groups and the output shape (with or without kept dims).
    func reductionGroups(_ axes: [Int], keepdims: Bool) -> (groups: [[Int]], shape: [Int]) {
        let kept = (0..<ndim).filter { !axes.contains($0) }
        let outShape = kept.map { shape[$0] }
        let k = axes.map { shape[$0] }.reduce(1, *)
        let outCount = NDArray.product(outShape)
        // Offsets into self for the permuted order.
        let order = kept + axes
        var strides = [Int](repeating: 1, count: ndim)
        var s = 1
        for i in stride(from: ndim - 1, through: 0, by: -1) {
            strides[i] = s
            s *= shape[i]
        }
        let offsets = Tensor.stridedOffsets(order.map { shape[$0] }, strides: order.map { strides[$0] })
        var groups: [[Int]] = []
        groups.reserveCapacity(outCount)
        for g in 0..<outCount { groups.append(Array(offsets[(g * k)..<(g * k + k)])) }
        let shapeOut = keepdims ? (0..<ndim).map { axes.contains($0) ? 1 : shape[$0] } : outShape
        return (groups, shapeOut)
    }

    enum Reduction: String {
        case sum, mean, prod, max, min, std
        case variance = "var"
        case any, all, argmax, argmin
    }

    /// `a.sum(axis=..., keepdims=...)` and friends.
    func reduce(_ r: Reduction, axis: Value?, keepdims: Bool, ddof: Int = 0) throws -> Value {
        let axes: [Int]
        if r == .argmax || r == .argmin {
            if let axis, !axis.isNone {
                guard let i = axis.asInt else {
                    throw typeError("'\(axis.typeName)' object cannot be interpreted as an integer")
                }
                axes = [try NDArray.axis(i, ndim: ndim)]
            } else {
                // over the flattened array
                let flat = reshaped([count])
                return try flat.reduce(r, axis: .int(0), keepdims: false)
            }
        } else {
            axes = try reductionAxes(axis)
        }
        if axes.count == ndim && count > 0 && [.sum, .mean, .std, .variance].contains(r) && dtype.isFloat {
            // Whole-array fast path (no grouping): the common `loss.sum()`, `x.mean()`.
            let x = doubles
            let outShape = keepdims ? [Int](repeating: 1, count: ndim) : []
            let t: NPDType = dtype == .float32 ? .float32 : .float64
            let total = NDArray.pairwiseSum(x)
            var v = total
            if r != .sum {
                let n = Double(count), m = total / n
                v = m
                if r != .mean {
                    let ss = NDArray.pairwiseSum(x.map { ($0 - m) * ($0 - m) }) / Swift.max(n - Double(ddof), 0)
                    v = r == .std ? ss.squareRoot() : ss
                }
            }
            return NDArray(doubles: [v], shape: outShape, dtype: r == .sum ? dtype : t, scalar: outShape.isEmpty).value
        }
        if count == 0 {
            // An empty array's other axes can be huge (np.zeros((0, 10**18)).sum(0) has 10**18
            // values): the result's size is checked before its groups are listed.
            try NDArray.checkShape((0..<ndim).filter { !axes.contains($0) }.map { shape[$0] }, r.rawValue)
        }
        let (groups, outShape) = reductionGroups(axes, keepdims: keepdims)
        let scalar = outShape.isEmpty
        let groupSize = axes.map { shape[$0] }.reduce(1, *)
        if groupSize == 0 && [.max, .min, .argmax, .argmin].contains(r) {
            let name = r == .max ? "maximum" : r == .min ? "minimum" : r.rawValue
            throw valueError(
                r == .argmax || r == .argmin
                    ? "attempt to get \(name) of an empty sequence"
                    : "zero-size array to reduction operation \(name) which has no identity")
        }
        switch r {
        case .any, .all:
            let x = bools
            return NDArray(
                bools: groups.map { g in r == .any ? g.contains { x[$0] } : g.allSatisfy { x[$0] } }, shape: outShape,
                scalar: scalar
            ).value
        case .argmax, .argmin:
            let x = doubles
            return NDArray(
                ints: groups.map { g in
                    var best = 0
                    for (j, o) in g.enumerated() {
                        let v = x[o], b = x[g[best]]
                        if v.isNaN && !b.isNaN {
                            best = j
                            break
                        }
                        if r == .argmax ? v > b : v < b { best = j }
                    }
                    return best
                }, shape: outShape, scalar: scalar
            ).value
        case .max, .min:
            if case .i(let x) = store {
                return NDArray(
                    ints: groups.map { g in
                        g.map { x[$0] }.reduce(r == .max ? Int.min : Int.max, r == .max ? Swift.max : Swift.min)
                    }, shape: outShape, scalar: scalar
                ).value
            }
            if case .b(let x) = store {
                return NDArray(
                    bools: groups.map { g in r == .max ? g.contains { x[$0] } : g.allSatisfy { x[$0] } },
                    shape: outShape, scalar: scalar
                ).value
            }
            let x = doubles
            return NDArray(
                doubles: groups.map { g in
                    var m = x[g[0]]
                    for o in g {
                        let v = x[o]
                        if v.isNaN { return .nan }
                        m = r == .max ? Swift.max(m, v) : Swift.min(m, v)
                    }
                    return m
                }, shape: outShape, dtype: dtype, scalar: scalar
            ).value
        case .sum, .prod:
            if !dtype.isFloat {
                let x = ints
                return NDArray(
                    ints: groups.map { g in r == .sum ? g.reduce(0) { $0 &+ x[$1] } : g.reduce(1) { $0 &* x[$1] } },
                    shape: outShape, scalar: scalar
                ).value
            }
            let x = doubles
            return NDArray(
                doubles: groups.map { g in
                    r == .sum ? NDArray.pairwiseSum(g.map { x[$0] }) : g.reduce(1.0) { $0 * x[$1] }
                },
                shape: outShape, dtype: dtype, scalar: scalar
            ).value
        case .mean, .std, .variance:
            let x = doubles
            let t: NPDType = dtype == .float32 ? .float32 : .float64
            return NDArray(
                doubles: groups.map { g in
                    let n = Double(g.count)
                    let m = NDArray.pairwiseSum(g.map { x[$0] }) / n
                    if r == .mean { return m }
                    let ss = NDArray.pairwiseSum(g.map { (x[$0] - m) * (x[$0] - m) })
                    let v = ss / Swift.max(n - Double(ddof), 0)
                    return r == .std ? v.squareRoot() : v
                }, shape: outShape, dtype: t, scalar: scalar
            ).value
        }
    }

    /// numpy's pairwise summation (blocks of 8 unrolled, 128-element leaves), so sums round as numpy's do.
    static func pairwiseSum(_ a: [Double]) -> Double {
        func rec(_ lo: Int, _ n: Int) -> Double {
            if n < 8 {
                var s = 0.0
                for i in lo..<(lo + n) { s += a[i] }
                return s
            } else if n <= 128 {
                var r = [Double](repeating: 0, count: 8)
                for j in 0..<8 { r[j] = a[lo + j] }
                var i = 8
                while i < n - (n % 8) {
                    for j in 0..<8 { r[j] += a[lo + i + j] }
                    i += 8
                }
                var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
                while i < n {
                    res += a[lo + i]
                    i += 1
                }
                return res
            } else {
                var n2 = n / 2
                n2 -= n2 % 8
                return rec(lo, n2) + rec(lo + n2, n - n2)
            }
        }
        return rec(0, a.count)
    }

    // MARK: matmul

    /// `a @ b` / `np.matmul` / `np.dot` for 1-d and 2-d operands (and stacks of matrices with equal batch shape).
    static func matmul(_ a: NDArray, _ b: NDArray, name: String = "matmul") throws -> NDArray {
        guard a.ndim > 0 && b.ndim > 0 else {
            throw valueError(
                "matmul: Input operand \(a.ndim == 0 ? 0 : 1) does not have enough dimensions (has 0, gufunc core with "
                    + "signature (n?,k),(k,m?)->(n?,m?) requires 1)"
            )
        }
        let t = NPDType.promote(a.dtype, b.dtype)
        let A = a.ndim == 1 ? a.reshaped([1, a.shape[0]]) : a
        let B = b.ndim == 1 ? b.reshaped([b.shape[0], 1]) : b
        let m = A.shape[A.ndim - 2], k = A.shape[A.ndim - 1]
        let k2 = B.shape[B.ndim - 2], n = B.shape[B.ndim - 1]
        guard k == k2 else {
            if name == "dot" {
                throw valueError(
                    "shapes \(shapeText(a.shape)) and \(shapeText(b.shape)) not aligned: \(k) (dim \(a.ndim - 1)) != "
                        + "\(k2) (dim \(max(0, b.ndim - 2)))"
                )
            }
            throw valueError(
                "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                    + "(n?,k),(k,m?)->(n?,m?) (size \(k2) is different from \(k))"
            )
        }
        let batchA = Array(A.shape.dropLast(2)), batchB = Array(B.shape.dropLast(2))
        let batch = try broadcastShape(batchA, batchB)
        try checkShape(batch + [m, n], "matmul")
        let nb = product(batch)
        let offA = broadcastOffsets(from: batchA, to: batch), offB = broadcastOffsets(from: batchB, to: batch)
        var outShape = batch + [m, n]
        if a.ndim == 1 { outShape.remove(at: outShape.count - 2) }
        if b.ndim == 1 { outShape.removeLast() }
        let scalar = outShape.isEmpty
        if !t.isFloat {
            let x = A.ints, y = B.ints
            var out = [Int](repeating: 0, count: nb * m * n)
            for bi in 0..<nb {
                let ao = offA[bi] * m * k, bo = offB[bi] * k * n, oo = bi * m * n
                for i in 0..<m {
                    for p in 0..<k {
                        let av = x[ao + i * k + p]
                        if av == 0 { continue }
                        for j in 0..<n { out[oo + i * n + j] = out[oo + i * n + j] &+ av &* y[bo + p * n + j] }
                    }
                }
            }
            if t == .bool { return NDArray(bools: out.map { $0 != 0 }, shape: outShape, scalar: scalar) }
            return NDArray(ints: out, shape: outShape, scalar: scalar)
        }
        let x = A.doubles, y = B.doubles
        var out = [Double](repeating: 0, count: nb * m * n)
        for bi in 0..<nb {
            let ao = offA[bi] * m * k, bo = offB[bi] * k * n, oo = bi * m * n
            for i in 0..<m {
                for p in 0..<k {
                    let av = x[ao + i * k + p]
                    for j in 0..<n { out[oo + i * n + j] += av * y[bo + p * n + j] }
                }
            }
        }
        return NDArray(doubles: out, shape: outShape, dtype: t, scalar: scalar)
    }

    // MARK: joining

    /// `np.concatenate(arrays, axis)`.
    static func concatenate(_ arrays: [NDArray], axis: Int) throws -> NDArray {
        guard let first = arrays.first else { throw valueError("need at least one array to concatenate") }
        guard first.ndim > 0 else { throw valueError("zero-dimensional arrays cannot be concatenated") }
        let ax = try NDArray.axis(axis, ndim: first.ndim)
        var t = first.dtype
        for (i, a) in arrays.enumerated() {
            guard a.ndim == first.ndim else {
                throw valueError(
                    "all the input array dimensions except for the concatenation axis must match exactly, but along "
                        + "dimension 0, the array at index 0 has \(first.ndim) dimension(s) and the array at index "
                        + "\(i) has \(a.ndim) dimension(s)"
                )
            }
            for d in 0..<a.ndim where d != ax && a.shape[d] != first.shape[d] {
                throw valueError(
                    "all the input array dimensions except for the concatenation axis must match exactly, but along "
                        + "dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at index \(i) "
                        + "has size \(a.shape[d])"
                )
            }
            t = NPDType.promote(t, a.dtype)
        }
        let outer = first.shape[..<ax].reduce(1, *)
        var shape = first.shape
        shape[ax] = arrays.map { $0.shape[ax] }.reduce(0, +)
        try checkShape(shape, "concatenate")
        let converted = arrays.map { $0.dtype == t ? $0 : $0.astype(t) }
        var out: [Double] = [], outI: [Int] = [], outB: [Bool] = []
        for o in 0..<outer {
            for a in converted {
                let chunk = a.count / Swift.max(outer, 1)
                let lo = o * chunk
                switch a.store {
                case .f(let x): out += x[lo..<(lo + chunk)]
                case .i(let x): outI += x[lo..<(lo + chunk)]
                case .b(let x): outB += x[lo..<(lo + chunk)]
                }
            }
        }
        switch t {
        case .float32, .float64: return NDArray(doubles: out, shape: shape, dtype: t)
        case .int64: return NDArray(ints: outI, shape: shape)
        case .bool: return NDArray(bools: outB, shape: shape)
        }
    }

    /// `np.stack(arrays, axis)`: a new axis.
    static func stack(_ arrays: [NDArray], axis: Int) throws -> NDArray {
        guard let first = arrays.first else { throw valueError("need at least one array to stack") }
        for a in arrays where a.shape != first.shape { throw valueError("all input arrays must have the same shape") }
        let ax = try NDArray.axis(axis, ndim: first.ndim + 1)
        let expanded = arrays.map { a -> NDArray in
            var s = a.shape
            s.insert(1, at: ax)
            return a.reshaped(s)
        }
        return try concatenate(expanded, axis: ax)
    }
}
