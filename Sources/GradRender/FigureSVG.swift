// FigureSVG: a matplotlib figure (`Figure`, built by `import matplotlib.pyplot as plt`) as a
// standalone SVG: `plt.savefig('x.svg')`, and inline in `run --html`. Also the colours both
// renderers share: matplotlib's colour cycle (C0..C9), its one-letter and common named colours,
// and a few colormaps (viridis, the default; gray; gray_r/binary; hot; Blues; coolwarm/bwr/RdBu).
//
// Layout: the figure is `figsize` × 100 pixels; axes are a grid of equal cells, each with a title,
// a frame, "nice" ticks (SVGChart.niceTicks), axis labels and a legend in the top-right corner.
// Images draw one rect per pixel (downsampled beyond 128 pixels a side).
// Non-goals: matplotlib's exact look, fonts, tick formatting, colour bars, aspect ratios.

import Foundation
import GradFigure

public enum FigureSVG {
    /// The SVG document of a figure.
    public static func render(_ fig: Figure) -> String {
        let W = max(200, Int(fig.size.width * 100)), H = max(150, Int(fig.size.height * 100))
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(W)\" height=\"\(H)\" viewBox=\"0 0 \(W) \(H)\" "
            + "font-family=\"sans-serif\" font-size=\"11\" style=\"max-width:100%;height:auto\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        var top = 0.0
        if let t = fig.title {
            s +=
                "<text x=\"\(num(Double(W) / 2))\" y=\"20\" text-anchor=\"middle\" "
                + "font-size=\"15\">\(SVGChart.escape(t))</text>\n"
            top = 28
        }
        let cellW = Double(W) / Double(max(1, fig.columns)), cellH = (Double(H) - top) / Double(max(1, fig.rows))
        for (i, ax) in fig.axes.enumerated() {
            let r = i / max(1, fig.columns), c = i % max(1, fig.columns)
            s += axes(ax, x: Double(c) * cellW, y: top + Double(r) * cellH, w: cellW, h: cellH)
        }
        return s + "</svg>\n"
    }

    /// Writes the SVG to `path` atomically (`plt.savefig`).
    public static func write(_ fig: Figure, to path: String) throws {
        do { try render(fig).write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw ChartError(message: "cannot write SVG figure to \(path): \(error.localizedDescription)")
        }
    }

    static func axes(_ ax: FigureAxes, x: Double, y: Double, w: Double, h: Double) -> String {
        var s = "<g>\n"
        let titleH = ax.title == nil ? 8.0 : 24.0
        if let t = ax.title {
            s +=
                "<text x=\"\(num(x + w / 2))\" y=\"\(num(y + 16))\" text-anchor=\"middle\" "
                + "font-size=\"13\">\(SVGChart.escape(t))</text>\n"
        }
        let images = ax.artists.compactMap { a -> (Int, Int, Int, [Double], String?, Double?, Double?)? in
            if case let .image(iw, ih, ch, v, cmap, lo, hi) = a { return (iw, ih, ch, v, cmap, lo, hi) }
            return nil
        }
        if let img = images.last, ax.artists.count == images.count {
            // An image fills the cell keeping its pixels square.
            let availW = w - 20, availH = h - titleH - 10
            let px = max(0.1, min(availW / Double(img.0), availH / Double(img.1)))
            let ox = x + (w - px * Double(img.0)) / 2, oy = y + titleH
            s += imageRects(img.0, img.1, img.2, img.3, cmap: img.4, vmin: img.5, vmax: img.6, x: ox, y: oy, px: px)
            if !ax.axisOff {
                s +=
                    "<rect x=\"\(num(ox))\" y=\"\(num(oy))\" width=\"\(num(px * Double(img.0)))\" "
                    + "height=\"\(num(px * Double(img.1)))\" fill=\"none\" stroke=\"#333\"/>\n"
            }
            return s + "</g>\n"
        }
        let left = x + (ax.axisOff ? 10 : 58), right = x + w - 14
        let ptop = y + titleH, bottom = y + h - (ax.axisOff ? 10 : (ax.xLabel == nil ? 26 : 40))
        let pw = max(10, right - left), ph = max(10, bottom - ptop)
        let (xr, yr) = FigureText.ranges(ax)
        let xt = SVGChart.niceTicks(xr.0, xr.1), yt = SVGChart.niceTicks(yr.0, yr.1)
        func px(_ v: Double) -> Double { left + (v - xr.0) / (xr.1 - xr.0) * pw }
        func py(_ v: Double) -> Double { ptop + (yr.1 - v) / (yr.1 - yr.0) * ph }
        if !ax.axisOff {
            s +=
                "<rect x=\"\(num(left))\" y=\"\(num(ptop))\" width=\"\(num(pw))\" height=\"\(num(ph))\" fill=\"none\" "
                + "stroke=\"#333\"/>\n"
            for t in yt where t >= yr.0 - 1e-12 && t <= yr.1 + 1e-12 {
                if ax.grid {
                    s +=
                        "<line x1=\"\(num(left))\" y1=\"\(num(py(t)))\" x2=\"\(num(right))\" y2=\"\(num(py(t)))\" "
                        + "stroke=\"#ddd\"/>\n"
                }
                s +=
                    "<text x=\"\(num(left - 5))\" y=\"\(num(py(t) + 4))\" "
                    + "text-anchor=\"end\">\(SVGChart.escape(LineChart.fmt(t)))</text>\n"
            }
            for t in xt where t >= xr.0 - 1e-12 && t <= xr.1 + 1e-12 {
                if ax.grid {
                    s +=
                        "<line x1=\"\(num(px(t)))\" y1=\"\(num(ptop))\" x2=\"\(num(px(t)))\" y2=\"\(num(bottom))\" "
                        + "stroke=\"#ddd\"/>\n"
                }
                s +=
                    "<text x=\"\(num(px(t)))\" y=\"\(num(bottom + 14))\" "
                    + "text-anchor=\"middle\">\(SVGChart.escape(LineChart.fmt(t)))</text>\n"
            }
            if let l = ax.xLabel {
                s +=
                    "<text x=\"\(num(left + pw / 2))\" y=\"\(num(bottom + 30))\" "
                    + "text-anchor=\"middle\">\(SVGChart.escape(l))</text>\n"
            }
            if let l = ax.yLabel {
                s +=
                    "<text transform=\"translate(\(num(x + 12)),\(num(ptop + ph / 2))) rotate(-90)\" "
                    + "text-anchor=\"middle\">\(SVGChart.escape(l))</text>\n"
            }
        }
        s +=
            "<svg x=\"\(num(left))\" y=\"\(num(ptop))\" width=\"\(num(pw))\" height=\"\(num(ph))\" "
            + "viewBox=\"\(num(left)) \(num(ptop)) \(num(pw)) \(num(ph))\" overflow=\"hidden\">\n"
        var series = 0
        for a in ax.artists {
            switch a {
            case let .line(xs, ys, _, color, style, marker):
                let c = css(FigureColors.color(color, series))
                series += 1
                if let style {
                    let dash =
                        style == "--"
                        ? " stroke-dasharray=\"6,4\""
                        : style == ":"
                            ? " stroke-dasharray=\"2,3\"" : style == "-." ? " stroke-dasharray=\"6,3,2,3\"" : ""
                    var run: [String] = []
                    func flush() {
                        if run.count > 1 {
                            s +=
                                "<polyline fill=\"none\" stroke=\"\(c)\" stroke-width=\"1.8\"\(dash) "
                                + "points=\"\(run.joined(separator: " "))\"/>\n"
                        }
                        run = []
                    }
                    for (u, v) in zip(xs, ys) {
                        if u.isFinite && v.isFinite { run.append("\(num(px(u))),\(num(py(v)))") } else { flush() }
                    }
                    flush()
                }
                if marker != nil {
                    for (u, v) in zip(xs, ys) where u.isFinite && v.isFinite {
                        s += "<circle cx=\"\(num(px(u)))\" cy=\"\(num(py(v)))\" r=\"3\" fill=\"\(c)\"/>\n"
                    }
                }
            case let .scatter(xs, ys, _, color):
                let c = css(FigureColors.color(color, series))
                series += 1
                for (u, v) in zip(xs, ys) where u.isFinite && v.isFinite {
                    s +=
                        "<circle cx=\"\(num(px(u)))\" cy=\"\(num(py(v)))\" r=\"3\" fill=\"\(c)\" "
                        + "fill-opacity=\"0.8\"/>\n"
                }
            case let .bars(lefts, widths, heights, _, color):
                let c = css(FigureColors.color(color, series))
                series += 1
                for (k, l) in lefts.enumerated() where heights[k].isFinite {
                    let x0 = px(l), x1 = px(l + widths[k]), y0 = py(max(0, heights[k])), y1 = py(min(0, heights[k]))
                    s +=
                        "<rect x=\"\(num(x0))\" y=\"\(num(y0))\" width=\"\(num(max(0.5, x1 - x0)))\" "
                        + "height=\"\(num(max(0, y1 - y0)))\" fill=\"\(c)\" stroke=\"white\" "
                        + "stroke-width=\"0.5\"/>\n"
                }
            case let .image(iw, ih, ch, v, cmap, lo, hi):
                let ppx = pw / Double(iw), ppy = ph / Double(ih)
                s += imageRects(iw, ih, ch, v, cmap: cmap, vmin: lo, vmax: hi, x: left, y: ptop, px: min(ppx, ppy))
            }
        }
        s += "</svg>\n"
        let labels = ax.labels
        if ax.legend && !labels.isEmpty {
            var k = 0
            for (j, a) in ax.artists.enumerated() {
                var color: String? = nil
                switch a {
                case .line(_, _, _, let c, _, _), .scatter(_, _, _, let c), .bars(_, _, _, _, let c): color = c
                default: continue
                }
                defer { k += 1 }
                guard let entry = labels.first(where: { $0.color == j }) else { continue }
                let ly = ptop + 14 + Double(labels.firstIndex(where: { $0.color == j }) ?? 0) * 16
                let c = css(FigureColors.color(color, k))
                s +=
                    "<line x1=\"\(num(right - 110))\" y1=\"\(num(ly - 4))\" x2=\"\(num(right - 92))\" "
                    + "y2=\"\(num(ly - 4))\" stroke=\"\(c)\" stroke-width=\"3\"/>\n"
                s += "<text x=\"\(num(right - 87))\" y=\"\(num(ly))\">\(SVGChart.escape(entry.label))</text>\n"
            }
        }
        return s + "</g>\n"
    }

    /// One rect per pixel (per block when larger than 128 pixels a side).
    static func imageRects(
        _ w: Int, _ h: Int, _ ch: Int, _ v: [Double], cmap: String?, vmin: Double?, vmax: Double?,
        x: Double, y: Double, px: Double
    ) -> String {
        guard w > 0, h > 0, v.count >= w * h * ch else { return "" }
        let step = max(1, max(w, h) / 128)
        let finite = v.filter { $0.isFinite }
        let lo = vmin ?? finite.min() ?? 0, hi = vmax ?? finite.max() ?? 1
        var s = ""
        var yy = 0
        while yy < h {
            var xx = 0
            while xx < w {
                let k = (yy * w + xx) * ch
                let rgb: RGB
                if ch >= 3 {
                    rgb = RGB(FigureColors.byte(v[k]), FigureColors.byte(v[k + 1]), FigureColors.byte(v[k + 2]))
                } else {
                    rgb = FigureColors.colormap(cmap, hi > lo ? (v[k] - lo) / (hi - lo) : 0.5)
                }
                s +=
                    "<rect x=\"\(num(x + Double(xx) * px))\" y=\"\(num(y + Double(yy) * px))\" "
                    + "width=\"\(num(px * Double(step) + 0.3))\" height=\"\(num(px * Double(step) + 0.3))\" "
                    + "fill=\"\(css(rgb))\"/>"
                xx += step
            }
            s += "\n"
            yy += step
        }
        return s
    }

    static func css(_ c: RGB) -> String { String(format: "#%02x%02x%02x", c.r, c.g, c.b) }
    static func num(_ v: Double) -> String { String(format: "%.1f", v) }
}

/// matplotlib's colours: the cycle, letters, common names, hex; and colormaps.
public enum FigureColors {
    static let cycle = [
        RGB(31, 119, 180), RGB(255, 127, 14), RGB(44, 160, 44), RGB(214, 39, 40), RGB(148, 103, 189),
        RGB(140, 86, 75), RGB(227, 119, 194), RGB(127, 127, 127), RGB(188, 189, 34), RGB(23, 190, 207),
    ]
    static let named: [String: RGB] = [
        "b": RGB(0, 0, 255), "g": RGB(0, 128, 0), "r": RGB(255, 0, 0), "c": RGB(0, 191, 191), "m": RGB(191, 0, 191),
        "y": RGB(191, 191, 0), "k": RGB(0, 0, 0), "w": RGB(255, 255, 255),
        "blue": RGB(0, 0, 255), "green": RGB(0, 128, 0), "red": RGB(255, 0, 0), "black": RGB(0, 0, 0),
        "white": RGB(255, 255, 255),
        "orange": RGB(255, 165, 0), "purple": RGB(128, 0, 128), "gray": RGB(128, 128, 128), "grey": RGB(128, 128, 128),
        "cyan": RGB(0, 255, 255), "magenta": RGB(255, 0, 255), "yellow": RGB(255, 255, 0), "brown": RGB(165, 42, 42),
        "pink": RGB(255, 192, 203), "navy": RGB(0, 0, 128), "teal": RGB(0, 128, 128),
    ]

    /// The colour of the `index`-th series of an axes when its own colour is `name` (nil: the cycle).
    public static func color(_ name: String?, _ index: Int) -> RGB {
        guard let raw = name?.lowercased() else { return cycle[index % cycle.count] }
        let n = raw.hasPrefix("tab:") ? String(raw.dropFirst(4)) : raw
        if n.hasPrefix("c"), n.count == 2, let d = Int(n.dropFirst()) { return cycle[d % cycle.count] }
        if let c = named[n] { return c }
        if n.hasPrefix("#"), n.count == 7, let v = Int(n.dropFirst(), radix: 16) {
            return RGB((v >> 16) & 255, (v >> 8) & 255, v & 255)
        }
        return cycle[index % cycle.count]
    }

    /// A channel value in [0, 1] as 0...255 (NaN as 0, out of range clamped: never traps).
    public static func byte(_ v: Double) -> Int {
        guard v.isFinite else { return 0 }
        return Int((max(0, min(1, v)) * 255).rounded())
    }

    /// A colormap at t in [0, 1].
    public static func colormap(_ name: String?, _ t: Double) -> RGB {
        let p = t.isFinite ? max(0, min(1, t)) : 0
        let stops: [RGB]
        switch name ?? "viridis" {
        case "gray", "grey", "Greys_r": stops = [RGB(0, 0, 0), RGB(255, 255, 255)]
        case "gray_r", "binary", "Greys", "grey_r": stops = [RGB(255, 255, 255), RGB(0, 0, 0)]
        case "hot": stops = [RGB(10, 0, 0), RGB(230, 0, 0), RGB(255, 210, 0), RGB(255, 255, 255)]
        case "Blues": stops = [RGB(247, 251, 255), RGB(107, 174, 214), RGB(8, 48, 107)]
        case "coolwarm", "bwr", "seismic": stops = [RGB(59, 76, 192), RGB(221, 221, 221), RGB(180, 4, 38)]
        case "RdBu": stops = [RGB(103, 0, 31), RGB(247, 247, 247), RGB(5, 48, 97)]
        case "magma", "inferno", "plasma":
            stops = [RGB(0, 0, 4), RGB(120, 28, 109), RGB(237, 105, 37), RGB(252, 253, 191)]
        default: stops = [RGB(68, 1, 84), RGB(59, 82, 139), RGB(33, 145, 140), RGB(94, 201, 98), RGB(253, 231, 37)]
        }
        let f = p * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(f))
        return RGB.mix(stops[i], stops[i + 1], f - Double(i))
    }
}
