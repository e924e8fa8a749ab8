// Stepper: `:step [n]` and `:undo`, gradient descent one batch at a time on the session's setup.
//
// The training setup (model, optimizer, data loader, loss) comes from, in order:
//   1. the interpreter's current trainer, registered by `trainer(model, optimizer, loader, loss=...)`;
//   2. the session's variables: a module named `model`, `network` or `net`, an optimizer named
//      `optimizer` or `opt`, and a loader named `train_loader`, `loader` or `trainloader`
//      (a lesson that defines these makes `:step` work with no further setup); the loss is then
//      cross entropy.
// When neither is there, `:step` says what it found, what is missing and how to name it.
//
// `:step n` runs the engine's `Trainer.step` one step at a time (Ctrl-C stops between steps) and
// prints, per step, the batch loss before and after the update, and for every parameter its
// gradient norm ‖∂L/∂p‖₂ and update size ‖p_new − p_old‖₂ of the last step (and over all n steps).
// `:undo` puts back everything the last `:step` changed (parameters, gradients, optimizer state,
// data position, random generator), so `:step`, `:undo`, `:step` prints the same numbers twice.
//
// Non-goals: undoing `fit` or hand-written loops, choosing a loss other than cross entropy
// without `trainer(...)`.

import CSignals
import Foundation
import GradEngine
import GradScript

final class Stepper {
    static let setupHelp = """
        :step trains one batch at a time and needs a training setup. Either name it once:
            trainer(model, optimizer, train_loader)          # loss=F.cross_entropy by default
        or define variables named model (or network, net), optimizer (or opt) and train_loader
        (or loader); :step then uses them, with the loss in criterion (or loss_fn) if there is one
        (e.g. criterion = nn.CrossEntropyLoss()) and cross entropy otherwise.
        """

    /// A trainer built from the session's variables, and what it was built from.
    private var discovered: (trainer: Trainer, key: [ObjectIdentifier])?
    /// Step counts of the `:step` commands that can be undone, latest last, per trainer.
    private var undoCounts: [(trainer: ObjectIdentifier, steps: Int)] = []

    /// Finds the trainer to use, or explains why there is none.
    func currentTrainer(_ interp: Interpreter) -> Result<(Trainer, String?), StepSetupError> {
        if let t = interp.currentTrainer { return .success((t, nil)) }
        func find<T>(_ names: [String], _ get: (Value) -> T?) -> (String, T)? {
            for n in names { if let v = interp.global(n), let x = get(v) { return (n, x) } }
            return nil
        }
        let model = find(["model", "network", "net"]) { $0.asModule }
        let optimizer = find(["optimizer", "opt"]) { $0.asOptimizer }
        let loader = find(["train_loader", "loader", "trainloader"], { $0.asDataLoader })
        guard let model, let optimizer, let loader else {
            var found: [String] = []
            if let model { found.append("\(model.0) (\(model.1.typeName))") }
            if let optimizer { found.append("\(optimizer.0) (\(optimizer.1.typeName))") }
            if let loader { found.append("\(loader.0) (DataLoader)") }
            var missing: [String] = []
            if model == nil { missing.append("a model") }
            if optimizer == nil { missing.append("an optimizer") }
            if loader == nil { missing.append("a data loader") }
            let head =
                found.isEmpty
                ? "no training setup yet"
                : "found " + found.joined(separator: ", ") + " but not " + missing.joined(separator: " or ")
            return .failure(StepSetupError(message: ":step: " + head + ".\n" + Stepper.setupHelp))
        }
        // The loss: a loss module or builtin loss function named as the slides and PyTorch's
        // tutorials name it; cross entropy otherwise.
        let loss = find(["criterion", "loss_fn", "loss_function", "loss_func"]) { interp.lossFunction($0) }
        let key =
            [ObjectIdentifier(model.1), ObjectIdentifier(optimizer.1), ObjectIdentifier(loader.1)]
            + (loss.flatMap { l in interp.global(l.0)?.asObject.map(ObjectIdentifier.init) }.map { [$0] } ?? [])
        if let d = discovered, d.key == key { return .success((d.trainer, nil)) }
        let t = Trainer(
            model: model.1, optimizer: optimizer.1, loader: loader.1, loss: loss?.1.loss ?? crossEntropyLoss)
        discovered = (t, key)
        let lossText = loss.map { "loss \($0.0) (\($0.1.name))" } ?? "cross entropy loss"
        return .success(
            (t, "using \(model.0), \(optimizer.0) and \(loader.0) with \(lossText) (trainer(...) chooses otherwise)"))
    }

    /// `:step n`. Returns success.
    func step(_ n: Int, repl: REPL) -> Bool {
        let trainer: Trainer
        switch currentTrainer(repl.interpreter) {
        case .failure(let e):
            repl.output.error(e.message)
            return false
        case .success(let (t, note)):
            trainer = t
            if let note { repl.output.line(note) }
        }
        let before = trainer.optimizer.params.map(\.data)
        var reports: [StepReport] = []
        _ = gs_sigint_take()
        var failure: Error?
        gs_set_busy(1)
        // Ctrl-C (the watcher sets the interpreter's flag too) ends the step under way first: a user
        // model's forward must not raise half-way through it.
        _ = repl.interpreter.interruptPending(clear: true)
        repl.interpreter.withInterruptsDeferred {
            for _ in 0..<n {
                do { reports += try trainer.step(1) } catch {
                    failure = error
                    break
                }
                let signalled = gs_sigint_take() > 0
                if repl.interpreter.interruptPending(clear: true) || signalled { break }
            }
        }
        gs_set_busy(0)
        if !reports.isEmpty {
            undoCounts.append((ObjectIdentifier(trainer), reports.count))
            repl.output.line(Stepper.table(reports, total: reports.count > 1 ? Stepper.changes(trainer, before) : nil))
        }
        if reports.count < n && failure == nil {
            repl.output.error("KeyboardInterrupt: stopped after \(reports.count) of \(n) steps")
            return false
        }
        if let failure {
            repl.output.error("\(failure)")
            return false
        }
        return true
    }

    /// `:undo`. Returns success.
    func undo(repl: REPL) -> Bool {
        guard case .success(let (trainer, _)) = currentTrainer(repl.interpreter),
            let last = undoCounts.last, last.trainer == ObjectIdentifier(trainer)
        else {
            repl.output.error(":undo: nothing to undo (no :step on the current training setup)")
            return false
        }
        undoCounts.removeLast()
        do {
            let undone = try trainer.undo(last.steps)
            let s = last.steps == 1 ? "step" : "steps"
            if undone < last.steps {
                repl.output.line(
                    "undid \(undone) of \(last.steps) \(s) (only the last \(trainer.maxUndo) are kept); "
                        + "\(trainer.stepsTaken) taken now"
                )
            } else {
                repl.output.line(
                    "undid \(undone) \(s): parameters, optimizer state and data position are back "
                        + "(\(trainer.stepsTaken) taken now)"
                )
            }
            return true
        } catch {
            repl.output.error(":undo: \(error)")
            return false
        }
    }

    /// ‖p_now − p_before‖₂ per parameter over all the steps of one `:step n`.
    static func changes(_ t: Trainer, _ before: [[Float]]) -> [Float] {
        t.optimizer.params.enumerated().map { i, p in
            var s = 0.0
            for j in 0..<min(p.count, before[i].count) {
                let d = Double(p.data[j] - before[i][j])
                s += d * d
            }
            return Float(s.squareRoot())
        }
    }

    /// The report of a `:step`: one line per step, then the parameter table of the last step.
    static func table(_ reports: [StepReport], total: [Float]?) -> String {
        guard let last = reports.last else { return "" }
        var rows = [["step", "epoch", "batch", "loss before", "loss after", "batch acc"]]
        let shown = reports.count > 20 ? Array(reports.prefix(10)) + Array(reports.suffix(10)) : reports
        for (k, r) in shown.enumerated() {
            if reports.count > 20 && k == 10 { rows.append(["…", "", "", "", "", ""]) }
            rows.append([
                String(r.step), String(r.epoch), "\(r.batch)/\(r.batches)",
                String(format: "%.4f", Double(r.lossBefore)), String(format: "%.4f", Double(r.lossAfter)),
                r.accuracy.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
            ])
        }
        var out = Inspector.table(rows)
        out += "\n\n"
        var prow = [
            ["parameter", "|grad|", "|update|"] + (total == nil ? [] : ["|change| over \(reports.count) steps"])
        ]
        for (i, (g, u)) in zip(last.gradNorms, last.updateNorms).enumerated() {
            var row = [g.name, num(Double(g.norm)), num(Double(u.norm))]
            if let total, i < total.count { row.append(num(Double(total[i]))) }
            prow.append(row)
        }
        out += Inspector.table(prow)
        out += "\nlr \(num(Double(last.lr))); :undo puts back what this :step changed"
        return out
    }
}

/// Why `:step` cannot run.
struct StepSetupError: Error {
    let message: String
}
