// History: the REPL's command history, kept across sessions.
//
// The file is `$XDG_STATE_HOME/gradstep/history` (default `~/.local/state/gradstep/history`),
// or `$GRADSTEP_HISTORY` when set (an empty value turns saving off). One line per entry, in
// readline's format; each accepted line is appended as it is entered, so a crash loses nothing,
// and the file is cut to the last `capacity` lines when the REPL starts. A file that cannot be
// read or written produces one warning, then the REPL goes on without saving.
//
// Non-goals: timestamps, de-duplication across sessions, history search (readline does Ctrl-R).

import CConsoleSupport
import Foundation

public final class History {
    /// Where history is saved, or nil when saving is off.
    public let path: String?
    /// Most entries kept in memory and in the file.
    public let capacity: Int
    private var warned = false
    private let warn: (String) -> Void

    /// The default history file for `environment`.
    public static func defaultPath(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = env["GRADSTEP_HISTORY"] { return explicit.isEmpty ? nil : explicit }
        if let state = env["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/gradstep/history"
        }
        guard let home = env["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/gradstep/history"
    }

    /// - Parameter warn: receives the single warning (default: standard error).
    public init(path: String? = History.defaultPath(), capacity: Int = 1000, warn: ((String) -> Void)? = nil) {
        self.path = path
        self.capacity = max(1, capacity)
        self.warn = warn ?? { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    }

    /// Loads the saved history into readline (and trims the file to `capacity`).
    public func load() {
        gs_history_stifle(Int32(capacity))
        guard let path else { return }
        guard FileManager.default.fileExists(atPath: path) else { return }
        let readError = gs_history_read(path)
        if readError != 0 {
            warnOnce("cannot read history file \(path): \(String(cString: strerror(readError)))")
            return
        }
        let e = gs_history_truncate(path, Int32(capacity))
        if e != 0 {
            warnOnce("cannot write history file \(path): \(String(cString: strerror(e))); history will not be saved")
        }
    }

    /// Adds a line to the in-memory history and appends it to the file.
    public func add(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        gs_history_add(line)
        save()
    }

    /// The entries in memory, oldest first.
    public var entries: [String] {
        (0..<Int(gs_history_length())).compactMap { gs_history_get(Int32($0)).map { String(cString: $0) } }
    }

    private func save() {
        guard let path, !warned else { return }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                warnOnce(
                    "cannot create history folder \(dir): \(History.reason(creating: dir, error)); history will not be "
                        + "saved"
                )
                return
            }
        }
        let e = gs_history_append(path, 1)
        if e != 0 {
            warnOnce("cannot write history file \(path): \(String(cString: strerror(e))); history will not be saved")
        }
    }

    /// Why `dir` could not be created, in words: a file in the way, or the system's message
    /// (Foundation's own text is "The operation could not be completed").
    static func reason(creating dir: String, _ error: Error) -> String {
        var p = dir
        while !p.isEmpty && p != "/" {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir) {
                return isDir.boolValue ? "no permission to create folders in \(p)" : "\(p) is a file, not a folder"
            }
            p = (p as NSString).deletingLastPathComponent
        }
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }

    private func warnOnce(_ message: String) {
        guard !warned else { return }
        warned = true
        warn("gradstep: warning: " + message)
    }
}
