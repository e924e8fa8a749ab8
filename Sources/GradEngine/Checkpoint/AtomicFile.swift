// AtomicFile: replacing files so that a failed or killed save never leaves a broken file, or a
// model file from one save next to an optimizer file from another.
//
//   one file:    temp file in the target's folder, write, fsync, rename over the target, fsync folder
//   a group:     every temp file written and fsync'ed first, then the renames, in order
//                (a full disk fails before any rename: nothing changes, and the message says so)
//
// Targets must be absent or regular files: a symlink, device node, FIFO, socket or folder at the
// path is refused (renaming over /dev/null as root would replace the system's /dev/null). Temporary
// files are named `.NAME.tmp-PID-RANDOM`; a save removes the ones of the same NAME left behind by
// a gradstep process that no longer runs (killed mid-save).
// Non-goals: atomicity across a crash between the renames of a group (Checkpoint gives both files
// one save id, so load notices such a pair); Windows.

import Foundation

#if canImport(Glibc)
import Glibc
#endif

public enum AtomicFile {
    /// Replaces the file at `path` with `bytes` atomically. `op` names the operation in errors.
    public static func write(_ bytes: [UInt8], to path: String, op: String) throws {
        try write([(path, bytes)], op: op)
    }

    /// Replaces several files as one save: all are written to temporary files before any is
    /// renamed into place. On a write error nothing is replaced; the error says so.
    public static func write(_ files: [(path: String, bytes: [UInt8])], op: String) throws {
        for f in files { try checkTarget(f.path, op: op) }
        var temps: [String] = []
        func removeTemps() { for t in temps { unlink(t) } }
        for f in files {
            removeStaleTemporaries(of: f.path)
            do {
                temps.append(try writeTemporary(f.bytes, for: f.path, op: op))
            } catch let e as EngineError {
                removeTemps()
                let others =
                    files.count > 1
                    ? "; none of \(files.map { fileName(of: $0.path) }.joined(separator: ", ")) was "
                        + "replaced"
                    : ""
                throw EngineError(e.op, e.message + others, kind: e.kind)
            }
        }
        for (i, f) in files.enumerated() {
            guard rename(temps[i], f.path) == 0 else {
                let r = String(cString: strerror(errno))
                for t in temps[i...] { unlink(t) }
                let done = files[..<i].map(\.path)
                let state = done.isEmpty ? "nothing was replaced" : "already replaced: " + done.joined(separator: ", ")
                throw EngineError(op, "\(f.path): cannot rename the temporary file into place: \(r) (\(state))")
            }
        }
        for dir in Set(files.map { folder(of: $0.path) }) {
            let dfd = open(dir, O_RDONLY)
            if dfd >= 0 {
                _ = fsync(dfd)
                close(dfd)
            }
        }
    }

    /// Refuses a path that is not absent or a regular file, and paths Python would refuse.
    public static func checkTarget(_ path: String, op: String) throws {
        guard !path.isEmpty else { throw EngineError(op, "the path is empty") }
        guard !path.contains("\0") else { throw EngineError(op, "embedded null byte in the path") }
        guard !path.hasSuffix("/") else { throw EngineError(op, "\(path): is a folder path; give a file name") }
        let dir = folder(of: path)
        var st = stat()
        // stat, not FileManager: FileManager expands a leading `~`, which open() and rename() do not
        // (nor does Python's open: `~/x` names a folder `~` in the current one).
        guard stat(dir, &st) == 0 else {
            let hint = path.hasPrefix("~") ? " (~ is not expanded in paths; os.path.expanduser(path) does that)" : ""
            throw EngineError(
                op, "[Errno 2] No such file or directory: '\(path)': folder \(dir) does not exist\(hint)",
                kind: .fileNotFound)
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw EngineError(op, "\(path): \(dir) is not a folder") }
        guard lstat(path, &st) == 0 else { return }  // absent: fine
        let kind: String
        switch st.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: kind = "a symbolic link"
        case S_IFDIR: kind = "a folder"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        throw EngineError(op, "\(path) is \(kind); gradstep only replaces regular files (choose another path)")
    }

    /// The folder part of `path` as open() sees it ("." for a bare name). Not URL: URL expands a
    /// leading `~`, so the checks would look at the home folder while rename() uses `./~`.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func temporaryPrefix(for path: String) -> String {
        "." + fileName(of: path) + ".tmp-"
    }

    /// Writes `bytes` to a new temporary file next to `path`, fsync'ed; returns its path.
    static func writeTemporary(_ bytes: [UInt8], for path: String, op: String) throws -> String {
        let dir = folder(of: path)
        let tmp = dir + "/" + temporaryPrefix(for: path) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw EngineError(
                op, "\(path): cannot create a temporary file in \(dir): \(String(cString: strerror(errno)))")
        }
        var ok = true
        var reason = ""
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var done = 0
            while done < raw.count {
                let w = Glibc.write(fd, base + done, raw.count - done)
                if w < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    reason = String(cString: strerror(errno))
                    return
                }
                done += w
            }
        }
        if ok && fsync(fd) != 0 {
            ok = false
            reason = "fsync: " + String(cString: strerror(errno))
        }
        if close(fd) != 0 && ok {
            ok = false
            reason = "close: " + String(cString: strerror(errno))
        }
        guard ok else {
            unlink(tmp)
            throw EngineError(op, "\(path): write failed (\(reason)); the previous file, if any, is unchanged")
        }
        return tmp
    }

    /// Removes `.NAME.tmp-PID-RANDOM` files next to `path` whose process no longer runs.
    static func removeStaleTemporaries(of path: String) {
        let dir = folder(of: path), prefix = temporaryPrefix(for: path)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count).split(separator: "-")
            guard rest.count == 2, let pid = Int32(rest[0]), UInt32(rest[1]) != nil, pid > 0 else { continue }
            if pid == getpid() { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }  // still running (or not ours to judge)
            unlink(dir + "/" + name)
        }
    }
}
