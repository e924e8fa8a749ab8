// FigureDisplay: the language's matplotlib figure (GradScript's PlotFigure) as the renderers'
// Figure (GradRender), for drawing `plt.show()` and writing `plt.savefig`. GradRender knows nothing
// of the language, so each front end (GradConsole, GradLessons) converts; the mapping is one to one.
// Non-goals: drawing (GradRender's FigureText/FigureSVG).
import GradRender
import GradScript

extension Figure {
    init(plot p: PlotFigure) {
        self.init(rows: p.rows, columns: p.columns, size: p.size)
        title = p.title
        axes = p.axes.map { a in
            var out = FigureAxes()
            out.title = a.title
            out.xLabel = a.xLabel
            out.yLabel = a.yLabel
            out.xLimits = a.xLimits
            out.yLimits = a.yLimits
            out.grid = a.grid
            out.legend = a.legend
            out.axisOff = a.axisOff
            out.artists = a.artists.map { art -> FigureArtist in
                switch art {
                case let .line(x, y, label, color, style, marker):
                    return .line(x: x, y: y, label: label, color: color, lineStyle: style, marker: marker)
                case let .scatter(x, y, label, color): return .scatter(x: x, y: y, label: label, color: color)
                case let .bars(left, width, height, label, color):
                    return .bars(left: left, width: width, height: height, label: label, color: color)
                case let .image(w, h, c, v, cmap, lo, hi):
                    return .image(width: w, height: h, channels: c, values: v, cmap: cmap, vmin: lo, vmax: hi)
                }
            }
            return out
        }
    }
}

/// `Interpreter.saveFigure` for this front end: `plt.savefig('x.svg')` writes SVG.
let figureSaver: @Sendable (PlotFigure, String) throws -> Void = { fig, path in
    try FigureSVG.write(Figure(plot: fig), to: path)
}
