// LessonRunner.swift: runs a lesson's blocks, one at a time, in one interpreter, and checks each
// block's output against the output written in the lesson.
//
// Every replay starts from a fresh `Interpreter` and the lesson's seed (`RNG.manualSeed`), so a
// lesson replays to the same numbers every time; "going back" is a replay from the start.
// Non-goals: printing (the CLI front ends decide how results look), parsing (LessonParser.swift).
import Foundation
import GradEngine
import GradRender
import GradScript

/// One piece of what a block produced, in the order it was produced.
public enum OutputPiece {
    /// A printed line or an echoed value (no trailing newline).
    case text(String)
    /// Rich output (image, chart, table) from `show`/`plot`/...; `.text` display items arrive as `.text`.
    case display(DisplayItem)
}

/// How a block fared.
public enum BlockStatus: Equatable {
    /// Ran and its output matched the expected output (or it had none to match).
    case passed
    /// Ran without checking (marker `nocheck`).
    case unchecked
    /// Not run (marker `skip`).
    case skipped
    /// Ran, but the output differs from the expected output.
    case mismatch
    /// Raised an error it was not expected to raise (or did not raise one it was marked `raises` for).
    case error
}

/// The result of running one block.
public struct BlockResult {
    public var block: CodeBlock
    public var status: BlockStatus
    public var pieces: [OutputPiece]
    /// The error's full description (file:line:col, source line, caret) when the block failed or raised.
    public var errorText: String?
    /// The error as Python's last traceback line, `Kind: message` (`AssertionError: loss is 3.1, ...`).
    public var errorMessage: String?
    public var seconds: Double

    /// The text compared with the expected output: printed lines, echoed values, text displays, and
    /// for a `raises` block the error's `Kind: message` last.
    public var outputText: String
    public var failed: Bool { status == .mismatch || status == .error }
}

public final class LessonRunner {
    public let lesson: Lesson
    /// The interpreter holding the lesson's state (replaced by a fresh one on `reset`).
    public private(set) var interpreter: Interpreter
    /// Index (0-based) into `lesson.blocks` of the next block `runNext` runs.
    public private(set) var position: Int = 0

    /// Called with every piece of output as it is produced (for live display; training prints).
    public var onOutput: ((OutputPiece) -> Void)?
    /// Called after every training step of `fit`.
    public var onProgress: ((TrainingProgress) -> Void)?
    /// The longest one block may run, in seconds; past it the block is stopped and fails with a
    /// TimeoutError naming its place. nil: no limit (`learn`). `run` and `check` set it (Replay).
    public var timeLimit: Double?

    private var pieces: [OutputPiece] = []

    public init(lesson: Lesson) {
        self.lesson = lesson
        self.interpreter = Interpreter()
        reset()
    }

    /// A fresh interpreter, the lesson's seed, position 0.
    public func reset() {
        interpreter = Interpreter()
        RNG.manualSeed(lesson.seed)
        reattach()
        position = 0
    }

    /// Points the interpreter's output, display and progress back at this runner (after a REPL used it).
    public func reattach() {
        interpreter.output = { [weak self] line in self?.emit(.text(line)) }
        interpreter.display = { [weak self] item in
            if case .text(let s) = item { self?.emit(.text(s)) } else { self?.emit(.display(item)) }
        }
        interpreter.progress = { [weak self] p in self?.onProgress?(p) }
        interpreter.saveChart = SVGChart.saver
        interpreter.saveFigure = FigureSVG.write
    }

    private func emit(_ piece: OutputPiece) {
        pieces.append(piece)
        onOutput?(piece)
    }

    /// True when every block has been run.
    public var atEnd: Bool { position >= lesson.blocks.count }

    /// Runs the block at `position` and advances. Returns nil at the end of the lesson.
    @discardableResult
    public func runNext() -> BlockResult? {
        guard position < lesson.blocks.count else { return nil }
        let r = run(lesson.blocks[position])
        position += 1
        return r
    }

    /// Moves `position` to `index` without running anything (past an exercise the learner solved:
    /// their answer and the checks already ran in this state).
    public func advance(to index: Int) {
        position = max(0, min(index, lesson.blocks.count))
    }

    /// Runs a block in the current state (does not move `position`; `repeat` in `learn` uses this).
    /// `file` names the code in error messages (default: the lesson's path; a learner's answer has its own).
    /// An exercise's starting block (role `.exercise`) is never run: it is the learner's to complete.
    public func run(_ block: CodeBlock, file: String? = nil) -> BlockResult {
        pieces = []
        if block.mode == .skip || block.role == .exercise {
            return BlockResult(
                block: block, status: .skipped, pieces: [], errorText: nil, errorMessage: nil,
                seconds: 0, outputText: "")
        }
        let start = Date()
        var errorText: String?
        var errorShort: String?
        let limit = timeLimit.map { BlockTimeLimit(seconds: $0, interpreter: interpreter) }
        defer { limit?.cancel() }
        do {
            if block.timing == .timeit {
                try timeit(block)
            } else if let value = try interpreter.execute(block.source, file: file ?? lesson.path, line: block.line) {
                emit(.text(try value.checkedRepr()))
            }
        } catch let e as ScriptError {
            errorText = e.description
            errorShort = e.shortDescription
        } catch {
            errorText = "\(file ?? lesson.path):\(block.line): \(error)"
            errorShort = "\(error)"
        }
        let seconds = Date().timeIntervalSince(start)
        limit?.cancel()
        if let limit, limit.fired {
            _ = interpreter.interruptPending(clear: true)
            return BlockResult(
                block: block, status: .error, pieces: pieces,
                errorText: limit.message(path: file ?? lesson.path, block: block),
                errorMessage: "TimeoutError: block did not finish within \(BlockTimeLimit.format(limit.seconds)) s",
                seconds: seconds,
                outputText: pieces.compactMap { p -> String? in
                    if case .text(let s) = p { return s }
                    return nil
                }.joined(separator: "\n"))
        }
        if block.timing == .time, errorText == nil { emit(.display(.text("Wall time: \(TimeIt.duration(seconds))"))) }
        var text = pieces.compactMap { p -> String? in
            if case .text(let s) = p { return s }
            return nil
        }
        if block.raises, let short = errorShort { text.append(short) }
        let output = text.joined(separator: "\n")

        var status: BlockStatus
        if errorText != nil, !block.raises {
            status = .error
        } else if block.raises && errorText == nil {
            status = .error
            errorText = "\(lesson.path):\(block.line): block \(block.number) is marked 'raises' but raised no error"
        } else if block.mode == .nocheck {
            status = .unchecked
        } else if let expected = block.expected, !OutputMatcher.matches(expected: expected, actual: output) {
            status = .mismatch
        } else {
            status = .passed
        }
        return BlockResult(
            block: block, status: status, pieces: pieces, errorText: errorText, errorMessage: errorShort,
            seconds: seconds, outputText: output)
    }

    /// A notebook's `%%timeit` cell: the code timed as the REPL's `:time` does, its output discarded,
    /// then the report (`1.2 ms ± 3 µs per loop (...)`), shown but not compared.
    private func timeit(_ block: CodeBlock) throws {
        let output = interpreter.output, display = interpreter.display
        interpreter.output = { _ in }
        interpreter.display = { _ in }
        defer {
            interpreter.output = output
            interpreter.display = display
        }
        let r = try TimeIt.measure {
            try interpreter.checkInterrupt()
            _ = try interpreter.execute(block.source, file: lesson.path, line: block.line)
        }
        emit(.display(.text(TimeIt.format(r))))
    }

    /// Starts over and runs blocks 0..<count without reporting their output (`back` in `learn`, `repl --upto`).
    /// Throws `LessonError` naming the block when one of them fails with an error.
    public func replay(upto count: Int) throws {
        let saved = onOutput
        onOutput = nil
        defer { onOutput = saved }
        reset()
        while position < min(count, lesson.blocks.count) {
            guard let r = runNext() else { break }
            if r.status == .error {
                throw LessonError(
                    "\(lesson.path):\(r.block.line): block \(r.block.number) failed while replaying the "
                        + "lesson:\n\(r.errorText ?? "")"
                )
            }
        }
    }

    /// The one way to run a lesson up to a block for another front end (`gradstep repl --lesson L
    /// --upto N`): replays blocks 1..<upto (all of them when `upto` is nil) with `replay(upto:)`, the
    /// path `learn` uses to go back, and hands over the interpreter with default output (stdout).
    /// Returns it with a banner such as
    /// `lesson 03-loss: ran blocks 1-4 of 9 (the state before block 5); variables: p, q, logits`.
    /// Throws `LessonError` (bad `upto`, or a block failing, with file:line).
    public static func state(of lesson: Lesson, upto: Int? = nil) throws -> (interpreter: Interpreter, banner: String) {
        let n = lesson.blocks.count
        if let u = upto, u < 1 || u > n + 1 {
            throw LessonError("\(lesson.path): --upto \(u) is out of range: the lesson has blocks 1...\(n)")
        }
        let count = upto.map { $0 - 1 } ?? n
        let runner = LessonRunner(lesson: lesson)
        try runner.replay(upto: count)
        let interpreter = runner.detachInterpreter()
        let names = interpreter.globals.map(\.name)
        let ran = count == 0 ? "ran no blocks" : "ran blocks 1-\(count) of \(n)"
        let before = upto.map { " (the state before block \($0))" } ?? ""
        let variables = names.isEmpty ? "(none)" : names.joined(separator: ", ")
        return (interpreter, "lesson \(lesson.name): \(ran)\(before); variables: \(variables)")
    }

    /// The same for lesson `name` (number, name or path; see `LessonLibrary.resolve`).
    public static func state(lesson name: String, upto: Int? = nil) throws -> (interpreter: Interpreter, banner: String)
    {
        try state(of: try LessonParser.load(path: try LessonLibrary.resolve(name)), upto: upto)
    }

    /// Hands the interpreter to another front end (the REPL), with default output to stdout.
    public func detachInterpreter() -> Interpreter {
        let fresh = Interpreter()
        interpreter.output = fresh.output
        interpreter.display = fresh.display
        interpreter.progress = nil
        return interpreter
    }
}
