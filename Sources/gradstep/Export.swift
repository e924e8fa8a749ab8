// `gradstep export LESSON --to ipynb|py [-o FILE] [--solutions]`: writes the lesson as a Jupyter
// notebook or a Python script that runs with real PyTorch (GradLessons.LessonExport), and
// gradstep_helpers.py next to it.
import ArgumentParser
import Foundation
import GradLessons

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a lesson as a Jupyter notebook or a Python script that runs with real PyTorch.",
        discussion: """
            Prose becomes markdown (comments in a script), blocks become code cells, expected outputs
            become stored outputs. gradstep_helpers.py (show, plot, fit, evaluate, ...) is written next to
            the export, which imports it. Exercise solutions stay hidden unless --solutions.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case ipynb, py }

    @Argument(help: "The lesson: number, name or path.")
    var lesson: String

    @Option(name: .long, help: "The format: ipynb (Jupyter notebook) or py (Python script, # %% cells).")
    var to: Format

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "The file to write (default: the lesson's name with .ipynb or .py, in the current folder).",
            valueName: "FILE"))
    var output: String?

    @Flag(name: .long, help: "Include exercise solutions (for teachers, and to run the export from top to bottom).")
    var solutions = false

    func run() throws {
        let l = try loadLesson(lesson)
        let path = output ?? l.name + "." + to.rawValue
        if sameFile(path, l.path) {
            printError("-o \(path) is the lesson file itself; lesson files are never written (choose another FILE)")
            throw ExitCode(exitLessonError)
        }
        let folder = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if !folder.isEmpty && !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) && isDir.boolValue)
        {
            printError("cannot write \(path): there is no folder \(folder)")
            throw ExitCode(1)
        }
        let options = LessonExport.Options(includeSolutions: solutions)
        let helpers = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(LessonExport.helpersFileName)
        do {
            let text =
                to == .ipynb
                ? try LessonExport.notebookJSON(l, options: options) : LessonExport.script(l, options: options)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try (LessonExport.helpersSource + "\n").write(toFile: helpers, atomically: true, encoding: .utf8)
        } catch {
            printError("cannot write \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        say("wrote \(path) and \(helpers)")
    }
}
