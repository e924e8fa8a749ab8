// AdaptiveAvgPool2d: average pooling to a fixed output size (PyTorch's nn.AdaptiveAvgPool2d and
// F.adaptive_avg_pool2d), forward and backward side by side.
//
// For output cell (i, j) of an input plane H × W pooled to OH × OW, the window is
//   rows ⌊i·H/OH⌋ ..< ⌈(i+1)·H/OH⌉,  columns ⌊j·W/OW⌋ ..< ⌈(j+1)·W/OW⌉
//   y[i, j] = mean of x over the window;   dx[window] += dy[i, j] / |window|
// (windows may overlap when the size does not divide evenly, exactly as in PyTorch).
// Non-goals: adaptive max pooling, 1-d/3-d variants.

import Foundation

extension Functional {
    /// Averages each plane of x [N, C, H, W] (or [C, H, W]) into `outputSize` (oh, ow) cells;
    /// a nil size keeps that dimension.
    public static func adaptiveAvgPool2d(_ x: Tensor, outputSize: (Int?, Int?)) throws -> Tensor {
        let op = "F.adaptive_avg_pool2d"
        guard x.ndim == 3 || x.ndim == 4 else {
            throw EngineError(op, "expected a 3-D or 4-D input ([C, H, W] or [N, C, H, W]), got \(fmt(x.shape))")
        }
        let h = x.shape[x.ndim - 2], w = x.shape[x.ndim - 1]
        let oh = outputSize.0 ?? h, ow = outputSize.1 ?? w
        guard oh >= 0, ow >= 0 else { throw EngineError(op, "output_size must be non-negative, got (\(oh), \(ow))") }
        guard h > 0, w > 0 || (oh == 0 || ow == 0) else {
            throw EngineError(op, "expected input with non-zero spatial size, got \(fmt(x.shape))")
        }
        let planes = x.shape.dropLast(2).reduce(1, *)
        let outShape = Array(x.shape.dropLast(2)) + [oh, ow]
        try Tensor.checkShape(outShape, op: op)
        func start(_ i: Int, _ o: Int, _ n: Int) -> Int { (i * n) / o }
        func end(_ i: Int, _ o: Int, _ n: Int) -> Int { ((i + 1) * n + o - 1) / o }
        var out = [Float](repeating: 0, count: planes * oh * ow)
        let xv = x.data
        for p in 0..<planes {
            for i in 0..<oh {
                let r0 = start(i, oh, h), r1 = end(i, oh, h)
                for j in 0..<ow {
                    let c0 = start(j, ow, w), c1 = end(j, ow, w)
                    var s: Float = 0
                    for r in r0..<r1 { for c in c0..<c1 { s += xv[(p * h + r) * w + c] } }
                    out[(p * oh + i) * ow + j] = s / Float((r1 - r0) * (c1 - c0))
                }
            }
        }
        let n = x.count
        return Tensor.result("adaptive_avg_pool2d", shape: outShape, data: out, inputs: [x]) { g in
            var gx = [Float](repeating: 0, count: n)
            for p in 0..<planes {
                for i in 0..<oh {
                    let r0 = start(i, oh, h), r1 = end(i, oh, h)
                    for j in 0..<ow {
                        let c0 = start(j, ow, w), c1 = end(j, ow, w)
                        let d = g[(p * oh + i) * ow + j] / Float((r1 - r0) * (c1 - c0))
                        for r in r0..<r1 { for c in c0..<c1 { gx[(p * h + r) * w + c] += d } }
                    }
                }
            }
            return [gx]
        }
    }
}

/// `nn.AdaptiveAvgPool2d(output_size)`: [N, C, H, W] → [N, C, oh, ow] whatever H and W are.
public final class AdaptiveAvgPool2d: Module, @unchecked Sendable {
    /// The output size; nil keeps the input's size in that dimension.
    public let outputSize: (Int?, Int?)
    /// Whether the size was given as one number (it prints as `output_size=5`, not `(5, 5)`).
    let single: Bool

    public init(_ outputSize: (Int?, Int?), single: Bool = false) throws {
        for v in [outputSize.0, outputSize.1] {
            if let v, v < 0 { throw EngineError("nn.AdaptiveAvgPool2d", "output_size must be non-negative, got \(v)") }
        }
        self.outputSize = outputSize
        self.single = single
        super.init()
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        try Functional.adaptiveAvgPool2d(x, outputSize: outputSize)
    }

    private func sizeText(_ v: Int?) -> String { v.map(String.init) ?? "None" }

    public override func extraRepr() -> String {
        single
            ? "output_size=\(sizeText(outputSize.0))"
            : "output_size=(\(sizeText(outputSize.0)), \(sizeText(outputSize.1)))"
    }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        if single, let s = outputSize.0 { return [("output_size", .int(s))] }
        if let a = outputSize.0, let b = outputSize.1 { return [("output_size", .ints([a, b]))] }
        return []
    }
}
