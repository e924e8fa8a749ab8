// FString: splits an f-string's body into literal text and `{expr!conv:spec}` fields.
//
// The lexer hands over the body as written and where it starts; every field's expression is parsed
// at its own line and column, so an error inside `f"{x / 0}"` points at `x / 0`, not at line 1.
// Literal text is decoded by the lexer's escape decoder (`Lexer.decodeEscapes`), except in raw
// f-strings (`rf"\n"` keeps its backslash). `{{` and `}}` are literal braces; `{x=}` is the
// self-documenting form; a spec may hold nested fields (`{x:{width}}`).
// Non-goals: Python 3.12's nested quotes of the same kind, backslashes inside fields.

struct FStringBody {
    let cs: [Character]
    let raw: Bool
    /// Line and column of every character of the body (and one past the end).
    private var lines: [Int] = []
    private var cols: [Int] = []

    init(_ body: String, raw: Bool, line: Int, col: Int) {
        cs = Array(body)
        self.raw = raw
        lines.reserveCapacity(cs.count + 1)
        cols.reserveCapacity(cs.count + 1)
        var l = line, c = col
        for ch in cs {
            lines.append(l)
            cols.append(c)
            if ch == "\n" {
                l += 1
                c = 1
            } else {
                c += 1
            }
        }
        lines.append(l)
        cols.append(c)
    }

    /// The parts of the whole body.
    func parts(_ parser: Parser, at t: Token) throws -> [FStringPart] {
        try parts(0, cs.count, parser, at: t)
    }

    private func error(_ parser: Parser, _ msg: String, at i: Int) -> ScriptError {
        let k = Swift.min(i, lines.count - 1)
        return ScriptError(
            kind: "SyntaxError", message: msg, file: parser.file, line: lines[k], column: cols[k],
            sourceLine: parser.sourceLine(lines[k]))
    }

    private func text(_ s: String, _ parser: Parser, at i: Int) throws -> String {
        if raw { return s }
        guard let d = Lexer.decodeEscapes(s) else {
            throw error(parser, "invalid \\x or \\u escape in f-string", at: i)
        }
        return d
    }

    private func parts(_ start: Int, _ end: Int, _ parser: Parser, at t: Token) throws -> [FStringPart] {
        var out: [FStringPart] = []
        var text = ""
        var textStart = start
        var i = start
        func flush() throws {
            if !text.isEmpty {
                out.append(.text(try self.text(text, parser, at: textStart)))
                text = ""
            }
        }
        while i < end {
            let c = cs[i]
            if c == "{" {
                if i + 1 < end && cs[i + 1] == "{" {
                    text.append("{")
                    i += 2
                    continue
                }
                try flush()
                // Find the matching '}' at depth 0, splitting off !conv and :spec.
                var depth = 0, j = i + 1
                var exprEnd = -1, convChar: Character? = nil, specStart = -1
                var quote: Character? = nil
                while j < end {
                    let d = cs[j]
                    if let q = quote {
                        if d == q { quote = nil }
                        j += 1
                        continue
                    }
                    if d == "'" || d == "\"" {
                        quote = d
                    } else if "([{".contains(d) {
                        depth += 1
                    } else if ")]".contains(d) {
                        depth -= 1
                    } else if d == "}" {
                        if depth == 0 { break }
                        depth -= 1
                    } else if depth == 0 && d == "!" && j + 1 < end && cs[j + 1] != "=" && exprEnd < 0 {
                        exprEnd = j
                        convChar = cs[j + 1]
                        j += 2
                        continue
                    } else if depth == 0 && d == ":" && specStart < 0 {
                        if exprEnd < 0 { exprEnd = j }
                        specStart = j + 1
                        // The spec runs to the matching '}' (it may hold nested {}).
                        var k = j + 1, sd = 0
                        while k < end {
                            if cs[k] == "{" {
                                sd += 1
                            } else if cs[k] == "}" {
                                if sd == 0 { break }
                                sd -= 1
                            }
                            k += 1
                        }
                        j = k
                        break
                    }
                    j += 1
                }
                guard j < end else { throw error(parser, "f-string: expecting '}'", at: i) }
                if exprEnd < 0 { exprEnd = j }
                var exprText = String(cs[(i + 1)..<exprEnd])
                var selfDoc = false
                if exprText.hasSuffix("=") && !exprText.hasSuffix("==") {
                    selfDoc = true
                    exprText.removeLast()
                }
                guard !exprText.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw error(parser, "f-string: empty expression not allowed", at: i)
                }
                if let conv = convChar, !"rsa".contains(conv) {
                    throw error(
                        parser, "f-string: invalid conversion character '\(conv)': expected 's', 'r', or 'a'",
                        at: exprEnd + 1)
                }
                let e: Expr
                do {
                    e = try Parser.parseExpression(
                        exprText, file: parser.file, firstLine: lines[i + 1], firstCol: cols[i + 1])
                } catch let err as ScriptError {
                    throw ScriptError(
                        kind: err.kind, message: "f-string: \(err.message)", file: parser.file,
                        line: err.line, column: err.column, sourceLine: parser.sourceLine(err.line))
                }
                let spec = specStart >= 0 ? try parts(specStart, j, parser, at: t) : []
                if selfDoc { out.append(.text(exprText + "=")) }
                let conv: Character? = convChar == "a" ? "r" : convChar
                out.append(.expr(e, conversion: selfDoc && conv == nil && spec.isEmpty ? "r" : conv, spec: spec))
                i = j + 1
                textStart = i
            } else if c == "}" {
                if i + 1 < end && cs[i + 1] == "}" {
                    text.append("}")
                    i += 2
                    continue
                }
                throw error(parser, "f-string: single '}' is not allowed", at: i)
            } else {
                if text.isEmpty { textStart = i }
                text.append(c)
                i += 1
            }
        }
        try flush()
        return out
    }
}
