// ParserTests: lesson markdown -> model (fences, info-string markers, expected outputs, hints,
// front matter, line numbers) and the errors a malformed lesson gives.
import Foundation
import GradLessons
import XCTest

final class ParserTests: XCTestCase {
    let sample = """
        ---
        seed: 7
        title: Sample
        ---
        # Heading one

        Prose with $x_1$ and *emphasis*.

        ```python gradstep
        x = 1
        print(x)
        ```
        ```output
        1
        ```

        > **Hint:** add one.

        ~~~~ python gradstep nocheck
        y = 2
        ~~~~

        ````python
        not runnable
        ````

        ```python gradstep skip raises
        z = undefined
        ```
        """

    func testBlocksModesAndLines() throws {
        let l = try LessonParser.parse(sample, path: "lessons/02-sample.md")
        XCTAssertEqual(l.name, "02-sample")
        XCTAssertEqual(l.title, "Sample")
        XCTAssertEqual(l.seed, 7)
        XCTAssertEqual(l.blocks.count, 3)
        XCTAssertEqual(l.blocks[0].source, "x = 1\nprint(x)")
        XCTAssertEqual(l.blocks[0].line, 10)
        XCTAssertEqual(l.blocks[0].expected, "1")
        XCTAssertEqual(l.blocks[0].expectedLine, 14)
        XCTAssertEqual(l.blocks[0].mode, .check)
        XCTAssertEqual(l.blocks[1].mode, .nocheck)
        XCTAssertEqual(l.blocks[1].line, 20)
        XCTAssertEqual(l.blocks[1].hints, ["**Hint:** add one."])
        XCTAssertNil(l.blocks[1].expected)
        XCTAssertEqual(l.blocks[2].mode, .skip)
        XCTAssertTrue(l.blocks[2].raises)
        XCTAssertEqual(l.blocks.map(\.number), [1, 2, 3])
    }

    func testItemsKeepProseBetweenBlocks() throws {
        let l = try LessonParser.parse(sample, path: "x.md")
        guard case .prose(let first) = l.items[0] else { return XCTFail("expected prose first, got \(l.items[0])") }
        XCTAssertTrue(first.markdown.contains("# Heading one"))
        XCTAssertEqual(first.line, 5)
        XCTAssertEqual(l.items[1], .block(0))
        guard case .hint = l.items[2] else { return XCTFail("expected a hint, got \(l.items[2])") }
        XCTAssertEqual(l.items[3], .block(1))
        guard case .prose(let plain) = l.items[4] else { return XCTFail("expected prose, got \(l.items[4])") }
        XCTAssertTrue(plain.markdown.contains("not runnable"), "a ```python block without 'gradstep' is prose")
        XCTAssertEqual(l.items[5], .block(2))
    }

    func testTitleFromHeadingAndDefaultSeed() throws {
        let l = try LessonParser.parse("# The *MLP*\n\n```python gradstep\n1\n```\n", path: "a/b/05-x.md")
        XCTAssertEqual(l.title, "The MLP")
        XCTAssertEqual(l.seed, 0)
    }

    func testErrorsNameFileAndLine() {
        XCTAssertThrowsError(try LessonParser.parse("x\n\n```output\n1\n```\n", path: "l.md")) { e in
            XCTAssertEqual("\(e)", "l.md:3: an ```output block must come right after a ```python gradstep block")
        }
        XCTAssertThrowsError(try LessonParser.parse("```python gradstep fast\n1\n```\n", path: "l.md")) { e in
            XCTAssertEqual(
                "\(e)",
                "l.md:1: unknown marker 'fast' in '```python gradstep fast' (known: skip, nocheck, raises, exercise, "
                    + "solution, checks)"
            )
        }
        XCTAssertThrowsError(try LessonParser.parse("---\nseed: -1\n---\n", path: "l.md")) { e in
            XCTAssertEqual("\(e)", "l.md:2: seed must be a non-negative integer, got '-1'")
        }
        XCTAssertThrowsError(try LessonParser.parse("---\nseed: 1\n", path: "l.md")) { e in
            XCTAssertEqual("\(e)", "l.md:1: front matter opened with '---' is never closed")
        }
        XCTAssertThrowsError(try LessonParser.load(path: "/nonexistent/lesson.md")) { e in
            XCTAssertEqual("\(e)", "/nonexistent/lesson.md: no such lesson file")
        }
    }
}

/// Exercises: the starting block, the hidden solution, the checks, the `<details>` fold, errors.
final class ExerciseParserTests: XCTestCase {
    let text = """
        # E

        ## Exercise: double it

        Make `y` twice `x`.

        ```python gradstep exercise
        x = 3
        y = ...
        ```

        > **Hint:** multiply.

        <details><summary>Solution</summary>

        ```python gradstep solution
        x = 3
        y = 2 * x
        ```

        </details>

        > **Hint:** by 2.

        ```python gradstep checks
        assert y == 2 * x, f"y is {y}, it should be twice x"
        ```

        After.
        """

    func testAnExerciseHasItsBlocksHintsAndTitle() throws {
        let l = try LessonParser.parse(text, path: "e.md")
        XCTAssertEqual(l.blocks.map(\.role), [.exercise, .solution, .checks])
        XCTAssertEqual(
            l.exercises,
            [
                Exercise(
                    number: 1, title: "Exercise: double it", starter: 0, solution: 1, checks: 2,
                    hints: ["**Hint:** multiply.", "**Hint:** by 2."])
            ])
        // The <details> fold is not prose.
        for case .prose(let p) in l.items { XCTAssertFalse(p.markdown.contains("details"), p.markdown) }
    }

    func testReplayRunsTheSolutionAndItsChecksNeverTheStarter() throws {
        let l = try LessonParser.parse(text, path: "e.md")
        let s = Replay.run(l, options: ReplayOptions(), write: { _ in })
        XCTAssertEqual(s.failed, 0)
        XCTAssertEqual(s.results[0]?.status, .skipped)
        XCTAssertEqual(s.results[2]?.status, .passed)
        // A solution that does not pass its checks fails the replay, with the assertion's message.
        let rotten = try LessonParser.parse(text.replacingOccurrences(of: "y = 2 * x", with: "y = 3 * x"), path: "e.md")
        let r = Replay.run(rotten, options: ReplayOptions(), write: { _ in })
        XCTAssertEqual(r.failed, 1)
        XCTAssertEqual(r.results[2]?.errorMessage, "AssertionError: y is 9, it should be twice x")
    }

    func testMisplacedExerciseBlocksAreNamed() {
        func error(_ t: String) -> String {
            do {
                _ = try LessonParser.parse(t, path: "e.md")
                return ""
            } catch { return "\(error)" }
        }
        XCTAssertEqual(
            error("```python gradstep solution\nx = 1\n```\n"),
            "e.md:1: a solution block must come after a ```python gradstep exercise block (and only one per exercise)")
        XCTAssertEqual(
            error("```python gradstep exercise\nx = ...\n```\n\n```python gradstep\nx = 1\n```\n"),
            "e.md:5: the exercise at line 1 needs its ```python gradstep solution block before any other block")
        XCTAssertEqual(
            error("```python gradstep exercise\nx = ...\n```\n\n```python gradstep solution\nx = 1\n```\n"),
            "e.md:1: the exercise has no ```python gradstep checks block")
    }

    func testProgressKeepsSolvedExercises() throws {
        let path = NSTemporaryDirectory() + "gradstep-progress-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var p = ProgressStore(path: path)
        try p.record("03-loss", done: 4, total: 9)
        try p.recordSolved("03-loss", exercise: 2, total: 9)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "03-loss\t4\t9\t2\n")
        let again = ProgressStore(path: path)
        XCTAssertEqual(again.solvedExercises("03-loss"), [2])
        XCTAssertEqual(again.done("03-loss"), 4)
        try "01-x\t2\t5\n".write(toFile: path, atomically: true, encoding: .utf8)  // a file from before exercises
        XCTAssertEqual(ProgressStore(path: path).done("01-x"), 2)
        XCTAssertEqual(ProgressStore(path: path).solvedExercises("01-x"), [])
    }
}
