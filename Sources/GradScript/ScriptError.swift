// ScriptError: the one error type of the language. It says what failed and where:
//
//   Traceback (most recent call last):
//     lesson.md:20 in <module>
//     lesson.md:12 in forward
//   lesson.md:12:9: NameError: name 'reul' is not defined; did you mean 'relu'?
//       x = reul(x)
//           ^
// (`pythonDescription` prints the same error the way `python3 FILE.py` does, for `gradstep run FILE.py`.)
//
// Syntax errors carry the column of the offending token and what the parser expected; runtime errors
// carry the position of the expression that failed and, inside def/methods, a short traceback.
// Non-goals: Python's exception hierarchy (except clauses match by kind name, see ExceptionClass).

import Foundation

/// An error raised while parsing or running a script. `description` is what a learner sees.
public struct ScriptError: Error, CustomStringConvertible, Sendable {
    /// The kind, as Python names it: "SyntaxError", "NameError", "TypeError", "KeyboardInterrupt", ...
    public var kind: String
    /// What went wrong, e.g. `name 'reul' is not defined; did you mean 'relu'?`.
    public var message: String
    /// The file (lesson path or `<repl>`) and 1-based line and column of the failing code.
    public var file: String
    public var line: Int
    public var column: Int
    /// The source line at `line` (without its newline), when known.
    public var sourceLine: String?
    /// Call frames, outermost first. Empty outside def/methods. The innermost frame's line is where
    /// the call was when it failed; `line` above is the failing expression's own line.
    public var frames: [TraceFrame]
    /// The exit status a `SystemExit` (`sys.exit(n)`, `exit()`) asks for; nil for other errors.
    public var exitStatus: Int32?
    /// The instance raised, when it is one of a user exception class (`raise MyError(42)`), so that
    /// `except MyError as e` gets the same object back.
    var raised: RaisedException?
    /// `raise X from Y`: Y, as `e.__cause__` shows it.
    var cause: CauseBox?
    /// Call frames as "file:line in function", shortened to the first and last four when long.
    public var traceback: [String] {
        let tb = frames.map { "\($0.file):\($0.line) in \($0.function)" }
        guard tb.count > 12 else { return tb }
        return Array(tb.prefix(4)) + ["... (\(tb.count - 8) more frames)"] + Array(tb.suffix(4))
    }

    public init(
        kind: String = "Error", message: String, file: String = "<repl>", line: Int = 0, column: Int = 0,
        sourceLine: String? = nil, frames: [TraceFrame] = []
    ) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
        self.frames = frames
    }

    /// `file:line:col: Kind: message`, the source line with a caret under the column, and the traceback.
    public var description: String {
        var out = ""
        if !traceback.isEmpty {
            out += "Traceback (most recent call last):\n"
            for f in traceback { out += "  \(f)\n" }
        }
        out += line > 0 ? "\(file):\(line):\(column): " : "\(file): "
        out += "\(kind): \(message)"
        if let src = sourceLine, line > 0 {
            let trimmed = src.replacingTabs()
            out += "\n    \(trimmed)"
            if column > 0 {
                out += "\n    " + String(repeating: " ", count: max(0, column - 1)) + "^"
            }
        }
        return out
    }

    /// Short form without position: `Kind: message`.
    public var shortDescription: String { "\(kind): \(message)" }

    /// The error as `python3 FILE.py` prints it: `Traceback (most recent call last):`, one
    /// `  File "x.py", line 3, in f` entry per frame with its source line, then `Kind: message`.
    /// A SyntaxError has no traceback but the line and a caret, as in Python. `source(file, line)`
    /// gives the text of a line (nil when unknown).
    public func pythonDescription(source: (String, Int) -> String?) -> String {
        var out = ""
        let last = message.isEmpty ? kind : "\(kind): \(message)"
        if kind == "SyntaxError" || kind == "IndentationError" || kind == "TabError" {
            out += "  File \"\(file)\", line \(line)\n"
            if let src = sourceLine ?? source(file, line) {
                let stripped = src.drop { $0 == " " || $0 == "\t" }
                let cut = src.count - stripped.count
                out += "    \(String(stripped).replacingTabs())\n"
                if column > cut { out += "    " + String(repeating: " ", count: column - 1 - cut) + "^\n" }
            }
            return out + last
        }
        var fs = frames
        if fs.isEmpty { fs = [TraceFrame(file: file, line: line, function: "<module>")] }
        if line > 0 {
            fs[fs.count - 1].line = line
            fs[fs.count - 1].file = file
        }
        out += "Traceback (most recent call last):\n"
        // As Python does, a frame repeated more than three times in a row (recursion) is shown three
        // times and then counted.
        var i = 0
        while i < fs.count {
            var run = 1
            while i + run < fs.count && fs[i + run] == fs[i] { run += 1 }
            for _ in 0..<min(run, 3) {
                out += "  File \"\(fs[i].file)\", line \(fs[i].line), in \(fs[i].function)\n"
                if let src = source(fs[i].file, fs[i].line) {
                    let t = src.trimmingCharacters(in: .whitespaces)
                    if !t.isEmpty { out += "    \(t.replacingTabs())\n" }
                }
            }
            if run > 3 { out += "  [Previous line repeated \(run - 3) more time\(run - 3 == 1 ? "" : "s")]\n" }
            i += run
        }
        return out + last
    }
}

/// One entry of a traceback: the file, the line running in it, and the function (`<module>` at top level).
public struct TraceFrame: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var function: String
    public init(file: String, line: Int, function: String) {
        self.file = file
        self.line = line
        self.function = function
    }
}

extension String {
    func replacingTabs() -> String { replacingOccurrences(of: "\t", with: " ") }
}

/// The user exception instance a `ScriptError` carries (a reference box, so the error stays Sendable).
final class RaisedException: @unchecked Sendable {
    let value: Value
    /// Its class.
    let cls: ClassValue
    init(_ value: Value, _ cls: ClassValue) {
        self.value = value
        self.cls = cls
    }
}

/// The `__cause__` of an error raised with `raise X from Y`.
final class CauseBox: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
