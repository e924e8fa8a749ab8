// DataLoader: batches of a Dataset, optionally shuffled each epoch by the loader's own generator.
//
// Batches are gathered from the dataset's bulk form (a 256-entry byte table for pointwise transforms,
// else one contiguous float array): a batch of B samples is one allocation, no per-sample one. The
// loader's position (epoch, this epoch's order, next batch, generator state) is explicit state, so
// `snapshot()`/`restore(_:)`
// can rewind it exactly for the REPL's `:undo`.
//
// Iterating (`for (data, target) in loader`) starts a new epoch, as `iter(loader)` does in PyTorch;
// `nextBatch()` continues the current one (fit and the Trainer use it).
//
// Non-goals: worker processes, samplers other than sequential/random, collate functions.

/// One batch: images `[B, ...sample shape]`, int64 targets `[B]`, and the dataset indices used.
public struct Batch: @unchecked Sendable {
    public let data: Tensor
    public let target: Tensor
    public let indices: [Int]
    public init(data: Tensor, target: Tensor, indices: [Int]) {
        self.data = data
        self.target = target
        self.indices = indices
    }
}

/// The loader's position, restorable with `DataLoader.restore(_:)`.
public struct DataLoaderSnapshot: Sendable {
    let generator: Generator
    let epoch: Int
    let batchIndex: Int
    let order: [Int]?
    let inEpoch: Bool
}

/// How a DataLoader builds batches.
public enum BatchAssembly: String, Sendable, CaseIterable {
    /// Read samples through the dataset's bulk form (a byte table, or the whole set in floats when a
    /// transform is not pointwise); the fastest.
    case bulk
    /// Transform each sample from its raw bytes as it is batched (torchvision's way; only bytes in memory).
    case perSample = "per-sample"
}

/// PyTorch's `DataLoader(dataset, batch_size, shuffle)` (single process).
public final class DataLoader: Sequence, @unchecked Sendable {
    public let dataset: Dataset
    public let batchSize: Int
    public let shuffle: Bool
    /// Drop the last batch when it is smaller than `batchSize`.
    public let dropLast: Bool
    /// The seed of the loader's own shuffling generator.
    public let seed: UInt64
    /// Bulk slicing (default) or per-sample transforms; both give the same bits.
    public let assembly: BatchAssembly

    private var rng: GradEngine.Generator
    /// Epochs started so far (1 during the first epoch).
    public private(set) var epoch: Int = 0
    /// Batches already returned in the current epoch.
    public private(set) var batchIndex: Int = 0
    /// This epoch's sample order; nil means 0, 1, 2, ... .
    public private(set) var order: [Int]?
    /// True between `startEpoch()` and the end of that epoch's batches.
    public private(set) var inEpoch = false
    /// The error that ended the last `for` loop early, if any (a Sequence cannot throw).
    public private(set) var lastError: Error?

    /// - Parameters:
    ///   - seed: seed of the shuffling generator; nil draws one from `RNG.global` (so
    ///     `manualSeed` makes shuffles reproducible, as in PyTorch).
    public init(
        _ dataset: Dataset, batchSize: Int = 1, shuffle: Bool = false, seed: UInt64? = nil,
        dropLast: Bool = false, assembly: BatchAssembly = .bulk
    ) throws {
        guard batchSize >= 1 else {
            throw EngineError(
                "DataLoader", "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.assembly = assembly
        let s = seed ?? RNG.global.next()
        self.seed = s
        self.rng = GradEngine.Generator(seed: s)
    }

    /// Number of batches per epoch (PyTorch's `len(loader)`).
    public var count: Int {
        dropLast ? dataset.count / batchSize : dataset.count / batchSize + (dataset.count % batchSize == 0 ? 0 : 1)
    }

    /// Batches left in the current epoch (0 when no epoch is running).
    public var remaining: Int { inEpoch ? count - batchIndex : 0 }

    /// Starts a new epoch: draws a new order when shuffling, resets the batch position.
    public func startEpoch() {
        epoch += 1
        batchIndex = 0
        inEpoch = true
        if shuffle {
            var perm = Array(0..<dataset.count)
            // Fisher-Yates with the loader's generator.
            var i = perm.count - 1
            while i > 0 {
                let j = rng.int(0, i + 1)
                perm.swapAt(i, j)
                i -= 1
            }
            order = perm
        } else {
            order = nil
        }
    }

    /// The next batch of the current epoch, or nil when it is over (or none was started).
    public func nextBatch() throws -> Batch? {
        guard inEpoch, batchIndex < count else {
            inEpoch = false
            return nil
        }
        let b = try batch(batchIndex)
        batchIndex += 1
        if batchIndex == count { inEpoch = false }
        return b
    }

    /// Batch number `b` of the current order (does not move the position).
    public func batch(_ b: Int) throws -> Batch {
        guard b >= 0, b < count else {
            throw EngineError("DataLoader", "batch \(b) is out of range (\(count) batches)")
        }
        let lo = b * batchSize, hi = lo + Swift.min(batchSize, dataset.count - lo)
        let idx = order.map { Array($0[lo..<hi]) } ?? Array(lo..<hi)
        return try gather(idx)
    }

    /// Builds a batch from dataset indices: each sample from the dataset's bulk form (a byte table or
    /// the cached floats, see Dataset), or (per-sample assembly) transformed from its raw bytes.
    public func gather(_ idx: [Int]) throws -> Batch {
        if assembly == .perSample { return try gatherPerSample(idx) }
        let n = dataset.count
        for i in idx where i < 0 || i >= n {
            throw EngineError("DataLoader", "index \(i) is out of range for a dataset of \(n) samples")
        }
        let (out, sampleShape) = try dataset.transformedBatch(idx)
        let labels = dataset.labelValues
        let tgt = idx.map { Float(labels[$0]) }
        let dtype: DType = dataset.transforms.isEmpty ? .int64 : .float32
        return Batch(
            data: try Tensor(shape: [idx.count] + sampleShape, data: out, dtype: dtype),
            target: try Tensor(shape: [idx.count], data: tgt, dtype: .int64),
            indices: idx)
    }

    private func gatherPerSample(_ idx: [Int]) throws -> Batch {
        var out: [Float] = []
        var sampleShape: [Int] = []
        var tgt = [Float](repeating: 0, count: idx.count)
        for (k, i) in idx.enumerated() {
            let s = try dataset.transformedSample(i)
            if k == 0 {
                sampleShape = s.image.shape
                out.reserveCapacity(idx.count * s.image.count)
            } else if s.image.shape != sampleShape {
                throw EngineError(
                    "DataLoader",
                    "sample \(i) has shape \(fmt(s.image.shape)), earlier samples of the batch \(fmt(sampleShape))")
            }
            out += s.image.data
            tgt[k] = Float(s.label)
        }
        let dtype: DType = dataset.transforms.isEmpty ? .int64 : .float32
        return Batch(
            data: try Tensor(shape: [idx.count] + sampleShape, data: out, dtype: dtype),
            target: try Tensor(shape: [idx.count], data: tgt, dtype: .int64),
            indices: idx)
    }

    /// The current position (generator, epoch, order, next batch).
    public func snapshot() -> DataLoaderSnapshot {
        DataLoaderSnapshot(generator: rng, epoch: epoch, batchIndex: batchIndex, order: order, inEpoch: inEpoch)
    }

    /// Goes back to a position taken by `snapshot()` of this loader.
    public func restore(_ s: DataLoaderSnapshot) throws {
        if let o = s.order, o.count != dataset.count {
            throw EngineError(
                "DataLoader.restore", "snapshot order has \(o.count) samples, the dataset has \(dataset.count)")
        }
        rng = s.generator
        epoch = s.epoch
        batchIndex = s.batchIndex
        order = s.order
        inEpoch = s.inEpoch
    }

    // MARK: Sequence

    /// Iterates one epoch: `for (data, target) in loader`. Starts a new epoch.
    public struct Iterator: IteratorProtocol {
        let loader: DataLoader
        public mutating func next() -> (data: Tensor, target: Tensor)? {
            do {
                guard let b = try loader.nextBatch() else { return nil }
                return (b.data, b.target)
            } catch {
                loader.lastError = error
                loader.inEpoch = false
                return nil
            }
        }
    }

    public func makeIterator() -> Iterator {
        lastError = nil
        startEpoch()
        return Iterator(loader: self)
    }

    public var underestimatedCount: Int { count }
}

extension DataLoader: CustomStringConvertible {
    public var description: String {
        "DataLoader(\(dataset.name), batch_size=\(batchSize), shuffle=\(shuffle ? "True" : "False"), "
            + "batches=\(count)\(assembly == .perSample ? ", per-sample" : ""))"
    }
}
