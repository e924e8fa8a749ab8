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

    func testRepeatBackHintAndUnknownCommands() throws {
        let text = "# R\n\n```python gradstep\na = 1\n```\n\n> **Hint:** add one.\n\n```python gradstep\na = a + 1\nprint('a is', a)\n```\n\n```python gradstep\nprint('end', a)\n```\n"
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
        XCTAssertTrue(after("(state restored: replayed blocks 1...1)", "a is 2"), "b restores the state before block 2:\n\(o)")
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
}
