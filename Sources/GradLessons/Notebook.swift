// Notebook.swift: the small model of a Jupyter notebook (nbformat 4) that gradstep reads and writes,
// decoded with Foundation's JSONDecoder, and where each cell's code and outputs sit in the file.
//
// Only what a lesson needs is modelled: cells (markdown, code, raw), their source (a string or a
// list of strings, as nbformat allows), and a code cell's outputs (`stream`, `execute_result`,
// `display_data`, `error`). Anything else in the file (metadata, attachments, widget state) is
// ignored when reading. A malformed notebook is a `LessonError` naming the file and the cell.
// Non-goals: turning a notebook into a lesson (NotebookLesson.swift), nbformat 3 or older,
// validating against the nbformat JSON schema.
import Foundation

/// A notebook: its cells in order, plus the metadata gradstep reads (`metadata.gradstep.seed`).
public struct Notebook: Codable, Sendable {
    public var cells: [NotebookCell]
    public var metadata: NotebookMetadata
    public var nbformat: Int
    public var nbformat_minor: Int

    public init(cells: [NotebookCell], metadata: NotebookMetadata, nbformat: Int = 4, nbformat_minor: Int = 5) {
        self.cells = cells
        self.metadata = metadata
        self.nbformat = nbformat
        self.nbformat_minor = nbformat_minor
    }

    enum CodingKeys: String, CodingKey { case cells, metadata, nbformat, nbformat_minor }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nbformat = try c.decode(Int.self, forKey: .nbformat)
        nbformat_minor = try c.decodeIfPresent(Int.self, forKey: .nbformat_minor) ?? 0
        if nbformat != 4 {
            throw DecodingError.dataCorruptedError(
                forKey: .nbformat, in: c,
                debugDescription:
                    "nbformat \(nbformat) is not supported (gradstep reads nbformat 4, what Jupyter has saved since "
                    + "2015)"
            )
        }
        cells = try c.decode([NotebookCell].self, forKey: .cells)
        metadata = try c.decodeIfPresent(NotebookMetadata.self, forKey: .metadata) ?? NotebookMetadata()
    }
}

/// Notebook metadata: the kernel (written by exports) and gradstep's own keys.
public struct NotebookMetadata: Codable, Sendable {
    public struct Kernelspec: Codable, Sendable {
        public var display_name: String
        public var language: String?
        public var name: String
    }
    public struct LanguageInfo: Codable, Sendable {
        public var name: String
    }
    /// `metadata.gradstep`: the seed every replay starts from, and the lesson an export came from.
    public struct Gradstep: Codable, Sendable {
        public var seed: UInt64?
        public var lesson: String?
        public init(seed: UInt64? = nil, lesson: String? = nil) {
            self.seed = seed
            self.lesson = lesson
        }
    }
    public var kernelspec: Kernelspec?
    public var language_info: LanguageInfo?
    public var gradstep: Gradstep?
    public var title: String?

    public init(
        kernelspec: Kernelspec? = nil, language_info: LanguageInfo? = nil, gradstep: Gradstep? = nil,
        title: String? = nil
    ) {
        self.kernelspec = kernelspec
        self.language_info = language_info
        self.gradstep = gradstep
        self.title = title
    }

    enum CodingKeys: String, CodingKey { case kernelspec, language_info, gradstep, title }

    /// Lenient: a metadata key gradstep reads but finds in another shape is ignored, not an error
    /// (metadata belongs to many tools).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kernelspec = try? c.decodeIfPresent(Kernelspec.self, forKey: .kernelspec)
        language_info = try? c.decodeIfPresent(LanguageInfo.self, forKey: .language_info)
        gradstep = try? c.decodeIfPresent(Gradstep.self, forKey: .gradstep)
        title = try? c.decodeIfPresent(String.self, forKey: .title)
    }
}

/// Text that nbformat stores either as one string or as a list of strings (lines with their `\n`),
/// joined into one string here. Written back as a list of lines, as Jupyter saves it.
public struct MultilineText: Codable, Sendable, Equatable {
    public var text: String
    public init(_ text: String) { self.text = text }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            text = s
            return
        }
        if let parts = try? c.decode([String].self) {
            text = parts.joined()
            return
        }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "must be a string or a list of strings")
    }

    /// The lines with their line ends (the last without), as nbformat's list form.
    public var lines: [String] {
        if text.isEmpty { return [] }
        var out: [String] = []
        var cur = ""
        for ch in text {
            cur.append(ch)
            if ch == "\n" {
                out.append(cur)
                cur = ""
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(lines)
    }
}

public enum NotebookCellType: String, Codable, Sendable { case markdown, code, raw }

/// One cell. `outputs` and `execution_count` belong to code cells only.
public struct NotebookCell: Codable, Sendable {
    public var cell_type: NotebookCellType
    public var source: MultilineText
    public var outputs: [NotebookOutput]?
    /// The `In [n]` number; nil (JSON null) for a code cell never run.
    public var execution_count: Int?
    /// Kept as free-form JSON on reading only through `tags`; written as `{}` or with tags.
    public var metadata: CellMetadata

    public struct CellMetadata: Codable, Sendable {
        public var tags: [String]?
        public init(tags: [String]? = nil) { self.tags = tags }
        enum CodingKeys: String, CodingKey { case tags }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            tags = try? c.decodeIfPresent([String].self, forKey: .tags)
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(tags, forKey: .tags)
        }
    }

    public init(markdown: String) {
        cell_type = .markdown
        source = MultilineText(markdown)
        outputs = nil
        execution_count = nil
        metadata = CellMetadata()
    }

    public init(code: String, outputs: [NotebookOutput] = [], executionCount: Int? = nil, tags: [String]? = nil) {
        cell_type = .code
        source = MultilineText(code)
        self.outputs = outputs
        execution_count = executionCount
        metadata = CellMetadata(tags: tags)
    }

    enum CodingKeys: String, CodingKey { case cell_type, source, outputs, execution_count, metadata }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .cell_type)
        guard let t = NotebookCellType(rawValue: type) else {
            throw DecodingError.dataCorruptedError(
                forKey: .cell_type, in: c,
                debugDescription:
                    "cell_type '\(type)' is not one of markdown, code, raw")
        }
        cell_type = t
        source = try c.decode(MultilineText.self, forKey: .source)
        metadata = (try? c.decodeIfPresent(CellMetadata.self, forKey: .metadata)) ?? CellMetadata()
        if t == .code {
            outputs = try c.decodeIfPresent([NotebookOutput].self, forKey: .outputs) ?? []
            execution_count = try c.decodeIfPresent(Int.self, forKey: .execution_count)
        } else {
            outputs = nil
            execution_count = nil
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cell_type, forKey: .cell_type)
        try c.encode(source, forKey: .source)
        try c.encode(metadata, forKey: .metadata)
        if cell_type == .code {
            try c.encode(outputs ?? [], forKey: .outputs)
            if let n = execution_count {
                try c.encode(n, forKey: .execution_count)
            } else {
                try c.encodeNil(forKey: .execution_count)
            }
        }
    }
}

/// One output of a code cell. Rich outputs keep only their MIME types' names and the `text/plain` part.
public enum NotebookOutput: Codable, Sendable {
    /// Printed text; `name` is `stdout` or `stderr`.
    case stream(name: String, text: String)
    /// The value of the cell's last expression (`Out[n]`), as text.
    case executeResult(text: String?, executionCount: Int?)
    /// `display(...)`, a figure, an image: its MIME types (`image/png`, ...) and its text form if any.
    case displayData(mimeTypes: [String], text: String?)
    /// The cell raised: `ename: evalue`.
    case error(ename: String, evalue: String)

    enum CodingKeys: String, CodingKey {
        case output_type, name, text, data, execution_count, ename, evalue, traceback, metadata
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .output_type)
        switch type {
        case "stream":
            self = .stream(
                name: try c.decode(String.self, forKey: .name),
                text: try c.decode(MultilineText.self, forKey: .text).text)
        case "execute_result", "display_data":
            let data = try c.decodeIfPresent([String: MimeValue].self, forKey: .data) ?? [:]
            let text = data["text/plain"]?.text
            if type == "execute_result" {
                self = .executeResult(
                    text: text, executionCount: try c.decodeIfPresent(Int.self, forKey: .execution_count))
            } else {
                self = .displayData(mimeTypes: data.keys.sorted(), text: text)
            }
        case "error":
            self = .error(
                ename: try c.decode(String.self, forKey: .ename), evalue: try c.decode(String.self, forKey: .evalue))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .output_type, in: c,
                debugDescription:
                    "output_type '\(type)' is not one of stream, execute_result, display_data, error")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .stream(let name, let text):
            try c.encode("stream", forKey: .output_type)
            try c.encode(name, forKey: .name)
            try c.encode(MultilineText(text), forKey: .text)
        case .executeResult(let text, let n):
            try c.encode("execute_result", forKey: .output_type)
            try c.encode(["text/plain": MultilineText(text ?? "")], forKey: .data)
            try c.encode([String: String](), forKey: .metadata)
            if let n { try c.encode(n, forKey: .execution_count) } else { try c.encodeNil(forKey: .execution_count) }
        case .displayData(_, let text):
            try c.encode("display_data", forKey: .output_type)
            try c.encode(["text/plain": MultilineText(text ?? "")], forKey: .data)
            try c.encode([String: String](), forKey: .metadata)
        case .error(let ename, let evalue):
            try c.encode("error", forKey: .output_type)
            try c.encode(ename, forKey: .ename)
            try c.encode(evalue, forKey: .evalue)
            try c.encode([String](), forKey: .traceback)
        }
    }

    /// A MIME bundle value: text (string or list) or anything else (a JSON object for
    /// `application/json`, ...), whose content gradstep does not need.
    struct MimeValue: Decodable {
        var text: String?
        init(from decoder: Decoder) throws {
            text = (try? MultilineText(from: decoder))?.text
        }
    }
}

extension Notebook {
    /// Decodes notebook JSON. Errors name the file and, inside a cell, the cell's number (from 1, in
    /// the order cells appear, markdown included, as Jupyter's "cell 3").
    public static func decode(_ data: Data, path: String) throws -> Notebook {
        do {
            return try JSONDecoder().decode(Notebook.self, from: data)
        } catch let e as DecodingError {
            if case .dataCorrupted(let ctx) = e, ctx.codingPath.isEmpty {
                let text = String(decoding: data, as: UTF8.self)
                guard let p = JSONSyntax.firstProblem(text) else { throw LessonError("\(path): not valid JSON") }
                let cell =
                    NotebookLines(text).cellStart.filter { $0.value <= p.line }.max { $0.value < $1.value }
                    .map { " in cell \($0.key + 1)" } ?? ""
                throw LessonError("\(path):\(p.line):\(p.column): not valid JSON\(cell): \(p.message)")
            }
            throw LessonError("\(path): " + describe(e))
        } catch {
            throw LessonError("\(path): not a notebook: \(error.localizedDescription)")
        }
    }

    /// `cell 3: outputs[1]: 'text' is missing` from a decoding error's coding path.
    static func describe(_ e: DecodingError) -> String {
        func place(_ path: [CodingKey]) -> String {
            var parts: [String] = []
            var i = 0
            if path.count >= 2, path[0].stringValue == "cells", let n = path[1].intValue {
                parts.append("cell \(n + 1)")
                i = 2
            }
            var rest = ""
            while i < path.count {
                let k = path[i]
                if let n = k.intValue { rest += "[\(n)]" } else { rest += (rest.isEmpty ? "" : ".") + k.stringValue }
                i += 1
            }
            if !rest.isEmpty { parts.append(rest) }
            return parts.joined(separator: ": ")
        }
        func prefix(_ path: [CodingKey]) -> String {
            let p = place(path)
            return p.isEmpty ? "" : p + ": "
        }
        switch e {
        case .keyNotFound(let key, let ctx):
            return prefix(ctx.codingPath) + "'\(key.stringValue)' is missing"
                + (ctx.codingPath.isEmpty ? " (not a Jupyter notebook in nbformat 4?)" : "")
        case .typeMismatch(let type, let ctx):
            if ctx.codingPath.isEmpty {
                return "not a Jupyter notebook: expected a JSON object with 'cells' and 'nbformat'"
            }
            return prefix(ctx.codingPath) + "expected \(jsonName(type))"
        case .valueNotFound(let type, let ctx):
            return prefix(ctx.codingPath) + "expected \(jsonName(type)), found null"
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty {
                let underlying = (ctx.underlyingError as NSError?).map {
                    ($0.userInfo[NSDebugDescriptionErrorKey] as? String) ?? $0.localizedDescription
                }
                return "not valid JSON" + (underlying.map { ": \($0)" } ?? "")
            }
            // The messages thrown by this file's decoders already name their key.
            let path =
                ctx.codingPath.last.map { ctx.debugDescription.hasPrefix($0.stringValue) } == true
                ? Array(ctx.codingPath.dropLast()) : ctx.codingPath
            return prefix(path) + ctx.debugDescription
        @unknown default:
            return "not a notebook: \(e)"
        }
    }

    static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is UInt64.Type: return "an integer"
        case is [Any].Type, is [NotebookCell].Type, is [NotebookOutput].Type, is [String].Type: return "a list"
        default:
            let n = "\(type)"
            if n.hasPrefix("Array") || n.hasPrefix("[") { return "a list" }
            if n.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}

/// Where things sit in a notebook's JSON text: for cell i (0-based), the line (1-based) of its
/// source's first line and of its `outputs` key. Jupyter saves `source` as a list with one line of
/// code per line of JSON, so `line + k` is the file line of code line k and `file:line` messages
/// point into the .ipynb as a text editor shows it. A source stored as one string starts at its line.
/// NOTE: a small scanner over the text, not a second parser: it tracks strings (with escapes) and
/// nesting only, and gives nothing for text that is not a notebook (the decoder reports those).
public struct NotebookLines: Sendable {
    public var sourceLine: [Int: Int] = [:]
    public var outputsLine: [Int: Int] = [:]
    /// The line of each cell's opening `{`.
    public var cellStart: [Int: Int] = [:]

    public init(_ text: String) {
        var line = 1
        var stack: [Character] = []  // open containers: "{" or "["
        var cellIndex = -1  // index of the current object in the top-level `cells` list
        var lastKey: String? = nil  // the key whose value comes next, at each object level
        var keyAt: [Int: String] = [:]  // depth -> key being read at that object depth
        var inString = false, escaped = false
        var token = ""
        var expectKey: [Bool] = []  // per object depth: next string is a key
        var pendingSource = false  // just saw "source": wait for the first string
        var sourceDepth = 0
        for ch in text {
            if ch == "\n" { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                    token.append(ch)
                    continue
                }
                if ch == "\\" {
                    escaped = true
                    continue
                }
                if ch == "\"" {
                    inString = false
                    if stack.last == "{", expectKey.last == true {
                        lastKey = token
                        keyAt[stack.count] = token
                    } else if pendingSource {
                        // first string of the source value (a list element or the whole string)
                        pendingSource = false
                    }
                    continue
                }
                token.append(ch)
                continue
            }
            switch ch {
            case "\"":
                inString = true
                token = ""
                if pendingSource, stack.count >= sourceDepth, cellIndex >= 0, sourceLine[cellIndex] == nil {
                    sourceLine[cellIndex] = line
                }
            case "{":
                // A cell: an object directly inside the `cells` list (depth: root { cells [ cell {).
                if stack.count == 2, stack[0] == "{", stack[1] == "[", keyAt[1] == "cells" {
                    cellIndex += 1
                    cellStart[cellIndex] = line
                }
                stack.append("{")
                expectKey.append(true)
            case "[":
                stack.append("[")
                if pendingSource, cellIndex >= 0 { sourceDepth = stack.count }
            case "}", "]":
                if ch == "}" { _ = expectKey.popLast() }
                if ch == "]", pendingSource, stack.count == sourceDepth {
                    // an empty source list: point at its line
                    if cellIndex >= 0, sourceLine[cellIndex] == nil { sourceLine[cellIndex] = line }
                    pendingSource = false
                }
                _ = stack.popLast()
                keyAt[stack.count + 1] = nil
            case ":":
                if stack.last == "{" {
                    expectKey[expectKey.count - 1] = false
                    if stack.count == 3, let k = lastKey, cellIndex >= 0 {
                        if k == "source" {
                            pendingSource = true
                            sourceDepth = stack.count + 1
                        }
                        if k == "outputs" { outputsLine[cellIndex] = line }
                    }
                }
            case ",":
                if stack.last == "{" { expectKey[expectKey.count - 1] = true }
            default:
                break
            }
        }
    }
}

/// Where a text stops being JSON, for the message about a notebook that is not valid JSON
/// (Foundation's decoder says only "not valid JSON"). A validator, not a parser: it keeps nothing.
enum JSONSyntax {
    struct Problem {
        var line: Int
        var column: Int
        var offset: Int
        var message: String
    }

    static func firstProblem(_ text: String) -> Problem? {
        let b = Array(text.utf8)
        var i = 0
        var problem: Problem?
        func fail(_ m: String) -> Bool {
            if problem == nil {
                var line = 1, col = 1
                for k in 0..<min(i, b.count) {
                    if b[k] == 10 {
                        line += 1
                        col = 1
                    } else if b[k] & 0xC0 != 0x80 {
                        col += 1
                    }
                }
                problem = Problem(line: line, column: col, offset: i, message: m)
            }
            return false
        }
        func skipSpace() { while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 { i += 1 } }
        func literal(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard i + w.count <= b.count, Array(b[i..<(i + w.count)]) == w else { return fail("expected a value") }
            i += w.count
            return true
        }
        func string() -> Bool {
            let start = i
            i += 1  // opening quote
            while i < b.count {
                let c = b[i]
                if c == 34 {
                    i += 1
                    return true
                }
                if c == 92 {
                    i += 2
                    continue
                }
                if c < 32 { return fail("a control character (such as a line break) inside a string") }
                i += 1
            }
            i = start
            return fail("a string is never closed")
        }
        func number() -> Bool {
            let start = i
            while i < b.count, "+-0123456789.eE".utf8.contains(b[i]) { i += 1 }
            return i > start ? true : fail("expected a value")
        }
        func value(_ depth: Int) -> Bool {
            if depth > 256 { return fail("nested too deeply") }
            skipSpace()
            guard i < b.count else { return fail("the text ends where a value should be") }
            switch b[i] {
            case 123:  // {
                i += 1
                skipSpace()
                if i < b.count, b[i] == 125 {
                    i += 1
                    return true
                }
                while true {
                    skipSpace()
                    guard i < b.count, b[i] == 34 else { return fail("expected a key in double quotes") }
                    guard string() else { return false }
                    skipSpace()
                    guard i < b.count, b[i] == 58 else { return fail("expected ':' after a key") }
                    i += 1
                    guard value(depth + 1) else { return false }
                    skipSpace()
                    guard i < b.count else { return fail("an object is never closed") }
                    if b[i] == 44 {
                        i += 1
                        continue
                    }
                    if b[i] == 125 {
                        i += 1
                        return true
                    }
                    return fail("expected ',' or '}'")
                }
            case 91:  // [
                i += 1
                skipSpace()
                if i < b.count, b[i] == 93 {
                    i += 1
                    return true
                }
                while true {
                    guard value(depth + 1) else { return false }
                    skipSpace()
                    guard i < b.count else { return fail("a list is never closed") }
                    if b[i] == 44 {
                        i += 1
                        continue
                    }
                    if b[i] == 93 {
                        i += 1
                        return true
                    }
                    return fail("expected ',' or ']'")
                }
            case 34: return string()
            case 116: return literal("true")
            case 102: return literal("false")
            case 110: return literal("null")
            default: return number()
            }
        }
        if value(0) {
            skipSpace()
            if i < b.count { _ = fail("text after the end of the notebook") }
        }
        return problem
    }
}
