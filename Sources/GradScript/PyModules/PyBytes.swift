// PyBytes: Python's immutable `bytes`, as far as beginner code meets it: `b'...'` literals, what a
// file opened with 'rb' reads and what one opened with 'wb' takes, `bytes(...)`, `str.encode()`.
// Supported: len, indexing (an int 0-255) and slicing (bytes), iteration, `==`/`!=`, `+`, `*` by an
// int, `in` (an int or a bytes), truth, `decode`, `hex`, `startswith`/`endswith`, and Python's repr
// (`b'ab\x00'`: printable ASCII as is, \t \n \r and the quotes escaped, the rest as \xNN).
// Non-goals: `bytearray`, `memoryview`, `%`-formatting of bytes, `bytes` as dict keys by value
// (they hash by identity here), the `str` methods of bytes beyond those above.

import GradEngine

/// An immutable byte string.
final class BytesObject: ScriptObject, @unchecked Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    override var typeName: String { "bytes" }
    /// Python's repr: single quotes unless the bytes hold a ' and no ".
    override var repr: String {
        let quote: UInt8 = bytes.contains(0x27) && !bytes.contains(0x22) ? 0x22 : 0x27
        var out = "b" + String(UnicodeScalar(quote))
        for c in bytes {
            switch c {
            case 0x5C: out += "\\\\"
            case 9: out += "\\t"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case quote: out += "\\" + String(UnicodeScalar(c))
            case 0x20..<0x7F: out.append(Character(UnicodeScalar(c)))
            default: out += "\\x" + BytesObject.hex([c])
            }
        }
        return out + String(UnicodeScalar(quote))
    }
    override var attributeNames: [String] { ["decode", "hex", "startswith", "endswith", "count", "find"] }

    static func hex(_ b: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var s = ""
        for c in b {
            s.append(digits[Int(c >> 4)])
            s.append(digits[Int(c & 15)])
        }
        return s
    }

    override func length() throws -> Int? { bytes.count }
    override func truthValue() throws -> Bool? { !bytes.isEmpty }

    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        if case .object(let sv as SliceValue) = index {
            let (start, stop, step) = try sv.indices(count: bytes.count)
            var out: [UInt8] = []
            var i = start
            while step > 0 ? i < stop : i > stop {
                out.append(bytes[i])
                i += step
            }
            return .object(BytesObject(out))
        }
        guard let i = index.asInt, !(index.typeName == "float") else {
            throw typeError("byte indices must be integers or slices, not \(index.typeName)")
        }
        let k = i < 0 ? i + bytes.count : i
        guard k >= 0 && k < bytes.count else { throw ScriptError(kind: "IndexError", message: "index out of range") }
        return .int(Int(bytes[k]))
    }

    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var it = bytes.makeIterator()
        return { it.next().map { .int(Int($0)) } }
    }

    override func binaryOp(_ op: BinOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        switch (op, lhs, rhs) {
        case (.add, .object(let a as BytesObject), .object(let b as BytesObject)):
            return .object(BytesObject(a.bytes + b.bytes))
        case (.add, .object(let a as BytesObject), _):
            throw typeError("can't concat \(rhs.typeName) to \(a.typeName)")
        case (.mul, .object(let a as BytesObject), .int(let n)), (.mul, .int(let n), .object(let a as BytesObject)):
            guard n <= 0 || a.bytes.count <= (256 << 20) / n else {
                throw ScriptError(kind: "MemoryError", message: "")
            }
            return .object(BytesObject(n <= 0 ? [] : Array([[UInt8]](repeating: a.bytes, count: n).joined())))
        default: return nil
        }
    }

    override func compareOp(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard case .object(let a as BytesObject) = lhs, case .object(let b as BytesObject) = rhs else {
            if op == .eq || op == .ne { return .bool(op == .ne) }
            return nil
        }
        switch op {
        case .eq: return .bool(a.bytes == b.bytes)
        case .ne: return .bool(a.bytes != b.bytes)
        case .lt: return .bool(a.bytes.lexicographicallyPrecedes(b.bytes))
        case .gt: return .bool(b.bytes.lexicographicallyPrecedes(a.bytes))
        case .le: return .bool(!b.bytes.lexicographicallyPrecedes(a.bytes))
        case .ge: return .bool(!a.bytes.lexicographicallyPrecedes(b.bytes))
        default: return nil
        }
    }

    /// `item in self`: an int 0-255 or a bytes.
    func contains(_ item: Value) throws -> Bool {
        switch item {
        case .object(let o as BytesObject): return BytesObject.find(o.bytes, in: bytes) != nil
        case .int(let n):
            guard (0...255).contains(n) else { throw valueError("byte must be in range(0, 256)") }
            return bytes.contains(UInt8(n))
        case .bool(let b): return bytes.contains(b ? 1 : 0)
        default: throw typeError("a bytes-like object is required, not '\(item.typeName)'")
        }
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int = 0) -> Int? {
        guard needle.count <= hay.count else { return nil }
        if needle.isEmpty { return min(from, hay.count) }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] && Array(hay[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }

    /// Text decoded as `encoding` says (utf-8, latin-1 or ascii), with Python's strict error.
    static func decode(_ bytes: [UInt8], encoding: String, errors: String = "strict") throws -> String {
        switch encoding.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8", "u8":
            if let s = String(validating: bytes, as: UTF8.self) { return s }
            if errors == "replace" || errors == "ignore" {
                let s = String(decoding: bytes, as: UTF8.self)
                return errors == "replace" ? s : s.replacingOccurrences(of: "\u{FFFD}", with: "")
            }
            var i = 0
            while i < bytes.count, String(validating: bytes[..<(i + 1)], as: UTF8.self) != nil || bytes[i] < 0x80 {
                i += 1
            }
            throw ScriptError(
                kind: "UnicodeDecodeError",
                message: "'utf-8' codec can't decode byte 0x\(hex([bytes[min(i, bytes.count - 1)]])) in position "
                    + "\(min(i, bytes.count - 1)): invalid start byte")
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
            var s = String.UnicodeScalarView()
            for b in bytes { s.append(UnicodeScalar(b)) }
            return String(s)
        case "ascii", "us-ascii":
            if let i = bytes.firstIndex(where: { $0 >= 0x80 }) {
                if errors == "ignore" { return String(decoding: bytes.filter { $0 < 0x80 }, as: UTF8.self) }
                throw ScriptError(
                    kind: "UnicodeDecodeError",
                    message: "'ascii' codec can't decode byte 0x\(hex([bytes[i]])) in position \(i): ordinal not in "
                        + "range(128)")
            }
            return String(decoding: bytes, as: UTF8.self)
        default: throw ScriptError(kind: "LookupError", message: "unknown encoding: \(encoding)")
        }
    }

    /// `str.encode(encoding)`: the bytes of `s` (utf-8, latin-1 or ascii).
    static func encode(_ s: String, encoding: String) throws -> [UInt8] {
        switch encoding.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8", "u8": return Array(s.utf8)
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "ascii", "us-ascii":
            let limit: UInt32 = encoding.lowercased().contains("ascii") ? 128 : 256
            var out: [UInt8] = []
            for (i, c) in s.unicodeScalars.enumerated() {
                guard c.value < limit else {
                    let name = limit == 128 ? "ascii" : "latin-1"
                    throw ScriptError(
                        kind: "UnicodeEncodeError",
                        message: "'\(name)' codec can't encode character '\\u\(hex4(c.value))' in position "
                            + "\(i): ordinal not in range(\(limit))")
                }
                out.append(UInt8(c.value))
            }
            return out
        default: throw ScriptError(kind: "LookupError", message: "unknown encoding: \(encoding)")
        }
    }

    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        func fn(_ sig: String, _ body: @escaping (Bound) throws -> Value) -> Value {
            .object(BuiltinFunction("bytes.\(sig)") { b, _ in try body(b) })
        }
        func bytesArg(_ v: Value?, _ what: String) throws -> [UInt8] {
            guard case .object(let o as BytesObject)? = v else {
                throw typeError("\(what) first arg must be bytes or a tuple of bytes, not \(v?.typeName ?? "None")")
            }
            return o.bytes
        }
        let me = bytes
        switch n {
        case "decode":
            return fn("decode(encoding='utf-8', errors='strict')") { b in
                .string(try BytesObject.decode(me, encoding: try b.string("encoding"), errors: try b.string("errors")))
            }
        case "hex":
            return fn("hex()") { _ in .string(BytesObject.hex(me)) }
        case "startswith":
            return fn("startswith(prefix, /)") { b in .bool(me.starts(with: try bytesArg(b.raw("prefix"), n))) }
        case "endswith":
            return fn("endswith(suffix, /)") { b in
                let s = try bytesArg(b.raw("suffix"), n)
                return .bool(s.count <= me.count && Array(me[(me.count - s.count)...]) == s)
            }
        case "find":
            return fn("find(sub, /)") { b in
                .int(BytesObject.find(try bytesArg(b.raw("sub"), "argument"), in: me) ?? -1)
            }
        case "count":
            return fn("count(sub, /)") { b in
                let s = try bytesArg(b.raw("sub"), "argument")
                var k = 0, from = 0
                while let i = BytesObject.find(s, in: me, from: from), from <= me.count {
                    k += 1
                    from = i + max(s.count, 1)
                }
                return .int(k)
            }
        default: return nil
        }
    }

    /// `bytes()`, `bytes(n)` (n zero bytes), `bytes([65, 66])`, `bytes('text', 'utf-8')`, `bytes(b)`.
    static func make(_ b: Bound, _ interp: Interpreter) throws -> Value {
        guard let source = b.value("source") else { return .object(BytesObject([])) }
        switch source {
        case .string(let s):
            guard case .string(let enc)? = b.value("encoding") else {
                throw typeError("string argument without an encoding")
            }
            return .object(BytesObject(try encode(s, encoding: enc)))
        case .int(let n):
            guard n >= 0 else { throw valueError("negative count") }
            guard n <= 256 << 20 else { throw ScriptError(kind: "MemoryError", message: "") }
            return .object(BytesObject([UInt8](repeating: 0, count: n)))
        case .object(let o as BytesObject): return .object(o)
        default:
            var out: [UInt8] = []
            guard let it = try? interp.iterate(source) else {
                throw typeError("cannot convert '\(source.typeName)' object to bytes")
            }
            while let v = try it() {
                guard let i = v.asInt, v.typeName != "float" else {
                    throw typeError("'\(v.typeName)' object cannot be interpreted as an integer")
                }
                guard (0...255).contains(i) else { throw valueError("bytes must be in range(0, 256)") }
                out.append(UInt8(i))
                guard out.count <= 256 << 20 else { throw ScriptError(kind: "MemoryError", message: "") }
            }
            return .object(BytesObject(out))
        }
    }
}

/// Four hex digits, as Python's `\uXXXX` escapes show a character.
private func hex4(_ v: UInt32) -> String {
    let h = String(v, radix: 16)
    return String(repeating: "0", count: max(0, 4 - h.count)) + h
}

extension BuiltinTable {
    func registerBytes() {
        section = "files"
        let bytesType = def(
            "bytes", "bytes(source=None, encoding=None, errors=None)",
            "An immutable byte string: bytes(3), bytes([65, 66]), bytes('text', 'utf-8'); b'...' is a literal.",
            "bytes([104, 105])", unsupported: ["errors"]
        ) { b, interp in try BytesObject.make(b, interp) }
        _ = bytesType
    }
}
