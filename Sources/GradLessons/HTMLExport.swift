// HTMLExport.swift: an executed lesson as one self-contained web page, like an executed notebook:
// prose rendered (libcmark), each block's code, its output, and its pictures and charts inline as SVG.
// Formulas are set as MathML (MathML.swift), which every current browser renders with no script
// and no network; code is highlighted here (keywords, strings, numbers, comments); exercises show
// their starting code, with the solution and the checks folded in `<details>`. Cell labels name the
// lesson file without its folder, so a page shows no path of the machine that made it.
// Non-goals: interactivity, styling beyond a small stylesheet.
import CCmark
import Foundation
import GradScript

public enum HTMLExport {
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Markdown -> HTML; each formula becomes its readable text (`MathText.html`) in a
    /// `span.math` (inline) or `span.math.display` (a block of its own, `$$...$$`), with the TeX source as its `title`.
    /// Pipe tables (libcmark has no table extension) become `<table>`s, as `TerminalProse.tableRows` reads them.
    public static func prose(_ markdown: String) -> String {
        let (text, spans) = MathText.protect(markdown)
        guard let doc = cmark_parse_document(text, text.utf8.count, CMARK_OPT_DEFAULT) else { return escape(markdown) }
        defer { cmark_node_free(doc) }
        let tables = replaceTables(in: doc, source: text.components(separatedBy: "\n"))
        guard let ptr = cmark_render_html(doc, CMARK_OPT_DEFAULT) else { return escape(markdown) }
        var html = String(cString: ptr)
        free(ptr)
        for (k, table) in tables.enumerated() {
            html = html.replacingOccurrences(of: "<p>\u{E002}\(k)\u{E003}</p>\n", with: table)
        }
        return MathText.restore(html, spans: spans) { span in
            MathML.render(span.tex, display: span.display)
        }
    }

    /// Replaces each top-level paragraph that is a pipe table by a placeholder paragraph and returns
    /// the tables' HTML, in placeholder order.
    static func replaceTables(in doc: OpaquePointer, source: [String]) -> [String] {
        var tables: [String] = []
        var node = cmark_node_first_child(doc)
        while let n = node {
            node = cmark_node_next(n)
            guard cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH else { continue }
            let start = Int(cmark_node_get_start_line(n)), end = Int(cmark_node_get_end_line(n))
            guard start >= 1, end >= start, end <= source.count,
                let t = TerminalProse.tableRows(Array(source[(start - 1)..<end])),
                let para = cmark_node_new(CMARK_NODE_PARAGRAPH), let txt = cmark_node_new(CMARK_NODE_TEXT)
            else { continue }
            cmark_node_set_literal(txt, "\u{E002}\(tables.count)\u{E003}")
            cmark_node_append_child(para, txt)
            if cmark_node_replace(n, para) == 1 {
                cmark_node_free(n)
            } else {
                cmark_node_free(para)
                continue
            }
            tables.append(tableHTML(t))
        }
        return tables
    }

    static func tableHTML(_ t: TerminalProse.Table) -> String {
        func cell(_ tag: String, _ md: String, _ a: TerminalProse.Alignment) -> String {
            var inner = ""
            if !md.isEmpty, let p = cmark_markdown_to_html(md, md.utf8.count, CMARK_OPT_DEFAULT) {
                inner = String(cString: p).trimmingCharacters(in: .whitespacesAndNewlines)
                free(p)
                if inner.hasPrefix("<p>") && inner.hasSuffix("</p>") { inner = String(inner.dropFirst(3).dropLast(4)) }
            }
            let style = a == .right ? " style=\"text-align:right\"" : a == .center ? " style=\"text-align:center\"" : ""
            return "<\(tag)\(style)>\(inner)</\(tag)>"
        }
        var out =
            "<table>\n<thead><tr>" + zip(t.header, t.align).map { cell("th", $0, $1) }.joined()
            + "</tr></thead>\n<tbody>\n"
        for row in t.body { out += "<tr>" + zip(row, t.align).map { cell("td", $0, $1) }.joined() + "</tr>\n" }
        return out + "</tbody>\n</table>\n"
    }

    /// `text` with the lesson's folder removed from its path (`lessons/03-loss.md:12` -> `03-loss.md:12`).
    static func relative(_ text: String, lesson: Lesson) -> String {
        let folder = (lesson.path as NSString).deletingLastPathComponent
        return folder.isEmpty ? text : text.replacingOccurrences(of: folder + "/", with: "")
    }

    static let keywords: Set<String> = [
        "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "False", "finally", "for", "from", "if", "import", "in", "is", "lambda",
        "None", "not", "or", "pass", "raise", "return", "True", "try", "while", "with", "yield",
    ]
    static let builtinNames: Set<String> = [
        "print", "range", "len", "round", "sum", "list", "float", "int", "abs",
        "enumerate", "zip", "next", "iter", "super", "dict", "tuple", "str", "min", "max",
    ]

    /// Python source as HTML with spans for keywords, builtins, strings, numbers and comments.
    public static func highlight(_ source: String) -> String {
        let c = Array(source)
        var out = ""
        var i = 0
        func span(_ cls: String, _ text: String) { out += "<span class=\"\(cls)\">\(escape(text))</span>" }
        while i < c.count {
            let ch = c[i]
            if ch == "#" {
                var j = i
                while j < c.count, c[j] != "\n" { j += 1 }
                span("co", String(c[i..<j]))
                i = j
                continue
            }
            if ch == "\"" || ch == "'" {
                var j = i + 1
                while j < c.count, c[j] != ch, c[j] != "\n" {
                    if c[j] == "\\" { j += 1 }
                    j += 1
                }
                j = min(j + 1, c.count)
                // An f/r prefix belongs to the string.
                span("st", String(c[i..<j]))
                i = j
                continue
            }
            if ch.isLetter || ch == "_" {
                var j = i
                while j < c.count, c[j].isLetter || c[j].isNumber || c[j] == "_" { j += 1 }
                let word = String(c[i..<j])
                if j < c.count, c[j] == "\"" || c[j] == "'", ["f", "r", "b", "rb", "fr"].contains(word) {
                    var k = j + 1
                    while k < c.count, c[k] != c[j], c[k] != "\n" {
                        if c[k] == "\\" { k += 1 }
                        k += 1
                    }
                    k = min(k + 1, c.count)
                    span("st", String(c[i..<k]))
                    i = k
                    continue
                }
                if keywords.contains(word) {
                    span("kw", word)
                } else if builtinNames.contains(word) {
                    span("bi", word)
                } else {
                    out += escape(word)
                }
                i = j
                continue
            }
            if ch.isNumber, i == 0 || !(c[i - 1].isLetter || c[i - 1] == "_") {
                var j = i
                while j < c.count, c[j].isNumber || c[j] == "." || c[j] == "e" { j += 1 }
                span("nu", String(c[i..<j]))
                i = j
                continue
            }
            out += escape(String(ch))
            i += 1
        }
        return out
    }

    /// The page for `lesson` after running it; `results[i]` is the result of `lesson.blocks[i]` (missing
    /// entries: the block was not reached).
    public static func page(lesson: Lesson, results: [Int: BlockResult]) -> String {
        var body = ""
        for item in lesson.items {
            switch item {
            case .prose(let p):
                body += "<section class=\"prose\">\n\(prose(p.markdown))</section>\n"
            case .hint(let p):
                body += "<details class=\"hint\"><summary>Hint</summary>\n\(prose(p.markdown))</details>\n"
            case .block(let i):
                let b = lesson.blocks[i]
                var cls = "cell"
                var badge = ""
                if let r = results[i] {
                    switch r.status {
                    case .passed: badge = "ok"
                    case .unchecked: badge = "ran (not checked)"
                    case .skipped: badge = "skipped"
                    case .mismatch:
                        badge = "output differs"
                        cls += " failed"
                    case .error:
                        badge = "error"
                        cls += " failed"
                    }
                } else {
                    badge = b.mode == .skip ? "skipped" : "not run"
                }
                let file = (lesson.path as NSString).lastPathComponent
                var role = ""
                switch b.role {
                case .plain: break
                case .exercise: role = " · exercise: complete the code"
                case .solution: role = " · solution"
                case .checks: role = " · what gradstep checks"
                }
                if badge == "ok" || badge == "ran (not checked)" || b.role == .exercise { badge = "" }
                let label = "[\(b.number)] \(escape(file)):\(b.line)\(role)" + (badge.isEmpty ? "" : " · \(badge)")
                let folded = b.role == .solution || b.role == .checks
                if folded {
                    body +=
                        "<details class=\"\(b.role == .solution ? "solution" : "checks")\">"
                        + "<summary>\(b.role == .solution ? "Solution" : "What gradstep checks")</summary>\n"
                }
                body += "<div class=\"\(cls)\"><div class=\"label\">\(label)</div>\n"
                body += "<pre class=\"code\"><code class=\"language-python\">\(highlight(b.source))</code></pre>\n"
                if let r = results[i] {
                    var text: [String] = []
                    func flush() {
                        if !text.isEmpty {
                            body += "<pre class=\"out\">\(escape(text.joined(separator: "\n")))</pre>\n"
                            text = []
                        }
                    }
                    for piece in r.pieces {
                        switch piece {
                        case .text(let s): text.append(s)
                        case .display(let d):
                            flush()
                            body += DisplayRendering.html(d) + "\n"
                        }
                    }
                    flush()
                    if let e = r.errorText {
                        body += "<pre class=\"err\">\(escape(relative(e, lesson: lesson)))</pre>\n"
                    }
                    if r.status == .mismatch, let exp = b.expected {
                        body +=
                            "<pre class=\"diff\">"
                            + "\(escape(OutputMatcher.diff(expected: exp, actual: r.outputText)))</pre>\n"
                    }
                }
                body += "</div>\n"
                if folded { body += "</details>\n" }
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>\(escape(lesson.title))</title>
            <style>
            body { max-width: 52rem; margin: 2rem auto; padding: 0 1rem; font: 16px/1.5 system-ui, sans-serif; color: \
            #222; }
            pre { padding: .6rem .8rem; overflow-x: auto; font: 13px/1.35 ui-monospace, monospace; margin: 0; }
            .err, .diff { white-space: pre-wrap; overflow-wrap: anywhere; }
            .kw { color: #a626a4; font-weight: 600; } .st { color: #50a14f; } .nu { color: #986801; } .co { color: \
            #8a8a8a; font-style: italic; } .bi { color: #4078f2; }
            math { font-size: 1.1em; } math[display="block"] { margin: .6rem 0; }
            figcaption { font-size: 14px; color: #555; text-align: center; margin-top: .3rem; }
            .thumbs { display: flex; flex-wrap: wrap; gap: .4rem; } .thumbs figure { margin: 0; }
            details.solution, details.checks { margin: .6rem 0; } details.solution > summary, details.checks > summary \
            { cursor: pointer; color: #555; }
            .cell { border: 1px solid #ddd; border-radius: 6px; margin: 1rem 0; overflow: hidden; }
            .cell.failed { border-color: #c33; }
            .label { font: 12px ui-monospace, monospace; color: #666; background: #f6f6f6; padding: .2rem .8rem; }
            .code { background: #f6f8fa; } .out { background: #fff; border-top: 1px dashed #ddd; }
            .err, .diff { background: #fff0f0; color: #a00; border-top: 1px dashed #c33; }
            .math { font-family: "STIX Two Math", "Cambria Math", "DejaVu Serif", serif; font-style: italic; \
            white-space: nowrap; }
            .math.display { display: block; text-align: center; margin: .6rem 0; white-space: normal; }
            table { border-collapse: collapse; margin: .6rem 0; } th, td { border: 1px solid #ddd; padding: .2rem \
            .6rem; }
            figure { margin: .5rem .8rem; } details.hint { background: #fffbe6; padding: .3rem .8rem; border-radius: \
            6px; }
            </style></head>
            <body>
            \(body)</body></html>

            """
    }
}
