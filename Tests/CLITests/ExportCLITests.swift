// ExportCLITests: `gradstep export LESSON --to ipynb|py [-o FILE] [--solutions]`: the files
// written, the helpers module next to them, the round trip (an exported notebook checks with
// `gradstep check`), and the errors. Running exports in real PyTorch: LessonTests.ExportTests.
import Foundation
import XCTest

final class ExportCLITests: XCTestCase {
    func testExportWritesTheFileAndTheHelpers() throws {
        let dir = CLI.tempDir("export")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["export", "3", "--to", "ipynb"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "wrote 03-loss.ipynb and ./gradstep_helpers.py\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/gradstep_helpers.py"))
        let py = try CLI.run(["export", "loss", "--to", "py", "-o", dir + "/sub.py"])
        XCTAssertEqual(py.status, 0, py.stderr)
        XCTAssertEqual(py.stdout, "wrote \(dir)/sub.py and \(dir)/gradstep_helpers.py\n")
        let text = try String(contentsOfFile: dir + "/sub.py", encoding: .utf8)
        XCTAssertTrue(text.contains("from gradstep_helpers import *"))
        XCTAssertTrue(text.contains("# %% [markdown]\n# # 3. The loss function"), String(text.prefix(500)))

        // Read back: the exercises, still blank, are shown and not run; the rest replays as the lesson.
        let check = try CLI.run(["check", "03-loss.ipynb"], cwd: dir)
        XCTAssertTrue(check.stdout.hasPrefix("PASS 03-loss.ipynb"), check.stdout + check.stderr)
        // With the solutions in, every block runs.
        XCTAssertEqual(try CLI.run(["export", "3", "--to", "ipynb", "--solutions"], cwd: dir).status, 0)
        let all = try CLI.run(["run", "03-loss.ipynb"], cwd: dir)
        XCTAssertEqual(all.status, 0, all.stdout + all.stderr)
        XCTAssertTrue(all.stdout.contains(" 0 skipped, 0 failed"), all.stdout)
    }

    func testSolutionsStayHiddenUnlessAsked() throws {
        let dir = CLI.tempDir("export")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lesson = CLI.lessonsDir + "/01-problem-formulation.md"
        let md = try String(contentsOfFile: lesson, encoding: .utf8)
        // The first solution's first line, as the lesson writes it.
        guard let r = md.range(of: "```python gradstep solution\n") else {
            throw XCTSkip("lesson 1 has no exercise solution")
        }
        let solutionLine = String(md[r.upperBound...].prefix { $0 != "\n" })
        for format in ["ipynb", "py"] {
            XCTAssertEqual(try CLI.run(["export", "1", "--to", format], cwd: dir).status, 0)
            let hidden = try String(contentsOfFile: dir + "/01-problem-formulation.\(format)", encoding: .utf8)
            let solutionCode = format == "ipynb" ? "\"\(solutionLine)\\n\"" : "\n" + solutionLine + "\n"
            XCTAssertFalse(hidden.contains(solutionCode), "\(format): the solution '\(solutionLine)' is in the export")
            XCTAssertEqual(try CLI.run(["export", "1", "--to", format, "--solutions"], cwd: dir).status, 0)
            let shown = try String(contentsOfFile: dir + "/01-problem-formulation.\(format)", encoding: .utf8)
            XCTAssertTrue(shown.contains(solutionCode), "\(format): --solutions should include '\(solutionLine)'")
        }
    }

    func testErrors() throws {
        let dir = CLI.tempDir("export")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = try CLI.run(["export", "3", "--to", "py", "-o", dir + "/no/such/x.py"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(
            missing.stderr, "gradstep: cannot write \(dir)/no/such/x.py: there is no folder \(dir)/no/such\n")
        let format = try CLI.run(["export", "3", "--to", "html"])
        XCTAssertEqual(format.status, 64)
        XCTAssertTrue(format.stderr.contains("'html'"), format.stderr)
        let same = try CLI.run([
            "export", CLI.lessonsDir + "/03-loss.md", "--to", "py", "-o", CLI.lessonsDir + "/03-loss.md",
        ])
        XCTAssertEqual(same.status, 2)
        XCTAssertTrue(same.stderr.contains("is the lesson file itself"), same.stderr)
    }

    /// The exported script runs in gradstep too (`gradstep run FILE.py`): `gradstep_helpers` is an
    /// empty module there, since its helpers are builtins.
    func testExportedScriptRunsInGradstep() throws {
        let dir = CLI.tempDir("export")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try CLI.run(["export", "3", "--to", "py", "--solutions"], cwd: dir).status, 0)
        let r = try CLI.run(["run", "03-loss.py"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("tensor(0.2231)\ntensor(0.2231)\n0.99 0.0101\n"), r.stdout)
    }
}
