// LineReader: where the REPL gets its lines. `ReadlineReader` uses GNU readline on a terminal
// (editing, ~/.inputrc, history, tab completion, Ctrl-C clears the line); `PlainReader` reads
// standard input line by line without prompts (`gradstep repl < commands.txt`); `ScriptedReader`
// hands out fixed lines (unit tests).
//
// Non-goals: the REPL's block logic (REPL.swift), what completes to what (Completion.swift).

import CConsoleSupport
import Foundation

/// What one read produced.
public enum ReadResult: Equatable, Sendable {
    case line(String)
    /// Ctrl-C at the prompt: the partial line was dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of the input.
    case endOfInput
}

/// A source of input lines.
public protocol LineReader: AnyObject {
    /// Reads one line, showing `prompt` when interactive.
    func read(prompt: String) -> ReadResult
    /// Whether this reader is interactive (prompts, Ctrl-C clearing, history).
    var isInteractive: Bool { get }
}

/// Lines from GNU readline, with history and completion.
public final class ReadlineReader: LineReader {
    public var isInteractive: Bool { true }
    public let history: History?

    /// Configures readline; `completer` is the tab-completion engine (nil: no completion).
    public init(history: History?, completer: Completer?) {
        self.history = history
        Completer.current = completer
        // Word breaks: everything that ends a Python name except '.' (so `x.gr` completes as a whole)
        // and ':' (so `:sh` completes a command).
        gs_rl_configure("gradstep", " \t\n\"\\'`@$><=;|&{(,)}[]+-*/%^~!#", completer == nil ? nil : completionCallback)
        history?.load()
    }

    public func read(prompt: String) -> ReadResult {
        var status: Int32 = 0
        guard let cLine = gs_readline(prompt, &status) else {
            return status == 2 ? .interrupted : .endOfInput
        }
        let line = String(cString: cLine)
        gs_free(cLine)
        history?.add(line)
        return .line(line)
    }
}

/// The C completion callback: forwards to the current `Completer`.
private let completionCallback: gs_completer_fn = { line, start, end in
    guard let line, let completer = Completer.current else { return }
    let buffer = String(cString: line)
    let bytes = Array(buffer.utf8)
    let s = max(0, min(bytes.count, Int(start))), e = max(s, min(bytes.count, Int(end)))
    let before = String(decoding: bytes[0..<e], as: UTF8.self)
    let word = String(decoding: bytes[s..<e], as: UTF8.self)
    for c in completer.candidates(lineBeforeCursor: before, word: word) {
        gs_completion_add(c)
    }
    if completer.appendsSpace(lineBeforeCursor: before) { gs_completion_set_append(32) }
}

/// Lines from standard input without readline (not a terminal).
public final class PlainReader: LineReader {
    public var isInteractive: Bool { false }
    public init() {}
    public func read(prompt: String) -> ReadResult {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }
}

/// Fixed lines, for tests; `nil` entries stand for Ctrl-C.
public final class ScriptedReader: LineReader {
    private var lines: [String?]
    public private(set) var prompts: [String] = []
    public let isInteractive: Bool
    public init(_ lines: [String?], interactive: Bool = false) {
        self.lines = lines
        self.isInteractive = interactive
    }
    public func read(prompt: String) -> ReadResult {
        prompts.append(prompt)
        guard !lines.isEmpty else { return .endOfInput }
        guard let l = lines.removeFirst() else { return .interrupted }
        return .line(l)
    }
}
