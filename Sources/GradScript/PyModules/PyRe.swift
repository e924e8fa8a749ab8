// PyRe: Python's `re` for the text cleaning of the NLP tutorials (`re.sub(r"([.!?])", r" \1", s)`,
// `re.sub(r"[^a-zA-Z!?]+", r" ", s)`), over Foundation's ICU regular expressions: search, match,
// fullmatch, findall, finditer, sub/subn (template or function), split, escape, compile, and match
// objects (group, groups, groupdict, start, end, span). Positions are code-point indices, as Python's.
// Python's pattern syntax is translated where ICU spells it differently (`(?P<name>...)`,
// `(?P=name)`, `\Z`); replacement templates (`\1`, `\g<1>`, `\g<name>`) are expanded here.
// Non-goals: bytes patterns, `re.DEBUG`, `(?(1)...)` conditionals, Python's exact rules for empty
// matches next to a previous match.

import Foundation

/// A compiled pattern (`re.compile`), also what every module function compiles internally.
final class RegexPattern: ScriptObject, @unchecked Sendable {
    let pattern: String
    let flags: Int
    let regex: NSRegularExpression
    /// Group names by number (1-based), for groupdict.
    let groupNames: [String: Int]

    init(_ pattern: String, flags: Int) throws {
        self.pattern = pattern
        self.flags = flags
        var options: NSRegularExpression.Options = []
        if flags & 2 != 0 { options.insert(.caseInsensitive) }
        if flags & 8 != 0 { options.insert(.anchorsMatchLines) }
        if flags & 16 != 0 { options.insert(.dotMatchesLineSeparators) }
        if flags & 64 != 0 { options.insert(.allowCommentsAndWhitespace) }
        let (icu, names) = RegexPattern.translate(pattern)
        do {
            regex = try NSRegularExpression(pattern: icu, options: options)
        } catch {
            throw ScriptError(kind: "re.error", message: "bad pattern \(Value.string(pattern).repr)")
        }
        groupNames = names
    }
    override var typeName: String { "re.Pattern" }
    override var repr: String { "re.compile(\(Value.string(pattern).repr))" }
    override var attributeNames: [String] {
        ["search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split", "pattern", "flags", "groups"]
    }

    /// Python's syntax in ICU's words: named groups, named back-references, `\Z`.
    static func translate(_ p: String) -> (String, [String: Int]) {
        var out = ""
        var names: [String: Int] = [:]
        var group = 0
        let cs = Array(p)
        var i = 0
        var inClass = false
        while i < cs.count {
            let c = cs[i]
            if c == "\\", i + 1 < cs.count {
                out += cs[i + 1] == "Z" && !inClass ? "\\z" : String([c, cs[i + 1]])
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                out.append(c)
                i += 1
                continue
            }
            if c == "[" {
                inClass = true
                out.append(c)
                // a ']' right after '[' or '[^' is a literal
                if i + 1 < cs.count, cs[i + 1] == "^" {
                    out.append("^")
                    i += 1
                }
                if i + 1 < cs.count, cs[i + 1] == "]" {
                    out += "\\]"
                    i += 1
                }
                i += 1
                continue
            }
            if c == "(" {
                let rest = String(cs[(i + 1)...].prefix(3))
                if rest.hasPrefix("?P<") {
                    group += 1
                    var j = i + 4
                    var name = ""
                    while j < cs.count, cs[j] != ">" {
                        name.append(cs[j])
                        j += 1
                    }
                    names[name] = group
                    out += "(?<\(name)>"
                    i = j + 1
                    continue
                }
                if rest.hasPrefix("?P=") {
                    var j = i + 4
                    var name = ""
                    while j < cs.count, cs[j] != ")" {
                        name.append(cs[j])
                        j += 1
                    }
                    out += "\\k<\(name)>"
                    i = j + 1
                    continue
                }
                if !rest.hasPrefix("?") { group += 1 }
            }
            out.append(c)
            i += 1
        }
        return (out, names)
    }

    /// Matches in `s` from code point `pos`: all of them, or the first; `anchored` for match().
    func matches(_ s: String, all: Bool, anchored: Bool = false, full: Bool = false) -> [RegexMatch] {
        let ns = s as NSString
        let range = NSRange(location: 0, length: ns.length)
        let opts: NSRegularExpression.MatchingOptions = anchored ? [.anchored] : []
        var found: [NSTextCheckingResult] = []
        if all {
            found = regex.matches(in: s, options: opts, range: range)
        } else if full {
            // fullmatch: the longest anchored alternative need not be the first one ICU finds
            let whole = try? NSRegularExpression(pattern: "(?:\(regex.pattern))\\z", options: regex.options)
            if let r = whole?.firstMatch(in: s, options: [.anchored], range: range) { found = [r] }
        } else if let r = regex.firstMatch(in: s, options: opts, range: range) {
            found = [r]
        }
        return found.map { RegexMatch($0, in: s, pattern: self) }
    }

    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "pattern": return .string(pattern)
        case "flags": return .int(flags | 32)
        case "groups": return .int(regex.numberOfCaptureGroups)
        case "search", "match", "fullmatch", "findall", "finditer", "split", "sub", "subn":
            let sig: String
            switch n {
            case "sub", "subn": sig = "\(n)(repl, string, count=0)"
            case "split": sig = "split(string, maxsplit=0)"
            default: sig = "\(n)(string)"
            }
            return .object(
                BuiltinFunction("Pattern.\(sig)") { [self] b, interp in
                    try PyRe.apply(n, self, b, interp)
                })
        default: return nil
        }
    }
}

/// One match: the groups' code-point ranges in the searched string.
final class RegexMatch: ScriptObject, @unchecked Sendable {
    let string: String
    let pattern: RegexPattern
    /// (start, end) of group k (0: the whole match), nil for a group that did not take part.
    let spans: [(Int, Int)?]

    init(_ r: NSTextCheckingResult, in s: String, pattern: RegexPattern) {
        string = s
        self.pattern = pattern
        spans = (0..<r.numberOfRanges).map { k in
            let nr = r.range(at: k)
            guard nr.location != NSNotFound, let range = Range(nr, in: s) else { return nil }
            let start = s.unicodeScalars.distance(from: s.startIndex, to: range.lowerBound)
            return (start, start + s.unicodeScalars[range].count)
        }
    }
    override var typeName: String { "re.Match" }
    override var repr: String {
        let (a, b) = spans[0] ?? (0, 0)
        return "<re.Match object; span=(\(a), \(b)), match=\(Value.string(text(0) ?? "").repr)>"
    }
    override var attributeNames: [String] {
        ["group", "groups", "groupdict", "start", "end", "span", "string", "re", "lastindex"]
    }

    func text(_ k: Int) -> String? {
        guard k < spans.count, let (a, b) = spans[k] else { return nil }
        let u = Array(string.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.append(contentsOf: u[a..<b])
        return String(out)
    }

    /// The group number of `v` (an int or a group name).
    func index(_ v: Value?) throws -> Int {
        switch v {
        case nil, .none?: return 0
        case .string(let name)?:
            guard let k = pattern.groupNames[name] else {
                throw ScriptError(
                    kind: "IndexError",
                    message: "no such "
                        + "group")
            }
            return k
        case let x?:
            let k = try toInt(x, "group")
            guard k >= 0, k < spans.count else { throw ScriptError(kind: "IndexError", message: "no such group") }
            return k
        }
    }
    func group(_ v: Value?) throws -> Value { text(try index(v)).map(Value.string) ?? .none }

    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? { try group(index) }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        func fn(_ sig: String, _ body: @escaping (Bound) throws -> Value) -> Value {
            .object(BuiltinFunction("Match.\(sig)") { b, _ in try body(b) })
        }
        switch n {
        case "string": return .string(string)
        case "re": return .object(pattern)
        case "lastindex": return spans.indices.dropFirst().last(where: { spans[$0] != nil }).map(Value.int) ?? .none
        case "group":
            return fn("group(*groups)") { [self] b in
                if b.rest.count <= 1 { return try group(b.rest.first) }
                return .tuple(try b.rest.map { try group($0) })
            }
        case "groups":
            return fn("groups(default=None)") { [self] b in
                .tuple((1..<max(1, spans.count)).map { text($0).map(Value.string) ?? (b.raw("default") ?? .none) })
            }
        case "groupdict":
            return fn("groupdict(default=None)") { [self] b in
                let d = DictRef()
                for (name, k) in pattern.groupNames.sorted(by: { $0.value < $1.value }) {
                    try d.set(.string(name), text(k).map(Value.string) ?? (b.raw("default") ?? .none))
                }
                return .dict(d)
            }
        case "start", "end", "span":
            return fn("\(n)(group=0)") { [self] b in
                let s = spans[try index(b.raw("group"))] ?? (-1, -1)
                return n == "start" ? .int(s.0) : n == "end" ? .int(s.1) : .tuple([.int(s.0), .int(s.1)])
            }
        default: return nil
        }
    }
}

enum PyRe {
    /// One of the module functions or pattern methods, on a compiled pattern.
    static func apply(_ name: String, _ p: RegexPattern, _ b: Bound, _ interp: Interpreter) throws -> Value {
        let s = try b.string("string")
        switch name {
        case "search": return p.matches(s, all: false).first.map { .object($0) } ?? .none
        case "match": return p.matches(s, all: false, anchored: true).first.map { .object($0) } ?? .none
        case "fullmatch": return p.matches(s, all: false, full: true).first.map { .object($0) } ?? .none
        case "findall":
            let groups = p.regex.numberOfCaptureGroups
            return .list(
                ListRef(
                    p.matches(s, all: true).map { m in
                        if groups == 0 { return .string(m.text(0) ?? "") }
                        if groups == 1 { return .string(m.text(1) ?? "") }
                        return .tuple((1...groups).map { .string(m.text($0) ?? "") })
                    }))
        case "finditer":
            var it = p.matches(s, all: true).makeIterator()
            return .object(IteratorObject("callable_iterator") { it.next().map { .object($0) } })
        case "split":
            let maxsplit = try b.int("maxsplit")
            let u = Array(s.unicodeScalars)
            var out: [Value] = []
            var last = 0
            for (k, m) in p.matches(s, all: true).enumerated() {
                if maxsplit > 0 && k >= maxsplit { break }
                guard let (a, e) = m.spans[0] else { continue }
                out.append(.string(piece(u, last, a)))
                for g in m.spans.indices.dropFirst() { out.append(m.text(g).map(Value.string) ?? .none) }
                last = e
            }
            out.append(.string(piece(u, last, u.count)))
            return .list(ListRef(out))
        default:  // sub, subn
            let repl = b.raw("repl") ?? .none
            let count = try b.int("count")
            let u = Array(s.unicodeScalars)
            var out = ""
            var last = 0, n = 0
            for m in p.matches(s, all: true) {
                if count > 0 && n >= count { break }
                guard let (a, e) = m.spans[0] else { continue }
                out += piece(u, last, a)
                if case .string(let template) = repl {
                    out += try expand(template, m)
                } else {
                    let r = try interp.callValue(repl, Args([.object(m)]))
                    guard case .string(let t) = r else {
                        throw typeError("expected str instance, \(r.typeName) found")
                    }
                    out += t
                }
                last = e
                n += 1
            }
            out += piece(u, last, u.count)
            return name == "sub" ? .string(out) : .tuple([.string(out), .int(n)])
        }
    }

    static func piece(_ u: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        var out = String.UnicodeScalarView()
        if a < b { out.append(contentsOf: u[a..<b]) }
        return String(out)
    }

    /// A replacement template: `\1`, `\g<1>`, `\g<name>` and the escapes `\n`, `\t`, `\\`.
    static func expand(_ t: String, _ m: RegexMatch) throws -> String {
        var out = ""
        let cs = Array(t)
        var i = 0
        while i < cs.count {
            let c = cs[i]
            guard c == "\\", i + 1 < cs.count else {
                out.append(c)
                i += 1
                continue
            }
            let d = cs[i + 1]
            if let digit = d.wholeNumberValue, d.isASCII {
                var k = digit
                i += 2
                if i < cs.count, let d2 = cs[i].wholeNumberValue, cs[i].isASCII, k * 10 + d2 < m.spans.count {
                    k = k * 10 + d2
                    i += 1
                }
                guard k < m.spans.count else {
                    throw ScriptError(
                        kind: "re.error",
                        message: "invalid group reference "
                            + "\(k)")
                }
                out += m.text(k) ?? ""
                continue
            }
            if d == "g", i + 2 < cs.count, cs[i + 2] == "<", let close = cs[(i + 3)...].firstIndex(of: ">") {
                let ref = String(cs[(i + 3)..<close])
                let k = try m.index(Int(ref).map(Value.int) ?? .string(ref))
                out += m.text(k) ?? ""
                i = close + 1
                continue
            }
            switch d {
            case "n": out += "\n"
            case "t": out += "\t"
            case "r": out += "\r"
            case "\\": out += "\\"
            default: out += "\\" + String(d)
            }
            i += 2
        }
        return out
    }
}

extension BuiltinTable {
    func registerRe() {
        section = "re"
        let re = namespace("re")
        for (n, v) in [
            ("I", 2), ("IGNORECASE", 2), ("M", 8), ("MULTILINE", 8), ("S", 16), ("DOTALL", 16), ("X", 64),
            ("VERBOSE", 64), ("A", 256), ("ASCII", 256), ("U", 32), ("UNICODE", 32),
        ] {
            re.set(n, .int(v))
        }
        func compiled(_ b: Bound) throws -> RegexPattern {
            if case .object(let p as RegexPattern)? = b.raw("pattern") { return p }
            return try RegexPattern(try b.string("pattern"), flags: try b.int("flags"))
        }
        def(
            "re.compile", "re.compile(pattern, flags=0)", "A compiled regular expression (search, sub, ...).",
            "import re\nre.compile(r'\\d+').findall('a1b22')", in: re
        ) { b, _ in .object(try compiled(b)) }
        let docs: [(String, String, String, String)] = [
            (
                "search", "re.search(pattern, string, flags=0)", "The first match anywhere, or None.",
                "re.search(r'\\d+',"
                    + " 'ab 12').group()"
            ),
            (
                "match", "re.match(pattern, string, flags=0)", "A match at the start of the string, or None.",
                "re.match(r"
                    + "'(\\d+)-(\\d+)', '10-20').groups()"
            ),
            (
                "fullmatch", "re.fullmatch(pattern, string, flags=0)", "A match of the whole string, or None.",
                "bool(re.f"
                    + "ullmatch(r'\\d+', '123'))"
            ),
            (
                "findall", "re.findall(pattern, string, flags=0)", "Every match's text (its groups when it has some).",
                "re.findall(r'\\w+', 'hello world')"
            ),
            (
                "finditer", "re.finditer(pattern, string, flags=0)", "Every match, as match objects.",
                "[m.span() for m "
                    + "in re.finditer(r'o', 'foo')]"
            ),
            (
                "split", "re.split(pattern, string, maxsplit=0, flags=0)", "The pieces between matches.",
                "re.split(r'\\s+"
                    + "', 'a  b c')"
            ),
            (
                "sub", "re.sub(pattern, repl, string, count=0, flags=0)",
                "The string with matches replaced (\\1 refers "
                    + "to a group; repl may be a function).", "re.sub(r'([.!?])', r' \\1', 'Hi!')"
            ),
            (
                "subn", "re.subn(pattern, repl, string, count=0, flags=0)", "(new string, number of replacements).",
                "re.subn(r'a', 'b', 'aaa')"
            ),
        ]
        for (n, sig, summary, example) in docs {
            def("re.\(n)", sig, summary, "import re\n" + example, in: re) { b, interp in
                try PyRe.apply(n, try compiled(b), b, interp)
            }
        }
        def(
            "re.escape", "re.escape(pattern)", "The text with regular-expression characters escaped.",
            "import re\nre.escape('a.b')", in: re
        ) { b, _ in
            let special = Set("()[]{}?*+-|^$\\.&~# \t\n\r\u{0B}\u{0C}")
            return .string(try b.string("pattern").map { special.contains($0) ? "\\\($0)" : String($0) }.joined())
        }
        re.set("error", .object(ExceptionClass("re.error")))
    }
}
