// TerminalProse.swift: lesson prose (markdown) rendered for a terminal: headings, emphasis, code
// spans, lists, block quotes, code, and formulas as readable Unicode text (MathText.swift), wrapped
// to the terminal width, and GitHub-style pipe tables (`| a | b |` over `|---|--:|`) as aligned columns.
// ANSI styles only when `color` is on (a terminal without NO_COLOR).
// Non-goals: images (shown as their alt text), HTML (dropped), wrapping table cells.
import CCmark
import Foundation

public enum TerminalProse {
    public struct Style: Sendable {
        public var color: Bool
        public var width: Int
        public init(color: Bool, width: Int) {
            self.color = color
            self.width = max(20, width)
        }
    }

    /// The markdown rendered as terminal text, ending without a newline.
    public static func render(_ markdown: String, style: Style) -> String {
        let (text, spans) = MathText.protect(markdown)
        guard let doc = cmark_parse_document(text, text.utf8.count, CMARK_OPT_DEFAULT) else { return markdown }
        defer { cmark_node_free(doc) }
        var r = Renderer(style: style, spans: spans, source: text.components(separatedBy: "\n"))
        r.blocks(of: doc, indent: "", firstIndent: "")
        let out = r.lines.joined(separator: "\n")
        return MathText.restore(out, spans: spans) { span in
            let s = MathText.readable(span.tex)
            return span.display ? "    " + s : s
        }.trimmingCharacters(in: .newlines)
    }

    struct Renderer {
        let style: Style
        let spans: [MathText.Span]
        /// The (formula-protected) markdown, by line, for what libcmark does not parse (tables).
        let source: [String]
        var lines: [String] = []

        func math(_ s: String) -> String {
            MathText.restore(s, spans: spans) { span in
                // An inline formula is never broken across lines: its spaces become no-break spaces.
                span.display
                    ? "    " + MathText.readable(span.tex)
                    : MathText.readable(span.tex).replacingOccurrences(of: " ", with: "\u{00A0}")
            }
        }

        func sgr(_ code: String) -> String { style.color ? "\u{1B}[\(code)m" : "" }

        mutating func blank() { if let l = lines.last, !l.isEmpty { lines.append("") } }

        mutating func blocks(of parent: OpaquePointer, indent: String, firstIndent: String) {
            var first = true
            var node = cmark_node_first_child(parent)
            while let n = node {
                block(n, indent: indent, firstIndent: first ? firstIndent : indent)
                first = false
                node = cmark_node_next(n)
            }
        }

        mutating func block(_ n: OpaquePointer, indent: String, firstIndent: String) {
            switch cmark_node_get_type(n) {
            case CMARK_NODE_HEADING:
                blank()
                let level = Int(cmark_node_get_heading_level(n))
                let text = inlines(n, base: "1")
                let plain = level == 1 ? text.uppercased() : text
                lines.append(firstIndent + sgr(level == 1 ? "1;4" : "1") + plain + sgr("0"))
                lines.append("")
            case CMARK_NODE_PARAGRAPH:
                if let formula = displayFormula(sourceLines(n)) {
                    // A formula on its own (`$$...$$`): indented, never re-wrapped.
                    lines.append(firstIndent + "    " + formula)
                    if indent.isEmpty { lines.append("") }
                    break
                }
                if let rows = TerminalProse.tableRows(sourceLines(n)) {
                    table(rows, indent: firstIndent)
                    if indent.isEmpty { lines.append("") }
                    break
                }
                wrap(inlines(n, base: nil), first: firstIndent, rest: indent)
                if indent.isEmpty { lines.append("") }
            case CMARK_NODE_LIST:
                let ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST
                var k = Int(cmark_node_get_list_start(n))
                var item = cmark_node_first_child(n)
                while let it = item {
                    let bullet = ordered ? "\(k). " : "• "
                    blocks(
                        of: it, indent: indent + String(repeating: " ", count: bullet.count),
                        firstIndent: indent + bullet)
                    k += 1
                    item = cmark_node_next(it)
                }
                if indent.isEmpty { lines.append("") }
            case CMARK_NODE_BLOCK_QUOTE:
                blocks(of: n, indent: indent + "│ ", firstIndent: firstIndent + "│ ")
                while lines.last == "│ " || lines.last?.isEmpty == true { lines.removeLast() }
                lines.append("")
            case CMARK_NODE_CODE_BLOCK:
                let code = LessonParser.cString(cmark_node_get_literal(n))
                for l in code.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                    code.hasSuffix("\n") ? 1 : 0)
                {
                    lines.append(indent + "    " + sgr("36") + l + sgr("0"))
                }
                lines.append("")
            case CMARK_NODE_THEMATIC_BREAK:
                lines.append(indent + String(repeating: "─", count: min(style.width, 40)))
                lines.append("")
            default:
                break  // HTML blocks and anything else: not shown
            }
        }

        /// Inline content as one styled string (softbreaks as spaces). `base` is the SGR to restore after a span.
        func inlines(_ n: OpaquePointer, base: String?) -> String {
            var out = ""
            var stack: [String] = []
            let restore = { (stack: [String]) -> String in
                self.sgr("0") + (base.map { self.sgr($0) } ?? "") + stack.map { self.sgr($0) }.joined()
            }
            guard let it = cmark_iter_new(n) else { return "" }
            defer { cmark_iter_free(it) }
            while true {
                let ev = cmark_iter_next(it)
                if ev == CMARK_EVENT_DONE { break }
                guard let node = cmark_iter_get_node(it), node != n else { continue }
                let enter = ev == CMARK_EVENT_ENTER
                switch cmark_node_get_type(node) {
                case CMARK_NODE_TEXT: if enter { out += math(LessonParser.cString(cmark_node_get_literal(node))) }
                case CMARK_NODE_SOFTBREAK: if enter { out += " " }
                case CMARK_NODE_LINEBREAK: if enter { out += "\n" }
                case CMARK_NODE_CODE:
                    if enter { out += sgr("36") + LessonParser.cString(cmark_node_get_literal(node)) + restore(stack) }
                case CMARK_NODE_EMPH:
                    if enter {
                        stack.append("3")
                        out += sgr("3")
                    } else {
                        stack.removeLast()
                        out += restore(stack)
                    }
                case CMARK_NODE_STRONG:
                    if enter {
                        stack.append("1")
                        out += sgr("1")
                    } else {
                        stack.removeLast()
                        out += restore(stack)
                    }
                case CMARK_NODE_LINK:
                    if !enter {
                        let url = LessonParser.cString(cmark_node_get_url(node))
                        if !url.isEmpty && !url.hasPrefix("#") { out += " (\(url))" }
                    }
                case CMARK_NODE_IMAGE:
                    if enter { out += "[image: " } else { out += "]" }
                default: break
                }
            }
            return out
        }

        /// The readable text of a paragraph that is one display formula and nothing else.
        func displayFormula(_ lines: [String]) -> String? {
            let t = lines.joined(separator: " ").trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("\u{E000}"), t.hasSuffix("\u{E001}"),
                let k = Int(t.dropFirst().dropLast()), k >= 0, k < spans.count, spans[k].display
            else { return nil }
            return MathText.readable(spans[k].tex)
        }

        /// The source lines of a block node (libcmark's 1-based start/end lines).
        func sourceLines(_ n: OpaquePointer) -> [String] {
            let start = Int(cmark_node_get_start_line(n)), end = Int(cmark_node_get_end_line(n))
            guard start >= 1, end >= start, end <= source.count else { return [] }
            return Array(source[(start - 1)..<end])
        }

        /// A pipe table: header row bold, a rule, the body rows; columns padded to their widest cell
        /// and aligned as the delimiter row says (`:--` left, `:-:` centre, `--:` right).
        mutating func table(_ rows: TerminalProse.Table, indent: String) {
            let cells = ([rows.header] + rows.body).map { row in row.map { inlineCell($0) } }
            let columns = rows.align.count
            var widths = [Int](repeating: 0, count: columns)
            for row in cells {
                for (k, c) in row.enumerated() where k < columns { widths[k] = max(widths[k], visibleWidth(c)) }
            }
            func pad(_ c: String, _ k: Int) -> String {
                let gap = widths[k] - visibleWidth(c)
                switch rows.align[k] {
                case .right: return String(repeating: " ", count: gap) + c
                case .center:
                    return String(repeating: " ", count: gap / 2) + c + String(repeating: " ", count: gap - gap / 2)
                case .left: return c + String(repeating: " ", count: gap)
                }
            }
            func line(_ row: [String], bold: Bool) -> String {
                let padded = (0..<columns).map { k in pad(k < row.count ? row[k] : "", k) }
                let text = bold ? padded.map { sgr("1") + $0 + sgr("0") } : padded
                var l = indent + text.joined(separator: "  ")
                while l.hasSuffix(" ") { l.removeLast() }
                return l
            }
            lines.append(line(cells[0], bold: true))
            lines.append(indent + widths.map { String(repeating: "─", count: max(1, $0)) }.joined(separator: "  "))
            for row in cells.dropFirst() { lines.append(line(row, bold: false)) }
        }

        /// One table cell's markdown rendered as inline text (emphasis, code, formulas).
        func inlineCell(_ markdown: String) -> String {
            guard !markdown.isEmpty, let doc = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT)
            else { return "" }
            defer { cmark_node_free(doc) }
            guard let para = cmark_node_first_child(doc), cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH else {
                return math(markdown)
            }
            return inlines(para, base: nil)
        }

        /// Word-wraps `text` (which may hold ANSI sequences) to the width.
        mutating func wrap(_ text: String, first: String, rest: String) {
            for (k, para) in text.components(separatedBy: "\n").enumerated() {
                var line = k == 0 ? first : rest
                var width = visibleWidth(line)
                var lineHasWord = false
                for word in para.split(separator: " ", omittingEmptySubsequences: true) {
                    let w = visibleWidth(String(word))
                    if lineHasWord && width + 1 + w > style.width {
                        lines.append(line)
                        line = rest
                        width = visibleWidth(rest)
                        lineHasWord = false
                    }
                    if lineHasWord {
                        line += " "
                        width += 1
                    }
                    line += word
                    width += w
                    lineHasWord = true
                }
                lines.append(line)
            }
        }

        func visibleWidth(_ s: String) -> Int {
            var n = 0, inEsc = false
            for u in s.unicodeScalars {
                if inEsc {
                    if u == "m" { inEsc = false }
                    continue
                }
                if u == "\u{1B}" {
                    inEsc = true
                    continue
                }
                if u.properties.generalCategory == .nonspacingMark { continue }
                n += 1
            }
            return n
        }
    }

    public enum Alignment: Sendable { case left, center, right }
    /// A pipe table split into cells (markdown source of each cell) and its column alignments.
    public struct Table: Sendable, Equatable {
        public var header: [String]
        public var align: [Alignment]
        public var body: [[String]]
    }

    /// The table written in `lines` (a paragraph's source): a header row, a delimiter row such as
    /// `|---|:---:|`, and body rows, GitHub's pipe-table syntax. Nil when the lines are not a table.
    public static func tableRows(_ lines: [String]) -> Table? {
        guard lines.count >= 2, lines[0].contains("|") else { return nil }
        let delims = cells(lines[1])
        guard !delims.isEmpty else { return nil }
        var align: [Alignment] = []
        for d in delims {
            let t = d.trimmingCharacters(in: .whitespaces)
            let core = t.drop { $0 == ":" }.reversed().drop { $0 == ":" }
            guard !core.isEmpty, core.allSatisfy({ $0 == "-" }) else { return nil }
            let l = t.hasPrefix(":"), r = t.hasSuffix(":")
            align.append(l && r ? .center : r ? .right : .left)
        }
        let header = cells(lines[0])
        guard header.count == align.count else { return nil }
        let body = lines.dropFirst(2).map { row -> [String] in
            let c = cells(row)
            return Array((c + [String](repeating: "", count: max(0, align.count - c.count))).prefix(align.count))
        }
        return Table(header: header, align: align, body: body)
    }

    /// A table row's cells, trimmed: split at `|` (not `\|`, which stays a `|`), without the empty
    /// cells that a leading or trailing pipe makes.
    static func cells(_ row: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var chars = Array(row.trimmingCharacters(in: .whitespaces))
        if chars.first == "|" { chars.removeFirst() }
        if chars.last == "|" && !(chars.count >= 2 && chars[chars.count - 2] == "\\") { chars.removeLast() }
        var i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "|" {
                cur.append("|")
                i += 2
                continue
            }
            if chars[i] == "|" {
                out.append(cur.trimmingCharacters(in: .whitespaces))
                cur = ""
                i += 1
                continue
            }
            cur.append(chars[i])
            i += 1
        }
        out.append(cur.trimmingCharacters(in: .whitespaces))
        return out
    }
}

extension TerminalProse {
    /// Word-wraps plain text (no ANSI sequences) to `width` columns: each line longer than the width
    /// is broken at its last space that fits, never inside a word (a word longer than the width stays
    /// whole); continuation lines start with `continuation`. Lines starting with a space (source lines
    /// and carets in error messages, indented code) are kept as they are when `keepIndented`.
    public static func wrapPlain(
        _ text: String, width: Int, continuation: String = "", keepIndented: Bool = false
    ) -> String {
        guard width > 10 else { return text }
        var out: [String] = []
        for line in text.components(separatedBy: "\n") {
            if line.count <= width || (keepIndented && line.first == " ") {
                out.append(line)
                continue
            }
            var rest = Substring(line)
            var prefix = ""
            while prefix.count + rest.count > width {
                let room = width - prefix.count
                let head = rest.prefix(room + 1)
                guard let space = head.lastIndex(of: " "), space > rest.startIndex else {
                    // No space to break at within the width: break at the next space, if any.
                    guard let next = rest.firstIndex(of: " ") else { break }
                    out.append(prefix + rest[..<next])
                    rest = rest[rest.index(after: next)...]
                    prefix = continuation
                    continue
                }
                out.append(prefix + rest[..<space])
                rest = rest[rest.index(after: space)...]
                prefix = continuation
            }
            out.append(prefix + rest)
        }
        return out.joined(separator: "\n")
    }
}
