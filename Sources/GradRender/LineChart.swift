// LineChart: loss/accuracy curves drawn in the terminal with braille dots.
//
// Each character cell holds a 2×4 grid of braille dots, so a 60×10 chart has 120×40 points of
// resolution. Consecutive values are joined by straight dot lines. The y axis shows the top,
// middle and bottom values; the x axis shows the first and last index (1-based: step or epoch).
// Series whose ranges differ a lot (loss ~2 vs accuracy ~0.9), or several series without colour,
// get one panel each, stacked, so every curve keeps its own scale and stays readable.
// Non-finite values are skipped (the line breaks there).
//
// Non-goals: log scales, interactive zoom, more than a handful of series.

import Foundation

/// One named curve.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var values: [Double]
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

public enum LineChart {
    /// Series colours (colour-blind friendly: sky blue, orange, green, purple).
    static let palette = [RGB(86, 180, 233), RGB(230, 159, 0), RGB(0, 158, 115), RGB(204, 121, 167)]

    /// Draws the series in a chart `width` columns wide (plot area) and `height` lines tall per panel.
    public static func render(
        title: String, series: [ChartSeries], width: Int = 60, height: Int = 10,
        colorMode: ColorMode = .none, xLabel: String = "step"
    ) -> String {
        let usable = series.filter { $0.values.contains(where: { $0.isFinite }) }
        var out = [title]
        guard !usable.isEmpty else { return (out + ["(no data)"]).joined(separator: "\n") }
        for group in panels(usable, colorMode: colorMode) {
            out += panel(
                group.map { ($0, usable.firstIndex(of: $0) ?? 0) }, width: max(8, width),
                height: max(2, height), colorMode: colorMode, xLabel: xLabel)
        }
        return out.joined(separator: "\n")
    }

    /// Groups series that can share one y axis.
    static func panels(_ series: [ChartSeries], colorMode: ColorMode) -> [[ChartSeries]] {
        if series.count == 1 { return [series] }
        if colorMode == .none { return series.map { [$0] } }
        let spans = series.map { s -> Double in
            let (lo, hi) = range(s.values)
            return max(abs(lo), abs(hi), 1e-12)
        }
        let ratio = (spans.max() ?? 1) / (spans.min() ?? 1)
        return ratio > 5 ? series.map { [$0] } : [series]
    }

    /// (min, max) of the finite values, widened when flat.
    static func range(_ values: [Double]) -> (Double, Double) {
        let finite = values.filter { $0.isFinite }
        guard var lo = finite.min(), var hi = finite.max() else { return (0, 1) }
        if hi - lo < 1e-12 {
            let pad = max(abs(lo) * 0.05, 1e-6)
            lo = max(lo - pad, -Double.greatestFiniteMagnitude)
            hi = min(hi + pad, Double.greatestFiniteMagnitude)
        }
        return (lo, hi)
    }

    /// Where `v` sits from the top (`hi`, 0) to the bottom (`lo`, 1), clamped to 0...1. Computed on
    /// halves so a range wider than Double's (`[1e308, -1e308]`) does not overflow to inf/inf = NaN.
    static func fraction(_ v: Double, _ lo: Double, _ hi: Double) -> Double {
        let f = (hi / 2 - v / 2) / (hi / 2 - lo / 2)
        return f.isFinite ? min(max(f, 0), 1) : 0.5
    }

    /// One panel: axis labels, braille plot, x axis, legend.
    static func panel(
        _ group: [(ChartSeries, Int)], width: Int, height: Int, colorMode: ColorMode,
        xLabel: String
    ) -> [String] {
        let dotsW = width * 2, dotsH = height * 4
        var lo = Double.infinity, hi = -Double.infinity
        for (s, _) in group {
            let (a, b) = range(s.values)
            lo = min(lo, a)
            hi = max(hi, b)
        }
        let n = group.map { $0.0.values.count }.max() ?? 1
        // owner[cell] = series index drawing there (last wins), bits[cell] = braille dot bits.
        var bits = [UInt8](repeating: 0, count: width * height)
        var owner = [Int](repeating: -1, count: width * height)
        for (s, colorIndex) in group {
            var prev: (Int, Int)? = nil
            for (i, v) in s.values.enumerated() {
                guard v.isFinite else {
                    prev = nil
                    continue
                }
                let x = n > 1 ? Int((Double(i) / Double(n - 1) * Double(dotsW - 1)).rounded()) : dotsW / 2
                let y = Int((fraction(v, lo, hi) * Double(dotsH - 1)).rounded())
                let from = prev ?? (x, y)
                for (px, py) in line(from, (x, y)) {
                    let cx = px / 2, cy = py / 4
                    guard cx >= 0, cx < width, cy >= 0, cy < height else { continue }
                    bits[cy * width + cx] |= brailleBit(px % 2, py % 4)
                    owner[cy * width + cx] = colorIndex
                }
                prev = (x, y)
            }
        }
        let labels = [fmt(hi), fmt(hi / 2 + lo / 2), fmt(lo)]
        let labelW = labels.map(\.count).max() ?? 1
        var lines: [String] = []
        for row in 0..<height {
            var label = String(repeating: " ", count: labelW)
            var tick = "│"
            if row == 0 {
                label = pad(labels[0], labelW)
                tick = "┤"
            } else if row == height - 1 {
                label = pad(labels[2], labelW)
                tick = "┤"
            } else if row == height / 2 && height > 2 {
                label = pad(labels[1], labelW)
                tick = "┤"
            }
            var text = ""
            var current = -1
            for col in 0..<width {
                let b = bits[row * width + col]
                let who = owner[row * width + col]
                if colorMode != .none && b != 0 && who != current {
                    text += ANSI.fg(palette[who % palette.count], colorMode)
                    current = who
                }
                text.unicodeScalars.append(Unicode.Scalar(0x2800 + UInt32(b)) ?? " ")
            }
            if current >= 0 { text += ANSI.reset }
            lines.append(label + " " + tick + text)
        }
        lines.append(String(repeating: " ", count: labelW) + " └" + String(repeating: "─", count: width))
        let first = "1", last = "\(n)"
        let gap = max(1, width - first.count - last.count)
        lines.append(
            String(repeating: " ", count: labelW + 2) + first + String(repeating: " ", count: gap) + last
                + (xLabel.isEmpty ? "" : " " + xLabel))
        let legend = group.map { s, c -> String in
            let mark = colorMode == .none ? "──" : ANSI.fg(palette[c % palette.count], colorMode) + "━━" + ANSI.reset
            return mark + " " + s.name
        }.joined(separator: "   ")
        lines.append(String(repeating: " ", count: labelW + 2) + legend)
        return lines
    }

    /// Braille dot bit for column `x` (0, 1) and row `y` (0...3) of a cell (Unicode order).
    static func brailleBit(_ x: Int, _ y: Int) -> UInt8 {
        let table: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        return table[y][x]
    }

    /// Integer points of the segment a→b (Bresenham).
    static func line(_ a: (Int, Int), _ b: (Int, Int)) -> [(Int, Int)] {
        var (x0, y0) = a
        let (x1, y1) = b
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        var pts: [(Int, Int)] = []
        while true {
            pts.append((x0, y0))
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= dy {
                err += dy
                x0 += sx
            }
            if e2 <= dx {
                err += dx
                y0 += sy
            }
        }
        return pts
    }

    /// Axis number: 4 significant digits.
    static func fmt(_ v: Double) -> String {
        if v == 0 { return "0" }
        if abs(v) >= 1e5 || abs(v) < 1e-3 { return String(format: "%.2e", v) }
        let s = String(format: "%.4g", v)
        return s == "-0" ? "0" : s
    }

    static func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
}
