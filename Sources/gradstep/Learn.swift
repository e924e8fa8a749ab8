// `gradstep learn [LESSON]`: steps through a lesson in the terminal (GradLessons.LearnSession).
// Without a lesson it picks the first one not finished. When standard input is not a terminal it
// replays the lesson like `gradstep run` (so `setup.sh && gradstep learn` works in CI and pipes).
import ArgumentParser
import Foundation
import GradConsole
import GradLessons
import GradScript

struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Step through a lesson: prose, then each block runs when you press Enter.",
        discussion: "Commands at the prompt: \(LearnSession.commandHelp). In the REPL (p), :continue comes back to the lesson with the variables as the REPL left them. Progress is kept in $XDG_STATE_HOME/gradstep/progress.")

    @Argument(help: "The lesson: number, name or path (default: the first lesson not finished).")
    var lesson: String?

    func run() throws {
        let progress = ProgressStore()
        let name: String
        if let l = lesson {
            name = l
        } else {
            let all = (try? LessonLibrary.all()) ?? []
            let unfinished = all.first { path in
                let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                guard let e = progress.entries[stem] else { return true }
                return e.done < e.total
            }
            name = isatty(0) != 0 ? (unfinished ?? all.first ?? "1") : (all.first ?? "1")
        }
        let l = try loadLesson(name)
        let caps = TerminalCapabilities.detect()
        if isatty(0) == 0 {
            var options = ReplayOptions()
            options.colorMode = caps.colorMode
            options.columns = caps.columns
            let summary = Replay.run(l, options: options)
            say("\n" + Replay.summaryLine(summary, lesson: l))
            if !summary.ok { throw ExitCode(1) }
            return
        }
        let io = LearnSession.IO(
            readLine: { Swift.readLine(strippingNewline: true) },
            write: Replay.stdoutWrite,
            openREPL: { interpreter in LessonREPL.run(interpreter) })
        let session = LearnSession(lesson: l, io: io, progress: progress, colorMode: caps.colorMode, columns: caps.columns)
        session.handleInterrupts()
        throw ExitCode(session.run())
    }
}

/// The REPL a lesson drops into: GradConsole's REPL on the lesson's interpreter, reading through
/// `ContinueReader`, so `:continue` (or `:c`, Ctrl-D, `:quit`) returns to the lesson.
enum LessonREPL {
    static func run(_ interpreter: Interpreter) {
        let caps = TerminalCapabilities.detect()
        let inner: LineReader = caps.stdinIsTerminal
            ? ReadlineReader(history: History(), completer: Completer(interpreter: interpreter)) : PlainReader()
        let repl = REPL(interpreter: interpreter, reader: ContinueReader(inner), capabilities: caps)
        repl.banner = "REPL with the lesson's variables (:vars lists them). :continue returns to the lesson."
        _ = repl.run()
    }
}

/// Reads lines from another reader; `:continue` / `:c` end the input, which ends the REPL.
/// The REPL's `:help` (GradConsole) does not know `:continue`, so after a bare `:help` this reader
/// prints `continueHelp` before the next prompt, under the REPL's list of commands.
final class ContinueReader: LineReader {
    static let continueHelp = "  :continue (:c)   go back to the lesson (learn), keeping the variables"
    let inner: LineReader
    let write: (String) -> Void
    var noteDue = false
    init(_ inner: LineReader, write: @escaping (String) -> Void = { Replay.stdoutWrite($0) }) {
        self.inner = inner; self.write = write
    }
    var isInteractive: Bool { inner.isInteractive }
    func read(prompt: String) -> ReadResult {
        if noteDue { write(ContinueReader.continueHelp + "\n"); noteDue = false }
        let r = inner.read(prompt: prompt)
        if case .line(let l) = r {
            let t = l.trimmingCharacters(in: .whitespaces)
            if t == ":continue" || t == ":c" { return .endOfInput }
            if t == ":help" { noteDue = true }
        }
        return r
    }
}
