// LearnSessionTests: `learn` driven in-process through injected I/O (no terminal): every prose
// item is shown once, Enter runs blocks, a lesson without blocks still ends cleanly, quit saves.
import Foundation
import GradLessons
import GradScript
import XCTest

final class LearnSessionTests: XCTestCase {
    var dir = ""
    override func setUp() {
        dir = NSTemporaryDirectory() + "gradstep-learnsession-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func drive(_ text: String, input: [String]) throws -> (output: String, status: Int32, progress: ProgressStore) {
        let lesson = try LessonParser.parse(text, path: "07-x.md")
        var lines = input
        nonisolated(unsafe) var out = ""
        let io = LearnSession.IO(
            readLine: { prompt in
                out += prompt
                return lines.isEmpty ? nil : lines.removeFirst()
            },
            write: { out += $0 }, openREPL: { _ in .back },
            edit: { _, _ in lines.isEmpty ? nil : lines.removeFirst() })
        let store = ProgressStore(path: dir + "/progress")
        let status = LearnSession(lesson: lesson, io: io, progress: store).run()
        return (out, status, ProgressStore(path: dir + "/progress"))
    }

    func testEveryProseItemIsShownOnce() throws {
        let r = try drive(
            "# X\n\nFirst prose.\n\n```python gradstep\nprint(41 + 1)\n```\n\nMiddle prose.\n\n```python "
                + "gradstep\nprint('two')\n```\n\nLast prose.\n",
            input: ["", ""])
        for p in ["First prose.", "Middle prose.", "Last prose."] {
            XCTAssertEqual(r.output.components(separatedBy: p).count - 1, 1, "\(p) shown once:\n\(r.output)")
        }
        XCTAssertTrue(r.output.contains("42\n"), r.output)
        XCTAssertTrue(r.output.contains("End of X."), r.output)
        XCTAssertEqual(r.progress.done("07-x"), 2)
        XCTAssertEqual(r.status, 0)
    }

    func testRepeatBackHintAndUnknownCommands() throws {
        let text =
            "# R\n\n```python gradstep\na = 1\n```\n\n> **Hint:** add one.\n\n```python gradstep\na = a + 1\nprint('a "
            + "is', a)\n```\n\n```python gradstep\nprint('end', a)\n```\n"
        let r = try drive(text, input: ["", "h", "", "r", "zzz", "b", "", ""])
        let o = r.output
        func after(_ a: String, _ b: String) -> Bool {
            guard let x = o.range(of: a) else { return false }
            return o[x.upperBound...].contains(b)
        }
        XCTAssertTrue(o.contains("add one."), o)
        XCTAssertTrue(after("a is 2", "(again)"), o)
        XCTAssertTrue(after("(again)", "a is 3"), "r runs the last block again in the current state:\n\(o)")
        XCTAssertTrue(o.contains("Unknown command 'zzz'."), o)
        XCTAssertTrue(after("a is 3", "(state restored: replayed blocks 1...1)"), o)
        XCTAssertTrue(
            after("(state restored: replayed blocks 1...1)", "a is 2"), "b restores the state before block 2:\n\(o)")
        XCTAssertTrue(o.contains("end 2"), o)
        XCTAssertFalse(o.contains("end 3") || o.contains("end 4"), o)
        XCTAssertEqual(r.progress.done("07-x"), 3)
    }

    func testQuitSavesAndTheNextSessionResumes() throws {
        let text = "# Q\n\n```python gradstep\nx = 5\n```\n\n```python gradstep\nprint('x is', x)\n```\n"
        let first = try drive(text, input: ["", "q"])
        XCTAssertTrue(first.output.contains("Progress saved: block 2 of 2 next."), first.output)
        XCTAssertEqual(first.progress.done("07-x"), 1)
        let second = try drive(text, input: [""])
        XCTAssertTrue(second.output.contains("Resuming Q at block 2 of 2 (replaying 1 block)..."), second.output)
        XCTAssertTrue(second.output.contains("x is 5"), "the replay restored x:\n\(second.output)")
        XCTAssertEqual(second.progress.done("07-x"), 2)
    }

    func testALessonWithoutBlocksShowsItsProseOnceAndEnds() throws {
        let r = try drive("# Only prose\n\nNothing to run here.\n", input: [])
        XCTAssertEqual(r.output.components(separatedBy: "Nothing to run here.").count - 1, 1, r.output)
        XCTAssertTrue(r.output.contains("End of Only prose."), r.output)
    }

    let exercise = """
        # Ex

        ```python gradstep
        x = 3
        ```

        ## Exercise: double it

        ```python gradstep exercise
        y = ...
        ```

        > **Hint:** multiply.

        > **Hint:** by 2.

        <details><summary>Solution</summary>

        ```python gradstep solution
        y = 2 * x
        ```

        </details>

        ```python gradstep checks
        assert y == 2 * x, f"y is {y}, it should be twice x"
        ```

        After the exercise.

        ```python gradstep
        print("y is", y)
        ```
        """

    /// Wrong answer first (a blank left, then a wrong value), then the right one; hints one at a time.
    func testAnExerciseIsCheckedWithTheLessonsAssertions() throws {
        // Inputs: Enter (block 1), h, h, h, e -> answer with a blank, e -> wrong, e -> right, Enter.
        let r = try drive(
            exercise, input: ["", "h", "h", "h", "e", "y = ... + 1\n", "e", "y = x + 1\n", "e", "y = x * 2\n", ""])
        let o = r.output
        XCTAssertTrue(o.contains("✎ Exercise: double it"), o)
        XCTAssertTrue(o.contains(">>> y = ..."), "the starting block is shown:\n\(o)")
        XCTAssertFalse(o.contains("2 * x\n"), "the solution stays hidden:\n\(o)")
        XCTAssertTrue(o.contains("(hint 1 of 2)\nHint: multiply."), o)
        XCTAssertTrue(o.contains("(hint 2 of 2)\nHint: by 2."), o)
        XCTAssertTrue(o.contains("That was the last hint; s shows the solution."), o)
        XCTAssertTrue(o.contains("Not yet: line 1 of your answer still has a blank (...) to fill in."), o)
        XCTAssertTrue(o.contains("Not yet: y is 4, it should be twice x. s shows the solution."), o)
        XCTAssertTrue(o.contains("✓ Solved: Exercise: double it."), o)
        XCTAssertTrue(o.contains("After the exercise."), o)
        XCTAssertTrue(o.contains("y is 6"), o)
        XCTAssertTrue(o.contains("Exercises solved: 1 of 1."), o)
        XCTAssertEqual(r.progress.solvedExercises("07-x"), [1])
        XCTAssertEqual(r.progress.done("07-x"), 5)
    }

    func testTheSolutionIsShownOnlyWhenAskedAndConfirmed() throws {
        let r = try drive(exercise, input: ["", "s", "n", "s", "y", ""])
        let o = r.output
        XCTAssertTrue(o.contains("Not shown."), o)
        XCTAssertEqual(o.components(separatedBy: "Solution:").count - 1, 1, o)
        XCTAssertTrue(o.contains("Solution:\n>>> y = 2 * x"), o)
        XCTAssertTrue(o.contains("y is 6"), "the solution ran, so the lesson goes on:\n\(o)")
        XCTAssertEqual(r.progress.solvedExercises("07-x"), [], "a shown solution does not count as solved")
    }

    func testRepeatBeforeAnyBlockAndRaisesBlocksShowTheirError() throws {
        let r = try drive(
            "# R\n\n```python gradstep raises\n1 / 0\n```\n```output\nZeroDivisionError: ...\n```\n",
            input: ["r", "", ""])
        XCTAssertTrue(r.output.contains("No block has run yet, so there is nothing to repeat"), r.output)
        XCTAssertTrue(r.output.contains("ZeroDivisionError"), "a raises block shows its error:\n\(r.output)")
    }

    func testARepeatExplainsLaterDifferences() throws {
        let text =
            "# S\n\n```python gradstep\nn = 1\n```\n\n```python gradstep\nn = n + "
            + "1\nprint(n)\n```\n```output\n2\n```\n\n```python gradstep\nprint(n * 10)\n```\n```output\n20\n```\n"
        let r = try drive(text, input: ["", "", "r", "", ""])
        let o = r.output
        XCTAssertTrue(o.contains("(block 2 ran again in the current state"), o)
        XCTAssertFalse(o.contains("- 2\n+ 3"), "the repeat itself is not reported as a mismatch:\n\(o)")
        XCTAssertTrue(o.contains("The output differs from the page because block 2 was repeated"), o)
    }
}
