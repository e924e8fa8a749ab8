// ScriptRun: runs a whole Python file the way `python3 FILE.py` does, for `gradstep run FILE.py`.
//
// The file is parsed and run as one program: bare expressions are not echoed, printed text goes to
// standard output, and an uncaught error prints Python's traceback (`Traceback (most recent call
// last):`, `  File "/abs/x.py", line 3, in f`, the line, `Kind: message`) to standard error and
// exits 1. `sys.exit(n)`/`exit()` end it with their status; Ctrl-C prints the traceback and
// `KeyboardInterrupt` and exits 130. Rich output (images, charts, `plt.show()`) renders as in the
// REPL but on standard error, as training bars do, and the REPL's teaching notes
// (GradAccumulationWatch) do not appear: standard output is the program's own printed text, what
// `python3 FILE.py` prints.
//
// Non-goals: reading the file and installing the Ctrl-C handler (the CLI does: gradstep/Run.swift),
// lessons (GradLessons.Replay).

import CSignals
import Foundation
import GradScript

extension REPL {
    /// Runs `source`, the text of the file at `path`, with `sys.argv` = `arguments` (the path as
    /// typed first). Returns the process exit status.
    public func runScript(_ source: String, path: String, arguments: [String]) -> Int32 {
        let absolute =
            path.hasPrefix("/")
            ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        let file = (absolute as NSString).standardizingPath
        interpreter.argv = arguments
        picturesOnStandardError = true
        interpreter.setGlobal("__file__", .string(file))
        var status: Int32 = 0
        gs_set_busy(1)
        do {
            _ = try interpreter.execute(source, file: file)
        } catch let e as ScriptError {
            flushPending()
            progressBars.end()
            if e.kind == "SystemExit" {
                if let code = e.exitStatus {
                    status = code
                } else {
                    output.error(e.message)
                    status = 1
                }
            } else {
                let interp = interpreter
                output.error(
                    e.pythonDescription { interp.sourceLine(file: $0, line: $1) }
                        .replacingOccurrences(of: "KeyboardInterrupt: interrupted", with: "KeyboardInterrupt"))
                status = e.kind == "KeyboardInterrupt" ? 130 : 1
            }
        } catch {
            flushPending()
            output.error("\(error)")
            status = 1
        }
        gs_set_busy(0)
        flushPending()
        progressBars.end()
        return status
    }

    private func flushPending() {
        let rest = interpreter.takePendingOutput()
        if !rest.isEmpty { output.raw(rest) }
    }
}
