// ProgressBar: tqdm-style training progress on standard error.
//
// On a terminal one line is redrawn in place (at most ten times a second, and always at the end):
//   epoch 1/3:  45%|█████▍      | 270/600 [00:03<00:04, 85.21it/s, loss=0.6213, acc=78.4%]
// When standard error is not a terminal (a log file, CI), a plain line is written each time
// another 10% is done instead, so logs stay readable:
//   epoch 1/3:  10% 60/600 [00:01<00:09, 60.00it/s, loss=1.2040, acc=55.1%]
// Accuracy is given as a fraction (0...1) and shown as a percentage.
//
// Non-goals: nested bars, Jupyter widgets, smoothing of the rate beyond the overall average.

import Foundation
import GradEngine

public final class ProgressBar: @unchecked Sendable {
    public let total: Int
    public let description: String
    public let unit: String
    public let isTerminal: Bool
    /// The width given at creation; nil: the terminal's width, read at every redraw (a resize
    /// during training is followed).
    private let fixedColumns: Int?
    private var columns: Int {
        if let fixedColumns { return fixedColumns }
        let c = TerminalSize.columns(2)
        return c > 0 ? c : 80
    }
    private let write: (String) -> Void
    private let clock: () -> Double
    private let start: Double
    private var lastDraw = -Double.infinity
    private var lastDecile = 0
    private var finished = false
    private var lastNow: Double?
    public private(set) var n = 0
    public private(set) var loss: Double?
    public private(set) var accuracy: Double?

    /// - Parameters:
    ///   - total: number of units (batches) in all.
    ///   - description: text before the bar, e.g. "epoch 1/3".
    ///   - isTerminal: redraw in place (true) or write a line every 10% (false); default: whether stderr is a terminal.
    ///   - write: where text goes (default: standard error, unbuffered).
    ///   - clock: seconds, monotonic (injectable for tests).
    public init(
        total: Int, description: String = "", unit: String = "it", isTerminal: Bool? = nil,
        columns: Int? = nil, write: ((String) -> Void)? = nil, clock: (() -> Double)? = nil
    ) {
        self.total = max(0, total)
        self.description = description
        self.unit = unit
        self.isTerminal = isTerminal ?? (isatty(2) != 0)
        self.fixedColumns = columns
        self.write = write ?? { s in FileHandle.standardError.write(Data(s.utf8)) }
        let clk = clock ?? { ProcessInfo.processInfo.systemUptime }
        self.clock = clk
        self.start = clk()
    }

    /// Records that `n` units are done, with the running loss and accuracy (fraction) when known.
    /// `elapsed` (seconds since the start) overrides the bar's own clock when the caller measures it.
    public func update(_ n: Int, loss: Double? = nil, accuracy: Double? = nil, elapsed: Double? = nil) {
        guard !finished else { return }
        self.n = max(0, min(n, total > 0 ? total : n))
        if let loss { self.loss = loss }
        if let accuracy { self.accuracy = accuracy }
        let now = elapsed.map { start + $0 } ?? clock()
        lastNow = now
        if isTerminal {
            if now - lastDraw >= 0.1 || self.n == total {
                lastDraw = now
                write("\r" + line(now: now) + "\u{1B}[K")
            }
        } else if total > 0 {
            let decile = self.n * 10 / total
            if decile > lastDecile {
                lastDecile = decile
                write(line(now: now) + "\n")
            }
        }
    }

    /// Ends the bar: draws the final state and moves to a new line; `note` (e.g. "interrupted at
    /// batch 12 of 600") is written on its own line.
    public func finish(note: String? = nil) {
        guard !finished else { return }
        let now = lastNow ?? clock()
        if isTerminal {
            write("\r" + line(now: now) + "\u{1B}[K\n")
        } else if n < total || total == 0 {
            write(line(now: now) + "\n")
        }
        finished = true
        if let note { write(note + "\n") }
    }

    /// The current status line (without newline or escapes).
    public func line(now: Double? = nil) -> String {
        let elapsed = max(0, (now ?? clock()) - start)
        let barWidth = isTerminal ? nil : 0
        return ProgressBar.format(
            n: n, total: total, elapsed: elapsed, description: description, unit: unit,
            loss: loss, accuracy: accuracy, barWidth: barWidth, columns: columns)
    }

    /// Formats a status line. `barWidth` 0 omits the bar (plain log lines); nil fits the line to
    /// `columns`: at most `columns - 1` characters, so it never wraps and `\r` redraws it in place.
    /// When the whole line does not fit, the parts go in this order: the rate, the times, the bar,
    /// the accuracy, then the loss; what is left past that is cut.
    public static func format(
        n: Int, total: Int, elapsed: Double, description: String = "", unit: String = "it",
        loss: Double? = nil, accuracy: Double? = nil, barWidth: Int? = nil,
        columns: Int = 80
    ) -> String {
        let frac = total > 0 ? Double(n) / Double(total) : 0
        let percent = String(format: "%3d%%", Int((frac * 100).rounded(.down)))
        let rate = elapsed > 0 ? Double(n) / elapsed : 0
        let remaining: String = rate > 0 && total >= n ? clockText(Double(total - n) / rate) : "?"
        var rateText: String
        if rate <= 0 {
            rateText = "?\(unit)/s"
        } else if rate >= 1 {
            rateText = String(format: "%.2f%@/s", rate, unit)
        } else {
            rateText = String(format: "%.2fs/%@", 1 / rate, unit)
        }
        let lossText = loss.map { String(format: "loss=%.4f", $0) }
        let accuracyText = accuracy.map { String(format: "acc=%.1f%%", $0 * 100) }
        let post = [lossText, accuracyText].compactMap { $0 }
        let head = description.isEmpty ? "" : description + ": "
        let count = "\(n)/\(total)"
        let times = "\(clockText(elapsed))<\(remaining)"
        let full = count + " [" + ([times, rateText] + post).joined(separator: ", ") + "]"
        if barWidth == 0 { return head + percent + " " + full }
        if let barWidth { return head + percent + "|" + bar(frac, width: barWidth) + "| " + full }
        // The tails from richest to poorest, each tried with a bar of 10 to 40 cells, then without
        // a bar before the next loses more.
        let bracket = { (items: [String]) in items.isEmpty ? count : count + " [" + items.joined(separator: ", ") + "]"
        }
        let tails: [(String, Bool)] = [
            (full, true), (bracket([times] + post), true), (bracket(post), true), (bracket(post), false),
            (bracket(lossText.map { [$0] } ?? []), true), (bracket(lossText.map { [$0] } ?? []), false),
            (count, true), (count, false),
        ]
        let room = columns - 1
        for (tail, withBar) in tails {
            if withBar {
                let width = min(40, room - (head.count + percent.count + 3 + tail.count))
                if width >= 10 { return head + percent + "|" + bar(frac, width: width) + "| " + tail }
            } else if head.count + percent.count + 1 + tail.count <= room {
                return head + percent + " " + tail
            }
        }
        return String((head + percent + " " + count).prefix(max(0, room)))
    }

    /// A bar of `width` cells with eighth-block precision.
    static func bar(_ frac: Double, width: Int) -> String {
        let eighths = Int((max(0, min(1, frac)) * Double(width * 8)).rounded(.down))
        let full = eighths / 8, part = eighths % 8
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var s = String(repeating: "█", count: full)
        if full < width {
            s += partials[part]
            s += String(repeating: " ", count: width - full - (part > 0 ? 1 : 0))
        }
        return s
    }

    /// mm:ss, or h:mm:ss past an hour (as tqdm).
    public static func clockText(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded(.down))
        if s >= 3600 { return String(format: "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60) }
        return String(format: "%02d:%02d", s / 60, s % 60)
    }
}

/// The bars of a `fit` run: one ProgressBar per epoch, fed by `fit`'s progress reports.
/// `end()` finishes a bar being drawn, so text printed meanwhile (e.g. "Interrupted in epoch 9 ...")
/// starts on a line of its own; call it before writing anything else.
public final class EpochProgressBars {
    private var bar: ProgressBar?
    private var epoch = 0
    private let make: (TrainingProgress) -> ProgressBar

    /// - Parameter make: builds the bar of an epoch (default: "epoch E/N" on standard error).
    public init(make: @escaping (TrainingProgress) -> ProgressBar = { EpochProgressBars.standardBar($0) }) {
        self.make = make
    }

    /// The bar of an epoch: "epoch E/N" (or "epoch E" for a single epoch), unit "batch"; the other
    /// arguments are ProgressBar's (default: standard error, whether it is a terminal, its width).
    public static func standardBar(
        _ p: TrainingProgress, isTerminal: Bool? = nil, columns: Int? = nil,
        write: ((String) -> Void)? = nil
    ) -> ProgressBar {
        ProgressBar(
            total: p.total, description: p.epochs > 1 ? "epoch \(p.epoch)/\(p.epochs)" : "epoch \(p.epoch)",
            unit: "batch", isTerminal: isTerminal, columns: columns, write: write)
    }

    /// Draws one report: starts a new bar at each epoch's first batch, finishes it at its last.
    public func report(_ p: TrainingProgress) {
        if bar == nil || p.step <= 1 || p.epoch != epoch {
            bar?.finish()
            epoch = p.epoch
            bar = make(p)
        }
        bar?.update(p.step, loss: p.loss, accuracy: p.accuracy, elapsed: p.elapsed)
        if p.step >= p.total { end() }
    }

    /// Finishes the bar being drawn, if any.
    public func end() {
        bar?.finish()
        bar = nil
    }
}
