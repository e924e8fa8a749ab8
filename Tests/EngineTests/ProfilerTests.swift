// ProfilerTests: the `gradstep bench step` breakdown says what it counts. A convolution's time goes
// to sgemm only when oneDNN's sgemm ran (conv2: im2col + GEMM), to "conv direct" when the direct
// kernels ran (conv1, one input channel, on a CPU with AVX2), and the categories add up to the
// profiled regions' total.

import Foundation
import GradEngine
import XCTest

final class ProfilerTests: XCTestCase {
    override func tearDown() {
        Profiler.enabled = false
        Profiler.reset()
    }

    /// Profiles forward and backward of one fused conv + max-pool + relu op; returns ms by category.
    func profile(channels c: Int, size: Int) throws -> [Profiler.Category: Double] {
        RNG.manualSeed(3)
        let x = try Tensor.randn([8, c, size, size])
        let w = try Tensor.randn([6, c, 5, 5])
        let b = try Tensor.randn([6])
        w.requiresGrad = true
        b.requiresGrad = true
        Profiler.reset()
        Profiler.enabled = true
        let y = try Functional.conv2dMaxPool2d(x, weight: w, bias: b, pool: 2, relu: true)
        try y.sum().backward()
        Profiler.enabled = false
        var ms: [Profiler.Category: Double] = [:]
        for r in Profiler.breakdown { ms[r.category] = r.seconds * 1000 }
        return ms
    }

    func testConvolutionTimeGoesToTheKernelThatRan() throws {
        // conv2-like: ten input channels, im2col + sgemm, never the direct kernels.
        let multi = try profile(channels: 10, size: 12)
        XCTAssertGreaterThan(multi[.gemm] ?? 0, 0, "\(multi)")
        XCTAssertGreaterThan(multi[.im2col] ?? 0, 0, "\(multi)")
        XCTAssertEqual(multi[.convDirect] ?? 0, 0, "\(multi)")
        XCTAssertGreaterThan(multi[.pooling] ?? 0, 0, "\(multi)")

        // conv1-like: one input channel; with AVX2 the direct kernels do forward and weight gradient
        // (no input gradient: x does not require it), so no sgemm and no im2col run at all.
        let single = try profile(channels: 1, size: 28)
        if Functional.directKernelsRun {
            XCTAssertGreaterThan(single[.convDirect] ?? 0, 0, "\(single)")
            XCTAssertEqual(single[.gemm] ?? 0, 0, "\(single)")
            XCTAssertEqual(single[.im2col] ?? 0, 0, "\(single)")
        } else {
            XCTAssertEqual(single[.convDirect] ?? 0, 0, "\(single)")
            XCTAssertGreaterThan(single[.gemm] ?? 0, 0, "\(single)")
        }
    }

    func testCategoriesAddUpToTheProfiledRegion() throws {
        RNG.manualSeed(4)
        let x = try Tensor.randn([16, 10, 12, 12])
        let w = try Tensor.randn([20, 10, 5, 5])
        Profiler.reset()
        Profiler.enabled = true
        let t0 = DispatchTime.now().uptimeNanoseconds
        _ = try Profiler.measure(.other) { try Functional.conv2d(x, weight: w) }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        Profiler.enabled = false
        let total = Profiler.breakdown.reduce(0) { $0 + $1.seconds }
        // Self times of nested regions: their sum is the outer region's length (up to the few
        // nanoseconds between the stamps), never more than the wall clock around it.
        XCTAssertLessThanOrEqual(total, wall)
        XCTAssertGreaterThan(total, 0.9 * wall, "categories \(Profiler.breakdown), wall \(wall)")
    }
}
