// OpsBenchTests: a hand-run timing of the slides' training step (not a timed test; it only runs
// when GRADSTEP_BENCH=1):
//   GRADSTEP_BENCH=1 swift test -c release --filter OpsBench
// (GRADSTEP_BENCH_AB=1 as well: times each thread count with and without conv2d's direct kernels.)
// Net: conv1 1->10 k5, max-pool 2, relu, conv2 10->20 k5, max-pool 2, relu, flatten, fc1 320->50,
// relu, dropout 0.5, fc2 50->10, cross entropy, SGD (p -= lr·grad); batch 100 of random images.

import Foundation
import GradEngine
import XCTest

func cpuSeconds(_ clock: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

final class OpsBenchTests: XCTestCase {
    func testTrainStepTiming() throws {
        guard ProcessInfo.processInfo.environment["GRADSTEP_BENCH"] == "1" else {
            throw XCTSkip("set GRADSTEP_BENCH=1 to time the training step")
        }
        RNG.manualSeed(1)
        func param(_ shape: [Int], fanIn: Int) throws -> Tensor {
            let b = 1 / Float(fanIn).squareRoot()
            let t = try Tensor.rand(shape)
            for i in 0..<t.count { t.data[i] = (t.data[i] * 2 - 1) * b }
            t.requiresGrad = true
            return t
        }
        let w1 = try param([10, 1, 5, 5], fanIn: 25), b1 = try param([10], fanIn: 25)
        let w2 = try param([20, 10, 5, 5], fanIn: 250), b2 = try param([20], fanIn: 250)
        let w3 = try param([50, 320], fanIn: 320), b3 = try param([50], fanIn: 320)
        let w4 = try param([10, 50], fanIn: 50), b4 = try param([10], fanIn: 50)
        let params = [w1, b1, w2, b2, w3, b3, w4, b4]
        let x = try Tensor.randn([100, 1, 28, 28])
        let y = try Tensor.randint(0, 10, [100])

        func step() throws -> Float {
            var h = try Functional.conv2d(x, weight: w1, bias: b1)
            h = try Functional.maxPool2d(h, kernel: 2).relu()
            h = try Functional.conv2d(h, weight: w2, bias: b2)
            h = try Functional.maxPool2d(h, kernel: 2).relu()
            h = try Functional.linear(h.view([-1, 320]), weight: w3, bias: b3).relu()
            h = try Functional.dropout(h, p: 0.5)
            h = try Functional.linear(h, weight: w4, bias: b4)
            let loss = try Functional.crossEntropy(h, y)
            try loss.backward()
            Profiler.measure(.elementwise) {
                for p in params {
                    guard let g = p.grad else { continue }
                    for i in 0..<p.count { p.data[i] -= 0.01 * g.data[i] }
                    p.grad = nil
                }
            }
            return loss.data[0]
        }

        // GRADSTEP_BENCH_AB=1: each thread count with conv2d's direct kernels off, then on.
        let ab = ProcessInfo.processInfo.environment["GRADSTEP_BENCH_AB"] == "1"
        defer { Functional.avx2Kernels = true }
        for (threads, direct) in [1, 2].flatMap({ t in (ab ? [false, true] : [true]).map { (t, $0) } }) {
            Gemm.setThreads(threads)
            Functional.avx2Kernels = direct
            for _ in 0..<10 { _ = try step() }
            let steps = 100
            var best = Double.infinity, total = 0.0
            // CPU time too: on a busy shared machine wall time includes waiting for a core.
            let cpu0 = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID), thr0 = cpuSeconds(CLOCK_THREAD_CPUTIME_ID)
            for _ in 0..<steps {
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = try step()
                let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                best = Swift.min(best, ms)
                total += ms
            }
            let cpuMs = (cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0) * 1000 / Double(steps)
            let thrMs = (cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - thr0) * 1000 / Double(steps)
            Profiler.reset()
            Profiler.enabled = true
            for _ in 0..<20 { _ = try Profiler.measure(.other) { try step() } }  // .other: untracked time
            Profiler.enabled = false
            let mean = total / Double(steps)
            if ab { print("conv2d direct kernels: \(direct ? "on" : "off")") }
            print(
                String(
                    format:
                        "train step, batch 100, %d thread(s): wall mean %.2f ms, best %.2f ms (%.0f images/s); CPU per "
                        + "step: process %.2f ms, calling thread %.2f ms",
                    threads, mean, best, 100_000 / mean, cpuMs, thrMs))
            print(Profiler.report(perStep: 20), terminator: "")
        }
        Gemm.setThreads(2)
    }
}

extension OpsBenchTests {
    /// GEMM rates for the net's shapes in both layouts (hand-run, GRADSTEP_BENCH=1).
    func testGemmShapes() throws {
        guard ProcessInfo.processInfo.environment["GRADSTEP_BENCH"] == "1" else {
            throw XCTSkip("set GRADSTEP_BENCH=1 to time GEMM shapes")
        }
        let shapes: [(String, Bool, Bool, Int, Int, Int)] = [
            ("conv1 fwd  W@cols", false, false, 10, 57600, 25),
            ("conv1 fwd  cols@Wt", false, true, 57600, 10, 25),
            ("conv1 dW   g@colsT", false, true, 10, 25, 57600),
            ("conv1 dW   gT@cols", true, false, 10, 25, 57600),
            ("conv2 fwd  W@cols", false, false, 20, 6400, 250),
            ("conv2 fwd  cols@Wt", false, true, 6400, 20, 250),
            ("conv2 dW   g@colsT", false, true, 20, 250, 6400),
            ("conv2 dcol Wt@g", true, false, 250, 6400, 20),
            ("conv2 dcol g@W", false, false, 6400, 250, 20),
            ("conv1 per-image W@cols", false, false, 10, 576, 25),
            ("conv2 per-image W@cols", false, false, 20, 64, 250),
            ("conv1 per-image dW g@colsT", false, true, 10, 25, 576),
            ("conv1 per-image dW colsT", true, true, 25, 10, 576),
            ("conv2 per-image dW g@colsT", false, true, 20, 250, 64),
            ("conv2 per-image dcols WT@g", true, false, 250, 64, 20),
            ("fc1 fwd x@WT", false, true, 100, 50, 320),
            ("fc1 dW gT@x", true, false, 50, 320, 100),
        ]
        for threads in [1] {
            Gemm.setThreads(threads)
            for (name, ta, tb, m, n, k) in shapes {
                let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
                var c = [Float](repeating: 0, count: m * n)
                let reps = Swift.max(3, 20_000_000 / (m * n * k))
                var best = Double.infinity
                for _ in 0..<3 {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            c.withUnsafeMutableBufferPointer { pc in
                                for _ in 0..<reps {
                                    Gemm.sgemm(
                                        transA: ta, transB: tb, m: m, n: n, k: k, a: pa.baseAddress!, lda: ta ? m : k,
                                        b: pb.baseAddress!, ldb: tb ? k : n, c: pc.baseAddress!, ldc: n)
                                }
                            }
                        }
                    }
                    best = Swift.min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / Double(reps))
                }
                print(
                    String(
                        format: "%d thr  %-24@ %7.3f ms  %6.1f GFLOP/s", threads, name as NSString, best / 1e6,
                        2.0 * Double(m * n * k) / best))
            }
        }
        Gemm.setThreads(2)
    }
}

/// conv2d's AVX2 kernels (direct convolution for one input channel; im2col/col2im for stride 1
/// without padding) agree with the Swift im2col + GEMM path, forward and all gradients, including
/// output widths that are not a multiple of 8 and no bias.
final class OpsConvDirectTests: XCTestCase {
    func testDirectMatchesIm2colPath() throws {
        defer { Functional.avx2Kernels = true }
        let cases: [(shape: [Int], o: Int, k: Int, bias: Bool)] = [
            ([3, 1, 28, 28], 10, 5, true), ([2, 1, 13, 21], 7, 3, false), ([2, 1, 9, 8], 3, 1, true),
            ([1, 1, 12, 40], 5, 4, true), ([2, 1, 6, 6], 2, 3, true),  // output width 4: GEMM path
            ([2, 3, 10, 13], 4, 3, true), ([3, 10, 12, 12], 20, 5, true),  // C > 1: AVX2 im2col/col2im
        ]
        for cs in cases {
            RNG.manualSeed(7)
            let x = try Tensor.randn(cs.shape), w = try Tensor.randn([cs.o, cs.shape[1], cs.k, cs.k])
            let b = cs.bias ? try Tensor.randn([cs.o]) : nil
            var results: [[[Float]]] = []
            for direct in [true, false] {
                Functional.avx2Kernels = direct
                for t in [x, w] + (b.map { [$0] } ?? []) {
                    t.requiresGrad = true
                    t.grad = nil
                }
                let y = try Functional.conv2d(x, weight: w, bias: b)
                RNG.manualSeed(11)  // the same upstream gradient for both paths
                let gyv = try Tensor.randn(y.shape)
                try Tensor.mul(y, gyv).sum().backward()
                var r = [y.data, x.grad?.data ?? [], w.grad?.data ?? []]
                if let b { r.append(b.grad?.data ?? []) }
                results.append(r)
            }
            for (i, name) in ["y", "dx", "dW", "db"].prefix(results[0].count).enumerated() {
                let a = results[0][i], c = results[1][i]
                XCTAssertEqual(a.count, c.count, "\(name) \(cs)")
                XCTAssertFalse(a.isEmpty, "\(name) \(cs)")
                let scale = c.map { abs($0) }.max() ?? 1
                let err = zip(a, c).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThanOrEqual(err, 1e-5 * Swift.max(1, scale), "\(name) \(cs)")
            }
        }
    }

    /// 2×2 stride-2 max pooling: AVX2 kernels give exactly the Swift path's values, argmax (ties:
    /// first in window order) and gradient, for even and odd sizes, wide rows and tied inputs.
    func testMaxPoolK2MatchesSwiftPath() throws {
        defer { Functional.avx2Kernels = true }
        // Rows of 4..7 windows and rows of 9..15 take the kernels' overlapping last block.
        let shapes = [
            [2, 3, 24, 24], [1, 2, 9, 37], [3, 1, 2, 2], [1, 1, 5, 3], [2, 4, 8, 8], [1, 2, 6, 10],
            [1, 1, 7, 15], [1, 2, 4, 30], [2, 2, 5, 12], [1, 1, 4, 9], [1, 1, 3, 17], [1, 1, 2, 7],
        ]
        for shape in shapes {
            RNG.manualSeed(5)
            let x = try Tensor.randint(0, 4, shape)  // small integers: many ties
            let xf = try Tensor(shape: shape, data: x.data.map { Float($0) })
            var results: [[[Float]]] = []
            for fast in [true, false] {
                Functional.avx2Kernels = fast
                xf.requiresGrad = true
                xf.grad = nil
                let y = try Functional.maxPool2d(xf, kernel: 2)
                RNG.manualSeed(9)
                let gy = try Tensor.randn(y.shape)
                try Tensor.mul(y, gy).sum().backward()
                results.append([y.data, xf.grad?.data ?? []])
            }
            XCTAssertEqual(results[0][0], results[1][0], "y \(shape)")
            XCTAssertEqual(results[0][1], results[1][1], "dx \(shape)")
            XCTAssertEqual(results[0][1].count, xf.count, "dx \(shape)")
        }
    }
}
