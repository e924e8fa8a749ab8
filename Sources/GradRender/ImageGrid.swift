// ImageGrid: many small pictures side by side: a batch of images, a conv layer's filters, or
// misclassified test images with captions.
//
// Accepted shapes: `[N, H, W]`, `[N, 1, H, W]` (a batch) and `[O, C, kH, kW]` (filters: one tile per
// output channel and input channel, row by row). Tiles smaller than 8 pixels are enlarged by pixel
// repetition; tiles wrap to the terminal width. One colour scale is shared by every tile, so
// tiles can be compared (an image batch shares 0…1, filters share ±max|w|).
//
// Non-goals: per-tile scales, more than `maxTiles` tiles (the rest is counted, not drawn).

import GradEngine

public enum ImageGrid {
    /// Tallest tile drawn, in pixel rows (two per text line), as Heatmap's single pictures.
    public static let maxTileHeight = 64

    /// Whether `shape` is drawn as a grid (a batch or a stack of filters).
    public static func isGrid(_ shape: [Int]) -> Bool {
        (shape.count == 3 && shape[0] > 1) || (shape.count == 4 && shape[0] * shape[1] > 1)
    }

    /// How a shape reads as tiles: `[H, W]` is one, `[N, H, W]` N, `[N, C, H, W]` N·C (each
    /// channel its own tile); nil for any other rank.
    public static func tiles(of s: [Int]) -> (count: Int, height: Int, width: Int)? {
        switch s.count {
        case 2: return (1, s[0], s[1])
        case 3: return (s[0], s[1], s[2])
        case 4: return (s[0] * s[1], s[2], s[3])
        default: return nil
        }
    }

    /// Draws every image of `t` as a tile.
    ///
    /// - Parameters:
    ///   - captions: optional text under each tile (e.g. "7→2"); cut to the tile width.
    ///   - columns: terminal width to wrap at.
    ///   - maxTiles: draw at most this many tiles.
    public static func render(
        _ t: Tensor, colorMode: ColorMode, columns: Int = 80, captions: [String]? = nil,
        maxTiles: Int = 64
    ) throws -> String {
        let s = t.shape
        guard let (n, h, w) = tiles(of: s) else {
            throw EngineError(
                "image grid", "expects [N, H, W], [N, 1, H, W] or [O, C, kH, kW], got shape \(shapeText(s))")
        }
        guard h > 0, w > 0 else { throw EngineError("image grid", "empty images in shape \(shapeText(s))") }
        let size = h * w
        var tiles: [PixelImage] = []
        for i in 0..<min(n, maxTiles) {
            tiles.append(PixelImage(width: w, height: h, values: Array(t.data[(i * size)..<((i + 1) * size)])))
        }
        let scale = HeatmapScale.fitting(t.data)
        var out = render(tiles, scale: scale, colorMode: colorMode, columns: columns, captions: captions)
        if n > maxTiles { out += "\n… \(n - maxTiles) more not shown (\(n) in all)" }
        out += "\n" + Heatmap.legendLine(scale, colorMode: colorMode)
        return out
    }

    /// Lays out tiles in rows with a one-column gap, captions under each row.
    public static func render(
        _ tiles: [PixelImage], scale: HeatmapScale, colorMode: ColorMode,
        columns: Int = 80, captions: [String]? = nil
    ) -> String {
        guard let first = tiles.first else { return "" }
        // Very large tiles shrink (averaging blocks) so one fits the width and at most
        // `maxTileHeight` pixel rows (half that many lines): a [3, 1, 100000, 1] batch once printed
        // 400,000 lines. Small tiles are enlarged, but never past those bounds.
        let maxW = max(4, columns), maxH = maxTileHeight
        var up = first.width < 8 ? (8 + first.width - 1) / first.width : 1
        if first.width * up > maxW || first.height * up > maxH { up = 1 }
        var big = up > 1 ? tiles.map { $0.upscaled(by: up) } : tiles
        let f = max((big[0].width + maxW - 1) / maxW, (big[0].height + maxH - 1) / maxH)
        if f > 1 { big = big.map { $0.downsampled(by: f) } }
        let tileW = big[0].width
        let perRow = max(1, (columns + 1) / (tileW + 1))
        var blocks: [String] = []
        var start = 0
        while start < big.count {
            let row = Array(big[start..<min(big.count, start + perRow)])
            let rendered = row.map { Heatmap.renderLines($0, scale: scale, colorMode: colorMode) }
            let height = rendered.map(\.count).max() ?? 0
            var lines: [String] = []
            for y in 0..<height {
                lines.append(
                    rendered.map { y < $0.count ? $0[y] : String(repeating: " ", count: tileW) }
                        .joined(separator: " "))
            }
            if let captions {
                let caps = (start..<(start + row.count)).map { i -> String in
                    let c = i < captions.count ? captions[i] : ""
                    let cut = String(c.prefix(tileW))
                    return cut + String(repeating: " ", count: tileW - cut.count)
                }
                var capLine = caps.joined(separator: " ")
                while capLine.hasSuffix(" ") { capLine.removeLast() }
                lines.append(capLine)
            }
            blocks.append(lines.joined(separator: "\n"))
            start += perRow
        }
        return blocks.joined(separator: "\n")
    }
}
