// `gradstep repl`: the interactive session (GradConsole.REPL over a GradScript.Interpreter).
// With `--lesson L --upto N` it first runs lesson L's code blocks up to block N, so the learner
// continues from that lesson's state.
//
// Non-goals: the REPL itself (GradConsole), lesson parsing (GradLessons).

import ArgumentParser
import GradConsole
import GradScript

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "An interactive session: Python-like code with tensors and autograd, :help for commands.",
        discussion: """
        Reads commands with line editing, history and Tab completion on a terminal. When standard
        input is not a terminal, reads commands from it, prints each value, and exits with status 1
        if any command failed (gradstep repl < commands.txt).
        """
    )

    @Option(name: .long, help: "Start from the state of this lesson (its name or its markdown file).")
    var lesson: String?

    @Option(name: .long, help: "With --lesson: run the lesson's code blocks 1 through N first (default: all).")
    var upto: Int?

    func validate() throws {
        if upto != nil && lesson == nil { throw ValidationError("--upto needs --lesson") }
        if let upto, upto < 0 { throw ValidationError("--upto must be 0 or more, got \(upto)") }
    }

    func run() throws {
        let interpreter = Interpreter()
        var banner: String? = nil
        if let lesson {
            banner = try Repl.loadLessonState(lesson, upto: upto, into: interpreter)
        }
        let repl = REPL(interpreter: interpreter)
        if let banner { repl.banner = banner }
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }

    /// Runs `lesson`'s code blocks (all, or 1 through `upto`) in `interpreter` and returns the banner
    /// to show, e.g. "lesson 03-autograd: ran blocks 1-4; model, optimizer, train_loader are set".
    ///
    /// TODO(lessons helper): implement with GradLessons (find the lesson by name or path, run its
    /// blocks with the runner into `interpreter`, report which variables exist). `:step` finds the
    /// training setup from variables named model/network/net, optimizer and train_loader, or from a
    /// `trainer(...)` call, so a lesson that defines those makes `:step` work right away.
    static func loadLessonState(_ lesson: String, upto: Int?, into interpreter: Interpreter) throws -> String? {
        throw ValidationError("--lesson is not supported yet (lesson loading is being written)")
    }
}
