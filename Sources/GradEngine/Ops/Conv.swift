// Conv: 2-D convolution (cross-correlation, as PyTorch) by im2col + GEMM, image by image.
//   x [N, C, H, W], weight [O, C, kH, kW], bias [O] -> y [N, O, OH, OW],
//   OH = (H + 2·pad - kH) / stride + 1 (floor), OW likewise; P = OH·OW, CKK = C·kH·kW.
//   per image n:  cols_n [CKK, P] = im2col(x_n);  y_n [O, P] = b + W [O, CKK] @ cols_n
//   backward:     dW = Σ_n dy_n @ cols_nᵀ (B images per GEMM);  db = Σ_n,p dy_n;  dx_n = col2im(Wᵀ @ dy_n)
//                 (overlapping windows add)
// Per-image GEMMs keep their operands in cache (~80 GFLOP/s single-threaded on this CPU, where one
// GEMM over the whole batch ran at 6-60); images are split into one chunk per thread.
// Direct path: a single input channel with stride 1 and no padding (the slides' conv1) skips im2col
// and runs AVX2 kernels from CEngineSupport for the forward and the weight gradient (measured per
// batch of 100: forward 0.55 ms vs 0.43 GEMM + ~0.3 im2col; dW 0.4 ms vs ~1.0 GEMM + ~0.3 im2col).
// With 10 input channels (conv2) the direct kernels were slower than im2col + GEMM (1.5 vs 0.8 ms).
// `forwardImage` and `ConvBackward` also serve ConvPool.swift, the convolution fused with the max
// pooling after it (ConvBackward then rebuilds each image's dy from the pooled gradient).
// oneDNN's own convolution primitives (Debian's libdnnl 2.6.3) were measured against this path on
// the Intel Xeon (AVX-512) of 1 December 2026, 1 thread, batch 100, alternating in one run
// (scripts/conv-dnnl-compare.c): in the engine's nchw layout oneDNN chose its own im2col + GEMM and
// took 2.3-5.0 ms for conv1's forward and 3.4-9.1 ms for each of conv2's three passes, in its
// blocked layouts (reorders not counted) 1.6-3.8 / 3.2-7.5 / 1.7-5.2 ms for conv2 (conv1 fell to a
// reference kernel), while the engine's whole training step took 6.7-15.3 ms in the same runs. So
// the engine keeps its own path.
// Non-goals: dilation, groups, asymmetric padding, padding modes other than zeros.

import CEngineSupport
import Foundation

extension Functional {
    /// Whether conv2d and max_pool2d may use CEngineSupport's AVX2 kernels where they apply (a CPU
    /// with AVX2 and FMA): direct convolution (no im2col) for one input channel, stride 1, no
    /// padding, output width >= 8; im2col/col2im for stride 1 without padding; 2×2 max pooling with
    /// stride 2. For benchmarks and tests that compare with the plain Swift paths; results agree up
    /// to float rounding (max pooling: exactly).
    nonisolated(unsafe) public static var avx2Kernels = true

    /// Whether the direct convolution kernels run here: `avx2Kernels` and a CPU with AVX2 and FMA.
    public static var directKernelsRun: Bool { avx2Kernels && gs_have_avx2_fma() != 0 }

    /// 2-D convolution over a batch of images (PyTorch's `F.conv2d`, zero padding on all sides).
    ///
    /// `y[n,o,i,j] = b[o] + Σ_{c,u,v} x_pad[n, c, i·stride + u, j·stride + v] · W[o, c, u, v]`
    /// Shapes: x [N, C, H, W], weight [O, C, kH, kW], bias [O] -> [N, O, OH, OW].
    public static func conv2d(
        _ x: Tensor, weight: Tensor, bias: Tensor? = nil,
        stride: Int = 1, padding: Int = 0
    ) throws -> Tensor {
        try Tensor.checkLayerDTypes(x, weight: weight, bias: bias)
        let g = try convGeometry("F.conv2d", x, weight: weight, bias: bias, stride: stride, padding: padding)
        if x.dtype == .float64 { return try conv2d64(x, weight: weight, bias: bias, g: g) }  // Float64Functional.swift
        let (n, c, h, w, o) = (g.n, g.c, g.h, g.w, g.o)

        // Per image: cols_n [CKK, P] = im2col(x_n) into a per-thread scratch that stays in cache,
        // then y_n [O, P] = b + W @ cols_n. Images are split into one chunk per thread.
        // NOTE: cols are not kept for backward (5-6 MB per conv for a batch of 100 would go through
        // DRAM twice); backward recomputes them per image, which measured cheaper.
        let wv = weight.data, xv = x.data
        let direct = g.directApplies
        let colsPer = g.ckk * g.p, outPer = o * g.p, inPer = c * h * w
        let chunks = chunkCount(n)
        let times = Profiler.ChunkTimes(chunks: chunks)
        let out = Profiler.measure(.convOther) {
            Gemm.holdingSignals {
                [Float](unsafeUninitializedCapacity: n * outPer) { buf, done in
                    let bv = bias?.data ?? [Float](repeating: 0, count: o)
                    let hasBiasData = bias != nil
                    wv.withUnsafeBufferPointer { pw in
                        xv.withUnsafeBufferPointer { px in
                            bv.withUnsafeBufferPointer { pb in
                                let dst = UncheckedSendable(value: buf.base), wp = pw.base, xp = px.base, bp = pb.base
                                parallelChunks(n) { chunk, range in
                                    let cols = alignedFloats(colsPer)
                                    defer { cols.deallocate() }
                                    for img in range {
                                        g.forwardImage(
                                            xp + img * inPer, weight: wp, bias: bp, hasBias: hasBiasData,
                                            direct: direct, cols: cols, into: dst.value + img * outPer,
                                            times: times, chunk: chunk)
                                    }
                                }
                            }
                        }
                    }
                    done = n * outPer
                }
            }
        }
        times.charge(from: .convOther)

        let needX = x.requiresGrad, needW = weight.requiresGrad, needB = bias?.requiresGrad ?? false
        let hasBias = bias != nil
        var inputs = [x, weight]
        if let bias { inputs.append(bias) }
        return Tensor.result("conv2d", shape: [n, o, g.oh, g.ow], data: out, inputs: inputs) { gy in
            let grads = ConvBackward(g: g, needX: needX, needW: needW, needB: needB, direct: direct).run(
                gy: gy, x: xv, weight: wv, chunks: chunks)
            return hasBias ? [grads.x, grads.weight, grads.bias] : [grads.x, grads.weight]
        }
    }

    /// Checks a convolution's operands (x [N, C, H, W], weight [O, C, kH, kW], bias [O]) and returns
    /// its sizes; `op` names it in errors.
    static func convGeometry(
        _ op: String, _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int
    ) throws -> ConvGeometry {
        guard x.ndim == 4 else {
            throw EngineError(op, "expected a 4-D input [N, C, H, W], got \(fmt(x.shape))")
        }
        guard weight.ndim == 4 else {
            throw EngineError(op, "expected a 4-D weight [O, C, kH, kW], got \(fmt(weight.shape))")
        }
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, wc, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        guard wc == c else {
            throw EngineError(
                op,
                "weight \(fmt(weight.shape)) expects input with \(wc) channels, but input \(fmt(x.shape)) has \(c) "
                    + "channels"
            )
        }
        if let bias, bias.shape != [o] {
            throw EngineError(op, "bias must have shape [\(o)] for weight \(fmt(weight.shape)), got \(fmt(bias.shape))")
        }
        guard stride >= 1 else { throw EngineError(op, "stride must be positive, got \(stride)") }
        guard padding >= 0 else { throw EngineError(op, "padding must be non-negative, got \(padding)") }
        guard kh >= 1, kw >= 1, h + 2 * padding >= kh, w + 2 * padding >= kw else {
            throw EngineError(
                op, "input \(fmt(x.shape)) with padding \(padding) is smaller than the kernel \(kh)x\(kw)")
        }
        _ = mallocTuned
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1
        // The one size check of a convolution (any kH, kW): the result [N, O, OH, OW] and the columns
        // of one image [C·kH·kW, OH·OW] (the largest scratch) stay within `Tensor.maxElements`.
        try Tensor.checkShape([n, o, oh, ow], op: op)
        try Tensor.checkShape([c * kh * kw, oh * ow], op: op)
        return ConvGeometry(
            n: n, c: c, h: h, w: w, o: o, kh: kh, kw: kw, stride: stride, pad: padding, oh: oh, ow: ow)
    }
}

/// The backward of one conv2d: given dy [N, O, OH, OW] and the forward's x [N, C, H, W] and
/// W [O, C, kH, kW], computes
///   dW [O, CKK] = Σ_n dy_n [O, P] @ cols_nᵀ [P, CKK]     (cols_n = im2col(x_n), recomputed)
///   db [O]      = Σ_n Σ_p dy_n[:, p]
///   dx_n        = col2im(Wᵀ [CKK, O] @ dy_n [O, P])      (overlapping windows add)
/// Images are split into one chunk per thread; each chunk accumulates its own dW and db (summed at
/// the end), and writes the dx of its own images.
struct ConvBackward {
    let g: ConvGeometry
    let needX: Bool, needW: Bool, needB: Bool
    /// Whether the forward used the direct kernels (then dW tries gs_conv_direct_weight_grad first).
    let direct: Bool
    /// Set when the convolution was fused with a max pooling (`conv2dMaxPool2d`): `gy` is then the
    /// gradient of the pooled output, and each image's dense dy [O, P] is rebuilt in per-thread
    /// scratch by routing it to the stored argmax indices.
    var pool: PoolRoute? = nil

    /// Where the pooled gradient goes: arg [N, O, PH·PW] holds each window's argmax in its conv plane.
    /// `reluOutput` (the op's output [N, O, PH·PW]) is set when a ReLU followed the pooling: the
    /// gradient is then first masked to where that output is positive (relu's backward).
    struct PoolRoute {
        let arg: [Int32]
        let pooledPerPlane: Int
        let useC: Bool
        var reluOutput: [Float]? = nil
    }

    var colsPer: Int { g.ckk * g.p }
    var outPer: Int { g.o * g.p }
    var inPer: Int { g.c * g.h * g.w }

    /// Images per dW GEMM: B·CKK·P ≈ 64K floats (256 KB, within a core's 512 KB L2).
    /// NOTE: 256K floats (1 MB, 16 images of conv2) spilled out of L2: im2col/col2im took 1.07 ms
    /// per step at 1 thread vs 0.81 with 64K; the dW GEMM's rate did not drop.
    var group: Int { Swift.max(1, Swift.min(32, (1 << 16) / Swift.max(colsPer, 1))) }

    /// dx [N·C·H·W] (nil unless needX), dW [O·CKK] and db [O] (nil unless needed).
    func run(gy: [Float], x: [Float], weight: [Float], chunks: Int) -> (x: [Float]?, weight: [Float]?, bias: [Float]?) {
        let times = Profiler.ChunkTimes(chunks: chunks)
        // Per chunk: dW partial sums [chunks, O·CKK] and db partial sums [chunks, O].
        var gwParts = [Float](repeating: 0, count: needW ? chunks * g.o * g.ckk : 0)
        var gbParts = [Float](repeating: 0, count: needB ? chunks * g.o : 0)
        var gx = [Float](repeating: 0, count: needX ? g.n * inPer : 0)
        let arg = pool?.arg ?? []
        let reluOut = pool?.reluOutput ?? []
        Profiler.measure(.convOther) {
            Gemm.holdingSignals {
                withBases(gy, x, weight) { gyp, xp, wp in
                    withMutableBases(&gwParts, &gbParts, &gx) { gwp, gbp, gxp in
                        arg.withUnsafeBufferPointer { pa in
                            reluOut.withUnsafeBufferPointer { pr in
                                let out = UncheckedSendable(value: (gw: gwp, gb: gbp, gx: gxp, arg: pa, relu: pr))
                                parallelChunks(g.n) { chunk, range in
                                    runChunk(
                                        range, gy: gyp, arg: out.value.arg, reluOutput: out.value.relu, x: xp,
                                        weight: wp,
                                        gw: out.value.gw + chunk * g.o * g.ckk, gb: out.value.gb + chunk * g.o,
                                        gx: out.value.gx, times: times, chunk: chunk)
                                }
                            }
                        }
                    }
                }
            }
        }
        // sgemm, the direct kernels, im2col/col2im and the pooling's routing ran inside the region's
        // workers: the busiest chunk's share of each goes to its category.
        times.charge(from: .convOther)
        return (
            needX ? gx : nil,
            needW ? sumParts(gwParts, count: g.o * g.ckk, chunks: chunks) : nil,
            needB ? sumParts(gbParts, count: g.o, chunks: chunks) : nil
        )
    }

    /// One worker's images `range`: dW and db into its partial sums gw [O, CKK] and gb [O], dx into
    /// gx (its own images only). Groups of `group` images share one dW GEMM.
    func runChunk(
        _ range: Range<Int>, gy: UnsafePointer<Float>, arg: UnsafeBufferPointer<Int32>,
        reluOutput: UnsafeBufferPointer<Float>, x: UnsafePointer<Float>,
        weight: UnsafePointer<Float>, gw: UnsafeMutablePointer<Float>, gb: UnsafeMutablePointer<Float>,
        gx: UnsafeMutablePointer<Float>, times: Profiler.ChunkTimes, chunk: Int
    ) {
        // Fused pooling: one image's dense dy [O, P], rebuilt from the pooled gradient.
        let dense = pool != nil ? alignedFloats(outPer) : nil
        defer { dense?.deallocate() }
        // Fused ReLU: one image's pooled gradient, masked where the output is not positive.
        let pooledPer = g.o * (pool?.pooledPerPlane ?? 0)
        let masked =
            pool?.reluOutput != nil && !reluOutput.isEmpty ? alignedFloats(pooledPer) : nil
        defer { masked?.deallocate() }
        // Scratch: cols [CKK, B·P] and dy [O, B·P] of a group side by side; dcols [CKK, P] of one image.
        let cols = needW ? alignedFloats(group * colsPer) : nil
        let gyGroup = needW ? alignedFloats(group * outPer) : nil
        let dcols = needX ? alignedFloats(colsPer) : nil
        defer {
            cols?.deallocate()
            gyGroup?.deallocate()
            dcols?.deallocate()
        }
        var start = range.lowerBound
        while start < range.upperBound {
            let end = Swift.min(start + group, range.upperBound)
            var gathered = 0  // images of this group whose columns wait for the dW GEMM
            for img in start..<end {
                let xn = x + img * inPer
                let gyn: UnsafePointer<Float>
                if let pool, let dense, let ab = arg.baseAddress {
                    let t0 = Profiler.stamp()
                    let pp = pool.pooledPerPlane
                    var gyPooled = gy + img * pooledPer
                    if let masked, let ro = reluOutput.baseAddress {
                        reluBackward(ro + img * pooledPer, gyPooled, masked, pooledPer)
                        gyPooled = UnsafePointer(masked)
                    }
                    for oc in 0..<g.o {
                        Functional.maxPoolPlaneBackward(
                            gyPooled + oc * pp, arg: ab + (img * g.o + oc) * pp, h: g.oh, w: g.ow, op: pp,
                            into: dense + oc * g.p, useC: pool.useC)
                    }
                    times.add(chunk, .pooling, since: t0)
                    gyn = UnsafePointer(dense)
                } else {
                    gyn = gy + img * outPer
                }
                if let cols, let gyGroup {
                    let t0 = Profiler.stamp()
                    if weightGradDirect(xn, gyn, into: gw) {
                        times.add(chunk, .convDirect, since: t0)
                    } else {
                        gather(
                            xn, gyn, slot: gathered, of: end - start, cols: cols, gy: gyGroup, times: times,
                            chunk: chunk)
                        gathered += 1
                    }
                }
                if needB { biasGrad(gyn, into: gb) }
                if let dcols {
                    inputGrad(gyn, weight: weight, dcols: dcols, into: gx + img * inPer, times: times, chunk: chunk)
                }
            }
            if let cols, let gyGroup, gathered > 0 {
                let t0 = Profiler.stamp()
                weightGradGEMM(cols: cols, gy: gyGroup, images: gathered, ld: (end - start) * g.p, into: gw)
                times.add(chunk, .gemm, since: t0)
            }
            start = end
        }
    }

    /// dW [O, CKK] += dy_n ⋆ x_n by the direct kernel (no columns), when the forward used it.
    /// False when it does not apply (the C kernel returned 0): the image then goes through columns.
    func weightGradDirect(
        _ xn: UnsafePointer<Float>, _ gyn: UnsafePointer<Float>, into gw: UnsafeMutablePointer<Float>
    ) -> Bool {
        direct
            && gs_conv_direct_weight_grad(
                xn, Int32(g.c), Int32(g.h), Int32(g.w), gyn, Int32(g.o),
                Int32(g.kh), Int32(g.kw), gw) != 0
    }

    /// Puts image n in slot b of the group: cols[:, b·P ..< (b+1)·P] = im2col(x_n) [CKK, P] and
    /// dy[:, b·P ..< (b+1)·P] = dy_n [O, P]; rows are `slots`·P floats apart.
    func gather(
        _ xn: UnsafePointer<Float>, _ gyn: UnsafePointer<Float>, slot b: Int, of slots: Int,
        cols: UnsafeMutablePointer<Float>, gy: UnsafeMutablePointer<Float>, times: Profiler.ChunkTimes, chunk: Int
    ) {
        let ld = slots * g.p
        let t0 = Profiler.stamp()
        g.im2col(xn, cols + b * g.p, ld: ld)
        times.add(chunk, .im2col, since: t0)
        for oc in 0..<g.o { copyFloats(gy + oc * ld + b * g.p, gyn + oc * g.p, g.p) }
    }

    /// dW [O, CKK] += dy [O, B·P] @ colsᵀ [B·P, CKK] for the `images` gathered (row stride `ld`):
    /// one GEMM with K = B·P (per-image K = P is too thin for good GEMM rates).
    func weightGradGEMM(
        cols: UnsafePointer<Float>, gy: UnsafePointer<Float>, images: Int, ld: Int,
        into gw: UnsafeMutablePointer<Float>
    ) {
        Gemm.sgemm(
            transA: false, transB: true, m: g.o, n: g.ckk, k: images * g.p,
            a: gy, lda: ld, b: cols, ldb: ld, beta: 1, c: gw, ldc: g.ckk)
    }

    /// db [O] += Σ_p dy_n [O, P].
    func biasGrad(_ gyn: UnsafePointer<Float>, into gb: UnsafeMutablePointer<Float>) {
        for oc in 0..<g.o { gb[oc] += sumFloats(gyn + oc * g.p, g.p) }
    }

    /// dcols [CKK, P] = Wᵀ [CKK, O] @ dy_n [O, P]; dx_n [C, H, W] = col2im(dcols).
    func inputGrad(
        _ gyn: UnsafePointer<Float>, weight: UnsafePointer<Float>, dcols: UnsafeMutablePointer<Float>,
        into dxn: UnsafeMutablePointer<Float>, times: Profiler.ChunkTimes, chunk: Int
    ) {
        let t0 = Profiler.stamp()
        Gemm.sgemm(
            transA: true, transB: false, m: g.ckk, n: g.p, k: g.o,
            a: weight, lda: g.ckk, b: gyn, ldb: g.p, c: dcols, ldc: g.p)
        let t1 = Profiler.stamp()
        times.add(chunk, .gemm, nanos: t1 &- t0)
        g.col2im(dcols, dxn, ld: g.p)
        times.add(chunk, .im2col, since: t1)
    }

    /// Σ over chunks of parts [chunks, count] -> [count].
    func sumParts(_ parts: [Float], count: Int, chunks: Int) -> [Float] {
        var t = [Float](parts[0..<count])
        for ch in 1..<Swift.max(chunks, 1) { for i in 0..<count { t[i] += parts[ch * count + i] } }
        return t
    }
}

/// Calls `body` with the base addresses of three arrays (one closure instead of three nested).
@inline(__always)
func withBases<R>(
    _ a: [Float], _ b: [Float], _ c: [Float],
    _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>) throws -> R
) rethrows -> R {
    try a.withUnsafeBufferPointer { pa in
        try b.withUnsafeBufferPointer { pb in
            try c.withUnsafeBufferPointer { pc in try body(pa.base, pb.base, pc.base) }
        }
    }
}

/// The same for three mutable arrays.
@inline(__always)
func withMutableBases<R>(
    _ a: inout [Float], _ b: inout [Float], _ c: inout [Float],
    _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) throws -> R
) rethrows -> R {
    try a.withUnsafeMutableBufferPointer { pa in
        try b.withUnsafeMutableBufferPointer { pb in
            try c.withUnsafeMutableBufferPointer { pc in try body(pa.base, pb.base, pc.base) }
        }
    }
}

/// Runs `gs_tune_malloc` once, on the first convolution or pooling: a training step frees and
/// re-allocates several 1-3 MB activation buffers; with glibc's defaults each came from a fresh
/// mmap (or a heap trimmed back by brk) and was page-faulted and zeroed again on every step
/// (measured: ~10% of a 1-thread step in the kernel; `bench step` 1 thread 6.7 -> 5.6 ms).
let mallocTuned: Void = gs_tune_malloc()

/// Sizes of one convolution, and its im2col / col2im kernels.
struct ConvGeometry: Sendable {
    let n, c, h, w, o, kh, kw, stride, pad, oh, ow: Int
    var p: Int { oh * ow }
    var ckk: Int { c * kh * kw }

    /// One image's forward: y [O, P] = b + W [O, CKK] @ im2col(x_n), or the direct kernel when
    /// `direct` and it applies. `cols` is scratch of CKK·P floats; `bias` holds O values (zeros when
    /// `hasBias` is false). While the profiler runs, the direct kernel's, im2col's and sgemm's times
    /// go to `times` (row `chunk`).
    @inline(__always)
    func forwardImage(
        _ xn: UnsafePointer<Float>, weight wp: UnsafePointer<Float>, bias bp: UnsafePointer<Float>, hasBias: Bool,
        direct: Bool, cols: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>,
        times: Profiler.ChunkTimes, chunk: Int
    ) {
        // The C kernel returns 0 when it does not apply (it checks the CPU and sizes again); the
        // image then takes the im2col path below.
        let t0 = Profiler.stamp()
        if direct
            && gs_conv_direct_forward(
                xn, Int32(c), Int32(h), Int32(w), wp, Int32(o), Int32(kh), Int32(kw), hasBias ? bp : nil, y) != 0
        {
            times.add(chunk, .convDirect, since: t0)
            return
        }
        let t1 = Profiler.stamp()
        im2col(xn, cols, ld: p)
        times.add(chunk, .im2col, since: t1)
        for oc in 0..<o { (y + oc * p).update(repeating: bp[oc], count: p) }
        let t2 = Profiler.stamp()
        Gemm.sgemm(
            transA: false, transB: false, m: o, n: p, k: ckk,
            a: wp, lda: ckk, b: cols, ldb: p, beta: 1, c: y, ldc: p)
        times.add(chunk, .gemm, since: t2)
    }

    /// Whether CEngineSupport's AVX2 im2col/col2im may be used (sizes fit its 32-bit ints).
    var cKernels: Bool {
        Functional.avx2Kernels && c <= 1 << 20 && h <= 1 << 20 && w <= 1 << 20 && ckk < 1 << 30
    }

    /// Whether the direct kernels (CEngineSupport's gs_conv_direct_*) handle this convolution
    /// (sizes bounded so the C kernels' 32-bit index arithmetic cannot overflow).
    var directApplies: Bool {
        Functional.avx2Kernels && c == 1 && stride == 1 && pad == 0 && ow >= 8 && ow <= 512
            && h <= 1 << 20 && w <= 1 << 20 && o <= 1 << 20 && ckk < 1 << 30 && gs_have_avx2_fma() != 0
    }

    /// Output columns `lo..<hi` of row (ih fixed) whose input column `ow·s + v - pad` is inside [0, W).
    @inline(__always)
    func validRange(_ v: Int) -> (lo: Int, hi: Int) {
        // iw = j·s + v - pad >= 0  ->  j >= ceil((pad - v) / s)
        let lo = pad - v > 0 ? (pad - v + stride - 1) / stride : 0
        // iw <= W - 1  ->  j <= (W - 1 + pad - v) / s
        let top = w - 1 + pad - v
        let hi = top < 0 ? 0 : Swift.min(ow, top / stride + 1)
        return (Swift.min(lo, hi), hi)
    }

    /// One image: cols[(c·kH + u)·kW + v, i·OW + j] = x_pad[c, i·s + u, j·s + v]  (cols [CKK, P]).
    /// `ld` is the distance between rows of cols (P for one image; B·P when B images sit side by side).
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, ld: Int) {
        if stride == 1 && pad == 0 {
            // Fast path (the slides' net): every window is inside the image, rows copy whole
            // (AVX2 moves in CEngineSupport when available).
            if cKernels && gs_im2col_s1(x, Int32(c), Int32(h), Int32(w), Int32(kh), Int32(kw), cols, ld) != 0 { return }
            for ch in 0..<c {
                let plane = x + ch * h * w
                for u in 0..<kh {
                    for v in 0..<kw {
                        let row = cols + ((ch * kh + u) * kw + v) * ld
                        let src = plane + u * w + v
                        for i in 0..<oh { copyFloats(row + i * ow, src + i * w, ow) }
                    }
                }
            }
            return
        }
        for ch in 0..<c {
            let plane = x + ch * h * w
            for u in 0..<kh {
                for v in 0..<kw {
                    let row = cols + ((ch * kh + u) * kw + v) * ld
                    let (lo, hi) = validRange(v)
                    for i in 0..<oh {
                        let dst = row + i * ow
                        let ih = i * stride + u - pad
                        if ih < 0 || ih >= h {
                            for j in 0..<ow { dst[j] = 0 }
                            continue
                        }
                        for j in 0..<lo { dst[j] = 0 }
                        let src = plane + ih * w + v - pad
                        if stride == 1 {
                            copyFloats(dst + lo, src + lo, hi - lo)
                        } else {
                            for j in lo..<hi { dst[j] = src[j * stride] }
                        }
                        for j in hi..<ow { dst[j] = 0 }
                    }
                }
            }
        }
    }

    /// One image, the adjoint of im2col: dx[c, i·s + u - pad, j·s + v - pad] += dcols[(c, u, v), i·OW + j].
    func col2im(_ cols: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>, ld: Int) {
        if stride == 1 && pad == 0 {
            if cKernels && gs_col2im_s1(cols, ld, Int32(c), Int32(h), Int32(w), Int32(kh), Int32(kw), x) != 0 { return }
            for ch in 0..<c {
                let plane = x + ch * h * w
                for u in 0..<kh {
                    for v in 0..<kw {
                        let row = cols + ((ch * kh + u) * kw + v) * ld
                        let dst = plane + u * w + v
                        for i in 0..<oh { addFloats(dst + i * w, row + i * ow, ow) }
                    }
                }
            }
            return
        }
        for ch in 0..<c {
            let plane = x + ch * h * w
            for u in 0..<kh {
                for v in 0..<kw {
                    let row = cols + ((ch * kh + u) * kw + v) * ld
                    let (lo, hi) = validRange(v)
                    for i in 0..<oh {
                        let ih = i * stride + u - pad
                        if ih < 0 || ih >= h { continue }
                        let src = row + i * ow
                        let dst = plane + ih * w + v - pad
                        if stride == 1 {
                            addFloats(dst + lo, src + lo, hi - lo)
                        } else {
                            for j in lo..<hi { dst[j * stride] += src[j] }
                        }
                    }
                }
            }
        }
    }
}

/// Scratch for `count` floats (at least one) starting on a 64-byte cache line, released with
/// `deallocate()`: rows of im2col columns then start on a line, so the kernels' 32-byte moves do not
/// straddle two lines (measured: im2col of the slides' conv2 0.146 ms per batch from a 16-byte aligned
/// buffer, 0.106 from a 64-byte aligned one).
@inline(__always)
func alignedFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
    let n = Swift.max(count, 1)
    return UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<Float>.stride, alignment: 64)
        .bindMemory(to: Float.self, capacity: n)
}

/// dst[0..<n] = src[0..<n], eight lanes at a time (the rows here are short: 8-28 floats).
@inline(__always)
func copyFloats(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int) {
    var j = 0
    let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
    while j + 8 <= n {
        d.storeBytes(
            of: s.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self), toByteOffset: j * 4,
            as: SIMD8<Float>.self)
        j += 8
    }
    while j < n {
        dst[j] = src[j]
        j += 1
    }
}

/// dst[0..<n] += src[0..<n], eight lanes at a time.
@inline(__always)
func addFloats(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int) {
    var j = 0
    let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
    while j + 8 <= n {
        let sum =
            d.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            + s.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
        d.storeBytes(of: sum, toByteOffset: j * 4, as: SIMD8<Float>.self)
        j += 8
    }
    while j < n {
        dst[j] += src[j]
        j += 1
    }
}

/// Σ p[0..<n], sixteen lanes at a time (a plain loop would not vectorise: float addition order).
@inline(__always)
func sumFloats(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD16<Float>()
    var j = 0
    let r = UnsafeRawPointer(p)
    while j + 16 <= n {
        acc += r.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self)
        j += 16
    }
    var s = acc.sum()
    while j < n {
        s += p[j]
        j += 1
    }
    return s
}
