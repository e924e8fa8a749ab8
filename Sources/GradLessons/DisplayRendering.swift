// DisplayRendering.swift: a block's rich output (`DisplayItem`: images, charts) drawn for the terminal
// with GradRender's renderers, and as inline SVG for the HTML export.
// Non-goals: the renderers themselves (GradRender), deciding what to display (the language).
import Foundation
import GradRender
import GradEngine
import GradScript

public enum DisplayRendering {
    /// Terminal text for a display item (heatmap, image grid or line chart).
    public static func terminal(_ item: DisplayItem, colorMode: ColorMode, columns: Int) -> String {
        switch item {
        case .text(let s):
            return s
        case .image(let t, let title):
            let head = title.map { $0 + "\n" } ?? ""
            do {
                if Heatmap.isDrawable(t.shape) {
                    return head + (try Heatmap.render(t, colorMode: colorMode, maxColumns: min(columns, 80)))
                }
                return head + (try ImageGrid.render(t, colorMode: colorMode, columns: columns))
            } catch {
                return head + "(cannot draw: \(error))"
            }
        case .captionedImages(let t, let title, let captions):
            let head = title.map { $0 + "\n" } ?? ""
            do { return head + (try ImageGrid.render(t, colorMode: colorMode, columns: columns, captions: captions)) }
            catch { return head + "(cannot draw: \(error))" }
        case .confusion(let matrix, let classNames, let summary):
            return summary + "\n" + ConfusionTable.render(matrix, classNames: classNames, colorMode: colorMode)
        case .figure(let fig):
            return FigureText.render(Figure(plot: fig), colorMode: colorMode, columns: min(columns, 100))
        case .lineChart(let title, let series):
            return LineChart.render(title: title, series: series.map { ChartSeries(name: $0.name, values: $0.values) },
                                    width: max(20, min(columns, 100) - 20), colorMode: colorMode)
        }
    }

    /// An inline SVG (or preformatted text) for the HTML export.
    public static func html(_ item: DisplayItem) -> String {
        switch item {
        case .text(let s):
            return "<pre class=\"out\">\(HTMLExport.escape(s))</pre>"
        case .image(let t, let title):
            return "<figure>" + imageSVG(t) + (title.map { "<figcaption>\(HTMLExport.escape($0))</figcaption>" } ?? "") + "</figure>"
        case .captionedImages(let t, let title, let captions):
            let caption = ([title].compactMap { $0 } + captions).joined(separator: "; ")
            return "<figure>" + imageSVG(t) + "<figcaption>\(HTMLExport.escape(caption))</figcaption></figure>"
        case .confusion(let matrix, let classNames, let summary):
            return "<pre class=\"out\">\(HTMLExport.escape(summary + "\n" + ConfusionTable.render(matrix, classNames: classNames)))</pre>"
        case .figure(let fig):
            return "<figure>" + FigureSVG.render(Figure(plot: fig)) + "</figure>"
        case .lineChart(let title, let series):
            return "<figure>" + SVGChart.render(title: title, series: series.map { ChartSeries(name: $0.name, values: $0.values) },
                                                width: 640, height: 320) + "</figure>"
        }
    }

    /// Grey-scale SVG of `[H, W]`, `[1, H, W]`, `[N, H, W]` or `[N, 1, H, W]` images, side by side (at most 32).
    static func imageSVG(_ t: Tensor) -> String {
        let s = t.shape
        let n: Int, h: Int, w: Int
        switch s.count {
        case 2: (n, h, w) = (1, s[0], s[1])
        case 3: (n, h, w) = (s[0], s[1], s[2])
        case 4: (n, h, w) = (s[0] * s[1], s[2], s[3])
        default: return "<pre class=\"out\">(cannot draw a tensor of shape \(s))</pre>"
        }
        guard n > 0, h > 0, w > 0, t.data.count >= n * h * w else { return "" }
        let shown = min(n, 32)
        let lo = t.data.min() ?? 0, hi = t.data.max() ?? 1
        let range = hi > lo ? hi - lo : 1
        let px = max(1, 112 / max(h, w))
        let gap = 4
        // One path per grey level (16 levels) over a black background: a few bytes per pixel.
        var paths = [String](repeating: "", count: 16)
        for k in 0..<shown {
            let x0 = k * (w * px + gap)
            for y in 0..<h {
                for x in 0..<w {
                    let v = (t.data[k * h * w + y * w + x] - lo) / range
                    let level = min(15, max(0, Int((v * 15).rounded())))
                    if level > 0 { paths[level] += "M\(x0 + x * px) \(y * px)h\(px)v\(px)h-\(px)z" }
                }
            }
        }
        let width = shown * (w * px + gap) - gap
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(h * px)\" viewBox=\"0 0 \(width) \(h * px)\" style=\"max-width:100%;height:auto\" shape-rendering=\"crispEdges\">"
        for k in 0..<shown {
            out += "<rect x=\"\(k * (w * px + gap))\" y=\"0\" width=\"\(w * px)\" height=\"\(h * px)\" fill=\"black\"/>"
        }
        for (level, d) in paths.enumerated() where !d.isEmpty {
            let g = level * 17
            out += "<path fill=\"rgb(\(g),\(g),\(g))\" d=\"\(d)\"/>"
        }
        return out + "</svg>"
    }
}
