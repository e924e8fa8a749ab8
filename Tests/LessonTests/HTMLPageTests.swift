// HTMLPageTests: the executed-lesson page of `run --html`: formulas as MathML, highlighted code,
// no folder of the author's machine, errors wrapped (not clipped), exercises folded, pictures with a
// colour scale; and a screenshot by a real headless browser (skipped where chromium is absent).
import Foundation
import GradLessons
import XCTest

final class HTMLPageTests: XCTestCase {
    let text = """
        ---
        seed: 1
        ---
        # Page

        The rule: $$\\boldsymbol{W}^{(t)} = \\boldsymbol{W}^{(t-1)} - \\gamma \\frac{\\partial L}{\\partial \
        \\boldsymbol{W}^{(t-1)}}$$

        ```python gradstep
        import torch
        w = torch.tensor([[-1.0, 0.0, 2.0], [0.5, -0.5, 1.0]])   # signed values
        show(w, title="a signed matrix")
        print("done")
        ```

        ```python gradstep raises
        torch.ones(2, 3) @ torch.ones(4, 5)
        ```
        ```output
        RuntimeError: ...
        ```

        ## Exercise: one

        ```python gradstep exercise
        y = ...
        ```

        <details><summary>Solution</summary>

        ```python gradstep solution
        y = 2
        ```

        </details>

        ```python gradstep checks
        assert y == 2, f"y is {y}"
        ```
        """

    func page() throws -> String {
        let dir = NSTemporaryDirectory() + "gradstep-html-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/09-page.md"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let lesson = try LessonParser.load(path: path)
        let s = Replay.run(lesson, options: ReplayOptions(), write: { _ in })
        XCTAssertTrue(s.ok)
        return HTMLExport.page(lesson: lesson, results: s.results)
    }

    func testThePageReadsLikeANotebook() throws {
        let html = try page()
        XCTAssertTrue(html.contains("<math display=\"block\">"), "display formulas are MathML")
        XCTAssertTrue(html.contains("<mfrac>"), "fractions are typeset")
        XCTAssertTrue(html.contains("<span class=\"kw\">import</span>"), "code is highlighted")
        XCTAssertFalse(html.contains(NSTemporaryDirectory()), "no folder of the machine that made the page")
        XCTAssertTrue(html.contains("[1] 09-page.md:9"), html)
        XCTAssertTrue(html.contains(".err, .diff { white-space: pre-wrap;"), "errors wrap instead of being clipped")
        XCTAssertTrue(
            html.contains("<details class=\"solution\"><summary>Solution</summary>"), "the solution is folded")
        XCTAssertTrue(html.contains("<figcaption>a signed matrix</figcaption>"), "pictures have captions")
        XCTAssertTrue(html.contains("class=\"scale\""), "pictures have a colour scale")
        XCTAssertTrue(html.contains("rgb(236,236,236)"), "zero is light grey, visible on white, in a signed picture")
        XCTAssertFalse(html.contains("<script"), "the page runs no script")
    }

    /// Headless chromium renders the page; the screenshot has the window's size and is not blank
    /// (a blank page compresses to a few kB).
    func testHeadlessChromiumScreenshot() throws {
        guard
            let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw XCTSkip("no chromium on this machine")
        }
        let dir = NSTemporaryDirectory() + "gradstep-shot-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try page().write(toFile: dir + "/page.html", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir)/profile",
            "--window-size=900,1200", "--screenshot=\(dir)/page.png", "file://\(dir)/page.html",
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/page.png"))
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG file")
        func be32(_ o: Int) -> Int { png[o..<(o + 4)].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(be32(16), 900)
        XCTAssertEqual(be32(20), 1200)
        XCTAssertGreaterThan(png.count, 20_000, "the screenshot is not blank")
    }
}
