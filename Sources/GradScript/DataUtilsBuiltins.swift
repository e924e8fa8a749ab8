// DataUtilsBuiltins: torch.utils.data beyond the image datasets — `Dataset` as a base class for a
// learner's `class MyData(Dataset)` (with `__len__`/`__getitem__`), `TensorDataset`, `Subset` of any
// indices, `random_split` (lengths or fractions, `generator=torch.Generator().manual_seed(42)`),
// `torch.Generator`, and a DataLoader over any of them or over a plain list, with PyTorch's
// default collate: tensors are stacked, numbers become a tensor (int64 for ints, float64 for floats),
// tuples/lists collate element by element into a list, dicts key by key; strings stay lists.
// Image datasets keep the engine's fast DataLoader (so `fit` works on them).
// Non-goals: worker processes, samplers, PyTorch's exact shuffles (the random stream differs).

import GradEngine

extension BuiltinTable {
    func registerDataUtils(_ u: Namespace) {
        let datasetBase = ClassValue(name: "Dataset", bases: [], isModule: false)
        datasetBase.attrs["__init__"] = .object(
            BuiltinFunction(Signature("Dataset.__init__(*args, **kwargs)")) { _, _ in .none })
        datasetBase.attrOrder.append("__init__")
        u.set("Dataset", .object(datasetBase))
        globals["Dataset"] = globals["Dataset"] ?? .object(datasetBase)

        def(
            "torch.utils.data.TensorDataset", "torch.utils.data.TensorDataset(*tensors)",
            "Samples are the rows of tensors of the same length: ds[i] = (x[i], y[i]).",
            "ds = torch.utils.data.TensorDataset(torch.arange(6).view(3, 2), torch.tensor([0, 1, 0]))\nds[1]", in: u
        ) { b, _ in
            let ts = try b.rest.map { try toTensor($0, "TensorDataset") }
            guard let n = ts.first?.shape.first else {
                throw valueError("TensorDataset needs at least one tensor with a first dimension")
            }
            guard ts.allSatisfy({ $0.shape.first == n }) else { throw valueError("Size mismatch between tensors") }
            return .object(TensorDatasetObject(ts))
        }
        def(
            "torch.utils.data.random_split", "torch.utils.data.random_split(dataset, lengths, generator=None)",
            "Splits a dataset into non-overlapping random Subsets of the given lengths (or fractions summing to 1).",
            "a, b = torch.utils.data.random_split(list(range(10)), [0.8, 0.2])\nlen(a), len(b)", in: u
        ) { b, interp in
            let ds = b.raw("dataset") ?? .none
            guard let n = try BuiltinTable.datasetLength(ds, interp) else {
                throw typeError("random_split(): \(ds.typeName) has no len()")
            }
            let lengths = try interp.toList(b.raw("lengths") ?? .none).map {
                try toDouble($0, "random_split(): lengths")
            }
            let sizes = try Sampling.splitLengths(lengths, total: n)
            var rng: Generator
            if case .object(let g as GeneratorObject)? = b.value("generator") {
                rng = Generator(seed: g.generator.next())
            } else {
                rng = Generator(seed: RNG.global.next())
            }
            return .list(
                ListRef(
                    try Sampling.randomSplit(total: n, lengths: sizes, &rng).map {
                        try BuiltinTable.subset(ds, $0, interp)
                    }))
        }
        globals["TensorDataset"] = u.members["TensorDataset"]
        globals["random_split"] = u.members["random_split"]
        u.makeClass("TensorDataset", pyModule: "torch.utils.data.dataset", kind: .object)
        u.makeClass("Subset", pyModule: "torch.utils.data.dataset", kind: .object)
        u.makeClass("DataLoader", pyModule: "torch.utils.data.dataloader", kind: .object)
        if case .object(let torch as Namespace)? = modules["torch"] {
            def(
                "torch.Generator", "torch.Generator(device='cpu')",
                "A random generator of its own (for random_split and DataLoader shuffles); seed it with manual_seed.",
                "g = torch.Generator().manual_seed(42)", in: torch
            ) { _, _ in .object(GeneratorObject()) }
        }
    }

    /// `len(dataset)` for any dataset value (nil when it has none).
    static func datasetLength(_ ds: Value, _ interp: Interpreter) throws -> Int? {
        switch ds {
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .tensor(let t): return t.shape.first
        case .object(let o as Instance):
            let f = try interp.getAttribute(.object(o), "__len__")
            let n = try toInt(try interp.callValue(f, Args()), "__len__()")
            guard n >= 0 else { throw valueError("__len__() should return >= 0") }  // Python's len()
            return n
        case .object(let o): return try o.length()
        default: return nil
        }
    }

    /// `dataset[i]` for any dataset value.
    static func datasetItem(_ ds: Value, _ i: Int, _ interp: Interpreter) throws -> Value {
        switch ds {
        case .list(let l):
            guard i >= 0 && i < l.items.count else {
                throw ScriptError(kind: "IndexError", message: "list index out of range")
            }
            return l.items[i]
        case .object(let o as Instance):
            return try interp.callValue(try interp.getAttribute(.object(o), "__getitem__"), Args([.int(i)]))
        case .object(let o):
            if let v = try o.getItem(.int(i), interp) { return v }
            throw typeError("'\(o.typeName)' object is not subscriptable")
        default:
            return try interp.callValue(try interp.getAttribute(ds, "__getitem__"), Args([.int(i)]))
        }
    }

    /// `Subset(dataset, indices)`: an image dataset stays an engine dataset (fast loader, fit), others wrap.
    static func subset(_ ds: Value, _ idx: [Int], _ interp: Interpreter) throws -> Value {
        if case .object(let d as DatasetObject) = ds {
            if let f = idx.first, idx == Array(f..<(f + idx.count)) {
                return .object(
                    DatasetObject(try d.dataset.subset(f..<(f + idx.count)), targetTransform: d.targetTransform))
            }
            return .object(DatasetObject(try d.dataset.subset(indices: idx), targetTransform: d.targetTransform))
        }
        guard let n = try datasetLength(ds, interp) else {
            throw typeError("Subset(): \(ds.typeName) is not a dataset (it has no len())")
        }
        for i in idx where i < 0 || i >= n {
            throw ScriptError(
                kind: "IndexError", message: "Subset(): index \(i) is out of range for a dataset of \(n) samples")
        }
        return .object(SubsetObject(ds, idx))
    }

    /// PyTorch's default_collate of a batch of samples.
    static func collate(_ items: [Value], _ interp: Interpreter) throws -> Value {
        guard let first = items.first else { return .list(ListRef([])) }
        switch first {
        case .tensor:
            return .tensor(try Tensor.stack(try items.map { try toTensor($0, "default_collate") }, dim: 0))
        case .int, .bool:
            let isBool: Bool = {
                if case .bool = first { return true }
                return false
            }()
            return .tensor(
                try Tensor(
                    shape: [items.count], data: try items.map { Float(try toDouble($0, "default_collate")) },
                    dtype: isBool ? .bool : .int64))
        case .float:
            // Python floats collate to float64, as torch.tensor([1.5, 2.5], dtype=torch.float64).
            return .tensor(
                try Tensor(shape: [items.count], doubles: try items.map { try toDouble($0, "default_collate") }))
        case .string, .none:
            return .list(ListRef(items))
        case .dict(let d):
            let out = DictRef()
            for k in d.keys {
                try out.set(
                    k,
                    try collate(
                        try items.map { v in
                            guard case .dict(let e) = v, let x = try e.get(k) else {
                                throw ScriptError(kind: "KeyError", message: k.repr)
                            }
                            return x
                        }, interp))
            }
            return .dict(out)
        default:
            if let arr = first.asArray {
                let n = arr.count
                var cols: [Value] = []
                for j in 0..<n {
                    cols.append(
                        try collate(
                            try items.map { v in
                                guard let a = v.asArray, a.count == n else {
                                    throw ScriptError(
                                        kind: "RuntimeError",
                                        message: "each element in list of batch should be of equal size")
                                }
                                return a[j]
                            }, interp))
                }
                return .list(ListRef(cols))  // default_collate gives a list for tuple samples too
            }
            throw typeError(
                "default_collate: batch must contain tensors, numbers, dicts or lists; found \(first.typeName)")
        }
    }
}

/// `torch.Generator()`: a generator of its own, seeded with `manual_seed`.
final class GeneratorObject: ScriptObject, @unchecked Sendable {
    var generator = Generator(seed: RNG.global.next())
    override var typeName: String { "Generator" }
    override var repr: String { "<torch._C.Generator object>" }
    override var attributeNames: [String] { ["manual_seed", "seed", "initial_seed"] }
    private var seedValue: Int = 0
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "manual_seed":
            return .object(
                BuiltinFunction(Signature("Generator.manual_seed(seed)")) { [self] b, _ in
                    let s = try b.int("seed")
                    self.seedValue = s
                    self.generator = Generator(seed: UInt64(bitPattern: Int64(s)))
                    return .object(self)
                })
        case "initial_seed":
            return .object(
                BuiltinFunction(Signature("Generator.initial_seed()")) { [self] _, _ in .int(self.seedValue) })
        default: return nil
        }
    }
}

/// `TensorDataset(x, y)`: sample i is the tuple of row i of each tensor.
final class TensorDatasetObject: ScriptObject, @unchecked Sendable {
    let tensors: [Tensor]
    init(_ ts: [Tensor]) { tensors = ts }
    override var typeName: String { "TensorDataset" }
    override var repr: String { "<torch.utils.data.dataset.TensorDataset object>" }
    override func length() throws -> Int? { tensors.first?.shape.first ?? 0 }
    override var attributeNames: [String] { ["tensors"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        n == "tensors" ? .tuple(tensors.map(Value.tensor)) : nil
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        .tuple(try tensors.map { .tensor(try $0.index([.at(try toInt(index, "TensorDataset index"))])) })
    }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var i = 0
        let n = tensors.first?.shape.first ?? 0
        return { [self] in
            guard i < n else { return nil }
            defer { i += 1 }
            return try self.getItem(.int(i), interp)
        }
    }
    /// Rows `idx` of every tensor, gathered at once (the loader's fast path).
    func batch(_ idx: [Int]) throws -> Value { .list(ListRef(try tensors.map { .tensor(try Sampling.rows($0, idx)) })) }
}

/// `Subset(dataset, indices)` of a dataset that is not an image dataset.
final class SubsetObject: ScriptObject, @unchecked Sendable {
    let dataset: Value
    let indices: [Int]
    init(_ d: Value, _ i: [Int]) {
        dataset = d
        indices = i
    }
    override var typeName: String { "Subset" }
    override var repr: String { "<torch.utils.data.dataset.Subset object>" }
    override func length() throws -> Int? { indices.count }
    override var attributeNames: [String] { ["dataset", "indices"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "dataset": return dataset
        case "indices": return .list(ListRef(indices.map(Value.int)))
        default: return nil
        }
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let i = try toInt(index, "Subset index")
        let k = i < 0 ? i + indices.count : i
        guard k >= 0 && k < indices.count else {
            throw ScriptError(kind: "IndexError", message: "list index out of range")
        }
        return try BuiltinTable.datasetItem(dataset, indices[k], interp)
    }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var it = indices.makeIterator()
        return { [self] in try it.next().map { try BuiltinTable.datasetItem(self.dataset, $0, interp) } }
    }
}

/// A DataLoader over a Python dataset as the engine's `fit`/`evaluate` read it: each batch is what
/// iterating the loader gives, `(inputs, targets)` as two tensors (a list of two is accepted too).
final class PythonBatches: BatchSource {
    let loader: GenericLoaderObject
    unowned let interp: Interpreter
    private var next: ValueIterator?
    private var seen = 0
    init(_ loader: GenericLoaderObject, _ interp: Interpreter) {
        self.loader = loader
        self.interp = interp
    }
    var count: Int { (try? loader.length()) ?? 0 }
    func startEpoch() throws {
        next = try loader.makeIterator(interp)
        seen = 0
    }
    func nextBatch() throws -> Batch? {
        guard let v = try next?() else {
            next = nil
            return nil
        }
        guard let pair = v.asArray, pair.count == 2, case .tensor(let x) = pair[0], case .tensor(let y) = pair[1]
        else {
            let got = v.asArray.map { "\(v.typeName) of \($0.map(\.typeName).joined(separator: ", "))" } ?? v.typeName
            throw typeError(
                "fit()/evaluate() need batches (inputs, targets) of two tensors; this DataLoader gives "
                    + got
                    + " (write the training loop out for other batches)")
        }
        let n = x.shape.first ?? 1
        defer { seen += n }
        return Batch(data: x, target: y, indices: Array(seen..<(seen + n)))
    }
}

/// A DataLoader over any dataset value: batches of collated samples, reshuffled every epoch.
final class GenericLoaderObject: ScriptObject, @unchecked Sendable {
    let dataset: Value
    let batchSize: Int?
    let shuffle: Bool
    let dropLast: Bool
    let collateFn: Value?
    let count: Int
    var rng: Generator
    init(
        _ ds: Value, batchSize: Int?, shuffle: Bool, dropLast: Bool, seed: UInt64, collate: Value?,
        _ interp: Interpreter
    ) throws {
        guard let n = try BuiltinTable.datasetLength(ds, interp) else {
            throw typeError(
                "DataLoader(): \(ds.typeName) is not a dataset (give it __len__ and __getitem__, or use a list)")
        }
        if let b = batchSize, b < 1 {
            throw valueError("batch_size should be a positive integer value, but got batch_size=\(b)")
        }
        dataset = ds
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        collateFn = collate
        count = n
        rng = Generator(seed: seed)
    }
    override var typeName: String { "DataLoader" }
    override var repr: String { "<torch.utils.data.dataloader.DataLoader object>" }
    override func length() throws -> Int? {
        guard let b = batchSize else { return count }
        return dropLast ? count / b : count / b + (count % b == 0 ? 0 : 1)  // no overflow for a huge b
    }
    override var attributeNames: [String] { ["dataset", "batch_size", "drop_last"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "dataset": return dataset
        case "batch_size": return batchSize.map(Value.int) ?? .none
        case "drop_last": return .bool(dropLast)
        default: return nil
        }
    }
    /// Most samples an epoch's order (one Int each) and batch ranges are built for.
    static let maxSamples = 1 << 26

    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        guard count <= Self.maxSamples else {
            throw ScriptError(
                kind: "MemoryError",
                message: "DataLoader: the dataset's __len__() is \(count); at most \(Self.maxSamples) samples can be "
                    + "loaded")
        }
        let order = shuffle ? Sampling.permutation(count, &rng) : Array(0..<count)
        guard let bs = batchSize else {
            var i = 0
            return { [self] in
                guard i < order.count else { return nil }
                defer { i += 1 }
                return try BuiltinTable.datasetItem(self.dataset, order[i], interp)
            }
        }
        let ranges = try Sampling.batches(count: count, batchSize: bs, dropLast: dropLast)
        var k = 0
        return { [self] in
            guard k < ranges.count else { return nil }
            defer { k += 1 }
            let idx = Array(order[ranges[k]])
            if self.collateFn == nil, case .object(let td as TensorDatasetObject) = self.dataset {
                return try td.batch(idx)
            }
            let items = try idx.map { try BuiltinTable.datasetItem(self.dataset, $0, interp) }
            if let f = self.collateFn { return try interp.callValue(f, Args([.list(ListRef(items))])) }
            return try BuiltinTable.collate(items, interp)
        }
    }
}
