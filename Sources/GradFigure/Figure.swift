// Figure: what a matplotlib.pyplot figure holds, as plain data: axes in a grid, each with lines,
// points, bars or an image and its decorations. The one figure model: the language fills it
// (GradScript's Plot/Pyplot.swift) and never draws it; the renderers draw it (GradRender's
// FigureText for the terminal, FigureSVG for `savefig` and HTML). This target imports nothing, so
// both may depend on it without the language knowing the terminal or the renderers the language.
//
// Non-goals: matplotlib's artist tree, transforms, styles.

/// One thing drawn in an axes.
public enum FigureArtist: Sendable {
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
public struct FigureAxes: Sendable {
    public var artists: [FigureArtist] = []
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
public struct Figure: Sendable {
    public var rows: Int
    public var columns: Int
    public var axes: [FigureAxes]
    public var title: String?
    /// `figsize` in inches (matplotlib's default is 6.4 × 4.8); the SVG is 100 pixels per inch.
    public var size: (width: Double, height: Double)
    public init(rows: Int = 1, columns: Int = 1, size: (Double, Double) = (6.4, 4.8)) {
        self.rows = rows
        self.columns = columns
        self.axes = Array(repeating: FigureAxes(), count: max(1, rows * columns))
        self.size = size
    }
    /// Whether anything would be drawn.
    public var isEmpty: Bool { axes.allSatisfy { $0.artists.isEmpty && $0.title == nil } && title == nil }
}
