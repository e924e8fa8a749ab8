// PyStr: the rest of Python's str methods that tutorials use (the first few are in Methods.swift):
// `lstrip`/`rstrip`, `title`/`capitalize`/`swapcase`, `zfill`, `index`/`rfind`/`rindex`, the `is...`
// tests, `splitlines`/`rsplit`/`partition`/`rpartition`, `removeprefix`/`removesuffix`, and
// `startswith`/`endswith` with a tuple of prefixes, `replace` with a count.
// Character classes follow Unicode as Swift's Character does, which agrees with Python for text.
// `encode` gives bytes (PyBytes.swift).
// Non-goals: `translate`/`maketrans`, `expandtabs`, `format_map`.

import GradEngine

extension BuiltinMethods {
    /// Adds these methods to the str table (called once, when it is built).
    static func addStrMethods(_ m: MethodTable<String>) {
        func strip(_ s: String, _ chars: Value?, leading: Bool, trailing: Bool) -> String {
            let set: (Character) -> Bool
            if let c = chars {
                let cs = Set(c.str)
                set = { cs.contains($0) }
            } else {
                set = { $0.isWhitespace }
            }
            var sub = Substring(s)
            if leading { sub = sub.drop(while: set) }
            if trailing { while let l = sub.last, set(l) { sub = sub.dropLast() } }
            return String(sub)
        }
        m.def(
            "encode", "encoding='utf-8', errors='strict'", "The text as bytes (utf-8, latin-1 or ascii).",
            "'héllo'.encode('utf-8')"
        ) { s, b, _ in
            .object(BytesObject(try BytesObject.encode(s, encoding: try b.string("encoding"))))
        }
        m.def("lstrip", "chars=None, /", "Without leading whitespace (or chars).", "'  hi'.lstrip()") { s, b, _ in
            .string(strip(s, b.value("chars"), leading: true, trailing: false))
        }
        m.def("rstrip", "chars=None, /", "Without trailing whitespace (or chars).", "'hi\\n'.rstrip()") { s, b, _ in
            .string(strip(s, b.value("chars"), leading: false, trailing: true))
        }
        m.def("title", "", "Each word capitalised.", "'hello world'.title()") { s, _, _ in
            var out = "", prevLetter = false
            for c in s {
                out += prevLetter ? c.lowercased() : c.uppercased()
                prevLetter = c.isLetter
            }
            return .string(out)
        }
        m.def("capitalize", "", "The first character upper case, the rest lower case.", "'hELLO'.capitalize()") {
            s, _, _ in
            .string((s.first.map { $0.uppercased() } ?? "") + s.dropFirst().lowercased())
        }
        m.def("swapcase", "", "Upper case made lower and lower case upper.", "'Hello'.swapcase()") { s, _, _ in
            .string(s.map { $0.isUppercase ? $0.lowercased() : $0.uppercased() }.joined())
        }
        m.def("casefold", "", "A lower-case form for caseless comparison.", "'Hello'.casefold()") { s, _, _ in
            .string(s.lowercased())
        }
        m.def("zfill", "width, /", "Padded with zeros on the left to width (after a sign).", "'42'.zfill(5)") {
            s, b, _ in
            let w = try b.int("width")
            guard s.count < w else { return .string(s) }
            guard w <= Format.Spec.maxLength else { throw ScriptError(kind: "MemoryError", message: "string too long") }
            let zeros = String(repeating: "0", count: w - s.count)
            if let f = s.first, f == "-" || f == "+" { return .string(String(f) + zeros + s.dropFirst()) }
            return .string(zeros + s)
        }
        /// The character offset of `sub` in `s` (first or last occurrence), nil when absent.
        func offset(_ s: String, _ sub: String, last: Bool) -> Int? {
            guard let r = s.range(of: sub, options: last ? .backwards : []) else { return nil }
            return s.distance(from: s.startIndex, to: r.lowerBound)
        }
        m.def(
            "index", "sub, /", "The index of the first occurrence of sub (ValueError when absent).",
            "'hello'.index('l')"
        ) { s, b, _ in
            guard let i = offset(s, try b.string("sub"), last: false) else { throw valueError("substring not found") }
            return .int(i)
        }
        m.def("rfind", "sub, /", "The index of the last occurrence of sub, or -1.", "'hello'.rfind('l')") { s, b, _ in
            .int(offset(s, try b.string("sub"), last: true) ?? -1)
        }
        m.def(
            "rindex", "sub, /", "The index of the last occurrence of sub (ValueError when absent).",
            "'hello'.rindex('l')"
        ) { s, b, _ in
            guard let i = offset(s, try b.string("sub"), last: true) else { throw valueError("substring not found") }
            return .int(i)
        }
        let tests: [(String, String, (Character) -> Bool)] = [
            ("isdigit", "'123'", { $0.isWholeNumber }), ("isdecimal", "'123'", { $0.isWholeNumber }),
            ("isnumeric", "'123'", { $0.isNumber }), ("isalpha", "'abc'", { $0.isLetter }),
            ("isalnum", "'a1'", { $0.isLetter || $0.isNumber }), ("isspace", "' '", { $0.isWhitespace }),
        ]
        for (name, example, test) in tests {
            m.def(
                name, "", "Whether the string is not empty and every character passes `\(name)`.",
                "\(example).\(name)()"
            ) { s, _, _ in
                .bool(!s.isEmpty && s.allSatisfy(test))
            }
        }
        m.def("isupper", "", "Whether it has cased letters, all upper case.", "'ABC'.isupper()") { s, _, _ in
            .bool(s.contains { $0.isCased } && !s.contains { $0.isLowercase })
        }
        m.def("islower", "", "Whether it has cased letters, all lower case.", "'abc'.islower()") { s, _, _ in
            .bool(s.contains { $0.isCased } && !s.contains { $0.isUppercase })
        }
        m.def("splitlines", "keepends=False", "The lines (without their line breaks).", "'a\\nb\\n'.splitlines()") {
            s, b, _ in
            let keep = try b.bool("keepends")
            var lines: [Value] = [], cur = ""
            for c in s {
                if c == "\n" || c == "\r\n" || c == "\r" {
                    lines.append(.string(keep ? cur + String(c) : cur))
                    cur = ""
                } else {
                    cur.append(c)
                }
            }
            if !cur.isEmpty { lines.append(.string(cur)) }
            return .list(ListRef(lines))
        }
        m.def("rsplit", "sep=None, maxsplit=-1", "The words, split from the right.", "'a.b.c'.rsplit('.', 1)") {
            s, b, _ in
            let maxsplit = try b.int("maxsplit")
            let parts: [String]
            if let sep = b.value("sep") {
                guard case .string(let sp) = sep else { throw typeError("must be str or None, not \(sep.typeName)") }
                guard !sp.isEmpty else { throw valueError("empty separator") }
                parts = s.components(separatedBy: sp)
                if maxsplit >= 0, parts.count > maxsplit + 1 {
                    let cut = parts.count - maxsplit
                    return .list(
                        ListRef(([parts[..<cut].joined(separator: sp)] + parts[cut...]).map(Value.string)))
                }
            } else {
                let words = s.split(whereSeparator: { $0.isWhitespace }).map(String.init)
                if maxsplit >= 0, words.count > maxsplit + 1 {
                    // the rest keeps its inner spacing, as in Python
                    var rest = Substring(s)
                    while let l = rest.last, l.isWhitespace { rest = rest.dropLast() }
                    var tail: [String] = []
                    for _ in 0..<maxsplit {
                        guard let r = rest.lastIndex(where: { $0.isWhitespace }) else { break }
                        tail.insert(String(rest[rest.index(after: r)...]), at: 0)
                        rest = rest[..<r]
                        while let l = rest.last, l.isWhitespace { rest = rest.dropLast() }
                    }
                    return .list(ListRef(([String(rest)] + tail).map(Value.string)))
                }
                parts = words
            }
            return .list(ListRef(parts.map(Value.string)))
        }
        for (name, last) in [("partition", false), ("rpartition", true)] {
            m.def(
                name, "sep, /", "(before, sep, after) around the \(last ? "last" : "first") sep.",
                "'key=value'.\(name)('=')"
            ) { s, b, _ in
                let sep = try b.string("sep")
                guard !sep.isEmpty else { throw valueError("empty separator") }
                guard let r = s.range(of: sep, options: last ? .backwards : []) else {
                    return .tuple(
                        last ? [.string(""), .string(""), .string(s)] : [.string(s), .string(""), .string("")])
                }
                return .tuple([.string(String(s[..<r.lowerBound])), .string(sep), .string(String(s[r.upperBound...]))])
            }
        }
        m.def(
            "removeprefix", "prefix, /", "Without prefix at the start, if it is there.",
            "'test_x'.removeprefix('test_')"
        ) { s, b, _ in
            let p = try b.string("prefix")
            return .string(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
        }
        m.def(
            "removesuffix", "suffix, /", "Without suffix at the end, if it is there.", "'model.pt'.removesuffix('.pt')"
        ) { s, b, _ in
            let p = try b.string("suffix")
            return .string(s.hasSuffix(p) && !p.isEmpty ? String(s.dropLast(p.count)) : s)
        }
        for (name, isPrefix) in [("startswith", true), ("endswith", false)] {
            m.def(
                name, "\(isPrefix ? "prefix" : "suffix"), /",
                "Whether the string \(isPrefix ? "starts" : "ends") with it (or with one in a tuple).",
                isPrefix ? "'conv1.weight'.startswith(('conv', 'fc'))" : "'conv1.weight'.endswith('weight')"
            ) { s, b, _ in
                let v = b.raw(isPrefix ? "prefix" : "suffix") ?? .none
                let options: [Value]
                if case .tuple(let xs) = v { options = xs } else { options = [v] }
                for o in options {
                    guard case .string(let p) = o else {
                        throw typeError(
                            "\(name) first arg must be str or a tuple of str, not \(o.typeName)")
                    }
                    if isPrefix ? s.hasPrefix(p) : s.hasSuffix(p) { return .bool(true) }
                }
                return .bool(false)
            }
        }
        m.def(
            "replace", "old, new, count=-1, /", "Occurrences of old replaced by new (the first count only, if given).",
            "'a-b-c'.replace('-', '+', 1)"
        ) { s, b, _ in
            let old = try b.string("old"), new = try b.string("new")
            let count = try b.int("count")
            guard count >= 0 else { return .string(s.replacingOccurrences(of: old, with: new)) }
            if old.isEmpty { return .string(s) }
            var out = "", rest = Substring(s), done = 0
            while done < count, let r = rest.range(of: old) {
                out += rest[..<r.lowerBound] + new
                rest = rest[r.upperBound...]
                done += 1
            }
            return .string(out + rest)
        }
    }
}
