// DataBuiltins: datasets, transforms, data loaders, training and evaluation, checkpoints and rich
// output, bound to the engine's Data/, Training/ and Checkpoint/ code:
//   datasets.FashionMNIST(train=True, transform=...), DataLoader(ds, batch_size=100, shuffle=True),
//   fit(model, optimizer, loader, epochs=1), evaluate(model, loader), save/load, trainer(...), show, plot.
// torchvision's spelling works too (`torchvision.datasets.MNIST('data/', train=True, download=True, transform=...)`).
// Non-goals: custom Dataset classes in the script, multi-process loading.

import Foundation
import GradEngine

extension BuiltinTable {
    func registerData() {
        section = "data: datasets and loaders"
        let torchvision = namespace("torchvision", bindAs: [])
        let datasets = namespace("torchvision.datasets", bindAs: ["datasets"])
        let transforms = namespace("torchvision.transforms", bindAs: ["transforms"])
        torchvision.set("datasets", .object(datasets))
        torchvision.set("transforms", .object(transforms))
        let utilsData: Namespace? = {
            if case .object(let n as Namespace)? = modules["torch.utils.data"] { return n }
            return nil
        }()

        for (name, isMNIST) in [("FashionMNIST", false), ("MNIST", true)] {
            def(
                "datasets.\(name)",
                "datasets.\(name)(root=None, train=True, download=False, transform=None, target_transform=None)",
                isMNIST
                    ? "MNIST digits from a folder of the four IDX files (download=True fetches them when online)."
                    : "Fashion-MNIST (60,000 train / 10,000 test 28×28 images) from /usr/share/datasets/fashion-mnist "
                        + "or $GRADSTEP_DATA.",
                "datasets.\(name)(train=False)" + (isMNIST ? "  # needs the MNIST files" : ""), in: datasets
            ) { b, interp in
                // torchvision expands '~' (os.path.expanduser): root='~/.pytorch/MNIST_data/' is the home folder's
                let root = b.has("root") ? PyOS.expandUser(try PyOS.pathString(b.value("root"), "\(name)()")) : nil
                let tf = try BuiltinTable.transforms(b.value("transform"), interp)
                let train = try b.bool("train", true)
                let ds: Dataset
                if isMNIST {
                    ds = try Datasets.mnist(
                        root: root, train: train, download: try b.bool("download", false), transforms: tf)
                } else {
                    ds = try Datasets.fashionMNIST(
                        root: root, train: train, download: try b.bool("download", false), transforms: tf)
                }
                return .object(DatasetObject(ds, targetTransform: b.value("target_transform")))
            }
        }
        def(
            "transforms.ToTensor", "transforms.ToTensor()", "Transform: pixel bytes 0…255 -> floats 0…1.",
            "transforms.ToTensor()", in: transforms
        ) { _, _ in
            .object(TransformObject([ToTensor()]))
        }
        def(
            "transforms.Normalize", "transforms.Normalize(mean, std)", "Transform: (x - mean) / std per channel.",
            "transforms.Normalize((0.1307,), (0.3081,))", in: transforms
        ) { b, _ in
            func floats(_ n: String) throws -> [Float] {
                let v = b.value(n) ?? .none
                if let arr = v.asArray { return try arr.map { Float(try toDouble($0, "Normalize \(n)")) } }
                return [Float(try toDouble(v, "Normalize \(n)"))]
            }
            return .object(TransformObject([try Normalize(mean: try floats("mean"), std: try floats("std"))]))
        }
        def(
            "transforms.Compose", "transforms.Compose(transforms)", "Applies a list of transforms in order.",
            "transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])", in: transforms
        ) { b, interp in
            return .object(TransformObject(try BuiltinTable.transforms(b.value("transforms"), interp)))
        }
        def(
            "transforms.Lambda", "transforms.Lambda(lambd)",
            "Transform: applies a function to each sample (e.g. lambda x: x.view(-1)).",
            "transforms.Compose([transforms.ToTensor(), transforms.Lambda(lambda x: x.view(-1))])", in: transforms
        ) { b, interp in
            guard let f = b.value("lambd") else {
                throw typeError("Lambda(): argument 'lambd' must be callable, not None")
            }
            return .object(TransformObject([LambdaTransform(f, interp)]))
        }
        def(
            "transforms.Resize", "transforms.Resize(size, interpolation=None, max_size=None, antialias=True)",
            "Transform: keeps images already of that size; other sizes are refused (torchvision's antialiased bilinear "
                + "resize is not implemented).",
            "transforms.Resize(28)", in: transforms
        ) { b, _ in
            guard b.value("max_size") == nil else {
                throw ScriptError(
                    kind: "NotImplementedError", message: "Resize(max_size=...) is not supported by gradstep")
            }
            let size = try b.ints("size") ?? []
            guard size.count == 1 || size.count == 2 else {
                throw valueError("Resize(): size must be an int or a pair (h, w), got \(size)")
            }
            return .object(TransformObject([ResizeTransform(size: size)]))
        }
        let loaderFn = def(
            "DataLoader",
            "DataLoader(dataset, batch_size=1, shuffle=False, seed=None, drop_last=False, num_workers=0, "
                + "pin_memory=False, collate_fn=None, generator=None)",
            "Batches of a dataset (any dataset, Subset, TensorDataset, user Dataset or list; collated as PyTorch "
                + "does); `len(loader)` is the number of batches.",
            "DataLoader(datasets.FashionMNIST(train=False), batch_size=100)",
            unsupported: [
                "sampler", "batch_sampler", "timeout", "worker_init_fn", "prefetch_factor", "persistent_workers",
            ]
        ) { b, interp in
            // num_workers and pin_memory change speed, not results, in PyTorch: accepted, loading stays in this
            // process.
            guard try b.int("num_workers", 0) >= 0 else {
                throw valueError("num_workers option should be non-negative")
            }
            var seed = try b.optInt("seed").map { UInt64(bitPattern: Int64($0)) }
            if case .object(let g as GeneratorObject)? = b.value("generator") { seed = g.generator.next() }
            let batch = b.passed("batch_size") && b.raw("batch_size")?.isNone == true ? nil : try b.int("batch_size", 1)
            if case .object(let d as DatasetObject)? = b.value("dataset"), d.targetTransform == nil, let batch,
                b.value("collate_fn") == nil
            {
                return .object(
                    DataLoaderObject(
                        try DataLoader(
                            d.dataset, batchSize: batch, shuffle: try b.bool("shuffle", false),
                            seed: seed, dropLast: try b.bool("drop_last", false))))
            }
            guard let ds = b.value("dataset") else { throw typeError("DataLoader(): dataset must not be None") }
            return .object(
                try GenericLoaderObject(
                    ds, batchSize: batch, shuffle: try b.bool("shuffle", false),
                    dropLast: try b.bool("drop_last", false),
                    seed: seed ?? RNG.global.next(), collate: b.value("collate_fn"), interp))
        }
        utilsData?.set("DataLoader", loaderFn)
        let subsetFn = def(
            "Subset", "Subset(dataset, indices)",
            "The samples of a dataset at the given indices (a range or any list of ints).",
            "Subset(datasets.FashionMNIST(train=False), range(100))"
        ) { b, interp in
            let ds = b.raw("dataset") ?? .none
            let idx = try interp.toList(b.raw("indices") ?? .none).map { try toInt($0, "Subset(): indices") }
            return try BuiltinTable.subset(ds, idx, interp)
        }
        utilsData?.set("Subset", subsetFn)
        if let u = utilsData { registerDataUtils(u) }

        section = "training and evaluation"
        def(
            "fit", "fit(model, optimizer, loader, epochs=1, loss=None, validation=None)",
            "Trains for some epochs with live progress (loss: F.cross_entropy when None); Ctrl-C stops after the "
                + "current batch. Returns the history.",
            "history = fit(network, optimizer, train_loader, epochs=1)"
        ) { b, interp in
            let model = try b.module("model")
            let opt = try BuiltinTable.optimizer(b)
            let loader = try BuiltinTable.batches(b, "loader", interp)
            let val = b.has("validation") ? try BuiltinTable.batches(b, "validation", interp) : nil
            let lossFn = try BuiltinTable.lossFunction(b.value("loss"), interp)
            let hooks = TrainingHooks(progress: { p in interp.progress?(p) }, shouldStop: { interp.interruptRequested })
            let h: History
            // Ctrl-C ends the current batch first: the user's forward/loss code does not raise on it.
            interp.interruptDeferred += 1
            defer { interp.interruptDeferred -= 1 }
            do {
                h = try fit(
                    model: model, optimizer: opt, loader: loader, epochs: try b.int("epochs", 1), loss: lossFn,
                    hooks: hooks, validation: val)
            } catch let e as NonFiniteLossError {
                throw ScriptError(kind: "FloatingPointError", message: e.description)
            }
            if h.interrupted {
                interp.clearInterrupt()
                interp.output(h.message ?? "training interrupted")
            }
            return .object(HistoryObject(h))
        }
        def(
            "evaluate", "evaluate(model, loader, loss=None, show=False)",
            "Loss (F.cross_entropy when None), accuracy and confusion matrix on a loader; show=True also displays "
                + "misclassified images.",
            "result = evaluate(network, test_loader)"
        ) { b, interp in
            let model = try b.module("model")
            let lossFn = try BuiltinTable.lossFunction(b.value("loss"), interp)
            if case .object(let g as GenericLoaderObject)? = b.value("loader") {
                // a DataLoader over a Python dataset: classes are the model's output columns
                let ev = try evaluate(model: model, batches: PythonBatches(g, interp), lossFn: lossFn)
                if try b.bool("show", false) {
                    interp.display(.confusion(matrix: ev.confusion, classNames: ev.classNames, summary: ev.summary))
                }
                return .object(EvaluationObject(ev))
            }
            let loader = try BuiltinTable.loader(b, "loader")
            let ev = try evaluate(model: model, loader: loader, lossFn: lossFn)
            if try b.bool("show", false) {
                interp.display(.confusion(matrix: ev.confusion, classNames: ev.classNames, summary: ev.summary))
                let idx = Array(ev.misclassified.prefix(16))
                if !idx.isEmpty {
                    let imgs = try idx.map { try loader.dataset.rawImage($0) }
                    let captions = idx.map { i in
                        "\(BuiltinTable.className(ev.classNames, loader.dataset.labelValues[i]))"
                            + "→\(BuiltinTable.className(ev.classNames, ev.predictions[i]))"
                    }
                    interp.display(
                        .captionedImages(
                            try Tensor.stack(imgs),
                            title:
                                "misclassified (first \(idx.count) of \(ev.misclassified.count)), caption "
                                + "true→predicted:",
                            captions: captions))
                }
            }
            return .object(EvaluationObject(ev))
        }
        def(
            "trainer", "trainer(model, optimizer, loader, loss=None)",
            "Registers the training setup that the REPL's :step and :undo use (loss: F.cross_entropy when None).",
            "trainer(network, optimizer, train_loader)"
        ) { b, interp in
            let t = Trainer(
                model: try b.module("model"), optimizer: try BuiltinTable.optimizer(b),
                loader: try BuiltinTable.loader(b, "loader"),
                loss: try BuiltinTable.lossFunction(b.value("loss"), interp))
            interp.currentTrainer = t
            return .object(TrainerObject(t))
        }

        section = "checkpoints"
        def(
            "save", "save(model, path, optimizer=None)",
            "Writes the parameters (and optimizer state) as safetensors, atomically.",
            "save(network, 'net.safetensors')"
        ) { b, _ in
            let opt = b.has("optimizer") ? try BuiltinTable.optimizer(b) : nil
            let paths = try Checkpoint.save(model: try b.module("model"), optimizer: opt, to: try b.string("path"))
            return .list(ListRef(paths.map(Value.string)))
        }
        def(
            "load", "load(model, path, optimizer=None)",
            "Reads parameters saved by save (all or nothing; names the tensors on mismatch).",
            "load(network, 'net.safetensors')"
        ) { b, _ in
            let opt = b.has("optimizer") ? try BuiltinTable.optimizer(b) : nil
            try Checkpoint.load(into: try b.module("model"), optimizer: opt, from: try b.string("path"))
            return .none
        }

        section = "display"
        def(
            "show", "show(x, title=None)", "Draws a tensor as a picture ([H, W], [1, H, W], or a batch as a grid).",
            "show(torch.rand(28, 28))"
        ) { b, interp in
            interp.display(.image(try b.tensor("x").detach(), title: b.has("title") ? try b.string("title") : nil))
            return .none
        }
        globals["imshow"] = globals["show"]
        def(
            "plot", "plot(values, title='', save=None, x=None, xlabel=None, ylabel=None)",
            "Draws a line chart of a history (loss and accuracy), of a list of numbers, or of several named lists "
                + "({'train': [...], 'test': [...]}); x= gives the x values, xlabel=/ylabel= label the axes; "
                + "save='loss.svg' also writes it as an SVG file.",
            "plot([3.0, 2.0, 1.5, 1.2], x=[1, 2, 3, 4], xlabel='epoch', ylabel='loss')"
        ) { b, interp in
            let v = b.value("values") ?? .none
            let title = try b.string("title", "")
            if b.value("x") != nil || b.value("xlabel") != nil || b.value("ylabel") != nil
                || v.asObject == nil
                    && {
                        if case .dict = v { return true }
                        return false
                    }()
            {
                return try Pyplot.quickPlot(v, b, title: title, interp)
            }
            let chartTitle: String
            let series: [(name: String, values: [Double])]
            if case .object(let h as HistoryObject) = v {
                // Loss per step; accuracies per epoch (their own panel, since their scale differs).
                var s: [(name: String, values: [Double])] = [("loss per step", h.history.batchLosses.map(Double.init))]
                if !h.history.accuracy.isEmpty { s.append(("train accuracy per epoch", h.history.accuracy)) }
                if !h.history.testAccuracy.isEmpty { s.append(("test accuracy per epoch", h.history.testAccuracy)) }
                series = s
                chartTitle = title.isEmpty ? "training history" : title
            } else {
                series = [("values", try interp.toList(v).map { try toDouble($0, "plot(): values") })]
                chartTitle = title
            }
            interp.display(.lineChart(title: chartTitle, series: series))
            if let path = b.value("save"), !path.isNone {
                let p = try b.string("save")
                guard !p.isEmpty else { throw valueError("plot(): save must be a file path such as 'loss.svg'") }
                guard let writer = interp.saveChart else {
                    throw ScriptError(
                        kind: "RuntimeError", message: "plot(): this front end cannot save charts (save='\(p)')")
                }
                try writer(chartTitle, series, p)
                interp.output("saved chart to \(p)")
            }
            return .none
        }
    }

    static func className(_ names: [String], _ k: Int) -> String { k >= 0 && k < names.count ? names[k] : String(k) }

    /// The transforms of `v`: a transform, a list of them, or any callable of the script (a function, or an
    /// object with `__call__`, as torchvision's Compose takes), applied like `transforms.Lambda`.
    static func transforms(_ v: Value?, _ interp: Interpreter) throws -> [Transform] {
        guard let v, !v.isNone else { return [] }
        if case .object(let t as TransformObject) = v { return t.transforms }
        if let arr = v.asArray { return try arr.flatMap { try transforms($0, interp) } }
        if case .object(let o) = v,
            o is UserFunction || o is BoundMethod || interp.userClass(v)?.lookup("__call__") != nil
        {
            return [LambdaTransform(v, interp)]
        }
        throw typeError(
            "expected a transform (transforms.ToTensor(), Normalize(...), Compose([...])), got \(v.typeName)")
    }

    static func contiguousRange(_ v: Value) throws -> Range<Int> {
        if case .object(let r as RangeObject) = v, r.step == 1 { return r.start..<max(r.start, r.stop) }
        if case .int(let n) = v { return 0..<max(0, n) }
        if let arr = v.asArray {
            let xs = try arr.map { try toInt($0, "Subset indices") }
            guard let f = xs.first else { return 0..<0 }
            guard xs == Array(f..<(f + xs.count)) else {
                throw valueError("Subset(): indices must be a contiguous range such as range(1000)")
            }
            return f..<(f + xs.count)
        }
        throw typeError("Subset(): indices must be a range, not \(v.typeName)")
    }

    static func optimizer(_ b: Bound) throws -> Optimizer {
        guard let v = b.value("optimizer"), let o = v.asOptimizer else {
            throw typeError(
                "\(b.fname)(): optimizer must be an optimizer (optim.SGD(...)), not "
                    + "\(b.value("optimizer")?.typeName ?? "None")"
            )
        }
        return o
    }

    static func loader(_ b: Bound, _ name: String) throws -> DataLoader {
        guard case .object(let l as DataLoaderObject)? = b.value(name) else {
            if case .object(is GenericLoaderObject)? = b.value(name) {
                // A DataLoader over a Python dataset (TensorDataset, a user class, a list) batches in
                // the interpreter; fit and evaluate read it as a BatchSource (`batches`), trainer cannot.
                throw typeError(
                    "\(b.fname)(): \(name) is a DataLoader over a Python dataset, which \(b.fname)() cannot "
                        + "drive; \(b.fname)() takes a DataLoader over a torchvision dataset (or a Subset "
                        + "of one). fit() and evaluate() take any DataLoader.")
            }
            throw typeError("\(b.fname)(): \(name) must be a DataLoader, not \(b.value(name)?.typeName ?? "None")")
        }
        return l.loader
    }

    /// Any DataLoader as fit/evaluate read it: the engine's loader, or one over a Python dataset.
    static func batches(_ b: Bound, _ name: String, _ interp: Interpreter) throws -> any BatchSource {
        if case .object(let g as GenericLoaderObject)? = b.value(name) { return PythonBatches(g, interp) }
        return try loader(b, name)
    }

    /// A loss given as F.cross_entropy (fast path), another builtin, a loss module or a user function.
    /// Names of the builtin loss functions (as `BuiltinFunction.name`).
    static let lossFunctionNames: Set<String> = [
        "F.cross_entropy", "F.nll_loss", "F.mse_loss", "F.binary_cross_entropy",
    ]

    static func lossFunction(_ v: Value?, _ interp: Interpreter) throws -> LossFunction {
        guard let v, !v.isNone else { return crossEntropyLoss }
        if case .object(let f as BuiltinFunction) = v, f.name == "F.cross_entropy" { return crossEntropyLoss }
        if case .object(let l as LossObject) = v, l.function == "cross_entropy", l.reduction == .mean {
            return crossEntropyLoss
        }
        return { [weak interp] out, target in
            guard let interp else { throw EngineError("loss", "interpreter is gone") }
            let r = try interp.callValue(v, Args([.tensor(out), .tensor(target)]))
            guard case .tensor(let t) = r else {
                throw EngineError("loss", "the loss function returned \(r.typeName), not a Tensor")
            }
            return t
        }
    }
}

extension Interpreter {
    /// The loss a value stands for, when it is one: a loss module such as `nn.CrossEntropyLoss()`
    /// or a builtin loss function such as `F.nll_loss` (nil for anything else, user functions included).
    public func lossFunction(_ v: Value) -> (name: String, loss: LossFunction)? {
        if case .object(let l as LossObject) = v {
            return (l.name, (try? BuiltinTable.lossFunction(v, self)) ?? crossEntropyLoss)
        }
        if case .object(let f as BuiltinFunction) = v, BuiltinTable.lossFunctionNames.contains(f.name) {
            return (f.name, (try? BuiltinTable.lossFunction(v, self)) ?? crossEntropyLoss)
        }
        return nil
    }

    var interruptRequested: Bool { interruptFlag.load(ordering: .relaxed) }
    func clearInterrupt() { interruptFlag.store(false, ordering: .relaxed) }
}

/// A dataset: `len(ds)`, `ds[i]` -> (image, label), `ds.classes`.
/// `targetTransform`: torchvision's `target_transform`, applied to each label (an int) as `ds[i]`
/// is read (a loader over such a dataset goes through `ds[i]`, like a user Dataset).
final class DatasetObject: ScriptObject, @unchecked Sendable {
    let dataset: Dataset
    let targetTransform: Value?
    init(_ d: Dataset, targetTransform: Value? = nil) {
        dataset = d
        self.targetTransform = targetTransform
    }

    /// Sample k as `(image, label)`, the label through `targetTransform`.
    func item(_ k: Int, _ interp: Interpreter) throws -> Value {
        let s = try dataset.sample(k)
        guard let tt = targetTransform else { return .tuple([.tensor(s.image), .int(s.label)]) }
        return .tuple([.tensor(s.image), try interp.callValue(tt, Args([.int(s.label)]))])
    }
    override var typeName: String { dataset.name }
    override var repr: String { dataset.description }
    override func length() throws -> Int? { dataset.count }
    override var attributeNames: [String] {
        ["classes", "targets", "data", "train", "train_data", "test_data", "train_labels", "test_labels"]
    }
    /// `data` is the images as stored, before any transform: [N, H, W] pixel values 0...255, as torchvision's
    /// (whose dtype is uint8; gradstep has no uint8 tensors, so int64). The old names `train_data`,
    /// `train_labels`, `test_data`, `test_labels` still work with torchvision's warning.
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "classes": return .list(ListRef(dataset.classNames.map(Value.string)))
        case "targets": return .tensor(dataset.labels)
        case "data":
            return .tensor(
                try Tensor(
                    shape: [dataset.count] + dataset.imageShape, data: dataset.rawImages.map(Float.init), dtype: .int64)
            )
        case "train": return .bool(dataset.train)
        case "train_data", "test_data", "train_labels", "test_labels":
            let new = n.hasSuffix("data") ? "data" : "targets"
            EngineWarning.warn("\(n) has been renamed \(new)")
            return try getAttribute(new, interp)
        default: return nil
        }
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let i = try toInt(index, "dataset index")
        let k = i < 0 ? i + dataset.count : i
        guard k >= 0 && k < dataset.count else {
            throw ScriptError(kind: "IndexError", message: "dataset index \(i) out of range (\(dataset.count) samples)")
        }
        return try item(k, interp)
    }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var i = 0
        let n = dataset.count
        return { [self] in
            guard i < n else { return nil }
            defer { i += 1 }
            return try item(i, interp)
        }
    }
}

/// `transforms.Compose([...])` and single transforms.
final class TransformObject: ScriptObject, @unchecked Sendable {
    let transforms: [Transform]
    init(_ t: [Transform]) { transforms = t }
    override var typeName: String {
        transforms.count == 1
            ? "\(transforms[0])".split(separator: "(").first.map(String.init) ?? "Transform" : "Compose"
    }
    override var repr: String {
        transforms.count == 1
            ? "\(transforms[0])" : "Compose(\n" + transforms.map { "    \($0)" }.joined(separator: "\n") + "\n)"
    }
    /// `t(x)`: the transforms applied in order. A non-tensor (a label given to `target_transform`)
    /// goes through `Lambda` functions as it is, as torchvision does.
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        let b = try Signature("\(typeName).__call__(x)").bind(args)
        let x = b.raw("x") ?? .none
        if case .tensor(var t) = x {
            for tf in transforms { t = try tf.apply(t) }
            return .tensor(t)
        }
        var v = x
        for tf in transforms {
            guard let l = tf as? LambdaTransform else {
                throw typeError("\(tf) expects a tensor image, got \(v.typeName)")
            }
            v = try interp.callValue(l.function, Args([v]))
        }
        return v
    }
}

/// A data loader: iterates `(data, target)` batches, one epoch per `for` loop.
final class DataLoaderObject: ScriptObject, @unchecked Sendable {
    let loader: DataLoader
    init(_ l: DataLoader) { loader = l }
    override var typeName: String { "DataLoader" }
    override var repr: String { loader.description }
    override func length() throws -> Int? { loader.count }
    override var attributeNames: [String] { ["dataset", "batch_size"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "dataset": return .object(DatasetObject(loader.dataset))
        case "batch_size": return .int(loader.batchSize)
        default: return nil
        }
    }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        loader.startEpoch()
        let l = loader
        return {
            guard let b = try l.nextBatch() else { return nil }
            return .tuple([.tensor(b.data), .tensor(b.target)])
        }
    }
}

/// What `fit` returns: per-epoch and per-step losses and accuracies.
final class HistoryObject: ScriptObject, @unchecked Sendable {
    let history: History
    init(_ h: History) { history = h }
    override var typeName: String { "History" }
    override var repr: String { history.description }
    override var attributeNames: [String] {
        ["loss", "accuracy", "test_loss", "test_accuracy", "batch_losses", "interrupted"]
    }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        func list(_ xs: [Double]) -> Value { .list(ListRef(xs.map(Value.float))) }
        switch n {
        case "loss": return list(history.loss)
        case "accuracy": return list(history.accuracy)
        case "test_loss": return list(history.testLoss)
        case "test_accuracy": return list(history.testAccuracy)
        case "batch_losses": return list(history.batchLosses.map(Double.init))
        case "interrupted": return .bool(history.interrupted)
        default: return nil
        }
    }
}

/// What `evaluate` returns.
final class EvaluationObject: ScriptObject, @unchecked Sendable {
    let evaluation: Evaluation
    init(_ e: Evaluation) { evaluation = e }
    override var typeName: String { "Evaluation" }
    override var repr: String { evaluation.description }
    override var attributeNames: [String] {
        ["loss", "accuracy", "correct", "total", "confusion", "classes", "misclassified"]
    }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        let e = evaluation
        switch n {
        case "loss": return .float(e.loss)
        case "accuracy": return .float(e.accuracy)
        case "correct": return .int(e.correct)
        case "total": return .int(e.total)
        case "confusion": return .list(ListRef(e.confusion.map { .list(ListRef($0.map(Value.int))) }))
        case "classes": return .list(ListRef(e.classNames.map(Value.string)))
        case "misclassified": return .list(ListRef(e.misclassified.map(Value.int)))
        default: return nil
        }
    }
}

/// What `trainer(...)` returns: `t.step(n)` and `t.undo()` from scripts too.
final class TrainerObject: ScriptObject, @unchecked Sendable {
    let trainer: Trainer
    init(_ t: Trainer) { trainer = t }
    override var typeName: String { "Trainer" }
    override var repr: String {
        "Trainer(model=\(trainer.model.typeName), optimizer=\(trainer.optimizer.typeName), steps=\(trainer.stepsTaken))"
    }
    override var attributeNames: [String] { TrainerObject.methods.names }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        TrainerObject.methods.bound(trainer, n)
    }

    /// The methods of a trainer, declared once.
    nonisolated(unsafe) static let methods: MethodTable<Trainer> = {
        let m = MethodTable<Trainer>("Trainer", section: "Trainer methods")
        m.def(
            "step", "n=1", "Takes n optimizer steps on the next batches and prints a report of each (what :step does).",
            "# t = trainer(model, optimizer, train_loader)\n# t.step(3)"
        ) { t, b, interp in
            let reports = try t.step(b.int("n"))
            for r in reports { interp.output(r.description) }
            return .none
        }
        m.def(
            "undo", "n=1", "Undoes the last n steps (parameters and optimizer state); returns how many were undone.",
            "# t.undo()"
        ) { t, b, _ in .int(try t.undo(b.int("n"))) }
        return m
    }()
}

/// `transforms.Lambda(f)`: the script's function applied to each sample.
final class LambdaTransform: Transform, @unchecked Sendable {
    let function: Value
    weak var interp: Interpreter?
    init(_ f: Value, _ interp: Interpreter) {
        function = f
        self.interp = interp
    }
    var description: String { "Lambda()" }
    func apply(_ x: Tensor) throws -> Tensor {
        guard let interp else { throw EngineError("Lambda", "the script that defined this transform is gone") }
        return try toTensor(try interp.callValue(function, Args([.tensor(x)])), "Lambda transform result")
    }
}

/// `transforms.Resize(size)`: images already of the requested size pass unchanged (as in
/// torchvision); resampling to another size is refused with a clear message.
struct ResizeTransform: Transform {
    let size: [Int]
    var description: String {
        "Resize(size=\(size.count == 1 ? String(size[0]) : "(\(size[0]), \(size[1]))"), interpolation=bilinear, "
            + "max_size=None, antialias=True)"
    }
    func apply(_ x: Tensor) throws -> Tensor {
        guard x.ndim >= 2 else { throw EngineError("Resize", "expected an image [H, W] or [C, H, W], got \(x.shape)") }
        let h = x.shape[x.ndim - 2], w = x.shape[x.ndim - 1]
        let target: (Int, Int) =
            size.count == 2
            ? (size[0], size[1])
            : (h <= w ? (size[0], size[0] * w / max(h, 1)) : (size[0] * h / max(w, 1), size[0]))
        guard target == (h, w) else {
            throw EngineError(
                "Resize",
                "resizing \(h)×\(w) images to \(target.0)×\(target.1) is not supported by gradstep (torchvision's "
                    + "antialiased bilinear resampling is not implemented); keep the images at \(h)×\(w)"
            )
        }
        return x
    }
}
