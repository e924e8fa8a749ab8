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
        discussion: "Commands at the prompt: \(LearnSession.commandHelp). Progress is kept in $XDG_STATE_HOME/gradstep/progress.")

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
            print("\n" + Replay.summaryLine(summary, lesson: l))
            if !summary.ok { throw ExitCode(1) }
            return
        }
        let io = LearnSession.IO(
            readLine: { Swift.readLine(strippingNewline: true) },
            write: Replay.stdoutWrite,
            openREPL: { interpreter in LessonREPL.run(interpreter) })
        let session = LearnSession(lesson: l, io: io, progress: progress, colorMode: caps.colorMode, columns: caps.columns)
        throw ExitCode(session.run())
    }
}

/// The REPL a lesson drops into.
/// TODO(console): switch to GradConsole's `REPL(interpreter:).run()` once it supports `:continue`.
enum LessonREPL {
    static func run(_ interpreter: Interpreter) {
        var buffer = ""
        while true {
            FileHandle.standardOutput.write(Data((buffer.isEmpty ? ">>> " : "... ").utf8))
            guard let line = Swift.readLine(strippingNewline: true) else { print(); return }
            if buffer.isEmpty {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t == ":continue" || t == ":c" || t == ":quit" || t == ":q" { return }
                if t.isEmpty { continue }
            }
            buffer += (buffer.isEmpty ? "" : "\n") + line
            if !Interpreter.isComplete(buffer) || (buffer.contains("\n") && !line.isEmpty) { continue }
            do {
                if let v = try interpreter.execute(buffer, file: "<repl>") { interpreter.output(v.repr) }
            } catch {
                print("\(error)")
            }
            buffer = ""
        }
    }
}
