// Replay.swift: `gradstep run` and `gradstep check` as a library: replay a lesson block by block,
// printing each block (`>>>` lines) and its output, and a `file:line` report with a diff for the
// first failure. The CLI files only parse arguments and call this.
// Non-goals: interactive stepping (LearnSession.swift).
import Foundation
import GradRender
import GradScript

public struct ReplayOptions {
    /// Run on after a failing block.
    public var keepGoing = false
    /// Print only failures (no blocks, no outputs, no progress).
    public var quiet = false
    /// Colour mode and width for pictures and charts.
    public var colorMode: ColorMode = .none
    public var columns = 80
    /// Show training progress bars (on standard error).
    public var progressBars = true
    /// Longest a block may run, in seconds, when the lesson sets no `timeout:` (600 s by default).
    public var blockTimeLimit = BlockTimeLimit.defaultSeconds
    public init() {}
}

public struct ReplaySummary {
    public var results: [Int: BlockResult] = [:]
    public var passed = 0, unchecked = 0, skipped = 0, failed = 0
    public var seconds = 0.0
    public var ok: Bool { failed == 0 }
}

public enum Replay {
    /// Standard output, flushed at once (so output interleaves correctly with progress on stderr).
    public static let stdoutWrite: @Sendable (String) -> Void = { s in
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    /// The code of a block as `>>> ` / `... ` lines, as Python's prompt shows them: continuation for
    /// indented and blank lines, closing brackets, and the clauses that continue a compound statement
    /// (`else:`, `elif ...:`, `except ...:`, `finally:`).
    public static func codeLines(_ source: String) -> String {
        source.components(separatedBy: "\n").map { line in
            if line.isEmpty { return "..." }
            return isContinuation(line) ? "... " + line : ">>> " + line
        }.joined(separator: "\n")
    }

    static func isContinuation(_ line: String) -> Bool {
        if line.first == " " || line.first == "\t" || line.hasPrefix(")") || line.hasPrefix("]") || line.hasPrefix("}")
        {
            return true
        }
        let word = line.prefix { $0.isLetter }
        guard ["else", "elif", "except", "finally"].contains(String(word)) else { return false }
        let after = line.dropFirst(word.count).first
        return after == nil || after == ":" || after == " " || after == "("
    }

    /// The header line of a block: `[3] lessons/03-loss.md:42`, plus its marker when not a plain check.
    public static func header(_ b: CodeBlock, path: String) -> String {
        var h = "[\(b.number)] \(path):\(b.line)"
        if b.mode != .check { h += " (\(b.mode.rawValue))" }
        if b.raises { h += " (raises)" }
        if b.role != .plain { h += " (\(b.role.rawValue))" }
        return h
    }

    /// The report of a failed block: where, what, and the diff or the error.
    public static func failureReport(_ r: BlockResult, lesson: Lesson) -> String {
        let b = r.block
        switch r.status {
        case .mismatch:
            let at = b.expectedLine.map { " (written at line \($0))" } ?? ""
            return "\(lesson.path):\(b.line): block \(b.number): output differs from the expected output\(at)\n"
                + OutputMatcher.diff(expected: b.expected ?? "", actual: r.outputText) + "\n"
        case .error:
            return "\(lesson.path):\(b.line): block \(b.number): error\n\(r.errorText ?? "")\n"
        default:
            return ""
        }
    }

    /// Replays `lesson`, writing the transcript to `write`. Stops at the first failure unless `keepGoing`.
    public static func run(
        _ lesson: Lesson, options: ReplayOptions, write: @escaping (String) -> Void = stdoutWrite
    ) -> ReplaySummary {
        var summary = ReplaySummary()
        let runner = LessonRunner(lesson: lesson)
        runner.timeLimit = lesson.timeout ?? options.blockTimeLimit
        let start = Date()
        let bars = EpochProgressBars()
        if !options.quiet {
            runner.onOutput = { piece in
                bars.end()  // text printed during training goes below the bar
                switch piece {
                case .text(let s): write(s + "\n")
                case .display(let d):
                    write(DisplayRendering.terminal(d, colorMode: options.colorMode, columns: options.columns) + "\n")
                }
            }
            if options.progressBars {
                runner.onProgress = { p in bars.report(p) }
            }
        }
        for (i, b) in lesson.blocks.enumerated() {
            if !options.quiet {
                write((i == 0 ? "" : "\n") + header(b, path: lesson.path) + "\n" + codeLines(b.source) + "\n")
            }
            guard let r = runner.runNext() else { break }
            bars.end()
            if !options.quiet, r.block.raises, r.status == .passed, let e = r.errorText {
                write(e + "\n")  // the error the block is written to show
            }
            summary.results[i] = r
            switch r.status {
            case .passed: summary.passed += 1
            case .unchecked: summary.unchecked += 1
            case .skipped: summary.skipped += 1
            case .mismatch, .error: summary.failed += 1
            }
            if r.failed {
                if options.quiet {
                    write(
                        (summary.failed > 1 ? "\n" : "") + header(b, path: lesson.path) + "\n" + codeLines(b.source)
                            + "\n")
                    if !r.outputText.isEmpty { write(r.outputText + "\n") }
                }
                write("\n" + failureReport(r, lesson: lesson))
                if !options.keepGoing { break }
            }
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// `check`'s guard that every exercise leaves the learner something to do: the starting code as
    /// written, blanks (`...`) and all, must fail its exercise, by raising or by leaving the checks
    /// failing. Each exercise gets a fresh replay up to its starting block (`LessonRunner.replay(upto:)`,
    /// so the starting code meets the state a learner meets), then the starting code, then the checks.
    /// Returns one report per exercise whose unfilled starting code passes (empty when all is well); an
    /// exercise whose prefix fails is left to the main replay to report.
    public static func exercisesPassingUnfilled(_ lesson: Lesson, options: ReplayOptions) -> [String] {
        var reports: [String] = []
        for ex in lesson.exercises {
            let runner = LessonRunner(lesson: lesson)
            runner.timeLimit = lesson.timeout ?? options.blockTimeLimit
            guard (try? runner.replay(upto: ex.starter)) != nil else { continue }
            var starter = lesson.blocks[ex.starter]
            starter.role = .plain
            starter.mode = .nocheck
            starter.raises = false
            let started = runner.run(starter)
            if started.status == .error { continue }
            let checked = runner.run(lesson.blocks[ex.checks])
            if checked.status == .error { continue }
            let checks = lesson.blocks[ex.checks]
            reports.append(
                "\(lesson.path):\(starter.line): exercise \(ex.number) (\(ex.title)): its starting code, run as "
                    + "written, passes the checks at line \(checks.line), so there is nothing to solve; leave a "
                    + "blank (...) where the answer goes, or check more")
        }
        return reports
    }

    /// `9 blocks: 7 passed, 1 not checked, 1 skipped, 0 failed`
    public static func summaryLine(_ s: ReplaySummary, lesson: Lesson) -> String {
        "\(lesson.blocks.count) blocks: \(s.passed) passed, \(s.unchecked) not checked, \(s.skipped) skipped, "
            + "\(s.failed) failed"
    }
}
