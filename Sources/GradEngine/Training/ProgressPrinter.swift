// PlainProgressPrinter: progress as plain lines, one every 10% of an epoch (for non-terminals/logs).
// The terminal's tqdm-like bar is GradRender's; this one only formats and hands lines to `emit`.
// Non-goals: redrawing, colours, terminal width.

import Foundation

/// Formats `TrainingProgress` as a line at every 10% of an epoch (and at its end).
public final class PlainProgressPrinter: @unchecked Sendable {
    let emit: (String) -> Void
    private var lastDecile = -1
    private var lastEpoch = -1

    /// - Parameter emit: where lines go (e.g. `{ FileHandle.standardError.write(...) }`).
    public init(emit: @escaping (String) -> Void) { self.emit = emit }

    /// Feeds one progress report; prints when a new tenth of the epoch is reached.
    public func callAsFunction(_ p: TrainingProgress) {
        if p.epoch != lastEpoch {
            lastEpoch = p.epoch
            lastDecile = 0
        }
        let decile = p.total > 0 ? (10 * p.step) / p.total : 10
        guard decile > lastDecile || p.step == p.total else { return }
        lastDecile = decile
        emit(Self.line(p))
    }

    /// One line: `epoch 1/3  60/600 (10%)  loss 1.2345  acc 55.20%  3.1s<27.9s  19.4 it/s`.
    public static func line(_ p: TrainingProgress) -> String {
        String(
            format: "epoch %d/%d %5d/%d (%3.0f%%)  loss %.4f  acc %5.2f%%  %@<%@  %.1f it/s",
            p.epoch, p.epochs, p.step, p.total, 100 * p.fraction, p.loss, 100 * p.accuracy,
            clock(p.elapsed), clock(p.remaining), p.rate)
    }

    /// `mm:ss` as tqdm prints durations.
    public static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return String(format: "%02d:%02d", t / 60, t % 60)
    }
}
