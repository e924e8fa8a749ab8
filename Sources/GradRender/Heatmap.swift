// Heatmap: draws a 2-D tensor or a one-channel image in the terminal.
//
// Each character cell shows two pixels stacked vertically: the upper half block "▀" takes the
// upper pixel's colour as foreground and the lower pixel's as background, so a 28×28 image is
// 28 columns by 14 lines. Colours are 24-bit or the 256-colour palette (TerminalCapabilities);
// without colour an ASCII ramp " .:-=+*#%@" is used, one character per pixel column and one line
// per two pixel rows (the same geometry).
//
// Colour scales: non-negative data (images) is drawn black → white over [min, max]; data of both
// signs (weights, gradients) is drawn on a diverging scale blue (−L) → mid grey (0) → red (+L) with
// L = max |v|, so zero always looks the same. Zero is a mid grey, not black or white, so a zero
// weight or a dead unit stays visible on a dark terminal and on a light one alike (its contrast
// ratio is above 3 against both; RenderTests checks it). NaN/inf pixels are magenta (ASCII "?").
// Large tensors are block-averaged to fit `maxColumns` × `maxRows` pixels (each direction on its own).
//
// Non-goals: RGB images, sixel/kitty graphics protocols.

import GradEngine

/// A grid of pixel values, row-major, `height` × `width`.
public struct PixelImage: Sendable {
    public var width: Int
    public var height: Int
    public var values: [Float]

    public init(width: Int, height: Int, values: [Float]) {
        self.width = width
        self.height = height
        self.values = values
    }

    subscript(_ y: Int, _ x: Int) -> Float { values[y * width + x] }

    /// Block-averages by integer factors (rows `fy`, columns `fx`; partial blocks at the edges).
    func downsampled(by f: Int) -> PixelImage { downsampled(rows: f, columns: f) }

    func downsampled(rows fy: Int, columns fx: Int) -> PixelImage {
        guard fy > 1 || fx > 1 else { return self }
        let fy = max(1, fy), fx = max(1, fx)
        let w = (width + fx - 1) / fx, h = (height + fy - 1) / fy
        var out = [Float](repeating: 0, count: w * h)
        for by in 0..<h {
            for bx in 0..<w {
                var s: Float = 0, n: Float = 0
                for y in (by * fy)..<min(height, by * fy + fy) {
                    for x in (bx * fx)..<min(width, bx * fx + fx) {
                        s += self[y, x]
                        n += 1
                    }
                }
                out[by * w + bx] = n > 0 ? s / n : 0
            }
        }
        return PixelImage(width: w, height: h, values: out)
    }

    /// Repeats every pixel `f` times in both directions (to make 5×5 filters visible).
    public func upscaled(by f: Int) -> PixelImage {
        guard f > 1 else { return self }
        let w = width * f, h = height * f
        var out = [Float](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { out[y * w + x] = self[y / f, x / f] } }
        return PixelImage(width: w, height: h, values: out)
    }
}

/// How values map to colours.
public enum HeatmapScale: Sendable, Equatable {
    /// Black at `min` to white at `max` (images, non-negative data).
    case sequential(min: Float, max: Float)
    /// Blue at −limit, mid grey at 0, red at +limit (signed data).
    case diverging(limit: Float)

    /// The scale suited to `values`: diverging when they have both signs, sequential otherwise.
    public static func fitting(_ values: [Float]) -> HeatmapScale {
        var lo = Float.infinity, hi = -Float.infinity
        for v in values where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        if lo > hi { return .sequential(min: 0, max: 1) }
        if lo < 0 && hi > 0 { return .diverging(limit: max(-lo, hi)) }
        return .sequential(min: lo, max: hi)
    }

    /// Position of `v` on the scale, 0...1.
    func position(_ v: Float) -> Double {
        switch self {
        case let .sequential(lo, hi):
            // In Double: Float's (v - lo) / (hi - lo) overflows for ranges near ±3e38.
            return hi > lo ? (Double(v) - Double(lo)) / (Double(hi) - Double(lo)) : 0.5
        case let .diverging(l):
            return l > 0 ? Double((v / l + 1) / 2) : 0.5
        }
    }

    static let negative = RGB(40, 110, 255), zero = RGB(128, 128, 128), positive = RGB(255, 64, 32)
    static let invalid = RGB(255, 0, 255)

    /// The colour for `v`.
    public func color(_ v: Float) -> RGB {
        guard v.isFinite else { return HeatmapScale.invalid }
        let p = max(0, min(1, position(v)))
        switch self {
        case .sequential:
            let g = Int((p * 255).rounded())
            return RGB(g, g, g)
        case .diverging:
            return p < 0.5
                ? RGB.mix(HeatmapScale.negative, HeatmapScale.zero, p * 2)
                : RGB.mix(HeatmapScale.zero, HeatmapScale.positive, (p - 0.5) * 2)
        }
    }

    /// The ASCII ramp character for `v`.
    public func character(_ v: Float) -> Character {
        guard v.isFinite else { return "?" }
        let ramp = Array(Heatmap.asciiRamp)
        let p = max(0, min(1, position(v)))
        return ramp[min(ramp.count - 1, Int(p * Double(ramp.count)))]
    }

    /// "min … max" text for the legend.
    var rangeText: (String, String) {
        switch self {
        case let .sequential(lo, hi): return (Heatmap.short(lo), Heatmap.short(hi))
        case let .diverging(l): return (Heatmap.short(-l), Heatmap.short(l))
        }
    }
}

public enum Heatmap {
    /// Dark → bright, ten levels.
    public static let asciiRamp = " .:-=+*#%@"

    /// Whether `shape` is drawable as one heatmap: 2-D, or an image `[1, H, W]` / `[1, 1, H, W]`.
    public static func isDrawable(_ shape: [Int]) -> Bool {
        imageSize(shape) != nil
    }

    /// (height, width) when `shape` is 2-D or a one-channel image.
    public static func imageSize(_ shape: [Int]) -> (Int, Int)? {
        let dims = Array(shape.drop(while: { $0 == 1 }))
        switch shape.count {
        case 2: return shape[0] > 0 && shape[1] > 0 ? (shape[0], shape[1]) : nil
        case 3, 4:
            guard dims.count == 2, shape.suffix(2) == dims[...], dims[0] > 0, dims[1] > 0 else { return nil }
            return (dims[0], dims[1])
        default: return nil
        }
    }

    /// Draws `t` (2-D, `[1, H, W]` or `[1, 1, H, W]`) as a heatmap with a legend line.
    ///
    /// - Parameters:
    ///   - maxColumns: widest picture in character columns (pixels per row after averaging).
    ///   - maxRows: tallest picture in pixel rows (lines are half of it).
    public static func render(
        _ t: Tensor, colorMode: ColorMode, maxColumns: Int = 80, maxRows: Int = 64,
        legend: Bool = true
    ) throws -> String {
        guard let (h, w) = imageSize(t.shape) else {
            throw EngineError(
                "heatmap", "can draw a 2-D tensor or a one-channel image [1, H, W], got shape \(shapeText(t.shape))")
        }
        let image = PixelImage(width: w, height: h, values: t.data)
        return render(image, colorMode: colorMode, maxColumns: maxColumns, maxRows: maxRows, legend: legend)
    }

    /// Draws a pixel grid, fitted into `maxColumns` × `maxRows` pixels.
    public static func render(
        _ image: PixelImage, colorMode: ColorMode, scale: HeatmapScale? = nil,
        maxColumns: Int = 80, maxRows: Int = 64, legend: Bool = true
    ) -> String {
        let fx = max(1, (image.width + maxColumns - 1) / max(1, maxColumns))
        let fy = max(1, (image.height + maxRows - 1) / max(1, maxRows))
        let shown = image.downsampled(rows: fy, columns: fx)
        let scale = scale ?? HeatmapScale.fitting(image.values)
        var lines = renderLines(shown, scale: scale, colorMode: colorMode)
        if legend {
            var text = legendLine(scale, colorMode: colorMode)
            if fx > 1 || fy > 1 { text += "  (\(image.height)×\(image.width) averaged in \(fy)×\(fx) blocks)" }
            lines.append(text)
        }
        return lines.joined(separator: "\n")
    }

    /// The picture's lines (no legend), each exactly `image.width` columns wide.
    public static func renderLines(_ image: PixelImage, scale: HeatmapScale, colorMode: ColorMode) -> [String] {
        var lines: [String] = []
        var y = 0
        while y < image.height {
            var line = ""
            let hasLower = y + 1 < image.height
            if colorMode == .none {
                for x in 0..<image.width {
                    let v = hasLower ? (image[y, x] + image[y + 1, x]) / 2 : image[y, x]
                    line.append(scale.character(v))
                }
            } else {
                var lastFG: RGB? = nil, lastBG: RGB? = nil
                for x in 0..<image.width {
                    let top = scale.color(image[y, x])
                    if top != lastFG {
                        line += ANSI.fg(top, colorMode)
                        lastFG = top
                    }
                    if hasLower {
                        let bottom = scale.color(image[y + 1, x])
                        if bottom != lastBG {
                            line += ANSI.bg(bottom, colorMode)
                            lastBG = bottom
                        }
                    } else if lastBG != nil {
                        line += "\u{1B}[49m"
                        lastBG = nil
                    }
                    line += "▀"
                }
                line += ANSI.reset
            }
            lines.append(line)
            y += 2
        }
        return lines
    }

    /// "min ░▒▓█ max" with a colour bar (or the ASCII ramp).
    static func legendLine(_ scale: HeatmapScale, colorMode: ColorMode) -> String {
        let (lo, hi) = scale.rangeText
        var bar = ""
        let steps = colorMode == .none ? asciiRamp.count : 16
        for i in 0..<steps {
            let p = Double(i) / Double(steps - 1)
            let v: Float
            switch scale {
            case let .sequential(a, b): v = a + Float(p) * (b - a)
            case let .diverging(l): v = Float(-1 + 2 * p) * l
            }
            if colorMode == .none {
                bar.append(scale.character(v))
            } else {
                bar += ANSI.fg(scale.color(v), colorMode) + "█"
            }
        }
        if colorMode != .none { bar += ANSI.reset }
        return "\(lo) \(colorMode == .none ? "[" + bar + "]" : bar) \(hi)"
    }

    /// Compact number for legends: 4 significant digits.
    static func short(_ v: Float) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e4 || a < 1e-3 { return String(format: "%.3e", Double(v)) }
        var s = String(format: "%.4g", Double(v))
        if s.hasPrefix("-0") && Float(s) == 0 { s = "0" }
        return s
    }
}
