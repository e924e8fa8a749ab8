// Tests of GradRender: colour detection, heatmaps, image grids, graph trees, line charts, SVG
// charts, progress lines and confusion tables.
// Exact strings where the output is a contract (ASCII pictures, tables, progress lines).

import Foundation
import GradEngine
import GradRender
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

final class TerminalCapabilitiesTests: XCTestCase {
    func testNoColorWins() {
        let env = ["NO_COLOR": "1", "COLORTERM": "truecolor", "TERM": "xterm-256color"]
        XCTAssertEqual(TerminalCapabilities.colorMode(environment: env, isTerminal: true), .none)
    }

    func testTrueColorAnd256AndDumb() {
        XCTAssertEqual(
            TerminalCapabilities.colorMode(environment: ["COLORTERM": "truecolor", "TERM": "xterm"], isTerminal: true),
            .trueColor)
        XCTAssertEqual(
            TerminalCapabilities.colorMode(environment: ["TERM": "xterm-256color"], isTerminal: true), .ansi256)
        XCTAssertEqual(
            TerminalCapabilities.colorMode(environment: ["TERM": "dumb", "COLORTERM": "truecolor"], isTerminal: true),
            .none)
        XCTAssertEqual(TerminalCapabilities.colorMode(environment: ["TERM": "vt100"], isTerminal: true), .none)
    }

    func testNotATerminalHasNoColourUnlessForced() {
        XCTAssertEqual(
            TerminalCapabilities.colorMode(environment: ["TERM": "xterm-256color"], isTerminal: false), .none)
        XCTAssertEqual(
            TerminalCapabilities.colorMode(environment: ["GRADSTEP_COLOR": "256"], isTerminal: false), .ansi256)
    }

    func testPalette256() {
        XCTAssertEqual(RGB(0, 0, 0).palette256, 16)
        XCTAssertEqual(RGB(255, 255, 255).palette256, 231)
        XCTAssertEqual(RGB(255, 0, 0).palette256, 196)
        XCTAssertEqual(RGB(128, 128, 128).palette256, 244)
    }
}

final class HeatmapTests: XCTestCase {
    func testASCIIRampOfAGradient() throws {
        // 2 rows x 10 columns, values 0...9 on both rows: one line, the full ramp.
        let row = (0..<10).map(Float.init)
        let t = try Tensor(shape: [2, 10], data: row + row)
        let text = try Heatmap.render(t, colorMode: .none, legend: false)
        XCTAssertEqual(text, " .:-=+*#%@")
    }

    func testOddRowCountAndLegend() throws {
        let t = try Tensor(shape: [3, 2], data: [0, 1, 0, 1, 1, 0])
        let text = try Heatmap.render(t, colorMode: .none)
        XCTAssertEqual(text, " @\n@ \n0 [ .:-=+*#%@] 1")
    }

    func testNaNShowsQuestionMark() throws {
        let t = try Tensor(shape: [1, 3], data: [0, .nan, 1])
        XCTAssertEqual(try Heatmap.render(t, colorMode: .none, legend: false), " ?@")
    }

    func testSignedDataUsesDivergingScaleCentredOnZero() {
        XCTAssertEqual(HeatmapScale.fitting([-1, 0.5]), .diverging(limit: 1))
        XCTAssertEqual(HeatmapScale.fitting([0, 2]), .sequential(min: 0, max: 2))
        let s = HeatmapScale.diverging(limit: 2)
        XCTAssertEqual(s.color(0), RGB(128, 128, 128))
        XCTAssertEqual(s.color(-2), RGB(40, 110, 255))
        XCTAssertEqual(s.color(2), RGB(255, 64, 32))
    }

    /// Zero (a dead unit, a zero weight) must not vanish into the terminal's background, dark or
    /// light: WCAG's contrast ratio of the zero colour against black and against white is at least 3
    /// (the level asked of graphics), and both ends of the scale differ from zero as much.
    func testDivergingZeroIsVisibleOnDarkAndLightTerminals() {
        func luminance(_ c: RGB) -> Double {
            func channel(_ v: Int) -> Double {
                let x = Double(v) / 255
                return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
        }
        func contrast(_ a: RGB, _ b: RGB) -> Double {
            let (la, lb) = (luminance(a), luminance(b))
            return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
        }
        let s = HeatmapScale.diverging(limit: 1)
        let black = RGB(0, 0, 0), white = RGB(255, 255, 255)
        for v: Float in [0, 0.05, -0.05] {
            XCTAssertGreaterThanOrEqual(contrast(s.color(v), black), 3, "value \(v) on a dark terminal")
            XCTAssertGreaterThanOrEqual(contrast(s.color(v), white), 3, "value \(v) on a light terminal")
        }
        // The signs stay apart from zero in hue: the ends are saturated, zero is grey.
        XCTAssertGreaterThan(s.color(1).r - s.color(1).b, 150)
        XCTAssertGreaterThan(s.color(-1).b - s.color(-1).r, 150)
    }

    func testTrueColorUsesHalfBlocksAndEscapes() throws {
        let t = try Tensor(shape: [28, 28], data: (0..<784).map { Float($0 % 28) / 27 })
        let text = try Heatmap.render(t, colorMode: .trueColor, legend: false)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 14)
        for line in lines {
            XCTAssertEqual(line.filter { $0 == "▀" }.count, 28)
            XCTAssertTrue(line.hasSuffix(ANSI.reset))
            XCTAssertEqual(ANSI.visibleWidth(String(line)), 28)
        }
        XCTAssertTrue(text.contains("\u{1B}[38;2;0;0;0m"))
        XCTAssertTrue(text.contains("\u{1B}[48;2;255;255;255m"))
    }

    func test256ColoursUsePalette() throws {
        let t = try Tensor(shape: [2, 2], data: [0, 1, 0, 1])
        let text = try Heatmap.render(t, colorMode: .ansi256, legend: false)
        XCTAssertTrue(text.contains("\u{1B}[38;5;16m"), text)
        XCTAssertTrue(text.contains("\u{1B}[48;5;231m"), text)
    }

    func testImageShapesAndLargeTensorsAreFitted() throws {
        XCTAssertTrue(Heatmap.isDrawable([1, 28, 28]))
        XCTAssertTrue(Heatmap.isDrawable([1, 1, 28, 28]))
        XCTAssertFalse(Heatmap.isDrawable([3]))
        XCTAssertFalse(Heatmap.isDrawable([2, 28, 28]))
        XCTAssertThrowsError(try Heatmap.render(try Tensor(shape: [4], data: [1, 2, 3, 4]), colorMode: .none))
        let big = try Tensor(shape: [200, 300], data: [Float](repeating: 1, count: 60_000))
        let text = try Heatmap.render(big, colorMode: .none, maxColumns: 80, maxRows: 64)
        let lines = text.split(separator: "\n")
        XCTAssertLessThanOrEqual(lines.dropLast().map(\.count).max() ?? 0, 80)
        XCTAssertTrue(lines.last?.contains("averaged in 4×4 blocks") ?? false, String(lines.last ?? ""))
    }
}

final class ImageGridTests: XCTestCase {
    func testBatchTilesSideBySideWithCaptions() throws {
        // Three 8x8 images, values 0 / 0.5 / 1: each tile 8 columns x 4 lines, one gap column.
        var data: [Float] = []
        for v: Float in [0, 0.5, 1] { data += [Float](repeating: v, count: 64) }
        let t = try Tensor(shape: [3, 1, 8, 8], data: data)
        let text = try ImageGrid.render(t, colorMode: .none, columns: 80, captions: ["a", "b", "c"])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 6)
        XCTAssertEqual(
            lines[0],
            String(repeating: " ", count: 8) + " " + String(repeating: "+", count: 8) + " "
                + String(repeating: "@", count: 8))
        XCTAssertEqual(lines[4], "a        b        c")
        XCTAssertEqual(lines[5], "0 [ .:-=+*#%@] 1")
    }

    func testWrapsAtTerminalWidthAndUpscalesFilters() throws {
        // Ten 5x5 filters: enlarged x2 to 10 columns; 25 columns fit two per row.
        let t = try Tensor(shape: [10, 1, 5, 5], data: (0..<250).map { Float($0 % 7) - 3 })
        let text = try ImageGrid.render(t, colorMode: .none, columns: 25)
        let lines = text.split(separator: "\n").map(String.init)
        // 5 rows of tiles, 5 lines each (10 pixel rows), plus the legend.
        XCTAssertEqual(lines.count, 26)
        XCTAssertEqual(lines[0].count, 21)
    }

    func testRejectsOtherShapes() {
        XCTAssertThrowsError(try ImageGrid.render(try Tensor(shape: [5], data: [1, 2, 3, 4, 5]), colorMode: .none))
    }
}

final class GraphTreeTests: XCTestCase {
    func testTreeOfASmallExpression() throws {
        let x = try Tensor(shape: [3], data: [1, 2, 3], requiresGrad: true)
        x.label = "x"
        let w = try Tensor(shape: [3], data: [0.5, 0.5, 0.5], requiresGrad: true)
        w.label = "w"
        let y = try Tensor.add(try Tensor.mul(x, w), x)
        guard let g = y.graph() else { return XCTFail("no graph") }
        XCTAssertEqual(
            GraphTree.render(g),
            """
            add [3]
            ├── mul [3]
            │   ├── #1 x (leaf) [3]
            │   └── w (leaf) [3]
            └── ↑ #1 x (shown above)
            """)
    }

    func testGradientNormsAfterBackward() throws {
        let a = try Tensor(shape: [2], data: [3, 4], requiresGrad: true)
        a.label = "a"
        let y = try Tensor.mul(a, a)
        try y.backward(try Tensor(shape: [2], data: [1, 1]))
        guard let g = y.graph() else { return XCTFail("no graph after backward") }
        let text = GraphTree.render(g)
        XCTAssertTrue(text.hasPrefix("mul [2] ‖grad‖ 1.414"), text)
        XCTAssertTrue(text.contains("a (leaf) [2] ‖grad‖ 10"), text)
    }

    func testLongChainIsCutNotOverflowed() throws {
        var t = try Tensor(shape: [1], data: [1], requiresGrad: true)
        let one = try Tensor(shape: [1], data: [1])
        for _ in 0..<20_000 { t = try Tensor.add(t, one) }
        guard let g = t.graph() else { return XCTFail("no graph") }
        let text = GraphTree.render(g, maxLines: 50)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 51)
        XCTAssertTrue(lines.last?.hasPrefix("… ") ?? false)
    }
}

final class ChartTests: XCTestCase {
    func testLineChartLayout() {
        let s = ChartSeries(name: "loss", values: [2.0, 1.5, 1.0, 0.75, 0.5])
        let text = LineChart.render(title: "training", series: [s], width: 20, height: 4, colorMode: .none)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "training")
        XCTAssertTrue(lines[1].hasPrefix("   2 ┤"), lines[1])
        XCTAssertTrue(lines[4].hasPrefix(" 0.5 ┤"), lines[4])
        XCTAssertEqual(lines[5], "     └" + String(repeating: "─", count: 20))
        XCTAssertEqual(lines[6], "      1" + String(repeating: " ", count: 18) + "5 step")
        XCTAssertEqual(lines[7], "      ── loss")
        // The curve starts top-left and ends bottom-right.
        let firstCell = Array(lines[1])[6], lastCell = Array(lines[4]).last!
        XCTAssertNotEqual(firstCell, "\u{2800}")
        XCTAssertNotEqual(lastCell, "\u{2800}")
    }

    func testDifferentScalesGetSeparatePanels() {
        let loss = ChartSeries(name: "loss", values: [2.3, 1.0, 0.6])
        let acc = ChartSeries(name: "accuracy", values: [0.02, 0.05, 0.08])
        let text = LineChart.render(title: "history", series: [loss, acc], width: 20, height: 3, colorMode: .trueColor)
        XCTAssertEqual(text.components(separatedBy: "└").count - 1, 2)
    }

    func testSVGIsWellFormedAndEscaped() throws {
        let svg = SVGChart.render(
            title: "loss & <accuracy>",
            series: [
                ChartSeries(name: "loss", values: [2.3, 1.2, .nan, 0.7, 0.5]),
                ChartSeries(name: "accuracy", values: [0.4, 0.6, 0.7, 0.75, 0.77]),
            ])
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(svg.contains("loss &amp; &lt;accuracy&gt;"))
        // The NaN breaks the loss curve in two; accuracy is one polyline.
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 3)
        let parser = XMLParser(data: Data(svg.utf8))
        XCTAssertTrue(parser.parse(), "SVG does not parse: \(String(describing: parser.parserError))")
    }

    func testSVGWriteReportsBadPath() {
        XCTAssertThrowsError(try SVGChart.write(title: "t", series: [], to: "/nonexistent-dir/x.svg")) { e in
            XCTAssertTrue("\(e)".contains("/nonexistent-dir/x.svg"))
        }
    }
}

final class ProgressBarTests: XCTestCase {
    func testFormatLikeTqdm() {
        let line = ProgressBar.format(
            n: 270, total: 600, elapsed: 3.2, description: "epoch 1/3", unit: "it",
            loss: 0.62134, accuracy: 0.784, barWidth: 12)
        XCTAssertEqual(line, "epoch 1/3:  45%|█████▍      | 270/600 [00:03<00:03, 84.38it/s, loss=0.6213, acc=78.4%]")
        XCTAssertEqual(ProgressBar.format(n: 0, total: 10, elapsed: 0, barWidth: 0), "  0% 0/10 [00:00<?, ?it/s]")
        XCTAssertEqual(ProgressBar.clockText(3725), "1:02:05")
    }

    /// A terminal bar never reaches the last column, so it cannot wrap and `\r` redraws it in place
    /// (issue 10: at 50 columns it was about 90 characters and every redraw scrolled). Narrower,
    /// the rate, the times, the bar and the accuracy go, in that order; the loss stays longest.
    func testTerminalLineFitsEveryWidth() {
        for columns in 1...130 {
            let line = ProgressBar.format(
                n: 270, total: 60000, elapsed: 3.2, description: "epoch 10/30", unit: "batch",
                loss: 0.62134, accuracy: 0.784, columns: columns)
            XCTAssertLessThanOrEqual(line.count, max(0, columns - 1), "\(columns) columns: \(line)")
        }
        func line(_ columns: Int) -> String {
            ProgressBar.format(
                n: 270, total: 600, elapsed: 3.2, description: "epoch 1/3", unit: "batch", loss: 0.62134,
                accuracy: 0.784, columns: columns)
        }
        XCTAssertEqual(
            line(100),
            "epoch 1/3:  45%|█████████▉            | 270/600 [00:03<00:03, 84.38batch/s, loss=0.6213, "
                + "acc=78.4%]")
        XCTAssertEqual(line(70), "epoch 1/3:  45%|████████▌          | 270/600 [loss=0.6213, acc=78.4%]")
        XCTAssertEqual(line(50), "epoch 1/3:  45% 270/600 [loss=0.6213, acc=78.4%]")
        XCTAssertEqual(line(40), "epoch 1/3:  45% 270/600 [loss=0.6213]")
        XCTAssertEqual(line(20), "epoch 1/3:  45% 270")
    }

    func testPlainLineEveryTenPercentWhenNotATerminal() {
        var written: [String] = []
        var now = 0.0
        let bar = ProgressBar(
            total: 50, description: "epoch 1", unit: "batch", isTerminal: false,
            write: { written.append($0) }, clock: { now })
        for i in 1...50 {
            now += 0.125
            bar.update(i, loss: 1.0 / Double(i), accuracy: 0.5)
        }
        bar.finish()
        XCTAssertEqual(written.count, 10)
        XCTAssertEqual(written[0], "epoch 1:  10% 5/50 [00:00<00:05, 8.00batch/s, loss=0.2000, acc=50.0%]\n")
        XCTAssertTrue(written[9].hasPrefix("epoch 1: 100% 50/50 [00:06<00:00"), written[9])
    }

    func testInterruptedPlainBarWritesWhereItStopped() {
        var written: [String] = []
        let bar = ProgressBar(total: 100, isTerminal: false, write: { written.append($0) }, clock: { 1 })
        bar.update(3)
        bar.finish(note: "stopped at batch 3 of 100")
        XCTAssertEqual(written, ["  3% 3/100 [00:00<?, ?it/s]\n", "stopped at batch 3 of 100\n"])
    }

    func testTerminalRedrawsInPlace() {
        var written: [String] = []
        var now = 0.0
        let bar = ProgressBar(total: 4, isTerminal: true, columns: 80, write: { written.append($0) }, clock: { now })
        for i in 1...4 {
            now += 1
            bar.update(i)
        }
        bar.finish()
        XCTAssertTrue(written.allSatisfy { $0.hasPrefix("\r") })
        XCTAssertTrue(written.last?.hasSuffix("\u{1B}[K\n") ?? false)
        XCTAssertTrue(written[written.count - 2].contains("100%|████"))
    }
}

final class ConfusionTableTests: XCTestCase {
    func testConfusionTable() {
        let m = [[5, 1, 0], [0, 3, 1], [2, 0, 8]]
        let text = ConfusionTable.render(m, classNames: ["cat", "dog", "bird"])
        XCTAssertEqual(
            text,
            """
            confusion matrix (rows: true class, columns: predicted class)
                     0   1   2  recall
            0 cat    5   1   0   83.3%
            1 dog    0   3   1   75.0%
            2 bird   2   0   8   80.0%
            accuracy 80.0% (16 of 20)
            """)
    }
}
