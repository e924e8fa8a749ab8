// Matmul: matrix products through `Gemm.sgemm` — `Tensor.matmul` (vector, 2-D, batched with
// broadcast batch dims) and `Functional.linear` (x @ Wᵀ + b, PyTorch's weight layout).
//   A [.., M, K] @ B [.., K, P] -> [.., M, P];  dA = dY @ Bᵀ,  dB = Aᵀ @ dY (summed over broadcast batches).
// Non-goals: strided/transposed inputs without a copy.

extension Tensor {
    /// Matrix product with PyTorch's rules: 1-D @ 1-D is a dot product; a 1-D left operand is a
    /// row [1, K] and a 1-D right operand a column [K, 1] (the added dim is removed afterwards);
    /// leading (batch) dims broadcast.
    public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.ndim >= 1, b.ndim >= 1 else {
            throw EngineError(
                "matmul", "both arguments to matmul need to be at least 1D, but they are \(a.ndim)D and \(b.ndim)D")
        }
        try checkMatmulDTypes(a, b)
        var aS = a.shape, bS = b.shape
        let aVec = aS.count == 1, bVec = bS.count == 1
        if aVec { aS = [1] + aS }
        if bVec { bS = bS + [1] }
        let m = aS[aS.count - 2], k = aS[aS.count - 1], k2 = bS[bS.count - 2], n = bS[bS.count - 1]
        guard k == k2 else {
            throw EngineError(
                "matmul", "shapes \(fmt(a.shape)) and \(fmt(b.shape)) cannot be multiplied (\(k) != \(k2))")
        }
        let aBatch = Array(aS.dropLast(2)), bBatch = Array(bS.dropLast(2))
        guard let batch = Broadcast.shape(aBatch, bBatch) else {
            throw EngineError(
                "matmul", "batch dimensions of shapes \(fmt(a.shape)) and \(fmt(b.shape)) cannot be broadcast together")
        }
        try checkShape(batch + [m, n], op: "matmul")
        let nb = batch.product
        let mapA = Broadcast.indexMap(aBatch, to: batch), mapB = Broadcast.indexMap(bBatch, to: batch)
        if a.dtype == .float64 && b.dtype == .float64 {
            var shape64 = batch
            if !aVec { shape64.append(m) }
            if !bVec { shape64.append(n) }
            return try matmul64(a, b, m: m, k: k, n: n, nb: nb, mapA: mapA, mapB: mapB, outShape: shape64)
        }
        var out = [Float](repeating: 0, count: nb * m * n)
        let av = a.data, bv = b.data
        Profiler.measure(.gemm) {
            av.withUnsafeBufferPointer { pa in
                bv.withUnsafeBufferPointer { pb in
                    out.withUnsafeMutableBufferPointer { po in
                        for i in 0..<nb {
                            if i % 64 == 63 && EngineInterrupt.isRequested() { break }
                            Gemm.sgemmParallel(
                                transA: false, transB: false, m: m, n: n, k: k,
                                a: pa.base + mapA[i] * m * k, lda: k,
                                b: pb.base + mapB[i] * k * n, ldb: n,
                                c: po.base + i * m * n, ldc: n, interruptible: true)
                        }
                    }
                }
            }
        }
        try EngineInterrupt.check("matmul")
        var outShape = batch
        if !aVec { outShape.append(m) }
        if !bVec { outShape.append(n) }
        let needA = a.requiresGrad, needB = b.requiresGrad
        let dt: DType =
            (a.dtype.isFloatingPoint || b.dtype.isFloatingPoint)
            ? DType.floatResult([a, b]) : (a.dtype == b.dtype ? a.dtype : .int64)
        // PyTorch's grad_fn depends on the operands' ranks.
        let name =
            aVec && bVec
            ? "DotBackward0"
            : (a.ndim == 2 && bVec
                ? "MvBackward0"
                : (aVec && b.ndim == 2
                    ? "SqueezeBackward4"
                    : (a.ndim == 2 && b.ndim == 2 ? "MmBackward0" : "UnsafeViewBackward0")))
        return result("matmul", shape: outShape, data: out, dtype: dt, inputs: [a, b], name: name) { g in
            Profiler.measure(.gemm) {
                var ga: [Float]? = nil, gb: [Float]? = nil
                g.withUnsafeBufferPointer { pg in
                    if needA {
                        var t = [Float](repeating: 0, count: av.count)
                        t.withUnsafeMutableBufferPointer { pt in
                            bv.withUnsafeBufferPointer { pb in
                                for i in 0..<nb {  // dA[M,K] += dY[M,P] @ B[K,P]ᵀ
                                    Gemm.sgemmParallel(
                                        transA: false, transB: true, m: m, n: k, k: n,
                                        a: pg.base + i * m * n, lda: n,
                                        b: pb.base + mapB[i] * k * n, ldb: n,
                                        beta: 1, c: pt.base + mapA[i] * m * k, ldc: k)
                                }
                            }
                        }
                        ga = t
                    }
                    if needB {
                        var t = [Float](repeating: 0, count: bv.count)
                        t.withUnsafeMutableBufferPointer { pt in
                            av.withUnsafeBufferPointer { pa in
                                for i in 0..<nb {  // dB[K,P] += A[M,K]ᵀ @ dY[M,P]
                                    Gemm.sgemmParallel(
                                        transA: true, transB: false, m: k, n: n, k: m,
                                        a: pa.base + mapA[i] * m * k, lda: k,
                                        b: pg.base + i * m * n, ldb: n,
                                        beta: 1, c: pt.base + mapB[i] * k * n, ldc: n)
                                }
                            }
                        }
                        gb = t
                    }
                }
                return [ga, gb]
            }
        }
    }
}

extension Tensor {
    /// Dot product of two 1-D tensors of the same length (`torch.dot`).
    public static func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.ndim == 1, b.ndim == 1 else {
            throw EngineError("", "1D tensors expected, but got \(a.ndim)D and \(b.ndim)D tensors")
        }
        guard a.count == b.count else {
            throw EngineError(
                "",
                "inconsistent tensor size, expected tensor [\(a.count)] and src [\(b.count)] to have the same number "
                    + "of elements, but got \(a.count) and \(b.count) elements respectively"
            )
        }
        return try matmul(a, b)
    }

    /// Product of two matrices, [M, K] @ [K, P] (`torch.mm`).
    public static func mm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.ndim == 2 else { throw EngineError("", "mm: self must be a matrix, got \(a.ndim)-D tensor") }
        guard b.ndim == 2 else { throw EngineError("", "mm: mat2 must be a matrix, got \(b.ndim)-D tensor") }
        guard a.shape[1] == b.shape[0] else {
            throw EngineError(
                "",
                "mm: mat1 and mat2 shapes cannot be multiplied (\(a.shape[0])x\(a.shape[1]) and "
                    + "\(b.shape[0])x\(b.shape[1]))"
            )
        }
        return try matmul(a, b)
    }

    /// Matrix [M, K] times vector [K] (`torch.mv`).
    public static func mv(_ a: Tensor, _ v: Tensor) throws -> Tensor {
        guard a.ndim == 2, v.ndim == 1 else {
            throw EngineError("", "vector + matrix @ vector expected, got \(a.ndim), \(a.ndim), \(v.ndim)")
        }
        guard a.shape[1] == v.count else {
            throw EngineError(
                "", "size mismatch, got input (\(a.shape[0])), mat (\(a.shape[0])x\(a.shape[1])), vec (\(v.count))")
        }
        return try matmul(a, v)
    }

    /// Batched product of [B, M, K] and [B, K, P] (`torch.bmm`; no broadcasting).
    public static func bmm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.ndim == 3 else { throw EngineError("", "batch1 must be a 3D tensor") }
        guard b.ndim == 3 else { throw EngineError("", "batch2 must be a 3D tensor") }
        guard a.shape[0] == b.shape[0], a.shape[2] == b.shape[1] else {
            throw EngineError(
                "",
                "Expected size for first two dimensions of batch2 tensor to be: [\(a.shape[0]), \(a.shape[2])] but "
                    + "got: [\(b.shape[0]), \(b.shape[1])]."
            )
        }
        let r = try matmul(a, b)
        r.gradFn?.torchName = "BmmBackward0"
        return r
    }

    /// Outer product of two 1-D tensors: [M] ⊗ [P] -> [M, P] (`torch.outer`).
    public static func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.ndim == 1 else { throw EngineError("", "outer: Expected 1-D argument self, but got \(a.ndim)-D") }
        guard b.ndim == 1 else { throw EngineError("", "outer: Expected 1-D argument vec2, but got \(b.ndim)-D") }
        return try mul(try a.unsqueeze(1), try b.unsqueeze(0))
    }
}

extension Functional {
    /// Affine map y = x @ Wᵀ + b (PyTorch's `F.linear`).
    ///
    /// Shapes: x [.., in], weight [out, in], bias [out] -> y [.., out].
    /// Backward: dx = dy @ W, dW = dyᵀ @ x, db = Σ_rows dy.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor? = nil) throws -> Tensor {
        if x.dtype != weight.dtype, x.dtype.isFloatingPoint || weight.dtype.isFloatingPoint {
            // PyTorch: addmm's words with a bias, mm's without.
            throw EngineError(
                "",
                bias == nil
                    ? "expected m1 and m2 to have the same dtype, but got: \(x.dtype.cppName) != "
                        + "\(weight.dtype.cppName)"
                    : "mat1 and mat2 must have the same dtype, but got \(x.dtype.scalarName) and "
                        + "\(weight.dtype.scalarName)")
        }
        if x.dtype == .float64, bias == nil || bias?.dtype == .float64 {
            return try linear64(x, weight: weight, bias: bias)  // Float64Functional.swift
        }
        guard weight.ndim == 2 else {
            throw EngineError("F.linear", "weight must be 2-D [out_features, in_features], got \(fmt(weight.shape))")
        }
        let outF = weight.shape[0], inF = weight.shape[1]
        guard x.ndim >= 1, x.shape[x.ndim - 1] == inF else {
            throw EngineError(
                "F.linear",
                "input \(fmt(x.shape)) and weight \(fmt(weight.shape)) cannot be multiplied (\(x.shape.last ?? 1) != "
                    + "\(inF))"
            )
        }
        if let bias, bias.shape != [outF] {
            throw EngineError(
                "F.linear", "bias must have shape [\(outF)] for weight \(fmt(weight.shape)), got \(fmt(bias.shape))")
        }
        try Tensor.checkShape(Array(x.shape.dropLast()) + [outF], op: "F.linear")
        let rows = inF == 0 ? x.shape.dropLast().product : x.count / inF
        var out = [Float](repeating: 0, count: rows * outF)
        let xv = x.data, wv = weight.data, bv = bias?.data
        Profiler.measure(.gemm) {
            out.withUnsafeMutableBufferPointer { po in
                if let bv {
                    for r in 0..<rows { for o in 0..<outF { po[r * outF + o] = bv[o] } }
                }
                xv.withUnsafeBufferPointer { px in
                    wv.withUnsafeBufferPointer { pw in
                        Gemm.sgemmParallel(
                            transA: false, transB: true, m: rows, n: outF, k: inF,
                            a: px.base, lda: inF, b: pw.base, ldb: inF,
                            beta: bv == nil ? 0 : 1, c: po.base, ldc: outF, interruptible: true)
                    }
                }
            }
        }
        try EngineInterrupt.check("F.linear")
        let outShape = Array(x.shape.dropLast()) + [outF]
        let needX = x.requiresGrad, needW = weight.requiresGrad, needB = bias?.requiresGrad ?? false
        let hasBias = bias != nil
        var inputs = [x, weight]
        if let bias { inputs.append(bias) }
        let name = x.ndim > 2 ? "UnsafeViewBackward0" : (hasBias ? "AddmmBackward0" : "MmBackward0")
        return Tensor.result("linear", shape: outShape, data: out, inputs: inputs, name: name) { g in
            Profiler.measure(.gemm) {
                var gx: [Float]? = nil, gw: [Float]? = nil, gb: [Float]? = nil
                g.withUnsafeBufferPointer { pg in
                    if needX {  // dx[rows,in] = dy[rows,out] @ W[out,in]
                        var t = [Float](repeating: 0, count: rows * inF)
                        t.withUnsafeMutableBufferPointer { pt in
                            wv.withUnsafeBufferPointer { pw in
                                Gemm.sgemmParallel(
                                    transA: false, transB: false, m: rows, n: inF, k: outF,
                                    a: pg.base, lda: outF, b: pw.base, ldb: inF,
                                    c: pt.base, ldc: inF)
                            }
                        }
                        gx = t
                    }
                    if needW {  // dW[out,in] = dyᵀ @ x
                        var t = [Float](repeating: 0, count: outF * inF)
                        t.withUnsafeMutableBufferPointer { pt in
                            xv.withUnsafeBufferPointer { px in
                                Gemm.sgemmParallel(
                                    transA: true, transB: false, m: outF, n: inF, k: rows,
                                    a: pg.base, lda: outF, b: px.base, ldb: inF,
                                    c: pt.base, ldc: inF)
                            }
                        }
                        gw = t
                    }
                    if needB {
                        var t = [Float](repeating: 0, count: outF)
                        for r in 0..<rows { for o in 0..<outF { t[o] += pg[r * outF + o] } }
                        gb = t
                    }
                }
                return hasBias ? [gx, gw, gb] : [gx, gw]
            }
        }
    }
}

/// A never-nil base address for kernels (empty buffers have none; kernels do not read them).
nonisolated(unsafe) let emptyFloatStorage = UnsafeMutablePointer<Float>.allocate(capacity: 1)

extension UnsafeBufferPointer where Element == Float {
    @inline(__always) var base: UnsafePointer<Float> { baseAddress ?? UnsafePointer(emptyFloatStorage) }
}
extension UnsafeMutableBufferPointer where Element == Float {
    @inline(__always) var base: UnsafeMutablePointer<Float> { baseAddress ?? emptyFloatStorage }
}
