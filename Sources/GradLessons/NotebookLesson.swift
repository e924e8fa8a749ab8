// NotebookLesson.swift: a Jupyter notebook read as a lesson, so `run`, `check`, `learn` and
// `repl --lesson` take a .ipynb as they take a .md.
//
// - A markdown cell is prose (one starting with `> **Hint` is a hint for the next code cell); the
//   lesson's title is the first `# heading`.
// - A code cell is a runnable block. Its stored outputs are its expected output, compared with the
//   lessons' matcher: `stream` stdout text and `execute_result` text/plain, in order (stderr and
//   `display_data` such as figures are not compared); an `error` output makes the block a `raises`
//   block ending with `Kind: message`. Memory addresses (`at 0x7f...`) match anything. A cell run in
//   Jupyter with no output must print nothing; a cell never run (`execution_count` null) is not compared.
//   This is what nbval checks, on gradstep's engine.
// - What gradstep cannot run is shown and skipped with a note, not failed: shell escapes (`!pip ...`),
//   IPython line magics (`%matplotlib inline`), `display(...)` and `from IPython... import`. Each
//   such line stays in the code as a comment saying so (`pass` when indented), so line numbers hold;
//   a cell left with no code is a `skip` block. Other cell magics (`%%bash`, ...) skip the cell.
// - `%%time` runs the cell and reports its wall time; `%%timeit`, or a cell of `%timeit` lines, is
//   timed as the REPL's `:time` does. Timing lines in the stored output are not compared.
// - Cell tags as nbval reads them: `nbval-skip`/`skip` (not run), `nbval-ignore-output`/`nocheck`
//   (run, not compared), `raises-exception` (must raise); and those of `gradstep export`: an
//   `exercise` cell still holding its blanks (`...`) and the `checks` after it are not run; filled
//   in, both run, so `gradstep check` checks a learner's answer.
// - The seed is `metadata.gradstep.seed` (exports write it), else 0.
// Non-goals: the JSON model (Notebook.swift), running (LessonRunner.swift), other IPython syntax
// (`x?` help, automatic parentheses), other kernels' notebooks.
import Foundation

public enum NotebookLesson {
    /// Reads a notebook file's bytes as a lesson. Throws `LessonError` naming the file and cell.
    public static func parse(_ data: Data, path: String) throws -> Lesson {
        let notebook = try Notebook.decode(data, path: path)
        let lines = NotebookLines(String(decoding: data, as: UTF8.self))
        return try lesson(notebook, lines: lines, path: path)
    }

    public static func lesson(_ notebook: Notebook, lines: NotebookLines, path: String) throws -> Lesson {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var title = notebook.metadata.title
        var items: [LessonItem] = []
        var blocks: [CodeBlock] = []
        var pendingHints: [String] = []
        var blankExercise = false

        for (i, cell) in notebook.cells.enumerated() {
            let line = lines.sourceLine[i] ?? 1
            var text = cell.source.text
            while text.hasSuffix("\n") { text.removeLast() }
            switch cell.cell_type {
            case .raw:
                continue
            case .markdown:
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                if title == nil, let h = text.components(separatedBy: "\n").first(where: { $0.hasPrefix("# ") }) {
                    title = String(h.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                }
                if isHint(text) {
                    let md = unquote(text)
                    items.append(.hint(Prose(markdown: md, line: line)))
                    pendingHints.append(md)
                } else {
                    items.append(.prose(Prose(markdown: text, line: line)))
                }
            case .code:
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                var block = try codeBlock(cell, source: text, cellNumber: i + 1, path: path)
                // An exported exercise (tags `exercise`, `checks`): while the exercise still has its
                // blanks (`...`), it and its checks are shown, not run; once filled in, both run.
                let tags = cell.metadata.tags ?? []
                if tags.contains("exercise") { blankExercise = text.contains("...") }
                if (tags.contains("exercise") || tags.contains("checks")) && blankExercise {
                    block.mode = .skip
                    block.expected = nil
                }
                block.number = blocks.count + 1
                block.line = line
                block.expectedLine = block.expected == nil ? nil : lines.outputsLine[i]
                block.hints = pendingHints
                pendingHints = []
                items.append(.block(blocks.count))
                blocks.append(block)
            }
        }
        if !pendingHints.isEmpty, var last = blocks.popLast() {
            last.hints += pendingHints
            blocks.append(last)
        }
        return Lesson(
            path: path, name: name, title: title ?? name, seed: notebook.metadata.gradstep?.seed ?? 0,
            items: items, blocks: blocks)
    }

    // MARK: - Code cells

    /// The block for one code cell: IPython syntax turned into notes, magics into a mode or timing,
    /// stored outputs into the expected output.
    static func codeBlock(_ cell: NotebookCell, source: String, cellNumber: Int, path: String) throws -> CodeBlock {
        var codeLines = source.components(separatedBy: "\n")
        var timing: TimingMagic? = nil
        var mode = BlockMode.check

        // A cell magic on the first line.
        if let first = codeLines.first?.trimmingCharacters(in: .whitespaces), first.hasPrefix("%%") {
            let magic = first.dropFirst(2).prefix { !$0.isWhitespace }
            switch magic {
            case "time":
                timing = .time
                codeLines[0] = "# " + first + "  -- gradstep times the cell (wall time, as :time)"
            case "timeit":
                timing = .timeit
                codeLines[0] = "# " + first + "  -- gradstep times the cell as :time does (%timeit)"
            default:
                codeLines = codeLines.map { "# " + $0 }
                codeLines[0] += "  -- skipped: the cell magic %%\(magic) is IPython's, not gradstep's"
                mode = .skip
            }
        }

        // Line by line: shell escapes, line magics, IPython display.
        if mode != .skip {
            let onlyTimeit =
                timing == nil && codeLines.contains { isTimeitLine($0) }
                && codeLines.allSatisfy { isTimeitLine($0) || isBlankOrComment($0) }
            if onlyTimeit {
                timing = .timeit
                codeLines = codeLines.map { l in isTimeitLine(l) ? timeitStatement(l) : l }
            } else {
                codeLines = codeLines.map(noteUnrunnable)
            }
            if codeLines.allSatisfy(isBlankOrComment) {
                mode = .skip
                timing = nil
            }
        }

        // Tags (nbval's names and gradstep's).
        var raises = false
        var storedError = false
        let tags = Set(cell.metadata.tags ?? [])
        if !tags.isDisjoint(with: ["nbval-skip", "skip"]) { mode = .skip }
        if mode == .check, !tags.isDisjoint(with: ["nbval-ignore-output", "nocheck"]) { mode = .nocheck }
        if tags.contains("raises-exception") { raises = true }

        // Expected output.
        var expected: String? = nil
        let outputs = cell.outputs ?? []
        if cell.execution_count != nil || !outputs.isEmpty {
            var text = ""
            for o in outputs {
                switch o {
                case .stream(let name, let t) where name == "stdout": text += t
                case .executeResult(let t?, _): text += t + "\n"
                case .error(let ename, let evalue):
                    raises = true
                    storedError = true
                    text += evalue.isEmpty ? ename + "\n" : "\(ename): \(evalue)\n"
                default: break
                }
            }
            if let timing { text = withoutTimingLines(text, timing) }
            while text.hasSuffix("\n") { text.removeLast() }
            expected = sanitize(text)
        }
        // Tagged to raise, but saved without the error: the error is allowed, its text not compared.
        if raises && !storedError { expected = nil }
        var block = CodeBlock(
            number: cellNumber, source: codeLines.joined(separator: "\n"), line: 1, mode: mode,
            raises: raises, expected: mode == .skip ? nil : expected)
        block.timing = timing
        return block
    }

    /// A line gradstep cannot run, turned into a comment that says so (`pass` keeps an indented block
    /// valid); other lines unchanged.
    static func noteUnrunnable(_ line: String) -> String {
        let indent = String(line.prefix { $0 == " " || $0 == "\t" })
        let code = line.dropFirst(indent.count)
        let note: String
        if code.hasPrefix("!") {
            note = "skipped: a shell command (gradstep runs Python only)"
        } else if code.hasPrefix("%") {
            let magic = code.dropFirst().prefix { !$0.isWhitespace }
            note =
                magic == "matplotlib"
                ? "skipped: an IPython magic (gradstep draws plots itself)"
                : "skipped: the IPython magic %\(magic)"
        } else if let eq = assignedShell(code) {
            note = "skipped: \(eq) runs a shell command or magic, which gradstep does not"
        } else if code.hasPrefix("from IPython") || code.hasPrefix("import IPython") {
            note = "skipped: IPython is not available in gradstep"
        } else if code.hasPrefix("display("), balanced(code) {
            note = "skipped: IPython's display() (gradstep draws with show and plt.show)"
        } else if code.hasPrefix("get_ipython()") {
            note = "skipped: get_ipython() is IPython's"
        } else if code.hasPrefix("from gradstep_helpers import") || code.hasPrefix("import gradstep_helpers") {
            note = "gradstep's helpers are built in"
        } else {
            return line
        }
        let commented = "# \(code)  -- \(note)"
        return indent.isEmpty ? commented : indent + "pass  " + commented
    }

    /// `files = !ls` or `out = %sx ls`: the `= !` / `= %` form.
    static func assignedShell(_ code: Substring) -> String? {
        guard let eq = code.range(of: "=") else { return nil }
        let lhs = code[..<eq.lowerBound]
        guard !lhs.isEmpty, lhs.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " || $0 == "," }) else {
            return nil
        }
        let rhs = code[eq.upperBound...].drop { $0 == " " }
        guard let c = rhs.first, c == "!" || c == "%" else { return nil }
        return "'\(lhs.trimmingCharacters(in: .whitespaces)) = \(c)...'"
    }

    static func balanced(_ s: Substring) -> Bool {
        var depth = 0
        for c in s { if c == "(" { depth += 1 } else if c == ")" { depth -= 1 } }
        return depth == 0
    }

    static func isBlankOrComment(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces)
        return t.isEmpty || t.hasPrefix("#")
    }

    static func isTimeitLine(_ line: String) -> Bool {
        line.hasPrefix("%timeit ") || line.hasPrefix("%time ")
    }

    /// `%timeit -n 10 -r 3 x @ y` -> `x @ y` (IPython's options dropped).
    static func timeitStatement(_ line: String) -> String {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst()
        while let w = words.first, w.hasPrefix("-") {
            words = words.dropFirst()
            if w == "-n" || w == "-r" { words = words.dropFirst() }
        }
        return words.joined(separator: " ")
    }

    /// Removes IPython's timing report lines (`CPU times: ...`, `Wall time: ...`, `1.2 ms ± 3 µs per loop ...`).
    static func withoutTimingLines(_ text: String, _ timing: TimingMagic) -> String {
        text.components(separatedBy: "\n").filter { l in
            !(l.hasPrefix("CPU times:") || l.hasPrefix("Wall time:")
                || (l.contains(" per loop (") && l.contains("loop")))
        }.joined(separator: "\n")
    }

    /// Addresses differ from run to run: `<Figure at 0x7f3a...>` is matched by `...`.
    static func sanitize(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let r = rest.range(of: "0x") {
            out += rest[..<r.lowerBound]
            let digits = rest[r.upperBound...].prefix { $0.isHexDigit }
            if digits.count >= 6 {
                out += "0x..."
            } else {
                out += "0x" + digits
            }
            rest = rest[r.upperBound...].dropFirst(digits.count)
        }
        return out + rest
    }

    static func isHint(_ markdown: String) -> Bool {
        let t = markdown.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix(">") else { return false }
        let inner = t.dropFirst().trimmingCharacters(in: .whitespaces).lowercased()
        return inner.hasPrefix("**hint") || inner.hasPrefix("hint") || inner.hasPrefix("*hint")
    }

    /// A block quote's markdown without its `>` markers (one optional space after each); the hint
    /// text of a notebook cell and of a lesson's `> Hint` quote.
    static func unquote(_ markdown: String) -> String {
        markdown.components(separatedBy: "\n").map { line -> String in
            var s = Substring(line)
            while s.first == " " { s = s.dropFirst() }
            if s.first == ">" {
                s = s.dropFirst()
                if s.first == " " { s = s.dropFirst() }
            }
            return String(s)
        }.joined(separator: "\n")
    }
}

/// IPython's timing magics on a notebook cell, as the runner honours them.
public enum TimingMagic: String, Sendable, Equatable {
    /// `%%time`: run the cell once and report its wall time.
    case time
    /// `%%timeit` or `%timeit` lines: time the code as the REPL's `:time` does (repeated runs, output
    /// discarded); the cell's value is not shown, as in IPython.
    case timeit
}
