// PyJSON: Python's `json` for reading configuration and label files and printing results:
// `json.loads`, `json.load(f)` (a file opened with `open`), `json.dumps(obj, indent=, sort_keys=)`,
// written as Python writes it (`{"a": [1, 2.5, null, true]}`, floats as Python's repr).
// `json.dump(obj, f)` needs a file open for writing, which gradstep refuses (PyFiles.swift).
// Non-goals: `cls`/`default`/`object_hook` hooks, `separators`, non-finite floats as NaN/Infinity.

import Foundation

enum PyJSON {
    /// Python's `json.dumps` text of a value.
    static func dump(_ v: Value, indent: Int?, sortKeys: Bool, level: Int = 0) throws -> String {
        guard level < 200 else {
            throw ScriptError(
                kind: "RecursionError",
                message: "maximum recursion depth "
                    + "exceeded")
        }
        let pad = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) } ?? ""
        let close = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        let sep = indent == nil ? ", " : ","
        switch v {
        case .none: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            return Repr.pyFloat(d)
        case .string(let s): return quote(s)
        case .list, .tuple:
            let items = v.asArray ?? []
            if items.isEmpty { return "[]" }
            return "[" + pad
                + (try items.map { try dump($0, indent: indent, sortKeys: sortKeys, level: level + 1) })
                .joined(separator: sep + pad) + close + "]"
        case .dict(let d):
            if d.count == 0 { return "{}" }
            var pairs: [(String, Value)] = try zip(d.keys, d.values).map { k, x in
                switch k {
                case .string(let s): return (s, x)
                case .int, .float, .bool, .none: return (try dump(k, indent: nil, sortKeys: false), x)
                default: throw typeError("keys must be str, int, float, bool or None, not \(k.typeName)")
                }
            }
            if sortKeys { pairs.sort { $0.0 < $1.0 } }
            return "{" + pad
                + (try pairs.map {
                    "\(quote($0.0)): " + (try dump($0.1, indent: indent, sortKeys: sortKeys, level: level + 1))
                })
                .joined(separator: sep + pad) + close + "}"
        default:
            throw typeError("Object of type \(v.typeName) is not JSON serializable")
        }
    }

    /// A JSON string literal as Python writes it (non-ASCII escaped, as ensure_ascii=True does).
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 || u.value > 0x7e {
                    for unit in String(u).utf16 {
                        let h = String(unit, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                    }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A parsed JSON value as Python's json gives it (dicts keep the text's key order).
    static func load(_ text: String) throws -> Value {
        var p = Reader(chars: Array(text.unicodeScalars))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == p.chars.count else { throw p.fail("Extra data") }
        return v
    }

    /// A recursive-descent JSON reader over code points.
    struct Reader {
        let chars: [Unicode.Scalar]
        var i = 0

        func fail(_ what: String) -> ScriptError {
            ScriptError(kind: "json.decoder.JSONDecodeError", message: "\(what): char \(i)")
        }
        mutating func skipSpace() {
            while i < chars.count, [" ", "\n", "\r", "\t"].contains(chars[i]) { i += 1 }
        }
        mutating func literal(_ word: String, _ v: Value) throws -> Value {
            let w = Array(word.unicodeScalars)
            guard i + w.count <= chars.count, Array(chars[i..<(i + w.count)]) == w else {
                throw fail(
                    "Expecting "
                        + "value")
            }
            i += w.count
            return v
        }
        mutating func value(depth: Int) throws -> Value {
            guard depth < 500 else {
                throw ScriptError(
                    kind: "RecursionError",
                    message: "maximum recursion depth "
                        + "exceeded")
            }
            guard i < chars.count else { throw fail("Expecting value") }
            switch chars[i] {
            case "{":
                i += 1
                let d = DictRef()
                skipSpace()
                if i < chars.count, chars[i] == "}" {
                    i += 1
                    return .dict(d)
                }
                while true {
                    skipSpace()
                    guard i < chars.count, chars[i] == "\"" else {
                        throw fail("Expecting property name enclosed in double quotes")
                    }
                    let k = try string()
                    skipSpace()
                    guard i < chars.count, chars[i] == ":" else { throw fail("Expecting ':' delimiter") }
                    i += 1
                    skipSpace()
                    try d.set(.string(k), try value(depth: depth + 1))
                    skipSpace()
                    guard i < chars.count else { throw fail("Expecting ',' delimiter") }
                    i += 1
                    if chars[i - 1] == "}" { return .dict(d) }
                    guard chars[i - 1] == "," else { throw fail("Expecting ',' delimiter") }
                }
            case "[":
                i += 1
                var items: [Value] = []
                skipSpace()
                if i < chars.count, chars[i] == "]" {
                    i += 1
                    return .list(ListRef(items))
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < chars.count else { throw fail("Expecting ',' delimiter") }
                    i += 1
                    if chars[i - 1] == "]" { return .list(ListRef(items)) }
                    guard chars[i - 1] == "," else { throw fail("Expecting ',' delimiter") }
                }
            case "\"": return .string(try string())
            case "t": return try literal("true", .bool(true))
            case "f": return try literal("false", .bool(false))
            case "n": return try literal("null", .none)
            case "N": return try literal("NaN", .float(.nan))
            case "I": return try literal("Infinity", .float(.infinity))
            default: return try number()
            }
        }
        mutating func number() throws -> Value {
            let start = i
            if i < chars.count, chars[i] == "-" { i += 1 }
            if i < chars.count, chars[i] == "I" { return try literal("Infinity", .float(-.infinity)) }
            var isFloat = false
            while i < chars.count, "0123456789.eE+-".unicodeScalars.contains(chars[i]) {
                if ".eE".unicodeScalars.contains(chars[i]) { isFloat = true }
                i += 1
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: chars[start..<i])
            if !isFloat, let n = Int(text) { return .int(n) }
            guard let d = Double(text), !text.isEmpty, text != "-" else {
                i = start
                throw fail("Expecting value")
            }
            return .float(d)
        }
        mutating func string() throws -> String {
            i += 1  // the opening quote
            var out = String.UnicodeScalarView()
            while i < chars.count {
                let c = chars[i]
                i += 1
                if c == "\"" { return String(out) }
                guard c == "\\" else {
                    out.append(c)
                    continue
                }
                guard i < chars.count else { break }
                let e = chars[i]
                i += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "u":
                    guard i + 4 <= chars.count,
                        var code = UInt32(String(String.UnicodeScalarView(chars[i..<(i + 4)])), radix: 16)
                    else { throw fail("Invalid \\uXXXX escape") }
                    i += 4
                    // a surrogate pair spells one code point
                    if (0xD800..<0xDC00).contains(code), i + 6 <= chars.count, chars[i] == "\\", chars[i + 1] == "u",
                        let low = UInt32(String(String.UnicodeScalarView(chars[(i + 2)..<(i + 6)])), radix: 16),
                        (0xDC00..<0xE000).contains(low)
                    {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                    out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: out.append(e)
                }
            }
            throw fail("Unterminated string starting at")
        }
    }
}

extension BuiltinTable {
    func registerJSON() {
        section = "json"
        let json = namespace("json")
        json.set("JSONDecodeError", .object(ExceptionClass("json.decoder.JSONDecodeError")))
        def(
            "json.dumps", "json.dumps(obj, *, skipkeys=False, ensure_ascii=True, indent=None, sort_keys=False)",
            "The value as JSON text, written as Python writes it.", "import json\njson.dumps({'a': [1, 2.5, None]})",
            in: json
        ) { b, _ in
            .string(
                try PyJSON.dump(
                    b.raw("obj") ?? .none, indent: try b.optInt("indent"), sortKeys: try b.bool("sort_keys")))
        }
        def(
            "json.loads", "json.loads(s)", "The value of JSON text (dict, list, str, int, float, bool, None).",
            "import json\njson.loads('[1, 2.5, null]')", in: json
        ) { b, _ in try PyJSON.load(try b.string("s")) }
        def(
            "json.load", "json.load(fp)", "The value of the JSON text of a file opened with open().",
            "# needs a file to read\nimport json\nwith open('config.json') as f:\n    cfg = json.load(f)", in: json
        ) { b, interp in
            let read = try interp.getAttribute(b.raw("fp") ?? .none, "read")
            guard case .string(let text) = try interp.callValue(read, Args()) else {
                throw typeError("json.load(): fp.read() must return str")
            }
            return try PyJSON.load(text)
        }
    }
}
