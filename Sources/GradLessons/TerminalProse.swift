// TerminalProse.swift: lesson prose (markdown) rendered for a terminal: headings, emphasis, code
// spans, lists, block quotes, code, and formulas as readable Unicode text (MathText.swift), wrapped
// to the terminal width. ANSI styles only when `color` is on (a terminal without NO_COLOR).
// Non-goals: tables, images (shown as their alt text), HTML (dropped).
import CCmark
import Foundation

public enum TerminalProse {
    public struct Style: Sendable {
        public var color: Bool
        public var width: Int
        public init(color: Bool, width: Int) { self.color = color; self.width = max(20, width) }
    }

    /// The markdown rendered as terminal text, ending without a newline.
    public static func render(_ markdown: String, style: Style) -> String {
        let (text, spans) = MathText.protect(markdown)
        guard let doc = cmark_parse_document(text, text.utf8.count, CMARK_OPT_DEFAULT) else { return markdown }
        defer { cmark_node_free(doc) }
        var r = Renderer(style: style, spans: spans)
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
        var lines: [String] = []

        func math(_ s: String) -> String {
            MathText.restore(s, spans: spans) { span in
                span.display ? "    " + MathText.readable(span.tex) : MathText.readable(span.tex)
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
                wrap(inlines(n, base: nil), first: firstIndent, rest: indent)
                if indent.isEmpty { lines.append("") }
            case CMARK_NODE_LIST:
                let ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST
                var k = Int(cmark_node_get_list_start(n))
                var item = cmark_node_first_child(n)
                while let it = item {
                    let bullet = ordered ? "\(k). " : "• "
                    blocks(of: it, indent: indent + String(repeating: " ", count: bullet.count),
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
                for l in code.split(separator: "\n", omittingEmptySubsequences: false).dropLast(code.hasSuffix("\n") ? 1 : 0) {
                    lines.append(indent + "    " + sgr("36") + l + sgr("0"))
                }
                lines.append("")
            case CMARK_NODE_THEMATIC_BREAK:
                lines.append(indent + String(repeating: "─", count: min(style.width, 40)))
                lines.append("")
            default:
                break // HTML blocks and anything else: not shown
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
                    if enter { stack.append("3"); out += sgr("3") } else { stack.removeLast(); out += restore(stack) }
                case CMARK_NODE_STRONG:
                    if enter { stack.append("1"); out += sgr("1") } else { stack.removeLast(); out += restore(stack) }
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
                        line = rest; width = visibleWidth(rest); lineHasWord = false
                    }
                    if lineHasWord { line += " "; width += 1 }
                    line += word; width += w; lineHasWord = true
                }
                lines.append(line)
            }
        }

        func visibleWidth(_ s: String) -> Int {
            var n = 0, inEsc = false
            for u in s.unicodeScalars {
                if inEsc { if u == "m" { inEsc = false }; continue }
                if u == "\u{1B}" { inEsc = true; continue }
                if u.properties.generalCategory == .nonspacingMark { continue }
                n += 1
            }
            return n
        }
    }
}
