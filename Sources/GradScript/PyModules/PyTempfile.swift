// PyTempfile: Python's `tempfile`, the folder part: `gettempdir()`, `mkdtemp()` and
// `TemporaryDirectory()` (a context manager whose `with ... as d:` binds the folder's path and
// which removes the folder and everything in it at the end, or at `cleanup()`).
// Scripts use it to write scratch files (checkpoints in a test, a log) without leaving them behind.
// Removal is limited to the folder the object itself created (nothing else can be deleted that way);
// `delete=False` keeps it.
// Non-goals: `NamedTemporaryFile`, `TemporaryFile`, `mkstemp`, `SpooledTemporaryFile`.

import Foundation
import GradEngine

/// A folder made by `tempfile.TemporaryDirectory()`, removed with its contents at the end of `with`.
final class TemporaryDirectoryObject: ContextObject, @unchecked Sendable {
    let path: String
    private var removed: Bool
    init(path: String, delete: Bool) {
        self.path = path
        removed = !delete
        super.init("TemporaryDirectory", enter: { .none }, exit: {})
    }
    deinit { cleanup() }
    override var repr: String { "<TemporaryDirectory \(Value.string(path).repr)>" }
    override var attributeNames: [String] { ["name", "cleanup"] }
    override func enter() throws -> Value { .string(path) }
    override func exit() { cleanup() }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? { nil }
    func cleanup() {
        guard !removed else { return }
        removed = true
        try? FileManager.default.removeItem(atPath: path)
    }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "name": return .string(path)
        case "cleanup":
            return .object(
                BuiltinFunction("TemporaryDirectory.cleanup()") { [self] _, _ in
                    cleanup()
                    return .none
                })
        default: return nil
        }
    }
}

enum PyTempfile {
    static func tempDir() -> String {
        for k in ["TMPDIR", "TEMP", "TMP"] {
            if let d = ProcessInfo.processInfo.environment[k], PyOS.isDir(d) == true { return d }
        }
        return "/tmp"
    }

    /// A new folder `dir/prefix<random>suffix`, created with mode 0700 as Python's mkdtemp does.
    static func make(suffix: String, prefix: String, dir: String?) throws -> String {
        let base = dir ?? tempDir()
        guard !(suffix + prefix).contains("/"), !(suffix + prefix + base).contains("\0") else {
            throw valueError("tempfile: prefix and suffix may not contain '/'")
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        for _ in 0..<100 {
            let name = prefix + String((0..<8).map { _ in letters.randomElement() ?? "x" }) + suffix
            let p = PyOS.join(base, name)
            if mkdir(p, 0o700) == 0 { return p }
            if errno != EEXIST { throw StreamFile.osError(errno, p) }
        }
        throw ScriptError(kind: "FileExistsError", message: "[Errno 17] No usable temporary directory name found")
    }
}

extension BuiltinTable {
    func registerTempfile() {
        section = "files"
        let tempfile = namespace("tempfile")
        def(
            "tempfile.gettempdir", "tempfile.gettempdir()", "The folder for temporary files (TMPDIR, else /tmp).",
            "import tempfile\ntype(tempfile.gettempdir())", in: tempfile
        ) { _, _ in .string(PyTempfile.tempDir()) }
        def(
            "tempfile.mkdtemp", "tempfile.mkdtemp(suffix=None, prefix=None, dir=None)",
            "Creates a new private folder and returns its path (the script removes nothing: it stays).",
            "import tempfile, os\nos.path.isdir(tempfile.mkdtemp(dir='.'))", in: tempfile
        ) { b, _ in
            .string(
                try PyTempfile.make(
                    suffix: try b.string("suffix", ""), prefix: try b.string("prefix", "tmp"),
                    dir: try b.value("dir").map { try PyOS.pathString($0, "mkdtemp") }))
        }
        def(
            "tempfile.TemporaryDirectory",
            "tempfile.TemporaryDirectory(suffix=None, prefix=None, dir=None, ignore_cleanup_errors=False, *, "
                + "delete=True)",
            "A new folder for `with ... as d:`; it and everything in it are removed at the end of the block.",
            "import tempfile, os\nwith tempfile.TemporaryDirectory() as d:\n    print(os.path.isdir(d))", in: tempfile
        ) { b, _ in
            .object(
                TemporaryDirectoryObject(
                    path: try PyTempfile.make(
                        suffix: try b.string("suffix", ""), prefix: try b.string("prefix", "tmp"),
                        dir: try b.value("dir").map { try PyOS.pathString($0, "TemporaryDirectory") }),
                    delete: try b.bool("delete", true)))
        }
    }
}
