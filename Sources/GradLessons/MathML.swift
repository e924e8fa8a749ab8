// MathML.swift: the TeX of the lessons' formulas as MathML, for `run --html` (every current browser
// renders MathML Core with no script and no network).
//
// Covers what the lessons write: letters and numbers, operators, `^`/`_` (with groups), `\frac`,
// `\sqrt`, `\boldsymbol`/`\mathbf`, `\overline`, `\text`/`\mathrm`, `\sum`/`\prod` with limits,
// `\mathop{...}` (e.g. `\arg\min`), function names (`\log`, `\exp`, `\max`, ...), Greek letters and
// the symbols of `MathText`. Non-goals: a TeX engine (environments, macros, spacing commands beyond
// `\,` `\;` `\quad`); anything unknown is shown as text rather than dropped.
import Foundation

public enum MathML {
    /// `<math>` for a formula: `display` for a block of its own (`$$...$$`).
    public static func render(_ tex: String, display: Bool) -> String {
        var p = Parser(Array(tex))
        let body = p.row(until: nil)
        let annotation = "<annotation encoding=\"application/x-tex\">\(HTMLExport.escape(tex))</annotation>"
        return
            "<math\(display ? " display=\"block\"" : "")><semantics><mrow>\(body)</mrow>\(annotation)</semantics>"
            + "</math>"
    }

    static let functions: Set<String> = [
        "log", "ln", "exp", "max", "min", "arg", "sin", "cos", "tan", "tanh", "softmax", "lim", "det",
    ]
    static let bigOperators: [String: String] = ["sum": "∑", "prod": "∏"]

    struct Parser {
        let s: [Character]
        var i = 0
        init(_ s: [Character]) { self.s = s }

        mutating func skipSpaces() { while i < s.count, s[i] == " " || s[i] == "\n" { i += 1 } }

        /// Atoms up to `close` (or the end), each with its sub/superscripts.
        mutating func row(until close: Character?) -> String {
            var out = ""
            while true {
                skipSpaces()
                guard i < s.count else { break }
                if let c = close, s[i] == c {
                    i += 1
                    break
                }
                out += scripted()
            }
            return out
        }

        /// One atom followed by `_x` and/or `^y`.
        mutating func scripted() -> String {
            var (base, isBigOp) = atom()
            var sub: String?, sup: String?
            while true {
                skipSpaces()
                guard i < s.count, s[i] == "_" || s[i] == "^" else { break }
                let which = s[i]
                i += 1
                skipSpaces()
                let (arg, _) = atom()
                if which == "_" { sub = arg } else { sup = arg }
            }
            if isBigOp {
                if let sb = sub, let sp = sup {
                    base = "<munderover>\(base)\(sb)\(sp)</munderover>"
                } else if let sb = sub {
                    base = "<munder>\(base)\(sb)</munder>"
                } else if let sp = sup {
                    base = "<mover>\(base)\(sp)</mover>"
                }
                return base
            }
            if let sb = sub, let sp = sup { return "<msubsup>\(base)\(sb)\(sp)</msubsup>" }
            if let sb = sub { return "<msub>\(base)\(sb)</msub>" }
            if let sp = sup { return "<msup>\(base)\(sp)</msup>" }
            return base
        }

        /// A group `{...}` as one `<mrow>`.
        mutating func group() -> String {
            skipSpaces()
            if i < s.count, s[i] == "{" {
                i += 1
                return "<mrow>\(row(until: "}"))</mrow>"
            }
            return atom().0
        }

        /// The raw text of a group (for `\text{...}`).
        mutating func rawGroup() -> String {
            skipSpaces()
            guard i < s.count, s[i] == "{" else { return "" }
            i += 1
            var depth = 1, out = ""
            while i < s.count {
                if s[i] == "{" {
                    depth += 1
                } else if s[i] == "}" {
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        break
                    }
                }
                out.append(s[i])
                i += 1
            }
            return out
        }

        /// One atom; the flag says it is a big operator (limits go under and over it).
        mutating func atom() -> (String, Bool) {
            skipSpaces()
            guard i < s.count else { return ("<mrow></mrow>", false) }
            let c = s[i]
            if c == "{" {
                i += 1
                return ("<mrow>\(row(until: "}"))</mrow>", false)
            }
            if c == "\\" { return command() }
            i += 1
            if c.isNumber || c == "." && i < s.count && s[i].isNumber {
                var n = String(c)
                while i < s.count, s[i].isNumber || (s[i] == "." && i + 1 < s.count && s[i + 1].isNumber) {
                    n.append(s[i])
                    i += 1
                }
                return ("<mn>\(n)</mn>", false)
            }
            if c.isLetter { return ("<mi>\(HTMLExport.escape(String(c)))</mi>", false) }
            let op: String
            switch c {
            case "-": op = "−"
            case "*": op = "∗"
            case "'": op = "′"
            default: op = String(c)
            }
            let stretchy = "()[]|".contains(c) ? " stretchy=\"false\"" : ""
            return ("<mo\(stretchy)>\(HTMLExport.escape(op))</mo>", false)
        }

        mutating func command() -> (String, Bool) {
            i += 1  // the backslash
            guard i < s.count else { return ("<mo>\\</mo>", false) }
            if !s[i].isLetter {
                let c = s[i]
                i += 1
                switch c {
                case ",", ";", " ", ":", "!": return ("<mspace width=\"0.2em\"/>", false)
                case "{", "}", "$", "%", "#", "&", "_": return ("<mo>\(HTMLExport.escape(String(c)))</mo>", false)
                case "\\": return ("<mspace linebreak=\"newline\"/>", false)
                default: return ("<mo>\(HTMLExport.escape(String(c)))</mo>", false)
                }
            }
            var name = ""
            while i < s.count, s[i].isLetter {
                name.append(s[i])
                i += 1
            }
            switch name {
            case "frac", "dfrac", "tfrac":
                let a = group(), b = group()
                return ("<mfrac>\(a)\(b)</mfrac>", false)
            case "sqrt":
                return ("<msqrt>\(group())</msqrt>", false)
            case "boldsymbol", "mathbf", "bm":
                return ("<mrow class=\"bold\" style=\"font-weight:bold\">\(bolden(group()))</mrow>", false)
            case "overline", "bar":
                return ("<mover accent=\"true\">\(group())<mo>‾</mo></mover>", false)
            case "hat":
                return ("<mover accent=\"true\">\(group())<mo>^</mo></mover>", false)
            case "text", "mathrm", "operatorname", "textrm":
                let t = rawGroup()
                return ("<mtext>\(HTMLExport.escape(t))</mtext>", false)
            case "mathop":
                let inner = group()
                return (inner, true)
            case "left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr":
                return ("", false)
            case "quad", "qquad":
                return ("<mspace width=\"1em\"/>", false)
            default:
                if let big = MathML.bigOperators[name] { return ("<mo movablelimits=\"false\">\(big)</mo>", true) }
                if MathML.functions.contains(name) {
                    return (
                        "<mi mathvariant=\"normal\">\(name)</mi><mo>\u{2061}</mo>",
                        name == "max" || name == "min" || name == "lim"
                    )
                }
                if let sym = MathText.symbol(name) {
                    if sym.trimmingCharacters(in: .whitespaces).isEmpty {
                        return (sym.isEmpty ? "" : "<mspace width=\"0.3em\"/>", false)
                    }
                    let isLetter = sym.unicodeScalars.first.map { CharacterSet.letters.contains($0) } ?? false
                    return (isLetter ? "<mi>\(sym)</mi>" : "<mo>\(HTMLExport.escape(sym))</mo>", false)
                }
                return ("<mtext>\(HTMLExport.escape(name))</mtext>", false)
            }
        }

        /// Marks identifiers bold (MathML Core has no mathvariant="bold" on all engines; use it and CSS).
        func bolden(_ m: String) -> String {
            m.replacingOccurrences(of: "<mi>", with: "<mi mathvariant=\"bold\" style=\"font-weight:bold\">")
        }
    }
}
