// PyFiles: reading text files as Python does, the read-only part: `open(path, encoding=...)` (also
// `io.open`) with `read`, `readline`, `readlines`, iteration by lines and `with`; `glob.glob`; `os.walk`.
// Tutorials read their data this way (the char-RNN tutorial: `open(f, encoding='utf-8').read()
// .strip().split('\n')` over `glob.glob('data/names/*.txt')`).
// Text mode as Python's: universal newlines ('\r\n' and '\r' read as '\n'), UTF-8 unless `encoding`
// says latin-1 or ascii; a file is read whole when opened (at most 256 MiB).
// Every other mode (writing, binary, read-write) gives a StreamFile (PyFileStream.swift).
// Non-goals: `seek`/`tell` on a text file opened 'r', `io.StringIO`, recursive `**` globs.

import Foundation
import GradEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A text file open for reading: its whole text and how far reading has got (in code points).
final class FileObject: ContextObject, @unchecked Sendable {
    let path: String
    let mode: String
    let encoding: String
    private let scalars: [Unicode.Scalar]
    /// The whole text (np.loadtxt reads it at once).
    var text: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }
    private var position = 0
    private(set) var closed = false

    init(path: String, mode: String, encoding: String, text: String) {
        self.path = path
        self.mode = mode
        self.encoding = encoding
        scalars = Array(text.unicodeScalars)
        super.init("TextIOWrapper", enter: { .none }, exit: {})
    }

    /// `with open(...) as f:` binds the file itself and closes it at the end.
    override func enter() throws -> Value {
        try checkOpen()
        return .object(self)
    }
    override func exit() { closed = true }

    override var typeName: String { "TextIOWrapper" }
    override var repr: String {
        "<_io.TextIOWrapper name=\(Value.string(path).repr) mode=\(Value.string(mode).repr) "
            + "encoding=\(Value.string(encoding).repr)>"
    }
    override var attributeNames: [String] {
        ["read", "readline", "readlines", "close", "closed", "name", "mode", "encoding", "readable", "writable"]
    }
    /// Not callable (the decorator use of a context manager is not a file's).
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? { nil }

    private func checkOpen() throws {
        if closed { throw valueError("I/O operation on closed file.") }
    }

    /// The next line, its '\n' included ("" at the end).
    private func nextLine(limit: Int?) -> String {
        var end = position
        while end < scalars.count {
            if let l = limit, end - position >= l { break }
            end += 1
            if scalars[end - 1] == "\n" { break }
        }
        defer { position = end }
        return Self.text(scalars[position..<end])
    }

    private static func text(_ s: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        func fn(_ sig: String, _ body: @escaping (Bound) throws -> Value) -> Value {
            .object(BuiltinFunction("TextIOWrapper.\(sig)") { b, _ in try body(b) })
        }
        switch n {
        case "name": return .string(path)
        case "mode": return .string(mode)
        case "encoding": return .string(encoding)
        case "closed": return .bool(closed)
        case "readable":
            return fn("readable()") { [self] _ in
                try checkOpen()
                return .bool(true)
            }
        case "writable":
            return fn("writable()") { [self] _ in
                try checkOpen()
                return .bool(false)
            }
        case "close":
            return fn("close()") { [self] _ in
                closed = true
                return .none
            }
        case "read":
            return fn("read(size=-1, /)") { [self] b in
                try checkOpen()
                let size = try b.optInt("size") ?? -1
                let end = size < 0 ? scalars.count : min(scalars.count, position + size)
                defer { position = end }
                return .string(Self.text(scalars[position..<end]))
            }
        case "readline":
            return fn("readline(size=-1, /)") { [self] b in
                try checkOpen()
                let size = try b.optInt("size") ?? -1
                return .string(nextLine(limit: size < 0 ? nil : size))
            }
        case "readlines":
            return fn("readlines(hint=-1, /)") { [self] _ in
                try checkOpen()
                var lines: [Value] = []
                while position < scalars.count { lines.append(.string(nextLine(limit: nil))) }
                return .list(ListRef(lines))
            }
        case "write", "writelines", "truncate":
            return fn("\(n)(*args)") { _ in
                throw ScriptError(kind: "UnsupportedOperation", message: "not writable")
            }
        default: return nil
        }
    }

    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        try checkOpen()
        return { [self] in
            try checkOpen()
            guard position < scalars.count else { return nil }
            return .string(nextLine(limit: nil))
        }
    }

    /// `open(file, mode, encoding=...)`: reads the file for a FileObject, or says why not.
    static func open(_ b: Bound) throws -> Value {
        let path = try PyOS.pathString(b.raw("file"), "open")
        let mode = try b.string("mode")
        guard !mode.isEmpty, mode.allSatisfy({ "rwxabt+".contains($0) }), Set(mode).count == mode.count else {
            throw valueError("invalid mode: '\(mode)'")
        }
        guard mode.filter({ "rwxa".contains($0) }).count == 1 else {
            throw valueError("must have exactly one of create/read/write/append mode")
        }
        if mode.contains("b") && mode.contains("t") { throw valueError("can't have text and binary mode at once") }
        if mode.contains("b"), let e = b.value("encoding"), !e.isNone {
            throw valueError("binary mode doesn't take an encoding argument")
        }
        let rawEncoding = try b.value("encoding").map { v -> String in
            guard case .string(let s) = v else { throw typeError("open() argument 'encoding' must be str or None") }
            return s
        }
        let encoding = rawEncoding ?? "UTF-8"
        if mode.contains("b") || mode.contains("+") || !mode.contains("r") {
            _ = try BytesObject.encode("", encoding: encoding)  // LookupError for an unknown encoding
            return .object(try StreamFile.open(path: path, mode: mode, encoding: encoding))
        }
        let enc: String.Encoding
        switch encoding.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8", "u8", "utf-8-sig": enc = .utf8
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1": enc = .isoLatin1
        case "ascii", "us-ascii": enc = .ascii
        default: throw ScriptError(kind: "LookupError", message: "unknown encoding: \(encoding)")
        }
        switch PyOS.isDir(path) {
        case nil:
            throw ScriptError(kind: "FileNotFoundError", message: "[Errno 2] No such file or directory: '\(path)'")
        case true?:
            throw ScriptError(kind: "IsADirectoryError", message: "[Errno 21] Is a directory: '\(path)'")
        case false?: break
        }
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG { throw StreamFile.notRegular(path, st) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScriptError(kind: "PermissionError", message: "[Errno 13] Permission denied: '\(path)'")
        }
        guard data.count <= 256 << 20 else {
            throw ScriptError(kind: "MemoryError", message: "open(): '\(path)' is larger than 256 MiB")
        }
        guard var text = String(data: data, encoding: enc) else {
            throw ScriptError(
                kind: "UnicodeDecodeError",
                message: "'\(enc == .ascii ? "ascii" : "utf-8")' codec can't decode the file '\(path)' "
                    + "(pass the file's encoding, e.g. encoding='latin-1')")
        }
        if text.hasPrefix("\u{FEFF}") && rawEncoding?.lowercased() == "utf-8-sig" { text.removeFirst() }
        // universal newlines: \r\n and \r read as \n
        text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return .object(FileObject(path: path, mode: mode, encoding: encoding, text: text))
    }
}

extension BuiltinTable {
    func registerFiles() {
        section = "files (reading)"
        let openSignature =
            "open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None)"
        let open = def(
            "open", openSignature,
            "Opens a file: 'r' reads text, 'w'/'a'/'x' write it, 'b' for bytes, '+' for both (read, write, "
                + "readline, readlines, seek, close, iteration by lines, with).",
            "with open('log.txt', 'w') as f:\n    print('epoch 1', file=f)\nopen('log.txt').read()",
            unsupported: ["errors", "newline", "opener"]
        ) { b, _ in try FileObject.open(b) }
        let io = namespace("io")
        alias("open", open, in: io)

        let glob = namespace("glob")
        def(
            "glob.glob", "glob.glob(pathname, *, root_dir=None, dir_fd=None, recursive=False)",
            "The paths that match a pattern with *, ? and [...] (in the folder's own order, as Python's).",
            "import glob\ntype(glob.glob('*.py'))", in: glob, unsupported: ["root_dir", "dir_fd"]
        ) { b, _ in
            .list(ListRef(try Self.globPaths(try PyOS.pathString(b.raw("pathname"), "glob")).map(Value.string)))
        }
        def(
            "glob.iglob", "glob.iglob(pathname, *, root_dir=None, dir_fd=None, recursive=False)",
            "glob.glob as an iterator.", "import glob\nlist(glob.iglob('*.py')) == glob.glob('*.py')", in: glob,
            unsupported: ["root_dir", "dir_fd"]
        ) { b, _ in
            var it = try Self.globPaths(try PyOS.pathString(b.raw("pathname"), "iglob")).makeIterator()
            return .object(IteratorObject("generator") { it.next().map(Value.string) })
        }

        guard case .object(let os as Namespace)? = modules["os"] else { return }
        def(
            "os.walk", "os.walk(top, topdown=True, onerror=None, followlinks=False)",
            "(folder, subfolders, files) for the folder and every folder below it, top-down.",
            "import os\ntype(next(os.walk('.'))[1])", in: os, unsupported: ["onerror"]
        ) { b, _ in
            let top = try PyOS.pathString(b.raw("top"), "walk")
            let topDown = try b.bool("topdown")
            var out: [Value] = []
            func walk(_ dir: String, depth: Int) {
                guard depth < 64, let names = try? PyOS.list(dir) else { return }
                var dirs: [String] = [], files: [String] = []
                for n in names {
                    if PyOS.isDir(PyOS.join(dir, n)) == true { dirs.append(n) } else { files.append(n) }
                }
                let entry = Value.tuple([
                    .string(dir), .list(ListRef(dirs.map(Value.string))), .list(ListRef(files.map(Value.string))),
                ])
                if topDown { out.append(entry) }
                for d in dirs { walk(PyOS.join(dir, d), depth: depth + 1) }
                if !topDown { out.append(entry) }
            }
            walk(top, depth: 0)
            var it = out.makeIterator()
            return .object(IteratorObject("generator") { it.next() })
        }
    }

    /// The paths matching a shell pattern, in directory order as Python's glob gives them (names
    /// starting with '.' only when the pattern spells the dot).
    static func globPaths(_ pattern: String) throws -> [String] {
        guard !pattern.contains("\0") else { throw valueError("embedded null byte") }
        var g = glob_t()
        defer { globfree(&g) }
        #if canImport(Glibc)
        guard Glibc.glob(pattern, GLOB_NOSORT, nil, &g) == 0 else { return [] }
        #else
        guard Darwin.glob(pattern, GLOB_NOSORT, nil, &g) == 0 else { return [] }
        #endif
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out
    }
}
