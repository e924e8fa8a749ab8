// `gradstep learn [LESSON]`: steps through a lesson in the terminal (GradLessons.LearnSession).
// Without a lesson it picks the first one not finished. When standard input is not a terminal it
// replays the lesson like `gradstep run` (so `setup.sh && gradstep learn` works in CI and pipes).
import ArgumentParser
import Foundation
import GradConsole
import GradLessons
import GradRender
import GradScript

struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Step through a lesson: prose, then each block runs when you press Enter.",
        discussion:
            "Commands at the prompt: \(LearnSession.commandHelp). At an exercise: \(LearnSession.exerciseHelp). In the "
            + "REPL (p), :continue comes back to the lesson with the variables as the REPL left them, and :check "
            + "checks an exercise. e opens $VISUAL or $EDITOR (default: vi). Progress, solved exercises and "
            + "your answers are kept in $XDG_STATE_HOME/gradstep/."
    )

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
        let reader = ReadlineReader(history: History(path: nil), completer: nil)
        let io = LearnSession.IO(
            readLine: { prompt in
                if case .line(let line) = reader.read(prompt: prompt) { return line }
                return nil
            },
            write: Replay.stdoutWrite,
            openREPL: { interpreter in LessonREPL.run(interpreter) },
            edit: { name, text in AnswerEditor.edit(name: name, text: text, progressPath: progress.path) })
        let session = LearnSession(
            lesson: l, io: io, progress: progress, colorMode: caps.colorMode, columns: caps.columns)
        session.readlinePrompt = true
        session.maxOutputLines = max(30, caps.rows * 2)
        if let all = try? LessonLibrary.all(), let k = all.firstIndex(where: { sameFile($0, l.path) }),
            k + 1 < all.count,
            let n = try? LessonParser.load(path: all[k + 1])
        {
            session.next = (n.name, n.title)
        }
        Interrupts.install { [session] in session.interpreter }
        throw ExitCode(session.run())
    }
}

/// The REPL a lesson drops into: GradConsole's REPL on the lesson's interpreter, reading through
/// `ContinueReader`, so `:continue` (or `:c`, Ctrl-D, `:quit`) returns to the lesson, and `:check`
/// returns asking to check the exercise.
enum LessonREPL {
    static func run(_ interpreter: Interpreter) -> LearnSession.REPLExit {
        let caps = TerminalCapabilities.detect()
        let inner: LineReader =
            caps.stdinIsTerminal
            ? ReadlineReader(history: History(), completer: Completer(interpreter: interpreter)) : PlainReader()
        let reader = ContinueReader(inner)
        let repl = REPL(interpreter: interpreter, reader: reader, capabilities: caps)
        repl.banner = "(:vars lists the variables)"
        _ = repl.run()
        return reader.checkRequested ? .check : .back
    }
}

/// `e` in `learn`: the learner's answer to an exercise in $VISUAL / $EDITOR (default vi), kept in
/// `answers/NAME.py` beside the progress file, so it survives between sessions.
enum AnswerEditor {
    static func edit(name: String, text: String, progressPath: String) -> String? {
        let dir = ((progressPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("answers")
        let path = (dir as NSString).appendingPathComponent(name + ".py")
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            // An answer file from an earlier session (or an earlier edit) is the learner's latest answer.
            if !FileManager.default.fileExists(atPath: path) {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            }
        } catch {
            Replay.stdoutWrite("cannot write \(path): \(error.localizedDescription)\n")
            return nil
        }
        let env = ProcessInfo.processInfo.environment
        let editor = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", editor + " \"$1\"", "editor", path]
        do { try p.run() } catch {
            Replay.stdoutWrite(
                "cannot start the editor '\(editor)': \(error.localizedDescription); set EDITOR, or use p to answer at "
                    + "the REPL\n"
            )
            return nil
        }
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            Replay.stdoutWrite(
                "the editor '\(editor)' exited with status \(p.terminationStatus); your answer was not checked\n")
            return nil
        }
        guard let edited = try? String(contentsOfFile: path, encoding: .utf8) else {
            Replay.stdoutWrite("cannot read \(path) back\n")
            return nil
        }
        return edited
    }
}

/// Reads lines from another reader; `:continue` / `:c` end the input, which ends the REPL; `:check`
/// ends it too, asking the lesson to check the exercise.
/// The REPL's `:help` (GradConsole) does not know `:continue`, so after a bare `:help` this reader
/// prints `continueHelp` before the next prompt, under the REPL's list of commands.
final class ContinueReader: LineReader {
    static let continueHelp =
        "  :continue (:c)   go back to the lesson (learn), keeping the variables\n  :check           go back to the "
        + "lesson and check the exercise"
    let inner: LineReader
    let write: (String) -> Void
    var noteDue = false
    var checkRequested = false
    init(_ inner: LineReader, write: @escaping (String) -> Void = { Replay.stdoutWrite($0) }) {
        self.inner = inner
        self.write = write
    }
    var isInteractive: Bool { inner.isInteractive }
    func read(prompt: String) -> ReadResult {
        if noteDue {
            write(ContinueReader.continueHelp + "\n")
            noteDue = false
        }
        let r = inner.read(prompt: prompt)
        if case .line(let l) = r {
            let t = l.trimmingCharacters(in: .whitespaces)
            if t == ":continue" || t == ":c" { return .endOfInput }
            if t == ":check" {
                checkRequested = true
                return .endOfInput
            }
            if t == ":help" { noteDue = true }
        }
        return r
    }
}
