// Trainer: single training steps that can be undone, for the REPL's `:step` and `:undo`.
//
// Each step records, before it runs, everything the step changes: parameter values and gradients,
// the optimizer's state and learning rate, the loader's position (epoch, order, next batch,
// generator) and the global random generator (dropout masks). `undo()` puts all of it back, so a
// step, an undo and the same step again give bit-identical results.
// Each report gives the batch loss before the update and after it (same batch, same dropout mask,
// no gradient), every parameter's gradient norm and update size.
//
// Non-goals: undoing `fit` (only Trainer steps are recorded), unbounded history (`maxUndo` steps).

import Foundation

/// What one training step did.
public struct StepReport: Sendable, CustomStringConvertible {
    /// Steps taken by this trainer, after this one.
    public let step: Int
    /// The loader's epoch and the batch (1-based) within it.
    public let epoch: Int
    public let batch: Int
    public let batches: Int
    /// Mean loss on the batch before and after the update (same batch, same dropout mask).
    public let lossBefore: Float
    public let lossAfter: Float
    /// Fraction of the batch classified correctly before the update (nil when not a classifier output).
    public let accuracy: Double?
    /// ‖∂loss/∂p‖₂ for every parameter, by name.
    public let gradNorms: [(name: String, norm: Float)]
    /// ‖p_after − p_before‖₂ for every parameter, by name.
    public let updateNorms: [(name: String, norm: Float)]
    public let lr: Float

    public var description: String {
        var s = String(
            format: "step %d (epoch %d, batch %d/%d): loss %.4f -> %.4f", step, epoch, batch, batches,
            Double(lossBefore), Double(lossAfter))
        if let a = accuracy { s += String(format: ", batch accuracy %.1f%%", 100 * a) }
        let w = gradNorms.map(\.name.count).max() ?? 4
        for (g, u) in zip(gradNorms, updateNorms) {
            s +=
                "\n  " + g.name.padding(toLength: w, withPad: " ", startingAt: 0)
                + String(format: "  |grad| %.4g  |update| %.4g", Double(g.norm), Double(u.norm))
        }
        return s
    }
}

/// Steps through training one batch at a time, with undo.
public final class Trainer: @unchecked Sendable {
    public let model: Module
    public let optimizer: Optimizer
    public let loader: DataLoader
    public let loss: LossFunction
    /// How many steps `undo` can go back.
    public let maxUndo: Int
    /// Steps taken (minus steps undone).
    public private(set) var stepsTaken = 0

    private struct Saved {
        let params: [[Float]]
        let grads: [[Float]?]
        let optimizer: OptimizerSnapshot
        let loader: DataLoaderSnapshot
        let rng: Generator
        let training: Bool
    }
    private var undoStack: [Saved] = []

    public init(
        model: Module, optimizer: Optimizer, loader: DataLoader,
        loss: @escaping LossFunction = crossEntropyLoss, maxUndo: Int = 100
    ) {
        self.model = model
        self.optimizer = optimizer
        self.loader = loader
        self.loss = loss
        self.maxUndo = max(1, maxUndo)
    }

    /// Steps that can be undone now.
    public var undoDepth: Int { undoStack.count }
    public var canUndo: Bool { !undoStack.isEmpty }

    /// Takes `n` training steps (a new epoch starts when the current one is over).
    /// On an error (e.g. a non-finite loss) the failing step is rolled back and the error rethrown;
    /// earlier steps of this call stay done.
    public func step(_ n: Int = 1) throws -> [StepReport] {
        guard n >= 1 else { throw EngineError("step", "the number of steps must be at least 1, got \(n)") }
        var reports: [StepReport] = []
        for _ in 0..<n {
            let saved = save()
            do {
                reports.append(try oneStep())
            } catch {
                try restore(saved)
                throw error
            }
            undoStack.append(saved)
            if undoStack.count > maxUndo { undoStack.removeFirst() }
            stepsTaken += 1
        }
        return reports
    }

    /// Undoes the last `n` steps (as many as recorded); returns how many were undone.
    @discardableResult
    public func undo(_ n: Int = 1) throws -> Int {
        var done = 0
        while done < n, let s = undoStack.popLast() {
            try restore(s)
            stepsTaken -= 1
            done += 1
        }
        return done
    }

    private func save() -> Saved {
        let ps = optimizer.params
        return Saved(
            params: ps.map(\.data), grads: ps.map { $0.grad?.data }, optimizer: optimizer.snapshot(),
            loader: loader.snapshot(), rng: RNG.global, training: model.training)
    }

    private func restore(_ s: Saved) throws {
        for (i, p) in optimizer.params.enumerated() {
            p.data = s.params[i]
            if let g = s.grads[i] {
                p.grad = try Tensor(shape: p.shape, data: g)
            } else {
                p.grad = nil
            }
        }
        try optimizer.restore(s.optimizer)
        try loader.restore(s.loader)
        RNG.global = s.rng
        model.train(s.training)
    }

    private func oneStep() throws -> StepReport {
        if loader.remaining == 0 { loader.startEpoch() }
        guard let batch = try loader.nextBatch() else {
            throw EngineError("step", "the data loader has no batches (empty dataset)")
        }
        model.train()
        let names = parameterNames()
        let before = optimizer.params.map(\.data)
        let rngBefore = RNG.global
        optimizer.zeroGrad()
        let out = try model(batch.data)
        let l = try loss(out, batch.target)
        guard l.count == 1 else {
            throw EngineError("step", "the loss must be a single value, got shape \(fmt(l.shape))")
        }
        let v = l.data[0]
        guard v.isFinite else {
            throw NonFiniteLossError(
                epoch: loader.epoch, step: loader.batchIndex, globalStep: stepsTaken + 1,
                value: v, lr: optimizer.lr, history: History())
        }
        try l.backward()
        let gradNorms = optimizer.params.enumerated().map {
            (names[$0.offset], $0.element.grad.map { l2norm($0.data) } ?? 0)
        }
        try optimizer.step()
        let rngAfterStep = RNG.global
        // Loss after the update on the same batch with the same dropout mask.
        RNG.global = rngBefore
        let after = try noGrad { try loss(try model(batch.data), batch.target) }
        RNG.global = rngAfterStep
        let updates = optimizer.params.enumerated().map { i, p -> (String, Float) in
            var s: Double = 0
            let b = before[i]
            for j in 0..<p.count {
                let d = Double(p.data[j] - b[j])
                s += d * d
            }
            return (names[i], Float(s.squareRoot()))
        }
        let acc = correctPredictions(out, batch.target).map { Double($0) / Double(batch.indices.count) }
        return StepReport(
            step: stepsTaken + 1, epoch: loader.epoch, batch: loader.batchIndex, batches: loader.count,
            lossBefore: v, lossAfter: after.data.first ?? .nan, accuracy: acc,
            gradNorms: gradNorms.map { (name: $0.0, norm: $0.1) },
            updateNorms: updates.map { (name: $0.0, norm: $0.1) }, lr: optimizer.lr)
    }

    private func parameterNames() -> [String] {
        var byId: [ObjectIdentifier: String] = [:]
        for (n, p) in model.namedParameters() { byId[ObjectIdentifier(p)] = n }
        return optimizer.params.enumerated().map { byId[ObjectIdentifier($0.element)] ?? "param.\($0.offset)" }
    }
}
