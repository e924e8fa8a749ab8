// NDArrayFormat: numpy 2's printing of arrays and scalars (numpy/_core/arrayprint.py, default options:
// precision 8, floatmode 'maxprec', linewidth 75, threshold 1000, edgeitems 3).
//   repr: array([1. , 2.5]), array([[1, 2],\n       [3, 4]]), array([0.1], dtype=float32), np.float64(0.5)
//   str:  [1.  2.5], 0.5
// Floats: every value printed with its shortest round-trip digits, at most 8 after the point,
// padded to a common width; scientific notation when the largest |value| >= 1e8, or the smallest
// nonzero < 1e-4, or their ratio > 1000. Rows wrap at the line width with numpy's hanging indent.
// Arrays over 1000 elements show 3 items at each edge with `...`, and their repr ends with `shape=`.
//
// Non-goals: np.set_printoptions, suppress=True, legacy modes.

import Foundation

extension NDArray {
    /// numpy's repr: `array([...])` (dtype/shape suffix when not implied), or `np.float64(...)` for scalars.
    var numpyRepr: String {
        if isScalar { return NDArray.scalarRepr(self) }
        let prefix = "array("
        if count == 0 {
            var extras: [String] = []
            if shape != [0] { extras.append("shape=\(NDArray.shapeText(shape))") }
            extras.append("dtype=\(dtype.rawValue)")
            return prefix + "[]" + String(repeating: "]", count: 0) + ", " + extras.joined(separator: ", ") + ")"
        }
        let body = NDArray.formatBody(self, separator: ", ", prefix: prefix, lineWidth: 74)
        var extras: [String] = []
        if count > 1000 { extras.append("shape=\(NDArray.shapeText(shape))") }
        if dtype == .float32 { extras.append("dtype=float32") }
        if extras.isEmpty { return prefix + body + ")" }
        let arr = prefix + body + ","
        let extra = extras.joined(separator: ", ") + ")"
        let lastLine =
            arr.count - ((arr.lastIndex(of: "\n").map { arr.distance(from: arr.startIndex, to: $0) + 1 }) ?? 0)
        let spacer = lastLine + extra.count + 1 > 75 ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return arr + spacer + extra
    }

    /// numpy's str: `[1. 2.]`; a 0-d array or scalar prints as its Python value.
    var numpyStr: String {
        if ndim == 0 { return NDArray.scalarStr(self) }
        if count == 0 { return "[]" }
        return NDArray.formatBody(self, separator: " ", prefix: "", lineWidth: 75)
    }

    static func scalarStr(_ a: NDArray) -> String {
        switch a.store {
        case .f(let x): return a.dtype == .float32 ? pyFloat32(x[0]) : Repr.pyFloat(x[0])
        case .i(let x): return String(x[0])
        case .b(let x): return x[0] ? "True" : "False"
        }
    }

    static func scalarRepr(_ a: NDArray) -> String {
        switch a.store {
        case .b(let x): return x[0] ? "np.True_" : "np.False_"
        default: return "np.\(a.dtype.rawValue)(\(scalarStr(a)))"
        }
    }

    /// Python-style repr of a float32 value (its own shortest digits).
    static func pyFloat32(_ d: Double) -> String {
        if d.isNaN || d.isInfinite || d == 0 { return Repr.pyFloat(d) }
        let (neg, digits, exp) = shortest(d, f32: true)
        var s: String
        if exp < -4 || exp >= 16 {
            s = String(digits.prefix(1))
            if digits.count > 1 { s += "." + digits.dropFirst() }
            s += "e" + (exp < 0 ? "-" : "+") + (Swift.abs(exp) < 10 ? "0" : "") + String(Swift.abs(exp))
        } else if exp < 0 {
            s = "0." + String(repeating: "0", count: -exp - 1) + digits
        } else if digits.count <= exp + 1 {
            s = digits + String(repeating: "0", count: exp + 1 - digits.count) + ".0"
        } else {
            s = String(digits.prefix(exp + 1)) + "." + String(digits.dropFirst(exp + 1))
        }
        return (neg ? "-" : "") + s
    }

    /// Sign, shortest round-trip significant digits, and decimal exponent of the first digit.
    static func shortest(_ d: Double, f32: Bool) -> (Bool, String, Int) {
        if !f32 {
            let (_, digits, exp) = Repr.decompose(d)
            return (d.sign == .minus, digits, exp)
        }
        return Repr.digits(of: "\(Swift.abs(Float(d)))", negative: d < 0 || (d == 0 && d.sign == .minus))
    }

    /// dragon4_positional(x, precision, unique=True, fractional=True, trim='.'): integer part (with
    /// sign) and fraction digits (trailing zeros trimmed).
    static func positional(_ x: Double, precision: Int, f32: Bool) -> (String, String) {
        let (neg, digits, exp) = shortest(x, f32: f32)
        let sign = neg ? "-" : ""
        let fracCount = Swift.max(0, digits.count - exp - 1)
        if x != 0 && fracCount > precision {
            let s = String(format: "%.\(precision)f", Swift.abs(x))
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            var frac = parts.count > 1 ? String(parts[1]) : ""
            while frac.hasSuffix("0") { frac.removeLast() }
            return (sign + parts[0], frac)
        }
        if x == 0 { return (sign + "0", "") }
        if exp < 0 { return (sign + "0", String(repeating: "0", count: -exp - 1) + digits) }
        if digits.count <= exp + 1 {
            return (sign + digits + String(repeating: "0", count: exp + 1 - digits.count), "")
        }
        return (sign + String(digits.prefix(exp + 1)), String(digits.dropFirst(exp + 1)))
    }

    /// dragon4_scientific(x, precision, unique=True, trim='.'): mantissa integer digit (with sign),
    /// fraction digits and exponent.
    static func scientific(_ x: Double, precision: Int, f32: Bool) -> (String, String, Int) {
        var (neg, digits, exp) = shortest(x, f32: f32)
        if x == 0 { return (neg ? "-0" : "0", "", 0) }
        if digits.count - 1 > precision {
            let s = String(format: "%.\(precision)e", Swift.abs(x))
            let parts = s.split(separator: "e")
            exp = Int(parts[1]) ?? exp
            digits = String(parts[0]).replacingOccurrences(of: ".", with: "")
            while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        }
        return ((neg ? "-" : "") + String(digits.prefix(1)), String(digits.dropFirst()), exp)
    }

    /// The element formatter numpy builds from the data it shows (FloatingFormat/IntegerFormat/BoolFormat).
    static func formatter(_ a: NDArray, shown: [Int]) -> (Int) -> String {
        switch a.store {
        case .b(let x):
            let anyTrue = a.ndim > 0 && shown.contains { x[$0] }
            return { x[$0] ? (anyTrue ? " True" : "True") : "False" }
        case .i(let x):
            let width = shown.map { String(x[$0]).count }.max() ?? 1
            return { k in
                let s = String(x[k])
                return String(repeating: " ", count: Swift.max(0, width - s.count)) + s
            }
        case .f(let x):
            let f32 = a.dtype == .float32
            let finite = shown.map { x[$0] }.filter { $0.isFinite }
            let nonzero = finite.filter { $0 != 0 }.map { Swift.abs($0) }
            var expFormat = false
            if let mx = nonzero.max(), let mn = nonzero.min() {
                expFormat = mx >= 1e8 || mn < 0.0001 || mx / mn > 1000
            }
            var padLeft = 0, padRight = 0
            var precision = 8
            var expSize = 2
            if finite.isEmpty {
                padLeft = 0
                padRight = 0
            } else if expFormat {
                let parts = finite.map { scientific($0, precision: 8, f32: f32) }
                precision = parts.map { $0.1.count }.max() ?? 0
                expSize = Swift.max(2, parts.map { String(Swift.abs($0.2)).count }.max() ?? 2)
                padLeft = parts.map { $0.0.count }.max() ?? 1
                padRight = expSize + 2 + precision
            } else {
                let parts = finite.map { positional($0, precision: 8, f32: f32) }
                padLeft = parts.map { $0.0.count }.max() ?? 1
                padRight = parts.map { $0.1.count }.max() ?? 0
            }
            if finite.count != shown.count {
                let hasNegInf = shown.contains { x[$0].isInfinite && x[$0] < 0 }
                padLeft = Swift.max(padLeft, 3 - (padRight + 1), 3 + (hasNegInf ? 1 : 0) - (padRight + 1))
            }
            let (pl, pr, prec, es) = (padLeft, padRight, precision, expSize)
            return { k in
                let v = x[k]
                if !v.isFinite {
                    let s = v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf")
                    return String(repeating: " ", count: Swift.max(0, pl + pr + 1 - s.count)) + s
                }
                if expFormat {
                    let (i, f, e) = scientific(v, precision: 8, f32: f32)
                    let frac = f + String(repeating: "0", count: Swift.max(0, prec - f.count))
                    let es2 = String(Swift.abs(e))
                    let expText =
                        "e" + (e < 0 ? "-" : "+") + String(repeating: "0", count: Swift.max(0, es - es2.count)) + es2
                    return String(repeating: " ", count: Swift.max(0, pl - i.count)) + i + "." + frac + expText
                }
                let (i, f) = positional(v, precision: 8, f32: f32)
                return String(repeating: " ", count: Swift.max(0, pl - i.count)) + i + "." + f
                    + String(repeating: " ", count: Swift.max(0, pr - f.count))
            }
        }
    }

    /// numpy's _formatArray: nested brackets, separators, wrapping at `lineWidth`, `...` summaries.
    static func formatBody(_ a: NDArray, separator: String, prefix: String, lineWidth: Int) -> String {
        if a.ndim == 0 {
            return formatter(a, shown: [0])(0)
        }
        let summarize = a.count > 1000
        let edge = 3
        var strides = [Int](repeating: 1, count: a.ndim)
        var s = 1
        for i in stride(from: a.ndim - 1, through: 0, by: -1) {
            strides[i] = s
            s *= a.shape[i]
        }
        // The indices shown along each axis.
        func shownIndices(_ axis: Int) -> (lead: [Int], trail: [Int], summary: Bool) {
            let n = a.shape[axis]
            if summarize && 2 * edge < n { return (Array(0..<edge), Array((n - edge)..<n), true) }
            return (Array(0..<n), [], false)
        }
        var shown: [Int] = []
        func collect(_ axis: Int, _ base: Int) {
            if axis == a.ndim {
                shown.append(base)
                return
            }
            let (l, t, _) = shownIndices(axis)
            for i in l + t { collect(axis + 1, base + i * strides[axis]) }
        }
        collect(0, 0)
        let fmt = formatter(a, shown: shown)
        let nextLinePrefix = " " + String(repeating: " ", count: prefix.count)

        func extendLine(_ s: inout String, _ line: inout String, _ word: String, _ width: Int, _ indent: String) {
            var needsWrap = line.count + word.count > width
            if line.count <= indent.count { needsWrap = false }
            if needsWrap {
                s += rstrip(line) + "\n"
                line = indent
            }
            line += word
        }
        func recurse(_ axis: Int, _ base: Int, _ hanging: String, _ width: Int) -> String {
            if axis == a.ndim { return fmt(base) }
            let nextHanging = hanging + " "
            let nextWidth = width - 1
            let (lead, trail, summary) = shownIndices(axis)
            let all = lead + trail
            let axesLeft = a.ndim - axis
            var s = ""
            if axesLeft == 1 {
                let elemWidth = width - Swift.max(rstrip(separator).count, 1)
                var line = hanging
                for (j, i) in all.enumerated() {
                    if summary && j == lead.count {
                        extendLine(&s, &line, "...", elemWidth, hanging)
                        line += separator
                    }
                    let word = recurse(axis + 1, base + i * strides[axis], nextHanging, nextWidth)
                    extendLine(&s, &line, word, elemWidth, hanging)
                    if j < all.count - 1 { line += separator }
                }
                s += line
            } else {
                let lineSep = rstrip(separator) + String(repeating: "\n", count: axesLeft - 1)
                for (j, i) in all.enumerated() {
                    if summary && j == lead.count { s += hanging + "..." + lineSep }
                    let nested = recurse(axis + 1, base + i * strides[axis], nextHanging, nextWidth)
                    s += hanging + nested
                    if j < all.count - 1 { s += lineSep }
                }
            }
            return "[" + String(s.dropFirst(hanging.count)) + "]"
        }
        return recurse(0, 0, nextLinePrefix, lineWidth)
    }

    static func rstrip(_ s: String) -> String {
        var t = s
        while t.last == " " { t.removeLast() }
        return t
    }
}
