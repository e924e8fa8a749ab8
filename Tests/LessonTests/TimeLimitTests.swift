// TimeLimitTests: `run`/`check` stop a block that runs past the lesson's time limit and report it
// as a failure at the block's place, then go on with the lesson (issue 10: `check` hung for ever).
import Foundation
import GradLessons
import GradScript
import XCTest

final class TimeLimitTests: XCTestCase {
    let text = """
        ---
        timeout: 1
        ---
        # Endless

        ```python gradstep
        x = 1
        while True:
            x = x + 1
        ```

        ```python gradstep
        print("after", x > 1)
        ```
        ```output
        after True
        ```
        """

    func testEndlessBlockFailsWithItsPlaceAndTheLessonGoesOn() throws {
        let lesson = try LessonParser.parse(text, path: "endless.md")
        XCTAssertEqual(lesson.timeout, 1)
        var options = ReplayOptions()
        options.keepGoing = true
        options.progressBars = false
        var out = ""
        let start = Date()
        let summary = Replay.run(lesson, options: options, write: { out += $0 })
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(summary.failed, 1, out)
        XCTAssertEqual(summary.passed, 1, out)
        XCTAssertTrue(
            out.contains(
                "endless.md:7: block 1: error\nendless.md:7: TimeoutError: block 1 did not finish within the time "
                    + "limit of 1 s"
            ), out)
    }

    func testNoLimitWithoutOneAndBadTimeoutsAreRejected() throws {
        XCTAssertThrowsError(try LessonParser.parse("---\ntimeout: -3\n---\n# x\n", path: "t.md")) { e in
            XCTAssertEqual("\(e)", "t.md:2: timeout must be a positive number of seconds, got '-3'")
        }
        let lesson = try LessonParser.parse("# x\n\n```python gradstep\nprint(1)\n```\n", path: "t.md")
        XCTAssertNil(lesson.timeout)
        let runner = LessonRunner(lesson: lesson)
        XCTAssertNil(runner.timeLimit, "learn runs blocks without a limit")
        XCTAssertEqual(ReplayOptions().blockTimeLimit, 600)
    }
}
