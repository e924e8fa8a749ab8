import GradFigure
import GradRender
// The terminal and SVG drawings of a matplotlib figure (FigureText, FigureSVG): exact text for a
// small plot, and the SVG's parts (lines, bars, image pixels, labels, legend).
import XCTest

final class FigureRenderTests: XCTestCase {
    func lineFigure() -> Figure {
        var f = Figure()
        f.axes[0].artists = [.line(x: [0, 1, 2], y: [0, 1, 4], label: "y", color: nil, lineStyle: "-", marker: nil)]
        f.axes[0].title = "square"
        f.axes[0].xLabel = "x"
        f.axes[0].legend = true
        return f
    }

    func testTerminalLinePlotWithXValues() {
        let text = FigureText.render(lineFigure(), colorMode: .none, columns: 30)
        XCTAssertEqual(
            text,
            """
            square
            4 ┤⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⡠⠊
              │⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⢀⠜⠀⠀
              │⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⢀⠔⠁⠀⠀⠀
              │⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⡔⠁⠀⠀⠀⠀⠀
              │⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⡠⠊⠀⠀⠀⠀⠀⠀⠀
            2 ┤⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⡠⠊⠀⠀⠀⠀⠀⠀⠀⠀⠀
              │⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⢀⠜⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀
              │⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⢀⡠⠤⠒⠁⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀
              │⠀⠀⠀⠀⠀⣀⡠⠔⠒⠉⠁⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀
            0 ┤⣀⠤⠔⠊⠉⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀
              └───────────────────────────
              0            1              2
                            x
               ── y
            """)
    }

    func testSVGHasTheFiguresParts() {
        var f = lineFigure()
        f.rows = 1
        f.columns = 2
        var img = FigureAxes()
        img.artists = [
            .image(width: 2, height: 2, channels: 1, values: [0, 1, 1, 0], cmap: "gray", vmin: nil, vmax: nil)
        ]
        f.axes.append(img)
        f.axes[0].artists.append(.bars(left: [0], width: [1], height: [3], label: nil, color: "#ff0000"))
        let svg = FigureSVG.render(f)
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"480\""))
        XCTAssertTrue(svg.contains(">square</text>"))
        XCTAssertTrue(svg.contains(">x</text>"))
        XCTAssertTrue(svg.contains("<polyline fill=\"none\" stroke=\"#1f77b4\""), "first line in matplotlib's C0")
        XCTAssertTrue(svg.contains("fill=\"#ff0000\""), "the bar in its colour")
        XCTAssertEqual(svg.components(separatedBy: "fill=\"#000000\"").count - 1, 2, "two black pixels")
        XCTAssertEqual(svg.components(separatedBy: "fill=\"#ffffff\"").count - 1, 2, "two white pixels")
        XCTAssertTrue(svg.contains(">y</text>"), "legend entry")
    }
}
