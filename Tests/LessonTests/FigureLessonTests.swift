// matplotlib in a lesson block: `plt.show()` adds no text to the checked output (the block passes
// with only what it prints), the figure reaches the front end as a display item, and the HTML
// export inlines it as SVG.
import GradLessons
import GradScript
import XCTest

final class FigureLessonTests: XCTestCase {
    func testPlotInACheckedBlock() throws {
        let lesson = try LessonParser.parse(
            """
            # Plot

            ```python gradstep
            import matplotlib.pyplot as plt
            plt.plot([1, 2, 3], [0.9, 0.5, 0.3], label='loss')
            plt.xlabel('epoch')
            plt.legend()
            plt.show()
            print('done')
            ```
            ```output
            done
            ```
            """, path: "plot.md")
        let runner = LessonRunner(lesson: lesson)
        var figures: [DisplayItem] = []
        runner.onOutput = { piece in if case .display(let item) = piece { figures.append(item) } }
        let result = try XCTUnwrap(runner.runNext())
        XCTAssertEqual(result.status, .passed, result.outputText)
        XCTAssertEqual(result.outputText, "done")
        let item = try XCTUnwrap(figures.first)
        guard case .figure = item else { return XCTFail("\(item)") }
        let html = DisplayRendering.html(item)
        XCTAssertTrue(html.hasPrefix("<figure><svg xmlns=\"http://www.w3.org/2000/svg\""), String(html.prefix(80)))
        XCTAssertTrue(html.contains(">epoch</text>") && html.contains(">loss</text>"))
        let text = DisplayRendering.terminal(item, colorMode: .none, columns: 60)
        XCTAssertTrue(text.contains("epoch") && text.contains("── loss"), text)
    }
}
