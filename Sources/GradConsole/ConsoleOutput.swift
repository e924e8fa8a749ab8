// ConsoleOutput: where the REPL writes. Standard output for values and printed text, standard
// error for errors, warnings and progress. Both are written unbuffered (one write(2) per call), so
// `gradstep repl < cmds 2>&1` keeps the order in which things happened. Tests can capture both
// streams in memory instead.
//
// Non-goals: paging, colour decisions (GradRender's TerminalCapabilities does those).

import Foundation

public final class ConsoleOutput: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void

    /// Writes to the process's standard output and error, unbuffered.
    public static func standard() -> ConsoleOutput {
        ConsoleOutput(
            out: { s in
                FileHandle.standardOutput.write(Data(s.utf8))
            },
            err: { s in
                FileHandle.standardError.write(Data(s.utf8))
            })
    }

    /// Writes through the given functions (each receives text including its newlines).
    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
        self.writeOut = out
        self.writeErr = err
    }

    /// Writes `text` and a newline to standard output.
    public func line(_ text: String) { writeOut(text + "\n") }
    /// Writes `text` as is to standard output.
    public func raw(_ text: String) { writeOut(text) }
    /// Writes `text` and a newline to standard error.
    public func error(_ text: String) { writeErr(text + "\n") }
    /// Writes `text` as is to standard error (progress bars).
    public func errorRaw(_ text: String) { writeErr(text) }
}
