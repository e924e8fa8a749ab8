// LessonParser.swift: markdown lesson file -> `Lesson`, with libcmark (CommonMark, any fence style).
//
// The format (README, "Writing a lesson"):
// - optional front matter between `---` lines at the very top: `seed: 42`, `title: ...`;
// - a fenced block whose info string holds the word `gradstep` is runnable (```` ```python gradstep ````,
//   so GitHub still highlights it as Python); markers after it: `skip`, `nocheck`, `raises`, and for
//   exercises `exercise` (the starting block), `solution`, `checks` (in that order);
// - `<details>` / `<summary>...</summary>` / `</details>` lines (which fold a solution away on GitHub)
//   are dropped;
// - a fenced block with info string `output` right after a runnable block is its expected output;
// - a block quote starting with "Hint" is a hint for the next runnable block;
// - everything else is prose.
// Non-goals: rendering (TerminalProse.swift, HTMLExport.swift), running (LessonRunner.swift).
import CCmark
import Foundation

public enum LessonParser {
    /// Markers allowed after `gradstep` in a runnable block's info string.
    public static let markers = ["skip", "nocheck", "raises", "exercise", "solution", "checks"]

    /// Reads and parses a lesson file. Throws `LessonError` naming the file (and line) on any problem.
    public static func load(path: String) throws -> Lesson {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw LessonError("\(path): no such lesson file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LessonError("\(path): cannot read the lesson file")
        }
        if path.lowercased().hasSuffix(".ipynb") { return try NotebookLesson.parse(data, path: path) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LessonError("\(path): the lesson file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses lesson text. `path` is used for the name and in messages only.
    public static func parse(_ text: String, path: String = "<lesson>") throws -> Lesson {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var seed: UInt64 = 0
        var title: String?
        var timeout: Double?

        // Front matter: parsed here and blanked out for cmark, so line numbers stay those of the file.
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---" {
            guard
                let end = lines.indices.dropFirst().first(where: {
                    let t = lines[$0].trimmingCharacters(in: .whitespaces)
                    return t == "---" || t == "..."
                })
            else { throw LessonError("\(path):1: front matter opened with '---' is never closed") }
            for i in 1..<end {
                let raw = lines[i].trimmingCharacters(in: .whitespaces)
                if raw.isEmpty || raw.hasPrefix("#") { continue }
                guard let colon = raw.firstIndex(of: ":") else {
                    throw LessonError("\(path):\(i + 1): front matter line must be 'key: value', got '\(raw)'")
                }
                let key = raw[..<colon].trimmingCharacters(in: .whitespaces)
                let value = raw[raw.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "seed":
                    guard let s = UInt64(value) else {
                        throw LessonError("\(path):\(i + 1): seed must be a non-negative integer, got '\(value)'")
                    }
                    seed = s
                case "title": title = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                case "timeout":
                    guard let t = Double(value), t > 0, t <= 1e9 else {
                        throw LessonError(
                            "\(path):\(i + 1): timeout must be a positive number of seconds, got '\(value)'")
                    }
                    timeout = t
                default: break  // other keys are for other tools (e.g. GitHub); ignored
                }
            }
            for i in 0...end { lines[i] = "" }
        }
        let body = lines.joined(separator: "\n")

        guard let doc = cmark_parse_document(body, body.utf8.count, CMARK_OPT_DEFAULT) else {
            throw LessonError("\(path): libcmark could not parse the file")
        }
        defer { cmark_node_free(doc) }

        var items: [LessonItem] = []
        var blocks: [CodeBlock] = []
        var pendingHints: [String] = []
        var prose: (start: Int, end: Int)?
        var lastWasRunnable = false
        var exercises: [Exercise] = []
        var lastHeading: String?
        // The exercise being read: its starter's index, title and (once read) its solution's index.
        var open: (starter: Int, title: String, line: Int, solution: Int?)?

        func sourceLines(_ start: Int, _ end: Int) -> String {
            let lo = max(1, start), hi = min(lines.count, max(end, start))
            return lines[(lo - 1)..<hi].joined(separator: "\n")
        }
        func flushProse() {
            if let p = prose {
                let md = sourceLines(p.start, p.end)
                if !md.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    items.append(.prose(Prose(markdown: md, line: p.start)))
                }
            }
            prose = nil
        }

        var node = cmark_node_first_child(doc)
        while let n = node {
            defer { node = cmark_node_next(n) }
            let start = Int(cmark_node_get_start_line(n)), end = Int(cmark_node_get_end_line(n))
            let type = cmark_node_get_type(n)

            if type == CMARK_NODE_CODE_BLOCK {
                let info = cString(cmark_node_get_fence_info(n))
                let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                let literal = cString(cmark_node_get_literal(n))
                let code = literal.hasSuffix("\n") ? String(literal.dropLast()) : literal

                if words.first == "output" {
                    guard lastWasRunnable, var last = blocks.popLast() else {
                        throw LessonError(
                            "\(path):\(start): an ```output block must come right after a ```python gradstep block")
                    }
                    last.expected = code
                    last.expectedLine = start + 1
                    blocks.append(last)
                    lastWasRunnable = false
                    continue
                }
                if let g = words.firstIndex(of: "gradstep") {
                    flushProse()
                    var mode = BlockMode.check
                    var raises = false
                    var role = BlockRole.plain
                    for w in words[(g + 1)...] {
                        switch w {
                        case "skip": mode = .skip
                        case "nocheck": mode = .nocheck
                        case "raises": raises = true
                        case "exercise": role = .exercise
                        case "solution": role = .solution
                        case "checks": role = .checks
                        default:
                            throw LessonError(
                                "\(path):\(start): unknown marker '\(w)' in '```\(info)' (known: "
                                    + "\(markers.joined(separator: ", ")))"
                            )
                        }
                    }
                    if code.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines).isEmpty {
                        throw LessonError("\(path):\(start): runnable block \(blocks.count + 1) is empty")
                    }
                    let index = blocks.count
                    switch role {
                    case .plain:
                        if let o = open {
                            throw LessonError(
                                "\(path):\(start): the exercise at line \(o.line) needs its ```python gradstep "
                                    + "\(o.solution == nil ? "solution" : "checks") block before any other block"
                            )
                        }
                    case .exercise:
                        if let o = open {
                            throw LessonError(
                                "\(path):\(start): the exercise at line \(o.line) needs its ```python gradstep "
                                    + "\(o.solution == nil ? "solution" : "checks") block before the next exercise"
                            )
                        }
                        open = (index, lastHeading ?? "Exercise \(exercises.count + 1)", start, nil)
                    case .solution:
                        guard let o = open, o.solution == nil else {
                            throw LessonError(
                                "\(path):\(start): a solution block must come after a ```python gradstep exercise "
                                    + "block (and only one per exercise)"
                            )
                        }
                        open = (o.starter, o.title, o.line, index)
                    case .checks:
                        guard let o = open, let sol = o.solution else {
                            throw LessonError(
                                "\(path):\(start): a checks block must come after an exercise's solution block")
                        }
                        let hints = blocks[o.starter...].flatMap(\.hints) + pendingHints
                        exercises.append(
                            Exercise(
                                number: exercises.count + 1, title: o.title, starter: o.starter,
                                solution: sol, checks: index, hints: hints))
                        open = nil
                    }
                    let block = CodeBlock(
                        number: blocks.count + 1, source: code, line: start + 1, mode: mode,
                        raises: raises, hints: pendingHints, role: role)
                    pendingHints = []
                    items.append(.block(blocks.count))
                    blocks.append(block)
                    lastWasRunnable = true
                    continue
                }
            }
            lastWasRunnable = false

            if type == CMARK_NODE_BLOCK_QUOTE,
                plainText(n).trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("hint")
            {
                flushProse()
                let md = NotebookLesson.unquote(sourceLines(start, end))
                items.append(.hint(Prose(markdown: md, line: start)))
                pendingHints.append(md)
                continue
            }
            if type == CMARK_NODE_HTML_BLOCK, isDetailsMarkup(cString(cmark_node_get_literal(n))) {
                flushProse()
                continue
            }
            if type == CMARK_NODE_HEADING {
                let text = plainText(n).trimmingCharacters(in: .whitespaces)
                if title == nil, cmark_node_get_heading_level(n) == 1 { title = text }
                lastHeading = text
            }
            if let p = prose { prose = (p.start, end) } else { prose = (start, end) }
        }
        flushProse()
        if let o = open {
            throw LessonError(
                "\(path):\(o.line): the exercise has no ```python gradstep "
                    + "\(o.solution == nil ? "solution" : "checks") block"
            )
        }
        if !pendingHints.isEmpty {
            // Hints after the last block belong to it (an exercise closing the lesson).
            if var last = blocks.popLast() {
                last.hints += pendingHints
                blocks.append(last)
            }
        }
        var lesson = Lesson(
            path: path, name: name, title: title ?? name, seed: seed, items: items, blocks: blocks,
            exercises: exercises)
        lesson.timeout = timeout
        return lesson
    }

    /// True for HTML that only opens or closes a `<details>` fold (with its `<summary>`), as written
    /// around a solution so GitHub folds it away.
    static func isDetailsMarkup(_ html: String) -> Bool {
        var rest = html
        for pattern in ["<summary>[^<]*</summary>", "</?details[^>]*>"] {
            rest = rest.replacingOccurrences(of: pattern, with: "", options: [.regularExpression, .caseInsensitive])
        }
        return rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    static func cString(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

    /// The text of a node's inline descendants (text and code spans), softbreaks as spaces.
    static func plainText(_ node: OpaquePointer) -> String {
        var out = ""
        guard let it = cmark_iter_new(node) else { return out }
        defer { cmark_iter_free(it) }
        while true {
            let ev = cmark_iter_next(it)
            if ev == CMARK_EVENT_DONE { break }
            guard ev == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(it) else { continue }
            switch cmark_node_get_type(n) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: out += cString(cmark_node_get_literal(n))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: out += " "
            default: break
            }
        }
        return out
    }
}
