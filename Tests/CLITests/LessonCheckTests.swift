// LessonCheckTests: every lesson in lessons/ replayed and checked by the real `gradstep check`, one
// test per lesson (so a failure names it), plus the example lesson of the README (section "Writing a lesson").
import Foundation
import XCTest

final class LessonCheckTests: XCTestCase {
    func check(_ lesson: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try CLI.run(["check", lesson], env: ["GRADSTEP_LESSONS": CLI.lessonsDir], timeout: 600)
        XCTAssertEqual(
            r.status, 0, "gradstep check \(lesson) failed:\n\(r.stdout)\n\(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stdout.hasSuffix("1 passed, 0 failed\n"), r.stdout, file: file, line: line)
    }

    func testEveryLessonIsCovered() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: CLI.lessonsDir).filter { $0.hasSuffix(".md") }
            .sorted()
        XCTAssertEqual(
            names,
            [
                "01-problem-formulation.md", "02-mlp.md", "03-loss.md", "04-gradient-descent.md",
                "05-convolution.md", "06-training.md", "07-experiments.md",
            ],
            "a new lesson needs its own test here")
    }

    func testLesson1ProblemFormulation() throws { try check("1") }
    func testLesson2MLP() throws { try check("2") }
    func testLesson3Loss() throws { try check("3") }
    func testLesson4GradientDescent() throws { try check("4") }
    func testLesson5Convolution() throws { try check("5") }
    func testLesson6Training() throws { try check("6") }
    func testLesson7Experiments() throws { try check("7") }

    func testLessonFormatExampleRuns() throws {
        let doc = try String(contentsOfFile: CLI.packageRoot + "/README.md", encoding: .utf8)
        guard let start = doc.range(of: "<!-- example-lesson:start -->\n`````markdown\n"),
            let end = doc.range(of: "`````\n<!-- example-lesson:end -->")
        else {
            return XCTFail("README.md lost its example-lesson markers")
        }
        let example = String(doc[start.upperBound..<end.lowerBound])
        let dir = CLI.tempDir("example")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try example.write(toFile: dir + "/example.md", atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", "example.md"], cwd: dir)
        XCTAssertEqual(r.stdout, "PASS example.md (6 blocks)\n1 passed, 0 failed\n", r.stderr)
        XCTAssertEqual(r.status, 0)
    }
}
