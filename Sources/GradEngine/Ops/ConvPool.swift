// ConvPool: a convolution and the max pooling after it in one op, `max_pool2d(conv2d(x, W, b), k)`,
// with the same values and gradients as the two ops one after the other, bit for bit (tested).
//   per image n:  y_n [O, OH, OW] = conv(x_n) into per-thread scratch (as conv2d: direct kernel or
//                 im2col + GEMM);  out_n [O, PH, PW] = max over k×k windows of y_n, arg_n = argmax
//   backward:     dy_n [O, OH, OW] rebuilt in scratch from dout_n and arg_n (max_pool2d's backward),
//                 then conv2d's backward on it (dW, db, dx)
// What it saves: the [N, O, OH, OW] convolution output and its gradient never exist in full (the
// slides' conv1: 2.3 MB each for a batch of 100), so neither goes through memory; each image's
// plane stays in cache between the two steps.
// Used by SeedNet (`gradstep bench`); the language's `F.max_pool2d(self.conv1(x), 2)` runs the two
// ops, as written.
// With `relu: true` the ReLU after the pooling is part of the op too, `relu(max_pool2d(conv2d(x)))`
// (the slides' order): each image's pooled planes are clipped at 0 while in cache, and backward
// masks the incoming gradient where the output is not positive (relu's backward) before routing it
// to the argmax; the same bits as the three ops (tested).
// Non-goals: other pooling kinds or activations.

extension Functional {
    /// `max_pool2d(conv2d(x, weight, bias, stride, padding), kernel)` in one op (pooling stride =
    /// kernel). Shapes: x [N, C, H, W], weight [O, C, kH, kW], bias [O] -> [N, O, PH, PW] with
    /// PH = (OH - kernel) / kernel + 1, OH the convolution's output height (PW likewise).
    /// `relu`: applies max(0, ·) to the pooled result, `relu(max_pool2d(conv2d(...)))`.
    public static func conv2dMaxPool2d(
        _ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, pool kernel: Int,
        relu: Bool = false
    ) throws -> Tensor {
        let op = relu ? "conv2d + max_pool2d + relu" : "conv2d + max_pool2d"
        let g = try convGeometry(op, x, weight: weight, bias: bias, stride: stride, padding: padding)
        guard kernel >= 1 else { throw EngineError(op, "kernel size must be positive, got \(kernel)") }
        guard g.oh >= kernel, g.ow >= kernel else {
            throw EngineError(
                op, "the convolution's output [\(g.oh), \(g.ow)] is smaller than the pooling kernel \(kernel)x\(kernel)"
            )
        }
        let (n, o) = (g.n, g.o)
        let ph = (g.oh - kernel) / kernel + 1, pwidth = (g.ow - kernel) / kernel + 1
        let pp = ph * pwidth, outPer = o * pp, inPer = g.c * g.h * g.w
        let useC = kernel == 2 && Functional.avx2Kernels && g.oh <= 1 << 20 && g.ow <= 1 << 20 && g.p < 1 << 31
        let wv = weight.data, xv = x.data
        let direct = g.directApplies
        let chunks = chunkCount(n)
        // Per chunk: time in sgemm, the direct kernel, im2col, pooling and the ReLU (profiling only).
        let times = Profiler.ChunkTimes(chunks: chunks)
        // Every element of out and arg is written below (each plane's pooling covers all windows).
        var arg = [Int32](unsafeUninitializedCapacity: n * outPer) { _, done in done = n * outPer }
        let out = Profiler.measure(.convOther) {
            Gemm.holdingSignals {
                [Float](unsafeUninitializedCapacity: n * outPer) { buf, done in
                    let bv = bias?.data ?? [Float](repeating: 0, count: o)
                    let hasBiasData = bias != nil
                    wv.withUnsafeBufferPointer { pw in
                        xv.withUnsafeBufferPointer { px in
                            bv.withUnsafeBufferPointer { pb in
                                arg.withUnsafeMutableBufferPointer { pa in
                                    let dst = UncheckedSendable(value: (out: buf.base, arg: pa.baseAddress))
                                    let wp = pw.base, xp = px.base, bp = pb.base
                                    parallelChunks(n) { chunk, range in
                                        guard let argBase = dst.value.arg else { return }
                                        let cols = alignedFloats(g.ckk * g.p)
                                        let y = alignedFloats(o * g.p)
                                        defer {
                                            cols.deallocate()
                                            y.deallocate()
                                        }
                                        for img in range {
                                            g.forwardImage(
                                                xp + img * inPer, weight: wp, bias: bp, hasBias: hasBiasData,
                                                direct: direct, cols: cols, into: y, times: times, chunk: chunk)
                                            let t0 = Profiler.stamp()
                                            for oc in 0..<o {
                                                let plane = img * outPer + oc * pp
                                                maxPoolPlane(
                                                    y + oc * g.p, h: g.oh, w: g.ow, k: kernel, s: kernel, oh: ph,
                                                    ow: pwidth,
                                                    into: dst.value.out + plane, arg: argBase + plane, useC: useC)
                                            }
                                            let t1 = Profiler.stamp()
                                            times.add(chunk, .pooling, nanos: t1 &- t0)
                                            if relu {
                                                let planes = dst.value.out + img * outPer
                                                reluForward(planes, planes, outPer)
                                                times.add(chunk, .elementwise, since: t1)
                                            }
                                        }
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
        let route = ConvBackward.PoolRoute(arg: arg, pooledPerPlane: pp, useC: useC, reluOutput: relu ? out : nil)
        let name = relu ? "conv2d_max_pool2d_relu" : "conv2d_max_pool2d"
        return Tensor.result(name, shape: [n, o, ph, pwidth], data: out, inputs: inputs) { gy in
            var back = ConvBackward(g: g, needX: needX, needW: needW, needB: needB, direct: direct)
            back.pool = route
            let grads = back.run(gy: gy, x: xv, weight: wv, chunks: chunks)
            return hasBias ? [grads.x, grads.weight, grads.bias] : [grads.x, grads.weight]
        }
    }
}
