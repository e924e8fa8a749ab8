// SVGChart: the same curves as LineChart, saved as a standalone SVG file a browser can open.
//
// Layout: title on top; one panel per group of series that share a scale (see
// LineChart.panels: loss and accuracy get a panel each); each panel has a frame, "nice" y ticks
// (1, 2, 5 × 10^k) with grid lines, x ticks at 1-based indices, one polyline per series (broken
// at non-finite values) and a legend. Text is XML-escaped.
//
// Non-goals: interactivity, CSS themes, embedding fonts.

import Foundation

public enum SVGChart {
    /// The SVG document for `series`, `width` × `height` pixels in all.
    public static func render(
        title: String, series: [ChartSeries], width: Int = 720, height: Int = 400,
        xLabel: String = "step"
    ) -> String {
        let usable = series.filter { $0.values.contains(where: { $0.isFinite }) }
        let groups = usable.isEmpty ? [] : LineChart.panels(usable, colorMode: .trueColor)
        let W = Double(max(200, width)), H = Double(max(150, height))
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(W))" height="\(Int(H))" viewBox="0 0 \(Int(W)) \
            \(Int(H))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(num(W / 2))" y="20" text-anchor="middle" font-size="15">\(escape(title))</text>

            """
        if groups.isEmpty {
            svg += "<text x=\"\(num(W / 2))\" y=\"\(num(H / 2))\" text-anchor=\"middle\">no data</text>\n</svg>\n"
            return svg
        }
        let top = 32.0, bottom = 8.0
        let panelH = (H - top - bottom) / Double(groups.count)
        for (p, group) in groups.enumerated() {
            let y0 = top + Double(p) * panelH
            svg += panel(group, all: usable, x: 64, y: y0 + 6, w: W - 64 - 150, h: panelH - 40, xLabel: xLabel)
        }
        svg += "</svg>\n"
        return svg
    }

    /// Writes the SVG to `path` atomically; throws with the path on failure.
    public static func write(
        title: String, series: [ChartSeries], to path: String, width: Int = 720,
        height: Int = 400, xLabel: String = "step"
    ) throws {
        let text = render(title: title, series: series, width: width, height: height, xLabel: xLabel)
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ChartError(message: "cannot write SVG chart to \(path): \(error.localizedDescription)")
        }
    }

    /// `Interpreter.saveChart` for front ends: `plot(..., save=PATH)` writes through `write`.
    public static let saver: @Sendable (String, [(name: String, values: [Double])], String) throws -> Void = {
        title, series, path in
        try write(title: title, series: series.map { ChartSeries(name: $0.name, values: $0.values) }, to: path)
    }

    static func panel(
        _ group: [ChartSeries], all: [ChartSeries], x: Double, y: Double, w: Double, h: Double,
        xLabel: String
    ) -> String {
        var lo = Double.infinity, hi = -Double.infinity
        for s in group {
            let (a, b) = LineChart.range(s.values)
            lo = min(lo, a)
            hi = max(hi, b)
        }
        let ticks = niceTicks(lo, hi)
        lo = min(lo, ticks.first ?? lo)
        hi = max(hi, ticks.last ?? hi)
        let n = group.map(\.values.count).max() ?? 1
        func px(_ i: Int) -> Double { n > 1 ? x + Double(i) / Double(n - 1) * w : x + w / 2 }
        func py(_ v: Double) -> Double { y + LineChart.fraction(v, lo, hi) * h }
        var s =
            "<g>\n<rect x=\"\(num(x))\" y=\"\(num(y))\" width=\"\(num(w))\" height=\"\(num(h))\" fill=\"none\" "
            + "stroke=\"#888\"/>\n"
        for t in ticks {
            let ty = py(t)
            s += "<line x1=\"\(num(x))\" y1=\"\(num(ty))\" x2=\"\(num(x + w))\" y2=\"\(num(ty))\" stroke=\"#ddd\"/>\n"
            s +=
                "<text x=\"\(num(x - 6))\" y=\"\(num(ty + 4))\" "
                + "text-anchor=\"end\">\(escape(LineChart.fmt(t)))</text>\n"
        }
        for i in xTicks(n) {
            s += "<text x=\"\(num(px(i - 1)))\" y=\"\(num(y + h + 16))\" text-anchor=\"middle\">\(i)</text>\n"
        }
        s +=
            "<text x=\"\(num(x + w))\" y=\"\(num(y + h + 30))\" text-anchor=\"end\" "
            + "fill=\"#555\">\(escape(xLabel))</text>\n"
        for (k, series) in group.enumerated() {
            let c = LineChart.palette[(all.firstIndex(of: series) ?? k) % LineChart.palette.count]
            let color = "rgb(\(c.r),\(c.g),\(c.b))"
            var runs: [[String]] = [[]]
            for (i, v) in series.values.enumerated() {
                if v.isFinite {
                    runs[runs.count - 1].append("\(num(px(i))),\(num(py(v)))")
                } else if !(runs.last?.isEmpty ?? true) {
                    runs.append([])
                }
            }
            for run in runs where !run.isEmpty {
                if run.count == 1 {
                    let xy = run[0].split(separator: ",")
                    s += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\" fill=\"\(color)\"/>\n"
                } else {
                    s +=
                        "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" "
                        + "points=\"\(run.joined(separator: " "))\"/>\n"
                }
            }
            let ly = y + 14 + Double(k) * 18
            s +=
                "<line x1=\"\(num(x + w + 12))\" y1=\"\(num(ly - 4))\" x2=\"\(num(x + w + 32))\" y2=\"\(num(ly - 4))\" "
                + "stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            s += "<text x=\"\(num(x + w + 38))\" y=\"\(num(ly))\">\(escape(series.name))</text>\n"
        }
        s += "</g>\n"
        return s
    }

    /// Tick values at a 1/2/5 × 10^k step covering [lo, hi] with about 5 ticks.
    static func niceTicks(_ lo: Double, _ hi: Double) -> [Double] {
        let span = hi - lo
        guard span > 0, span.isFinite else { return [lo] }
        let raw = span / 4
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first(where: { $0 >= raw }) ?? 10 * mag
        var t = floor(lo / step) * step
        var ticks: [Double] = []
        while t <= hi + step * 0.5 && ticks.count < 20 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return ticks
    }

    /// About six 1-based x positions including the first and last.
    static func xTicks(_ n: Int) -> [Int] {
        guard n > 1 else { return [1] }
        let k = min(n, 6)
        var set: [Int] = []
        for j in 0..<k {
            let i = 1 + Int((Double(j) / Double(k - 1) * Double(n - 1)).rounded())
            if set.last != i { set.append(i) }
        }
        return set
    }

    static func num(_ v: Double) -> String { String(format: "%.1f", v) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// An error writing or drawing a chart.
public struct ChartError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
