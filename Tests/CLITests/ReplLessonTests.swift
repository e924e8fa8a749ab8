// `gradstep repl --lesson L [--upto N]`: the REPL starts in the state a lesson leaves (or the
// state just before block N). Driven through standard input; outputs compared exactly.

import Foundation
import XCTest

final class ReplLessonTests: XCTestCase {
    func testUptoStartsBeforeTheBlockAndKeepsEarlierVariables() throws {
        // Lesson 2: block 2 leaves z with 9 values, block 3 redefines it with 41, block 4 defines b1.
        let before = try CLI.run(
            ["repl", "--lesson", "2", "--upto", "3"],
            stdin: "print(W1.shape, z.shape)\nprint('b1' in dir())\n", timeout: 120)
        XCTAssertEqual(before.stderr, "")
        XCTAssertEqual(before.stdout, "torch.Size([3, 4]) torch.Size([9])\nFalse\n")
        XCTAssertEqual(before.status, 0)
    }

    func testAWholeLessonLeavesItsVariables() throws {
        let r = try CLI.run(
            ["repl", "--lesson", "03-loss"], stdin: "print('q' in dir(), 'network' in dir())\n", timeout: 120)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.stdout, "True False\n")
        XCTAssertEqual(r.status, 0)
    }

    func testAnUnknownLessonIsAClearErrorWithStatus2() throws {
        let r = try CLI.run(["repl", "--lesson", "99"], timeout: 60)
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.hasPrefix("gradstep: no lesson named '99'"), r.stderr)
    }

    func testUptoOutOfRangeIsAClearError() throws {
        let r = try CLI.run(["repl", "--lesson", "2", "--upto", "999"], timeout: 60)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--upto 999 is out of range"), r.stderr)
    }
}
