// FigureText: a matplotlib figure (`Figure`) drawn in the terminal. Lines, points and bars on
// a braille canvas (2×4 dots per character cell) with real x values: y labels at the top, middle
// and bottom, x labels at the ends and middle, the title above, axis labels, and a legend line.
// Images use the Heatmap renderer (RGB images as their luminance). Subplots sit side by side when
// they fit the terminal's width, else one under another.
//
// Non-goals: grid lines, tick control, exact aspect ratios, colour bars (the heatmap's own scale
// line stands in for one).

import Foundation
import GradEngine
import GradFigure

public enum FigureText {
    /// The figure as terminal text, at most `columns` wide.
    public static func render(_ fig: Figure, colorMode: ColorMode, columns: Int) -> String {
        let cols = max(1, fig.columns)
        let panelWidth = max(24, (columns - 2 * (cols - 1)) / cols)
        let sideBySide = cols > 1 && panelWidth * cols + 2 * (cols - 1) <= columns && panelWidth >= 24
        var out: [String] = []
        if let t = fig.title { out.append(t) }
        for r in 0..<max(1, fig.rows) {
            let row = (0..<cols).compactMap { c -> [String]? in
                let i = r * cols + c
                guard i < fig.axes.count else { return nil }
                let ax = fig.axes[i]
                if ax.artists.isEmpty && ax.title == nil { return nil }
                return axes(ax, width: sideBySide ? panelWidth : min(columns, 100), colorMode: colorMode)
            }
            if sideBySide && row.count > 1 {
                let height = row.map(\.count).max() ?? 0
                let widths = row.map { $0.map(ANSI.visibleWidth).max() ?? 0 }
                for l in 0..<height {
                    var line = ""
                    for (k, p) in row.enumerated() {
                        let text = l < p.count ? p[l] : ""
                        line += text + String(repeating: " ", count: max(0, widths[k] - ANSI.visibleWidth(text)))
                        if k < row.count - 1 { line += "  " }
                    }
                    while line.hasSuffix(" ") { line.removeLast() }
                    out.append(line)
                }
            } else {
                for p in row { out += p }
            }
        }
        return out.joined(separator: "\n")
    }

    /// The data range of an axes (its limits when set), widened when flat; bars include 0.
    static func ranges(_ ax: FigureAxes) -> ((Double, Double), (Double, Double)) {
        var xs: [Double] = [], ys: [Double] = []
        for a in ax.artists {
            switch a {
            case let .line(x, y, _, _, _, _), let .scatter(x, y, _, _):
                for (u, v) in zip(x, y) where u.isFinite && v.isFinite {
                    xs.append(u)
                    ys.append(v)
                }
            case let .bars(l, w, h, _, _):
                for k in l.indices where h[k].isFinite {
                    xs += [l[k], l[k] + w[k]]
                    ys += [0, h[k]]
                }
            case let .image(w, h, _, _, _, _, _):
                xs += [-0.5, Double(w) - 0.5]
                ys += [-0.5, Double(h) - 0.5]
            }
        }
        func span(_ v: [Double], _ lim: (Double, Double)?) -> (Double, Double) {
            if let lim, lim.0 != lim.1 { return lim }
            guard var lo = v.min(), var hi = v.max() else { return (0, 1) }
            if hi - lo < 1e-12 {
                let p = max(abs(lo) * 0.05, 0.5)
                lo -= p
                hi += p
            }
            return (lo, hi)
        }
        return (span(xs, ax.xLimits), span(ys, ax.yLimits))
    }

    /// The middle of a range, 0 when rounding noise is all that separates it from 0.
    static func middle(_ r: (Double, Double)) -> Double {
        let m = (r.0 + r.1) / 2
        return abs(m) < (r.1 - r.0) * 1e-3 ? 0 : m
    }

    /// One axes as lines of text, `width` columns wide in all.
    static func axes(_ ax: FigureAxes, width: Int, colorMode: ColorMode) -> [String] {
        var out: [String] = []
        if let t = ax.title { out.append(t) }
        let images = ax.artists.compactMap { a -> FigureArtist? in
            if case .image = a { return a }
            return nil
        }
        if case let .image(w, h, ch, v, _, lo, hi)? = images.last, images.count == ax.artists.count {
            var gray = [Float](repeating: 0, count: w * h)
            for k in 0..<(w * h) {
                gray[k] =
                    ch >= 3 ? Float(0.299 * v[k * ch] + 0.587 * v[k * ch + 1] + 0.114 * v[k * ch + 2]) : Float(v[k])
            }
            let img = PixelImage(width: w, height: h, values: gray)
            var scale = HeatmapScale.fitting(gray)
            if lo != nil || hi != nil {
                let fin = gray.filter { $0.isFinite }
                scale = .sequential(min: Float(lo ?? Double(fin.min() ?? 0)), max: Float(hi ?? Double(fin.max() ?? 1)))
            }
            out.append(
                Heatmap.render(
                    img, colorMode: colorMode, scale: scale, maxColumns: max(8, width - 1), maxRows: 48,
                    legend: !ax.axisOff))
            return out.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        }
        let (xr, yr) = ranges(ax)
        let labels = [LineChart.fmt(yr.1), LineChart.fmt(middle(yr)), LineChart.fmt(yr.0)]
        let labelW = labels.map(\.count).max() ?? 1
        let plotW = max(8, width - labelW - 2), plotH = 10
        let dotsW = plotW * 2, dotsH = plotH * 4
        var bits = [UInt8](repeating: 0, count: plotW * plotH)
        var owner = [Int](repeating: -1, count: plotW * plotH)
        // Dot coordinates, clamped to a band around the canvas: points far outside xlim/ylim (or
        // ranges wider than Double's) neither trap nor make a line walk billions of dots.
        func clampDot(_ p: Double, _ size: Int) -> Int {
            guard p.isFinite else { return p > 0 ? 2 * size : -size }
            return Int(max(Double(-size), min(Double(2 * size), p.rounded())))
        }
        func dx(_ v: Double) -> Int { clampDot((v / 2 - xr.0 / 2) / (xr.1 / 2 - xr.0 / 2) * Double(dotsW - 1), dotsW) }
        func dy(_ v: Double) -> Int { clampDot((yr.1 / 2 - v / 2) / (yr.1 / 2 - yr.0 / 2) * Double(dotsH - 1), dotsH) }
        func dot(_ x: Int, _ y: Int, _ who: Int) {
            guard x >= 0, x < dotsW, y >= 0, y < dotsH else { return }
            let c = (y / 4) * plotW + x / 2
            bits[c] |= LineChart.brailleBit(x % 2, y % 4)
            owner[c] = who
        }
        /// A point mark: 2×2 dots, visible where one dot is not.
        func mark(_ x: Int, _ y: Int, _ who: Int) {
            for (ox, oy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                dot(min(dotsW - 1, x + ox), min(dotsH - 1, y + oy), who)
            }
        }
        var colors: [RGB] = []
        var legend: [(String, RGB)] = []
        for a in ax.artists {
            let who = colors.count
            switch a {
            case let .line(xs, ys, label, color, style, marker):
                let c = FigureColors.color(color, who)
                colors.append(c)
                if let label { legend.append((label, c)) }
                var prev: (Int, Int)? = nil
                var n = 0
                for (u, v) in zip(xs, ys) {
                    guard u.isFinite, v.isFinite else {
                        prev = nil
                        continue
                    }
                    let p = (dx(u), dy(v))
                    if style != nil {
                        for q in LineChart.line(prev ?? p, p) {
                            n += 1
                            if style == "--" && n % 6 >= 4 { continue }
                            if style == ":" && n % 3 != 0 { continue }
                            dot(q.0, q.1, who)
                        }
                    }
                    if marker != nil { mark(p.0, p.1, who) }
                    prev = p
                }
            case let .scatter(xs, ys, label, color):
                let c = FigureColors.color(color, who)
                colors.append(c)
                if let label { legend.append((label, c)) }
                for (u, v) in zip(xs, ys) where u.isFinite && v.isFinite { mark(dx(u), dy(v), who) }
            case let .bars(lefts, widths, heights, label, color):
                let c = FigureColors.color(color, who)
                colors.append(c)
                if let label { legend.append((label, c)) }
                for (k, l) in lefts.enumerated() where heights[k].isFinite {
                    let x0 = dx(l), x1 = max(x0, dx(l + widths[k]) - 1)
                    let y0 = dy(max(0, heights[k])), y1 = dy(min(0, heights[k]))
                    for x in x0...x1 { for y in min(y0, y1)...max(y0, y1) { dot(x, y, who) } }
                }
            case .image:
                colors.append(RGB(128, 128, 128))
            }
        }
        if let y = ax.yLabel { out.append(String(repeating: " ", count: labelW + 1) + y) }
        for row in 0..<plotH {
            var label = String(repeating: " ", count: labelW), tick = "│"
            if row == 0 {
                label = LineChart.pad(labels[0], labelW)
                tick = "┤"
            } else if row == plotH - 1 {
                label = LineChart.pad(labels[2], labelW)
                tick = "┤"
            } else if row == plotH / 2 {
                label = LineChart.pad(labels[1], labelW)
                tick = "┤"
            }
            var text = ""
            var current = -1
            for col in 0..<plotW {
                let b = bits[row * plotW + col], who = owner[row * plotW + col]
                if colorMode != .none && b != 0 && who != current && who >= 0 {
                    text += ANSI.fg(colors[who], colorMode)
                    current = who
                }
                text.unicodeScalars.append(Unicode.Scalar(0x2800 + UInt32(b)) ?? " ")
            }
            if current >= 0 { text += ANSI.reset }
            out.append(label + " " + tick + text)
        }
        out.append(String(repeating: " ", count: labelW) + " └" + String(repeating: "─", count: plotW))
        let lo = LineChart.fmt(xr.0), mid = LineChart.fmt(middle(xr)), hi = LineChart.fmt(xr.1)
        var axis = [Character](repeating: " ", count: plotW + 2)
        func put(_ s: String, at p: Int) {
            let start = max(0, min(axis.count - s.count, p))
            for (k, ch) in s.enumerated() where start + k < axis.count { axis[start + k] = ch }
        }
        put(lo, at: 0)
        if plotW > lo.count + mid.count + hi.count + 4 { put(mid, at: plotW / 2 - mid.count / 2) }
        put(hi, at: plotW + 2 - hi.count)
        out.append(String(repeating: " ", count: labelW + 1) + String(axis))
        if let x = ax.xLabel {
            out.append(String(repeating: " ", count: labelW + 2 + max(0, (plotW - x.count) / 2)) + x)
        }
        if ax.legend && !legend.isEmpty {
            out.append(
                String(repeating: " ", count: labelW + 2)
                    + legend.map { name, c in
                        (colorMode == .none ? "──" : ANSI.fg(c, colorMode) + "━━" + ANSI.reset) + " " + name
                    }.joined(separator: "   "))
        }
        return out
    }
}
