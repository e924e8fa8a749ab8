// Lexer: source text -> tokens, with Python's layout rules.
//
// Logical lines end in NEWLINE; a deeper indentation opens a block (INDENT), a shallower one closes
// blocks (DEDENT). Newlines inside (), [] and {} and after a trailing backslash do not end a line.
// Blank and comment-only lines are skipped. Tabs advance to the next multiple of 8, as in Python.
// Bytes literals (`b'...'`, `rb'...'`) are tokens of their own: ASCII text, `\xNN` escapes give bytes.
// Non-goals: complex numbers, non-ASCII identifiers beyond letters/digits/_.

/// A token kind.
enum TokenKind: Equatable {
    case name(String)
    case keyword(String)
    case int(Int)
    case float(Double)
    case string(String)
    /// An f-string's body as written (between the quotes, escapes not yet decoded), whether it is
    /// raw (`rf"..."`), and where the body starts; the parser splits out the `{...}` parts.
    case fstring(String, raw: Bool, line: Int, col: Int)
    /// A bytes literal's value (`b'\x00ab'`).
    case bytes([UInt8])
    case op(String)
    case newline
    case indent
    case dedent
    case eof

    /// How the token is named in "expected ..., got ..." messages.
    var display: String {
        switch self {
        case .name(let n): return "name '\(n)'"
        case .keyword(let k): return "'\(k)'"
        case .int(let i): return "number \(i)"
        case .float(let d): return "number \(d)"
        case .string, .fstring: return "a string"
        case .bytes: return "a bytes literal"
        case .op(let o): return "'\(o)'"
        case .newline: return "end of line"
        case .indent: return "an indented block"
        case .dedent: return "end of block"
        case .eof: return "end of input"
        }
    }
}

/// A token with its 1-based position.
struct Token {
    var kind: TokenKind
    var line: Int
    var col: Int
}

let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def", "del",
    "elif", "else", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
    "or", "pass", "raise", "return", "while", "with", "yield", "try", "except", "finally",
]

/// Why lexing failed in a way more input could fix (used by `isComplete`).
enum LexIncomplete: Error { case openBracket, openString, continuation }

struct Lexer {
    let chars: [Character]
    let file: String
    let firstLine: Int
    let lines: [String]
    var i = 0
    var line: Int
    var col = 1
    var depth = 0
    var brackets: [(Character, Int, Int)] = []
    var indents: [Int] = [0]
    /// The same indentation measured with a tab as one column: Python's TabError is an indentation
    /// that compares differently under the two measures (a tab in one line, spaces in the next).
    var altIndents: [Int] = [0]
    var tokens: [Token] = []
    var atLineStart = true

    init(_ source: String, file: String, firstLine: Int = 1, firstCol: Int = 1) {
        self.chars = Array(source)
        self.file = file
        self.firstLine = firstLine
        self.line = firstLine
        self.col = firstCol
        self.lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func sourceLine(_ l: Int) -> String? {
        let k = l - firstLine
        return k >= 0 && k < lines.count ? lines[k] : nil
    }

    func error(_ msg: String, line l: Int, col c: Int, kind: String = "SyntaxError") -> ScriptError {
        ScriptError(kind: kind, message: msg, file: file, line: l, column: c, sourceLine: sourceLine(l))
    }

    @inline(__always) func peek(_ k: Int = 0) -> Character? { i + k < chars.count ? chars[i + k] : nil }

    mutating func advance() {
        if chars[i] == "\n" {
            line += 1
            col = 1
        } else {
            col += 1
        }
        i += 1
    }

    mutating func add(_ k: TokenKind, _ l: Int, _ c: Int) { tokens.append(Token(kind: k, line: l, col: c)) }

    /// Tokenizes everything. Throws `ScriptError` on bad input; with `incompleteAware`, throws
    /// `LexIncomplete` when the text merely stops early (open bracket/string, trailing backslash).
    static func tokenize(
        _ source: String, file: String, firstLine: Int = 1, firstCol: Int = 1, incompleteAware: Bool = false
    ) throws -> (tokens: [Token], lines: [String]) {
        var lx = Lexer(source, file: file, firstLine: firstLine, firstCol: firstCol)
        try lx.run(incompleteAware: incompleteAware)
        return (lx.tokens, lx.lines)
    }

    mutating func run(incompleteAware: Bool) throws {
        while i < chars.count {
            if atLineStart && depth == 0 {
                // Measure indentation; skip blank and comment-only lines.
                var width = 0, altWidth = 0
                let startLine = line
                while let c = peek(), c == " " || c == "\t" || c == "\r" || c == "\u{0C}" {
                    if c == "\t" { width = (width / 8 + 1) * 8 } else if c == " " { width += 1 }
                    if c == "\t" || c == " " { altWidth += 1 }
                    advance()
                }
                guard let c = peek() else { break }
                if c == "\n" {
                    advance()
                    continue
                }
                if c == "#" {
                    skipComment()
                    continue
                }
                if c == "\\" && peek(1) == "\n" {
                    advance()
                    advance()
                    continue
                }
                atLineStart = false
                let tabError = error(
                    "inconsistent use of tabs and spaces in indentation", line: startLine, col: col, kind: "TabError")
                if width > indents[indents.count - 1] {
                    guard altWidth > altIndents[altIndents.count - 1] else { throw tabError }
                    indents.append(width)
                    altIndents.append(altWidth)
                    add(.indent, startLine, col)
                } else {
                    while width < indents[indents.count - 1] {
                        indents.removeLast()
                        altIndents.removeLast()
                        add(.dedent, startLine, col)
                    }
                    if width != indents[indents.count - 1] {
                        throw error(
                            "unindent does not match any outer indentation level", line: startLine, col: col,
                            kind: "IndentationError")
                    }
                    guard altWidth == altIndents[altIndents.count - 1] else { throw tabError }
                }
            }
            guard let c = peek() else { break }
            let l = line, cc = col
            switch c {
            case " ", "\t", "\r", "\u{0C}":
                advance()
            case "#":
                skipComment()
            case "\n":
                advance()
                if depth == 0 {
                    if let last = tokens.last, last.kind != .newline { add(.newline, l, cc) }
                    atLineStart = true
                }
            case "\\":
                if peek(1) == "\n" {
                    advance()
                    advance()
                } else if peek(1) == nil {
                    if incompleteAware { throw LexIncomplete.continuation }
                    throw error("unexpected end of input after line continuation character", line: l, col: cc)
                } else {
                    throw error("unexpected character after line continuation character", line: l, col: cc)
                }
            case "0"..."9":
                try lexNumber()
            case ".":
                if let d = peek(1), d.isASCII, d.isNumber {
                    try lexNumber()
                } else if peek(1) == ".", peek(2) == "." {
                    advance()
                    advance()
                    advance()
                    add(.op("..."), l, cc)
                } else {
                    advance()
                    add(.op("."), l, cc)
                }
            case "\"", "'":
                try lexString(prefix: "", incompleteAware: incompleteAware)
            default:
                if c.isLetter || c == "_" {
                    var s = ""
                    while let d = peek(), d.isLetter || d.isNumber || d == "_" {
                        s.append(d)
                        advance()
                    }
                    if let q = peek(), q == "\"" || q == "'", s.count <= 2, case let lower = s.lowercased(),
                        ["r", "f", "b", "rf", "fr", "u", "br", "rb"].contains(lower)
                    {
                        try lexString(prefix: lower, startLine: l, startCol: cc, incompleteAware: incompleteAware)
                    } else {
                        add(pythonKeywords.contains(s) ? .keyword(s) : .name(s), l, cc)
                    }
                } else {
                    try lexOperator()
                }
            }
        }
        if depth > 0 {
            if incompleteAware { throw LexIncomplete.openBracket }
            let (b, bl, bc) = brackets[brackets.count - 1]
            throw error("'\(b)' was never closed", line: bl, col: bc)
        }
        if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
            add(.newline, line, col)
        }
        while indents.count > 1 {
            indents.removeLast()
            add(.dedent, line, col)
        }
        add(.eof, line, col)
    }

    mutating func skipComment() {
        while let c = peek(), c != "\n" {
            _ = c
            advance()
        }
    }

    mutating func lexNumber() throws {
        let l = line, c = col
        var s = ""
        var isFloat = false
        if peek() == "0", let x = peek(1), "xXoObB".contains(x) {
            advance()
            advance()
            var digits = ""
            while let d = peek(), d.isHexDigit || d == "_" {
                if d != "_" { digits.append(d) }
                advance()
            }
            let radix = "xX".contains(x) ? 16 : ("oO".contains(x) ? 8 : 2)
            guard let v = Int(digits, radix: radix) else { throw error("invalid number literal", line: l, col: c) }
            add(.int(v), l, c)
            return
        }
        while let d = peek(), d.isASCII, d.isNumber || d == "_" {
            if d != "_" { s.append(d) }
            advance()
        }
        if peek() == ".", !(peek(1) == "." && peek(2) == ".") {
            isFloat = true
            s.append(".")
            advance()
            while let d = peek(), d.isASCII, d.isNumber || d == "_" {
                if d != "_" { s.append(d) }
                advance()
            }
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            if let d = (sign == "+" || sign == "-") ? peek(2) : sign, d.isASCII, d.isNumber {
                isFloat = true
                s.append("e")
                advance()
                if sign == "+" || sign == "-" {
                    s.append(sign!)
                    advance()
                }
                while let d = peek(), d.isASCII, d.isNumber {
                    s.append(d)
                    advance()
                }
            }
        }
        if let d = peek(), d.isLetter || d == "_" {
            throw error("invalid decimal literal", line: l, col: c)
        }
        if isFloat {
            if s.hasPrefix(".") { s = "0" + s }
            if s.hasSuffix(".") { s += "0" }
            s = s.replacingOccurrences(of: ".e", with: ".0e")
            guard let v = Double(s) else { throw error("invalid number literal '\(s)'", line: l, col: c) }
            add(.float(v), l, c)
        } else {
            guard let v = Int(s) else { throw error("integer literal '\(s)' is too large", line: l, col: c) }
            add(.int(v), l, c)
        }
    }

    mutating func lexString(prefix: String, startLine: Int? = nil, startCol: Int? = nil, incompleteAware: Bool) throws {
        let l = startLine ?? line, c = startCol ?? col
        guard let q = peek() else { return }
        let raw = prefix.contains("r")
        let isF = prefix.contains("f")
        var triple = false
        if peek(1) == q && peek(2) == q {
            triple = true
            advance()
            advance()
            advance()
        } else {
            advance()
        }
        let bodyLine = line, bodyCol = col
        // The body as written: a backslash keeps the character after it (so `\"` does not end the
        // string); escapes are decoded afterwards by `decodeEscapes`, the one decoder of the language.
        var s = ""
        while true {
            guard let ch = peek() else {
                if incompleteAware { throw LexIncomplete.openString }
                throw error(
                    triple ? "unterminated triple-quoted string literal" : "unterminated string literal", line: l,
                    col: c)
            }
            if ch == q {
                if !triple {
                    advance()
                    break
                }
                if peek(1) == q && peek(2) == q {
                    advance()
                    advance()
                    advance()
                    break
                }
                s.append(ch)
                advance()
                continue
            }
            if ch == "\n" && !triple {
                throw error("unterminated string literal", line: l, col: c)
            }
            if ch == "\\" {
                guard let n = peek(1) else {
                    advance()
                    continue
                }
                s.append(ch)
                s.append(n)
                advance()
                advance()
                continue
            }
            s.append(ch)
            advance()
        }
        if prefix.contains("b") {
            guard s.unicodeScalars.allSatisfy({ $0.isASCII }) else {
                throw error("bytes can only contain ASCII literal characters", line: l, col: c)
            }
            guard let bytes = raw ? Array(s.utf8) : Lexer.decodeBytesEscapes(s) else {
                throw error("invalid \\x escape in bytes literal", line: l, col: c)
            }
            add(.bytes(bytes), l, c)
        } else if isF {
            add(.fstring(s, raw: raw, line: bodyLine, col: bodyCol), l, c)
        } else if raw {
            add(.string(s), l, c)
        } else {
            guard let decoded = Lexer.decodeEscapes(s) else {
                throw error("invalid \\x or \\u escape in string", line: l, col: c)
            }
            add(.string(decoded), l, c)
        }
    }

    /// Decodes Python's backslash escapes (`\n \t \r \0 \\ \' \" \x41 \u00e9`, backslash-newline);
    /// an unknown escape keeps its backslash, as Python does. Nil for a malformed `\x`/`\u`.
    static func decodeEscapes(_ s: String) -> String? {
        guard s.contains("\\") else { return s }
        let cs = Array(s)
        var out = ""
        var i = 0
        while i < cs.count {
            let ch = cs[i]
            guard ch == "\\", i + 1 < cs.count else {
                out.append(ch)
                i += 1
                continue
            }
            let n = cs[i + 1]
            i += 2
            switch n {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "0": out.append("\0")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "v": out.append("\u{0B}")
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "\n": break
            case "x", "u", "U":
                let count = n == "x" ? 2 : (n == "u" ? 4 : 8)
                var hex = ""
                while hex.count < count, i < cs.count, cs[i].isHexDigit {
                    hex.append(cs[i])
                    i += 1
                }
                guard hex.count == count, let v = UInt32(hex, radix: 16), let sc = Unicode.Scalar(v) else { return nil }
                out.append(Character(sc))
            default:
                out.append("\\")
                out.append(n)
            }
        }
        return out
    }

    /// Decodes a bytes literal's escapes (`\n \t \r \0 \\ \' \" \xNN`, octal `\NNN`, backslash-newline);
    /// `\u` is no escape in bytes, and an unknown escape keeps its backslash, as in Python.
    static func decodeBytesEscapes(_ s: String) -> [UInt8]? {
        let cs = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        while i < cs.count {
            let ch = cs[i]
            guard ch == 0x5C, i + 1 < cs.count else {
                out.append(ch)
                i += 1
                continue
            }
            let n = cs[i + 1]
            i += 2
            switch n {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "a"): out.append(7)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "v"): out.append(11)
            case 0x5C, 0x27, 0x22: out.append(n)
            case 10: break
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(n - 48)
                var k = 0
                while k < 2, i < cs.count, (48...55).contains(cs[i]) {
                    v = v * 8 + Int(cs[i] - 48)
                    i += 1
                    k += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            case UInt8(ascii: "x"):
                guard i + 1 < cs.count, let h = hex(cs[i]), let l = hex(cs[i + 1]) else { return nil }
                out.append(h << 4 | l)
                i += 2
            default:
                out.append(0x5C)
                out.append(n)
            }
        }
        return out
    }

    /// Operators of three then two characters (longest match first), and their first characters.
    static let multiCharOps: [[Character]] = [
        "**=", "//=", ">>=", "<<=", "**", "//", "==", "!=", "<=", ">=", "+=", "-=",
        "*=", "/=", "%=", "@=", "&=", "|=", "^=", "->", "<<", ">>", ":=",
    ].map { Array($0) }
    static let multiCharStarts = Set(multiCharOps.map { $0[0] })

    mutating func lexOperator() throws {
        let l = line, c = col
        func matches(_ s: [Character]) -> Bool {
            for (k, ch) in s.enumerated() where peek(k) != ch { return false }
            return true
        }
        if let c0 = peek(), Lexer.multiCharStarts.contains(c0) {
            for op in Lexer.multiCharOps where matches(op) {
                for _ in 0..<op.count { advance() }
                add(.op(String(op)), l, c)
                return
            }
        }
        guard let ch = peek() else { return }
        switch ch {
        case "(", "[", "{":
            depth += 1
            brackets.append((ch, l, c))
        case ")", "]", "}":
            let open: Character = ch == ")" ? "(" : (ch == "]" ? "[" : "{")
            guard let last = brackets.last else {
                throw error("unmatched '\(ch)'", line: l, col: c)
            }
            guard last.0 == open else {
                throw error(
                    "closing parenthesis '\(ch)' does not match opening parenthesis '\(last.0)' on line \(last.1)",
                    line: l, col: c)
            }
            brackets.removeLast()
            depth -= 1
        case "+", "-", "*", "/", "%", "@", "<", ">", "=", ",", ":", ";", "~", "&", "|", "^":
            break
        default:
            throw error("invalid character '\(ch)'", line: l, col: c)
        }
        advance()
        add(.op(String(ch)), l, c)
    }
}
