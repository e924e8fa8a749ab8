// PyOS: Python's `os`, `os.path` and `pathlib.Path`, the parts beginner scripts use to find data.
//
// Reading is allowed (getcwd, listdir, exists, isfile, isdir, getsize, environ, the path string
// functions). Of the writing parts only directory creation is done for real (`os.makedirs`,
// `os.mkdir`, `Path.mkdir`): scripts make `data/` or `checkpoints/` folders before saving, and a new
// empty folder destroys nothing. `os.remove`/`os.unlink`/`Path.unlink` delete regular files (what
// a script can overwrite with open() anyway); everything else that deletes, renames or runs something
// (`os.rmdir`, `os.rename`, `os.system`, ...) is refused with a PermissionError naming it.
// Files are written with `open()` (PyFileStream.swift) and `torch.save`/`save` (atomic, see Checkpoint).
// Non-goals: recursive `**` globs, symlink handling. Reading files: PyFiles.swift.

import Foundation
import GradEngine

/// `pathlib.Path`: a path string with `/`, name parts and a few file-system questions.
final class PathObject: ScriptObject, OperatorObject, @unchecked Sendable {
    let path: String
    init(_ p: String) { path = p.isEmpty ? "." : p }
    override var typeName: String { "PosixPath" }
    override var repr: String { "PosixPath(\(Value.string(path).repr))" }
    override var str: String { path }
    var ns: NSString { path as NSString }
    override var attributeNames: [String] {
        [
            "name", "stem", "suffix", "parent", "parts", "exists", "is_file", "is_dir", "mkdir", "iterdir", "joinpath",
            "resolve", "absolute", "with_suffix", "with_name", "read_text", "glob", "stat", "expanduser", "write_text",
            "unlink",
        ]
    }
    func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .div else { return nil }
        let o: String
        switch other {
        case .string(let s): o = s
        case .object(let p as PathObject): o = p.path
        default: return nil
        }
        return .object(PathObject(reflected ? PyOS.join(o, path) : PyOS.join(path, o)))
    }
    /// Paths compare (and sort) by their text, as PurePath does.
    override func compareOp(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard case .object(let a as PathObject) = lhs, case .object(let b as PathObject) = rhs else {
            if op == .eq || op == .ne { return .bool(op == .ne) }
            return nil
        }
        switch op {
        case .lt: return .bool(a.path < b.path)
        case .le: return .bool(a.path <= b.path)
        case .gt: return .bool(a.path > b.path)
        case .ge: return .bool(a.path >= b.path)
        case .eq: return .bool(a.path == b.path)
        case .ne: return .bool(a.path != b.path)
        default: return nil
        }
    }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        let p = path
        func fn(_ sig: String, _ body: @escaping (Bound, Interpreter) throws -> Value) -> Value {
            .object(BuiltinFunction("Path.\(sig)", body))
        }
        switch n {
        case "name": return .string(ns.lastPathComponent == "." ? "" : ns.lastPathComponent)
        case "stem":
            let name = ns.lastPathComponent
            return .string(PyOS.splitext(name).0)
        case "suffix": return .string(PyOS.splitext(ns.lastPathComponent).1)
        case "parent":
            let d = ns.deletingLastPathComponent
            return .object(PathObject(d.isEmpty ? "." : d))
        case "parts": return .tuple(ns.pathComponents.map(Value.string))
        case "exists": return fn("exists()") { _, _ in .bool(FileManager.default.fileExists(atPath: p)) }
        case "is_file": return fn("is_file()") { _, _ in .bool(PyOS.isDir(p) == false) }
        case "is_dir": return fn("is_dir()") { _, _ in .bool(PyOS.isDir(p) == true) }
        case "mkdir":
            return fn("mkdir(mode=511, parents=False, exist_ok=False)") { b, _ in
                try PyOS.makeDirectory(p, parents: try b.bool("parents"), existOK: try b.bool("exist_ok"))
                return .none
            }
        case "iterdir":
            return fn("iterdir()") { _, _ in
                .list(ListRef(try PyOS.list(p).map { .object(PathObject(PyOS.join(p, $0))) }))
            }
        case "glob":
            return fn("glob(pattern)") { b, _ in
                // in the folder's own order, as Python's (a pattern may name subfolders: 'names/*.txt')
                let pattern = try b.string("pattern")
                _ = try PyOS.list(p)
                let prefix = p == "." ? "" : p
                return .list(
                    ListRef(
                        try BuiltinTable.globPaths(PyOS.join(prefix, pattern)).map {
                            .object(
                                PathObject(
                                    $0.hasPrefix("./") && !pattern.hasPrefix("./") ? String($0.dropFirst(2)) : $0))
                        }))
            }
        case "joinpath":
            return fn("joinpath(*pathsegments)") { b, _ in
                .object(PathObject(b.rest.reduce(p) { PyOS.join($0, ($1.asObject as? PathObject)?.path ?? $1.str) }))
            }
        case "resolve", "absolute":
            return fn("\(n)()") { _, _ in .object(PathObject(PyOS.absolute(p))) }
        case "expanduser":
            return fn("expanduser()") { _, _ in .object(PathObject(PyOS.expandUser(p))) }
        case "with_suffix":
            return fn("with_suffix(suffix)") { b, _ in
                let dir = (p as NSString).deletingLastPathComponent
                let stem = PyOS.splitext((p as NSString).lastPathComponent).0
                return .object(PathObject(PyOS.join(dir, stem + (try b.string("suffix")))))
            }
        case "with_name":
            return fn("with_name(name)") { b, _ in
                .object(PathObject(PyOS.join((p as NSString).deletingLastPathComponent, try b.string("name"))))
            }
        case "read_text":
            return fn("read_text(encoding=None)") { _, _ in
                guard let d = FileManager.default.contents(atPath: p) else {
                    throw ScriptError(kind: "FileNotFoundError", message: "[Errno 2] No such file or directory: '\(p)'")
                }
                guard d.count <= 64 << 20 else {
                    throw ScriptError(kind: "MemoryError", message: "read_text: file larger than 64 MiB")
                }
                return .string(String(decoding: d, as: UTF8.self))
            }
        case "unlink":
            return fn("unlink(missing_ok=False)") { b, _ in
                if try b.bool("missing_ok"), PyOS.isDir(p) == nil { return .none }
                try PyOS.removeFile(p)
                return .none
            }
        case "write_text":
            return fn("write_text(data, encoding=None, errors=None, newline=None)") { b, _ in
                let f = try StreamFile.open(path: p, mode: "w", encoding: try b.string("encoding", "utf-8"))
                defer { f.close() }
                let s = try b.string("data")
                try f.writeAll(try BytesObject.encode(s, encoding: f.encoding))
                return .int(s.unicodeScalars.count)
            }
        case "rmdir", "rename", "replace", "write_bytes", "touch", "symlink_to", "chmod":
            return fn("\(n)(*args, **kwargs)") { _, _ in throw PyOS.refused("Path.\(n)") }
        default: return nil
        }
    }
}

enum PyOS {
    static func refused(_ what: String) -> ScriptError {
        ScriptError(
            kind: "PermissionError",
            message:
                "\(what) is not available in gradstep: scripts may read and write files and create folders, but never "
                + "delete, rename or run anything"
        )
    }
    /// os.path.join: a part starting with '/' restarts the path.
    static func join(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") || a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }
    static func splitext(_ p: String) -> (String, String) {
        let slash = p.lastIndex(of: "/").map { p.index(after: $0) } ?? p.startIndex
        let name = p[slash...]
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
            name[name.startIndex..<dot].contains(where: { $0 != "." })
        else { return (p, "") }
        return (String(p[..<dot]), String(p[dot...]))
    }
    static func isDir(_ p: String) -> Bool? {
        var d: ObjCBool = false
        guard FileManager.default.fileExists(atPath: p, isDirectory: &d) else { return nil }
        return d.boolValue
    }
    /// os.path.normpath: '.', '..' and doubled slashes resolved as text (no file-system access).
    static func normpath(_ p: String) -> String {
        guard !p.isEmpty else { return "." }
        let rooted = p.hasPrefix("/")
        var out: [Substring] = []
        for part in p.split(separator: "/") where part != "." {
            if part == ".." && !out.isEmpty && out.last != ".." {
                out.removeLast()
            } else if part == ".." && rooted {
                continue
            } else {
                out.append(part)
            }
        }
        let body = out.joined(separator: "/")
        return rooted ? "/" + body : (body.isEmpty ? "." : body)
    }
    static func absolute(_ p: String) -> String {
        let full = p.hasPrefix("/") ? p : join(FileManager.default.currentDirectoryPath, p)
        return (full as NSString).standardizingPath
    }
    static func list(_ p: String) throws -> [String] {
        guard isDir(p) == true else {
            throw ScriptError(
                kind: isDir(p) == nil ? "FileNotFoundError" : "NotADirectoryError",
                message:
                    "[Errno \(isDir(p) == nil ? 2 : 20)] "
                    + "\(isDir(p) == nil ? "No such file or directory" : "Not a directory"): '\(p)'"
            )
        }
        return (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
    }
    static func makeDirectory(_ p: String, parents: Bool, existOK: Bool) throws {
        guard !p.contains("\0") else { throw valueError("embedded null byte") }
        if let d = isDir(p) {
            if d && existOK { return }
            throw ScriptError(kind: "FileExistsError", message: "[Errno 17] File exists: '\(p)'")
        }
        do {
            try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: parents)
        } catch {
            let parentMissing =
                isDir(
                    (p as NSString).deletingLastPathComponent.isEmpty ? "." : (p as NSString).deletingLastPathComponent)
                == nil
            throw ScriptError(
                kind: parentMissing ? "FileNotFoundError" : "PermissionError",
                message: parentMissing
                    ? "[Errno 2] No such file or directory: '\(p)'" : "[Errno 13] Permission denied: '\(p)'")
        }
    }
    /// `os.remove(path)`: deletes a regular file; Python's errors for a missing path or a folder,
    /// a PermissionError for anything else that is not a regular file.
    static func removeFile(_ p: String) throws {
        guard !p.contains("\0") else { throw valueError("embedded null byte") }
        var st = stat()
        guard lstat(p, &st) == 0 else { throw StreamFile.osError(errno, p) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw StreamFile.osError(EISDIR, p)
        default: throw StreamFile.notRegular(p, st)
        }
        guard unlink(p) == 0 else { throw StreamFile.osError(errno, p) }
    }
    /// Python's os.path.expanduser: a leading `~` or `~/` is $HOME (the account's home folder when HOME is
    /// unset), `~name` that user's home folder; anything else is returned as is.
    static func expandUser(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let rest = path.dropFirst()
        guard rest.isEmpty || rest.hasPrefix("/") else { return (path as NSString).expandingTildeInPath }
        let env = ProcessInfo.processInfo.environment["HOME"]
        var home = env.map { $0.isEmpty ? "/" : $0 } ?? NSHomeDirectory()
        if home.count > 1 && home.hasSuffix("/") && !rest.isEmpty { home.removeLast() }
        return home + rest
    }

    static func pathString(_ v: Value?, _ what: String) throws -> String {
        switch v {
        case .string(let s)?: return s
        case .object(let p as PathObject)?: return p.path
        default: throw typeError("\(what): expected str or os.PathLike object, not \(v?.typeName ?? "NoneType")")
        }
    }
}

extension BuiltinTable {
    func registerOS() {
        section = "os, os.path, pathlib"
        let os = namespace("os")
        let path = namespace("os.path")
        os.set("path", .object(path))
        os.set("sep", .string("/"))
        os.set("linesep", .string("\n"))
        os.set("name", .string("posix"))
        def("os.getcwd", "os.getcwd()", "The current folder.", "import os\nlen(os.getcwd()) > 0", in: os) { _, _ in
            .string(FileManager.default.currentDirectoryPath)
        }
        def(
            "os.listdir", "os.listdir(path='.')", "The names in a folder (in no particular order).",
            "import os\ntype(os.listdir('.'))", in: os
        ) { b, _ in
            .list(ListRef(try PyOS.list(try PyOS.pathString(b.raw("path"), "listdir")).map(Value.string)))
        }
        def(
            "os.makedirs", "os.makedirs(name, mode=511, exist_ok=False)",
            "Creates a folder and its missing parents.",
            "# needs a folder it may write in\nimport os\nos.makedirs('data', exist_ok=True)", in: os
        ) { b, _ in
            try PyOS.makeDirectory(
                try PyOS.pathString(b.raw("name"), "makedirs"), parents: true, existOK: try b.bool("exist_ok"))
            return .none
        }
        def(
            "os.mkdir", "os.mkdir(path, mode=511)", "Creates one folder.",
            "# needs a folder it may write in\nimport os\nos.mkdir('data')", in: os
        ) { b, _ in
            try PyOS.makeDirectory(try PyOS.pathString(b.raw("path"), "mkdir"), parents: false, existOK: false)
            return .none
        }
        def(
            "os.getenv", "os.getenv(key, default=None)", "An environment variable, or default.",
            "import os\nos.getenv('NO_SUCH_VARIABLE', 'x')", in: os
        ) { b, _ in
            ProcessInfo.processInfo.environment[try b.string("key")].map(Value.string) ?? (b.raw("default") ?? .none)
        }
        def("os.cpu_count", "os.cpu_count()", "The number of processors.", "import os\nos.cpu_count() > 0", in: os) {
            _, _ in
            .int(ProcessInfo.processInfo.activeProcessorCount)
        }
        let env = DictRef()
        for (k, v) in ProcessInfo.processInfo.environment.sorted(by: { $0.key < $1.key }) {
            try? env.set(.string(k), .string(v))
        }
        os.set("environ", .dict(env))
        for n in ["remove", "unlink"] {
            def(
                "os.\(n)", "os.\(n)(path, *, dir_fd=None)",
                "Deletes a file (a regular file only; folders, links and devices are refused).",
                "import os\nopen('old.txt', 'w').close()\nos.\(n)('old.txt')\nos.path.exists('old.txt')", in: os,
                unsupported: ["dir_fd"]
            ) { b, _ in
                try PyOS.removeFile(try PyOS.pathString(b.raw("path"), n))
                return .none
            }
        }
        for n in [
            "rmdir", "removedirs", "rename", "renames", "replace", "system", "popen", "chmod",
            "chown",
            "symlink", "link", "kill", "execv", "execvp", "spawnv", "truncate", "chdir",
        ] {
            os.set(
                n,
                .object(
                    BuiltinFunction("os.\(n)(*args, **kwargs)") { (_: Bound, _: Interpreter) in
                        throw PyOS.refused("os.\(n)")
                    }))
        }
        def(
            "os.path.join", "os.path.join(path, *paths)", "Joins path parts with '/'.",
            "import os\nos.path.join('data', 'mnist')", in: path
        ) { b, _ in
            var out = try PyOS.pathString(b.raw("path"), "join")
            for p in b.rest { out = PyOS.join(out, try PyOS.pathString(p, "join")) }
            return .string(out)
        }
        def(
            "os.path.exists", "os.path.exists(path)", "Whether the file or folder exists.",
            "import os\nos.path.exists('.')", in: path
        ) { b, _ in
            .bool(FileManager.default.fileExists(atPath: try PyOS.pathString(b.raw("path"), "exists")))
        }
        def(
            "os.path.isfile", "os.path.isfile(path)", "Whether it is an existing file.",
            "import os\nos.path.isfile('.')", in: path
        ) { b, _ in
            .bool(PyOS.isDir(try PyOS.pathString(b.raw("path"), "isfile")) == false)
        }
        def(
            "os.path.isdir", "os.path.isdir(path)", "Whether it is an existing folder.",
            "import os\nos.path.isdir('.')", in: path
        ) { b, _ in
            .bool(PyOS.isDir(try PyOS.pathString(b.raw("path"), "isdir")) == true)
        }
        def(
            "os.path.basename", "os.path.basename(p)", "The last part of a path.",
            "import os\nos.path.basename('data/x.pt')", in: path
        ) { b, _ in
            let p = try PyOS.pathString(b.raw("p"), "basename")
            return .string(p.hasSuffix("/") ? "" : (p as NSString).lastPathComponent)
        }
        def(
            "os.path.dirname", "os.path.dirname(p)", "The path without its last part.",
            "import os\nos.path.dirname('data/x.pt')", in: path
        ) { b, _ in
            let p = try PyOS.pathString(b.raw("p"), "dirname")
            guard let slash = p.lastIndex(of: "/") else { return .string("") }
            let head = String(p[..<slash])
            return .string(head.isEmpty ? "/" : head)
        }
        def(
            "os.path.split", "os.path.split(p)", "(dirname, basename).", "import os\nos.path.split('data/x.pt')",
            in: path
        ) { b, _ in
            let p = try PyOS.pathString(b.raw("p"), "split")
            guard let slash = p.lastIndex(of: "/") else { return .tuple([.string(""), .string(p)]) }
            let head = String(p[..<slash])
            return .tuple([.string(head.isEmpty ? "/" : head), .string(String(p[p.index(after: slash)...]))])
        }
        def(
            "os.path.splitext", "os.path.splitext(p)", "(root, extension).", "import os\nos.path.splitext('model.pt')",
            in: path
        ) { b, _ in
            let (r, e) = PyOS.splitext(try PyOS.pathString(b.raw("p"), "splitext"))
            return .tuple([.string(r), .string(e)])
        }
        def(
            "os.path.abspath", "os.path.abspath(path)", "The absolute path.",
            "import os\nos.path.abspath('.').startswith('/')", in: path
        ) { b, _ in
            .string(PyOS.absolute(try PyOS.pathString(b.raw("path"), "abspath")))
        }
        def(
            "os.path.expanduser", "os.path.expanduser(path)", "~ replaced by the home folder.",
            "import os\nos.path.expanduser('x')", in: path
        ) { b, _ in
            .string(PyOS.expandUser(try PyOS.pathString(b.raw("path"), "expanduser")))
        }
        def(
            "os.path.getsize", "os.path.getsize(filename)", "The size of a file in bytes.",
            "import os\nos.path.getsize('.') >= 0", in: path
        ) { b, _ in
            let p = try PyOS.pathString(b.raw("filename"), "getsize")
            guard let a = try? FileManager.default.attributesOfItem(atPath: p), let n = a[.size] as? NSNumber else {
                throw ScriptError(kind: "FileNotFoundError", message: "[Errno 2] No such file or directory: '\(p)'")
            }
            return .int(n.intValue)
        }
        def(
            "os.path.normpath", "os.path.normpath(path)", "The path with '.', '..' and doubled slashes resolved.",
            "import os\nos.path.normpath('data/./x/../y.pt')", in: path
        ) { b, _ in
            .string(PyOS.normpath(try PyOS.pathString(b.raw("path"), "normpath")))
        }
        def(
            "os.path.isabs", "os.path.isabs(s)", "Whether the path starts at the root ('/').",
            "import os\nos.path.isabs('/data')", in: path
        ) { b, _ in
            .bool(try PyOS.pathString(b.raw("s"), "isabs").hasPrefix("/"))
        }
        def(
            "os.path.relpath", "os.path.relpath(path, start=None)", "The path relative to start (the current folder).",
            "import os\nos.path.relpath('/data/mnist/x.pt', '/data')", in: path
        ) { b, _ in
            let p = PyOS.absolute(try PyOS.pathString(b.raw("path"), "relpath"))
            let start = PyOS.absolute(try b.value("start").map { try PyOS.pathString($0, "relpath") } ?? ".")
            let pp = p.split(separator: "/").map(String.init), sp = start.split(separator: "/").map(String.init)
            var common = 0
            while common < min(pp.count, sp.count) && pp[common] == sp[common] { common += 1 }
            let parts = Array(repeating: "..", count: sp.count - common) + pp[common...]
            return .string(parts.isEmpty ? "." : parts.joined(separator: "/"))
        }
        let pathlib = namespace("pathlib")
        def(
            "pathlib.Path", "pathlib.Path(*pathsegments)",
            "A file-system path: Path('data') / 'mnist', .exists(), .name, .suffix, .mkdir().",
            "from pathlib import Path\nPath('data') / 'x.pt'", in: pathlib
        ) { b, _ in
            var out = ""
            for p in b.rest {
                out = out.isEmpty ? try PyOS.pathString(p, "Path") : PyOS.join(out, try PyOS.pathString(p, "Path"))
            }
            return .object(PathObject(out))
        }
    }
}
