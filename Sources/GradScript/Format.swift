// Format and Repr: how values become text, as Python writes them.
//   repr(0.1) == "0.1", repr(1e-05) == "1e-05", repr(3.0) == "3.0", repr([1, 'a']) == "[1, 'a']"
//   f"{loss:.4f}", "{:>6}".format(x), "%d of %d" % (a, b)
// Tensors print as PyTorch prints them (GradEngine/Format/TensorFormat.swift); modules print their tree.
// Non-goals: the full format-spec grammar (fill/align/sign/width/grouping/precision/type cover lessons' needs).

import Foundation
import GradEngine

enum Repr {
    /// How deep repr and `==` follow nested lists, tuples and dicts (Python's recursion limit).
    static let maxDepth = 1000

    /// Python's repr. A list or dict that contains itself prints as `[...]` / `{...}`, as in Python;
    /// nesting deeper than `maxDepth` is cut to `...` here (`checkedRepr` raises RecursionError).
    static func repr(_ v: Value) -> String {
        var w = Writer(throwing: false)
        do { try w.write(v, depth: 0) } catch { w.out += "..." }
        return w.out
    }

    /// Python's repr, raising RecursionError where Python does: nesting deeper than `maxDepth`, a
    /// module that contains itself. What `print`, `str`, `repr`, f-strings and the REPL's echo use.
    static func checkedRepr(_ v: Value) throws -> String {
        var w = Writer(throwing: true)
        try w.write(v, depth: 0)
        return w.out
    }

    static func recursionError() -> ScriptError {
        ScriptError(
            kind: "RecursionError", message: "maximum recursion depth exceeded while getting the repr of an object")
    }

    /// Writes one value; `active` holds the lists and dicts being written (Python's Py_ReprEnter),
    /// so a container met again inside itself prints as `[...]` / `{...}`.
    struct Writer {
        var out = ""
        var active = Set<ObjectIdentifier>()
        let throwing: Bool

        init(throwing: Bool) { self.throwing = throwing }

        mutating func write(_ v: Value, depth: Int) throws {
            switch v {
            case .none: out += "None"
            case .bool(let b): out += b ? "True" : "False"
            case .int(let i): out += String(i)
            case .float(let d): out += pyFloat(d)
            case .string(let s): out += quote(s)
            case .list(let l):
                let id = ObjectIdentifier(l)
                if active.contains(id) {
                    out += "[...]"
                    return
                }
                try enter(depth)
                active.insert(id)
                defer { active.remove(id) }
                out += (l.view.map { $0 + "(" } ?? "") + "["
                for (i, x) in l.items.enumerated() {
                    if i > 0 { out += ", " }
                    try write(x, depth: depth + 1)
                }
                out += "]" + (l.view == nil ? "" : ")")
            case .tuple(let xs):
                try enter(depth)
                out += "("
                for (i, x) in xs.enumerated() {
                    if i > 0 { out += ", " }
                    try write(x, depth: depth + 1)
                }
                out += xs.count == 1 ? ",)" : ")"
            case .dict(let d):
                let id = ObjectIdentifier(d)
                if active.contains(id) {
                    out += "{...}"
                    return
                }
                try enter(depth)
                active.insert(id)
                defer { active.remove(id) }
                var pairs = Array(zip(d.keys, d.values))
                // the collections types print as Python 3.11 prints them
                if d.isOrdered {
                    out += "OrderedDict("
                    if !pairs.isEmpty {
                        out += "["
                        for (i, (k, x)) in pairs.enumerated() {
                            out += i > 0 ? ", (" : "("
                            try write(k, depth: depth + 1)
                            out += ", "
                            try write(x, depth: depth + 1)
                            out += ")"
                        }
                        out += "]"
                    }
                    out += ")"
                    return
                }
                if let f = d.defaultFactory {
                    out += "defaultdict("
                    try write(f, depth: depth + 1)
                    out += ", "
                } else if d.isCounter {
                    if pairs.isEmpty {
                        out += "Counter()"
                        return
                    }
                    out += "Counter("
                    // most common first, ties in insertion order
                    pairs = pairs.enumerated().sorted { x, y in
                        let a = x.element.1.asDouble ?? 0, b = y.element.1.asDouble ?? 0
                        return a != b ? a > b : x.offset < y.offset
                    }.map(\.element)
                }
                out += "{"
                for (i, (k, x)) in pairs.enumerated() {
                    if i > 0 { out += ", " }
                    try write(k, depth: depth + 1)
                    out += ": "
                    try write(x, depth: depth + 1)
                }
                out += "}"
                if d.defaultFactory != nil || d.isCounter { out += ")" }
            case .tensor(let t): out += t.description
            case .module(let m):
                if throwing {
                    do { out += try m.describe() } catch { throw Repr.recursionError() }
                } else {
                    out += m.description
                }
            case .object(let o): out += o.repr
            }
        }

        private func enter(_ depth: Int) throws {
            if depth >= Repr.maxDepth { throw Repr.recursionError() }
        }
    }

    /// Python's string repr: single quotes unless the text holds a single quote and no double quote.
    static func quote(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case Unicode.Scalar(String(q)): out += "\\" + String(q)
            default:
                guard isPrintable(c) else {
                    // Python's escapes for what it does not print: \x0b, \u200b, \U0001f600
                    let hex = String(c.value, radix: 16)
                    let width = c.value < 0x100 ? 2 : (c.value < 0x10000 ? 4 : 8)
                    out +=
                        (width == 2 ? "\\x" : width == 4 ? "\\u" : "\\U")
                        + String(repeating: "0", count: width - hex.count) + hex
                    continue
                }
                out.unicodeScalars.append(c)
            }
        }
        out.append(q)
        return out
    }

    /// Python's `str.isprintable` for one code point: not a control, format, surrogate, private-use
    /// or unassigned code point, nor a separator other than the space.
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        if c == " " { return true }
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
            .paragraphSeparator:
            return false
        default: return true
        }
    }

    /// Python's float repr: shortest round-trip digits; exponent form when exp < -4 or exp >= 16.
    static func pyFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description is the shortest round-trip form; re-layout its digits Python's way.
        let (neg, digits, exp) = decompose(d)
        var s: String
        if exp < -4 || exp >= 16 {
            s = String(digits.prefix(1))
            if digits.count > 1 { s += "." + digits.dropFirst() }
            s += "e" + (exp < 0 ? "-" : "+") + (abs(exp) < 10 ? "0" : "") + String(abs(exp))
        } else if exp < 0 {
            s = "0." + String(repeating: "0", count: -exp - 1) + digits
        } else if digits.count <= exp + 1 {
            s = digits + String(repeating: "0", count: exp + 1 - digits.count) + ".0"
        } else {
            let i = digits.index(digits.startIndex, offsetBy: exp + 1)
            s = String(digits[..<i]) + "." + String(digits[i...])
        }
        return (neg ? "-" : "") + s
    }

    /// Sign, significant digits (no leading/trailing zeros) and decimal exponent of the shortest repr.
    static func decompose(_ d: Double) -> (Bool, String, Int) {
        digits(of: "\(abs(d))", negative: d < 0)
    }

    /// `decompose` of a number given as Swift's shortest text of its magnitude ("1.5e-05", "120.0");
    /// numpy's float32 repr passes Float's text here.
    static func digits(of text: String, negative: Bool) -> (Bool, String, Int) {
        var s = text
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(s[s.index(after: e)...]) ?? 0
            s = String(s[..<e])
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let frac = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + frac
        var pointPos = intPart.count + exp  // digits before the decimal point
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPos -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (negative, digits, pointPos - 1)
    }
}

enum Format {
    /// `format(v, spec)` / f-string `{v:spec}`.
    static func format(_ v: Value, spec: String) throws -> String {
        // PyTorch's Tensor.__format__: a 0-d tensor formats as its Python number (f"{loss}" gives
        // 0.5, f"{loss:.4f}" 0.5000); any other tensor only with an empty spec (its str).
        if case .tensor(let t) = v, t.ndim == 0 {
            let n: Value =
                t.dtype.isFloatingPoint
                ? .float(try t.itemDouble()) : (t.dtype == .bool ? .bool(t.data[0] != 0) : .int(int64Value(t.data[0])))
            return try format(n, spec: spec)
        }
        if spec.isEmpty { return try v.checkedStr() }
        if case .object(let o) = v, let n = o.numberValue { return try format(n, spec: spec) }
        let p = try Spec(spec)
        var body: String
        switch v {
        case .int, .bool, .float:
            body = try number(v, p)
        case .string(let s):
            guard p.type == nil || p.type == "s" else {
                throw valueError("Unknown format code '\(p.type!)' for object of type 'str'")
            }
            body = p.precision.map { String(s.prefix($0)) } ?? s
        default:
            if p.type != nil || p.precision != nil {
                throw typeError("unsupported format string passed to \(v.typeName).__format__")
            }
            body = try v.checkedStr()
        }
        return pad(body, p, numeric: Operators.isNumber(v))
    }

    static func apply(_ v: Value, spec: String) -> String { (try? format(v, spec: spec)) ?? v.str }

    struct Spec {
        var fill: Character = " "
        var align: Character? = nil
        var sign: Character = "-"
        var zero = false
        var width = 0
        var grouping: Character? = nil
        var precision: Int? = nil
        var type: Character? = nil
        /// `#`: the alternate form (`0x`, `0b`, `0o` prefixes).
        var alternate = false

        /// The longest width or precision a format may ask for: a longer one would build a string
        /// of that many characters (Python: MemoryError for `'%2000000000d' % 1`; Foundation's
        /// formatter crashed on it). Python's own limit is the size of memory; this is the one of
        /// `'ab' * n` ("string too long").
        static let maxLength = 10_000_000

        /// A width or precision written in `digits` (nil when empty), at most `maxLength`.
        static func length(_ digits: String, _ what: String) throws -> Int? {
            if digits.isEmpty { return nil }
            guard let n = Int(digits) else { throw valueError("Too many decimal digits in format string") }
            guard n <= maxLength else {
                throw ScriptError(
                    kind: "MemoryError", message: "format \(what) \(n) is too large (gradstep's limit is \(maxLength))")
            }
            return n
        }

        init(_ s: String) throws {
            var cs = Array(s)[...]
            if cs.count >= 2, "<>^=".contains(cs[cs.startIndex + 1]) {
                fill = cs[cs.startIndex]
                align = cs[cs.startIndex + 1]
                cs = cs.dropFirst(2)
            } else if let c = cs.first, "<>^=".contains(c) {
                align = c
                cs = cs.dropFirst()
            }
            if let c = cs.first, "+- ".contains(c) {
                sign = c
                cs = cs.dropFirst()
            }
            if cs.first == "#" {
                alternate = true
                cs = cs.dropFirst()
            }
            if cs.first == "0" {
                zero = true
                cs = cs.dropFirst()
            }
            var w = ""
            while let c = cs.first, c.isNumber {
                w.append(c)
                cs = cs.dropFirst()
            }
            width = try Spec.length(w, "width") ?? 0
            if let c = cs.first, c == "," || c == "_" {
                grouping = c
                cs = cs.dropFirst()
            }
            if cs.first == "." {
                cs = cs.dropFirst()
                var pr = ""
                while let c = cs.first, c.isNumber {
                    pr.append(c)
                    cs = cs.dropFirst()
                }
                guard let n = try Spec.length(pr, "precision") else {
                    throw valueError("Format specifier missing precision")
                }
                precision = n
            }
            if let c = cs.first {
                type = c
                cs = cs.dropFirst()
            }
            guard cs.isEmpty else { throw valueError("Invalid format specifier '\(s)'") }
        }
    }

    static func number(_ v: Value, _ p: Spec) throws -> String {
        let isInt: Bool = {
            if case .float = v { return false }
            return true
        }()
        let d = v.asDouble ?? 0
        var s: String
        switch p.type {
        case nil:
            if isInt {
                s = String(v.asInt ?? 0)
            } else if let pr = p.precision {
                s = gFormat(d, max(pr, 1), alt: true)
            } else {
                s = Repr.pyFloat(d)
            }
        case "d":
            guard isInt else { throw valueError("Unknown format code 'd' for object of type 'float'") }
            s = String(v.asInt ?? 0)
        case "f", "F": s = String(format: "%.\(p.precision ?? 6)f", d)
        case "e", "E":
            s = String(format: "%.\(p.precision ?? 6)e", d)
            if p.type == "E" { s = s.uppercased() }
        case "g", "G": s = gFormat(d, p.precision ?? 6, alt: false)
        case "%": s = String(format: "%.\(p.precision ?? 6)f", d * 100) + "%"
        case "x", "X", "b", "o":
            guard isInt else {
                throw valueError("Unknown format code '\(p.type ?? "x")' for object of type 'float'")
            }
            let i = v.asInt ?? 0
            let radix = p.type == "b" ? 2 : (p.type == "o" ? 8 : 16)
            let prefix = p.alternate ? "0" + String(p.type ?? "x") : ""
            s = (i < 0 ? "-" : "") + prefix + String(i.magnitude, radix: radix, uppercase: p.type == "X")
        case "n":
            s = isInt ? String(v.asInt ?? 0) : gFormat(d, p.precision ?? 6, alt: false)
        case "s": s = v.str
        default: throw valueError("Unknown format code '\(p.type!)' for object of type '\(v.typeName)'")
        }
        if let g = p.grouping { s = group(s, g) }
        if p.sign == "+" && !s.hasPrefix("-") { s = "+" + s }
        if p.sign == " " && !s.hasPrefix("-") { s = " " + s }
        return s
    }

    static func gFormat(_ d: Double, _ precision: Int, alt: Bool) -> String {
        var s = String(format: "%.\(max(precision, 1))g", d)
        if alt && !s.contains(".") && !s.contains("e") && !s.contains("n") && !s.contains("i") { s += ".0" }
        return s
    }

    static func group(_ s: String, _ sep: Character) -> String {
        let neg = s.hasPrefix("-")
        let body = neg ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", maxSplits: 1)
        let intPart = Array(parts.first ?? "")
        var out = ""
        for (i, c) in intPart.enumerated() {
            if i > 0 && (intPart.count - i) % 3 == 0 { out.append(sep) }
            out.append(c)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return (neg ? "-" : "") + out
    }

    static func pad(_ s: String, _ p: Spec, numeric: Bool) -> String {
        guard s.count < p.width else { return s }
        let n = p.width - s.count
        let align = p.align ?? (p.zero && numeric ? "=" : (numeric ? ">" : "<"))
        let fill: Character = p.zero && p.align == nil ? "0" : p.fill
        switch align {
        case ">": return String(repeating: fill, count: n) + s
        case "^": return String(repeating: fill, count: n / 2) + s + String(repeating: fill, count: n - n / 2)
        case "=":
            if let f = s.first, f == "-" || f == "+" {
                return String(f) + String(repeating: fill, count: n) + s.dropFirst()
            }
            return String(repeating: fill, count: n) + s
        default: return s + String(repeating: fill, count: n)
        }
    }

    /// The exact integer value of a finite whole double, in decimal (significand · 2^exponent, by doubling
    /// a decimal digit array; at most 309 digits).
    static func exactInteger(_ d: Double) -> String {
        let r = d.rounded(.towardZero)
        guard r != 0 else { return "0" }
        var digits: [UInt8] = []  // least significant first
        var m = r.significandBitPattern | (1 << 52)
        var e = Int(r.exponent) - 52
        while e < 0 {  // a whole number: the low bits that would be fractions are zero
            m >>= 1
            e += 1
        }
        while m > 0 {
            digits.append(UInt8(m % 10))
            m /= 10
        }
        for _ in 0..<e {
            var carry: UInt8 = 0
            for i in digits.indices {
                let v = digits[i] * 2 + carry
                digits[i] = v % 10
                carry = v / 10
            }
            if carry > 0 { digits.append(carry) }
        }
        return (r < 0 ? "-" : "") + String(digits.reversed().map { Character(String($0)) })
    }

    /// `"%d items, %.2f%%" % (n, x)`.
    static func percent(_ fmt: String, _ arg: Value) throws -> String {
        var args: [Value]
        if case .tuple(let xs) = arg { args = xs } else { args = [arg] }
        var out = ""
        var cs = Array(fmt)[...]
        var k = 0
        while let c = cs.first {
            cs = cs.dropFirst()
            guard c == "%" else {
                out.append(c)
                continue
            }
            // `%(name)s` takes its value from a dict argument
            var named: Value? = nil
            if cs.first == "(" {
                guard case .dict(let d) = arg else { throw typeError("format requires a mapping") }
                var name = ""
                cs = cs.dropFirst()
                while let d = cs.first, d != ")" {
                    name.append(d)
                    cs = cs.dropFirst()
                }
                guard cs.first == ")" else { throw valueError("incomplete format key") }
                cs = cs.dropFirst()
                guard let v = try d.get(.string(name)) else {
                    throw ScriptError(kind: "KeyError", message: Value.string(name).repr)
                }
                named = v
            }
            var spec = ""
            while let d = cs.first, "-+ 0#.123456789".contains(d) {
                spec.append(d)
                cs = cs.dropFirst()
            }
            guard let t = cs.first else { throw valueError("incomplete format") }
            cs = cs.dropFirst()
            // The width and precision in `spec` go to String(format:) below: bound them first.
            let specNumbers = spec.split(separator: ".", omittingEmptySubsequences: false)
            guard specNumbers.count <= 2,
                !spec.drop(while: { "-+ 0#".contains($0) }).contains(where: { "-+ #".contains($0) })
            else { throw valueError("unsupported format string '%\(spec)\(t)'") }
            _ = try Spec.length(String(specNumbers[0].drop { "-+ 0#".contains($0) }), "width")
            if specNumbers.count > 1 { _ = try Spec.length(String(specNumbers[1]), "precision") }
            if t == "%" {
                out += "%"
                continue
            }
            var a: Value
            if let v = named {
                a = v
            } else {
                guard k < args.count else { throw typeError("not enough arguments for format string") }
                a = args[k]
                k += 1
            }
            // A tensor given to a number format is its one element (int() / float() of it), as in PyTorch.
            if case .tensor(let x) = a, t != "s", t != "r" {
                guard x.count == 1 else {
                    throw valueError("only one element tensors can be converted to Python scalars")
                }
                a = x.dtype.isFloatingPoint ? .float(x.doubleValues[0]) : .int(int64Value(x.data[0]))
            }
            switch t {
            case "s", "r", "c":
                // width pads, precision cuts ('%-8.3s'); %c is one character, from a code point or a str
                let parts = spec.drop { "-+ 0#".contains($0) }.split(separator: ".", omittingEmptySubsequences: false)
                let w = parts.first.flatMap { Int($0) } ?? 0
                var str: String
                if t == "c" {
                    if case .string(let c) = a, c.unicodeScalars.count == 1 {
                        str = c
                    } else {
                        guard let i = a.asInt, !(a.asDouble.map { _ in Operators.isFloat(a) } ?? false),
                            let u = UInt32(exactly: i).flatMap(Unicode.Scalar.init)
                        else { throw typeError("%c requires an int or a unicode character, not \(a.typeName)") }
                        str = String(Character(u))
                    }
                } else {
                    str = t == "s" ? a.str : a.repr
                }
                if parts.count > 1, let prec = Int(parts[1]) { str = String(str.unicodeScalars.prefix(prec)) }
                let padding = String(repeating: " ", count: max(0, w - str.count))
                out += spec.hasPrefix("-") ? str + padding : padding + str
            case "d", "i":
                if Operators.isFloat(a), let d = a.asDouble, d.isFinite, Swift.abs(d) >= 9.2e18 {
                    // Beyond Int: Python prints the float's exact integer value ('%d' % 1e300 has 301 digits).
                    let digits = Format.exactInteger(d)
                    let width = Int(spec.split(separator: ".").first?.filter(\.isNumber) ?? "") ?? 0
                    let pad = String(repeating: " ", count: max(0, width - digits.count))
                    out += spec.hasPrefix("-") ? digits + pad : pad + digits
                    continue
                }
                if Operators.isFloat(a), let d = a.asDouble, !(d.isFinite && Swift.abs(d) < 9.2e18) {
                    throw d.isNaN
                        ? valueError("cannot convert float NaN to integer")
                        : ScriptError(
                            kind: "OverflowError",
                            message: "cannot convert float \(Repr.pyFloat(d)) to "
                                + "integer")
                }
                let i = try toInt(
                    Operators.isFloat(a) ? .int(int64Value((a.asDouble ?? 0).rounded(.towardZero))) : a, "%d format")
                out += String(format: "%\(spec)ld", i)
            case "f", "F", "e", "E", "g", "G":
                out += String(format: "%\(spec)\(t)", try toDouble(a, "%\(t) format"))
            case "x", "X", "o":
                // C's %x prints a negative number's two's complement; Python writes the sign
                let i = try toInt(a, "%\(t) format")
                let flags = spec.prefix { "-+ 0#".contains($0) }
                let width = Int(spec.dropFirst(flags.count).prefix { $0.isNumber }) ?? 0
                let sign = i < 0 ? "-" : (flags.contains("+") ? "+" : (flags.contains(" ") ? " " : ""))
                let prefix = flags.contains("#") ? "0" + String(t) : ""
                var digits = String(i.magnitude, radix: t == "o" ? 8 : 16, uppercase: t == "X")
                let n = max(0, width - sign.count - prefix.count - digits.count)
                if flags.contains("-") {
                    out += sign + prefix + digits + String(repeating: " ", count: n)
                } else if flags.contains("0") {
                    digits = String(repeating: "0", count: n) + digits
                    out += sign + prefix + digits
                } else {
                    out += String(repeating: " ", count: n) + sign + prefix + digits
                }
            default: throw valueError("unsupported format character '\(t)'")
            }
        }
        guard k == args.count || !(arg.asArray != nil) else {
            throw typeError("not all arguments converted during string formatting")
        }
        return out
    }
}
