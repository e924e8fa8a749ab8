// PyFileStream: the files `open()` gives for every mode but plain text reading ('r', which
// PyFiles.swift reads whole): writing ('w', 'a', 'x'), binary ('rb', 'wb', 'ab'), and read-write
// ('r+', 'w+', 'a+'), as Python's io objects behave: `write` returns what it wrote (characters, or
// bytes in binary mode), text files take str and binary files take bytes (Python's TypeErrors
// otherwise), `read`/`readline`/`readlines`/iteration, `seek`/`tell`, `truncate`, `flush`, `close`
// and `with`. Text is UTF-8 (or latin-1/ascii when `encoding` says so); reading text turns '\r\n'
// and '\r' into '\n'.
//
// Writes go straight to the operating system (no buffer in gradstep), so nothing is lost when a
// script ends without close(); the one visible difference from Python is that another reader sees
// the data before flush().
//
// Safety, as `torch.save` (Checkpoint/AtomicFile.swift): a path that exists must be a regular file.
// Folders raise IsADirectoryError as in Python; symbolic links, devices, FIFOs and sockets are
// refused with a PermissionError saying why (writing through /dev/... or a link is never what a
// beginner's script means). The open uses O_NOFOLLOW and O_NONBLOCK and re-checks the opened file,
// so a FIFO cannot hang the script and a link swapped in after the check is not followed.
// Non-goals: `newline=` translation on writing (POSIX writes '\n' as is), `buffering=`, `opener=`,
// `fileno()`-level I/O, files larger than 256 MiB read at once.

import Foundation
import GradEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file open through a POSIX descriptor (any mode other than plain 'r' text reading).
final class StreamFile: ContextObject, @unchecked Sendable {
    let path: String
    let mode: String
    let binary: Bool
    let readable: Bool
    let writable: Bool
    let encoding: String
    private var fd: Int32
    private(set) var closed = false

    private init(fd: Int32, path: String, mode: String, encoding: String) {
        self.fd = fd
        self.path = path
        self.mode = mode
        binary = mode.contains("b")
        readable = mode.contains("r") || mode.contains("+")
        writable = !mode.contains("r") || mode.contains("+")
        self.encoding = encoding
        super.init(binary ? "BufferedWriter" : "TextIOWrapper", enter: { .none }, exit: {})
    }

    deinit { if !closed { _ = Glibc.close(fd) } }

    override func enter() throws -> Value {
        try checkOpen()
        return .object(self)
    }
    override func exit() { close() }

    func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fd)
    }

    /// Python's class names: `BufferedReader`/`BufferedWriter`/`BufferedRandom` in binary mode.
    override var typeName: String {
        guard binary else { return "TextIOWrapper" }
        return mode.contains("+") ? "BufferedRandom" : (readable ? "BufferedReader" : "BufferedWriter")
    }
    override var repr: String {
        binary
            ? "<_io.\(typeName) name=\(Value.string(path).repr)>"
            : "<_io.TextIOWrapper name=\(Value.string(path).repr) mode=\(Value.string(mode).repr) "
                + "encoding=\(Value.string(encoding).repr)>"
    }
    override var attributeNames: [String] {
        [
            "read", "readline", "readlines", "write", "writelines", "seek", "tell", "truncate", "flush", "close",
            "closed", "name", "mode", "readable", "writable", "seekable",
        ] + (binary ? [] : ["encoding"])
    }
    /// Not callable (the decorator use of a context manager is not a file's).
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? { nil }

    private func checkOpen() throws {
        if closed { throw valueError("I/O operation on closed file.") }
    }
    private func unsupported(_ what: String) -> ScriptError {
        ScriptError(kind: "UnsupportedOperation", message: what)
    }

    // MARK: raw I/O

    /// Writes all of `bytes` at the current position.
    func writeAll(_ bytes: [UInt8]) throws {
        try checkOpen()
        guard writable else { throw unsupported(binary ? "write" : "not writable") }
        var done = 0
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < raw.count {
                let w = Glibc.write(fd, base + done, raw.count - done)
                if w < 0 {
                    if errno == EINTR { continue }
                    throw StreamFile.osError(errno, path)
                }
                done += w
            }
        }
    }

    /// Up to `limit` bytes from the current position (all the rest when nil, at most 256 MiB).
    func readBytes(_ limit: Int?) throws -> [UInt8] {
        try checkOpen()
        guard readable else { throw unsupported(binary ? "read" : "not readable") }
        let cap = 256 << 20
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while limit.map({ out.count < $0 }) ?? true {
            let want = min(chunk.count, (limit ?? Int.max) - out.count)
            let r = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if r < 0 {
                if errno == EINTR { continue }
                throw StreamFile.osError(errno, path)
            }
            if r == 0 { break }
            out += chunk[0..<r]
            guard out.count <= cap else {
                throw ScriptError(kind: "MemoryError", message: "read(): '\(path)' is larger than 256 MiB")
            }
        }
        return out
    }

    /// The bytes up to and including the next '\n' (or `limit` bytes, or the end).
    private func readLineBytes(_ limit: Int?) throws -> [UInt8] {
        let start = try tell()
        var out: [UInt8] = []
        while true {
            let chunk = try readBytes(min(4096, (limit ?? Int.max) - out.count))
            if chunk.isEmpty { break }
            if let nl = chunk.firstIndex(of: 10) {
                out += chunk[...nl]
                break
            }
            out += chunk
            if let l = limit, out.count >= l { break }
        }
        _ = lseek(fd, off_t(start + out.count), SEEK_SET)
        return out
    }

    func tell() throws -> Int {
        try checkOpen()
        let r = lseek(fd, 0, SEEK_CUR)
        guard r >= 0 else { throw StreamFile.osError(errno, path) }
        return Int(r)
    }

    private func text(_ bytes: [UInt8]) throws -> String {
        let s = try BytesObject.decode(bytes, encoding: encoding)
        guard s.contains("\r") else { return s }
        return s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    private func line(_ limit: Int?) throws -> Value {
        let b = try readLineBytes(limit)
        return binary ? .object(BytesObject(b)) : .string(try text(b))
    }

    /// The next line, or nil at the end of the file.
    private func nonEmptyLine() throws -> Value? {
        let l = try line(nil)
        if case .string(let s) = l { return s.isEmpty ? nil : l }
        if case .object(let o as BytesObject) = l { return o.bytes.isEmpty ? nil : l }
        return nil
    }

    // MARK: the script's methods

    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        let cls = typeName
        func fn(_ sig: String, _ body: @escaping (Bound) throws -> Value) -> Value {
            .object(BuiltinFunction("\(cls).\(sig)") { b, _ in try body(b) })
        }
        switch n {
        case "name": return .string(path)
        case "mode": return .string(mode)
        case "encoding" where !binary: return .string(encoding)
        case "closed": return .bool(closed)
        case "readable", "writable", "seekable":
            return fn("\(n)()") { [self] _ in
                try checkOpen()
                return .bool(n == "readable" ? readable : n == "writable" ? writable : true)
            }
        case "close":
            return fn("close()") { [self] _ in
                close()
                return .none
            }
        case "flush":
            return fn("flush()") { [self] _ in
                try checkOpen()
                return .none
            }
        case "write":
            return fn("write(s, /)") { [self] b in
                try checkOpen()
                let v = b.raw("s") ?? .none
                if binary {
                    guard case .object(let o as BytesObject) = v else {
                        throw typeError("a bytes-like object is required, not '\(v.typeName)'")
                    }
                    try writeAll(o.bytes)
                    return .int(o.bytes.count)
                }
                guard case .string(let s) = v else {
                    throw typeError(
                        "write() argument must be str, not "
                            + "\(v.typeName)")
                }
                try writeAll(try BytesObject.encode(s, encoding: encoding))
                return .int(s.unicodeScalars.count)
            }
        case "writelines":
            return fn("writelines(lines, /)") { [self] b in
                let next = try interp.iterate(b.raw("lines") ?? .none)
                while let v = try next() {
                    if binary {
                        guard case .object(let o as BytesObject) = v else {
                            throw typeError("a bytes-like object is required, not '\(v.typeName)'")
                        }
                        try writeAll(o.bytes)
                    } else {
                        guard case .string(let s) = v else {
                            throw typeError("write() argument must be str, not \(v.typeName)")
                        }
                        try writeAll(try BytesObject.encode(s, encoding: encoding))
                    }
                }
                return .none
            }
        case "read":
            return fn("read(size=-1, /)") { [self] b in
                let size = try b.optInt("size") ?? -1
                if binary { return .object(BytesObject(try readBytes(size < 0 ? nil : size))) }
                let start = try tell()
                let raw = try readBytes(nil)
                let all = try text(raw)
                guard size >= 0, size < all.unicodeScalars.count else { return .string(all) }
                // keep `size` characters; put the file position just after them
                var s = String.UnicodeScalarView()
                s.append(contentsOf: all.unicodeScalars.prefix(size))
                let taken = String(s)
                let consumed = try BytesObject.encode(taken, encoding: encoding).count
                _ = lseek(fd, off_t(start + min(consumed, raw.count)), SEEK_SET)
                return .string(taken)
            }
        case "readline":
            return fn("readline(size=-1, /)") { [self] b in
                let size = try b.optInt("size") ?? -1
                return try line(size < 0 ? nil : size)
            }
        case "readlines":
            return fn("readlines(hint=-1, /)") { [self] _ in
                var out: [Value] = []
                while let l = try nonEmptyLine() { out.append(l) }
                return .list(ListRef(out))
            }
        case "tell":
            return fn("tell()") { [self] _ in .int(try tell()) }
        case "seek":
            return fn("seek(offset, whence=0, /)") { [self] b in
                try checkOpen()
                let offset = try b.int("offset")
                let whence = try b.int("whence")
                guard (0...2).contains(whence) else {
                    throw valueError("invalid whence (\(whence), should be 0, 1 or 2)")
                }
                if !binary && whence != 0 && offset != 0 {
                    throw unsupported("can't do nonzero \(whence == 1 ? "cur" : "end")-relative seeks")
                }
                if whence == 0 && offset < 0 { throw valueError("negative seek position \(offset)") }
                let r = lseek(fd, off_t(offset), whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END)
                guard r >= 0 else { throw StreamFile.osError(errno, path) }
                return .int(Int(r))
            }
        case "truncate":
            return fn("truncate(size=None, /)") { [self] b in
                try checkOpen()
                guard writable else { throw unsupported(binary ? "truncate" : "not writable") }
                let size = try b.optInt("size") ?? (try tell())
                guard size >= 0 else { throw StreamFile.osError(EINVAL, path) }
                guard ftruncate(fd, off_t(size)) == 0 else { throw StreamFile.osError(errno, path) }
                return .int(size)
            }
        default: return nil
        }
    }

    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        try checkOpen()
        return { [self] in try nonEmptyLine() }
    }

    // MARK: opening

    /// Python's exception for an errno: `[Errno 2] No such file or directory: 'x.txt'`.
    static func osError(_ code: Int32, _ path: String) -> ScriptError {
        let kind: String
        switch code {
        case ENOENT: kind = "FileNotFoundError"
        case EACCES, EPERM: kind = "PermissionError"
        case EISDIR: kind = "IsADirectoryError"
        case ENOTDIR: kind = "NotADirectoryError"
        case EEXIST: kind = "FileExistsError"
        default: kind = "OSError"
        }
        return ScriptError(
            kind: kind,
            message: "[Errno \(code)] \(String(cString: strerror(code))): "
                + "\(Value.string(path).repr)")
    }

    /// The refusal for a path that exists and is not a regular file (folders aside).
    static func notRegular(_ path: String, _ st: stat) -> ScriptError {
        let kind: String
        switch st.st_mode & S_IFMT {
        case S_IFLNK: kind = "a symbolic link"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        return ScriptError(
            kind: "PermissionError",
            message: "open(): \(Value.string(path).repr) is \(kind); gradstep scripts open regular files only")
    }

    /// Opens `path` with a validated Python mode (not plain 'r' text; see `FileObject.open`).
    static func open(path: String, mode: String, encoding: String) throws -> StreamFile {
        let plus = mode.contains("+")
        var flags: Int32
        if mode.contains("r") {
            flags = plus ? O_RDWR : O_RDONLY
        } else {
            flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT
            if mode.contains("w") { flags |= O_TRUNC }
            if mode.contains("a") { flags |= O_APPEND }
            if mode.contains("x") { flags |= O_EXCL }
        }
        let writes = flags & (O_WRONLY | O_RDWR) != 0
        var st = stat()
        if lstat(path, &st) == 0 {
            let kind = st.st_mode & S_IFMT
            if kind == S_IFDIR { throw osError(EISDIR, path) }
            if kind == S_IFLNK && !writes {
                // reading through a link is harmless; the file it names must be regular
                var target = stat()
                if stat(path, &target) == 0, target.st_mode & S_IFMT != S_IFREG {
                    if target.st_mode & S_IFMT == S_IFDIR { throw osError(EISDIR, path) }
                    throw notRegular(path, target)
                }
            } else if kind != S_IFREG {
                if mode.contains("x") { throw osError(EEXIST, path) }
                throw notRegular(path, st)
            }
        }
        flags |= O_NONBLOCK | O_CLOEXEC | (writes ? O_NOFOLLOW : 0)
        let fd = Glibc.open(path, flags, 0o666)
        guard fd >= 0 else {
            if errno == ELOOP, writes, lstat(path, &st) == 0 { throw notRegular(path, st) }
            throw osError(errno, path)
        }
        var opened = stat()
        guard fstat(fd, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG else {
            _ = Glibc.close(fd)
            if opened.st_mode & S_IFMT == S_IFDIR { throw osError(EISDIR, path) }
            throw notRegular(path, opened)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return StreamFile(fd: fd, path: path, mode: mode, encoding: encoding)
    }
}
