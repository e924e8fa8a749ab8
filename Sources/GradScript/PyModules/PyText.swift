// PyText: Python's `string` constants and `unicodedata` (normalize, category, combining), as the
// character-level NLP tutorials use them: `all_letters = string.ascii_letters + " .,;'"` and
//     ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn')
// which turns 'Ślusàrski' into 'Slusarski'. That idiom needs strings to be sequences of code points,
// as in Python (Eval.swift iterates and indexes `unicodeScalars`, `len` counts them).
// Non-goals: `string.Template`, `string.Formatter`, unicodedata's name/lookup/decimal/east_asian_width.

import Foundation

extension BuiltinTable {
    func registerText() {
        section = "string, unicodedata"
        let string = namespace("string")
        let lower = "abcdefghijklmnopqrstuvwxyz"
        let upper = lower.uppercased()
        let punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
        let whitespace = " \t\n\r\u{0B}\u{0C}"
        for (n, v) in [
            ("ascii_lowercase", lower), ("ascii_uppercase", upper), ("ascii_letters", lower + upper),
            ("digits", "0123456789"), ("hexdigits", "0123456789abcdefABCDEF"), ("octdigits", "01234567"),
            ("punctuation", punctuation), ("whitespace", whitespace),
            ("printable", "0123456789" + lower + upper + punctuation + whitespace),
        ] {
            string.set(n, .string(v))
        }
        def(
            "string.capwords", "string.capwords(s, sep=None)",
            "Splits on sep (whitespace), capitalizes each word, joins with sep (a space).",
            "import string\nstring.capwords('hello  world')", in: string
        ) { b, _ in
            let s = try b.string("s")
            let sep = try b.value("sep").map { v -> String in
                guard case .string(let t) = v else { throw typeError("capwords() sep must be str") }
                return t
            }
            let words =
                sep.map { s.components(separatedBy: $0) } ?? s.split(whereSeparator: \.isWhitespace).map(String.init)
            return .string(
                words.map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: sep ?? " "))
        }

        let ud = namespace("unicodedata")
        ud.set("unidata_version", .string("15.0.0"))
        def(
            "unicodedata.normalize", "unicodedata.normalize(form, unistr, /)",
            "The text in normal form 'NFC', 'NFD' (accents split off as combining marks), 'NFKC' or 'NFKD'.",
            "import unicodedata\nlen(unicodedata.normalize('NFD', 'é'))", in: ud
        ) { b, _ in
            let s = try b.string("unistr")
            switch try b.string("form") {
            case "NFC": return .string(s.precomposedStringWithCanonicalMapping)
            case "NFD": return .string(s.decomposedStringWithCanonicalMapping)
            case "NFKC": return .string(s.precomposedStringWithCompatibilityMapping)
            case "NFKD": return .string(s.decomposedStringWithCompatibilityMapping)
            default: throw valueError("invalid normalization form")
            }
        }
        def(
            "unicodedata.category", "unicodedata.category(chr, /)",
            "The Unicode general category of one character: 'Lu', 'Ll', 'Nd', 'Mn' (combining mark), ...",
            "import unicodedata\nunicodedata.category('a')", in: ud
        ) { b, _ in
            .string(Self.generalCategory(try Self.oneScalar(b, "category")))
        }
        def(
            "unicodedata.combining", "unicodedata.combining(chr, /)",
            "The canonical combining class of one character (0 for a character that is not a combining mark).",
            "import unicodedata\nunicodedata.combining('\\u0301')", in: ud
        ) { b, _ in
            .int(Int(try Self.oneScalar(b, "combining").properties.canonicalCombiningClass.rawValue))
        }
    }

    /// The one code point of a one-character string (Python's TypeError otherwise).
    static func oneScalar(_ b: Bound, _ fname: String) throws -> Unicode.Scalar {
        guard case .string(let s)? = b.raw("chr") else {
            throw typeError("\(fname)() argument must be a unicode character, not \(b.raw("chr")?.typeName ?? "None")")
        }
        let scalars = Array(s.unicodeScalars)
        guard scalars.count == 1 else {
            throw typeError("\(fname)() argument must be a unicode character, not str")
        }
        return scalars[0]
    }

    /// Python's two-letter name of a Unicode general category.
    static func generalCategory(_ c: Unicode.Scalar) -> String {
        switch c.properties.generalCategory {
        case .uppercaseLetter: return "Lu"
        case .lowercaseLetter: return "Ll"
        case .titlecaseLetter: return "Lt"
        case .modifierLetter: return "Lm"
        case .otherLetter: return "Lo"
        case .nonspacingMark: return "Mn"
        case .spacingMark: return "Mc"
        case .enclosingMark: return "Me"
        case .decimalNumber: return "Nd"
        case .letterNumber: return "Nl"
        case .otherNumber: return "No"
        case .connectorPunctuation: return "Pc"
        case .dashPunctuation: return "Pd"
        case .openPunctuation: return "Ps"
        case .closePunctuation: return "Pe"
        case .initialPunctuation: return "Pi"
        case .finalPunctuation: return "Pf"
        case .otherPunctuation: return "Po"
        case .mathSymbol: return "Sm"
        case .currencySymbol: return "Sc"
        case .modifierSymbol: return "Sk"
        case .otherSymbol: return "So"
        case .spaceSeparator: return "Zs"
        case .lineSeparator: return "Zl"
        case .paragraphSeparator: return "Zp"
        case .control: return "Cc"
        case .format: return "Cf"
        case .surrogate: return "Cs"
        case .privateUse: return "Co"
        case .unassigned: return "Cn"
        @unknown default: return "Cn"
        }
    }
}
