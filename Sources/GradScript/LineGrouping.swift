// LineGrouping: splits a stream of source lines into commands the way Python reads a file, one line
// at a time and in linear time, for front ends that run code as it arrives (`gradstep repl < FILE`).
//
// Python's file rule: indentation alone decides where a compound statement ends. Blank lines and
// comment lines inside a `def`/`class`/`for` body belong to it; the block ends at the first line
// that starts at column 0 and is not `else`/`elif`/`except`/`finally` (or a `def`/`class` after a
// decorator). A line inside an open bracket, an open triple-quoted string or after a trailing `\`
// always continues the statement it is in.
// NOTE: every line is scanned once (`LogicalLineScanner.feed`), never the whole buffer again, so a
// 4,000-line function body or 50,000 top-level lines take linear time.
// Non-goals: the interactive prompt's rule (a blank line ends a block; the REPL keeps it), syntax
// checking (the parser reports errors when the command runs).

/// Tracks brackets, triple-quoted strings and `\` continuations across lines, one line at a time.
public struct LogicalLineScanner: Sendable {
    /// Open brackets.
    public private(set) var depth = 0
    /// The quote of an open triple-quoted string ("'" or "\""), if one is open.
    private var tripleQuote: Character?
    /// Whether the last line ended with a `\` continuation.
    private var backslash = false
    /// The last character outside strings and comments of the current logical line.
    public private(set) var lastSignificant: Character?
    /// The first word of the current logical line (`def`, `if`, `x`, `@`).
    public private(set) var firstWord = ""
    private var atLogicalStart = true

    public init() {}

    /// True while the logical line continues on the next physical line.
    public var isOpen: Bool { depth > 0 || tripleQuote != nil || backslash }

    /// Scans one physical line (without its newline).
    public mutating func feed(_ line: String) {
        backslash = false
        var it = Array(line)
        // CRLF files: the carriage return is not part of the line.
        if it.last == "\r" { it.removeLast() }
        var i = 0
        let n = it.count
        if atLogicalStart && tripleQuote == nil {
            firstWord = ""
            lastSignificant = nil
            var j = 0
            while j < n, it[j] == " " || it[j] == "\t" || it[j] == "\u{0C}" { j += 1 }
            if j < n, it[j] == "@" { firstWord = "@" }
            while j < n, it[j].isLetter || it[j].isNumber || it[j] == "_" {
                firstWord.append(it[j])
                j += 1
            }
        }
        while i < n {
            let c = it[i]
            if let q = tripleQuote {
                if c == "\\" {
                    i += 2
                    continue
                }
                if c == q, i + 2 < n, it[i + 1] == q, it[i + 2] == q {
                    tripleQuote = nil
                    lastSignificant = q
                    i += 3
                    continue
                }
                i += 1
                continue
            }
            switch c {
            case "#":
                i = n
                continue
            case "\"", "'":
                if i + 2 < n, it[i + 1] == c, it[i + 2] == c {
                    tripleQuote = c
                    i += 3
                    continue
                }
                // A one-line string: skip to its closing quote (an unclosed one is the parser's error).
                var j = i + 1
                while j < n, it[j] != c {
                    if it[j] == "\\" { j += 1 }
                    j += 1
                }
                if j >= n, n > 0, it[n - 1] == "\\" { backslash = true }
                lastSignificant = c
                i = j + 1
                continue
            case "(", "[", "{":
                depth += 1
            case ")", "]", "}":
                depth = max(0, depth - 1)
            case "\\":
                if i == n - 1 {
                    backslash = true
                    i += 1
                    continue
                }
            default:
                break
            }
            if c != " " && c != "\t" && c != "\u{0C}" { lastSignificant = c }
            i += 1
        }
        atLogicalStart = !isOpen
    }

    /// Whether the completed logical line opens a block: it ends with ':' or starts a compound
    /// statement (`if x: pass` can still be followed by `else:`), or it is a decorator.
    public var opensBlock: Bool {
        lastSignificant == ":" || firstWord == "@"
            || ["if", "for", "while", "try", "with", "def", "class", "async"].contains(firstWord)
    }

    /// Whether the logical line is a decorator (`@staticmethod`): the `def` below it continues it.
    public var isDecorator: Bool { firstWord == "@" }
}

/// Groups lines into commands by Python's file rule (see the file header). Feed lines with `add`;
/// it returns the commands that became complete. `finish()` returns what is left at the end.
public struct LineGrouper: Sendable {
    public struct Command: Sendable, Equatable {
        /// The command's lines.
        public var lines: [String]
        /// The 1-based line number of its first line in the input.
        public var firstLine: Int
    }

    private var buffer: [String] = []
    private var firstLine = 0
    private var lineNumber = 0
    private var scanner = LogicalLineScanner()
    /// The buffer holds a compound statement (it ends at the next line back at column 0).
    private var blockMode = false
    /// The last complete logical line was a decorator.
    private var afterDecorator = false

    public init() {}

    /// Whether a command is being collected.
    public var isCollecting: Bool { !buffer.isEmpty }

    /// Whether `line` would continue the command being collected (false when nothing is collected).
    public func continues(_ line: String) -> Bool {
        !buffer.isEmpty && (scanner.isOpen || continuesBlock(line))
    }

    /// Counts a line that the caller handled itself (a REPL command), so line numbers stay right.
    public mutating func skipLine() { lineNumber += 1 }

    /// Adds the next line; returns the commands it completed (zero, one or two).
    public mutating func add(_ line: String) -> [Command] {
        lineNumber += 1
        var done: [Command] = []
        if !buffer.isEmpty {
            if scanner.isOpen || continuesBlock(line) {
                buffer.append(line)
                if !isBlank(line) {
                    scanner.feed(line)
                    if !scanner.isOpen { afterDecorator = scanner.isDecorator }
                }
                if !blockMode && !scanner.isOpen {
                    done.append(Command(lines: buffer, firstLine: firstLine))
                    buffer = []
                }
                return done
            }
            done.append(Command(lines: trimmedBuffer(), firstLine: firstLine))
            buffer = []
        }
        if isBlank(line) { return done }
        buffer = [line]
        firstLine = lineNumber
        scanner = LogicalLineScanner()
        scanner.feed(line)
        blockMode = scanner.opensBlock
        afterDecorator = !scanner.isOpen && scanner.isDecorator
        if !blockMode && !scanner.isOpen {
            done.append(Command(lines: buffer, firstLine: firstLine))
            buffer = []
        }
        return done
    }

    /// The command still being collected at the end of the input, if any.
    public mutating func finish() -> Command? {
        defer { buffer = [] }
        return buffer.isEmpty ? nil : Command(lines: trimmedBuffer(), firstLine: firstLine)
    }

    /// The buffer without trailing blank and comment lines (they belong to no statement).
    private func trimmedBuffer() -> [String] {
        var b = buffer[...]
        while let l = b.last, b.count > 1, isBlank(l) { b = b.dropLast() }
        return Array(b)
    }

    /// Blank or comment-only (outside any open bracket or string, which the caller checks first).
    private func isBlank(_ line: String) -> Bool {
        for c in line {
            if c == " " || c == "\t" || c == "\r" || c == "\u{0C}" { continue }
            return c == "#"
        }
        return true
    }

    /// Whether `line` (outside brackets and strings) belongs to the compound statement in the buffer.
    private func continuesBlock(_ line: String) -> Bool {
        guard blockMode else { return false }
        if isBlank(line) { return true }
        if let c = line.first, c == " " || c == "\t" || c == "\u{0C}" { return true }
        if afterDecorator { return true }
        let word = String(line.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        return ["else", "elif", "except", "finally"].contains(word)
    }
}
