// GradcheckTests: finite differences against autograd for every differentiable op, on random
// shapes drawn from a seeded generator; plus a 100,000-op chain that must backprop and be released
// without overflowing the stack.

import Foundation
import GradEngine
import XCTest

final class GradcheckTests: XCTestCase {
    var gen = Generator(seed: 2024)

    override func setUp() {
        RNG.manualSeed(7)
    }

    /// A random size in lo...hi from the test's seeded generator.
    func size(_ lo: Int, _ hi: Int) -> Int { gen.int(lo, hi + 1) }

    /// A leaf requiring grad with N(0, 1) values (optionally kept at least `awayFrom0` from 0,
    /// for ops with a kink at 0, or shifted into a positive range).
    func input(_ shape: [Int], awayFrom0: Float = 0, positive: Bool = false) -> Tensor {
        let n = shape.reduce(1, *)
        var v = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var x = gen.normal()
            if positive { x = 0.2 + Swift.abs(x) }
            if awayFrom0 > 0 && Swift.abs(x) < awayFrom0 { x = x < 0 ? x - awayFrom0 : x + awayFrom0 }
            v[i] = x
        }
        let t = T(shape, v)
        t.requiresGrad = true
        return t
    }

    /// Distinct values spaced 0.05 apart in random order (no near-ties for max/pooling).
    func distinct(_ shape: [Int]) -> Tensor {
        let n = shape.reduce(1, *)
        var v = (0..<n).map { Float($0) * 0.05 - Float(n) * 0.025 }
        v.shuffle(using: &gen)
        let t = T(shape, v)
        t.requiresGrad = true
        return t
    }

    func check(
        _ what: String, _ inputs: [Tensor], atol: Double = 1e-2, rtol: Double = 1e-2,
        file: StaticString = #filePath, line: UInt = #line, _ f: @escaping ([Tensor]) throws -> Tensor
    ) {
        do {
            let r = try gradcheck(f, inputs: inputs, atol: atol, rtol: rtol)
            XCTAssertTrue(r.passed, "\(what) (shapes \(inputs.map(\.shape))): \(r.description)", file: file, line: line)
        } catch {
            XCTFail("\(what): \(error)", file: file, line: line)
        }
    }

    // MARK: elementwise

    func testArithmeticWithBroadcasting() {
        for _ in 0..<3 {
            let r = size(1, 4), c = size(1, 5)
            let a = input([r, c]), b = input([c]), col = input([r, 1])
            check("add", [a, b]) { try Tensor.add($0[0], $0[1]) }
            check("sub", [a, col]) { try Tensor.sub($0[0], $0[1]) }
            check("mul", [col, b]) { try Tensor.mul($0[0], $0[1]) }
            let d = input([r, c], positive: true)
            check("div", [a, d]) { try Tensor.div($0[0], $0[1]) }
        }
    }

    /// ActivationFamily.swift: leaky_relu, elu, selu, gelu (both forms), silu, softplus (both
    /// branches), hardtanh, away from their kinks. (Values against PyTorch: corpus 90_activations.)
    func testActivationFamily() {
        let x = input([size(2, 4), size(2, 5)], awayFrom0: 0.1)
        check("leaky_relu", [x]) { $0[0].leakyRelu(negativeSlope: 0.2) }
        check("elu", [x]) { $0[0].elu(alpha: 0.7) }
        check("selu", [x]) { $0[0].selu() }
        check("gelu", [x]) { try $0[0].gelu() }
        check("gelu tanh", [x]) { try $0[0].gelu(approximate: "tanh") }
        check("silu", [x]) { $0[0].silu() }
        check("softplus", [x]) { $0[0].softplus(beta: 2, threshold: 1) }
        check("softplus linear branch", [x]) { $0[0].softplus(beta: 1, threshold: -5) }
        let spread = T([6], [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])
        spread.requiresGrad = true
        check("hardtanh", [spread]) { $0[0].hardtanh(min: -2, max: 2) }
    }

    /// ClassLossOptions.swift: class weights, ignore_index and label smoothing, every reduction.
    /// (Values against PyTorch: corpus 91_loss_options.)
    func testClassLossOptions() {
        let x = input([4, 3])
        let t = T([4], [0, 2, 1, 2], dtype: .int64)
        let w = T([3], [1, 2, 0.5])
        for r in Reduction.allCases {
            check("cross_entropy weight ignore \(r)", [x]) {
                try Functional.classLoss(
                    $0[0], t, logits: true, weight: w, ignoreIndex: 1, labelSmoothing: 0, reduction: r)
            }
            check("cross_entropy smoothing \(r)", [x]) {
                try Functional.classLoss(
                    $0[0], t, logits: true, weight: w, ignoreIndex: -100, labelSmoothing: 0.2, reduction: r)
            }
            check("nll_loss ignore \(r)", [x]) {
                try Functional.classLoss(
                    $0[0], t, logits: false, weight: nil, ignoreIndex: 2, labelSmoothing: 0, reduction: r)
            }
        }
    }

    func testPow() {
        let base = input([size(2, 4), size(2, 4)], positive: true)
        let e = input([base.shape[1]])
        check("pow", [base, e]) { try Tensor.pow($0[0], $0[1]) }
        check("pow scalar exponent", [base]) { try Tensor.pow($0[0], Tensor.scalar(2)) }
    }

    /// hypot: gradcheck on broadcast shapes (away from 0, where the gradient is 0/0), and values
    /// and gradients PyTorch 2.x printed for `torch.hypot(a, b)` with a [1, 6], b [2, 1]:
    /// no overflow at 3e30, no underflow at 1e-20, NaN gradient at (0, 0).
    func testHypot() throws {
        let r = size(1, 4), c = size(1, 5)
        check("hypot", [input([r, c], awayFrom0: 0.1), input([c], awayFrom0: 0.1)]) { try Tensor.hypot($0[0], $0[1]) }

        let a = T([1, 6], [3, 0, -1.5, 1e-20, 2, 3e30]), b = T([2, 1], [4, 0])
        a.requiresGrad = true
        b.requiresGrad = true
        let h = try Tensor.hypot(a, b)
        XCTAssertEqual(h.gradFn?.name, "HypotBackward0")
        assertClose(
            h,
            T([2, 6], [5, 4, 4.27200174, 4, 4.47213602, 2.99999989e30, 3, 0, 1.5, 9.99999968e-21, 2, 2.99999989e30]),
            "hypot values")
        try h.sum().backward()
        assertClose(a.grad ?? T([0], []), T([1, 6], [1.6, .nan, -1.35112345, 1, 1.44721365, 2]), "hypot grad a")
        assertClose(b.grad ?? T([0], []), T([2, 1], [4.63075638, .nan]), "hypot grad b")

        XCTAssertThrowsError(try Tensor.hypot(T([1], [3], dtype: .int64), T([1], [4], dtype: .int64))) {
            XCTAssertEqual("\($0)", "\"hypot_cpu\" not implemented for 'Long'")
        }
        let mixed = try Tensor.hypot(T([1], [3], dtype: .int64), T([1], [4]))
        assertClose(mixed, T([1], [5]), "hypot of an integer and a float tensor")
    }

    func testUnary() {
        let shape = [size(1, 3), size(2, 5)]
        check("neg", [input(shape)]) { $0[0].neg() }
        check("exp", [input(shape)]) { $0[0].exp() }
        check("log", [input(shape, positive: true)]) { $0[0].log() }
        check("sqrt", [input(shape, positive: true)]) { $0[0].sqrt() }
        check("abs", [input(shape, awayFrom0: 0.05)]) { $0[0].abs() }
        check("relu", [input(shape, awayFrom0: 0.05)]) { $0[0].relu() }
        check("sigmoid", [input(shape)]) { $0[0].sigmoid() }
        check("tanh", [input(shape)]) { $0[0].tanh() }
        let x = distinct(shape)  // values far from the bounds ±0.3 by at least 0.025
        check("clamp", [x]) { try Tensor.add($0[0], Tensor.scalar(0.0125)).clamp(min: -0.3, max: 0.3) }
        check("clamp min only", [x]) { try Tensor.add($0[0], Tensor.scalar(0.0125)).clamp(min: -0.1) }
    }

    // MARK: reductions

    func testReductions() {
        let x = input([size(2, 4), size(2, 4), size(1, 3)])
        check("sum all", [x]) { try $0[0].sum() }
        for d in [0, 1, -1] {
            check("sum dim \(d)", [x]) { try $0[0].sum(dim: d) }
            check("mean dim \(d) keepdim", [x]) { try $0[0].mean(dim: d, keepdim: true) }
            check("var dim \(d)", [x]) { try $0[0].variance(dim: d) }
            check("std dim \(d) biased", [x]) { try $0[0].std(dim: d, unbiased: false) }
        }
        check("mean all", [x]) { try $0[0].mean() }
        check("var all", [x]) { try $0[0].variance() }
        check("std all", [x]) { try $0[0].std() }
        let y = distinct([size(2, 4), size(2, 5)])
        check("max all", [y]) { try $0[0].max() }
        check("min all", [y]) { try $0[0].min() }
        check("max dim 1", [y]) { try $0[0].max(dim: 1).values }
        check("min dim 0 keepdim", [y]) { try $0[0].min(dim: 0, keepdim: true).values }
    }

    // MARK: shape and indexing

    func testShapeOps() {
        let a = size(2, 3), b = size(2, 4), c = size(1, 3)
        let x = input([a, b, c])
        check("reshape -1", [x]) { try $0[0].reshape([-1, c]) }
        check("view", [x]) { try $0[0].view([a * b * c]) }
        check("flatten 1", [x]) { try $0[0].flatten(startDim: 1) }
        check("transpose", [x]) { try $0[0].transpose(0, 2) }
        check("permute", [x]) { try $0[0].permute([1, 2, 0]) }
        check("t", [input([a, b])]) { try $0[0].t() }
        check("unsqueeze/squeeze", [x]) { try Tensor.mul($0[0].unsqueeze(1), Tensor.scalar(2)).squeeze(dim: 1) }
        let y = input([a, 2, c]), z = input([a, 1, c])
        check("cat dim 1", [x, y, z]) { try Tensor.cat($0, dim: 1) }
        let p = input([a, b]), q = input([a, b])
        check("stack dim 1", [p, q]) { try Tensor.stack($0, dim: 1) }
    }

    func testIndexing() throws {
        let x = input([size(3, 5), size(3, 6)])
        check("x[1]", [x]) { try $0[0].index([.at(1)]) }
        check("x[:, -1]", [x]) { try $0[0].index([.slice(start: nil, end: nil, step: nil), .at(-1)]) }
        check("x[::2, 1:]", [x]) {
            try $0[0].index([.slice(start: nil, end: nil, step: 2), .slice(start: 1, end: nil, step: nil)])
        }
        check("x[None, ..., 0]", [x]) { try $0[0].index([.newAxis, .ellipsis, .at(0)]) }
        let idx = T([4], [0, 2, 0, -1], dtype: .int64)  // repeated index: gradients add
        check("x[idx]", [x]) { try $0[0].index([.tensor(idx)]) }
        let mask = try Tensor.compare(x, Tensor.scalar(0), .gt)
        check("x[mask]", [x]) { try $0[0].index([.tensor(mask)]) }
    }

    // MARK: matmul, linear, conv, pooling

    func testMatmul() {
        let m = size(1, 4), k = size(1, 5), n = size(1, 4)
        check("matmul 2-D", [input([m, k]), input([k, n])]) { try Tensor.matmul($0[0], $0[1]) }
        check("matmul vec @ mat", [input([k]), input([k, n])]) { try Tensor.matmul($0[0], $0[1]) }
        check("matmul mat @ vec", [input([m, k]), input([k])]) { try Tensor.matmul($0[0], $0[1]) }
        check("matmul dot", [input([k]), input([k])]) { try Tensor.matmul($0[0], $0[1]) }
        check("matmul batched broadcast", [input([2, 1, m, k]), input([3, k, n])]) { try Tensor.matmul($0[0], $0[1]) }
    }

    func testLinear() {
        let n = size(1, 4), i = size(1, 6), o = size(1, 5)
        check("linear", [input([n, i]), input([o, i]), input([o])]) {
            try Functional.linear($0[0], weight: $0[1], bias: $0[2])
        }
        check("linear no bias, 3-D input", [input([2, n, i]), input([o, i])]) {
            try Functional.linear($0[0], weight: $0[1], bias: nil)
        }
    }

    func testConv2d() {
        for (k, s, p) in [(3, 1, 0), (3, 2, 1), (2, 1, 1), (5, 2, 2)] {
            let n = size(1, 2), c = size(1, 3), o = size(1, 3)
            let h = size(k, k + 3), w = size(k, k + 4)
            check("conv2d k\(k) s\(s) p\(p)", [input([n, c, h, w]), input([o, c, k, k]), input([o])]) {
                try Functional.conv2d($0[0], weight: $0[1], bias: $0[2], stride: s, padding: p)
            }
        }
        check("conv2d no bias, non-square kernel", [input([1, 2, 5, 6]), input([2, 2, 2, 3])]) {
            try Functional.conv2d($0[0], weight: $0[1], bias: nil, stride: 1, padding: 1)
        }
    }

    func testPooling() {
        for (k, s) in [(2, 2), (3, 2), (2, 1)] {
            let x = distinct([size(1, 2), size(1, 3), size(k, 7), size(k, 8)])
            check("max_pool2d k\(k) s\(s)", [x]) { try Functional.maxPool2d($0[0], kernel: k, stride: s) }
            check("avg_pool2d k\(k) s\(s)", [x]) { try Functional.avgPool2d($0[0], kernel: k, stride: s) }
        }
    }

    // MARK: activations, softmax, dropout, losses

    func testSoftmax() {
        let x = input([size(2, 4), size(2, 5), size(1, 3)])
        for d in [0, 1, 2] {
            check("softmax dim \(d)", [x]) { try Functional.softmax($0[0], dim: d) }
            check("log_softmax dim \(d)", [x]) { try Functional.logSoftmax($0[0], dim: d) }
        }
    }

    func testDropout() {
        let x = input([size(2, 5), size(2, 6)])
        check("dropout p 0.3", [x]) { try Functional.dropout($0[0], p: 0.3) }
        check("dropout eval", [x]) {
            try Tensor.mul(Functional.dropout($0[0], p: 0.3, training: false), Tensor.scalar(1))
        }
    }

    func testLosses() throws {
        let n = size(1, 5), c = size(2, 6)
        let logits = input([n, c])
        let target = T([n], (0..<n).map { _ in Float(gen.int(0, c)) }, dtype: .int64)
        for red in Reduction.allCases {
            check("cross_entropy \(red)", [logits]) { try Functional.crossEntropy($0[0], target, reduction: red) }
            check("nll_loss \(red)", [logits]) { try Functional.nllLoss($0[0], target, reduction: red) }
            check("mse_loss \(red)", [input([n, c]), input([n, c])]) {
                try Functional.mseLoss($0[0], $0[1], reduction: red)
            }
        }
        let probs = try Functional.softmax(input([n, c]), dim: 1).detach()
        probs.requiresGrad = true
        check("cross_entropy soft targets", [logits, probs]) { try Functional.crossEntropy($0[0], $0[1]) }
        let p = try input([n, c]).sigmoid().detach()
        p.requiresGrad = true
        let t = try Tensor.rand([n, c])
        t.requiresGrad = true
        check("binary_cross_entropy", [p, t], atol: 2e-2) { try Functional.binaryCrossEntropy($0[0], $0[1]) }
        check("log_softmax + nll = cross_entropy", [logits]) {
            try Functional.nllLoss(Functional.logSoftmax($0[0], dim: 1), target)
        }
    }

    /// The gradcheck itself must fail on a wrong gradient (otherwise these tests prove nothing).
    func testGradcheckDetectsAWrongGradient() throws {
        let x = input([3, 4])
        // exp(x).detach() + x: the value depends on exp(x), the recorded graph does not.
        let r = try gradcheck({ try Tensor.add($0[0].exp().detach(), $0[0]) }, inputs: [x])
        XCTAssertFalse(r.passed, r.description)
        XCTAssertTrue(r.description.contains("NOT OK"), r.description)
    }

    // MARK: long chains

    func testChainOf100kOpsBackpropsAndReleases() throws {
        let x = T([2], [0.5, -1])
        x.requiresGrad = true
        var y = x
        for _ in 0..<100_000 { y = try Tensor.mul(y, Tensor.scalar(1.00001)) }
        try y.sum().backward()
        let expected = Float(Foundation.pow(Double(Float(1.00001)), 100_000.0))
        assertClose(
            x.grad ?? Tensor(0), T([2], [expected, expected]), atol: 1e-4, rtol: 1e-2, "grad through 100k muls")
        y = x  // drops the (released) graph

        // A graph that is dropped without backward must also be freed without recursion.
        var z = x
        for _ in 0..<100_000 { z = try Tensor.add(z, Tensor.scalar(1)) }
        assertClose(z, T([2], [100_000.5, 99_999]), atol: 0, rtol: 1e-6, "values after 100k adds")
        z = x
        XCTAssertTrue(z === x)
    }
}
