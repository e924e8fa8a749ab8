import GradScript
import XCTest

// NotebookTests: Jupyter notebooks (nbformat 4) read as lessons: cells to prose and blocks, stored
// outputs to expected outputs, IPython syntax shown and skipped with a note, timing magics, nbval's
// tags, `file:line` into the .ipynb, and a clear error naming the cell for malformed notebooks.
// The notebooks here are written in the shape Jupyter saves (indent 1, source as a list of lines).
@testable import GradLessons

final class NotebookTests: XCTestCase {
    /// A notebook as Jupyter writes it: `source` and `text` as lists of lines, indent 1.
    func notebook(_ cells: [String]) -> String {
        """
        {
         "cells": [
        \(cells.joined(separator: ",\n"))
         ],
         "metadata": {
          "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """
    }

    func lines(_ s: String) -> String {
        let parts = s.components(separatedBy: "\n")
        let quoted = parts.enumerated().map { i, l -> String in
            let text = i < parts.count - 1 ? l + "\n" : l
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "    \"\(escaped)\""
        }
        return "[\n" + quoted.joined(separator: ",\n") + "\n   ]"
    }

    func md(_ s: String) -> String {
        "  {\n   \"cell_type\": \"markdown\",\n   \"metadata\": {},\n   \"source\": \(lines(s))\n  }"
    }

    func code(_ s: String, _ outputs: [String] = [], n: Int? = 1, tags: [String] = []) -> String {
        let meta = tags.isEmpty ? "{}" : "{\"tags\": [\(tags.map { "\"\($0)\"" }.joined(separator: ", "))]}"
        return
            "  {\n   \"cell_type\": \"code\",\n   \"execution_count\": \(n.map(String.init) ?? "null"),\n   "
            + "\"metadata\": \(meta),\n"
            + "   \"outputs\": [\(outputs.joined(separator: ", "))],\n   \"source\": \(lines(s))\n  }"
    }

    func stream(_ t: String, _ name: String = "stdout") -> String {
        "{\"name\": \"\(name)\", \"output_type\": \"stream\", \"text\": \(lines(t))}"
    }

    func result(_ t: String) -> String {
        "{\"data\": {\"text/plain\": \(lines(t))}, \"execution_count\": 1, \"metadata\": {}, \"output_type\": "
            + "\"execute_result\"}"
    }

    func parse(_ text: String, path: String = "nb.ipynb") throws -> Lesson {
        try NotebookLesson.parse(Data(text.utf8), path: path)
    }

    func run(_ lesson: Lesson) -> [BlockResult] {
        let runner = LessonRunner(lesson: lesson)
        var results: [BlockResult] = []
        while let r = runner.runNext() { results.append(r) }
        return results
    }

    func testCellsBecomeProseAndBlocksWithStoredOutputsAsExpected() throws {
        let l = try parse(
            notebook([
                md("# Tensors\n\nA first look."),
                code(
                    "x = torch.tensor([1.0, 2.0])\nprint(x.sum())\nx * 2",
                    [stream("tensor(3.)\n"), result("tensor([2., 4.])")]),
                code("print('warn')", [stream("warn\n"), stream("a warning\n", "stderr")]),
                code("y = 1", [], n: nil),
                code("z = 2", [], n: 4),
                code(""),
            ]))
        XCTAssertEqual(l.title, "Tensors")
        XCTAssertEqual(l.name, "nb")
        XCTAssertEqual(l.blocks.count, 4, "the empty cell is dropped")
        XCTAssertEqual(l.blocks[0].expected, "tensor(3.)\ntensor([2., 4.])")
        XCTAssertEqual(l.blocks[1].expected, "warn", "stderr is not compared")
        XCTAssertNil(l.blocks[2].expected, "a cell never run has nothing to compare")
        XCTAssertEqual(l.blocks[3].expected, "", "a cell run with no output must print nothing")
        guard case .prose(let p) = l.items[0] else { return XCTFail("first item should be prose") }
        XCTAssertTrue(p.markdown.hasPrefix("# Tensors"))
        let results = run(l)
        XCTAssertEqual(results.map(\.status), [.passed, .passed, .passed, .passed])
    }

    func testMismatchIsReportedAgainstTheStoredOutput() throws {
        let l = try parse(notebook([code("print(1 + 1)", [stream("3\n")])]))
        let r = run(l)
        XCTAssertEqual(r[0].status, .mismatch)
        let report = Replay.failureReport(r[0], lesson: l)
        XCTAssertTrue(
            report.hasPrefix("nb.ipynb:12: block 1: output differs from the expected output (written at line 7)"),
            report)
        XCTAssertTrue(report.contains("- 3\n+ 2"), report)
    }

    func testLinesPointIntoTheNotebookFile() throws {
        let text = notebook([md("# T"), code("a = 1\nb = undefined_name", [stream("x\n")])])
        let l = try parse(text)
        let fileLines = text.components(separatedBy: "\n")
        let b = l.blocks[0]
        XCTAssertEqual(fileLines[b.line - 1].trimmingCharacters(in: .whitespaces), "\"a = 1\\n\",")
        XCTAssertEqual(fileLines[b.line].trimmingCharacters(in: .whitespaces), "\"b = undefined_name\"")
        XCTAssertTrue(fileLines[(b.expectedLine ?? 1) - 1].contains("\"outputs\""))
        let r = run(l)
        XCTAssertEqual(r[0].status, .error)
        XCTAssertTrue(r[0].errorText?.hasPrefix("nb.ipynb:\(b.line + 1):5: NameError") == true, r[0].errorText ?? "")
    }

    func testShellEscapesAndMagicsAreShownAndSkippedWithANote() throws {
        let l = try parse(
            notebook([
                code("!pip install torch", [stream("Requirement already satisfied: torch\n")]),
                code("%matplotlib inline\nimport torch\nx = 2\nx", [result("2")]),
                code("if True:\n    !ls\n    files = !ls\ny = 3"),
                code("%%bash\necho hi", [stream("hi\n")]),
                code("from IPython.display import Image\ndisplay(Image('a.png'))"),
                code("%load_ext autoreload\n%autoreload 2"),
            ]))
        XCTAssertEqual(l.blocks.map(\.mode), [.skip, .check, .check, .skip, .skip, .skip])
        XCTAssertEqual(
            l.blocks[0].source, "# !pip install torch  -- skipped: a shell command (gradstep runs Python only)")
        XCTAssertEqual(
            l.blocks[1].source.components(separatedBy: "\n")[0],
            "# %matplotlib inline  -- skipped: an IPython magic (gradstep draws plots itself)")
        XCTAssertEqual(
            l.blocks[2].source,
            """
            if True:
                pass  # !ls  -- skipped: a shell command (gradstep runs Python only)
                pass  # files = !ls  -- skipped: 'files = !...' runs a shell command or magic, which gradstep does not
            y = 3
            """)
        XCTAssertTrue(l.blocks[3].source.hasPrefix("# %%bash  -- skipped: the cell magic %%bash is IPython's"))
        XCTAssertTrue(l.blocks[5].source.contains("skipped: the IPython magic %load_ext"))
        let r = run(l)
        XCTAssertEqual(r.map(\.status), [.skipped, .passed, .passed, .skipped, .skipped, .skipped])
    }

    func testTimingMagics() throws {
        let l = try parse(
            notebook([
                code(
                    "%%time\ns = 0\nfor i in range(3):\n    s = s + i\nprint(s)\ns",
                    [stream("3\nCPU times: user 5 µs, sys: 1 µs, total: 6 µs\nWall time: 8.11 µs\n"), result("3")]),
                code(
                    "%timeit torch.ones(2, 2) @ torch.ones(2, 2)",
                    [stream("1.56 µs ± 8.1 ns per loop (mean ± std. dev. of 7 runs, 1,000,000 loops each)\n")]),
            ]))
        XCTAssertEqual(l.blocks[0].timing, .time)
        XCTAssertEqual(l.blocks[0].expected, "3\n3")
        XCTAssertEqual(l.blocks[1].timing, .timeit)
        XCTAssertEqual(l.blocks[1].source, "torch.ones(2, 2) @ torch.ones(2, 2)")
        XCTAssertEqual(l.blocks[1].expected, "")
        let r = run(l)
        XCTAssertEqual(r.map(\.status), [.passed, .passed])
        let shown = r.map { res in
            res.pieces.compactMap { p -> String? in
                if case .display(.text(let s)) = p { return s }
                return nil
            }
        }
        XCTAssertTrue(shown[0].first?.hasPrefix("Wall time: ") == true, "\(shown[0])")
        XCTAssertTrue(shown[1].first?.contains(" per loop (mean ± std. dev. of ") == true, "\(shown[1])")
        XCTAssertEqual(r[1].outputText, "", "%timeit shows no value, as in IPython")
    }

    func testErrorOutputsAndTagsAsNbvalReadsThem() throws {
        let error =
            "{\"ename\": \"ZeroDivisionError\", \"evalue\": \"division by zero\", \"output_type\": \"error\", "
            + "\"traceback\": []}"
        let l = try parse(
            notebook([
                code("1 / 0", [error]),
                code("print(torch.rand(1))", [stream("tensor([0.4963])\n")], tags: ["nbval-ignore-output"]),
                code("print(1)", [stream("2\n")], tags: ["nbval-skip"]),
                code("[][1]", [], tags: ["raises-exception"]),
            ]))
        XCTAssertTrue(l.blocks[0].raises)
        XCTAssertEqual(l.blocks[0].expected, "ZeroDivisionError: division by zero")
        XCTAssertEqual(l.blocks.map(\.mode), [.check, .nocheck, .skip, .check])
        let r = run(l)
        XCTAssertEqual(r.map(\.status), [.passed, .unchecked, .skipped, .passed])
    }

    func testAddressesInStoredOutputsMatchAnyAddress() {
        XCTAssertEqual(NotebookLesson.sanitize("<Figure at 0x7f3a2b1c9d50>"), "<Figure at 0x...>")
        XCTAssertEqual(NotebookLesson.sanitize("0x10 and 0xff"), "0x10 and 0xff")
    }

    func testHintsAndSeedFromMetadata() throws {
        var text = notebook([md("> **Hint:** use sum"), code("print(torch.rand(1).item() < 1)", [stream("True\n")])])
        text = text.replacingOccurrences(
            of: "\"metadata\": {\n  \"kernelspec\"",
            with: "\"metadata\": {\n  \"gradstep\": {\"seed\": 7},\n  \"kernelspec\"")
        let l = try parse(text)
        XCTAssertEqual(l.seed, 7)
        XCTAssertEqual(l.blocks[0].hints, ["**Hint:** use sum"])
    }

    func testSourceAsOneString() throws {
        let text = """
            {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [{"output_type": \
            "stream", "name": "stdout", "text": "6\\n"}], "source": "a = 2\\nprint(a * 3)"}], "metadata": {}, \
            "nbformat": 4, "nbformat_minor": 2}
            """
        let l = try parse(text)
        XCTAssertEqual(l.blocks[0].source, "a = 2\nprint(a * 3)")
        XCTAssertEqual(run(l).map(\.status), [.passed])
    }

    func testMalformedNotebooksNameTheCell() {
        func message(_ text: String) -> String {
            do {
                _ = try parse(text)
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(
            message(
                #"{"cells": [{"cell_type": "markdown", "source": "hi"}, {"cell_type": "code", "source": 3}], "#
                    + #""nbformat": 4}"#
            ),
            "nb.ipynb: cell 2: source: must be a string or a list of strings")
        XCTAssertEqual(
            message(
                #"{"cells": [{"cell_type": "code", "source": "x", "outputs": [{"output_type": "stream", "name": "#
                    + #""stdout"}]}], "nbformat": 4}"#
            ),
            "nb.ipynb: cell 1: outputs[0]: 'text' is missing")
        XCTAssertEqual(
            message(
                #"{"cells": [{"cell_type": "code", "source": "x", "outputs": [{"output_type": "widget"}]}], "#
                    + #""nbformat": 4}"#
            ),
            "nb.ipynb: cell 1: outputs[0]: output_type 'widget' is not one of stream, execute_result, display_data, "
                + "error"
        )
        XCTAssertEqual(
            message(#"{"cells": [{"cell_type": "heading", "source": ""}], "nbformat": 4}"#),
            "nb.ipynb: cell 1: cell_type 'heading' is not one of markdown, code, raw")
        XCTAssertEqual(
            message(
                "{\"cells\": [\n {\"cell_type\": \"code\", \"source\": \"x\"},\n {\"cell_type\": \"code\",\n  "
                    + "\"source\": \"x\" \"outputs\": []}]}"
            ),
            "nb.ipynb:4:17: not valid JSON in cell 2: expected ',' or '}'")
        XCTAssertEqual(
            message(#"{"cells": [], "nbformat": 3}"#),
            "nb.ipynb: nbformat 3 is not supported (gradstep reads nbformat 4, what Jupyter has saved since 2015)")
        XCTAssertEqual(
            message("[1, 2]"), "nb.ipynb: not a Jupyter notebook: expected a JSON object with 'cells' and 'nbformat'")
        XCTAssertEqual(
            message(#"{"nbformat": 4}"#), "nb.ipynb: 'cells' is missing (not a Jupyter notebook in nbformat 4?)")
        XCTAssertEqual(message(""), "nb.ipynb:1:1: not valid JSON: the text ends where a value should be")
        XCTAssertEqual(
            message("{\"cells\": [\"unterminated"), "nb.ipynb:1:12: not valid JSON: a string is never closed")
    }

    func testLoadDispatchesOnTheExtension() throws {
        let dir = NSTemporaryDirectory() + "gradstep-nb-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/first.ipynb"
        try notebook([md("# First"), code("print(2)", [stream("2\n")])]).write(
            toFile: path, atomically: true, encoding: .utf8)
        let l = try LessonParser.load(path: path)
        XCTAssertEqual(l.title, "First")
        XCTAssertEqual(l.blocks.count, 1)
    }

    func testExportedExerciseRunsOnceFilledIn() throws {
        func lesson(_ answer: String) throws -> Lesson {
            try parse(
                notebook([
                    code("x = 2"),
                    code(answer, [], n: nil, tags: ["exercise"]),
                    code("assert y == 4, 'y should be x doubled'", [], n: nil, tags: ["checks"]),
                ]))
        }
        let blank = try lesson("y = ...")
        XCTAssertEqual(run(blank).map(\.status), [.passed, .skipped, .skipped])
        XCTAssertEqual(run(try lesson("y = x * 2")).map(\.status), [.passed, .passed, .passed])
        let wrong = run(try lesson("y = x + 1"))
        XCTAssertEqual(wrong.map(\.status), [.passed, .passed, .error])
        XCTAssertTrue(
            wrong[2].errorText?.contains("AssertionError: y should be x doubled") == true, wrong[2].errorText ?? "")
    }
}
