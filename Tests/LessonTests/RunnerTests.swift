// RunnerTests: the lesson runner on the real interpreter: statuses (passed, mismatch, error,
// raises, skip, nocheck), echo of a trailing expression, seeding, replay from the start, and the
// state handed to the REPL (`LessonRunner.state`).
import GradLessons
import GradScript
import XCTest

final class RunnerTests: XCTestCase {
    let text = """
        ---
        seed: 11
        ---
        # Runner

        ```python gradstep
        a = 2
        print("a", a)
        a * 3
        ```
        ```output
        a 2
        6
        ```

        ```python gradstep
        a = a + 1
        print(a)
        ```
        ```output
        4
        ```

        ```python gradstep raises
        b = a + missing_name
        ```
        ```output
        NameError: ...missing_name...
        ```

        ```python gradstep skip
        this is not even code
        ```

        ```python gradstep nocheck
        import torch
        r = torch.rand(3)
        print(r)
        ```

        ```python gradstep
        undefined_call()
        ```
        """

    func testCodeLinesUseContinuationPromptsAsPython() {
        let src =
            "try:\n    x = 1\nexcept Exception:\n    x = 2\n\nif x:\n    pass\nelif y:\n    pass\nelse:\n    "
            + "pass\nfinally_count = 3\nelsewhere = 1"
        XCTAssertEqual(
            Replay.codeLines(src),
            """
            >>> try:
            ...     x = 1
            ... except Exception:
            ...     x = 2
            ...
            >>> if x:
            ...     pass
            ... elif y:
            ...     pass
            ... else:
            ...     pass
            >>> finally_count = 3
            >>> elsewhere = 1
            """)
    }

    func testStatusesOfEachBlock() throws {
        let lesson = try LessonParser.parse(text, path: "runner.md")
        let runner = LessonRunner(lesson: lesson)
        var results: [BlockResult] = []
        while let r = runner.runNext() { results.append(r) }
        XCTAssertEqual(results.map(\.status), [.passed, .mismatch, .passed, .skipped, .unchecked, .error])
        XCTAssertEqual(results[0].outputText, "a 2\n6")
        XCTAssertEqual(results[1].outputText, "3")
        XCTAssertTrue(results[2].outputText.hasPrefix("NameError: "), results[2].outputText)
        XCTAssertTrue(results[5].errorText?.contains("runner.md:") == true, results[5].errorText ?? "")
        XCTAssertTrue(runner.atEnd)
    }

    func testSeededReplayGivesTheSameNumbers() throws {
        let lesson = try LessonParser.parse(text, path: "runner.md")
        func randomOutput() -> String {
            let runner = LessonRunner(lesson: lesson)
            var out = ""
            while let r = runner.runNext() { if r.block.number == 5 { out = r.outputText } }
            return out
        }
        let first = randomOutput()
        XCTAssertTrue(first.hasPrefix("tensor(["), first)
        XCTAssertEqual(first, randomOutput())
    }

    func testReplayRestoresTheStateBeforeABlock() throws {
        let lesson = try LessonParser.parse(text, path: "runner.md")
        let runner = LessonRunner(lesson: lesson)
        _ = runner.runNext()
        _ = runner.runNext()
        XCTAssertEqual(try runner.interpreter.evaluate("a").repr, "3")
        try runner.replay(upto: 1)
        XCTAssertEqual(runner.position, 1)
        XCTAssertEqual(try runner.interpreter.evaluate("a").repr, "2")
        // Repeating a block runs it again in the current state.
        let again = runner.run(lesson.blocks[1])
        XCTAssertEqual(again.outputText, "3")
        XCTAssertEqual(runner.run(lesson.blocks[1]).outputText, "4")
    }

    func testStateForTheREPL() throws {
        let lesson = try LessonParser.parse(text, path: "runner.md")
        let before2 = try LessonRunner.state(of: lesson, upto: 2).interpreter
        XCTAssertEqual(try before2.evaluate("a").repr, "2")
        XCTAssertThrowsError(try LessonRunner.state(of: lesson, upto: 9)) { e in
            XCTAssertEqual("\(e)", "runner.md: --upto 9 is out of range: the lesson has blocks 1...6")
        }
        // The whole lesson fails at block 6, and says so.
        XCTAssertThrowsError(try LessonRunner.state(of: lesson)) { e in
            XCTAssertTrue("\(e)".hasPrefix("runner.md:"), "\(e)")
            XCTAssertTrue("\(e)".contains("block 6 failed"), "\(e)")
        }
    }

    func testStateOfALessonByPathWithItsBanner() throws {
        let dir = NSTemporaryDirectory() + "gradstep-runner-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/runner.md", atomically: true, encoding: .utf8)
        let (interp, banner) = try LessonRunner.state(lesson: dir + "/runner.md", upto: 3)
        XCTAssertEqual(banner, "lesson runner: ran blocks 1-2 of 6 (the state before block 3); variables: a")
        XCTAssertEqual(try interp.evaluate("a").repr, "3")
        var printed: [String] = []
        interp.output = { printed.append($0) }
        _ = try interp.execute("print(a)")
        XCTAssertEqual(printed, ["3"])
    }

    /// `check` fails an exercise whose starting code passes its checks unfilled (nothing to solve),
    /// and accepts one whose blank makes the starting code fail.
    func testAnExerciseThatPassesUnfilledIsReported() throws {
        func lesson(starter: String) -> String {
            """
            # Ex

            ```python gradstep
            x = 3
            ```

            ## Exercise: double it

            ```python gradstep exercise
            \(starter)
            ```

            ```python gradstep solution
            y = 2 * x
            ```

            ```python gradstep checks
            assert y == 6, f"y is {y}, it should be 6"
            ```
            """
        }
        let good = try LessonParser.parse(lesson(starter: "y = ..."), path: "good.md")
        XCTAssertEqual(Replay.exercisesPassingUnfilled(good, options: ReplayOptions()), [])
        let wrongBlank = try LessonParser.parse(lesson(starter: "y = x + ..."), path: "blank.md")
        XCTAssertEqual(Replay.exercisesPassingUnfilled(wrongBlank, options: ReplayOptions()), [])
        let givenAway = try LessonParser.parse(lesson(starter: "y = x * 2  # ..."), path: "away.md")
        XCTAssertEqual(
            Replay.exercisesPassingUnfilled(givenAway, options: ReplayOptions()),
            [
                "away.md:10: exercise 1 (Exercise: double it): its starting code, run as written, passes the "
                    + "checks at line 18, so there is nothing to solve; leave a blank (...) where the answer goes, "
                    + "or check more"
            ])
    }
}
