// RunCheckTests: `gradstep run`, `check`, `list` and non-terminal `learn` on small lessons written
// to a temporary folder, with exact output; help texts; the error messages and exit codes for a
// missing lesson, a malformed lesson and a failing block; lesson files are never written.
import Foundation
import XCTest

final class RunCheckTests: XCTestCase {
    var dir = ""

    let passing = """
        ---
        seed: 3
        ---
        # Tiny

        Some prose with $x_1$.

        ```python gradstep
        x = 2 + 3
        print(x)
        x * 2
        ```
        ```output
        5
        10
        ```

        ```python gradstep nocheck
        print("anything at all")
        ```
        """

    let failing = """
        # Broken

        ```python gradstep
        print(1.5)
        ```
        ```output
        1.5
        ```

        ```python gradstep
        print(0.25)
        ```
        ```output
        0.4
        ```

        ```python gradstep
        print("after")
        ```
        ```output
        after
        ```
        """

    override func setUpWithError() throws {
        dir = CLI.tempDir("run")
        try passing.write(toFile: dir + "/01-tiny.md", atomically: true, encoding: .utf8)
        try failing.write(toFile: dir + "/02-broken.md", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func run(_ args: [String], stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        var e = env
        e["GRADSTEP_LESSONS"] = e["GRADSTEP_LESSONS"] ?? dir
        return try CLI.run(args, stdin: stdin, env: e, cwd: dir)
    }

    func testRunShowsBlocksAndOutputs() throws {
        let r = try run(["run", "01-tiny.md"])
        XCTAssertEqual(
            r.stdout,
            """
            [1] 01-tiny.md:9
            >>> x = 2 + 3
            >>> print(x)
            >>> x * 2
            5
            10

            [2] 01-tiny.md:19 (nocheck)
            >>> print("anything at all")
            anything at all

            2 blocks: 1 passed, 1 not checked, 0 skipped, 0 failed

            """)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testRunStopsAtFirstMismatchWithDiff() throws {
        let r = try run(["run", "02-broken.md"])
        XCTAssertEqual(
            r.stdout,
            """
            [1] 02-broken.md:4
            >>> print(1.5)
            1.5

            [2] 02-broken.md:11
            >>> print(0.25)
            0.25

            02-broken.md:11: block 2: output differs from the expected output (written at line 14)
            --- expected
            +++ actual
            - 0.4
            + 0.25

            3 blocks: 1 passed, 0 not checked, 0 skipped, 1 failed

            """)
        XCTAssertEqual(r.status, 1)
    }

    func testKeepGoingAndQuiet() throws {
        let k = try run(["run", "02-broken.md", "--keep-going"])
        XCTAssertTrue(k.stdout.contains(">>> print(\"after\")\nafter\n"), k.stdout)
        XCTAssertTrue(k.stdout.hasSuffix("3 blocks: 2 passed, 0 not checked, 0 skipped, 1 failed\n"), k.stdout)
        XCTAssertEqual(k.status, 1)

        let q = try run(["run", "02-broken.md", "--quiet", "--keep-going"])
        XCTAssertEqual(
            q.stdout,
            """
            [2] 02-broken.md:11
            >>> print(0.25)
            0.25

            02-broken.md:11: block 2: output differs from the expected output (written at line 14)
            --- expected
            +++ actual
            - 0.4
            + 0.25

            3 blocks: 2 passed, 0 not checked, 0 skipped, 1 failed

            """)
        XCTAssertEqual(q.status, 1)

        let quietPass = try run(["run", "1", "--quiet"])
        XCTAssertEqual(quietPass.stdout, "")
        XCTAssertEqual(quietPass.status, 0)
    }

    func testQuietKeepGoingSeparatesFailuresByABlankLine() throws {
        try "# Two\n\n```python gradstep\nprint(1)\n```\n```output\n2\n```\n\n```python gradstep\nnosuchname\n```\n"
            .write(toFile: dir + "/06-two.md", atomically: true, encoding: .utf8)
        let q = try run(["run", "06-two.md", "--quiet", "--keep-going"])
        XCTAssertTrue(q.stdout.contains("+ 1\n\n[2] 06-two.md:11\n>>> nosuchname\n"), q.stdout)
        XCTAssertTrue(q.stdout.hasSuffix("2 blocks: 0 passed, 0 not checked, 0 skipped, 2 failed\n"), q.stdout)
        XCTAssertEqual(q.status, 1)
    }

    func testRuntimeErrorNamesFileLineAndBlock() throws {
        try "# E\n\n```python gradstep\nx = 1\ny = x + nosuchname\n```\n".write(
            toFile: dir + "/03-error.md", atomically: true, encoding: .utf8)
        let r = try run(["run", "03-error.md", "--quiet"])
        XCTAssertTrue(r.stdout.contains("03-error.md:4: block 1: error\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("03-error.md:5:"), "the error names the line inside the block:\n\(r.stdout)")
        XCTAssertTrue(r.stdout.contains("nosuchname"), r.stdout)
        XCTAssertEqual(r.status, 1)
    }

    func testHTMLExport() throws {
        let r = try run(["run", "tiny", "--html", dir + "/out.html"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasSuffix("wrote \(dir)/out.html\n"), r.stdout)
        let html = try String(contentsOfFile: dir + "/out.html", encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<h1>Tiny</h1>"), html)
        XCTAssertTrue(
            html.contains(
                "<p>Some prose with <math><semantics><mrow><msub><mi>x</mi><mn>1</mn></msub></mrow>"
                    + "<annotation encoding=\"application/x-tex\">x_1</annotation></semantics></math>.</p>"), html)
        XCTAssertFalse(html.contains("<script"), "the page must work offline: \(html)")
        XCTAssertTrue(
            html.contains(
                "<pre class=\"code\"><code class=\"language-python\">x = <span class=\"nu\">2</span> + <span "
                    + "class=\"nu\">3</span>\n"
                    + "<span class=\"bi\">print</span>(x)\nx * <span class=\"nu\">2</span></code></pre>"), html)
        XCTAssertTrue(html.contains("<pre class=\"out\">5\n10</pre>"), html)
        XCTAssertTrue(html.contains("<pre class=\"out\">anything at all</pre>"), html)
    }

    func testHTMLExportToAMissingFolderFailsBeforeRunning() throws {
        let r = try run(["run", "tiny", "--html", dir + "/no/such/out.html"])
        XCTAssertEqual(r.stderr, "gradstep: cannot write \(dir)/no/such/out.html: there is no folder \(dir)/no/such\n")
        XCTAssertEqual(r.stdout, "", "nothing ran")
        XCTAssertEqual(r.status, 1)
    }

    func testHTMLExportInlinesPlotsAsSVG() throws {
        try "# P\n\n```python gradstep\nplot([3.0, 2.0, 1.5], title='falling')\n```\n".write(
            toFile: dir + "/04-plot.md", atomically: true, encoding: .utf8)
        let r = try run(["run", "04-plot.md", "--html", dir + "/plot.html"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let html = try String(contentsOfFile: dir + "/plot.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<figure><svg"), html)
        XCTAssertTrue(html.contains("falling"), html)
    }

    func testCheckEndsWithCounts() throws {
        let r = try run(["check"])
        XCTAssertEqual(
            r.stdout,
            """
            PASS \(dir)/01-tiny.md (2 blocks)
            [2] \(dir)/02-broken.md:11
            >>> print(0.25)
            0.25

            \(dir)/02-broken.md:11: block 2: output differs from the expected output (written at line 14)
            --- expected
            +++ actual
            - 0.4
            + 0.25
            FAIL \(dir)/02-broken.md (3 blocks)
            1 passed, 1 failed

            """)
        XCTAssertEqual(r.status, 1)
        let one = try run(["check", "1"])
        XCTAssertEqual(one.stdout, "PASS \(dir)/01-tiny.md (2 blocks)\n1 passed, 0 failed\n")
        XCTAssertEqual(one.status, 0)
    }

    func testMissingLessonAndSyntaxErrors() throws {
        let missing = try run(["run", "nosuch"])
        XCTAssertEqual(missing.stderr, "gradstep: no lesson named 'nosuch'; the lessons are: 01-tiny, 02-broken\n")
        XCTAssertEqual(missing.stdout, "")
        XCTAssertEqual(missing.status, 2)

        let path = try run(["run", "some/where/lesson.md"])
        XCTAssertEqual(path.stderr, "gradstep: some/where/lesson.md: no such lesson file\n")
        XCTAssertEqual(path.status, 2)

        try "# Bad\n\n```python gradstep fast\nx = 1\n```\n".write(
            toFile: dir + "/bad.md", atomically: true, encoding: .utf8)
        let bad = try run(["run", "bad.md"])
        XCTAssertEqual(
            bad.stderr,
            "gradstep: bad.md:3: unknown marker 'fast' in '```python gradstep fast' (known: skip, nocheck, raises, "
                + "exercise, solution, checks)\n"
        )
        XCTAssertEqual(bad.status, 2)

        let checkMissing = try run(["check", "nosuch"])
        XCTAssertEqual(checkMissing.status, 2)

        let noDir = try run(["check"], env: ["GRADSTEP_LESSONS": dir + "/nope"])
        XCTAssertEqual(noDir.stderr, "gradstep: GRADSTEP_LESSONS=\(dir)/nope is not a folder\n")
        XCTAssertEqual(noDir.status, 2)
    }

    func testMissingDataIsReportedWithFileAndLine() throws {
        // Lesson 6 names its data folder (`root = ...`, as torchvision needs); pointed at a missing one:
        let six = try String(contentsOfFile: CLI.lessonsDir + "/06-training.md", encoding: .utf8)
        XCTAssertTrue(six.contains("root = \"/usr/share/datasets/fashion-mnist\""))
        try six.replacingOccurrences(
            of: "root = \"/usr/share/datasets/fashion-mnist\"", with: "root = \"\(dir)/no-data\""
        )
        .write(toFile: dir + "/06-training.md", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "06-training.md", "--quiet"], cwd: dir)
        XCTAssertTrue(r.stdout.contains("06-training.md:27: block 1: error\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\(dir)/no-data"), "the message names the folder it looked in:\n\(r.stdout)")
        XCTAssertEqual(r.status, 1)
    }

    func testPythonSyntaxErrorInABlock() throws {
        try "# S\n\n```python gradstep\nx = (1 +\n```\n".write(
            toFile: dir + "/05-syntax.md", atomically: true, encoding: .utf8)
        let r = try run(["run", "05-syntax.md", "--quiet"])
        XCTAssertTrue(r.stdout.contains("05-syntax.md:4: block 1: error\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("SyntaxError"), r.stdout)
        XCTAssertEqual(r.status, 1)
    }

    func testListShowsProgress() throws {
        let state = CLI.tempDir("state")
        defer { try? FileManager.default.removeItem(atPath: state) }
        try FileManager.default.createDirectory(atPath: state + "/gradstep", withIntermediateDirectories: true)
        try "01-tiny\t1\t2\n".write(toFile: state + "/gradstep/progress", atomically: true, encoding: .utf8)
        let r = try run(["list"], env: ["XDG_STATE_HOME": state])
        XCTAssertEqual(
            r.stdout,
            """
            01-tiny    Tiny    1/2 blocks
            02-broken  Broken  not started

            Start or resume with: gradstep learn NAME (or its number)

            """)
        XCTAssertEqual(r.status, 0)
    }

    func testLearnWithoutATerminalReplaysLikeRun() throws {
        let r = try run(["learn", "1"])
        XCTAssertEqual(r.stdout, try run(["run", "1"]).stdout)
        XCTAssertTrue(r.stdout.hasPrefix("[1] \(dir)/01-tiny.md:9\n"), r.stdout)
        XCTAssertEqual(r.status, 0)
    }

    func testLessonFilesAreNeverWritten() throws {
        let paths = [dir + "/01-tiny.md", dir + "/02-broken.md"]
        func snapshot() throws -> [String] {
            try paths.map { p in
                let a = try FileManager.default.attributesOfItem(atPath: p)
                return "\(try String(contentsOfFile: p, encoding: .utf8))|\(a[.modificationDate] ?? "")"
            }
        }
        let before = try snapshot()
        _ = try run(["run", "2", "--keep-going", "--html", dir + "/x.html"])
        _ = try run(["check"])
        _ = try run(["learn", "2"])
        let onto = try run(["run", "1", "--html", "./01-tiny.md"])  // the lesson itself as --html FILE
        XCTAssertEqual(
            onto.stderr,
            "gradstep: --html ./01-tiny.md is the lesson file itself; lesson files are never written (choose another "
                + "FILE)\n"
        )
        XCTAssertEqual(onto.status, 2)
        XCTAssertEqual(try snapshot(), before)
    }

    func testHelpTexts() throws {
        XCTAssertEqual(
            try run(["run", "--help"]).stdout,
            """
            OVERVIEW: Replay a lesson as a script (each block and its output; stop at the
            first error or mismatch), or run a Python file.

            USAGE: gradstep run <lesson> [<args> ...] [--keep-going] [--quiet] [--html <FILE>]

            ARGUMENTS:
              <lesson>                The lesson: its number (3), name (03-loss, loss) or a
                                      path to a .md file; or a Python file (x.py).
              <args>                  Arguments for a Python file (its sys.argv[1:]).

            OPTIONS:
              --keep-going            Run on after a failing block.
              --quiet                 Print only failures.
              --html <FILE>           Write the executed lesson as a web page to FILE.
              -h, --help              Show help information.


            """)
        XCTAssertEqual(
            try run(["check", "--help"]).stdout,
            """
            OVERVIEW: Replay lessons and check every output (default: every lesson); ends
            with 'N passed, N failed'.

            USAGE: gradstep check [<lessons> ...] [--timings] [--unfilled-exercises]

            ARGUMENTS:
              <lessons>               Lessons to check: numbers, names or paths (default:
                                      every lesson).

            OPTIONS:
              --timings               Show how long each lesson took.
              --unfilled-exercises    Also run each exercise's starting code, blanks and
                                      all, and fail when it passes its checks (slower).
              -h, --help              Show help information.


            """)
        XCTAssertEqual(
            try run(["list", "--help"]).stdout,
            """
            OVERVIEW: List the lessons with your progress in each.

            USAGE: gradstep list

            OPTIONS:
              -h, --help              Show help information.


            """)
        let learnHelp = try run(["learn", "--help"]).stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(
            separator: " ")
        XCTAssertTrue(learnHelp.contains("In the REPL (p), :continue comes back to the lesson"), learnHelp)
        let top = try run(["--help"]).stdout
        for sub in ["learn", "run", "check", "repl", "list"] {
            XCTAssertTrue(top.contains("\n  \(sub) "), "top-level help lists \(sub):\n\(top)")
        }
    }
}

extension RunCheckTests {
    /// Ctrl-C (SIGINT) during `check`: the summary of what ran, then exit 130 (was: killed, no summary).
    func testCheckInterruptedBySIGINTPrintsTheSummary() throws {
        let endless = "# Endless\n\n```python gradstep nocheck\nwhile True:\n    pass\n```\n"
        try endless.write(toFile: dir + "/03-endless.md", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try CLI.binary())
        p.arguments = ["check", "1", "3", "2"]
        var env = ProcessInfo.processInfo.environment
        env["GRADSTEP_LESSONS"] = dir
        env["XDG_STATE_HOME"] = dir
        env["NO_COLOR"] = "1"
        p.environment = env
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Wait until the first lesson passed and the endless one has started.
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        while !text.contains("PASS") && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        Thread.sleep(forTimeInterval: 1)
        kill(p.processIdentifier, SIGINT)
        text += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit)
        XCTAssertEqual(p.terminationStatus, 130)
        XCTAssertEqual(
            text,
            """
            PASS \(dir)/01-tiny.md (2 blocks)

            KeyboardInterrupt while checking \(dir)/03-endless.md
            1 passed, 0 failed, 1 interrupted, 1 not checked

            """)
    }
}
