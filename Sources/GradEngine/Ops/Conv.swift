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

    /// 2-D convolution over a batch of images (PyTorch's `F.conv2d`, zero padding on all sides).
    ///
    /// `y[n,o,i,j] = b[o] + Σ_{c,u,v} x_pad[n, c, i·stride + u, j·stride + v] · W[o, c, u, v]`
    /// Shapes: x [N, C, H, W], weight [O, C, kH, kW], bias [O] -> [N, O, OH, OW].
    public static func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0) throws -> Tensor {
        let op = "F.conv2d"
        guard x.ndim == 4 else {
            throw EngineError(op, "expected a 4-D input [N, C, H, W], got \(fmt(x.shape))")
        }
        guard weight.ndim == 4 else {
            throw EngineError(op, "expected a 4-D weight [O, C, kH, kW], got \(fmt(weight.shape))")
        }
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, wc, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        guard wc == c else {
            throw EngineError(op, "weight \(fmt(weight.shape)) expects input with \(wc) channels, but input \(fmt(x.shape)) has \(c) channels")
        }
        if let bias, bias.shape != [o] {
            throw EngineError(op, "bias must have shape [\(o)] for weight \(fmt(weight.shape)), got \(fmt(bias.shape))")
        }
        guard stride >= 1 else { throw EngineError(op, "stride must be positive, got \(stride)") }
        guard padding >= 0 else { throw EngineError(op, "padding must be non-negative, got \(padding)") }
        guard kh >= 1, kw >= 1, h + 2 * padding >= kh, w + 2 * padding >= kw else {
            throw EngineError(op, "input \(fmt(x.shape)) with padding \(padding) is smaller than the kernel \(kh)x\(kw)")
        }
        _ = mallocTuned
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1
        let g = ConvGeometry(n: n, c: c, h: h, w: w, o: o, kh: kh, kw: kw, stride: stride, pad: padding, oh: oh, ow: ow)

        // Per image: cols_n [CKK, P] = im2col(x_n) into a per-thread scratch that stays in cache,
        // then y_n [O, P] = b + W @ cols_n. Images are split into one chunk per thread.
        // NOTE: cols are not kept for backward (5-6 MB per conv for a batch of 100 would go through
        // DRAM twice); backward recomputes them per image, which measured cheaper.
        let wv = weight.data, xv = x.data
        let direct = g.directApplies
        let colsPer = g.ckk * g.p, outPer = o * g.p, inPer = c * h * w
        let chunks = chunkCount(n)
        let im2colNanos = UnsafeMutablePointer<UInt64>.allocate(capacity: chunks)
        im2colNanos.initialize(repeating: 0, count: chunks)
        defer { im2colNanos.deallocate() }
        let out = Profiler.measure(.gemm) {
            [Float](unsafeUninitializedCapacity: n * outPer) { buf, done in
                let bv = bias?.data ?? [Float](repeating: 0, count: o)
                let hasBiasData = bias != nil
                wv.withUnsafeBufferPointer { pw in
                    xv.withUnsafeBufferPointer { px in
                        bv.withUnsafeBufferPointer { pb in
                            let dst = UncheckedSendable(value: buf.base), wp = pw.base, xp = px.base, bp = pb.base
                            let timeb = UncheckedSendable(value: im2colNanos)
                            parallelChunks(n) { chunk, range in
                                let cols = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(colsPer, 1))
                                defer { cols.deallocate() }
                                for img in range {
                                    if direct {
                                        _ = gs_conv_direct_forward(xp + img * inPer, Int32(c), Int32(h), Int32(w), wp, Int32(o),
                                                                   Int32(kh), Int32(kw), hasBiasData ? bp : nil, dst.value + img * outPer)
                                        continue
                                    }
                                    let t0 = Profiler.stamp()
                                    g.im2col(xp + img * inPer, cols, ld: g.p)
                                    if t0 != 0 { timeb.value[chunk] += Profiler.stamp() - t0 }
                                    let y = dst.value + img * outPer
                                    for oc in 0..<o { (y + oc * g.p).update(repeating: bp[oc], count: g.p) }
                                    Gemm.sgemm(transA: false, transB: false, m: o, n: g.p, k: g.ckk,
                                               a: wp, lda: g.ckk, b: cols, ldb: g.p, beta: 1, c: y, ldc: g.p)
                                }
                            }
                        }
                    }
                }
                done = n * outPer
            }
        }
        Profiler.reassign((0..<chunks).map { im2colNanos[$0] }.max() ?? 0, from: .gemm, to: .im2col)

        let needX = x.requiresGrad, needW = weight.requiresGrad, needB = bias?.requiresGrad ?? false
        let hasBias = bias != nil
        var inputs = [x, weight]
        if let bias { inputs.append(bias) }
        return Tensor.result("conv2d", shape: [n, o, oh, ow], data: out, inputs: inputs) { gy in
            // Per group of B images (B·CKK·P ≈ 64K floats = 256 KB, within a core's 512 KB L2):
            // cols = im2col of the group (recomputed), dW += dy_group @ colsᵀ (per-chunk partial
            // sums); per image: db += Σ_p dy_n; dcols = Wᵀ @ dy_n; dx_n = col2im(dcols).
            // NOTE: 256K floats (1 MB, 16 images of conv2) spilled out of L2: im2col/col2im took
            // 1.07 ms per step at 1 thread vs 0.81 with 64K; the dW GEMM's rate did not drop.
            let group = Swift.max(1, Swift.min(32, (1 << 16) / Swift.max(colsPer, 1)))
            let col2imNanos = UnsafeMutablePointer<UInt64>.allocate(capacity: chunks)
            col2imNanos.initialize(repeating: 0, count: chunks)
            defer { col2imNanos.deallocate() }
            var gwParts = [Float](repeating: 0, count: needW ? chunks * o * g.ckk : 0)
            var gbParts = [Float](repeating: 0, count: needB ? chunks * o : 0)
            var gx = [Float](repeating: 0, count: needX ? n * inPer : 0)
            Profiler.measure(.gemm) {
                gy.withUnsafeBufferPointer { pg in
                    xv.withUnsafeBufferPointer { pxv in
                        wv.withUnsafeBufferPointer { pw in
                            gwParts.withUnsafeMutableBufferPointer { pgw in
                                gbParts.withUnsafeMutableBufferPointer { pgb in
                                    gx.withUnsafeMutableBufferPointer { pgx in
                                        let gyp = pg.base, xp = pxv.base, wp = pw.base
                                        let gwb = UncheckedSendable(value: pgw.base), gbb = UncheckedSendable(value: pgb.base)
                                        let gxb = UncheckedSendable(value: pgx.base)
                                        let timeb = UncheckedSendable(value: col2imNanos)
                                        parallelChunks(n) { chunk, range in
                                            let gw = gwb.value + chunk * o * g.ckk, gb = gbb.value + chunk * o
                                            // dW: B images side by side, cols [CKK, B·P] and dy [O, B·P], one GEMM
                                            // with K = B·P (per-image K = P is too thin for good GEMM rates).
                                            let cols = needW && !direct ? UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(group * colsPer, 1)) : nil
                                            let gyg = needW && !direct ? UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(group * outPer, 1)) : nil
                                            let dcols = needX ? UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(colsPer, 1)) : nil
                                            defer { cols?.deallocate(); gyg?.deallocate(); dcols?.deallocate() }
                                            var start = range.lowerBound
                                            while start < range.upperBound {
                                                let end = Swift.min(start + group, range.upperBound), bn = end - start
                                                let ld = bn * g.p
                                                for img in start..<end {
                                                    let gyn = gyp + img * outPer, b = img - start
                                                    if needW && direct {
                                                        // dW += dy_n ⋆ x_n directly (no columns).
                                                        _ = gs_conv_direct_weight_grad(xp + img * inPer, Int32(c), Int32(h), Int32(w), gyn,
                                                                                       Int32(o), Int32(kh), Int32(kw), gw)
                                                    }
                                                    if let cols, let gyg {
                                                        let t0 = Profiler.stamp()
                                                        g.im2col(xp + img * inPer, cols + b * g.p, ld: ld)
                                                        if t0 != 0 { timeb.value[chunk] += Profiler.stamp() - t0 }
                                                        for oc in 0..<o { copyFloats(gyg + oc * ld + b * g.p, gyn + oc * g.p, g.p) }
                                                    }
                                                    if needB {
                                                        for oc in 0..<o { gb[oc] += sumFloats(gyn + oc * g.p, g.p) }
                                                    }
                                                    if let dcols {
                                                        Gemm.sgemm(transA: true, transB: false, m: g.ckk, n: g.p, k: o,
                                                                   a: wp, lda: g.ckk, b: gyn, ldb: g.p,
                                                                   c: dcols, ldc: g.p)
                                                        let t0 = Profiler.stamp()
                                                        g.col2im(dcols, gxb.value + img * inPer, ld: g.p)
                                                        if t0 != 0 { timeb.value[chunk] += Profiler.stamp() - t0 }
                                                    }
                                                }
                                                if let cols, let gyg {
                                                    Gemm.sgemm(transA: false, transB: true, m: o, n: g.ckk, k: ld,
                                                               a: gyg, lda: ld, b: cols, ldb: ld,
                                                               beta: 1, c: gw, ldc: g.ckk)
                                                }
                                                start = end
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // im2col/col2im ran inside the GEMM region's workers: charge the slowest chunk's share to it.
            Profiler.reassign((0..<chunks).map { col2imNanos[$0] }.max() ?? 0, from: .gemm, to: .im2col)
            var gw: [Float]? = nil, gb: [Float]? = nil
            if needW {
                var t = [Float](gwParts[0..<(o * g.ckk)])
                for ch in 1..<Swift.max(chunks, 1) { for i in 0..<t.count { t[i] += gwParts[ch * o * g.ckk + i] } }
                gw = t
            }
            if needB {
                var t = [Float](gbParts[0..<o])
                for ch in 1..<Swift.max(chunks, 1) { for i in 0..<o { t[i] += gbParts[ch * o + i] } }
                gb = t
            }
            return hasBias ? [needX ? gx : nil, gw, gb] : [needX ? gx : nil, gw]
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

/// dst[0..<n] = src[0..<n], eight lanes at a time (the rows here are short: 8-28 floats).
@inline(__always)
func copyFloats(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int) {
    var j = 0
    let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
    while j + 8 <= n {
        d.storeBytes(of: s.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self), toByteOffset: j * 4, as: SIMD8<Float>.self)
        j += 8
    }
    while j < n { dst[j] = src[j]; j += 1 }
}

/// dst[0..<n] += src[0..<n], eight lanes at a time.
@inline(__always)
func addFloats(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int) {
    var j = 0
    let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
    while j + 8 <= n {
        let sum = d.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self) + s.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
        d.storeBytes(of: sum, toByteOffset: j * 4, as: SIMD8<Float>.self)
        j += 8
    }
    while j < n { dst[j] += src[j]; j += 1 }
}

/// Σ p[0..<n], sixteen lanes at a time (a plain loop would not vectorise: float addition order).
@inline(__always)
func sumFloats(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD16<Float>()
    var j = 0
    let r = UnsafeRawPointer(p)
    while j + 16 <= n { acc += r.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self); j += 16 }
    var s = acc.sum()
    while j < n { s += p[j]; j += 1 }
    return s
}
