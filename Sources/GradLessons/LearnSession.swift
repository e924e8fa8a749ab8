// LearnSession.swift: `gradstep learn`, stepping through a lesson in a terminal. Prose is rendered
// for the terminal, then each block is shown and run when the learner presses Enter. Commands:
// back (b), repeat (r), repl (p), hint (h), quit (q). Progress is saved after every block so the next
// `learn` resumes there (replaying the blocks before it, which restores the state).
// I/O is injected (read a line, write text, open a REPL), so tests can drive it without a terminal.
// Non-goals: line editing of commands (the REPL has readline), running without a terminal
// (the CLI replays the lesson like `run` then).
import Foundation
import GradConsole
import GradScript
import Synchronization

public final class LearnSession: @unchecked Sendable {
    public struct IO {
        /// Reads one line of input (without its newline); nil at end of input.
        public var readLine: () -> String?
        /// Writes text as is.
        public var write: (String) -> Void
        /// Runs a REPL on the interpreter until the learner types `:continue` (or Ctrl-D).
        public var openREPL: (Interpreter) -> Void
        public init(readLine: @escaping () -> String?, write: @escaping (String) -> Void,
                    openREPL: @escaping (Interpreter) -> Void) {
            self.readLine = readLine; self.write = write; self.openREPL = openREPL
        }
    }

    public let lesson: Lesson
    let runner: LessonRunner
    let io: IO
    var progress: ProgressStore
    let style: TerminalProse.Style
    let colorMode: ColorMode
    /// Training progress of the running block (one bar per epoch).
    let progressBars = EpochProgressBars()
    /// Hints shown so far for the upcoming block.
    var hintsShown = 0
    /// True while a block runs: Ctrl-C then interrupts it; at the prompt Ctrl-C saves and leaves.
    let running = Atomic<Bool>(false)
    let inREPL = Atomic<Bool>(false)
    var interruptsHandled = false

    public init(lesson: Lesson, io: IO, progress: ProgressStore = ProgressStore(),
                colorMode: ColorMode = .none, columns: Int = 80) {
        self.lesson = lesson
        self.runner = LessonRunner(lesson: lesson)
        self.io = io
        self.progress = progress
        self.colorMode = colorMode
        self.style = TerminalProse.Style(color: colorMode != .none, width: min(columns, 100))
        let bars = progressBars
        runner.onOutput = { [io] piece in
            bars.end()  // "Interrupted in epoch ..." goes below the bar, not after it
            switch piece {
            case .text(let s): io.write(s + "\n")
            case .display(let d): io.write(DisplayRendering.terminal(d, colorMode: colorMode, columns: columns) + "\n")
            }
        }
        runner.onProgress = { p in bars.report(p) }
    }

    func sgr(_ code: String) -> String { colorMode == .none ? "" : "\u{1B}[\(code)m" }

    public static let commandHelp = "Enter: run · b: back · r: repeat · p: REPL · h: hint · q: quit"

    /// Ctrl-C handling for a terminal session: interrupts a running block (its variables keep the
    /// values they had); at the prompt it saves progress and exits with status 130.
    /// NOTE: the handler only counts signals; a watcher thread acts on them (a signal handler may
    /// not call into Swift code that allocates or locks).
    public func handleInterrupts() {
        learnInstallSigint()
        let thread = Thread { [weak self] in
            takeSignalsOnThisThread()  // Ctrl-C lands here while a block computes
            while true {
                usleep(20_000)
                guard learnSigints.exchange(0, ordering: .relaxed) > 0, let self else { continue }
                if self.running.load(ordering: .relaxed) {
                    self.runner.interpreter.interrupt()
                } else if !self.inREPL.load(ordering: .relaxed) {
                    self.save()
                    self.io.write("\nProgress saved.\n")
                    exit(130)
                }
            }
        }
        thread.stackSize = 1 << 16
        thread.start()
        interruptsHandled = true
    }

    /// Runs a block with Ctrl-C routed to the interpreter (through the watcher thread: the main
    /// thread does not take signals while it computes).
    func guarded<T>(_ body: () throws -> T) rethrows -> T {
        running.store(true, ordering: .relaxed)
        defer {
            running.store(false, ordering: .relaxed)
            progressBars.end()
        }
        return try withSignalsDeferred(body)
    }

    /// Steps through the lesson from the saved progress. Returns the process exit status (0).
    public func run() -> Int32 {
        let total = lesson.blocks.count
        let saved = min(progress.done(lesson.name), total)
        var start = 0
        if saved > 0 && saved < total {
            io.write("Resuming \(lesson.title) at block \(saved + 1) of \(total) (replaying \(saved) block\(saved == 1 ? "" : "s"))...\n")
            do { try guarded { try runner.replay(upto: saved) }; start = saved } catch {
                io.write("\(error)\nStarting from the beginning.\n")
                runner.reset()
            }
        } else if saved >= total && total > 0 {
            io.write("You finished \(lesson.title) before; starting it again.\n")
        }
        showProse(before: start)
        io.write(sgr("2") + LearnSession.commandHelp + sgr("0") + "\n")

        var shown = -1
        while runner.position < total {
            let i = runner.position
            let block = lesson.blocks[i]
            if shown != i { showBlock(block); shown = i }
            guard let command = prompt() else { save(); io.write("\n"); return 0 }
            switch command {
            case "", "n", "next", "run":
                let r = guarded { runner.runNext() }
                hintsShown = 0
                if let r { report(r) }
                save()
                if runner.position < total && r?.failed != true { showProse(before: runner.position) }
            case "b", "back":
                if i == 0 { io.write("This is the first block.\n"); continue }
                replay(to: i - 1)
                shown = -1
                save()
            case "r", "repeat":
                if i == 0 { io.write("No block has run yet; press Enter to run this one.\n"); continue }
                let prev = lesson.blocks[i - 1]
                io.write(Replay.header(prev, path: lesson.path) + " (again)\n" + Replay.codeLines(prev.source) + "\n")
                report(guarded { runner.run(prev) })
            case "p", "repl", ":repl":
                openREPL()
            case "h", "hint":
                if block.hints.isEmpty {
                    io.write("No hint for this block.\n")
                } else {
                    let k = min(hintsShown, block.hints.count - 1)
                    io.write(TerminalProse.render(block.hints[k], style: style) + "\n")
                    hintsShown += 1
                }
            case "q", "quit", ":q", ":quit":
                save()
                io.write("Progress saved: block \(runner.position + 1) of \(total) next. Resume with: gradstep learn \(lesson.name)\n")
                return 0
            default:
                io.write("Unknown command '\(command)'. \(LearnSession.commandHelp)\n")
            }
        }
        showProse(before: nil)
        save()
        io.write("\n" + sgr("1") + "End of \(lesson.title)." + sgr("0") + " Progress saved; `gradstep list` shows every lesson.\n")
        return 0
    }

    /// The prose items between the block before `index` and block `index` (nil: after the last block).
    func showProse(before index: Int?) {
        var start = 0
        if let idx = index, idx > 0, let k = lesson.items.firstIndex(of: .block(idx - 1)) { start = k + 1 }
        if index == nil {
            // After the last block; a lesson without blocks showed all its prose at the start.
            guard let last = lesson.items.lastIndex(where: { if case .block = $0 { return true }; return false }) else { return }
            start = last + 1
        }
        var k = start
        while k < lesson.items.count {
            switch lesson.items[k] {
            case .block: return
            case .prose(let p): io.write("\n" + TerminalProse.render(p.markdown, style: style) + "\n")
            case .hint: break // shown on request
            }
            k += 1
        }
    }

    func showBlock(_ b: CodeBlock) {
        var extra = ""
        if !b.hints.isEmpty { extra = "  " + sgr("2") + "(h: hint)" + sgr("0") }
        io.write("\n" + sgr("2") + Replay.header(b, path: lesson.path) + sgr("0") + extra + "\n"
                 + sgr("36") + Replay.codeLines(b.source) + sgr("0") + "\n")
    }

    func prompt() -> String? {
        io.write(sgr("1") + "[\(runner.position + 1)/\(lesson.blocks.count)] > " + sgr("0"))
        return io.readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
    }

    func report(_ r: BlockResult) {
        switch r.status {
        case .passed, .unchecked: break
        case .skipped: io.write(sgr("2") + "(not run: this block is marked skip)" + sgr("0") + "\n")
        case .mismatch:
            io.write(sgr("33") + "The output differs from the lesson's:" + sgr("0") + "\n"
                     + OutputMatcher.diff(expected: r.block.expected ?? "", actual: r.outputText) + "\n")
        case .error where r.errorText?.contains("KeyboardInterrupt") == true:
            io.write(sgr("33") + "Interrupted; the variables keep the values they had. Enter runs the next block, b goes back." + sgr("0") + "\n")
        case .error:
            io.write(sgr("31") + (r.errorText ?? "error") + sgr("0") + "\n")
            io.write("Open the REPL in the state just before this block? [y/N] ")
            if let a = io.readLine()?.trimmingCharacters(in: .whitespaces).lowercased(), a == "y" || a == "yes" {
                let index = r.block.number - 1
                replay(to: index)
                openREPL()
            } else {
                // Stay on the failing block: the learner can fix things in the REPL or retry.
                replay(to: r.block.number - 1)
            }
        }
    }

    /// Restores the state just before block `index` by replaying from the start.
    func replay(to index: Int) {
        do {
            try guarded { try runner.replay(upto: index) }
            io.write(index == 0 ? "(state restored: fresh start)\n" : "(state restored: replayed blocks 1...\(index))\n")
        } catch {
            io.write("\(error)\n")
        }
    }

    func openREPL() {
        io.write("Opening the REPL with the lesson's variables; type :continue to come back.\n")
        inREPL.store(true, ordering: .relaxed)
        io.openREPL(runner.interpreter)         // the REPL installs its own Ctrl-C handling
        inREPL.store(false, ordering: .relaxed)
        if interruptsHandled { learnInstallSigint() }
        runner.reattach()
        io.write("Back in \(lesson.title).\n")
    }

    func save() {
        do { try progress.record(lesson.name, done: runner.position, total: lesson.blocks.count) } catch {
            io.write("warning: \(error)\n")
        }
    }
}

/// SIGINTs received and not yet handled by the learn session's watcher thread.
let learnSigints = Atomic<Int>(0)

func learnInstallSigint() {
    signal(SIGINT) { _ in learnSigints.add(1, ordering: .relaxed) }
}
