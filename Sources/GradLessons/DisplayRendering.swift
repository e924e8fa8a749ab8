// DisplayRendering.swift: a block's rich output (`DisplayItem`: images, charts) drawn for the terminal
// with GradRender's renderers, and as inline SVG for the HTML export.
// Non-goals: the renderers themselves (GradRender), deciding what to display (the language).
import Foundation
import GradEngine
import GradRender
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
            do {
                return head + (try ImageGrid.render(t, colorMode: colorMode, columns: columns, captions: captions))
            } catch { return head + "(cannot draw: \(error))" }
        case .confusion(let matrix, let classNames, let summary):
            return summary + "\n" + ConfusionTable.render(matrix, classNames: classNames, colorMode: colorMode)
        case .figure(let fig):
            return FigureText.render(fig, colorMode: colorMode, columns: min(columns, 100))
        case .lineChart(let title, let series):
            return LineChart.render(
                title: title, series: series.map { ChartSeries(name: $0.name, values: $0.values) },
                width: max(20, min(columns, 100) - 20), colorMode: colorMode)
        }
    }

    /// An inline SVG (or preformatted text) for the HTML export.
    public static func html(_ item: DisplayItem) -> String {
        switch item {
        case .text(let s):
            return "<pre class=\"out\">\(HTMLExport.escape(s))</pre>"
        case .image(let t, let title):
            return "<figure>" + imageSVG(t) + (title.map { "<figcaption>\(HTMLExport.escape($0))</figcaption>" } ?? "")
                + "</figure>"
        case .captionedImages(let t, let title, let captions):
            // Each image with its own caption under it, the title under the whole set.
            let n = t.shape.first ?? 0
            var thumbs = ""
            for k in 0..<min(n, captions.count, 32) {
                thumbs +=
                    "<figure>" + imageSVG(t, only: k)
                    + "<figcaption>\(HTMLExport.escape(captions[k]))</figcaption></figure>"
            }
            return "<figure><div class=\"thumbs\">\(thumbs)</div>"
                + (title.map { "<figcaption>\(HTMLExport.escape($0))</figcaption>" } ?? "") + "</figure>"
        case .confusion(let matrix, let classNames, let summary):
            let table = ConfusionTable.render(matrix, classNames: classNames)
            return "<pre class=\"out\">\(HTMLExport.escape(summary + "\n" + table))</pre>"
        case .figure(let fig):
            return "<figure>" + FigureSVG.render(fig) + "</figure>"
        case .lineChart(let title, let series):
            return "<figure>"
                + SVGChart.render(
                    title: "", series: series.map { ChartSeries(name: $0.name, values: $0.values) },
                    width: 640, height: 320)
                + (title.isEmpty ? "" : "<figcaption>\(HTMLExport.escape(title))</figcaption>") + "</figure>"
        }
    }

    /// SVG of `[H, W]`, `[1, H, W]`, `[N, H, W]` or `[N, 1, H, W]` images, side by side (at most 32).
    /// `only`: draw just image `only` of the batch.
    static func imageSVG(_ t: Tensor, only: Int? = nil) -> String {
        let s = t.shape
        guard let (n, h, w) = ImageGrid.tiles(of: s) else {
            return "<pre class=\"out\">(cannot draw a tensor of shape \(s))</pre>"
        }
        guard n > 0, h > 0, w > 0, t.data.count >= n * h * w else { return "" }
        let picked = only.map { $0 >= 0 && $0 < n ? [$0] : [] } ?? Array(0..<min(n, 32))
        let shown = picked.count
        let lo = Double(t.data.min() ?? 0), hi = Double(t.data.max() ?? 1)
        // Signed values (weights, gradients, edges) get a diverging map, zero light grey, so zero never
        // vanishes and the sign shows; others a grey ramp from black (lowest) to white (highest).
        let signed = lo < 0 && hi > 0
        let m = max(abs(lo), abs(hi))
        let levels = 16
        func level(_ v: Double) -> Int {
            if signed { return min(levels, max(-levels, Int((v / (m > 0 ? m : 1) * Double(levels)).rounded()))) }
            let r = hi > lo ? (v - lo) / (hi - lo) : 0
            return min(levels - 1, max(0, Int((r * Double(levels - 1)).rounded())))
        }
        func colour(_ l: Int) -> String {
            if !signed {
                let g = l * 255 / (levels - 1)
                return "rgb(\(g),\(g),\(g))"
            }
            let f = Double(abs(l)) / Double(levels)
            let (r0, g0, b0) = (236.0, 236.0, 236.0)
            let (r1, g1, b1) = l < 0 ? (33.0, 102.0, 172.0) : (178.0, 24.0, 43.0)
            return "rgb(\(Int(r0 + (r1 - r0) * f)),\(Int(g0 + (g1 - g0) * f)),\(Int(b0 + (b1 - b0) * f)))"
        }
        let px = max(1, 112 / max(h, w))
        let gap = 4
        // One path per colour level over the background level: a few bytes per pixel.
        let background = signed ? 0 : 0
        var paths: [Int: String] = [:]
        for (slot, k) in picked.enumerated() {
            let x0 = slot * (w * px + gap)
            for y in 0..<h {
                for x in 0..<w {
                    let l = level(Double(t.data[k * h * w + y * w + x]))
                    if l != background { paths[l, default: ""] += "M\(x0 + x * px) \(y * px)h\(px)v\(px)h-\(px)z" }
                }
            }
        }
        let width = max(1, shown * (w * px + gap) - gap)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(h * px)\" viewBox=\"0 0 \(width) "
            + "\(h * px)\" style=\"max-width:100%;height:auto\" shape-rendering=\"crispEdges\">"
        for k in 0..<shown {
            out +=
                "<rect x=\"\(k * (w * px + gap))\" y=\"0\" width=\"\(w * px)\" height=\"\(h * px)\" "
                + "fill=\"\(colour(background))\"/>"
        }
        for (l, d) in paths.sorted(by: { $0.key < $1.key }) {
            out += "<path fill=\"\(colour(l))\" d=\"\(d)\"/>"
        }
        out += "</svg>"
        if only != nil { return out }
        // The colour scale under the picture: the colours from the lowest to the highest value.
        let steps = signed ? Array(-levels...levels) : Array(0..<levels)
        let cell = max(4, 240 / steps.count)
        var scale =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scale\" width=\"\(cell * steps.count + 120)\" "
            + "height=\"18\" viewBox=\"0 0 \(cell * steps.count + 120) 18\">"
        let lowText = signed ? String(format: "%.3g", -m) : String(format: "%.3g", lo)
        let highText = signed ? String(format: "%.3g", m) : String(format: "%.3g", hi)
        scale +=
            "<text x=\"56\" y=\"13\" font-size=\"12\" text-anchor=\"end\" font-family=\"sans-serif\">\(lowText)</text>"
        for (k, l) in steps.enumerated() {
            scale += "<rect x=\"\(60 + k * cell)\" y=\"3\" width=\"\(cell)\" height=\"12\" fill=\"\(colour(l))\"/>"
        }
        scale +=
            "<text x=\"\(64 + cell * steps.count)\" y=\"13\" font-size=\"12\" "
            + "font-family=\"sans-serif\">\(highText)</text></svg>"
        return out + "<div class=\"scale\">" + scale + "</div>"
    }
}
