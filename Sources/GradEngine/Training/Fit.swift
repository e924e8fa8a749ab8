// Fit: the training loop of the slides (zero_grad, forward, loss, backward, step) over epochs,
// with progress reporting, Ctrl-C, and a guard against a diverging loss.
//
// The engine prints nothing: progress goes to `TrainingHooks.progress` (see `PlainProgressPrinter`
// for a ready-made line printer; the console draws a tqdm-like bar). `shouldStop` is asked after
// every batch, so an interrupt ends training at a batch boundary with model and optimizer
// consistent. A non-finite loss is detected before its backward, so the parameters are those of the
// last good step when `NonFiniteLossError` is thrown.
//
// Non-goals: learning-rate schedules, gradient clipping, early stopping, mixed precision.

import Foundation

/// Where `fit` takes its batches from: the engine's `DataLoader`, or a loader the language builds
/// batch by batch (a DataLoader over a user Dataset, a TensorDataset or a list).
public protocol BatchSource: AnyObject {
    /// Batches per epoch.
    var count: Int { get }
    /// Starts a new epoch (a new order when shuffling).
    func startEpoch() throws
    /// The next batch of the current epoch, or nil when it is over.
    func nextBatch() throws -> Batch?
}

extension DataLoader: BatchSource {}

/// A loss of (model output, target) → scalar tensor, e.g. `Functional.crossEntropy` with mean reduction.
public typealias LossFunction = (_ output: Tensor, _ target: Tensor) throws -> Tensor

/// The default loss: mean cross entropy of logits [N, C] against class indices [N].
public func crossEntropyLoss(_ output: Tensor, _ target: Tensor) throws -> Tensor {
    try Functional.crossEntropy(output, target)
}

/// Where training is, reported after every batch.
public struct TrainingProgress: Sendable {
    /// Current epoch, 1-based, and the number of epochs asked for.
    public let epoch: Int
    public let epochs: Int
    /// Batches done in this epoch, and batches per epoch.
    public let step: Int
    public let total: Int
    /// Samples done in this epoch.
    public let samples: Int
    /// Mean loss and accuracy (0...1) over this epoch's batches so far.
    public let loss: Double
    public let accuracy: Double
    /// Seconds since this epoch started.
    public let elapsed: Double
    /// Batches done over all epochs.
    public let globalStep: Int

    /// Batches per second in this epoch.
    public var rate: Double { elapsed > 0 ? Double(step) / elapsed : 0 }
    /// Estimated seconds left in this epoch.
    public var remaining: Double { rate > 0 ? Double(total - step) / rate : 0 }
    /// Fraction of this epoch done.
    public var fraction: Double { total > 0 ? Double(step) / Double(total) : 1 }
}

/// Callbacks of `fit`.
public struct TrainingHooks {
    /// Called after every batch.
    public var progress: ((TrainingProgress) -> Void)?
    /// Asked after every batch; true stops training at that batch boundary (Ctrl-C).
    public var shouldStop: () -> Bool
    /// Called after every epoch (and its validation pass, if any).
    public var epochEnd: ((EpochRecord) -> Void)?

    public init(
        progress: ((TrainingProgress) -> Void)? = nil, shouldStop: @escaping () -> Bool = { false },
        epochEnd: ((EpochRecord) -> Void)? = nil
    ) {
        self.progress = progress
        self.shouldStop = shouldStop
        self.epochEnd = epochEnd
    }
}

/// Figures of one epoch.
public struct EpochRecord: Sendable, Equatable {
    public let epoch: Int
    /// Mean training loss and accuracy (0...1) over the batches run.
    public let trainLoss: Double
    public let trainAccuracy: Double
    public let trainSeconds: Double
    /// Batches run (fewer than the loader's count when interrupted).
    public let batches: Int
    /// Validation figures, when `fit` was given a validation loader.
    public let testLoss: Double?
    public let testAccuracy: Double?
    public let testSeconds: Double?
}

/// What `fit` did: per-epoch figures, per-batch losses, and whether it was interrupted.
public struct History: Sendable, CustomStringConvertible {
    public internal(set) var epochs: [EpochRecord] = []
    /// The loss of every batch, in order (for plots).
    public internal(set) var batchLosses: [Float] = []
    /// True when `shouldStop` ended training early.
    public internal(set) var interrupted = false
    /// A sentence saying how far an interrupted run got (nil when it completed).
    public internal(set) var message: String?

    /// Mean training loss per epoch.
    public var loss: [Double] { epochs.map(\.trainLoss) }
    /// Training accuracy (0...1) per epoch.
    public var accuracy: [Double] { epochs.map(\.trainAccuracy) }
    /// Validation loss per epoch (epochs without validation are left out).
    public var testLoss: [Double] { epochs.compactMap(\.testLoss) }
    /// Validation accuracy per epoch.
    public var testAccuracy: [Double] { epochs.compactMap(\.testAccuracy) }

    public var description: String {
        var lines = epochs.map { e in
            var s = String(
                format: "epoch %d: loss %.4f, accuracy %.2f%%, %.2f s", e.epoch, e.trainLoss, 100 * e.trainAccuracy,
                e.trainSeconds)
            if let tl = e.testLoss, let ta = e.testAccuracy {
                s += String(format: " | test loss %.4f, test accuracy %.2f%%", tl, 100 * ta)
            }
            return s
        }
        if let m = message { lines.append(m) }
        return lines.joined(separator: "\n")
    }
}

/// Thrown when the loss becomes NaN or infinite; the update of that batch was not applied.
public struct NonFiniteLossError: Error, CustomStringConvertible, @unchecked Sendable {
    public let epoch: Int
    /// Batch within the epoch (1-based) and over the whole run.
    public let step: Int
    public let globalStep: Int
    public let value: Float
    public let lr: Float
    /// What was done before the failure.
    public let history: History

    public var description: String {
        let suggestion = Optimizer.num(lr / 10)
        let shown = value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")  // not Swift's "-nan"
        return
            "loss is \(shown) at epoch \(epoch), step \(step) (step \(globalStep) overall): training stopped before "
            + "that update. "
            + "The learning rate \(Optimizer.num(lr)) is probably too large; try a smaller one, e.g. lr=\(suggestion)."
    }
}

/// Number of rows of `output` [N, C] whose argmax equals `target` [N]; nil when the shapes are not that.
public func correctPredictions(_ output: Tensor, _ target: Tensor) -> Int? {
    guard output.ndim == 2, target.ndim == 1, output.shape[0] == target.shape[0], output.shape[1] > 0 else {
        return nil
    }
    let n = output.shape[0], c = output.shape[1]
    var correct = 0
    output.data.withUnsafeBufferPointer { o in
        for i in 0..<n {
            var best = 0
            var bv = o[i * c]
            for j in 1..<c where o[i * c + j] > bv {
                bv = o[i * c + j]
                best = j
            }
            if Float(best) == target.data[i] { correct += 1 }
        }
    }
    return correct
}

/// Trains `model` for `epochs` passes over `loader` (PyTorch's loop: zero_grad, forward, loss,
/// backward, step), reporting progress, optionally evaluating on `validation` after each epoch.
///
/// - Returns: the history; `history.interrupted` is true when `hooks.shouldStop` ended it early.
/// - Throws: `NonFiniteLossError` (with the history so far) when the loss is NaN/∞; any op error.
public func fit(
    model: Module, optimizer: Optimizer, loader: any BatchSource, epochs: Int = 1,
    loss: LossFunction = crossEntropyLoss, hooks: TrainingHooks = TrainingHooks(),
    validation: (any BatchSource)? = nil
) throws -> History {
    guard epochs >= 1 else { throw EngineError("fit", "epochs must be at least 1, got \(epochs)") }
    guard loader.count > 0 else { throw EngineError("fit", "the data loader has no batches (empty dataset)") }
    var history = History()
    var globalStep = 0
    for epoch in 1...epochs {
        model.train()
        try loader.startEpoch()
        let t0 = DispatchTime.now().uptimeNanoseconds
        var lossSum = 0.0, correct = 0, seen = 0, batches = 0
        while let batch = try loader.nextBatch() {
            optimizer.zeroGrad()
            let out = try model(batch.data)
            let l = try loss(out, batch.target)
            guard l.count == 1 else {
                throw EngineError("fit", "the loss must be a single value, got shape \(fmt(l.shape))")
            }
            let v = l.data[0]
            guard v.isFinite else {
                throw NonFiniteLossError(
                    epoch: epoch, step: batches + 1, globalStep: globalStep + 1, value: v,
                    lr: optimizer.lr, history: history)
            }
            try l.backward()
            try optimizer.step()
            batches += 1
            globalStep += 1
            lossSum += Double(v)
            history.batchLosses.append(v)
            seen += batch.indices.count
            correct += correctPredictions(out, batch.target) ?? 0
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            hooks.progress?(
                TrainingProgress(
                    epoch: epoch, epochs: epochs, step: batches, total: loader.count,
                    samples: seen, loss: lossSum / Double(batches),
                    accuracy: seen > 0 ? Double(correct) / Double(seen) : 0,
                    elapsed: elapsed, globalStep: globalStep))
            if hooks.shouldStop() {
                history.interrupted = true
                history.message =
                    "Interrupted in epoch \(epoch) of \(epochs) after batch \(batches) of \(loader.count) "
                    + "(\(seen) samples); the model and optimizer hold the state after that batch."
                break
            }
        }
        let trainSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        var tl: Double? = nil, ta: Double? = nil, ts: Double? = nil
        if let validation, !history.interrupted {
            let t1 = DispatchTime.now().uptimeNanoseconds
            let ev =
                try (validation as? DataLoader).map { try evaluate(model: model, loader: $0, lossFn: loss) }
                ?? evaluate(model: model, batches: validation, lossFn: loss)
            tl = ev.loss
            ta = ev.accuracy
            ts = Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e9
        }
        let rec = EpochRecord(
            epoch: epoch, trainLoss: batches > 0 ? lossSum / Double(batches) : .nan,
            trainAccuracy: seen > 0 ? Double(correct) / Double(seen) : 0,
            trainSeconds: trainSeconds, batches: batches, testLoss: tl, testAccuracy: ta, testSeconds: ts)
        history.epochs.append(rec)
        hooks.epochEnd?(rec)
        if history.interrupted { break }
    }
    return history
}
