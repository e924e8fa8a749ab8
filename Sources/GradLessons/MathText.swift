// MathText.swift: the LaTeX of the slides' formulas as readable plain text for a terminal:
// `\frac{\partial L}{\partial \boldsymbol{W}^{(t)}}` -> `∂L/∂W⁽ᵗ⁾`, `\sum_{i=1}^{N}` -> `Σᵢ₌₁ᴺ`.
//
// Also finds the `$...$` / `$$...$$` spans of a markdown text, so renderers can protect them from
// markdown emphasis rules (an `_` in a formula is not emphasis). Non-goals: a TeX engine; unknown
// commands are shown by name without the backslash.
import Foundation

public enum MathText {
    /// A formula span found in markdown source.
    public struct Span {
        public var tex: String
        public var display: Bool
    }

    /// Replaces every `$$...$$` and `$...$` in `markdown` by a placeholder (private-use characters around
    /// an index) and returns the spans, so the markdown can be parsed without the formulas being touched.
    public static func protect(_ markdown: String) -> (text: String, spans: [Span]) {
        var spans: [Span] = []
        var out = ""
        let chars = Array(markdown)
        var i = 0
        var inCode = false
        while i < chars.count {
            let c = chars[i]
            if c == "`" {
                inCode.toggle()
                out.append(c)
                i += 1
                continue
            }
            if c == "\\", i + 1 < chars.count, chars[i + 1] == "$" {
                out.append("$")
                i += 2
                continue
            }
            if c == "$" && !inCode {
                let display = i + 1 < chars.count && chars[i + 1] == "$"
                let open = display ? 2 : 1
                var j = i + open
                var found = -1
                while j < chars.count {
                    if chars[j] == "$" && (!display || (j + 1 < chars.count && chars[j + 1] == "$")) {
                        found = j
                        break
                    }
                    if !display && chars[j] == "\n" && j + 1 < chars.count && chars[j + 1] == "\n" { break }
                    j += 1
                }
                if found > i + open - 1 {
                    let tex = String(chars[(i + open)..<found])
                    out += "\u{E000}\(spans.count)\u{E001}"
                    spans.append(Span(tex: tex.trimmingCharacters(in: .whitespacesAndNewlines), display: display))
                    i = found + open
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return (out, spans)
    }

    /// Puts text back where `protect` left placeholders; `render` turns each span into its final form.
    public static func restore(_ text: String, spans: [Span], render: (Span) -> String) -> String {
        guard !spans.isEmpty else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "\u{E000}") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "\u{E001}"), let k = Int(after[..<close]), k < spans.count else {
                out.append("\u{E000}")
                rest = after
                continue
            }
            out += render(spans[k])
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "eta": "η",
        "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ",
        "omega": "ω", "Delta": "Δ", "Sigma": "Σ", "Omega": "Ω", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π",
        "sum": "Σ", "prod": "Π", "partial": "∂", "nabla": "∇", "infty": "∞", "cdot": "·", "times": "×",
        "circ": "∘", "rightarrow": "→", "to": "→", "leftarrow": "←", "Rightarrow": "⇒", "downarrow": "↓",
        "uparrow": "↑", "approx": "≈", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠",
        "in": "∈", "ldots": "…", "dots": "…", "cdots": "⋯", "pm": "±", "mid": "|", "lVert": "‖", "rVert": "‖",
        "log": "log", "exp": "exp", "min": "min", "max": "max", "arg": "arg", "ln": "ln", "sin": "sin",
        "cos": "cos", "tanh": "tanh", "softmax": "softmax",
        ",": " ", ";": " ", "quad": "  ", "qquad": "    ", "!": "", " ": " ",
        "{": "{", "}": "}", "%": "%", "_": "_", "#": "#", "&": "&",
        "left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "", "displaystyle": "",
    ]
    /// Commands whose one argument is shown as is.
    static let styles: Set<String> = [
        "boldsymbol", "mathbf", "mathrm", "text", "mathop", "operatorname",
        "mathit", "mathcal", "bm", "textbf", "mathbb", "hat", "tilde", "vec",
    ]

    static let sub: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "+": "₊", "-": "₋", "=": "₌", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ",
        "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ", "o": "ₒ", "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ",
        "v": "ᵥ", "x": "ₓ",
    ]
    static let sup: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "a": "ᵃ", "b": "ᵇ", "c": "ᶜ", "d": "ᵈ", "e": "ᵉ",
        "f": "ᶠ", "g": "ᵍ", "h": "ʰ", "i": "ⁱ", "j": "ʲ", "k": "ᵏ", "l": "ˡ", "m": "ᵐ", "n": "ⁿ", "o": "ᵒ",
        "p": "ᵖ", "r": "ʳ", "s": "ˢ", "t": "ᵗ", "u": "ᵘ", "v": "ᵛ", "w": "ʷ", "x": "ˣ", "y": "ʸ", "z": "ᶻ",
        "T": "ᵀ", "N": "ᴺ", "M": "ᴹ", "W": "ᵂ", "L": "ᴸ",
    ]

    /// LaTeX -> readable Unicode text.
    public static func readable(_ tex: String) -> String {
        var p = Reader(chars: Array(tex))
        return squeeze(p.sequence(until: nil))
    }

    /// LaTeX -> HTML (escaped text): as `readable`, but every subscript and superscript is a
    /// `<sub>`/`<sup>` element (`f<sub>M-1</sub>`, `W<sup>(t)</sup>`), which a browser sets properly.
    public static func html(_ tex: String) -> String {
        var p = Reader(chars: Array(tex))
        p.markup = true
        var out = ""
        for c in squeeze(p.sequence(until: nil)) {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\u{E004}": out += "<sub>"
            case "\u{E005}": out += "</sub>"
            case "\u{E006}": out += "<sup>"
            case "\u{E007}": out += "</sup>"
            default: out.append(c)
            }
        }
        return out
    }

    static func squeeze(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == " " && out.last == " " { continue }
            out.append(c)
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    struct Reader {
        var chars: [Character]
        var i = 0
        /// Scripts as private-use markers around their text (for `html`), not Unicode sub/superscripts.
        var markup = false

        mutating func sequence(until close: Character?) -> String {
            var out = ""
            while i < chars.count {
                if let c = close, chars[i] == c {
                    i += 1
                    return out
                }
                out += item()
            }
            return out
        }

        /// One argument: a `{...}` group or a single item.
        mutating func argument() -> String {
            while i < chars.count && chars[i] == " " { i += 1 }
            guard i < chars.count else { return "" }
            if chars[i] == "{" {
                i += 1
                return sequence(until: "}")
            }
            return item()
        }

        mutating func item() -> String {
            let c = chars[i]
            switch c {
            case "{":
                i += 1
                return sequence(until: "}")
            case "}":
                i += 1
                return ""
            case "_", "^":
                i += 1
                let arg = MathText.squeeze(argument())
                if markup { return c == "_" ? "\u{E004}\(arg)\u{E005}" : "\u{E006}\(arg)\u{E007}" }
                let table = c == "_" ? MathText.sub : MathText.sup
                if !arg.isEmpty, arg.allSatisfy({ table[$0] != nil }) { return String(arg.compactMap { table[$0] }) }
                return arg.count == 1 ? "\(c)\(arg)" : "\(c)(\(arg))"
            case "\\":
                i += 1
                var name = ""
                while i < chars.count && chars[i].isLetter {
                    name.append(chars[i])
                    i += 1
                }
                if name.isEmpty, i < chars.count {
                    name = String(chars[i])
                    i += 1
                }
                switch name {
                case "frac", "dfrac", "tfrac":
                    let a = MathText.squeeze(argument()), b = MathText.squeeze(argument())
                    return "\(wrap(a))/\(wrap(b))"
                case "sqrt": return "√\(wrap(MathText.squeeze(argument())))"
                case "overline", "bar":
                    let a = MathText.squeeze(argument())
                    return a.count == 1 ? a + "\u{0304}" : "‾(\(a))"
                default:
                    if MathText.styles.contains(name) { return MathText.squeeze(argument()) }
                    if let s = MathText.symbols[name] {
                        // Words (log, min) are followed by a space unless an argument or script follows;
                        // ∂ binds to what follows.
                        var j = i
                        while j < chars.count && chars[j] == " " { j += 1 }
                        let next: Character? = j < chars.count ? chars[j] : nil
                        if name == "partial" {
                            i = j
                            return s
                        }
                        if let f = s.first, f.isLetter, s.count > 1 {
                            if let n = next, "(_^\\{".contains(n) {
                                i = j
                                return s
                            }
                            return s + " "
                        }
                        return s
                    }
                    return name
                }
            default:
                i += 1
                return String(c)
            }
        }

        func wrap(_ s: String) -> String {
            // Operators inside a script (between markup markers) do not need parentheses.
            var depth = 0
            let simple = s.allSatisfy { c in
                if c == "\u{E004}" || c == "\u{E006}" {
                    depth += 1
                    return true
                }
                if c == "\u{E005}" || c == "\u{E007}" {
                    depth -= 1
                    return true
                }
                return depth > 0 || !" +-*/=·".contains(c)
            }
            return simple ? s : "(\(s))"
        }
    }
}

extension MathText {
    /// The Unicode symbol of a TeX command name (`partial` -> `∂`), nil when unknown.
    static func symbol(_ name: String) -> String? { symbols[name] }
}
