// LearnSession.swift: `gradstep learn`, stepping through a lesson in a terminal. Prose is rendered
// for the terminal, then each block is shown and run when the learner presses Enter. Commands:
// back (b), repeat (r), repl (p), hint (h), quit (q). Progress is saved after every block so the next
// `learn` resumes there (replaying the blocks before it, which restores the state).
//
// Exercises (`exercise` / `solution` / `checks` blocks, see Lesson.swift): the starting block with its
// blanks is shown and the solution stays hidden. The learner writes an answer in $EDITOR (e) or at
// the REPL (p, then :check or :continue and c); gradstep runs the lesson's checks on the state the
// answer leaves and says what is still wrong (the failing assertion's message), gives the hints one
// at a time (h) and shows the solution only when asked (s, confirmed).
//
// I/O is injected (read a line, write text, open a REPL, edit a text), so tests can drive it without
// a terminal. Non-goals: running without a terminal (the CLI replays the lesson like `run` then).
//
// Ctrl-C is the front end's (the CLI installs the one handler and watcher, gradstep/Interrupts.swift):
// while a block runs the session marks it busy (`gs_set_busy`), so the watcher interrupts the
// interpreter; at the prompt a Ctrl-C ends the read and the session asks whether one came
// (`gs_sigint_take`), then saves and returns 130.
import CSignals
import Foundation
import GradRender
import GradScript

public final class LearnSession: @unchecked Sendable {
    /// How the learner left the REPL: back to the lesson, or asking to check an exercise (`:check`).
    public enum REPLExit: Sendable { case back, check }

    public struct IO {
        /// Reads one line of input (without its newline) after showing the prompt; nil at end of input.
        public var readLine: (_ prompt: String) -> String?
        /// Writes text as is.
        public var write: (String) -> Void
        /// Runs a REPL on the interpreter until the learner types `:continue` (or Ctrl-D), or `:check`.
        public var openREPL: (Interpreter) -> REPLExit
        /// Lets the learner edit `text` (an exercise's code, `name` says which: `03-loss-2`); returns
        /// the edited text, or nil when no editor could run (the reason already written).
        public var edit: (_ name: String, _ text: String) -> String?
        public init(
            readLine: @escaping (_ prompt: String) -> String?, write: @escaping (String) -> Void,
            openREPL: @escaping (Interpreter) -> REPLExit = { _ in .back },
            edit: @escaping (_ name: String, _ text: String) -> String? = { _, _ in nil }
        ) {
            self.readLine = readLine
            self.write = write
            self.openREPL = openREPL
            self.edit = edit
        }
    }

    public let lesson: Lesson
    let runner: LessonRunner
    let io: IO
    var progress: ProgressStore
    let style: TerminalProse.Style
    let colorMode: ColorMode
    let columns: Int
    /// The lesson that follows this one (`learn` says how to go on), nil for the last lesson.
    public var next: (name: String, title: String)?
    /// Most lines of output a block shows before the rest is cut with a note (0: no limit).
    public var maxOutputLines = 0
    /// Readline-style prompt: invisible (colour) sequences wrapped in \u{01}...\u{02}.
    public var readlinePrompt = false
    /// Training progress of the running block (one bar per epoch).
    let progressBars = EpochProgressBars()
    /// Hints shown so far for the upcoming block or exercise.
    var hintsShown = 0
    /// Index of the block that ran last in the current state (what `r` repeats).
    var lastRun: Int?
    /// Number of a block repeated with `r` since the state was last rebuilt: later outputs may differ.
    var repeated: Int?
    /// Lines of output still allowed for the running block, and lines cut.
    var linesLeft = Int.max
    var linesCut = 0

    public init(
        lesson: Lesson, io: IO, progress: ProgressStore = ProgressStore(),
        colorMode: ColorMode = .none, columns: Int = 80
    ) {
        self.lesson = lesson
        self.runner = LessonRunner(lesson: lesson)
        self.io = io
        self.progress = progress
        self.colorMode = colorMode
        self.columns = columns
        self.style = TerminalProse.Style(color: colorMode != .none, width: min(columns, 100))
        let bars = progressBars
        runner.onOutput = { [weak self] piece in
            bars.end()  // "Interrupted in epoch ..." goes below the bar, not after it
            guard let self else { return }
            let text: String
            switch piece {
            case .text(let s): text = s
            case .display(let d): text = DisplayRendering.terminal(d, colorMode: colorMode, columns: columns)
            }
            let n = text.split(separator: "\n", omittingEmptySubsequences: false).count
            if n > self.linesLeft {
                self.linesCut += n
                self.linesLeft = 0
                return
            }
            if self.linesLeft != Int.max { self.linesLeft -= n }
            io.write(text + "\n")
        }
        runner.onProgress = { p in bars.report(p) }
    }

    func sgr(_ code: String) -> String { colorMode == .none ? "" : "\u{1B}[\(code)m" }

    public static let commandHelp = "Enter: run · b: back · r: repeat · p: REPL · h: hint · q: quit"
    public static let exerciseHelp =
        "e: edit your answer · p: REPL (:check there) · c: check · h: hint · s: solution · b: back · q: quit"

    /// A legend or note wrapped at the terminal's width, at ` · ` or spaces, never inside a word.
    func wrapped(_ text: String) -> String {
        TerminalProse.wrapPlain(text.replacingOccurrences(of: " · ", with: "\u{1F}· "), width: columns)
            .replacingOccurrences(of: "\u{1F}", with: " ")
    }

    /// The interpreter holding the lesson's state (a fresh one after going back; the front end's
    /// Ctrl-C watcher interrupts whichever is current).
    public var interpreter: Interpreter { runner.interpreter }

    /// Runs a block as a command, its output cut after `maxOutputLines`: Ctrl-C interrupts it (the
    /// front end's watcher calls `interpreter.interrupt()` while the busy flag is set; the flag also
    /// keeps signals off this thread, which computes).
    func guarded<T>(_ body: () throws -> T) rethrows -> T {
        gs_set_busy(1)
        linesLeft = maxOutputLines > 0 ? maxOutputLines : Int.max
        linesCut = 0
        defer {
            gs_set_busy(0)
            progressBars.end()
            linesLeft = Int.max
            if linesCut > 0 {
                io.write(
                    sgr("2")
                        + wrapped(
                            "(\(linesCut) more lines of output not shown; p opens the REPL, where you can look at the "
                                + "values themselves)"
                        ) + sgr("0") + "\n")
                linesCut = 0
            }
        }
        return try body()
    }

    /// Steps through the lesson from the saved progress. Returns the process exit status: 0, or 130
    /// when Ctrl-C at the prompt ended the session (progress saved).
    public func run() -> Int32 {
        let total = lesson.blocks.count
        var saved = min(progress.done(lesson.name), total)
        // never resume inside an exercise
        if let ex = lesson.exercise(containing: saved), saved > ex.starter { saved = ex.starter }
        var start = 0
        if saved > 0 && saved < total {
            io.write(
                "Resuming \(lesson.title) at block \(saved + 1) of \(total) (replaying \(saved) "
                    + "block\(saved == 1 ? "" : "s"))...\n"
            )
            do {
                try guarded { try runner.replay(upto: saved) }
                start = saved
                lastRun = lastRunnable(before: saved)
            } catch {
                io.write("\(error)\nStarting from the beginning.\n")
                runner.reset()
            }
        } else if saved >= total && total > 0 {
            io.write("You finished \(lesson.title) before; starting it again.\n")
        }
        showProse(before: start)
        io.write(sgr("2") + wrapped(LearnSession.commandHelp) + sgr("0") + "\n")

        var shown = -1
        while runner.position < total {
            let i = runner.position
            let block = lesson.blocks[i]
            let exercise = lesson.exercise(startingAt: i)
            if shown != i {
                if let ex = exercise { showExercise(ex) } else { showBlock(block) }
                shown = i
            }
            _ = gs_sigint_take()  // a Ctrl-C that interrupted the last block is not one at this prompt
            guard let command = prompt(exercise: exercise != nil) else {
                save()
                if gs_sigint_take() > 0 {
                    io.write("\nProgress saved.\n")
                    return 130
                }
                io.write("\n")
                return 0
            }
            if let ex = exercise {
                switch command {
                case "":
                    io.write(wrapped("This is an exercise: your turn. " + LearnSession.exerciseHelp) + "\n")
                    continue
                case "e", "edit":
                    edit(ex)
                    shown = runner.position == i ? i : -1
                    continue
                case "c", "check":
                    check(ex, answer: nil)
                    shown = runner.position == i ? i : -1
                    continue
                case "s", "solution":
                    solution(ex)
                    continue
                case "h", "hint":
                    hint(ex.hints, more: "s shows the solution")
                    continue
                case "p", "repl", ":repl":
                    if openREPL() == .check { check(ex, answer: nil) }
                    shown = runner.position == i ? i : -1
                    continue
                default: break
                }
            }
            switch command {
            case "", "n", "next", "run":
                let r = guarded { runner.runNext() }
                hintsShown = 0
                lastRun = i
                if let r { report(r) }
                save()
                if runner.position < total && r?.failed != true { showProse(before: runner.position) }
            case "b", "back":
                guard let target = lastRunnable(before: i) else {
                    io.write("This is the first block.\n")
                    continue
                }
                replay(to: target)
                shown = -1
                save()
            case "r", "repeat":
                guard let k = lastRun else {
                    io.write(
                        wrapped("No block has run yet, so there is nothing to repeat: Enter runs the block shown.")
                            + "\n")
                    continue
                }
                let prev = lesson.blocks[k]
                io.write(
                    sgr("2") + Replay.header(prev, path: lesson.path) + " (again)" + sgr("0") + "\n"
                        + sgr("36") + codeLines(prev.source) + sgr("0") + "\n")
                let r = guarded { runner.run(prev) }
                report(r, repeating: true)
                repeated = prev.number
                io.write(
                    sgr("2")
                        + wrapped(
                            "(block \(prev.number) ran again in the current state, so the lesson's state has moved on: "
                                + "later outputs may differ from the page; b restores it by replaying)"
                        ) + sgr("0") + "\n")
                shown = -1
            case "p", "repl", ":repl":
                _ = openREPL()
                shown = -1
            case "h", "hint":
                hint(block.hints, more: nil)
                shown = -1
            case "q", "quit", ":q", ":quit":
                save()
                io.write(
                    wrapped(
                        "Progress saved: block \(runner.position + 1) of \(total) next. Resume with: gradstep learn "
                            + "\(lesson.name)"
                    ) + "\n")
                return 0
            default:
                io.write(
                    wrapped(
                        "Unknown command '\(command)'. "
                            + (exercise == nil ? LearnSession.commandHelp : LearnSession.exerciseHelp)) + "\n")
            }
        }
        showProse(before: nil)
        save()
        io.write("\n" + sgr("1") + "End of \(lesson.title)." + sgr("0") + " " + endNote() + "\n")
        return 0
    }

    /// What to do after the lesson: the next lesson, or the end of the course; exercises left.
    func endNote() -> String {
        var parts: [String] = []
        let solved = progress.solvedExercises(lesson.name).count
        if !lesson.exercises.isEmpty {
            parts.append("Exercises solved: \(solved) of \(lesson.exercises.count).")
        }
        if let n = next {
            parts.append("Next: gradstep learn \(n.name) (\(n.title)). gradstep list shows your progress.")
        } else {
            parts.append("That was the last lesson of the course. gradstep list shows your progress.")
        }
        return wrapped(parts.joined(separator: " "))
    }

    /// The index of the last block before `index` that the learner runs (an exercise counts by its
    /// starter: going back over a solved exercise lands on the exercise again).
    func lastRunnable(before index: Int) -> Int? {
        guard index > 0 else { return nil }
        let k = index - 1
        if let ex = lesson.exercise(containing: k) { return ex.starter }
        return k
    }

    /// The prose items between the block before `index` and block `index` (nil: after the last block).
    func showProse(before index: Int?) {
        var start = 0
        if let idx = index, idx > 0, let k = lesson.items.firstIndex(of: .block(idx - 1)) { start = k + 1 }
        if index == nil {
            // After the last block; a lesson without blocks showed all its prose at the start.
            guard
                let last = lesson.items.lastIndex(where: {
                    if case .block = $0 { return true }
                    return false
                })
            else { return }
            start = last + 1
        }
        var k = start
        while k < lesson.items.count {
            switch lesson.items[k] {
            case .block(let b):
                // An exercise's solution and checks stay hidden; the prose between them is skipped too.
                guard let ex = lesson.exercise(containing: b), b != ex.starter else { return }
                if let next = lesson.items.firstIndex(of: .block(ex.checks)) { k = next }
            case .prose(let p):
                io.write("\n" + TerminalProse.render(p.markdown, style: style) + "\n")
            case .hint: break  // shown on request
            }
            k += 1
        }
    }

    /// A block's code as `>>>` lines, wrapped at the terminal's width at spaces (`↪` continues a line).
    func codeLines(_ source: String) -> String {
        TerminalProse.wrapPlain(Replay.codeLines(source), width: columns, continuation: "  ↪ ")
    }

    func showBlock(_ b: CodeBlock) {
        var extra = ""
        if !b.hints.isEmpty { extra = "  " + sgr("2") + "(h: hint)" + sgr("0") }
        io.write(
            "\n" + sgr("2") + Replay.header(b, path: lesson.path) + sgr("0") + extra + "\n"
                + sgr("36") + codeLines(b.source) + sgr("0") + "\n")
    }

    func showExercise(_ ex: Exercise) {
        let b = lesson.blocks[ex.starter]
        let solved = progress.solvedExercises(lesson.name).contains(ex.number) ? " (solved before)" : ""
        io.write(
            "\n" + sgr("1;35") + "✎ \(ex.title)" + sgr("0") + sgr("2") + solved + sgr("0") + "\n"
                + wrapped(
                    "Your turn: complete the code below (replace each ... ) and gradstep checks your answer. The "
                        + "solution stays hidden until you ask for it."
                ) + "\n"
                + sgr("36") + codeLines(b.source) + sgr("0") + "\n"
                + sgr("2") + wrapped(LearnSession.exerciseHelp) + sgr("0") + "\n")
    }

    func prompt(exercise: Bool) -> String? {
        let text = "[\(runner.position + 1)/\(lesson.blocks.count)]" + (exercise ? " exercise" : "") + " > "
        let on = sgr("1"), off = sgr("0")
        let p = readlinePrompt && !on.isEmpty ? "\u{01}\(on)\u{02}\(text)\u{01}\(off)\u{02}" : on + text + off
        return io.readLine(p)?.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Shows the next hint of `hints` (one at a time), or says there is none (left).
    func hint(_ hints: [String], more: String?) {
        if hints.isEmpty {
            io.write(more.map { "No hint for this one; \($0).\n" } ?? "No hint for this block.\n")
            return
        }
        if hintsShown >= hints.count {
            io.write(wrapped("That was the last hint" + (more.map { "; \($0)." } ?? ".")) + "\n")
            return
        }
        let counter = hints.count > 1 ? sgr("2") + "(hint \(hintsShown + 1) of \(hints.count))" + sgr("0") + "\n" : ""
        io.write(counter + TerminalProse.render(hints[hintsShown], style: style) + "\n")
        hintsShown += 1
    }

    func report(_ r: BlockResult, repeating: Bool = false) {
        switch r.status {
        case .passed where r.block.raises:
            // The error this block is written to show.
            io.write(
                sgr("31") + TerminalProse.wrapPlain(r.errorText ?? "", width: columns, keepIndented: true) + sgr("0")
                    + "\n")
        case .passed, .unchecked: break
        case .skipped: io.write(sgr("2") + "(this block is only shown, not run)" + sgr("0") + "\n")
        case .mismatch where repeating:
            break  // a repeat runs in a moved-on state: its output is expected to differ
        case .mismatch:
            let why =
                repeated.map {
                    "The output differs from the page because block \($0) was repeated and the state moved on (b "
                        + "restores it):"
                }
                ?? "The output differs from the lesson's:"
            io.write(
                sgr("33") + wrapped(why) + sgr("0") + "\n"
                    + OutputMatcher.diff(expected: r.block.expected ?? "", actual: r.outputText) + "\n")
        case .error where r.errorText?.contains("KeyboardInterrupt") == true:
            io.write(
                sgr("33")
                    + wrapped(
                        "Interrupted; the variables keep the values they had. Enter runs the next block, b goes back.")
                    + sgr("0") + "\n")
        case .error:
            io.write(
                sgr("31") + TerminalProse.wrapPlain(r.errorText ?? "error", width: columns, keepIndented: true)
                    + sgr("0") + "\n")
            io.write("Open the REPL in the state just before this block? [y/N] ")
            if let a = io.readLine("")?.trimmingCharacters(in: .whitespaces).lowercased(), a == "y" || a == "yes" {
                let index = r.block.number - 1
                replay(to: index)
                _ = openREPL()
            } else {
                // Stay on the failing block: the learner can fix things in the REPL or retry.
                replay(to: r.block.number - 1)
            }
        }
    }

    // MARK: exercises

    /// The learner's answer so far, by exercise number (what `e` opens again).
    var answers: [Int: String] = [:]

    /// Opens the answer (at first the starting block) in the editor, then runs it and checks it.
    func edit(_ ex: Exercise) {
        let text = answers[ex.number] ?? lesson.blocks[ex.starter].source + "\n"
        guard let edited = io.edit("\(lesson.name)-\(ex.number)", text) else { return }
        answers[ex.number] = edited
        if edited.trimmingCharacters(in: .whitespacesAndNewlines)
            == lesson.blocks[ex.starter].source.trimmingCharacters(in: .whitespacesAndNewlines)
        {
            io.write(
                wrapped("The code is unchanged: replace each ... with your answer, save and quit the editor.") + "\n")
            return
        }
        check(ex, answer: edited)
    }

    /// The 1-based line of `code` that still holds a blank (`...` outside a string or comment).
    static func blankLine(_ code: String) -> Int? {
        for (k, line) in code.components(separatedBy: "\n").enumerated() {
            var inString: Character?
            var chars = Array(line)[...]
            var i = chars.startIndex
            while i < chars.endIndex {
                let c = chars[i]
                if let q = inString {
                    if c == q { inString = nil }
                } else if c == "\"" || c == "'" {
                    inString = c
                } else if c == "#" {
                    break
                } else if c == ".", i + 2 < chars.endIndex, chars[i + 1] == ".", chars[i + 2] == "." {
                    return k + 1
                }
                i += 1
            }
            chars = []
        }
        return nil
    }

    /// Runs the learner's `answer` (nil: what they ran at the REPL) in the lesson's state, then the
    /// exercise's checks; says what is still wrong, or that it is solved and goes on.
    func check(_ ex: Exercise, answer: String?) {
        if let code = answer {
            if let line = LearnSession.blankLine(code) {
                io.write(
                    sgr("33")
                        + wrapped(
                            "Not yet: line \(line) of your answer still has a blank (...) to fill in. e edits it again."
                        ) + sgr("0") + "\n")
                return
            }
            io.write(sgr("2") + "Running your answer..." + sgr("0") + "\n")
            let attempt = CodeBlock(number: lesson.blocks[ex.starter].number, source: code, line: 1, mode: .nocheck)
            let r = guarded { runner.run(attempt, file: "your answer") }
            if r.status == .error {
                io.write(
                    sgr("31") + TerminalProse.wrapPlain(r.errorText ?? "error", width: columns, keepIndented: true)
                        + sgr("0") + "\n")
                io.write(
                    sgr("33")
                        + wrapped("Not yet: your answer stopped with this error. e edits it again, h gives a hint.")
                        + sgr("0") + "\n")
                return
            }
        }
        let r = guarded { runner.run(lesson.blocks[ex.checks]) }
        if r.status == .error {
            var why = r.errorMessage ?? r.errorText ?? "the checks failed"
            if why.hasPrefix("AssertionError: ") {
                why = String(why.dropFirst("AssertionError: ".count))
            } else if why.hasPrefix("NameError") {
                why += " (run your answer first: e edits it, or p opens the REPL)"
            }
            let left = ex.hints.count - hintsShown
            let next = left > 0 ? "h gives a hint (\(left) left), s shows the solution." : "s shows the solution."
            io.write(sgr("33") + wrapped("Not yet: \(why). \(next)") + sgr("0") + "\n")
            return
        }
        io.write(sgr("1;32") + wrapped("✓ Solved: \(ex.title).") + sgr("0") + "\n")
        do { try progress.recordSolved(lesson.name, exercise: ex.number, total: lesson.blocks.count) } catch {
            io.write("warning: \(error)\n")
        }
        finish(ex)
    }

    /// Shows the solution (after asking), runs it and its checks so the lesson can go on.
    func solution(_ ex: Exercise) {
        io.write("Show the solution? It runs so the lesson can go on; the exercise stays unsolved. [y/N] ")
        guard let a = io.readLine("")?.trimmingCharacters(in: .whitespaces).lowercased(), a == "y" || a == "yes" else {
            io.write("Not shown.\n")
            return
        }
        let sol = lesson.blocks[ex.solution]
        io.write(sgr("1") + "Solution:" + sgr("0") + "\n" + sgr("36") + codeLines(sol.source) + sgr("0") + "\n")
        let r = guarded { runner.run(sol) }
        if r.status == .error {
            io.write(
                sgr("31") + TerminalProse.wrapPlain(r.errorText ?? "error", width: columns, keepIndented: true)
                    + sgr("0") + "\n")
            return
        }
        let c = guarded { runner.run(lesson.blocks[ex.checks]) }
        if c.status == .error {
            // The state left by earlier attempts can spoil even the solution: start over to be sure.
            replay(to: ex.starter)
            _ = guarded { runner.run(sol) }
        }
        finish(ex)
    }

    /// Moves past the exercise's hidden blocks and shows the prose after it.
    func finish(_ ex: Exercise) {
        runner.advance(to: ex.checks + 1)
        lastRun = nil
        hintsShown = 0
        save()
        if runner.position < lesson.blocks.count { showProse(before: runner.position) }
    }

    /// Restores the state just before block `index` by replaying from the start.
    func replay(to index: Int) {
        do {
            try guarded { try runner.replay(upto: index) }
            io.write(
                index == 0 ? "(state restored: fresh start)\n" : "(state restored: replayed blocks 1...\(index))\n")
            lastRun = lastRunnable(before: index)
            repeated = nil
            hintsShown = 0
        } catch {
            io.write("\(error)\n")
        }
    }

    func openREPL() -> REPLExit {
        io.write(
            "Opening the REPL with the lesson's variables; :continue comes back"
                + (lesson.exercise(startingAt: runner.position) != nil ? ", :check checks your answer" : "") + ".\n")
        let how = io.openREPL(runner.interpreter)
        runner.reattach()
        io.write("Back in \(lesson.title).\n")
        return how
    }

    func save() {
        do { try progress.record(lesson.name, done: runner.position, total: lesson.blocks.count) } catch {
            io.write("warning: \(error)\n")
        }
    }
}
