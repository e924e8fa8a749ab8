// Arithmetic: elementwise + - * / with broadcasting, forward and backward side by side.
//   out = a ∘ b, shapes broadcast (see Broadcast.swift); grads are summed back to each input's shape.

extension Tensor {
    /// Applies a broadcasting binary op. `f` computes values; `da`/`db` give the local derivatives
    /// ∂out/∂a and ∂out/∂b at (a, b), multiplied into the upstream gradient in backward.
    /// `dtype`: the result's dtype; nil: PyTorch's promotion of a and b (`DType.promote`; two bool
    /// tensors give int64). The values are computed in float32 and rounded to a float16/bfloat16
    /// result where it is made; an int8/int16/uint8 result is computed exactly in Double and wraps.
    static func binary(
        _ op: String, _ a: Tensor, _ b: Tensor, dtype: DType? = nil, saves: Saves = .inputs,
        _ f: (Float, Float) -> Float,
        da: @escaping (Float, Float) -> Float,
        db: @escaping (Float, Float) -> Float
    ) throws -> Tensor {
        guard let outShape = Broadcast.shape(a.shape, b.shape) else {
            throw EngineError("", Broadcast.mismatchMessage(a.shape, b.shape))
        }
        try checkShape(outShape, op: op)
        let promoted = DType.promote(a, b)
        let dtype = dtype ?? (promoted == .bool ? .int64 : promoted)
        // A float64 result is computed in Double (Float64.swift).
        if dtype == .float64, let r = try binary64(op, a, b, outShape: outShape) { return r }
        // Narrow integers: int16 products pass 2²⁴, so compute exactly before wrapping.
        if dtype.isInteger && dtype.isNarrow, let d = binaryDoubles(op, a, b, outShape: outShape) {
            return Tensor(unchecked: outShape, d.map { DType.wrapExact($0, dtype) }, dtype: dtype)
        }
        let n = outShape.product
        var out = [Float](repeating: 0, count: n)
        let av = a.data, bv = b.data
        let sameA = a.shape == outShape, sameB = b.shape == outShape
        // Peak memory of the forward: inputs plus the result (no per-element index maps).
        av.withUnsafeBufferPointer { pa in
            bv.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    if sameA && sameB {
                        for i in 0..<n { po[i] = f(pa[i], pb[i]) }
                    } else if sameA && b.count == 1 {
                        let s = pb[0]
                        for i in 0..<n { po[i] = f(pa[i], s) }
                    } else if sameB && a.count == 1 {
                        let s = pa[0]
                        for i in 0..<n { po[i] = f(s, pb[i]) }
                    } else {
                        Broadcast.rows(a.shape, b.shape, to: outShape) { o, offA, offB, len, stepA, stepB in
                            for j in 0..<len { po[o + j] = f(pa[offA + j * stepA], pb[offB + j * stepB]) }
                        }
                    }
                }
            }
        }
        // Ops without a float64 form: float64 results are relabelled float32 by `result`.
        let aShape = a.shape, bShape = b.shape
        let needA = a.requiresGrad, needB = b.requiresGrad
        return result(op, shape: outShape, data: out, dtype: dtype, inputs: [a, b], saves: saves) { g in
            let mapA = sameA ? [] : Broadcast.indexMap(aShape, to: outShape)
            let mapB = sameB ? [] : Broadcast.indexMap(bShape, to: outShape)
            var ga: [Float]? = nil, gb: [Float]? = nil
            if needA {
                var t = [Float](repeating: 0, count: n)
                for i in 0..<n { t[i] = g[i] * da(av[sameA ? i : mapA[i]], bv[sameB ? i : mapB[i]]) }
                ga = Broadcast.reduce(t, from: outShape, to: aShape)
            }
            if needB {
                var t = [Float](repeating: 0, count: n)
                for i in 0..<n { t[i] = g[i] * db(av[sameA ? i : mapA[i]], bv[sameB ? i : mapB[i]]) }
                gb = Broadcast.reduce(t, from: outShape, to: bShape)
            }
            return [ga, gb]
        }
    }

    /// a + b, broadcasting. ∂/∂a = 1, ∂/∂b = 1.
    public static func add(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try binary("add", a, b, saves: .none, +, da: { _, _ in 1 }, db: { _, _ in 1 })
    }
    /// a - b, broadcasting. ∂/∂a = 1, ∂/∂b = -1.
    public static func sub(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let r = try binary("sub", a, b, saves: .none, -, da: { _, _ in 1 }, db: { _, _ in -1 })
        if a.isWrappedNumber && !b.isWrappedNumber { r.gradFn?.torchName = "RsubBackward1" }
        return r
    }
    /// a * b, broadcasting. ∂/∂a = b, ∂/∂b = a.
    public static func mul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try binary("mul", a, b, *, da: { _, y in y }, db: { x, _ in x })
    }
    /// a / b, broadcasting. ∂/∂a = 1/b, ∂/∂b = -a/b².
    public static func div(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        // PyTorch computes number / tensor as reciprocal(tensor) * number (the same bits, and the
        // graph MulBackward0 -> ReciprocalBackward0).
        if a.isWrappedNumber && !b.isWrappedNumber && b.dtype != .float64 { return try mul(b.reciprocal(), a) }
        // True division: integers (and bools) give float32.
        let promoted = DType.promote(a, b)
        return try binary(
            "div", a, b, dtype: promoted.isFloatingPoint ? promoted : .float32, /, da: { _, y in 1 / y },
            db: { x, y in -x / (y * y) })
    }
}
