// Pooling: 2-D max and average pooling over k×k windows with a stride, no padding, floor output size.
//   x [N, C, H, W] -> y [N, C, OH, OW], OH = (H - k) / s + 1 (a 7-wide input with k2 s2 gives 3).
//   max: y = the window's max; backward sends dy to that element (the first max in row-major window
//        order on ties, as PyTorch CPU); overlapping windows add.
//   avg: y = window mean; backward gives dy / k² to each window element.
// k = s = 2 (the slides' pooling) runs CEngineSupport's AVX2 kernels per plane when the CPU has
// AVX2, else the Swift loops here. Measured: a small win (pooling 0.69-0.71 -> 0.64-0.67 ms per
// step at 1 thread); the rest is memory traffic of the 2.3 MB conv1 output and its gradient.
// The per-plane kernels (`maxPoolPlane`, `maxPoolPlaneBackward`) also serve ConvPool.swift.
// An unbatched input [C, H, W] is pooled as the batch of one [1, C, H, W], as in PyTorch.
// Non-goals: padding, ceil_mode, dilation, non-square kernels.

import CEngineSupport

extension Functional {
    /// Checks a pooling call and returns its output size.
    static func poolGeometry(
        _ op: String, _ x: Tensor, _ kernel: Int, _ stride: Int?
    ) throws -> (k: Int, s: Int, oh: Int, ow: Int) {
        guard x.ndim == 4 else {
            throw EngineError(op, "expected a 4-D input [N, C, H, W], got \(fmt(x.shape))")
        }
        _ = mallocTuned
        let s = stride ?? kernel
        guard kernel >= 1 else { throw EngineError(op, "kernel size must be positive, got \(kernel)") }
        guard s >= 1 else { throw EngineError(op, "stride must be positive, got \(s)") }
        let h = x.shape[2], w = x.shape[3]
        guard h >= kernel, w >= kernel else {
            throw EngineError(op, "input \(fmt(x.shape)) is smaller than the kernel \(kernel)x\(kernel)")
        }
        return (kernel, s, (h - kernel) / s + 1, (w - kernel) / s + 1)
    }

    /// Max over k×k windows moved by `stride` (default: kernel). Shapes: [N, C, H, W] -> [N, C, OH, OW].
    public static func maxPool2d(_ x: Tensor, kernel: Int, stride: Int? = nil) throws -> Tensor {
        if x.ndim == 3 { return try maxPool2d(try x.unsqueeze(0), kernel: kernel, stride: stride).squeeze(dim: 0) }
        let (k, s, oh, ow) = try poolGeometry("F.max_pool2d", x, kernel, stride)
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let planes = n * c, op = oh * ow, ip = h * w
        // Every element of out and arg is written below (each plane's loops cover all windows).
        var out = [Float](unsafeUninitializedCapacity: planes * op) { _, done in done = planes * op }
        var arg = [Int32](unsafeUninitializedCapacity: planes * op) { _, done in done = planes * op }
        let useC = k == 2 && s == 2 && Functional.avx2Kernels && h <= 1 << 20 && w <= 1 << 20 && h * w < 1 << 31
        Profiler.measure(.pooling) {
            x.data.withUnsafeBufferPointer { px in
                out.withUnsafeMutableBufferPointer { po in
                    arg.withUnsafeMutableBufferPointer { pa in
                        let ob = UncheckedSendable(value: po.base), ab = UncheckedSendable(value: pa.baseAddress)
                        let src = px.base
                        parallelFor(planes, minPerThread: 8) { pl in
                            guard let abase = ab.value else { return }
                            maxPoolPlane(
                                src + pl * ip, h: h, w: w, k: k, s: s, oh: oh, ow: ow,
                                into: ob.value + pl * op, arg: abase + pl * op, useC: useC)
                        }
                    }
                }
            }
        }
        return Tensor.result("max_pool2d", shape: [n, c, oh, ow], data: out, inputs: [x]) { g in
            Profiler.measure(.pooling) {
                let gx = [Float](unsafeUninitializedCapacity: planes * ip) { buf, done in
                    g.withUnsafeBufferPointer { pg in
                        arg.withUnsafeBufferPointer { pa in
                            let gb = UncheckedSendable(value: buf.base), src = pg.base
                            guard let abase = pa.baseAddress else { return }
                            parallelFor(planes, minPerThread: 8) { pl in
                                maxPoolPlaneBackward(
                                    src + pl * op, arg: abase + pl * op, h: h, w: w, op: op,
                                    into: gb.value + pl * ip, useC: useC)
                            }
                        }
                    }
                    if planes * op == 0 { buf.base.update(repeating: 0, count: planes * ip) }
                    done = planes * ip
                }
                return [gx]
            }
        }
    }

    /// One plane of max pooling: yo[i·OW + j] = max of the k×k window at (i·s, j·s) of xin [H, W], and
    /// ao[i·OW + j] its flat index in the plane (the first max in row-major window order; NaN wins).
    /// `useC`: try CEngineSupport's AVX2 kernel first (k = s = 2).
    @inline(__always)
    static func maxPoolPlane(
        _ xin: UnsafePointer<Float>, h: Int, w: Int, k: Int, s: Int, oh: Int, ow: Int,
        into yo: UnsafeMutablePointer<Float>, arg ao: UnsafeMutablePointer<Int32>, useC: Bool
    ) {
        if useC && gs_maxpool_k2s2_forward(xin, Int32(h), Int32(w), yo, ao) != 0 { return }
        if k == 2 && s == 2 {
            for i in 0..<oh {
                let r0 = xin + 2 * i * w, r1 = r0 + w
                // Eight windows at a time: even/odd lanes of 16 inputs per row.
                var j = 0
                while j + 8 <= ow {
                    let a16 = UnsafeRawPointer(r0 + 2 * j).loadUnaligned(as: SIMD16<Float>.self)
                    let c16 = UnsafeRawPointer(r1 + 2 * j).loadUnaligned(as: SIMD16<Float>.self)
                    let base = SIMD8<Int32>(repeating: Int32(2 * i * w + 2 * j)) &+ evenOffsets
                    var best = a16.evenHalf, idx = base
                    // Row-major window order, strict >: the first max wins ties.
                    var m = a16.oddHalf .> best
                    best.replace(with: a16.oddHalf, where: m)
                    idx.replace(with: base &+ 1, where: m)
                    m = c16.evenHalf .> best
                    best.replace(with: c16.evenHalf, where: m)
                    idx.replace(with: base &+ Int32(w), where: m)
                    m = c16.oddHalf .> best
                    best.replace(with: c16.oddHalf, where: m)
                    idx.replace(with: base &+ Int32(w + 1), where: m)
                    UnsafeMutableRawPointer(yo + i * ow + j).storeBytes(
                        of: best, as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(ao + i * ow + j).storeBytes(
                        of: idx, as: SIMD8<Int32>.self)
                    j += 8
                }
                while j < ow {
                    defer { j += 1 }
                    let c0 = 2 * j
                    // Row-major window order; strict > keeps the first max.
                    var best = r0[c0], bi = 2 * i * w + c0
                    if r0[c0 + 1] > best {
                        best = r0[c0 + 1]
                        bi = 2 * i * w + c0 + 1
                    }
                    if r1[c0] > best {
                        best = r1[c0]
                        bi = (2 * i + 1) * w + c0
                    }
                    if r1[c0 + 1] > best {
                        best = r1[c0 + 1]
                        bi = (2 * i + 1) * w + c0 + 1
                    }
                    yo[i * ow + j] = best
                    ao[i * ow + j] = Int32(bi)
                }
            }
        } else {
            for i in 0..<oh {
                for j in 0..<ow {
                    var bi = i * s * w + j * s
                    var best = xin[bi]
                    for u in 0..<k {
                        for v in 0..<k {
                            let idx = (i * s + u) * w + j * s + v
                            let val = xin[idx]
                            // NOTE: NaN propagates as in PyTorch (a NaN wins the window).
                            if val > best || val.isNaN {
                                best = val
                                bi = idx
                            }
                        }
                    }
                    yo[i * ow + j] = best
                    ao[i * ow + j] = Int32(bi)
                }
            }
        }
    }

    /// The backward of one plane: d [H·W] = 0, then d[a[i]] += gs[i] for the `op` pooled outputs.
    @inline(__always)
    static func maxPoolPlaneBackward(
        _ gs: UnsafePointer<Float>, arg a: UnsafePointer<Int32>, h: Int, w: Int, op: Int,
        into d: UnsafeMutablePointer<Float>, useC: Bool
    ) {
        if useC && gs_maxpool_k2s2_backward(gs, a, Int32(h), Int32(w), d) != 0 { return }
        // Zero this plane while it is hot in cache, then route each window's gradient to its argmax
        // (windows may overlap: add).
        d.update(repeating: 0, count: h * w)
        for i in 0..<op { d[Int(a[i])] += gs[i] }
    }

    /// Mean over k×k windows moved by `stride` (default: kernel). Shapes: [N, C, H, W] -> [N, C, OH, OW].
    public static func avgPool2d(_ x: Tensor, kernel: Int, stride: Int? = nil) throws -> Tensor {
        if x.ndim == 3 { return try avgPool2d(try x.unsqueeze(0), kernel: kernel, stride: stride).squeeze(dim: 0) }
        let (k, s, oh, ow) = try poolGeometry("F.avg_pool2d", x, kernel, stride)
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let planes = n * c, op = oh * ow, ip = h * w
        let scale = 1 / Float(k * k)
        var out = [Float](repeating: 0, count: planes * op)
        Profiler.measure(.pooling) {
            x.data.withUnsafeBufferPointer { px in
                out.withUnsafeMutableBufferPointer { po in
                    let ob = UncheckedSendable(value: po.base), src = px.base
                    parallelFor(planes, minPerThread: 8) { pl in
                        let xin = src + pl * ip, yo = ob.value + pl * op
                        for i in 0..<oh {
                            for j in 0..<ow {
                                var acc: Float = 0
                                for u in 0..<k {
                                    let row = xin + (i * s + u) * w + j * s
                                    for v in 0..<k { acc += row[v] }
                                }
                                yo[i * ow + j] = acc * scale
                            }
                        }
                    }
                }
            }
        }
        return Tensor.result("avg_pool2d", shape: [n, c, oh, ow], data: out, inputs: [x]) { g in
            Profiler.measure(.pooling) {
                var gx = [Float](repeating: 0, count: planes * ip)
                gx.withUnsafeMutableBufferPointer { pgx in
                    g.withUnsafeBufferPointer { pg in
                        let gb = UncheckedSendable(value: pgx.base), src = pg.base
                        parallelFor(planes, minPerThread: 8) { pl in
                            let d = gb.value + pl * ip, gs = src + pl * op
                            for i in 0..<oh {
                                for j in 0..<ow {
                                    let v0 = gs[i * ow + j] * scale
                                    for u in 0..<k {
                                        let row = d + (i * s + u) * w + j * s
                                        for v in 0..<k { row[v] += v0 }
                                    }
                                }
                            }
                        }
                    }
                }
                return [gx]
            }
        }
    }
}

/// Offsets 0, 2, 4, ... 14 of the eight windows' top-left inputs in a row (k = s = 2).
let evenOffsets = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
