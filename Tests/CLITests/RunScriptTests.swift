// `gradstep run FILE.py` against real Python: every script in Tests/CLITests/Scripts runs with the
// arguments `a1 --flag`, and its stdout, stderr and exit status are compared with what
// `python3 FILE.py a1 --flag` printed (recorded by Scripts/record.sh into Scripts/expected/).
// Known, documented differences are normalised before comparing: Python 3.11's caret lines under
// a traceback entry (`^^^^`, `~~^~~`) are not printed by gradstep, and a SyntaxError's message may
// say more than Python's ("invalid syntax: expected ..."), so only its kind is compared.
import Foundation
import XCTest

final class RunScriptTests: XCTestCase {
    static let scripts = CLI.packageRoot + "/Tests/CLITests/Scripts"

    /// Drops traceback caret lines (only spaces and ^ ~ characters).
    static func withoutCarets(_ s: String) -> String {
        s.components(separatedBy: "\n").filter { line in
            !(line.contains { $0 == "^" || $0 == "~" } && line.allSatisfy { $0 == " " || $0 == "^" || $0 == "~" })
        }.joined(separator: "\n")
    }

    static func syntaxKindOnly(_ s: String) -> String {
        s.components(separatedBy: "\n").map { line in
            line.hasPrefix("SyntaxError:") ? "SyntaxError" : line
        }.joined(separator: "\n")
    }

    func testScriptsMatchPython() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: RunScriptTests.scripts)
            .filter { $0.hasSuffix(".py") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 3)
        for name in names {
            let stem = String(name.dropLast(3))
            let exp = RunScriptTests.scripts + "/expected/" + stem
            guard let out = try? String(contentsOfFile: exp + ".stdout", encoding: .utf8),
                let err = try? String(contentsOfFile: exp + ".stderr", encoding: .utf8),
                let status = try? String(contentsOfFile: exp + ".status", encoding: .utf8)
            else {
                XCTFail("\(name): no recorded Python output (run Scripts/record.sh)")
                continue
            }
            let r = try CLI.run(["run", name, "a1", "--flag"], cwd: RunScriptTests.scripts, timeout: 120)
            let dir = URL(fileURLWithPath: RunScriptTests.scripts).standardizedFileURL.path
            let gotErr = r.stderr.replacingOccurrences(of: dir, with: "{DIR}")
            XCTAssertEqual(r.stdout, out, "\(name): stdout")
            XCTAssertEqual(
                RunScriptTests.syntaxKindOnly(RunScriptTests.withoutCarets(gotErr)),
                RunScriptTests.syntaxKindOnly(RunScriptTests.withoutCarets(err)), "\(name): stderr")
            XCTAssertEqual(
                r.status, Int32(status.trimmingCharacters(in: .whitespacesAndNewlines)), "\(name): exit status")
        }
    }

    /// `python3 FILE.py` prints nothing for `plt.show()`: a script's standard output is its printed
    /// text only, and gradstep draws the figure (and `show`'s pictures) on standard error beside it.
    func testPicturesOfAScriptGoToStandardError() throws {
        let dir = CLI.tempDir("pictures")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        import matplotlib.pyplot as plt
        import torch
        print("before")
        plt.plot([1.0, 2.0, 3.0])
        plt.show()
        show(torch.eye(4))
        print("after")

        """.write(toFile: dir + "/plots.py", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "plots.py"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "before\nafter\n")
        XCTAssertTrue(r.stderr.contains("┤"), "the figure is drawn on standard error:\n\(r.stderr)")
        XCTAssertTrue(r.stderr.contains("@"), "show's picture too:\n\(r.stderr)")
    }

    func testOtherExtensionsAreRefused() throws {
        let dir = CLI.tempDir("ext")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "x = 1\n".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "notes.txt"], cwd: dir)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(
            r.stderr,
            "gradstep: cannot run 'notes.txt': gradstep runs Python files (.py) and lessons (.md), not .txt files\n")
        XCTAssertEqual(r.status, 2)
        let missing = try CLI.run(["run", "missing.py"], cwd: dir)
        XCTAssertEqual(missing.stderr, "gradstep: can't open file 'missing.py': No such file or directory\n")
        XCTAssertEqual(missing.status, 2)
    }

    func testLessonOptionsAfterTheLessonStillWork() throws {
        let dir = CLI.tempDir("lessonopts")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "# T\n\n```python gradstep\nprint(1)\n```\n\n```\n1\n```\n".write(
            toFile: dir + "/t.md", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "t.md", "--quiet"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        let bad = try CLI.run(["run", "t.md", "--nope"], cwd: dir)
        XCTAssertNotEqual(bad.status, 0)
    }

    /// The same program piped into the REPL: blank and comment lines inside a class body do not end
    /// it, and the REPL's teaching note appears there but never in `run FILE.py`.
    func testPipedClassWithBlankLinesAndNotesOnlyAtTheRepl() throws {
        let program = """
            import torch
            import torch.nn as nn

            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc1 = nn.Linear(2, 1)

                    # the output layer follows
                    self.fc2 = nn.Linear(1, 1)

                def forward(self, x):
                    return self.fc2(self.fc1(x))

            net = Net()
            out = net(torch.ones(1, 2)).sum()
            out.backward()
            out = net(torch.ones(1, 2)).sum()
            out.backward()
            print(net.fc2.weight.grad.shape)

            """
        let piped = try CLI.run(["repl"], stdin: program)
        XCTAssertEqual(piped.stdout, "torch.Size([1, 1])\n")
        XCTAssertTrue(piped.stderr.contains("already there"), piped.stderr)
        XCTAssertEqual(piped.status, 0)
        let dir = CLI.tempDir("note")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try program.write(toFile: dir + "/net.py", atomically: true, encoding: .utf8)
        let script = try CLI.run(["run", "net.py"], cwd: dir)
        XCTAssertEqual(script.stdout, "torch.Size([1, 1])\n")
        XCTAssertEqual(script.stderr, "")
        XCTAssertEqual(script.status, 0)
    }
}

final class ReplExitTests: XCTestCase {
    /// exit(), quit() and sys.exit(n) end a piped session with their status; `quit` alone says how.
    func testExitAndQuitEndTheSession() throws {
        let r = try CLI.run(["repl"], stdin: "print(1)\nquit\nexit()\nprint(2)\n")
        XCTAssertEqual(r.stdout, "1\nUse quit() or Ctrl-D (i.e. EOF) to exit\n")
        XCTAssertEqual(r.status, 0)
        let s = try CLI.run(["repl"], stdin: "import sys\nsys.exit(4)\nprint(2)\n")
        XCTAssertEqual(s.stdout, "")
        XCTAssertEqual(s.status, 4)
        let m = try CLI.run(["repl"], stdin: "import sys\nsys.exit('bye')\n")
        XCTAssertEqual(m.stderr, "bye\n")
        XCTAssertEqual(m.status, 1)
    }
}
