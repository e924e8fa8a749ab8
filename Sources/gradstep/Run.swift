// `gradstep run LESSON`: replays a lesson as a script (GradLessons.Replay), optionally writing the
// executed lesson as a web page. `gradstep run FILE.py [ARGS...]` runs a Python file as
// `python3 FILE.py ARGS...` would (GradConsole's `REPL.runScript`): no echo, Python's traceback on
// an uncaught error, exit status 1 (130 on Ctrl-C, sys.exit's own status), `sys.argv` set.
// Another extension that is not a lesson (.md) is refused with a clear message.
import ArgumentParser
import Foundation
import GradConsole
import GradLessons
import GradRender
import GradScript

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Replay a lesson as a script (each block and its output; stop at the first error or mismatch), or run a "
            + "Python file."
    )

    @Argument(
        help: "The lesson: its number (3), name (03-loss, loss) or a path to a .md file; or a Python file (x.py).")
    var lesson: String

    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp("Arguments for a Python file (its sys.argv[1:]).", valueName: "args"))
    var arguments: [String] = []

    @Flag(name: .long, help: "Run on after a failing block.")
    var keepGoing = false

    @Flag(name: .long, help: "Print only failures.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Write the executed lesson as a web page to FILE.", valueName: "FILE"))
    var html: String?

    func run() throws {
        let ext = (lesson as NSString).pathExtension.lowercased()
        if ext == "py" {
            try runPython()
            return
        }
        if !arguments.isEmpty {
            // Options typed after the lesson (`run 3 --keep-going`) arrive here; they are run's own.
            var again = self
            again.arguments = []
            var rest = arguments[...]
            while let a = rest.popFirst() {
                switch a {
                case "--keep-going": again.keepGoing = true
                case "--quiet": again.quiet = true
                case "--html":
                    guard let v = rest.popFirst() else { throw ValidationError("missing value for '--html <FILE>'") }
                    again.html = v
                default:
                    if a.hasPrefix("--html=") {
                        again.html = String(a.dropFirst(7))
                        continue
                    }
                    throw ValidationError(
                        "unexpected argument '\(a)' (arguments after the file are for Python files: gradstep run "
                            + "FILE.py ARGS)"
                    )
                }
            }
            return try again.run()
        }
        if !ext.isEmpty && ext != "md" && !(ext == "ipynb") && FileManager.default.fileExists(atPath: lesson) {
            printError("cannot run '\(lesson)': gradstep runs Python files (.py) and lessons (.md), not .\(ext) files")
            throw ExitCode(exitLessonError)
        }
        let l = try loadLesson(lesson)
        if let path = html, sameFile(path, l.path) {
            printError("--html \(path) is the lesson file itself; lesson files are never written (choose another FILE)")
            throw ExitCode(exitLessonError)
        }
        if let path = html {
            // Checked before the lesson runs, so a typo does not cost a whole replay.
            let folder = (path as NSString).deletingLastPathComponent
            var isDir: ObjCBool = false
            if !folder.isEmpty
                && !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) && isDir.boolValue)
            {
                printError("cannot write \(path): there is no folder \(folder)")
                throw ExitCode(1)
            }
        }
        let caps = TerminalCapabilities.detect()
        var options = ReplayOptions()
        options.keepGoing = keepGoing
        options.quiet = quiet
        options.colorMode = caps.colorMode
        options.columns = caps.columns
        let summary = Replay.run(l, options: options)
        if !quiet || !summary.ok { say("\n" + Replay.summaryLine(summary, lesson: l)) }
        if let path = html {
            do {
                try HTMLExport.page(lesson: l, results: summary.results).write(
                    toFile: path, atomically: true, encoding: .utf8)
                if !quiet { say("wrote \(path)") }
            } catch {
                printError("cannot write \(path): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        if !summary.ok { throw ExitCode(1) }
    }
}

extension Run {
    /// `gradstep run FILE.py ARGS...`: the file runs as one program, as `python3 FILE.py ARGS...`.
    func runPython() throws {
        if html != nil || keepGoing {
            throw ValidationError("--html and --keep-going are for lessons; a Python file runs as python3 runs it")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: lesson, isDirectory: &isDir), !isDir.boolValue else {
            printError(
                "can't open file '\(lesson)': \(isDir.boolValue ? "it is a directory" : "No such file or directory")")
            throw ExitCode(2)
        }
        guard let data = FileManager.default.contents(atPath: lesson) else {
            printError("can't open file '\(lesson)': cannot be read")
            throw ExitCode(2)
        }
        guard var source = String(data: data, encoding: .utf8) else {
            printError("\(lesson): the file is not UTF-8 text")
            throw ExitCode(1)
        }
        if source.hasPrefix("\u{FEFF}") { source.removeFirst() }
        source = source.replacingOccurrences(of: "\r\n", with: "\n")
        let interpreter = Interpreter()
        let repl = REPL(interpreter: interpreter, reader: ScriptedReader([]), history: nil)
        Interrupts.install { interpreter }
        let status = repl.runScript(source, path: lesson, arguments: [lesson] + arguments)
        if status != 0 { throw ExitCode(status) }
    }
}

/// True when `a` and `b` name the same existing file (same device and inode, so links and `./` count).
func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat(), sb = stat()
    guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
}
