// ParserTests: lesson markdown -> model (fences, info-string markers, expected outputs, hints,
// front matter, line numbers) and the errors a malformed lesson gives.
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
            XCTAssertEqual("\(e)", "l.md:1: unknown marker 'fast' in '```python gradstep fast' (known: skip, nocheck, raises)")
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
