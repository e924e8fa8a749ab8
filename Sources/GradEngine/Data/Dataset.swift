// Dataset: labelled images held in memory, with transforms applied per sample or to the whole set.
//
// The raw bytes ([N, H, W], 1 byte a pixel) and the transformed float values of the whole set,
// computed once on first use into one contiguous array (N × sample size floats), which the
// DataLoader slices into batches. `sample(i)` applies the transforms to one raw sample instead.
// Changing `transforms` drops that cache.
// NOTE: memory. For a dataset read from an IDX file, the raw bytes are released once the float cache
// exists and re-read from the file if they are needed again (a raw image, a subset, new transforms):
// Fashion-MNIST's floats are 210 MiB, its bytes another 52 MiB, and training must stay under 300 MiB.
//
// Non-goals: lazy loading from disk, non-image data, augmentation that differs per epoch.

/// An in-memory image classification dataset (MNIST-like): images, integer labels, class names.
public final class Dataset: @unchecked Sendable {
    /// A short name, e.g. `"FashionMNIST"`.
    public let name: String
    /// Whether this is the training split.
    public let train: Bool
    /// Where the data came from (a folder or file), for display.
    public let source: String
    /// The name of each class, indexed by label.
    public let classNames: [String]
    /// The IDX file the raw bytes can be re-read from, when the dataset came from one.
    public let imagesFile: String?
    private var raw: [UInt8]?
    /// The raw shape of one image, `[H, W]`.
    public let imageShape: [Int]
    /// The label of each sample, in `0..<classNames.count`.
    public let labelValues: [Int]
    /// Transforms applied in order (torchvision's `Compose`). Setting it drops the cached bulk values.
    public var transforms: [Transform] { didSet { cache = nil } }

    private var cache: (values: [Float], sampleShape: [Int])?

    /// Makes a dataset from raw bytes and labels, checking that their counts agree.
    public init(
        name: String, train: Bool, source: String, classNames: [String], rawImages: [UInt8],
        imageShape: [Int], labels: [Int], transforms: [Transform] = [], imagesFile: String? = nil
    ) throws {
        let size = imageShape.reduce(1, *)
        guard imageShape.count == 2, size > 0 else {
            throw EngineError("Dataset", "\(source): image shape must be [H, W], got \(fmt(imageShape))")
        }
        guard rawImages.count == labels.count * size else {
            throw EngineError("Dataset", "\(source): \(rawImages.count / size) images but \(labels.count) labels")
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classNames.count }) {
            throw EngineError(
                "Dataset", "\(source): label \(labels[bad]) of sample \(bad) is outside 0..<\(classNames.count)")
        }
        self.name = name
        self.train = train
        self.source = source
        self.classNames = classNames
        self.raw = rawImages
        self.imagesFile = imagesFile
        self.imageShape = imageShape
        self.labelValues = labels
        self.transforms = transforms
    }

    /// Raw pixel bytes, `count × H × W` (re-read from `imagesFile` if they were released).
    public var rawImages: [UInt8] {
        get throws {
            if let r = raw { return r }
            guard let f = imagesFile else {
                throw EngineError("Dataset", "\(name): raw images are not available")
            }
            let a = try IDX.read(path: f)
            guard a.data.count == count * imageShape[0] * imageShape[1] else {
                throw EngineError(
                    "Dataset",
                    "\(f) changed on disk: it now holds \(fmt(a.dims)) instead of \(count) images of \(fmt(imageShape))"
                )
            }
            raw = a.data
            return a.data
        }
    }

    /// Whether the raw bytes are in memory now.
    public var rawInMemory: Bool { raw != nil }

    /// Number of samples.
    public var count: Int { labelValues.count }
    /// Number of classes.
    public var numClasses: Int { classNames.count }

    /// The raw image `i` as a [H, W] tensor of byte values (dtype int64), before transforms.
    public func rawImage(_ i: Int) throws -> Tensor {
        try checkIndex(i)
        let size = imageShape[0] * imageShape[1]
        let v = try rawImages[(i * size)..<((i + 1) * size)].map(Float.init)
        return try Tensor(shape: imageShape, data: v, dtype: .int64)
    }

    /// Sample `i` with the transforms applied: `(image, label)`, e.g. `([1, 28, 28], 9)`.
    public func sample(_ i: Int) throws -> (image: Tensor, label: Int) {
        if let c = cache, !transforms.isEmpty {
            // The bulk values are bit-identical to the per-sample path (tested); slice them.
            try checkIndex(i)
            let size = c.sampleShape.reduce(1, *)
            return (
                try Tensor(shape: c.sampleShape, data: Array(c.values[(i * size)..<((i + 1) * size)])), labelValues[i]
            )
        }
        return try transformedSample(i)
    }

    /// Sample `i` transformed from its raw bytes, never from the bulk cache (the per-sample path).
    public func transformedSample(_ i: Int) throws -> (image: Tensor, label: Int) {
        var x = try rawImage(i)
        for t in transforms { x = try t.apply(x) }
        return (x, labelValues[i])
    }

    /// The transformed values of every sample, back to back, and the shape of one sample.
    /// Computed once (bulk path) and cached until `transforms` changes.
    public func transformedValues() throws -> (values: [Float], sampleShape: [Int]) {
        if let c = cache { return c }
        let bytes = try rawImages
        var values = [Float](repeating: 0, count: bytes.count)
        values.withUnsafeMutableBufferPointer { v in
            bytes.withUnsafeBufferPointer { r in
                for i in 0..<r.count { v[i] = Float(r[i]) }
            }
        }
        var shape = imageShape
        for t in transforms { shape = try t.applyBulk(&values, n: count, sampleShape: shape) }
        cache = (values, shape)
        if imagesFile != nil { raw = nil }  // re-readable from the file; see the NOTE above
        return (values, shape)
    }

    /// All images, transformed, as one tensor `[N] + sampleShape` (shares the cached storage).
    public func images() throws -> Tensor {
        let (v, s) = try transformedValues()
        let dtype: DType = transforms.isEmpty ? .int64 : .float32
        return try Tensor(shape: [count] + s, data: v, dtype: dtype)
    }

    /// All labels as an int64 tensor [N].
    public var labels: Tensor {
        // Count always matches: built from labelValues.
        (try? Tensor(shape: [count], data: labelValues.map(Float.init), dtype: .int64)) ?? Tensor(0)
    }

    /// The samples in `range` (PyTorch's `Subset(ds, range(a, b))`), same transforms.
    public func subset(_ range: Range<Int>) throws -> Dataset {
        guard range.lowerBound >= 0, range.upperBound <= count else {
            throw EngineError(
                "Dataset.subset",
                "range \(range.lowerBound)..<\(range.upperBound) is outside the \(count) samples of \(name)")
        }
        let size = imageShape[0] * imageShape[1]
        return try Dataset(
            name: name, train: train, source: source, classNames: classNames,
            rawImages: Array(try rawImages[(range.lowerBound * size)..<(range.upperBound * size)]),
            imageShape: imageShape, labels: Array(labelValues[range]), transforms: transforms)
    }

    /// The samples at `indices`, in that order (PyTorch's `Subset(ds, indices)`, any indices), same transforms.
    public func subset(indices: [Int]) throws -> Dataset {
        for i in indices where i < 0 || i >= count {
            throw EngineError("Dataset.subset", "index \(i) is outside the \(count) samples of \(name)")
        }
        let size = imageShape[0] * imageShape[1]
        let all = try rawImages
        var bytes = [UInt8]()
        bytes.reserveCapacity(indices.count * size)
        for i in indices { bytes += all[(i * size)..<((i + 1) * size)] }
        return try Dataset(
            name: name, train: train, source: source, classNames: classNames, rawImages: bytes,
            imageShape: imageShape, labels: indices.map { labelValues[$0] }, transforms: transforms)
    }

    /// The first `n` samples (all of them when `n` is larger).
    public func subset(first n: Int) throws -> Dataset {
        guard n >= 0 else { throw EngineError("Dataset.subset", "n must be >= 0, got \(n)") }
        return try subset(0..<min(n, count))
    }

    /// How many samples each class has.
    public var classCounts: [Int] {
        var c = [Int](repeating: 0, count: numClasses)
        for l in labelValues { c[l] += 1 }
        return c
    }

    func checkIndex(_ i: Int) throws {
        guard i >= 0, i < count else {
            throw EngineError("Dataset", "index \(i) is out of range for \(name) with \(count) samples")
        }
    }
}

extension Dataset: CustomStringConvertible {
    /// torchvision's repr: name, number of points, root, split, transforms.
    public var description: String {
        var s =
            "Dataset \(name)\n    Number of datapoints: \(count)\n    Root location: \(source)\n    Split: "
            + "\(train ? "Train" : "Test")"
        if !transforms.isEmpty {
            s +=
                "\n    StandardTransform\nTransform: Compose(\n"
                + transforms.map { "               \($0.description)" }.joined(separator: "\n") + "\n           )"
        }
        return s
    }
}
