// GemmConvTests: Gemm.sgemm against the definition (every transposition, leading dimensions wider
// than the rows), its refusal of leading dimensions too small for the shapes (C filled with NaN,
// counted), and conv2d's backward: the direct kernels and the im2col path give the same gradients
// over several groups and chunks of images.

import GradEngine
import XCTest

final class GemmConvTests: XCTestCase {
    private func randoms(_ count: Int) throws -> [Float] { try Tensor.randn([count]).data }

    func testSgemmMatchesTheDefinitionForEveryTransposition() throws {
        RNG.manualSeed(3)
        let (m, n, k) = (7, 5, 9)
        for transA in [false, true] {
            for transB in [false, true] {
                // Leading dimensions one wider than needed, so strides are exercised.
                let lda = (transA ? m : k) + 1, ldb = (transB ? k : n) + 1, ldc = n + 2
                let a = try randoms((transA ? k : m) * lda), b = try randoms((transB ? n : k) * ldb)
                let c0 = try randoms(m * ldc)
                var fast = c0, slow = c0
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        fast.withUnsafeMutableBufferPointer { pc in
                            Gemm.sgemm(
                                transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5,
                                a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                                beta: 2, c: pc.baseAddress!, ldc: ldc)
                        }
                        slow.withUnsafeMutableBufferPointer { pc in
                            Gemm.referenceSgemm(
                                transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5,
                                a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                                beta: 2, c: pc.baseAddress!, ldc: ldc)
                        }
                    }
                }
                assertClose(
                    try Tensor(shape: [m * ldc], data: fast), try Tensor(shape: [m * ldc], data: slow),
                    "sgemm transA=\(transA) transB=\(transB)")
            }
        }
    }

    func testLeadingDimensionTooSmallFillsNaNAndIsCounted() {
        let a = [Float](repeating: 1, count: 12), b = [Float](repeating: 1, count: 12)
        var c = [Float](repeating: 0, count: 9)
        let before = Gemm.failures.load(ordering: .relaxed)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    // A is [3, 4] but lda says 2.
                    Gemm.sgemm(
                        transA: false, transB: false, m: 3, n: 3, k: 4, a: pa.baseAddress!, lda: 2,
                        b: pb.baseAddress!, ldb: 3, c: pc.baseAddress!, ldc: 3)
                }
            }
        }
        XCTAssertTrue(c.allSatisfy(\.isNaN), "\(c)")
        XCTAssertEqual(Gemm.failures.load(ordering: .relaxed), before + 1)
    }

    /// Gradients of a one-channel, stride-1 convolution (the direct kernels' case) with the direct
    /// kernels and without them (im2col + GEMM), on a batch that spans several groups and chunks.
    func testConvBackwardDirectAndIm2colAgree() throws {
        for (c, k) in [(1, 3), (1, 5), (3, 3)] {
            RNG.manualSeed(11)
            let x0 = try Tensor.randn([37, c, 12, 14]), w0 = try Tensor.randn([4, c, k, k]), b0 = try Tensor.randn([4])
            let dy = try Tensor.randn([37, 4, 12 - k + 1, 14 - k + 1])
            func grads(avx2: Bool) throws -> [Tensor] {
                Functional.avx2Kernels = avx2
                defer { Functional.avx2Kernels = true }
                let x = x0.detach(), w = w0.detach(), b = b0.detach()
                for t in [x, w, b] { t.requiresGrad = true }
                let y = try Functional.conv2d(x, weight: w, bias: b)
                try Tensor.mul(y, dy).sum().backward()
                return [y.detach(), x.grad!, w.grad!, b.grad!]
            }
            let fast = try grads(avx2: true), plain = try grads(avx2: false)
            for (i, name) in ["y", "dx", "dW", "db"].enumerated() {
                assertClose(fast[i], plain[i], atol: 1e-3, rtol: 1e-4, "conv c=\(c) k=\(k) \(name)")
            }
        }
    }
}
