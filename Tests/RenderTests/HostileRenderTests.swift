import GradEngine
import GradRender
// Hostile values in charts (issue 10): ranges wider than Double's once trapped converting NaN to Int.
import XCTest

final class HostileRenderTests: XCTestCase {
    func testChartsSurviveRangesThatOverflowDouble() throws {
        for values in [
            [1e308, -1e308], [-1.7e308, 1.7e308, 0], [1.79e308, 1.79e308],
            [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude],
        ] {
            let text = LineChart.render(
                title: "t", series: [ChartSeries(name: "s", values: values)], width: 20, height: 4)
            XCTAssertTrue(text.contains("⠀") || text.contains("│"), text)
            let svg = SVGChart.render(title: "t", series: [ChartSeries(name: "s", values: values)])
            XCTAssertFalse(svg.contains("nan"), "SVG has NaN coordinates for \(values)")
        }
        // The top and bottom points land on the top and bottom rows.
        let lines = LineChart.render(
            title: "t", series: [ChartSeries(name: "s", values: [1e308, -1e308])], width: 8, height: 2
        ).split(separator: "\n")
        XCTAssertTrue(lines[1].hasPrefix("1e+308") || lines[1].contains("e+308"), String(lines[1]))
    }

    func testHeatmapOfExtremeFloats() throws {
        let t = try Tensor(shape: [1, 3], data: [-3e38, 0, 3e38])
        XCTAssertEqual(try Heatmap.render(t, colorMode: .none, legend: false).count, 3)
    }

    func testTallImageGridsAreBounded() throws {
        // Was 400,000 lines for [3, 1, 100000, 1].
        for shape in [[3, 1, 100000, 1], [2, 100000, 3], [4, 1, 3000, 2000]] {
            let t = try Tensor.zeros(shape)
            let text = try ImageGrid.render(t, colorMode: .none, columns: 80)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertLessThanOrEqual(
                lines.count, 4 * (ImageGrid.maxTileHeight / 2 + 2), "\(shape): \(lines.count) lines")
            XCTAssertLessThanOrEqual(lines.map(\.count).max() ?? 0, 80, "\(shape)")
        }
        // Small tiles are still enlarged as before (a 5x5 filter is 10 columns wide).
        let f = try ImageGrid.render(try Tensor.zeros([2, 1, 5, 5]), colorMode: .none, columns: 80)
        XCTAssertEqual(f.split(separator: "\n").first?.count, 21)
    }

    func testCapabilitiesWithAFixedWidthKeepIt() {
        var caps = TerminalCapabilities(colorMode: .none, columns: 33)
        XCTAssertEqual(caps.columns, 33)
        XCTAssertNil(caps.liveColumnsFD)
        caps.columns = 50
        XCTAssertEqual(caps.columns, 50)
    }
}
