// `gradstep run LESSON`: replays a lesson as a script (GradLessons.Replay), optionally writing the
// executed lesson as a web page.
import ArgumentParser
import Foundation
import GradLessons
import GradRender

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Replay a lesson as a script: each block and its output; stop at the first error or mismatch.")

    @Argument(help: "The lesson: its number (3), name (03-loss, loss) or a path to a .md file.")
    var lesson: String

    @Flag(name: .long, help: "Run on after a failing block.")
    var keepGoing = false

    @Flag(name: .long, help: "Print only failures.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Write the executed lesson as a web page to FILE.", valueName: "FILE"))
    var html: String?

    func run() throws {
        let l = try loadLesson(lesson)
        if let path = html, sameFile(path, l.path) {
            printError("--html \(path) is the lesson file itself; lesson files are never written (choose another FILE)")
            throw ExitCode(exitLessonError)
        }
        if let path = html {
            // Checked before the lesson runs, so a typo does not cost a whole replay.
            let folder = (path as NSString).deletingLastPathComponent
            var isDir: ObjCBool = false
            if !folder.isEmpty && !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) && isDir.boolValue) {
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
                try HTMLExport.page(lesson: l, results: summary.results).write(toFile: path, atomically: true, encoding: .utf8)
                if !quiet { say("wrote \(path)") }
            } catch {
                printError("cannot write \(path): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        if !summary.ok { throw ExitCode(1) }
    }
}

/// True when `a` and `b` name the same existing file (same device and inode, so links and `./` count).
func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat(), sb = stat()
    guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
}
