import XCTest

// ExportTests: lessons exported as Jupyter notebooks and Python scripts (LessonExport).
// - The shape of both exports for a small lesson: setup cell, prose, code with stored outputs, tags
//   for nocheck/raises, skip blocks shown as code, hidden solutions, echo(...) in the script.
// - Round trip: an exported notebook read back as a lesson replays on gradstep.
// - With real PyTorch: every lesson in lessons/ is exported in both formats (with solutions, so it
//   runs from top to bottom), run by scripts/run-export.py, and every checked output of the lesson
//   is compared with what PyTorch printed, by gradstep's own matcher. Needs a Python with torch and
//   torchvision: $GRADSTEP_TORCH_PYTHON, else .torchenv/bin/python in the package; skipped otherwise.
@testable import GradLessons

final class ExportTests: XCTestCase {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    let sample = """
        ---
        seed: 5
        ---
        # Sample

        Some prose.

        ```python gradstep
        x = torch.tensor([1.0, 2.0])
        print(x.sum())
        x * 2
        ```
        ```output
        tensor(3.)
        tensor([2., 4.])
        ```

        ```python gradstep nocheck
        print(torch.rand(1))
        ```

        ```python gradstep raises
        print("before")
        torch.ones(2) @ torch.ones(3)
        ```
        ```output
        before
        RuntimeError: ...
        ```

        ```python gradstep skip
        fit(network, optimizer, train_loader)
        ```

        ## Exercise: double

        ```python gradstep exercise
        y = ...
        ```

        > **Hint:** multiply by 2.

        ```python gradstep solution
        y = x * 2
        ```

        ```python gradstep checks
        assert y.sum().item() == 6.0, "y should be x doubled"
        ```
        """

    func testNotebookShape() throws {
        let l = try LessonParser.parse(sample, path: "lessons/09-sample.md")
        let nb = LessonExport.notebook(l)
        XCTAssertEqual(nb.metadata.gradstep?.seed, 5)
        let code = nb.cells.filter { $0.cell_type == .code }
        XCTAssertEqual(
            code[0].source.text,
            "from gradstep_helpers import *  # gradstep's helpers for PyTorch (gradstep_helpers.py, next to this "
                + "file)\n_ = torch.manual_seed(5)"
        )
        XCTAssertEqual(code[1].source.text, "x = torch.tensor([1.0, 2.0])\nprint(x.sum())\nx * 2")
        guard case .stream(let name, let text)? = code[1].outputs?.first else { return XCTFail("no stored output") }
        XCTAssertEqual(name, "stdout")
        XCTAssertEqual(text, "tensor(3.)\ntensor([2., 4.])\n")
        XCTAssertEqual(code[2].metadata.tags, ["nbval-ignore-output"])
        XCTAssertEqual(code[3].metadata.tags, ["raises-exception"])
        guard case .error(let ename, let evalue)? = code[3].outputs?.last else { return XCTFail("no error output") }
        XCTAssertEqual([ename, evalue], ["RuntimeError", "..."])
        XCTAssertEqual(code[4].metadata.tags, ["exercise"])
        XCTAssertEqual(code[5].metadata.tags, ["checks"])
        XCTAssertEqual(code.count, 6, "the solution is hidden")
        let md = nb.cells.filter { $0.cell_type == .markdown }.map(\.source.text)
        XCTAssertTrue(md.contains("```python\nfit(network, optimizer, train_loader)\n```"), "\(md)")
        XCTAssertTrue(md.contains("> **Hint:** multiply by 2."), "\(md)")
        let json = try LessonExport.notebookJSON(l)
        XCTAssertFalse(
            json.contains("x * 2\\n\"\n   ]") && json.contains("y = x * 2"), "the solution must not be in the file")
        XCTAssertFalse(json.contains("y = x * 2"))

        let with = LessonExport.notebook(l, options: .init(includeSolutions: true))
        let withCode = with.cells.filter { $0.cell_type == .code }.map(\.source.text)
        XCTAssertTrue(withCode.contains("y = x * 2"))
        XCTAssertFalse(withCode.contains("y = ..."), "with solutions, the blanks are left out")
    }

    func testScriptShape() throws {
        let l = try LessonParser.parse(sample, path: "lessons/09-sample.md")
        let py = LessonExport.script(l)
        XCTAssertTrue(
            py.contains(
                """
                # %%
                x = torch.tensor([1.0, 2.0])
                print(x.sum())
                echo(x * 2)
                # Expected output:
                # tensor(3.)
                # tensor([2., 4.])
                """), py)
        XCTAssertTrue(
            py.contains(
                """
                # %%
                try:
                    print("before")
                    echo(torch.ones(2) @ torch.ones(3))
                except Exception as error:  # the lesson shows this error on purpose
                    print(f"{type(error).__name__}: {error}")
                """), py)
        XCTAssertTrue(py.contains("# %% [markdown]\n# # Sample\n#\n# Some prose."), py)
        XCTAssertTrue(py.contains("# The exercise: uncomment and fill in the blanks (...):\n# y = ..."), py)
        XCTAssertTrue(
            py.contains("# The checks of the exercise: uncomment once your answer is in:\n# assert y.sum()"), py)
        XCTAssertFalse(py.contains("y = x * 2"))
        XCTAssertEqual(LessonExport.withEcho("a = 1\nmodel  # the model\n"), "a = 1\necho(model  # the model\n)\n")
        XCTAssertEqual(LessonExport.withEcho("print(a)"), "print(a)")
        XCTAssertEqual(LessonExport.withEcho("for i in range(2):\n    i"), "for i in range(2):\n    i")
        XCTAssertEqual(
            LessonExport.withEcho("x = (1,\n     2)\nx[0],\\\n  x[1]"), "x = (1,\n     2)\necho(x[0],\\\n  x[1])")
    }

    func testExportedNotebookReplaysOnGradstep() throws {
        let l = try LessonParser.parse(sample, path: "lessons/09-sample.md")
        let json = try LessonExport.notebookJSON(l, options: .init(includeSolutions: true))
        let back = try NotebookLesson.parse(Data(json.utf8), path: "09-sample.ipynb")
        XCTAssertEqual(back.seed, 5)
        let runner = LessonRunner(lesson: back)
        var statuses: [BlockStatus] = []
        while let r = runner.runNext() {
            statuses.append(r.status)
            XCTAssertFalse(r.failed, "\(r.errorText ?? "") \(r.outputText)")
        }
        XCTAssertEqual(statuses, [.passed, .passed, .unchecked, .passed, .passed, .passed])
    }

    // MARK: - With real PyTorch

    static func torchPython() throws -> String {
        let env = ProcessInfo.processInfo.environment["GRADSTEP_TORCH_PYTHON"] ?? ""
        let candidates = [env, packageRoot + "/.torchenv/bin/python"].filter { !$0.isEmpty }
        guard let py = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip(
                "no Python with torch: set GRADSTEP_TORCH_PYTHON (e.g. to .torchenv/bin/python) to run the exports in "
                    + "PyTorch"
            )
        }
        return py
    }

    struct CellRun: Decodable {
        var cell: Int
        var output: String
        var error: String?
    }

    func runExport(_ python: String, _ file: String) throws -> [CellRun] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        let out = file + ".json"
        p.arguments = [ExportTests.packageRoot + "/scripts/run-export.py", file, out]
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard let data = FileManager.default.contents(atPath: out) else {
            throw XCTSkip(
                "run-export.py wrote nothing for \(file): \(String(decoding: errData, as: UTF8.self).suffix(2000))")
        }
        return try JSONDecoder().decode([CellRun].self, from: data)
    }

    /// Every checked output of every lesson, against what its exports print in PyTorch.
    func testEveryLessonExportRunsInPyTorchWithTheCheckedOutputs() throws {
        let python = try ExportTests.torchPython()
        let dir = NSTemporaryDirectory() + "gradstep-export-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try (LessonExport.helpersSource + "\n").write(
            toFile: dir + "/" + LessonExport.helpersFileName, atomically: true, encoding: .utf8)
        let lessonsDir = ExportTests.packageRoot + "/lessons"
        // GRADSTEP_EXPORT_LESSONS=07,03 limits the run to lessons whose file names start so.
        let only = (ProcessInfo.processInfo.environment["GRADSTEP_EXPORT_LESSONS"] ?? "").split(separator: ",").map(
            String.init)
        let names = try FileManager.default.contentsOfDirectory(atPath: lessonsDir)
            .filter { n in
                n.hasSuffix(".md") && n.lowercased() != "readme.md"
                    && (only.isEmpty || only.contains { n.hasPrefix($0) })
            }.sorted()
        XCTAssertFalse(names.isEmpty)
        var failures: [String] = []
        var compared = 0
        let options = LessonExport.Options(includeSolutions: true)
        for name in names {
            let lesson = try LessonParser.load(path: lessonsDir + "/" + name)
            let blocks = LessonExport.pieces(lesson, options).compactMap { p -> CodeBlock?? in
                if case .code(_, let b, _, _) = p { return .some(b) }
                return nil
            }
            for format in ["ipynb", "py"] {
                let file = dir + "/" + lesson.name + "." + format
                let text =
                    format == "ipynb"
                    ? try LessonExport.notebookJSON(lesson, options: options)
                    : LessonExport.script(lesson, options: options)
                try text.write(toFile: file, atomically: true, encoding: .utf8)
                let runs = try runExport(python, file)
                for (k, b) in blocks.enumerated() {
                    guard let b else { continue }
                    let at = "\(name) block \(b.number) (line \(b.line)) as .\(format)"
                    guard k < runs.count else {
                        failures.append("\(at): not reached (an earlier cell failed)")
                        break
                    }
                    let run = runs[k]
                    if let e = run.error, !b.raises {
                        failures.append("\(at): PyTorch raised \(e)")
                        continue
                    }
                    if b.raises && run.error == nil && format == "ipynb" {
                        failures.append("\(at): marked raises, PyTorch raised nothing")
                        continue
                    }
                    guard b.mode == .check, let expected = b.expected else { continue }
                    var actual = run.output
                    while actual.hasSuffix("\n") { actual.removeLast() }
                    if b.raises && format == "ipynb", let e = run.error { actual += (actual.isEmpty ? "" : "\n") + e }
                    compared += 1
                    if !OutputMatcher.matches(expected: expected, actual: actual) {
                        failures.append(
                            "\(at): output differs from PyTorch's\n"
                                + OutputMatcher.diff(expected: expected, actual: actual))
                    }
                }
            }
        }
        print("ExportTests: \(compared) checked outputs compared with PyTorch, \(failures.count) differ")
        XCTAssertTrue(failures.isEmpty, failures.joined(separator: "\n\n"))
    }
}
