// Hostile values in charts (issue 10): ranges wider than Double's once trapped converting NaN to Int.
import XCTest
import GradRender
import GradEngine

final class HostileRenderTests: XCTestCase {
    func testChartsSurviveRangesThatOverflowDouble() throws {
        for values in [[1e308, -1e308], [-1.7e308, 1.7e308, 0], [1.79e308, 1.79e308], [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]] {
            let text = LineChart.render(title: "t", series: [ChartSeries(name: "s", values: values)], width: 20, height: 4)
            XCTAssertTrue(text.contains("⠀") || text.contains("│"), text)
            let svg = SVGChart.render(title: "t", series: [ChartSeries(name: "s", values: values)])
            XCTAssertFalse(svg.contains("nan"), "SVG has NaN coordinates for \(values)")
        }
        // The top and bottom points land on the top and bottom rows.
        let lines = LineChart.render(title: "t", series: [ChartSeries(name: "s", values: [1e308, -1e308])], width: 8, height: 2).split(separator: "\n")
        XCTAssertTrue(lines[1].hasPrefix("1e+308") || lines[1].contains("e+308"), String(lines[1]))
    }

    func testHeatmapOfExtremeFloats() throws {
        let t = try Tensor(shape: [1, 3], data: [-3e38, 0, 3e38])
        XCTAssertEqual(try Heatmap.render(t, colorMode: .none, legend: false).count, 3)
    }
}
