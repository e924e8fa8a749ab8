// ConvPoolTests: the fused conv2d + max_pool2d (+ relu) op gives the same bits as the ops one after
// the other, forward and every gradient, on the slides' shapes (direct kernel for conv1, im2col + GEMM
// for conv2), an odd size (floor pooling), padding and stride, 1 and 2 threads, with and without
// the AVX2 kernels; and it rejects what the two ops reject.

import GradEngine
import XCTest

final class ConvPoolTests: XCTestCase {
    func testFusedConvPoolMatchesTheTwoOpsBitForBit() throws {
        let saved = Gemm.threads
        defer { Gemm.setThreads(saved) }
        let cases: [(x: [Int], w: [Int], stride: Int, padding: Int, pool: Int)] = [
            ([7, 1, 28, 28], [10, 1, 5, 5], 1, 0, 2),  // conv1: direct kernels
            ([7, 10, 12, 12], [20, 10, 5, 5], 1, 0, 2),  // conv2: im2col + GEMM
            ([5, 2, 11, 10], [3, 2, 3, 3], 1, 0, 2),  // odd conv output (9 × 8): floor pooling
            ([3, 2, 9, 9], [4, 2, 3, 3], 2, 1, 3),  // stride, padding, a 3×3 pooling
        ]
        for threads in [1, 2] {
            Gemm.setThreads(threads)
            for (avx2, relu) in [(true, false), (false, false), (true, true), (false, true)] {
                for cs in cases {
                    RNG.manualSeed(5)
                    let x0 = try Tensor.randn(cs.x), w0 = try Tensor.randn(cs.w), b0 = try Tensor.randn([cs.w[0]])
                    func run(fused: Bool) throws -> [Tensor] {
                        Functional.avx2Kernels = avx2
                        defer { Functional.avx2Kernels = true }
                        let x = x0.detach(), w = w0.detach(), b = b0.detach()
                        for t in [x, w, b] { t.requiresGrad = true }
                        var y =
                            fused
                            ? try Functional.conv2dMaxPool2d(
                                x, weight: w, bias: b, stride: cs.stride, padding: cs.padding, pool: cs.pool,
                                relu: relu)
                            : try Functional.maxPool2d(
                                try Functional.conv2d(x, weight: w, bias: b, stride: cs.stride, padding: cs.padding),
                                kernel: cs.pool)
                        if relu && !fused { y = Functional.relu(y) }
                        RNG.manualSeed(9)
                        let dy = try Tensor.randn(y.shape)
                        try Tensor.mul(y, dy).sum().backward()
                        guard let gx = x.grad, let gw = w.grad, let gb = b.grad else {
                            XCTFail("missing gradient")
                            return []
                        }
                        return [y.detach(), gx, gw, gb]
                    }
                    let fused = try run(fused: true), apart = try run(fused: false)
                    XCTAssertEqual(fused.count, 4)
                    for (i, name) in ["y", "dx", "dW", "db"].enumerated() where i < fused.count && i < apart.count {
                        XCTAssertEqual(fused[i].shape, apart[i].shape, "\(cs) \(name)")
                        XCTAssertEqual(
                            fused[i].data, apart[i].data, "\(cs) threads \(threads) avx2 \(avx2) relu \(relu) \(name)")
                    }
                }
            }
        }
    }

    func testFusedConvPoolRejectsBadShapes() throws {
        let x = try Tensor.randn([2, 1, 6, 6])
        XCTAssertThrowsError(try Functional.conv2dMaxPool2d(x, weight: try Tensor.randn([3, 2, 3, 3]), pool: 2))
        XCTAssertThrowsError(try Functional.conv2dMaxPool2d(x, weight: try Tensor.randn([3, 1, 3, 3]), pool: 0))
        // The convolution's output is 2 × 2, smaller than a 3 × 3 pooling window.
        XCTAssertThrowsError(try Functional.conv2dMaxPool2d(x, weight: try Tensor.randn([3, 1, 5, 5]), pool: 3)) { e in
            XCTAssertTrue("\(e)".contains("smaller than the pooling kernel 3x3"), "\(e)")
        }
    }
}
