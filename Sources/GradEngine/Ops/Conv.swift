// Conv: 2-D convolution (cross-correlation, as PyTorch) by im2col + one GEMM for the whole batch.
//   x [N, C, H, W], weight [O, C, kH, kW], bias [O] -> y [N, O, OH, OW],
//   OH = (H + 2·pad - kH) / stride + 1 (floor), OW likewise; P = OH·OW, CKK = C·kH·kW.
//   forward:  cols [CKK, N·P] = im2col(x);  Y' [O, N·P] = W [O, CKK] @ cols;  y[n,o,p] = Y'[o, n·P+p] + b[o]
//   backward: dY' = dy laid out as [O, N·P];  dW = dY' @ colsᵀ;  db = Σ dY';
//             dcols = Wᵀ @ dY';  dx = col2im(dcols) (overlapping windows add)
// Non-goals: dilation, groups, asymmetric padding, padding modes other than zeros.

import Foundation

extension Functional {
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
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1
        let g = ConvGeometry(n: n, c: c, h: h, w: w, o: o, kh: kh, kw: kw, stride: stride, pad: padding, oh: oh, ow: ow)

        // im2col, then one GEMM for the whole batch, then bias + layout [O, N·P] -> [N, O, P].
        var cols = [Float](repeating: 0, count: g.ckk * g.np)
        Profiler.measure(.im2col) {
            x.data.withUnsafeBufferPointer { px in
                cols.withUnsafeMutableBufferPointer { pc in g.im2col(px.base, pc.base) }
            }
        }
        let wv = weight.data
        var y2 = [Float](repeating: 0, count: o * g.np)
        Profiler.measure(.gemm) {
            wv.withUnsafeBufferPointer { pw in
                cols.withUnsafeBufferPointer { pc in
                    y2.withUnsafeMutableBufferPointer { py in
                        Gemm.sgemm(transA: false, transB: false, m: o, n: g.np, k: g.ckk,
                                   a: pw.base, lda: g.ckk, b: pc.base, ldb: g.np, c: py.base, ldc: g.np)
                    }
                }
            }
        }
        let out = Profiler.measure(.elementwise) {
            [Float](unsafeUninitializedCapacity: n * o * g.p) { buf, done in
                let bv = bias?.data ?? [Float](repeating: 0, count: o)
                y2.withUnsafeBufferPointer { py in
                    bv.withUnsafeBufferPointer { pb in
                        let dst = UncheckedSendable(value: buf.base), src = py.base, b = pb.base
                        parallelFor(n) { img in
                            for oc in 0..<o {
                                let s = src + oc * g.np + img * g.p, d = dst.value + (img * o + oc) * g.p
                                let bo = b[oc]
                                for i in 0..<g.p { d[i] = s[i] + bo }
                            }
                        }
                    }
                }
                done = n * o * g.p
            }
        }

        let needX = x.requiresGrad, needW = weight.requiresGrad, needB = bias?.requiresGrad ?? false
        let hasBias = bias != nil
        var inputs = [x, weight]
        if let bias { inputs.append(bias) }
        return Tensor.result("conv2d", shape: [n, o, oh, ow], data: out, inputs: inputs) { gy in
            // dY' [O, N·P] from dy [N, O, P].
            let g2 = Profiler.measure(.elementwise) {
                [Float](unsafeUninitializedCapacity: o * g.np) { buf, done in
                    gy.withUnsafeBufferPointer { pg in
                        let dst = UncheckedSendable(value: buf.base), src = pg.base
                        parallelFor(n) { img in
                            for oc in 0..<o {
                                let s = src + (img * o + oc) * g.p, d = dst.value + oc * g.np + img * g.p
                                for i in 0..<g.p { d[i] = s[i] }
                            }
                        }
                    }
                    done = o * g.np
                }
            }
            var gx: [Float]? = nil, gw: [Float]? = nil, gb: [Float]? = nil
            g2.withUnsafeBufferPointer { pg in
                if needW {
                    var t = [Float](repeating: 0, count: o * g.ckk)
                    Profiler.measure(.gemm) {
                        t.withUnsafeMutableBufferPointer { pt in
                            cols.withUnsafeBufferPointer { pc in
                                Gemm.sgemm(transA: false, transB: true, m: o, n: g.ckk, k: g.np,
                                           a: pg.base, lda: g.np, b: pc.base, ldb: g.np, c: pt.base, ldc: g.ckk)
                            }
                        }
                    }
                    gw = t
                }
                if needB {
                    var t = [Float](repeating: 0, count: o)
                    Profiler.measure(.elementwise) {
                        for oc in 0..<o {
                            var s: Float = 0
                            let row = pg.base + oc * g.np
                            for i in 0..<g.np { s += row[i] }
                            t[oc] = s
                        }
                    }
                    gb = t
                }
                if needX {
                    var dcols = [Float](repeating: 0, count: g.ckk * g.np)
                    Profiler.measure(.gemm) {
                        dcols.withUnsafeMutableBufferPointer { pd in
                            wv.withUnsafeBufferPointer { pw in
                                Gemm.sgemm(transA: true, transB: false, m: g.ckk, n: g.np, k: o,
                                           a: pw.base, lda: g.ckk, b: pg.base, ldb: g.np, c: pd.base, ldc: g.np)
                            }
                        }
                    }
                    var t = [Float](repeating: 0, count: n * c * h * w)
                    Profiler.measure(.im2col) {
                        dcols.withUnsafeBufferPointer { pd in
                            t.withUnsafeMutableBufferPointer { pt in g.col2im(pd.base, pt.base) }
                        }
                    }
                    gx = t
                }
            }
            return hasBias ? [gx, gw, gb] : [gx, gw]
        }
    }
}

/// Sizes of one convolution, and its im2col / col2im kernels.
struct ConvGeometry: Sendable {
    let n, c, h, w, o, kh, kw, stride, pad, oh, ow: Int
    var p: Int { oh * ow }
    var np: Int { n * oh * ow }
    var ckk: Int { c * kh * kw }

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

    /// cols[(c·kH + u)·kW + v, n·P + i·OW + j] = x_pad[n, c, i·s + u, j·s + v].
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        let colsBox = UncheckedSendable(value: cols)
        parallelFor(n) { img in
            let cols = colsBox.value
            for ch in 0..<c {
                let plane = x + (img * c + ch) * h * w
                for u in 0..<kh {
                    for v in 0..<kw {
                        let row = cols + ((ch * kh + u) * kw + v) * np + img * p
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
                                for j in lo..<hi { dst[j] = src[j] }
                            } else {
                                for j in lo..<hi { dst[j] = src[j * stride] }
                            }
                            for j in hi..<ow { dst[j] = 0 }
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of im2col: dx[n, c, i·s + u - pad, j·s + v - pad] += dcols[(c, u, v), n·P + i·OW + j].
    func col2im(_ cols: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>) {
        let xBox = UncheckedSendable(value: x)
        parallelFor(n) { img in
            for ch in 0..<c {
                let plane = xBox.value + (img * c + ch) * h * w
                for u in 0..<kh {
                    for v in 0..<kw {
                        let row = cols + ((ch * kh + u) * kw + v) * np + img * p
                        let (lo, hi) = validRange(v)
                        for i in 0..<oh {
                            let ih = i * stride + u - pad
                            if ih < 0 || ih >= h { continue }
                            let src = row + i * ow
                            let dst = plane + ih * w + v - pad
                            if stride == 1 {
                                for j in lo..<hi { dst[j] += src[j] }
                            } else {
                                for j in lo..<hi { dst[j * stride] += src[j] }
                            }
                        }
                    }
                }
            }
        }
    }
}
