// Export.swift: a lesson written out as a Jupyter notebook or a Python script that runs unchanged
// with real PyTorch (`gradstep export LESSON --to ipynb|py`).
//
// Both formats start with `from gradstep_helpers import *` (the module ExportHelpers.swift holds,
// written next to the export) and the lesson's seed. Then, in the lesson's order:
// - prose is a markdown cell (ipynb) or `# %% [markdown]` comment lines (py, the "percent" format
//   VS Code, Spyder and Jupytext open as a notebook); hints are quoted (`> **Hint:** ...`);
// - a runnable block is a code cell; its expected output is the cell's stored output (ipynb: a
//   stdout stream, and an `error` output for a `raises` block) or comment lines under the code (py);
// - `nocheck` blocks are tagged `nbval-ignore-output`, `raises` blocks `raises-exception` (so nbval
//   and nbclient read them as gradstep does); `skip` blocks are shown as code in the prose, not run;
// - exercises: the starting block (tagged `exercise`) and the checks (`checks`) are there, the
//   solution is not (as in `learn`), unless `includeSolutions` (then the solution replaces the
//   starting block, so the export runs from top to bottom). In the py export, the starting block and
//   the checks are commented out when the solution is hidden, so the script still runs to the end.
// - py only: a block's last expression, which a notebook shows, is wrapped in `echo(...)`, and a
//   `raises` block runs inside `try`/`except` printing `Kind: message`, as the lesson expects.
// Reading an exported notebook back (`gradstep check lesson.ipynb`) replays the lesson.
// Non-goals: translating gradstep-only syntax (the lessons use PyTorch's), exporting pictures.
import Foundation
import GradScript

public enum LessonExport {
    public struct Options: Sendable {
        /// Put exercise solutions in (instead of the starting blocks with blanks).
        public var includeSolutions = false
        public init(includeSolutions: Bool = false) { self.includeSolutions = includeSolutions }
    }

    /// One piece of an export, format-neutral.
    enum Piece {
        case markdown(String)
        case code(String, block: CodeBlock?, tags: [String], commented: Bool)
    }

    static let setupCode = """
        from gradstep_helpers import *  # gradstep's helpers for PyTorch (gradstep_helpers.py, next to this file)
        """

    static func pieces(_ lesson: Lesson, _ options: Options) -> [Piece] {
        var out: [Piece] = [
            .code(setupCode + "\n_ = torch.manual_seed(\(lesson.seed))", block: nil, tags: ["setup"], commented: false)
        ]
        for item in lesson.items {
            switch item {
            case .prose(let p):
                out.append(.markdown(p.markdown))
            case .hint(let p):
                out.append(
                    .markdown(
                        p.markdown.components(separatedBy: "\n").map { $0.isEmpty ? ">" : "> " + $0 }.joined(
                            separator: "\n")))
            case .block(let i):
                guard i >= 0, i < lesson.blocks.count else { continue }
                let b = lesson.blocks[i]
                switch b.role {
                case .exercise:
                    if options.includeSolutions { continue }
                    out.append(.code(b.source, block: nil, tags: ["exercise"], commented: true))
                    continue
                case .solution:
                    if !options.includeSolutions {
                        out.append(
                            .markdown("*The solution is hidden here, as in `gradstep learn` (where `s` shows it).*"))
                        continue
                    }
                case .checks:
                    out.append(.code(b.source, block: b, tags: ["checks"], commented: !options.includeSolutions))
                    continue
                case .plain:
                    break
                }
                if b.mode == .skip {
                    out.append(.markdown("```python\n\(b.source)\n```"))
                    continue
                }
                var tags: [String] = []
                if b.mode == .nocheck { tags.append("nbval-ignore-output") }
                if b.raises { tags.append("raises-exception") }
                if b.role == .solution { tags.append("solution") }
                out.append(.code(b.source, block: b, tags: tags, commented: false))
            }
        }
        return out
    }

    // MARK: - Jupyter notebook

    /// The lesson as an nbformat 4 notebook.
    public static func notebook(_ lesson: Lesson, options: Options = Options()) -> Notebook {
        var cells: [NotebookCell] = []
        var count = 0
        for piece in pieces(lesson, options) {
            switch piece {
            case .markdown(let md):
                cells.append(NotebookCell(markdown: md))
            case .code(let source, let block, let tags, _):
                var outputs: [NotebookOutput] = []
                var n: Int? = nil
                if let b = block, b.mode == .check, let expected = b.expected {
                    count += 1
                    n = count
                    var text = expected
                    if b.raises {
                        var lines = expected.components(separatedBy: "\n")
                        let last = lines.popLast() ?? ""
                        text = lines.joined(separator: "\n")
                        let (ename, evalue) = splitError(last)
                        if !text.isEmpty { outputs.append(.stream(name: "stdout", text: text + "\n")) }
                        outputs.append(.error(ename: ename, evalue: evalue))
                    } else if !text.isEmpty {
                        outputs.append(.stream(name: "stdout", text: text + "\n"))
                    }
                }
                cells.append(
                    NotebookCell(code: source, outputs: outputs, executionCount: n, tags: tags.isEmpty ? nil : tags))
            }
        }
        let meta = NotebookMetadata(
            kernelspec: .init(display_name: "Python 3", language: "python", name: "python3"),
            language_info: .init(name: "python"),
            gradstep: .init(seed: lesson.seed, lesson: lesson.name))
        return Notebook(cells: cells, metadata: meta)
    }

    /// The notebook as JSON text, keys sorted as Jupyter writes them.
    public static func notebookJSON(_ lesson: Lesson, options: Options = Options()) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try enc.encode(notebook(lesson, options: options))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `RuntimeError: shape ...` -> ("RuntimeError", "shape ..."); a line with no kind -> ("Exception", line).
    static func splitError(_ line: String) -> (String, String) {
        if let r = line.range(of: ": ") {
            let kind = String(line[..<r.lowerBound])
            if !kind.isEmpty, kind.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) {
                return (kind, String(line[r.upperBound...]))
            }
        }
        if line.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) && !line.isEmpty { return (line, "") }
        return ("Exception", line)
    }

    // MARK: - Python script

    /// The lesson as a Python script in the percent format: it runs with `python FILE.py` and opens as
    /// a notebook in editors that read `# %%` cells.
    public static func script(_ lesson: Lesson, options: Options = Options()) -> String {
        var parts: [String] = [
            "# \(lesson.title)\n# Exported by `gradstep export` from \((lesson.path as NSString).lastPathComponent); "
                + "needs PyTorch, torchvision and \(helpersFileName) (written next to this file)."
        ]
        for piece in pieces(lesson, options) {
            switch piece {
            case .markdown(let md):
                parts.append("# %% [markdown]\n" + comment(md))
            case .code(let source, let block, _, let commented):
                if commented {
                    let note =
                        block == nil
                        ? "# The exercise: uncomment and fill in the blanks (...):"
                        : "# The checks of the exercise: uncomment once your answer is in:"
                    parts.append("# %%\n" + note + "\n" + comment(source))
                    continue
                }
                var code = withEcho(source)
                if let b = block, b.raises {
                    code =
                        "try:\n"
                        + code.components(separatedBy: "\n").map { $0.isEmpty ? "" : "    " + $0 }.joined(
                            separator: "\n")
                        + "\nexcept Exception as error:  # the lesson shows this error on purpose\n    "
                        + "print(f\"{type(error).__name__}: {error}\")"
                }
                var cell = "# %%\n" + code
                if let b = block, let expected = b.expected, b.mode == .check {
                    cell += "\n# Expected output:\n" + comment(expected)
                }
                parts.append(cell)
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    static func comment(_ text: String) -> String {
        text.components(separatedBy: "\n").map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n")
    }

    /// The code with its last expression statement (if any) wrapped in `echo(...)`, so a script shows
    /// what the notebook cell shows.
    static func withEcho(_ source: String) -> String {
        var lines = source.components(separatedBy: "\n")
        guard let start = SourceShape.trailingExpressionLine(source), start >= 1, start <= lines.count else {
            return source
        }
        // Calls that return None need no echo (it would print nothing): keep `print(x)` as written.
        let head = lines[start - 1].trimmingCharacters(in: .whitespaces)
        if ["print(", "show(", "imshow(", "plot(", "plt."].contains(where: { head.hasPrefix($0) }) { return source }
        var end = lines.count
        while end > start,
            lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty
                || lines[end - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#")
        { end -= 1 }
        lines[start - 1] = "echo(" + lines[start - 1]
        if lines[end - 1].contains("#") { lines.insert(")", at: end) } else { lines[end - 1] += ")" }
        return lines.joined(separator: "\n")
    }
}
