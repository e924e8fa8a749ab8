// OpsTests: values of the engine's ops against hand-computed or naively computed references, and
// bad input: every error is thrown (never a trap) with a message naming the op and the shapes.

import Foundation
import GradEngine
import XCTest

final class OpsTests: XCTestCase {
    /// Asserts that `body` throws an EngineError whose description is exactly `message`.
    func assertError(_ message: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Any) {
        do {
            _ = try body()
            XCTFail("expected error: \(message)", file: file, line: line)
        } catch {
            XCTAssertEqual("\(error)", message, file: file, line: line)
        }
    }

    // MARK: creation

    func testCreation() throws {
        assertClose(try Tensor.zeros([2, 3]), T([2, 3], [0, 0, 0, 0, 0, 0]), "zeros")
        assertClose(try Tensor.full([2], 7), T([2], [7, 7]), "full")
        assertClose(try Tensor.arange(0, 5), T([5], [0, 1, 2, 3, 4]), "arange")
        assertClose(try Tensor.arange(1, 2, 0.25), T([4], [1, 1.25, 1.5, 1.75]), "arange step")
        assertClose(try Tensor.arange(5, 0, -2), T([3], [5, 3, 1]), "arange negative step")
        XCTAssertEqual(try Tensor.arange(0, 3, dtype: .int64).dtype, .int64)
        assertClose(try Tensor.linspace(0, 1, 5), T([5], [0, 0.25, 0.5, 0.75, 1]), "linspace")
        assertClose(try Tensor.eye(2, 3), T([2, 3], [1, 0, 0, 0, 1, 0]), "eye")
        let s = Tensor.scalar(3)
        XCTAssertEqual(s.shape, [])
        XCTAssertEqual(Tensor.onesLike(T([2], [5, 6], dtype: .int64)).dtype, .int64)

        RNG.manualSeed(42)
        let a = try Tensor.randn([1000]), r = try Tensor.rand([1000]), i = try Tensor.randint(3, 7, [1000])
        RNG.manualSeed(42)
        assertClose(try Tensor.randn([1000]), a, atol: 0, rtol: 0, "randn is reproducible after manualSeed")
        let mean = a.data.reduce(0, +) / 1000
        XCTAssertEqual(mean, 0, accuracy: 0.15)
        XCTAssertTrue(r.data.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(i.dtype, .int64)
        XCTAssertEqual(Set(i.data), [3, 4, 5, 6])
    }

    // MARK: elementwise and reductions

    func testElementwise() throws {
        let x = T([4], [-2, -0.5, 0.5, 2])
        assertClose(x.relu(), T([4], [0, 0, 0.5, 2]), "relu")
        assertClose(x.abs(), T([4], [2, 0.5, 0.5, 2]), "abs")
        assertClose(try x.clamp(min: -1, max: 1), T([4], [-1, -0.5, 0.5, 1]), "clamp")
        assertClose(T([2], [-100, 100]).sigmoid(), T([2], [0, 1]), "sigmoid saturates without nan")
        assertClose(try Tensor.pow(T([3], [1, 2, 3]), Tensor.scalar(2)), T([3], [1, 4, 9]), "pow")
        let c = try Tensor.compare(T([3], [1, 2, 3]), T([1], [2]), .ge)
        XCTAssertEqual(c.dtype, .bool)
        assertClose(c, T([3], [0, 1, 1], dtype: .bool), "compare ge")
        assertClose(
            try Tensor.add(T([2, 1], [1, 2]), T([3], [10, 20, 30])), T([2, 3], [11, 21, 31, 12, 22, 32]),
            "broadcast add")
    }

    func testReductions() throws {
        let x = T([2, 3], [1, 5, 3, 4, 2, 6])
        assertClose(try x.sum(), Tensor.scalar(21), "sum")
        assertClose(try x.sum(dim: 0), T([3], [5, 7, 9]), "sum dim 0")
        assertClose(try x.mean(dim: -1, keepdim: true), T([2, 1], [3, 4]), "mean keepdim")
        let (v, i) = try x.max(dim: 1)
        assertClose(v, T([2], [5, 6]), "max values")
        assertClose(i, T([2], [1, 2], dtype: .int64), "max indices")
        assertClose(try x.min(), Tensor.scalar(1), "min")
        assertClose(try x.argmax(), Tensor.scalar(5, dtype: .int64), "argmax flat")
        assertClose(try x.argmin(dim: 0), T([3], [0, 1, 0], dtype: .int64), "argmin dim 0")
        assertClose(try x.variance(dim: 1), T([2], [4, 4]), "var unbiased")
        assertClose(
            try x.std(dim: 1, unbiased: false), T([2], [Float(8.0 / 3).squareRoot(), Float(8.0 / 3).squareRoot()]),
            "std biased")
        // Ties: max(dim) returns the first occurrence.
        assertClose(try T([4], [1, 3, 3, 0]).max(dim: 0).indices, Tensor.scalar(1, dtype: .int64), "first max on ties")
    }

    // MARK: shape and indexing

    func testShapeOps() throws {
        let x = try Tensor.arange(0, 6).reshape([2, 3])
        assertClose(try x.t(), T([3, 2], [0, 3, 1, 4, 2, 5]), "t")
        let y = try Tensor.arange(0, 24).reshape([2, 3, 4])
        let p = try y.permute([2, 0, 1])
        XCTAssertEqual(p.shape, [4, 2, 3])
        assertClose(try p.index([.at(1), .at(1)]), T([3], [13, 17, 21]), "permute")
        XCTAssertEqual(try y.view([-1, 4]).shape, [6, 4])
        XCTAssertEqual(try y.flatten(startDim: 1).shape, [2, 12])
        XCTAssertEqual(try y.unsqueeze(-1).shape, [2, 3, 4, 1])
        XCTAssertEqual(try T([1, 3, 1], [1, 2, 3]).squeeze().shape, [3])
        assertClose(try Tensor.cat([x, T([1, 3], [9, 9, 9])]), T([3, 3], [0, 1, 2, 3, 4, 5, 9, 9, 9]), "cat")
        assertClose(
            try Tensor.stack([T([2], [1, 2]), T([2], [3, 4])], dim: 1), T([2, 2], [1, 3, 2, 4]), "stack dim 1")
    }

    func testIndexing() throws {
        let x = try Tensor.arange(0, 12).reshape([3, 4])
        assertClose(try x.index([.at(-1)]), T([4], [8, 9, 10, 11]), "x[-1]")
        assertClose(
            try x.index([.slice(start: nil, end: nil, step: nil), .slice(start: 1, end: nil, step: 2)]),
            T([3, 2], [1, 3, 5, 7, 9, 11]), "x[:, 1::2]")
        assertClose(try x.index([.slice(start: -2, end: 100, step: nil), .at(0)]), T([2], [4, 8]), "x[-2:100, 0]")
        XCTAssertEqual(try x.index([.newAxis, .ellipsis]).shape, [1, 3, 4])
        assertClose(
            try x.index([.tensor(T([2], [2, 0], dtype: .int64))]), T([2, 4], [8, 9, 10, 11, 0, 1, 2, 3]), "x[idx]")
        let mask = try Tensor.compare(x, Tensor.scalar(8), .gt)
        assertClose(try x.index([.tensor(mask)]), T([3], [9, 10, 11]), "x[x > 8]")
        try x.setIndex([.slice(start: nil, end: nil, step: nil), .at(0)], to: Tensor.scalar(-1))
        assertClose(
            try x.index([.slice(start: nil, end: nil, step: nil), .at(0)]), T([3], [-1, -1, -1]), "x[:, 0] = -1")
    }

    // MARK: matmul, conv, pooling

    func testMatmul() throws {
        let a = T([2, 3], [1, 2, 3, 4, 5, 6]), b = T([3, 2], [1, 0, 0, 1, 1, 1])
        assertClose(try Tensor.matmul(a, b), T([2, 2], [4, 5, 10, 11]), "2-D")
        assertClose(try Tensor.matmul(T([3], [1, 2, 3]), T([3], [4, 5, 6])), Tensor.scalar(32), "dot")
        assertClose(try Tensor.matmul(a, T([3], [1, 1, 1])), T([2], [6, 15]), "mat @ vec")
        let batched = try Tensor.matmul(try Tensor.stack([a, a, a]), b)
        XCTAssertEqual(batched.shape, [3, 2, 2])
        assertClose(try batched.index([.at(2)]), T([2, 2], [4, 5, 10, 11]), "batched")
    }

    /// Large products are split over threads (row or column blocks): same values as one thread.
    func testThreadedKernelsMatchSingleThread() throws {
        RNG.manualSeed(11)
        let x = try Tensor.randn([300, 200]), w = try Tensor.randn([150, 200]), b = try Tensor.randn([150])
        let img = try Tensor.randn([8, 3, 12, 12]), k = try Tensor.randn([4, 3, 3, 3])
        func run() throws -> [Tensor] {
            for t in [x, w, b, img, k] {
                t.requiresGrad = true
                t.grad = nil
            }
            let y = try Functional.linear(x, weight: w, bias: b)  // x @ Wᵀ: 9M multiply-adds
            let z = try Tensor.matmul(y.t(), x)  // [150, 300] @ [300, 200]
            let c = try Functional.maxPool2d(Functional.conv2d(img, weight: k, bias: nil, padding: 1), kernel: 2)
            try Tensor.add(try z.sum(), try c.sum()).backward()
            return [y, z, c, x.grad!, w.grad!, b.grad!, img.grad!, k.grad!]
        }
        let saved = Gemm.threads
        defer { Gemm.setThreads(saved) }
        Gemm.setThreads(1)
        let one = try run()
        Gemm.setThreads(2)
        let two = try run()
        for (i, (a, e)) in zip(two, one).enumerated() {
            assertClose(a, e, atol: 1e-3, rtol: 1e-4, "2 threads vs 1, tensor \(i)")
        }
        var naive = [Float](repeating: 0, count: 300 * 150)
        for r in 0..<300 {
            for o in 0..<150 {
                var acc = Double(b.data[o])
                for i in 0..<200 { acc += Double(x.data[r * 200 + i]) * Double(w.data[o * 200 + i]) }
                naive[r * 150 + o] = Float(acc)
            }
        }
        assertClose(two[0], T([300, 150], naive), atol: 1e-3, rtol: 1e-4, "linear vs direct loops")
    }

    /// A direct (six-loop) convolution, the definition in the fixtures' README.
    func naiveConv(_ x: Tensor, _ w: Tensor, _ b: Tensor, stride s: Int, padding p: Int) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, k) = (w.shape[0], w.shape[2])
        let oh = (h + 2 * p - k) / s + 1, ow = (wd + 2 * p - k) / s + 1
        var out = [Float](repeating: 0, count: n * o * oh * ow)
        for ni in 0..<n {
            for oi in 0..<o {
                for i in 0..<oh {
                    for j in 0..<ow {
                        var acc = Double(b.data[oi])
                        for ci in 0..<c {
                            for u in 0..<k {
                                for v in 0..<k {
                                    let ih = i * s + u - p, iw = j * s + v - p
                                    if ih >= 0 && ih < h && iw >= 0 && iw < wd {
                                        acc +=
                                            Double(x.data[((ni * c + ci) * h + ih) * wd + iw])
                                            * Double(w.data[((oi * c + ci) * k + u) * k + v])
                                    }
                                }
                            }
                        }
                        out[((ni * o + oi) * oh + i) * ow + j] = Float(acc)
                    }
                }
            }
        }
        return T([n, o, oh, ow], out)
    }

    func testConv2dAgainstDirectLoops() throws {
        RNG.manualSeed(3)
        for (k, s, p) in [(5, 1, 0), (3, 2, 1), (3, 1, 2), (1, 1, 0)] {
            let x = try Tensor.randn([3, 2, 9, 11]), w = try Tensor.randn([4, 2, k, k]), b = try Tensor.randn([4])
            let y = try Functional.conv2d(x, weight: w, bias: b, stride: s, padding: p)
            assertClose(
                y, naiveConv(x, w, b, stride: s, padding: p), atol: 1e-4, rtol: 1e-4, "conv2d k\(k) s\(s) p\(p)")
        }
    }

    func testPooling() throws {
        let x = try Tensor.arange(0, 16).reshape([1, 1, 4, 4])
        assertClose(try Functional.maxPool2d(x, kernel: 2), T([1, 1, 2, 2], [5, 7, 13, 15]), "max_pool2d")
        assertClose(try Functional.avgPool2d(x, kernel: 2), T([1, 1, 2, 2], [2.5, 4.5, 10.5, 12.5]), "avg_pool2d")
        XCTAssertEqual(try Functional.maxPool2d(try Tensor.zeros([1, 1, 7, 7]), kernel: 2).shape, [1, 1, 3, 3])
        // Ties: the gradient goes to the first max in row-major window order (PyTorch CPU).
        // Width 20 also runs the eight-windows-at-a-time path of k2 s2.
        for (k, s) in [(2, 2), (3, 2)] {
            let (h, w) = (4, 20)
            let t = try Tensor.zeros([1, 1, h, w])
            t.requiresGrad = true
            try Functional.maxPool2d(t, kernel: k, stride: s).sum().backward()
            var expected = [Float](repeating: 0, count: h * w)
            for i in 0..<((h - k) / s + 1) { for j in 0..<((w - k) / s + 1) { expected[(i * s) * w + j * s] += 1 } }
            assertClose(t.grad ?? Tensor(0), T([1, 1, h, w], expected), "max_pool2d k\(k) s\(s) ties -> first")
        }
        // Random values against direct loops, widths with and without a remainder after eight windows.
        RNG.manualSeed(9)
        for w in [16, 21, 24] {
            let x = try Tensor.randn([2, 3, 6, w])
            let y = try Functional.maxPool2d(x, kernel: 2)
            var e = [Float](), ow = w / 2
            for pl in 0..<6 {
                for i in 0..<3 {
                    for j in 0..<ow {
                        let b = pl * 6 * w
                        e.append(
                            Swift.max(
                                Swift.max(x.data[b + 2 * i * w + 2 * j], x.data[b + 2 * i * w + 2 * j + 1]),
                                Swift.max(x.data[b + (2 * i + 1) * w + 2 * j], x.data[b + (2 * i + 1) * w + 2 * j + 1]))
                        )
                    }
                }
            }
            assertClose(y, T([2, 3, 3, ow], e), atol: 0, rtol: 0, "max_pool2d k2 width \(w)")
        }
    }

    // MARK: softmax, losses, dropout

    func testSoftmaxStableForLargeLogits() throws {
        let x = T([1, 3], [1000, 1001, 1002])
        let e = [Float(0.09003057), 0.24472847, 0.66524096]
        assertClose(try Functional.softmax(x, dim: 1), T([1, 3], e), "softmax of large logits")
        assertClose(
            try Functional.logSoftmax(x, dim: 1), T([1, 3], e.map { Foundation.log($0) }), "log_softmax of large logits"
        )
        let l = try Functional.crossEntropy(x, T([1], [2], dtype: .int64))
        assertClose(l, Tensor.scalar(-Foundation.log(0.66524096)), "cross_entropy of large logits")
    }

    func testLosses() throws {
        let logits = T([2, 3], [1, 2, 3, 1, 1, 1]), target = T([2], [2, 0], dtype: .int64)
        let lse0 = Foundation.log(Foundation.exp(Float(1)) + Foundation.exp(2) + Foundation.exp(3))
        let l = [lse0 - 3, Foundation.log(Float(3))]
        assertClose(try Functional.crossEntropy(logits, target, reduction: .none), T([2], l), "cross_entropy none")
        assertClose(
            try Functional.crossEntropy(logits, target, reduction: .sum), Tensor.scalar(l[0] + l[1]),
            "cross_entropy sum")
        let nll = try Functional.nllLoss(Functional.logSoftmax(logits, dim: 1), target)
        assertClose(nll, Tensor.scalar((l[0] + l[1]) / 2), "nll(log_softmax) = cross_entropy")
        assertClose(try Functional.mseLoss(T([2], [1, 3]), T([2], [0, 0])), Tensor.scalar(5), "mse")
        assertClose(
            try Functional.binaryCrossEntropy(T([2], [0.5, 1]), T([2], [1, 1])),
            Tensor.scalar(Foundation.log(Float(2)) / 2), "bce")
        assertClose(
            try Functional.binaryCrossEntropy(T([1], [0]), T([1], [1])), Tensor.scalar(100), "bce clamps log at -100")
        assertClose(
            try Functional.oneHot(T([3], [0, 2, 1], dtype: .int64)),
            T([3, 3], [1, 0, 0, 0, 0, 1, 0, 1, 0], dtype: .int64), "one_hot")
    }

    func testDropout() throws {
        RNG.manualSeed(5)
        let x = try Tensor.ones([10_000])
        let y = try Functional.dropout(x, p: 0.25)
        let kept = y.data.filter { $0 != 0 }
        XCTAssertTrue(kept.allSatisfy { Swift.abs($0 - 1 / 0.75) < 1e-6 })
        XCTAssertEqual(Double(kept.count) / 10_000, 0.75, accuracy: 0.02)
        XCTAssertTrue(try Functional.dropout(x, p: 0.25, training: false) === x)
        assertClose(try Functional.dropout(x, p: 1), try Tensor.zeros([10_000]), "dropout p=1")
    }

    // MARK: errors

    func testErrorsNameOpAndShapes() throws {
        assertError("matmul: shapes [4, 3] and [2, 5] cannot be multiplied (3 != 2)") {
            try Tensor.matmul(try Tensor.zeros([4, 3]), try Tensor.zeros([2, 5]))
        }
        assertError("F.max_pool2d: expected a 4-D input [N, C, H, W], got [100, 320]") {
            try Functional.maxPool2d(try Tensor.zeros([100, 320]), kernel: 2)
        }
        assertError("F.max_pool2d: input [1, 1, 1, 1] is smaller than the kernel 2x2") {
            try Functional.maxPool2d(try Tensor.zeros([1, 1, 1, 1]), kernel: 2)
        }
        assertError("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1") {
            try Tensor.add(try Tensor.zeros([2, 3]), try Tensor.zeros([4]))
        }
        assertError("view: shape [7, -1] is invalid for input of size 12 (shape [3, 4])") {
            try Tensor.zeros([3, 4]).view([7, -1])
        }
        assertError("index: index 5 is out of bounds for dimension 0 with size 3 (shape [3, 4])") {
            try Tensor.zeros([3, 4]).index([.at(5)])
        }
        assertError("index: too many indices for tensor of dimension 2 (shape [3, 4])") {
            try Tensor.zeros([3, 4]).index([.at(0), .at(0), .at(0)])
        }
        assertError(
            "sum: dimension out of range (expected to be in range of [-2, 1], but got 2) for a tensor of shape [3, 4]"
        ) {
            try Tensor.zeros([3, 4]).sum(dim: 2)
        }
        assertError("F.cross_entropy: target 10 is out of bounds for 10 classes") {
            try Functional.crossEntropy(try Tensor.zeros([2, 10]), T([2], [1, 10], dtype: .int64))
        }
        assertError(
            "F.cross_entropy: expected input batch_size (4) to match target batch_size (3) (input [4, 10], target [3])"
        ) {
            try Functional.crossEntropy(try Tensor.zeros([4, 10]), T([3], [1, 2, 3], dtype: .int64))
        }
        assertError(
            "F.conv2d: weight [10, 1, 5, 5] expects input with 1 channels, but input [2, 3, 28, 28] has 3 channels"
        ) {
            try Functional.conv2d(try Tensor.zeros([2, 3, 28, 28]), weight: try Tensor.zeros([10, 1, 5, 5]))
        }
        assertError("F.conv2d: expected a 4-D input [N, C, H, W], got [28, 28]") {
            try Functional.conv2d(try Tensor.zeros([28, 28]), weight: try Tensor.zeros([10, 1, 5, 5]))
        }
        assertError("F.linear: input [100, 320] and weight [50, 300] cannot be multiplied (320 != 300)") {
            try Functional.linear(try Tensor.zeros([100, 320]), weight: try Tensor.zeros([50, 300]))
        }
        assertError(
            "cat: sizes of tensors must match except in dimension 0: expected size 3 but got size 4 for tensor number "
                + "1 in the list (shapes [2, 3] and [2, 4])"
        ) {
            try Tensor.cat([try Tensor.zeros([2, 3]), try Tensor.zeros([2, 4])])
        }
        assertError("F.dropout: dropout probability has to be between 0 and 1, but got 1.5") {
            try Functional.dropout(try Tensor.zeros([2]), p: 1.5)
        }
        assertError("randint: random_ expects 'from' to be less than 'to', but got from=5 >= to=5") {
            try Tensor.randint(5, 5, [2])
        }
        assertError("zeros: negative dimension in shape [2, -1]") { try Tensor.zeros([2, -1]) }
        assertError("permute: repeated dim in permute [0, 0]") { try Tensor.zeros([2, 2]).permute([0, 0]) }
        assertError("clamp: at least one of 'min' or 'max' must not be None") { try Tensor.zeros([2]).clamp() }
        assertError("add: shape [1048576, 1048576] has too many elements (limit 4294967296)") {
            try Tensor.add(try Tensor.zeros([1 << 20, 1]), try Tensor.zeros([1, 1 << 20]))
        }
        assertError("index: index nan is out of bounds for dimension 0 with size 3 (shape [3])") {
            try Tensor.zeros([3]).index([.tensor(T([1], [.nan], dtype: .int64))])
        }
        assertError("F.one_hot: class values must be non-negative and below 10⁹") {
            try Functional.oneHot(T([1], [.infinity], dtype: .int64))
        }
    }
}
