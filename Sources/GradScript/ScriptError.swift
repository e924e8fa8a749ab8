// ScriptError: the one error type of the language. It says what failed and where:
//
//   lesson.md:12:9: error: name 'reul' is not defined; did you mean 'relu'?
//       x = reul(x)
//           ^
//   Traceback (most recent call last):
//     lesson.md:20 in <module>
//     lesson.md:12 in forward
//
// Syntax errors carry the column of the offending token and what the parser expected; runtime errors
// carry the position of the expression that failed and, inside def/methods, a short traceback.
// Non-goals: Python's exception hierarchy (there is no try/except in the language).

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
    /// Call frames, outermost first: "file:line in function". Empty outside def/methods.
    public var traceback: [String]

    public init(kind: String = "Error", message: String, file: String = "<repl>", line: Int = 0, column: Int = 0,
                sourceLine: String? = nil, traceback: [String] = []) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
        self.traceback = traceback
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
}

extension String {
    func replacingTabs() -> String { replacingOccurrences(of: "\t", with: " ") }
}

import Foundation
