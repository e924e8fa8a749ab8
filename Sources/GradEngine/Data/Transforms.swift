// Transforms: torchvision's ToTensor and Normalize for image datasets, per sample and in bulk.
//
// A raw sample is a [H, W] tensor of byte values 0...255 (dtype int64, like a uint8 image).
// `ToTensor` makes it float [1, H, W] in [0, 1] (x / 255, in float32 as torchvision computes it);
// `Normalize(mean, std)` maps each channel c to (x − mean[c]) / std[c]. The same arithmetic runs per
// sample (`apply`) and over a whole dataset at once (`applyBulk`), so both paths give identical bits.
// Both are *pointwise*: an output element depends only on the byte it came from (one channel after
// ToTensor), so a Dataset can transform the 256 possible bytes once and look values up per batch.
//
// Non-goals: PIL-style augmentation (crops, flips, rotations).

/// A transform of one sample, with an optional fast path over a whole dataset.
public protocol Transform: CustomStringConvertible, Sendable {
    /// Transforms one sample.
    func apply(_ x: Tensor) throws -> Tensor
    /// Transforms `n` samples stored back to back in `values`, each of shape `sampleShape`;
    /// returns the new per-sample shape. The default applies `apply` sample by sample.
    func applyBulk(_ values: inout [Float], n: Int, sampleShape: [Int]) throws -> [Int]
    /// Whether each output element is a function of the input element at the same place alone (and
    /// of its channel, which is the single channel of a Dataset's images): then the transformed value
    /// of a byte is the same wherever it sits, and a 256-entry table gives the same bits as `apply`.
    /// Default false.
    var isPointwise: Bool { get }
}

extension Transform {
    public var isPointwise: Bool { false }

    public func applyBulk(_ values: inout [Float], n: Int, sampleShape: [Int]) throws -> [Int] {
        let size = sampleShape.reduce(1, *)
        var out: [Float] = []
        var outShape = sampleShape
        for i in 0..<n {
            let x = try Tensor(shape: sampleShape, data: Array(values[(i * size)..<((i + 1) * size)]))
            let y = try apply(x)
            if i == 0 {
                outShape = y.shape
                out.reserveCapacity(n * y.count)
            }
            guard y.shape == outShape else {
                throw EngineError(
                    "transform",
                    "\(description) gave shape \(fmt(y.shape)) for sample \(i) but \(fmt(outShape)) for sample 0")
            }
            out += y.data
        }
        values = out
        return outShape
    }
}

/// torchvision's `ToTensor`: byte values [H, W] (or [C, H, W]) → float [1, H, W] in [0, 1].
public struct ToTensor: Transform {
    public init() {}
    public var description: String { "ToTensor()" }
    /// x / 255 element by element (the shape gains a channel dim, the values do not move).
    public var isPointwise: Bool { true }

    public func apply(_ x: Tensor) throws -> Tensor {
        let shape = try outShape(x.shape)
        var v = x.data
        for i in 0..<v.count { v[i] = v[i] / 255 }
        return try Tensor(shape: shape, data: v)
    }

    public func applyBulk(_ values: inout [Float], n: Int, sampleShape: [Int]) throws -> [Int] {
        let shape = try outShape(sampleShape)
        values.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = p[i] / 255 }
        }
        return shape
    }

    private func outShape(_ s: [Int]) throws -> [Int] {
        switch s.count {
        case 2: return [1] + s
        case 3: return s
        default: throw EngineError("ToTensor", "expected an image of shape [H, W] or [C, H, W], got \(fmt(s))")
        }
    }
}

/// torchvision's `Normalize(mean, std)`: channel c of a float [C, H, W] sample → (x − mean[c]) / std[c].
/// One mean/std value applies to every channel.
public struct Normalize: Transform {
    public let mean: [Float]
    public let std: [Float]

    public init(mean: [Float], std: [Float]) throws {
        guard !mean.isEmpty, mean.count == std.count || std.count == 1 || mean.count == 1 else {
            throw EngineError("Normalize", "mean has \(mean.count) values and std has \(std.count)")
        }
        guard std.allSatisfy({ $0 != 0 && $0.isFinite }) else {
            throw EngineError("Normalize", "std evaluated to zero or a non-finite value: \(std)")
        }
        self.mean = mean
        self.std = std
    }

    public init(_ mean: Float, _ std: Float) {
        self.mean = [mean]
        self.std = [std]
    }

    /// (x − mean[c]) / std[c] element by element.
    public var isPointwise: Bool { true }

    public var description: String {
        "Normalize(mean=\(tuple(mean)), std=\(tuple(std)))"
    }

    private func tuple(_ v: [Float]) -> String {
        v.count == 1 ? "(\(v[0]),)" : "(" + v.map { "\($0)" }.joined(separator: ", ") + ")"
    }

    public func apply(_ x: Tensor) throws -> Tensor {
        var v = x.data
        try normalize(&v, n: 1, sampleShape: x.shape)
        return try Tensor(shape: x.shape, data: v)
    }

    public func applyBulk(_ values: inout [Float], n: Int, sampleShape: [Int]) throws -> [Int] {
        try normalize(&values, n: n, sampleShape: sampleShape)
        return sampleShape
    }

    private func normalize(_ values: inout [Float], n: Int, sampleShape: [Int]) throws {
        guard sampleShape.count == 3 else {
            throw EngineError(
                "Normalize", "expected a float image of shape [C, H, W] (apply ToTensor first), got \(fmt(sampleShape))"
            )
        }
        let c = sampleShape[0], plane = sampleShape[1] * sampleShape[2]
        let k = max(mean.count, std.count)
        guard k == 1 || k == c else {
            throw EngineError("Normalize", "\(k) mean/std values for an image with \(c) channels")
        }
        let means = (0..<c).map { mean[mean.count == 1 ? 0 : $0] }
        let stds = (0..<c).map { std[std.count == 1 ? 0 : $0] }
        values.withUnsafeMutableBufferPointer { p in
            for s in 0..<n {
                for ch in 0..<c {
                    let m = means[ch], sd = stds[ch]
                    let base = (s * c + ch) * plane
                    for i in base..<(base + plane) { p[i] = (p[i] - m) / sd }  // tensor.sub_(mean).div_(std)
                }
            }
        }
    }
}
