// Pyplot: `import matplotlib.pyplot as plt` as notebooks and tutorials use it. The calls build a
// `Figure` (the GradFigure target, which the renderers draw); `plt.show()` hands each open figure to the front end's
// display hook
// (`DisplayItem.figure`), which draws it (terminal: braille and heatmaps; HTML: SVG), and
// `savefig` writes SVG through `Interpreter.saveFigure`. The language never draws.
//
// Supported: plot (x and y, several lines, format strings like 'r-', 'bo', 'g--'), scatter, hist,
// bar, imshow (2-D data with a cmap, or H×W×3 RGB), xlabel/ylabel/title/legend/grid/xlim/ylim,
// figure(figsize=), subplots(nrows, ncols) and subplot(r, c, i), the Axes methods of the same
// (set_title, set_xlabel, ...), axis('off'), suptitle, savefig (SVG), show, close.
// Anything else says so by name: `NotImplementedError: matplotlib.pyplot.X is not supported by gradstep`.
// Styling keywords (fontsize, alpha, linewidth, markersize, interpolation, aspect, ...) are accepted
// and not drawn; keywords that would change what is drawn and are not implemented (histtype,
// orientation, log, extent, ...) are refused by name.
// Interactive mode and animation calls (ion, ioff, draw, pause) are accepted: nothing is drawn before
// show(), as with matplotlib and no display. Text, annotations and ticks are accepted and not drawn.
// 3-D axes (`Axes3D(fig)`, `fig.add_subplot(projection='3d')`, `plt.subplot(..., projection='3d')`)
// are drawn as their x-y projection: plot/scatter (and plot3D/scatter3D) drop the z values; text,
// z limits, z labels and view angles are accepted and not drawn; surfaces and wireframes are refused.
// Non-goals: styles, colour bars, drawing text or ticks, aspect ratios ('equal' is accepted
// and not kept), real 3-D projection, raster output (PNG).

import Foundation
import GradFigure

/// The open figures of one interpreter (pyplot's global state).
final class PyplotState {
    var figures: [FigureObject] = []
    var current: FigureObject?

    /// The current figure, made when there is none (as pyplot does).
    func currentFigure() -> FigureObject {
        if let c = current { return c }
        let f = FigureObject(Figure(), state: self)
        figures.append(f)
        current = f
        return f
    }
    func close(_ f: FigureObject?) {
        if let f {
            figures.removeAll { $0 === f }
            if current === f { current = figures.last }
        } else {
            figures = []
            current = nil
        }
    }
}

/// A matplotlib Figure (`fig` of `fig, ax = plt.subplots()`).
final class FigureObject: ScriptObject, @unchecked Sendable {
    var figure: Figure
    /// The axes `plt.plot` draws into (index into figure.axes).
    var currentAxes = 0
    /// The axes made as 3-D axes (drawn as their x-y projection).
    var axes3D: Set<Int> = []
    weak var state: PyplotState?
    init(_ f: Figure, state: PyplotState) {
        figure = f
        self.state = state
    }
    override var typeName: String { "Figure" }
    override var repr: String {
        "<Figure size \(Int(figure.size.width * 100))x\(Int(figure.size.height * 100)) with \(figure.axes.count) Axes>"
    }
    static let methods = ["suptitle", "savefig", "tight_layout", "show", "add_subplot", "gca", "set_size_inches"]
    override var attributeNames: [String] { FigureObject.methods + ["axes"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if n == "axes" { return .list(ListRef(figure.axes.indices.map { .object(AxesObject(self, $0)) })) }
        guard FigureObject.methods.contains(n) else {
            throw ScriptError(
                kind: "NotImplementedError", message: "matplotlib.figure.Figure.\(n) is not supported by gradstep")
        }
        let params =
            [
                "suptitle": "t, *, fontsize=None, fontweight=None, y=None", "savefig": Pyplot.savefigParams,
                "tight_layout": "*, pad=1.08, h_pad=None, w_pad=None, rect=None", "show": "warn=True", "gca": "",
                "set_size_inches": "w, h=None", "add_subplot": "*args, projection=None",
            ][n] ?? ""
        return .object(
            BuiltinFunction("Figure.\(n)(\(params))") { [self] b, interp in
                switch n {
                case "suptitle":
                    figure.title = (b.raw("t") ?? .none).str
                    return .none
                case "savefig": return try Pyplot.savefig(self, b, interp)
                case "tight_layout": return .none
                case "show":
                    interp.display(.figure(figure))
                    return .none
                case "gca": return .object(AxesObject(self, currentAxes))
                case "set_size_inches":
                    try Pyplot.setSize(self, b.raw("w") ?? .none, b.value("h"))
                    return .none
                default:  // add_subplot
                    return try Pyplot.subplot(self, b.rest, "add_subplot", projection: b.value("projection"))
                }
            })
    }
}

/// One Axes of a figure (`ax.plot(...)`, `axes[0].set_title(...)`).
final class AxesObject: ScriptObject, @unchecked Sendable {
    let fig: FigureObject
    let index: Int
    init(_ fig: FigureObject, _ index: Int) {
        self.fig = fig
        self.index = index
    }
    var is3D: Bool { fig.axes3D.contains(index) }
    override var typeName: String { is3D ? "Axes3D" : "Axes" }
    override var repr: String { is3D ? "<Axes3D: >" : "<Axes: >" }
    static let methods =
        [
            "plot", "scatter", "hist", "bar", "imshow", "set_title", "set_xlabel", "set_ylabel",
            "set_xlim", "set_ylim", "legend", "grid", "axis", "set_axis_off", "clear", "cla",
        ] + Pyplot.notDrawn
    /// What only a 3-D axes has: accepted and not drawn, or drawn as the x-y projection.
    static let methods3D = [
        "set_zlim", "set_zlabel", "set_zticks", "set_zticklabels", "view_init", "text3D", "plot3D", "scatter3D",
    ]
    override var attributeNames: [String] { AxesObject.methods + (is3D ? AxesObject.methods3D : []) }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if is3D, let f = try projected(n, interp) { return f }
        guard AxesObject.methods.contains(n) else {
            throw ScriptError(
                kind: "NotImplementedError", message: "matplotlib.axes.Axes.\(n) is not supported by gradstep")
        }
        if n == "clear" || n == "cla" {
            return .object(
                BuiltinFunction("Axes.\(n)()") { [self] (_: Bound, _: Interpreter) in
                    fig.figure.axes[index] = FigureAxes()
                    return .none
                })
        }
        if Pyplot.notDrawn.contains(n) {
            return .object(BuiltinFunction("Axes.\(n)(*args, **kwargs)") { (_: Bound, _: Interpreter) in .none })
        }
        if n == "set_axis_off" {
            return .object(
                BuiltinFunction("Axes.set_axis_off()") { [self] (_: Bound, _: Interpreter) in
                    fig.figure.axes[index].axisOff = true
                    return .none
                })
        }
        let name =
            [
                "set_title": "title", "set_xlabel": "xlabel", "set_ylabel": "ylabel", "set_xlim": "xlim",
                "set_ylim": "ylim",
            ][n] ?? n
        let (params, unsupported) = Pyplot.signatures[name] ?? ("*args, **kwargs", [])
        return .object(
            BuiltinFunction("Axes.\(n)(\(params))", unsupported: unsupported) { [self] b, interp in
                try Pyplot.axesCall(name, fig, index, b, interp)
            })
    }
    /// A 3-D axes' own methods, and plot/scatter drawing the x-y projection (z, the third positional
    /// argument or `zs=`, is dropped; `zdir=` and `depthshade=` are accepted); nil for the rest.
    private func projected(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "set_zlim", "set_zlabel", "set_zticks", "set_zticklabels", "view_init", "text3D":
            return .object(BuiltinFunction("Axes3D.\(n)(*args, **kwargs)") { (_: Bound, _: Interpreter) in .none })
        case "plot", "scatter", "plot3D", "scatter3D":
            let flat = n.hasPrefix("plot") ? "plot" : "scatter"
            let (params, unsupported) = Pyplot.signatures[flat] ?? ("*args, **kwargs", [])
            return .object(
                BuiltinFunction("Axes3D.\(n)(*args, **kwargs)") { [self] b, interp in
                    var rest = b.rest
                    // plot(xs, ys, zs, fmt) / scatter(xs, ys, zs): the third array is z
                    if rest.count >= 3, rest[2].asString == nil { rest.remove(at: 2) }
                    let extra = b.extra.filter { !["zs", "zdir", "depthshade"].contains($0.0) }
                    let f = BuiltinFunction("Axes.\(flat)(\(params))", unsupported: unsupported) { [self] b2, i2 in
                        try Pyplot.axesCall(flat, fig, index, b2, i2)
                    }
                    return try interp.callValue(.object(f), Args(rest, extra))
                })
        case "plot_surface", "plot_wireframe", "plot_trisurf", "contour3D", "bar3d", "voxels":
            throw ScriptError(
                kind: "NotImplementedError",
                message: "mpl_toolkits.mplot3d.Axes3D.\(n) is not supported by gradstep (3-D axes are drawn as their "
                    + "x-y projection)")
        default: return nil
        }
    }

    override func compareOp(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        let other = lhs.asObject === self ? rhs : lhs
        guard case .object(let o as AxesObject) = other else { return .bool(op == .ne) }
        let same = o.fig === fig && o.index == index
        return .bool(op == .eq ? same : !same)
    }
}

/// The axes of `plt.subplots(r, c)` with r, c > 1 (or one of them): `axes[i, j]`, `axes[i][j]`,
/// `axes.flat`, `axes.flatten()`, iteration, `len`.
final class AxesGrid: ScriptObject, @unchecked Sendable {
    let items: [AxesObject]
    let shape: [Int]
    init(_ items: [AxesObject], shape: [Int]) {
        self.items = items
        self.shape = shape
    }
    override var typeName: String { "ndarray" }
    override var repr: String {
        shape.count == 1
            ? "array([" + items.map(\.repr).joined(separator: ", ") + "], dtype=object)"
            : "array(<\(shape[0])x\(shape[1]) Axes>, dtype=object)"
    }
    override var attributeNames: [String] { ["flat", "flatten", "ravel", "shape"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "shape": return .tuple(shape.map(Value.int))
        case "flat": return .list(ListRef(items.map { .object($0) }))
        case "flatten", "ravel":
            return .object(
                BuiltinFunction("ndarray.\(n)()") { [self] (_: Bound, _: Interpreter) in
                    .object(AxesGrid(items, shape: [items.count]))
                })
        default: return nil
        }
    }
    override func length() throws -> Int? { shape[0] }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var i = 0
        return { [self] in
            guard i < shape[0] else { return nil }
            defer { i += 1 }
            return try row(i)
        }
    }
    func row(_ i: Int) throws -> Value {
        let n = shape[0]
        let k = i < 0 ? i + n : i
        guard k >= 0 && k < n else {
            throw ScriptError(kind: "IndexError", message: "index \(i) is out of bounds for axis 0 with size \(n)")
        }
        if shape.count == 1 { return .object(items[k]) }
        return .object(AxesGrid(Array(items[(k * shape[1])..<((k + 1) * shape[1])]), shape: [shape[1]]))
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        if case .tuple(let parts) = index, parts.count == 2, shape.count == 2 {
            // axs[i, j], and slices of either: axs[0, :] (a row), axs[:, 1] (a column)
            let rows = try positions(parts[0], shape[0]), cols = try positions(parts[1], shape[1])
            let picked = rows.at.flatMap { r in cols.at.map { c in items[r * shape[1] + c] } }
            switch (rows.isSlice, cols.isSlice) {
            case (false, false): return .object(picked[0])
            case (true, true): return .object(AxesGrid(picked, shape: [rows.at.count, cols.at.count]))
            default: return .object(AxesGrid(picked, shape: [picked.count]))
            }
        }
        if case .object(let s as SliceValue) = index {
            let (start, stop, step) = try s.indices(count: shape[0])
            let ks = Array(stride(from: start, to: stop, by: step))
            if shape.count == 1 { return .object(AxesGrid(ks.map { items[$0] }, shape: [ks.count])) }
            return .object(
                AxesGrid(ks.flatMap { k in items[(k * shape[1])..<((k + 1) * shape[1])] }, shape: [ks.count, shape[1]]))
        }
        return try row(try toInt(index, "index"))
    }

    /// The positions an index or slice picks along an axis of `n` axes.
    private func positions(_ v: Value, _ n: Int) throws -> (at: [Int], isSlice: Bool) {
        if case .object(let s as SliceValue) = v {
            let (start, stop, step) = try s.indices(count: n)
            return (Array(stride(from: start, to: stop, by: step)), true)
        }
        let i = try toInt(v, "index")
        let k = i < 0 ? i + n : i
        guard k >= 0 && k < n else {
            throw ScriptError(kind: "IndexError", message: "index \(i) is out of bounds for axis with size \(n)")
        }
        return ([k], false)
    }
}

enum Pyplot {
    /// Calls that only annotate or style a figure (text, ticks): accepted and not drawn, so a script
    /// that labels its chart runs; the chart is drawn without them.
    static let notDrawn = ["text", "annotate", "set_xticks", "set_yticks", "set_xticklabels", "set_yticklabels"]

    static func notSupported(_ name: String) -> ScriptError {
        ScriptError(kind: "NotImplementedError", message: "matplotlib.pyplot.\(name) is not supported by gradstep")
    }

    /// Values of an array-like (list, range, numpy array, tensor) as doubles, with its shape.
    static func values(_ v: Value, _ what: String) throws -> NDArray {
        do { return try NDArray.from(v, what) } catch let e as ScriptError {
            throw ScriptError(
                kind: "TypeError", message: "\(what): expected numbers (a list, numpy array or tensor): \(e.message)")
        }
    }

    static func setSize(_ f: FigureObject, _ v: Value, _ h: Value?) throws {
        var w: Double, hh: Double
        if let h, !h.isNone {
            w = try toDouble(v, "figsize")
            hh = try toDouble(h, "figsize")
        } else {
            guard let pair = v.asArray, pair.count == 2 else {
                throw typeError("figsize must be a pair (width, height) in inches")
            }
            w = try toDouble(pair[0], "figsize")
            hh = try toDouble(pair[1], "figsize")
        }
        guard w > 0, hh > 0, w <= 100, hh <= 100 else {
            throw valueError(
                "figure size must be positive and at most 100 inches, not (\(Repr.pyFloat(w)), \(Repr.pyFloat(hh)))")
        }
        f.figure.size = (w, hh)
    }

    /// Parses a matplotlib format string ('r-', 'bo', 'g--', 'k:', 'x'): colour, line style, marker.
    static func parseFormat(_ fmt: String) throws -> (color: String?, line: String?, marker: String?) {
        var color: String? = nil, line: String? = nil, marker: String? = nil
        var s = Substring(fmt)
        if s.hasPrefix("C"), s.count >= 2, let d = s.dropFirst().first, d.isNumber {
            color = String(s.prefix(2))
            s = s.dropFirst(2)
        }
        while !s.isEmpty {
            if s.hasPrefix("--") || s.hasPrefix("-.") {
                line = String(s.prefix(2))
                s = s.dropFirst(2)
                continue
            }
            let c = s.removeFirst()
            if "-:".contains(c) {
                line = String(c)
            } else if "bgrcmykw".contains(c) {
                color = String(c)
            } else if ".,ox+*sd^v<>phHDx|_1234".contains(c) {
                marker = String(c)
            } else {
                throw valueError("'\(fmt)' is not a valid format string (unrecognized character '\(c)')")
            }
        }
        if line == nil && marker == nil { line = "-" }
        return (color, line, marker)
    }

    /// The parameters of each axes-level call (after `plt.` or `ax.`), and the keywords refused by name.
    static let signatures: [String: (String, [String])] = [
        "plot": ("*args, scalex=True, scaley=True, data=None, **kwargs", ["data"]),
        "scatter": (
            "x, y, s=None, c=None, marker=None, cmap=None, norm=None, vmin=None, vmax=None, alpha=None, "
                + "linewidths=None, *, edgecolors=None, label=None, color=None, edgecolor=None, zorder=None, lw=None",
            ["norm"]
        ),
        "hist": (
            "x, bins=None, range=None, density=False, weights=None, cumulative=False, bottom=None, histtype='bar', "
                + "align='mid', orientation='vertical', rwidth=None, log=False, color=None, label=None, stacked=False, "
                + "*, alpha=None, edgecolor=None, ec=None, facecolor=None, linewidth=None",
            ["cumulative", "bottom", "histtype", "align", "orientation", "rwidth", "log", "stacked"]
        ),
        "bar": (
            "x, height, width=0.8, bottom=None, *, align='center', color=None, label=None, alpha=None, edgecolor=None, "
                + "tick_label=None",
            ["bottom", "align", "tick_label"]
        ),
        "imshow": (
            "X, cmap=None, norm=None, *, aspect=None, interpolation=None, alpha=None, vmin=None, vmax=None, "
                + "origin=None, extent=None",
            ["norm", "origin", "extent"]
        ),
        "title": (
            "label, fontdict=None, loc=None, pad=None, *, y=None, fontsize=None, fontweight=None, color=None", []
        ),
        "xlabel": ("xlabel, fontdict=None, labelpad=None, *, loc=None, fontsize=None, fontweight=None, color=None", []),
        "ylabel": ("ylabel, fontdict=None, labelpad=None, *, loc=None, fontsize=None, fontweight=None, color=None", []),
        "xlim": ("left=None, right=None, *, emit=True, auto=False, xmin=None, xmax=None", []),
        "ylim": ("bottom=None, top=None, *, emit=True, auto=False, ymin=None, ymax=None", []),
        // prop (font properties), bbox_to_anchor, shadow, framealpha, ...: appearance only, as fontsize
        "legend": (
            "*args, loc=None, fontsize=None, frameon=None, title=None, ncol=1, prop=None, bbox_to_anchor=None, "
                + "shadow=None, fancybox=None, framealpha=None, markerscale=None",
            []
        ),
        "grid": (
            "visible=None, which='major', axis='both', *, alpha=None, linestyle=None, color=None, linewidth=None, "
                + "ls=None",
            []
        ),
        "axis": ("arg=None, /, *, emit=True", []),
    ]
    static let savefigParams =
        "fname, *, dpi=None, format=None, bbox_inches=None, transparent=None, facecolor=None, pad_inches=None"

    /// Keyword arguments shared by the artists; unknown ones are refused as matplotlib does.
    static func style(_ keywords: [(String, Value)], _ what: String, allowed: Set<String>) throws -> [String: Value] {
        var out: [String: Value] = [:]
        let common: Set<String> = [
            "color", "c", "label", "alpha", "linewidth", "lw", "linestyle", "ls", "marker",
            "markersize", "ms", "zorder", "edgecolor", "ec", "s", "cmap", "facecolor",
        ]
        for (k, v) in keywords {
            guard allowed.contains(k) || common.contains(k) else {
                throw ScriptError(kind: "AttributeError", message: "\(what) got an unexpected keyword argument '\(k)'")
            }
            out[k] = v
        }
        return out
    }

    static func colorName(_ v: Value?) throws -> String? {
        guard let v, !v.isNone else { return nil }
        if case .string(let s) = v { return s }
        if let t = v.asArray, t.count >= 3 {
            let c = try t.prefix(3).map { try toDouble($0, "color") }
            guard c.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                throw valueError("RGBA values should be within 0-1 range")
            }
            return String(
                format: "#%02x%02x%02x", Int((c[0] * 255).rounded()), Int((c[1] * 255).rounded()),
                Int((c[2] * 255).rounded()))
        }
        return nil  // per-point colours (c=labels) are not drawn: the series' colour is used
    }

    /// One axes-level call (`plt.plot` or `ax.plot`), by its pyplot name.
    static func axesCall(
        _ name: String, _ fig: FigureObject, _ i: Int, _ b: Bound, _ interp: Interpreter
    ) throws -> Value {
        func update(_ f: (inout FigureAxes) throws -> Void) rethrows { try f(&fig.figure.axes[i]) }
        switch name {
        case "plot":
            let kw = try style(
                b.extra, "Line2D.set()",
                allowed: [
                    "scalex", "scaley", "data", "fillstyle", "markerfacecolor", "mfc", "markeredgecolor", "mec",
                    "dashes", "drawstyle",
                ])
            var args = b.rest
            guard !args.isEmpty else { return .list(ListRef([])) }
            var lines: [FigureArtist] = []
            while !args.isEmpty {
                var x: NDArray? = nil
                let y: NDArray
                if args.count >= 2, args[1].asString == nil {
                    x = try values(args[0], "plot(): x")
                    y = try values(args[1], "plot(): y")
                    args.removeFirst(2)
                } else {
                    y = try values(args[0], "plot(): y")
                    args.removeFirst()
                }
                var fmt: (color: String?, line: String?, marker: String?) = (nil, "-", nil)
                if let s = args.first?.asString {
                    fmt = try parseFormat(s)
                    args.removeFirst()
                }
                let color = try colorName(kw["color"] ?? kw["c"]) ?? fmt.color
                var lineStyle = fmt.line, marker = fmt.marker
                if let ls = (kw["linestyle"] ?? kw["ls"])?.asString {
                    lineStyle = ls == "None" || ls == "" || ls == " " ? nil : ls
                }
                if let m = kw["marker"]?.asString { marker = m == "None" || m == "" ? nil : m }
                let label = kw["label"].flatMap { $0.isNone ? nil : $0.str }
                // y of shape (n, k) draws k lines (one per column), as matplotlib does.
                let columns: [[Double]]
                if y.ndim == 2 {
                    let n = y.shape[0], k = y.shape[1], d = y.doubles
                    columns = (0..<k).map { c in (0..<n).map { d[$0 * k + c] } }
                } else if y.ndim <= 1 {
                    columns = [y.doubles]
                } else {
                    throw valueError("plot(): y can have at most 2 dimensions, got shape \(NDArray.shapeText(y.shape))")
                }
                for col in columns {
                    let xs = x?.doubles ?? (0..<col.count).map(Double.init)
                    guard xs.count == col.count else {
                        throw valueError(
                            "x and y must have same first dimension, but have shapes "
                                + "\(NDArray.shapeText(x?.shape ?? [xs.count])) and \(NDArray.shapeText(y.shape))"
                        )
                    }
                    lines.append(.line(x: xs, y: col, label: label, color: color, lineStyle: lineStyle, marker: marker))
                }
            }
            update { $0.artists += lines }
            return .list(ListRef(lines.map { _ in .object(Marker("<matplotlib.lines.Line2D>", kind: "Line2D")) }))
        case "scatter":
            let x = try values(b.raw("x") ?? .none, "scatter(): x"), y = try values(b.raw("y") ?? .none, "scatter(): y")
            guard x.count == y.count else { throw valueError("x and y must be the same size") }
            let color = try colorName(b.value("color") ?? b.value("c"))
            update {
                $0.artists.append(.scatter(x: x.doubles, y: y.doubles, label: b.value("label")?.str, color: color))
            }
            return .object(Marker("<matplotlib.collections.PathCollection>", kind: "PathCollection"))
        case "hist":
            let x = try values(b.raw("x") ?? .none, "hist(): x").doubles.filter { $0.isFinite }
            var edges: [Double]
            if let bv = b.value("bins"), bv.asArray != nil || bv.asObject is NDArray {
                edges = try values(bv, "hist(): bins").doubles
                guard edges.count >= 2 else { throw valueError("`bins` must have at least 2 edges") }
            } else {
                let n = try b.optInt("bins") ?? 10
                guard n >= 1, n <= 100_000 else { throw valueError("`bins` must be positive, when an integer") }
                var lo = x.min() ?? 0, hi = x.max() ?? 1
                if let r = b.value("range")?.asArray, r.count == 2 {
                    lo = try toDouble(r[0], "range")
                    hi = try toDouble(r[1], "range")
                }
                if lo == hi {
                    lo -= 0.5
                    hi += 0.5
                }
                edges = (0...n).map { lo + (hi - lo) * Double($0) / Double(n) }
            }
            let nb = edges.count - 1
            var counts = [Double](repeating: 0, count: nb)
            let w = try b.value("weights").map { try values($0, "hist(): weights").doubles }
            for (j, v) in x.enumerated() {
                guard v >= edges[0], v <= edges[nb] else { continue }
                var k = nb - 1
                // last bin is closed on the right, the others half-open
                var lo = 0, hi = nb - 1
                while lo <= hi {
                    let m = (lo + hi) / 2
                    if v < edges[m] {
                        hi = m - 1
                    } else if v >= edges[m + 1] {
                        lo = m + 1
                    } else {
                        k = m
                        break
                    }
                }
                if v == edges[nb] { k = nb - 1 }
                counts[k] += w.map { j < $0.count ? $0[j] : 1 } ?? 1
            }
            if try b.bool("density", false) {
                let total = counts.reduce(0, +)
                counts = counts.enumerated().map {
                    total > 0 ? $0.element / (total * (edges[$0.offset + 1] - edges[$0.offset])) : 0
                }
            }
            let color = try colorName(b.value("color") ?? b.value("facecolor"))
            let widths = (0..<nb).map { edges[$0 + 1] - edges[$0] }
            update {
                $0.artists.append(
                    .bars(
                        left: Array(edges.dropLast()), width: widths, height: counts, label: b.value("label")?.str,
                        color: color))
            }
            return .tuple([
                NDArray(doubles: counts, shape: [nb]).value, NDArray(doubles: edges, shape: [edges.count]).value,
                .object(Marker("<BarContainer object of \(nb) artists>", kind: "BarContainer")),
            ])
        case "bar":
            let xv = b.raw("x") ?? .none
            let xs: [Double]
            var tickLabels: [String]? = nil
            if let arr = xv.asArray, arr.allSatisfy({ $0.asString != nil }) {
                xs = arr.indices.map(Double.init)
                tickLabels = arr.map(\.str)
            } else {
                xs = try values(xv, "bar(): x").doubles
            }
            _ = tickLabels
            let h = try values(b.raw("height") ?? .none, "bar(): height")
            let hs = h.count == 1 ? [Double](repeating: h.doubles[0], count: xs.count) : h.doubles
            guard hs.count == xs.count else {
                throw valueError("shape mismatch: objects cannot be broadcast to a single shape")
            }
            let width = try b.double("width", 0.8)
            update {
                $0.artists.append(
                    .bars(
                        left: xs.map { $0 - width / 2 }, width: xs.map { _ in width }, height: hs,
                        label: b.value("label")?.str, color: try? colorName(b.value("color"))))
            }
            return .object(Marker("<BarContainer object of \(xs.count) artists>", kind: "BarContainer"))
        case "imshow":
            let img = try values(b.raw("X") ?? .none, "imshow(): X")
            let s = img.shape
            let ok = s.count == 2 || (s.count == 3 && (s[2] == 3 || s[2] == 4))
            guard ok, s[0] > 0, s[1] > 0 else {
                throw typeError("Invalid shape \(NDArray.shapeText(s)) for image data")
            }
            var cmap: String? = nil
            if let c = b.value("cmap") {
                if case .string(let n) = c {
                    cmap = n
                } else if case .object(let m as Marker) = c {
                    cmap = m.name
                } else if case .object(let m as Colormap) = c {
                    cmap = m.name
                } else {
                    cmap = c.str
                }
            }
            let vals =
                img.dtype == .float32 || img.dtype == .float64
                ? img.doubles : (s.count == 3 ? img.doubles.map { $0 / 255 } : img.doubles)
            let image = FigureArtist.image(
                width: s[1], height: s[0], channels: s.count == 3 ? s[2] : 1, values: vals, cmap: cmap,
                vmin: try b.optDouble("vmin"), vmax: try b.optDouble("vmax"))
            update { $0.artists.append(image) }
            return .object(Marker("<matplotlib.image.AxesImage>", kind: "AxesImage"))
        case "title", "xlabel", "ylabel":
            let text = (b.raw(name == "title" ? "label" : name) ?? .none).str
            update {
                if name == "title" {
                    $0.title = text
                } else if name == "xlabel" {
                    $0.xLabel = text
                } else {
                    $0.yLabel = text
                }
            }
            let at = name == "title" ? "0.5, 1.0" : name == "xlabel" ? "0.5, 0" : "0, 0.5"
            return .object(Marker("Text(\(at), \(Repr.quote(text)))", kind: "Text"))
        case "xlim", "ylim":
            var lo = b.value("left") ?? b.value("bottom") ?? b.value(name == "xlim" ? "xmin" : "ymin")
            var hi = b.value("right") ?? b.value("top") ?? b.value(name == "xlim" ? "xmax" : "ymax")
            if let pair = lo?.asArray, pair.count == 2, hi == nil {
                lo = pair[0]
                hi = pair[1]
            }
            let current = name == "xlim" ? fig.figure.axes[i].xLimits : fig.figure.axes[i].yLimits
            if lo == nil && hi == nil {
                let (l, h) = current ?? (0, 1)
                return .tuple([.float(l), .float(h)])
            }
            let l = try lo.map { try toDouble($0, "\(name)()") } ?? current?.0 ?? 0
            let h = try hi.map { try toDouble($0, "\(name)()") } ?? current?.1 ?? 1
            update { if name == "xlim" { $0.xLimits = (l, h) } else { $0.yLimits = (l, h) } }
            return .tuple([.float(l), .float(h)])
        case "legend":
            if let first = b.rest.first, let names = first.asArray {
                var k = 0
                update { ax in
                    for (j, art) in ax.artists.enumerated() where k < names.count {
                        switch art {
                        case let .line(x, y, _, c, l, m):
                            ax.artists[j] = .line(x: x, y: y, label: names[k].str, color: c, lineStyle: l, marker: m)
                            k += 1
                        case let .scatter(x, y, _, c):
                            ax.artists[j] = .scatter(x: x, y: y, label: names[k].str, color: c)
                            k += 1
                        case let .bars(l, w, h, _, c):
                            ax.artists[j] = .bars(left: l, width: w, height: h, label: names[k].str, color: c)
                            k += 1
                        default: break
                        }
                    }
                }
            }
            update { $0.legend = true }
            return .object(Marker("<matplotlib.legend.Legend>", kind: "Legend"))
        case "grid":
            let on = try b.value("visible").map { try interp.truthy($0) } ?? true
            update { $0.grid = on }
            return .none
        case "axis":
            if let arg = b.value("arg") {
                if case .bool(let on) = arg {
                    update { $0.axisOff = !on }
                    return .none
                }
                guard case .string(let s) = arg else {
                    throw typeError("axis(): the argument must be a string like 'off' or a bool")
                }
                switch s {
                case "off": update { $0.axisOff = true }
                case "on": update { $0.axisOff = false }
                // aspect is not kept (see the header)
                case "equal", "tight", "scaled", "image", "auto", "square": break
                default: throw valueError("Unrecognized string '\(s)' to axis; try 'on' or 'off'")
                }
            }
            return .none
        default:
            throw notSupported(name)
        }
    }

    /// `subplot(r, c, i)` / `subplot(221)` / `fig.add_subplot(...)`: the i-th (1-based) axes of an r×c grid.
    /// `projection='3d'` makes it a 3-D axes (drawn as its x-y projection); other projections are refused.
    static func subplot(
        _ fig: FigureObject, _ positional: [Value], _ fname: String, projection: Value? = nil
    ) throws -> Value {
        var is3D = false
        if let p = projection {
            guard p.asString == "3d" else {
                throw ScriptError(
                    kind: "NotImplementedError", message: "\(fname)(projection=\(p.repr)) is not supported by gradstep")
            }
            is3D = true
        }
        var nums = try positional.map { try toInt($0, "\(fname)()") }
        if nums.isEmpty { nums = [1, 1, 1] }
        if nums.count == 1 {
            let n = nums[0]
            guard n >= 111 && n <= 999 else {
                throw valueError("Integer subplot specification must be a three-digit number, not \(n)")
            }
            nums = [n / 100, (n / 10) % 10, n % 10]
        }
        guard nums.count == 3, nums[0] >= 1, nums[1] >= 1, nums[0] * nums[1] <= 400 else {
            throw typeError("\(fname)() takes 1 or 3 positional arguments")
        }
        let (r, c, k) = (nums[0], nums[1], nums[2])
        guard k >= 1 && k <= r * c else {
            throw valueError("num must be an integer with 1 <= num <= \(r * c), not \(k)")
        }
        if fig.figure.rows != r || fig.figure.columns != c {
            guard fig.figure.axes.allSatisfy({ $0.artists.isEmpty }) || fig.figure.axes.count == 1 else {
                throw ScriptError(
                    kind: "NotImplementedError",
                    message:
                        "matplotlib.pyplot.subplot: mixing grids of different shapes in one figure is not supported by "
                        + "gradstep"
                )
            }
            let old = fig.figure.axes.count == 1 ? fig.figure.axes[0] : FigureAxes()
            fig.figure.rows = r
            fig.figure.columns = c
            fig.figure.axes = Array(repeating: FigureAxes(), count: r * c)
            if !old.artists.isEmpty || old.title != nil { fig.figure.axes[0] = old }
        }
        fig.currentAxes = k - 1
        if is3D { fig.axes3D.insert(k - 1) } else { fig.axes3D.remove(k - 1) }
        return .object(AxesObject(fig, k - 1))
    }

    /// gradstep's own `plot(values, x=..., xlabel=..., ylabel=...)` (and `plot({'train': [...], 'test': [...]})`):
    /// one figure with a line per series, drawn like a pyplot figure (x values, labelled axes, legend).
    static func quickPlot(_ v: Value, _ b: Bound, title: String, _ interp: Interpreter) throws -> Value {
        var series: [(String?, [Double])] = []
        if case .dict(let d) = v {
            for (k, s) in zip(d.keys, d.values) { series.append((k.str, try values(s, "plot(): values").doubles)) }
        } else if case .object(let h as HistoryObject) = v {
            series = [("loss per step", h.history.batchLosses.map(Double.init))]
        } else {
            series = [(nil, try values(v, "plot(): values").doubles)]
        }
        let xs = try b.value("x").map { try values($0, "plot(): x").doubles }
        var fig = Figure()
        for (name, ys) in series {
            let x = xs ?? (1...max(1, ys.count)).map(Double.init).prefix(ys.count).map { $0 }
            guard x.count == ys.count else {
                throw valueError(
                    "plot(): x has \(x.count) values but \(name.map { "'\($0)'" } ?? "values") has \(ys.count)")
            }
            fig.axes[0].artists.append(.line(x: x, y: ys, label: name, color: nil, lineStyle: "-", marker: nil))
        }
        fig.axes[0].title = title.isEmpty ? nil : title
        fig.axes[0].xLabel = try b.value("xlabel").map { $0.str } ?? (xs == nil ? "step" : nil)
        fig.axes[0].yLabel = b.value("ylabel")?.str
        fig.axes[0].legend = series.count > 1
        interp.display(.figure(fig))
        if let path = b.value("save") {
            let p = try b.string("save")
            guard p.lowercased().hasSuffix(".svg") else {
                throw valueError("plot(): save must be an .svg file path such as 'loss.svg'")
            }
            guard let save = interp.saveFigure else {
                throw ScriptError(
                    kind: "RuntimeError", message: "plot(): this front end cannot save charts (save='\(p)')")
            }
            try save(fig, p)
            interp.output("saved chart to \(p)")
        }
        return .none
    }

    static func savefig(_ fig: FigureObject, _ b: Bound, _ interp: Interpreter) throws -> Value {
        let path = try b.string("fname")
        let format =
            try b.value("format").map { $0.str.lowercased() }
            ?? (path.split(separator: ".").last.map { String($0).lowercased() } ?? "")
        guard format == "svg" else {
            throw valueError("savefig: gradstep writes SVG files only (use a name ending in .svg), not '\(format)'")
        }
        guard let save = interp.saveFigure else {
            throw ScriptError(kind: "RuntimeError", message: "savefig: saving figures is not available here")
        }
        do { try save(fig.figure, path) } catch let e as ScriptError { throw e } catch {
            throw ScriptError(kind: "OSError", message: "\(error)")
        }
        return .none
    }
}

extension BuiltinTable {
    func registerPyplot() {
        section = "matplotlib.pyplot"
        let mpl = namespace("matplotlib")
        mpl.set(
            "use",
            .object(BuiltinFunction("matplotlib.use(backend, *, force=True)") { (_: Bound, _: Interpreter) in .none }))
        let plt = namespace("matplotlib.pyplot")
        mpl.set("pyplot", .object(plt))
        func state(_ i: Interpreter) -> PyplotState { i.pyplot }
        let axesNames: [(String, String, String, String)] = [
            (
                "plot", "", "Lines through the points: plot(y), plot(x, y), plot(x, y, 'r--', label='train').",
                "plt.plot([1, 2, 3], [0.9, 0.5, 0.3], label='loss')"
            ),
            ("scatter", "", "Points at (x, y).", "plt.scatter([1, 2], [3, 4])"),
            ("hist", "", "A histogram; returns (counts, bin edges, bars).", "plt.hist([1, 2, 2, 3], bins=3)"),
            ("bar", "", "Bars of the given heights at x.", "plt.bar([0, 1], [3, 5])"),
            ("imshow", "", "An image: 2-D data mapped by cmap, or H×W×3 RGB.", "plt.imshow(np.eye(3), cmap='gray')"),
            ("title", "", "The current axes' title.", "plt.title('Loss')"),
            ("xlabel", "", "The x axis label.", "plt.xlabel('epoch')"),
            ("ylabel", "", "The y axis label.", "plt.ylabel('loss')"),
            ("xlim", "", "The x axis range.", "plt.xlim(0, 10)"),
            ("ylim", "", "The y axis range.", "plt.ylim(0, 1)"),
            ("legend", "", "Shows the labelled lines' legend.", "plt.legend()"),
            ("grid", "", "Grid lines on or off.", "plt.grid(True)"),
            ("axis", "", "axis('off') hides the frame and ticks (images).", "plt.axis('off')"),
        ]
        for (name, _, summary, example) in axesNames {
            let (params, unsupported) = Pyplot.signatures[name] ?? ("*args, **kwargs", [])
            def("plt.\(name)", "plt.\(name)(\(params))", summary, example, in: plt, unsupported: unsupported) {
                b, interp in
                let f = state(interp).currentFigure()
                return try Pyplot.axesCall(name, f, f.currentAxes, b, interp)
            }
        }
        def(
            "plt.figure",
            "plt.figure(num=None, figsize=None, dpi=None, facecolor=None, edgecolor=None, frameon=True, clear=False)",
            "A new figure (figsize in inches, as matplotlib).", "plt.figure(figsize=(8, 4))", in: plt,
            unsupported: ["num"]
        ) { b, interp in
            let s = state(interp)
            let f = FigureObject(Figure(), state: s)
            if let size = b.value("figsize") { try Pyplot.setSize(f, size, nil) }
            s.figures.append(f)
            s.current = f
            return .object(f)
        }
        def(
            "plt.subplots",
            "plt.subplots(nrows=1, ncols=1, *, sharex=False, sharey=False, squeeze=True, figsize=None, dpi=None, "
                + "constrained_layout=None, tight_layout=None, subplot_kw=None, gridspec_kw=None, width_ratios=None, "
                + "height_ratios=None)",
            "A figure with a grid of axes: `fig, ax = plt.subplots()`, `fig, axes = plt.subplots(2, 3)`.",
            "fig, axes = plt.subplots(1, 2)", in: plt,
            unsupported: ["subplot_kw", "gridspec_kw", "width_ratios", "height_ratios"]
        ) { b, interp in
            let r = try b.int("nrows", 1), c = try b.int("ncols", 1)
            guard r >= 1, c >= 1, r * c <= 400 else {
                throw valueError("Number of rows and columns must be positive (and at most 400 axes here)")
            }
            let s = state(interp)
            let f = FigureObject(Figure(rows: r, columns: c), state: s)
            if let size = b.value("figsize") { try Pyplot.setSize(f, size, nil) }
            s.figures.append(f)
            s.current = f
            let axes = (0..<(r * c)).map { AxesObject(f, $0) }
            let squeeze = try b.bool("squeeze", true)
            let ax: Value
            if squeeze && r * c == 1 {
                ax = .object(axes[0])
            } else if squeeze && (r == 1 || c == 1) {
                ax = .object(AxesGrid(axes, shape: [r * c]))
            } else {
                ax = .object(AxesGrid(axes, shape: [r, c]))
            }
            return .tuple([.object(f), ax])
        }
        def(
            "plt.subplot", "plt.subplot(*args, projection=None)",
            "Makes the i-th axes of an r×c grid current: subplot(2, 3, 1) or subplot(231) (projection='3d': drawn as "
                + "the x-y projection).",
            "plt.subplot(1, 2, 1)", in: plt
        ) { b, interp in
            try Pyplot.subplot(state(interp).currentFigure(), b.rest, "subplot", projection: b.value("projection"))
        }
        def(
            "plt.suptitle", "plt.suptitle(t, *, fontsize=None, fontweight=None, y=None)",
            "A title over the whole figure.", "plt.suptitle('Samples')", in: plt
        ) { b, interp in
            state(interp).currentFigure().figure.title = (b.raw("t") ?? .none).str
            return .none
        }
        def("plt.gca", "plt.gca()", "The current axes.", "ax = plt.gca()", in: plt) { _, interp in
            let f = state(interp).currentFigure()
            return .object(AxesObject(f, f.currentAxes))
        }
        def("plt.gcf", "plt.gcf()", "The current figure.", "fig = plt.gcf()", in: plt) { _, interp in
            return .object(state(interp).currentFigure())
        }
        def(
            "plt.tight_layout", "plt.tight_layout(*, pad=1.08, h_pad=None, w_pad=None, rect=None)",
            "Accepted; gradstep lays out the axes itself.", "plt.tight_layout()", in: plt
        ) { _, _ in
            .none
        }
        def(
            "plt.show", "plt.show(*, block=None)",
            "Draws the open figures (terminal charts; SVG in `run --html`) and closes them.",
            "plt.show()", in: plt
        ) { _, interp in
            let s = state(interp)
            for f in s.figures where !f.figure.isEmpty { interp.display(.figure(f.figure)) }
            s.close(nil)
            return .none
        }
        def(
            "plt.savefig", "plt.savefig(\(Pyplot.savefigParams))", "Writes the current figure as an SVG file.",
            "plt.plot([1, 2])\nplt.savefig('loss.svg')  # needs a front end that writes files (the REPL, run, learn)",
            in: plt
        ) { b, interp in
            try Pyplot.savefig(state(interp).currentFigure(), b, interp)
        }
        def(
            "plt.close", "plt.close(fig=None)", "Closes the current figure, a given one, or all with 'all'.",
            "plt.close('all')", in: plt
        ) { b, interp in
            let s = state(interp)
            switch b.value("fig") {
            case .string("all")?: s.close(nil)
            case .object(let f as FigureObject)?: s.close(f)
            case nil: if let c = s.current { s.close(c) }
            case let v?: throw typeError("close(): expected a figure or 'all', not \(v.typeName)")
            }
            return .none
        }
        // Interactive mode and animation (plt.ion(); ...; plt.pause(0.1); plt.ioff(); plt.show()): a script
        // run without a window draws nothing until show(), as matplotlib does without a display.
        for (name, signature, summary, example) in [
            ("ion", "plt.ion()", "Interactive mode: accepted; figures are drawn by plt.show().", "plt.ion()"),
            ("ioff", "plt.ioff()", "Leaves interactive mode: accepted.", "plt.ioff()"),
            ("draw", "plt.draw()", "Accepted; figures are drawn by plt.show().", "plt.draw()"),
            (
                "pause", "plt.pause(interval)",
                "Accepted and returns at once (no window to update; plt.show() draws).", "plt.pause(0.1)"
            ),
            (
                "text", "plt.text(x, y, s, fontdict=None, **kwargs)", "Accepted; text on a chart is not drawn.",
                "plt.text(0.5, 0.5, 'loss=0.12', fontdict={'size': 12})"
            ),
            (
                "annotate", "plt.annotate(text, xy, *args, **kwargs)", "Accepted; annotations are not drawn.",
                "plt.annotate('min', (2, 0.1))"
            ),
            (
                "xticks", "plt.xticks(ticks=None, labels=None, *, minor=False, **kwargs)",
                "Accepted; ticks are not set.", "plt.xticks(())"
            ),
            (
                "yticks", "plt.yticks(ticks=None, labels=None, *, minor=False, **kwargs)",
                "Accepted; ticks are not set.", "plt.yticks(())"
            ),
        ] {
            def("plt.\(name)", signature, summary, example, in: plt) { _, _ in .none }
        }
        def("plt.isinteractive", "plt.isinteractive()", "False: no window here.", "plt.isinteractive()", in: plt) {
            _, _ in .bool(false)
        }
        def("plt.cla", "plt.cla()", "Clears the current axes.", "plt.cla()", in: plt) { _, interp in
            let f = state(interp).currentFigure()
            f.figure.axes[f.currentAxes] = FigureAxes()
            return .none
        }
        def("plt.clf", "plt.clf()", "Clears the current figure.", "plt.clf()", in: plt) { _, interp in
            let f = state(interp).currentFigure()
            f.figure = Figure(size: f.figure.size)
            f.currentAxes = 0
            return .none
        }
        prefixExamples(sections: ["matplotlib.pyplot"], with: "import matplotlib.pyplot as plt\nimport numpy as np\n")
        // Colormaps as values (`cmap=plt.cm.gray`), and modules scripts import for what they do not run here.
        let cm = namespace("matplotlib.cm")
        for name in [
            "gray", "gray_r", "binary", "binary_r", "Greys", "viridis", "plasma", "inferno", "magma", "hot", "jet",
            "rainbow", "Blues", "Reds", "coolwarm", "bwr", "RdBu", "RdYlGn", "Spectral", "tab10",
        ] {
            cm.set(name, .object(Colormap(name)))
        }
        mpl.set("cm", .object(cm))
        plt.set("cm", .object(cm))
        mpl.set("ticker", .object(namespace("matplotlib.ticker")))
        let toolkits = namespace("mpl_toolkits")
        let mplot3d = namespace("mpl_toolkits.mplot3d")
        toolkits.set("mplot3d", .object(mplot3d))
        let axes3D = BuiltinFunction("Axes3D(fig, *args, **kwargs)") { b, _ in
            guard case .object(let fig as FigureObject)? = b.raw("fig") else {
                throw typeError("Axes3D() expects a Figure (fig = plt.figure(); ax = Axes3D(fig))")
            }
            // added to the figure (as matplotlib before 3.6 did), and drawn as its x-y projection
            return try Pyplot.subplot(fig, [], "Axes3D", projection: .string("3d"))
        }
        mplot3d.set("Axes3D", .object(axes3D))
        modules["matplotlib.pyplot"] = .object(PyplotModule(plt))
        mpl.set("pyplot", modules["matplotlib.pyplot"] ?? .none)
    }
}

/// A colormap as a value (`plt.cm.gray`), usable wherever a cmap name is.
final class Colormap: ScriptObject, @unchecked Sendable {
    let name: String
    init(_ name: String) { self.name = name }
    override var typeName: String { "LinearSegmentedColormap" }
    override var repr: String {
        "<matplotlib.colors.LinearSegmentedColormap object at \(GradFnObject.address(self))>"
    }
    override var attributeNames: [String] { ["name"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        n == "nam"
            + "e" ? .string(name) : nil
    }
    /// The (r, g, b, a) colour at `x`: an int indexes matplotlib's 256-entry table (entry i is the
    /// colour at i/255), a float in [0, 1] picks entry ⌊256·x⌋; both clipped. Only the colormaps whose
    /// definition is a formula are available: gray (x, x, x), binary (1−x, 1−x, 1−x) and rainbow
    /// (|2x − ½|, sin πx, cos πx/2, clipped to [0, 1]).
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        let b = try Signature("Colormap.__call__(X, alpha=None, bytes=False)").bind(args)
        guard let v = b.value("X") else { throw typeError("Colormap.__call__() missing required argument 'X'") }
        let i: Int
        if case .int(let k) = v {
            i = min(max(k, 0), 255)
        } else {
            let x = try toDouble(v, "Colormap(): X")
            i = x.isNaN ? 0 : Int(min(max(x * 256, 0), 255))
        }
        let x = Double(i) / 255
        let rgb: [Double]
        switch name {
        case "gray": rgb = [x, x, x]
        case "binary", "gray_r": rgb = [1 - x, 1 - x, 1 - x]
        case "rainbow": rgb = [abs(2 * x - 0.5), sin(Double.pi * x), cos(Double.pi * x / 2)].map { min(max($0, 0), 1) }
        default:
            throw ScriptError(
                kind: "NotImplementedError",
                message: "calling the colormap '\(name)' for a colour is not supported by gradstep (gray, binary "
                    + "and rainbow are)")
        }
        let alpha = try b.value("alpha").map { try toDouble($0, "Colormap(): alpha") } ?? 1
        if try b.bool("bytes") {
            return .tuple((rgb + [alpha]).map { .int(Int(($0 * 255).rounded(.down))) })
        }
        return .tuple((rgb + [alpha]).map(Value.float))
    }
}

/// The `matplotlib.pyplot` module: its functions, and a NotImplementedError naming any other.
final class PyplotModule: ScriptObject, @unchecked Sendable {
    let ns: Namespace
    init(_ ns: Namespace) { self.ns = ns }
    override var typeName: String { "module" }
    override var repr: String { "<module 'matplotlib.pyplot'>" }
    override var attributeNames: [String] { ns.attributeNames }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if ns.attributeNames.contains(n) { return try ns.getAttribute(n, interp) }
        if n.hasPrefix("__") { return nil }
        throw Pyplot.notSupported(n)
    }
}
