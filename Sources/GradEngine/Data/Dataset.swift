// Dataset: labelled images held in memory, with transforms applied per sample or to the whole set.
//
// The raw bytes ([N, H, W], 1 byte a pixel) stay in memory. The bulk path (the DataLoader's batches)
// reads transformed values in one of two forms, prepared once on first use:
//   - a table of 256 floats, the transforms applied to every possible byte, when every transform is
//     pointwise (ToTensor, Normalize): a batch is `table[byte]` per pixel, the same bits as
//     transforming each sample, and memory stays at the bytes (Fashion-MNIST: 47 MB, where its
//     floats took 188 MB);
//   - otherwise the transformed floats of the whole set in one contiguous array (N × sample size),
//     which the DataLoader slices into batches. For a dataset read from an IDX file the raw bytes
//     are then released, and re-read from the file if they are needed again (a raw image, a subset,
//     new transforms).
// `sample(i)` applies the transforms to one raw sample unless the bulk form exists. Changing
// `transforms` drops the bulk form.
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
    /// Transforms applied in order (torchvision's `Compose`). Setting it drops the bulk form.
    public var transforms: [Transform] { didSet { bulk = nil } }

    /// The transformed samples, in one of the two forms the header describes.
    private enum Bulk {
        /// `table[b]` is the transformed value of byte `b`, wherever it sits.
        case table([Float], sampleShape: [Int])
        /// Every sample's transformed values, back to back.
        case floats([Float], sampleShape: [Int])
    }
    private var bulk: Bulk?

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
        if bulk != nil, !transforms.isEmpty {
            // The bulk form is bit-identical to the per-sample path (tested).
            let b = try transformedBatch([i])
            return (try Tensor(shape: b.sampleShape, data: b.values), labelValues[i])
        }
        return try transformedSample(i)
    }

    /// Sample `i` transformed from its raw bytes, never from the bulk cache (the per-sample path).
    public func transformedSample(_ i: Int) throws -> (image: Tensor, label: Int) {
        var x = try rawImage(i)
        for t in transforms { x = try t.apply(x) }
        return (x, labelValues[i])
    }

    /// Prepares the bulk form (the byte table, or the floats of the whole set when a transform is
    /// not pointwise) and returns the shape of one transformed sample. Done once until `transforms`
    /// changes.
    @discardableResult
    public func prepareBulk() throws -> [Int] {
        try bulkForm().sampleShape
    }

    private func bulkForm() throws -> (bulk: Bulk, sampleShape: [Int]) {
        switch bulk {
        case .table(_, let s)?, .floats(_, let s)?:
            if let b = bulk { return (b, s) }
        case nil: break
        }
        let made: Bulk
        let shape: [Int]
        if transforms.allSatisfy(\.isPointwise) {
            // The shape (and any shape error) from the real image shape, on no samples; then the
            // 256 byte values as one sample of shape [1, 256].
            var none: [Float] = []
            var s = imageShape
            for t in transforms { s = try t.applyBulk(&none, n: 0, sampleShape: s) }
            var table = (0..<256).map(Float.init)
            var ts = [1, 256]
            for t in transforms { ts = try t.applyBulk(&table, n: 1, sampleShape: ts) }
            guard table.count == 256, s.reduce(1, *) == imageShape[0] * imageShape[1] else {
                throw EngineError("Dataset", "\(name): pointwise transforms changed the number of values")
            }
            made = .table(table, sampleShape: s)
            shape = s
        } else {
            let bytes = try rawImages
            var values = [Float](repeating: 0, count: bytes.count)
            values.withUnsafeMutableBufferPointer { v in
                bytes.withUnsafeBufferPointer { r in
                    for i in 0..<r.count { v[i] = Float(r[i]) }
                }
            }
            var s = imageShape
            for t in transforms { s = try t.applyBulk(&values, n: count, sampleShape: s) }
            made = .floats(values, sampleShape: s)
            shape = s
            if imagesFile != nil { raw = nil }  // re-readable from the file; see the header
        }
        bulk = made
        return (made, shape)
    }

    /// The transformed values of the samples at `idx`, back to back, and the shape of one sample
    /// (the DataLoader's batches). One allocation, the size of the result.
    public func transformedBatch(_ idx: [Int]) throws -> (values: [Float], sampleShape: [Int]) {
        for i in idx { try checkIndex(i) }
        let (form, shape) = try bulkForm()
        let size = shape.reduce(1, *)
        switch form {
        case .table(let table, _):
            let bytes = try rawImages
            let values = [Float](unsafeUninitializedCapacity: idx.count * size) { dst, done in
                table.withUnsafeBufferPointer { t in
                    bytes.withUnsafeBufferPointer { src in
                        for (k, i) in idx.enumerated() {
                            let s = i * size, d = k * size
                            for j in 0..<size { dst[d + j] = t[Int(src[s + j])] }
                        }
                    }
                }
                done = idx.count * size
            }
            return (values, shape)
        case .floats(let all, _):
            let values = [Float](unsafeUninitializedCapacity: idx.count * size) { dst, done in
                all.withUnsafeBufferPointer { src in
                    for (k, i) in idx.enumerated() {
                        let s = i * size, d = k * size
                        for j in 0..<size { dst[d + j] = src[s + j] }
                    }
                }
                done = idx.count * size
            }
            return (values, shape)
        }
    }

    /// The transformed values of every sample, back to back, and the shape of one sample
    /// (N × sample size floats, made on each call from the bulk form).
    public func transformedValues() throws -> (values: [Float], sampleShape: [Int]) {
        if case .floats(let v, let s)? = bulk { return (v, s) }
        return try transformedBatch(Array(0..<count))
    }

    /// All images, transformed, as one tensor `[N] + sampleShape` (N × sample size floats).
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
