// `gradstep repl`: the interactive session (GradConsole.REPL over a GradScript.Interpreter).
// With `--lesson L --upto N` it first runs lesson L's code blocks up to block N, so the learner
// continues from that lesson's state.
//
// Non-goals: the REPL itself (GradConsole), lesson parsing (GradLessons).

import ArgumentParser
import Foundation
import GradConsole
import GradLessons
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

    @Option(
        name: .long, help: "With --lesson: start in the state just before block N (default: after the whole lesson).")
    var upto: Int?

    func validate() throws {
        if upto != nil && lesson == nil { throw ValidationError("--upto needs --lesson") }
        if let upto, upto < 1 {
            throw ValidationError("--upto must be 1 or more (blocks are numbered from 1), got \(upto)")
        }
    }

    func run() throws {
        var interpreter = Interpreter()
        var banner: String? = nil
        if let lesson {
            (interpreter, banner) = try Repl.loadLessonState(lesson, upto: upto)
        }
        let repl = REPL(interpreter: interpreter)
        if let banner { repl.banner = banner }
        if repl.isInteractive { Interrupts.install { [interpreter] in interpreter } }
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }

    /// Runs `lesson`'s code blocks (all, or those before block `upto`) and returns the interpreter
    /// holding their state and the banner to show. A lesson that cannot be found, read or replayed
    /// prints `gradstep: ...` and exits 2 (LessonError), anything else exits 1.
    static func loadLessonState(_ lesson: String, upto: Int?) throws -> (Interpreter, String) {
        do {
            return try LessonRunner.state(lesson: lesson, upto: upto)
        } catch let e as LessonError {
            printError(e.message)
            throw ExitCode(exitLessonError)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
