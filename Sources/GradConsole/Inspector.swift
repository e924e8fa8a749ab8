// Inspector: what `:show x` and `:vars` print.
//
// `:show` gives a tensor's values (abbreviated by the tensor printer when large), its shape,
// dtype and autograd status, min/max/mean/std of the values and of the gradient (with its L2
// norm), and a picture when the shape is one: a heatmap for 2-D tensors and one-channel images,
// a grid for a batch `[N, 1, H, W]` or conv filters `[O, C, kH, kW]`. A module shows its repr and a
// table of its parameters. `:vars` lists the session's variables with type, shape and gradient
// status.
//
// Statistics: std is the unbiased (n−1) estimate, as `x.std()` in PyTorch; non-finite values are
// counted and left out of the statistics.
//
// Non-goals: editing values, paging.

import Foundation
import GradEngine
import GradRender
import GradScript

/// Summary statistics of a tensor's values.
public struct TensorStats: Sendable, Equatable {
    public var count: Int
    public var min: Double
    public var max: Double
    public var mean: Double
    /// Unbiased standard deviation (0 for a single value).
    public var std: Double
    /// ‖v‖₂.
    public var norm: Double
    /// How many values were NaN or infinite (left out of the other figures).
    public var nonFinite: Int

    /// Statistics of `values`; nil when there is no finite value.
    public init?(_ values: [Float]) {
        var n = 0, bad = 0
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, sq = 0.0
        for v in values {
            guard v.isFinite else {
                bad += 1
                continue
            }
            let d = Double(v)
            n += 1
            sum += d
            sq += d * d
            lo = Swift.min(lo, d)
            hi = Swift.max(hi, d)
        }
        guard n > 0 else { return nil }
        let mean = sum / Double(n)
        var ss = 0.0
        for v in values where v.isFinite {
            let d = Double(v) - mean
            ss += d * d
        }
        self.count = n
        self.min = lo
        self.max = hi
        self.mean = mean
        self.std = n > 1 ? (ss / Double(n - 1)).squareRoot() : 0
        self.norm = sq.squareRoot()
        self.nonFinite = bad
    }

    /// "min -1.2  max 2.3  mean 0.1  std 0.9".
    public var summary: String {
        var s = "min \(num(min))  max \(num(max))  mean \(num(mean))  std \(num(std))"
        if nonFinite > 0 { s += "  (\(nonFinite) NaN/inf left out)" }
        return s
    }
}

/// Compact number: 4 significant digits, plain or scientific.
func num(_ v: Double) -> String {
    if v == 0 { return "0" }
    if !v.isFinite { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    if abs(v) >= 1e5 || abs(v) < 1e-3 { return String(format: "%.3e", v) }
    let s = String(format: "%.4g", v)
    return s == "-0" ? "0" : s
}

enum Inspector {
    /// The `:show` text for `value` named `name`.
    static func show(_ name: String, _ value: Value, capabilities: TerminalCapabilities) -> String {
        if let t = value.asTensor { return showTensor(name, t, capabilities: capabilities) }
        if let m = value.asModule { return showModule(name, m) }
        return "\(name): \(value.typeName)\n\(value.repr)"
    }

    static func showTensor(_ name: String, _ t: Tensor, capabilities: TerminalCapabilities) -> String {
        var lines: [String] = []
        lines.append(Value.tensor(t).repr)
        var status = "\(name): shape \(shapeText(t.shape)), \(t.dtype.rawValue)"
        if t.requiresGrad { status += ", requires_grad=True" }
        if let fn = t.gradFn { status += ", grad_fn=\(fn.op)" }
        lines.append(status)
        if let s = TensorStats(t.data) {
            lines.append("values: " + s.summary)
        }
        if let g = t.grad {
            if let s = TensorStats(g.data) {
                lines.append("grad:   " + s.summary + "  norm \(num(s.norm))")
            }
        } else if t.requiresGrad {
            lines.append(
                t.isLeaf
                    ? "grad:   None (no backward() has reached it yet)"
                    : "grad:   None (not a leaf: PyTorch keeps .grad only for leaves)")
        }
        if let picture = picture(t, capabilities: capabilities) { lines.append(picture) }
        if let g = t.grad, let picture = picture(g, capabilities: capabilities) {
            lines.append("gradient:")
            lines.append(picture)
        }
        return lines.joined(separator: "\n")
    }

    /// A heatmap or grid when the shape is picture-like, else nil.
    static func picture(_ t: Tensor, capabilities: TerminalCapabilities) -> String? {
        guard t.count > 1 else { return nil }
        let cols = max(16, capabilities.columns - 1)
        if t.ndim == 2, t.shape[0] > 1, t.shape[0] <= 64, let side = squareSide(t.shape[1]) {
            // A linear layer on flattened images ([10, 784]): each row as a 28×28 picture.
            if let grid = try? Tensor(shape: [t.shape[0], side, side], data: t.data) {
                return "rows as \(side)×\(side) images:\n"
                    + ((try? ImageGrid.render(
                        grid, colorMode: capabilities.colorMode, columns: cols,
                        captions: (0..<t.shape[0]).map(String.init))) ?? "")
            }
        }
        if t.ndim == 2 || (Heatmap.isDrawable(t.shape) && t.ndim > 2) {
            guard let (h, w) = Heatmap.imageSize(t.shape), h > 1, w > 1 else { return nil }
            var image = PixelImage(width: w, height: h, values: t.data)
            let big = Swift.max(h, w)
            if big < 16 { image = image.upscaled(by: (16 + big - 1) / big) }
            return Heatmap.render(
                image, colorMode: capabilities.colorMode, scale: HeatmapScale.fitting(t.data),
                maxColumns: cols, maxRows: 64)
        }
        if ImageGrid.isGrid(t.shape) && t.ndim == 4 {
            return try? ImageGrid.render(t, colorMode: capabilities.colorMode, columns: cols)
        }
        if t.ndim == 3 && t.shape[1] > 1 && t.shape[2] > 1 {
            return try? ImageGrid.render(t, colorMode: capabilities.colorMode, columns: cols)
        }
        return nil
    }

    /// √n when n is a perfect square of at least 8² (a flattened image), else nil.
    static func squareSide(_ n: Int) -> Int? {
        let r = Int(Double(n).squareRoot().rounded())
        return r >= 8 && r * r == n ? r : nil
    }

    static func showModule(_ name: String, _ m: Module) -> String {
        var lines = [m.description]
        let params = m.namedParameters()
        let total = params.reduce(0) { $0 + $1.1.count }
        lines.append(
            "\(name): \(m.typeName), \(params.count) parameter tensors, \(grouped(total)) values, "
                + "\(m.training ? "training" : "eval") mode"
        )
        guard !params.isEmpty else { return lines.joined(separator: "\n") }
        var rows = [["parameter", "shape", "mean", "std", "grad norm"]]
        for (pname, p) in params {
            let s = TensorStats(p.data)
            rows.append([
                pname, shapeText(p.shape), s.map { num($0.mean) } ?? "-", s.map { num($0.std) } ?? "-",
                p.grad.flatMap { TensorStats($0.data) }.map { num($0.norm) } ?? "None",
            ])
        }
        lines.append(table(rows))
        return lines.joined(separator: "\n")
    }

    /// The `:vars` listing.
    static func vars(_ interp: Interpreter) -> String {
        let globals = interp.globals
        guard !globals.isEmpty else { return "(no variables yet)" }
        var rows = [["name", "type", "shape / value", "gradient"]]
        for (name, value) in globals {
            var shape = "", grad = ""
            if let t = value.asTensor {
                shape = shapeText(t.shape) + (t.dtype == .float32 ? "" : " " + t.dtype.rawValue)
                if t.requiresGrad {
                    grad =
                        t.grad != nil
                        ? "requires grad, holds grad"
                        : (t.isLeaf ? "requires grad, no grad yet" : "requires grad (grad_fn=\(t.gradFn?.op ?? "?"))")
                } else if t.grad != nil {
                    grad = "holds grad"
                }
            } else if let m = value.asModule {
                let params = m.parameters()
                shape = "\(grouped(params.reduce(0) { $0 + $1.count })) parameters"
                let held = params.filter { $0.grad != nil }.count
                grad = held == 0 ? "no grads" : "\(held) of \(params.count) hold grads"
            } else {
                var r = value.repr.replacingOccurrences(of: "\n", with: " ")
                if r.count > 40 { r = String(r.prefix(37)) + "..." }
                shape = r
            }
            rows.append([name, value.typeName, shape, grad])
        }
        return table(rows)
    }

    /// Left-aligned columns separated by two spaces, trailing spaces trimmed.
    static func table(_ rows: [[String]]) -> String {
        let ncol = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: ncol)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = Swift.max(widths[i], c.count) } }
        return rows.map { r in
            var line = ""
            for (i, c) in r.enumerated() {
                line += c + (i < r.count - 1 ? String(repeating: " ", count: widths[i] - c.count + 2) : "")
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// 21840 -> "21,840".
    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 && ch != "-" { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
