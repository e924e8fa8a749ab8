// LearnSessionTests: `learn` driven in-process through injected I/O (no terminal): every prose
// item is shown once, Enter runs blocks, a lesson without blocks still ends cleanly, quit saves.
import Foundation
import GradLessons
import GradScript
import XCTest

final class LearnSessionTests: XCTestCase {
    var dir = ""
    override func setUp() { dir = NSTemporaryDirectory() + "gradstep-learnsession-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func drive(_ text: String, input: [String]) throws -> (output: String, status: Int32, progress: ProgressStore) {
        let lesson = try LessonParser.parse(text, path: "07-x.md")
        var lines = input
        nonisolated(unsafe) var out = ""
        let io = LearnSession.IO(readLine: { lines.isEmpty ? nil : lines.removeFirst() },
                                 write: { out += $0 }, openREPL: { _ in })
        let store = ProgressStore(path: dir + "/progress")
        let status = LearnSession(lesson: lesson, io: io, progress: store).run()
        return (out, status, ProgressStore(path: dir + "/progress"))
    }

    func testEveryProseItemIsShownOnce() throws {
        let r = try drive("# X\n\nFirst prose.\n\n```python gradstep\nprint(41 + 1)\n```\n\nMiddle prose.\n\n```python gradstep\nprint('two')\n```\n\nLast prose.\n", input: ["", ""])
        for p in ["First prose.", "Middle prose.", "Last prose."] {
            XCTAssertEqual(r.output.components(separatedBy: p).count - 1, 1, "\(p) shown once:\n\(r.output)")
        }
        XCTAssertTrue(r.output.contains("42\n"), r.output)
        XCTAssertTrue(r.output.contains("End of X."), r.output)
        XCTAssertEqual(r.progress.done("07-x"), 2)
        XCTAssertEqual(r.status, 0)
    }

    func testALessonWithoutBlocksShowsItsProseOnceAndEnds() throws {
        let r = try drive("# Only prose\n\nNothing to run here.\n", input: [])
        XCTAssertEqual(r.output.components(separatedBy: "Nothing to run here.").count - 1, 1, r.output)
        XCTAssertTrue(r.output.contains("End of Only prose."), r.output)
    }
}
