// Figure: what a matplotlib.pyplot figure holds, as plain data for the front ends to draw
// (GradConsole draws it with braille and heatmaps in the terminal, and as SVG for `savefig` and
// `run --html`). The language builds it (Pyplot.swift) and never draws it.
//
// Non-goals: matplotlib's artist tree, transforms, styles; only what `plot`, `scatter`, `hist`,
// `imshow` and the axes decorations need.

/// One thing drawn in an axes.
public enum PlotArtist: Sendable {
    /// A line through (x[i], y[i]); `marker` draws a mark at each point, `lineStyle` nil draws no line.
    case line(x: [Double], y: [Double], label: String?, color: String?, lineStyle: String?, marker: String?)
    /// Points (x[i], y[i]).
    case scatter(x: [Double], y: [Double], label: String?, color: String?)
    /// Bars: bar i spans [left[i], left[i] + width[i]] and rises to height[i] (histograms, `bar`).
    case bars(left: [Double], width: [Double], height: [Double], label: String?, color: String?)
    /// An image: `height` × `width` pixels of `channels` (1: mapped by `cmap`; 3 or 4: RGB(A) in [0, 1]).
    /// `vmin`/`vmax` fix the colour scale of one-channel images (nil: the data's range).
    case image(width: Int, height: Int, channels: Int, values: [Double], cmap: String?, vmin: Double?, vmax: Double?)
}

/// One axes (a subplot): its artists and decorations.
public struct PlotAxes: Sendable {
    public var artists: [PlotArtist] = []
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var xLimits: (Double, Double)?
    public var yLimits: (Double, Double)?
    public var grid = false
    public var legend = false
    /// `axis('off')`: no frame, ticks or labels (images).
    public var axisOff = false
    public init() {}

    /// The labelled series, in drawing order (for the legend).
    public var labels: [(label: String, color: Int)] {
        var out: [(String, Int)] = []
        for (i, a) in artists.enumerated() {
            switch a {
            case .line(_, _, let l?, _, _, _), .scatter(_, _, let l?, _), .bars(_, _, _, let l?, _): out.append((l, i))
            default: break
            }
        }
        return out
    }
}

/// A figure: a grid of `rows` × `columns` axes (row-major), an optional title over all of them.
public struct PlotFigure: Sendable {
    public var rows: Int
    public var columns: Int
    public var axes: [PlotAxes]
    public var title: String?
    /// `figsize` in inches (matplotlib's default is 6.4 × 4.8); the SVG is 100 pixels per inch.
    public var size: (width: Double, height: Double)
    public init(rows: Int = 1, columns: Int = 1, size: (Double, Double) = (6.4, 4.8)) {
        self.rows = rows
        self.columns = columns
        self.axes = Array(repeating: PlotAxes(), count: max(1, rows * columns))
        self.size = size
    }
    /// Whether anything would be drawn.
    public var isEmpty: Bool { axes.allSatisfy { $0.artists.isEmpty && $0.title == nil } && title == nil }
}
