// Progress.swift: which block each lesson's learner reached, kept in
// `$XDG_STATE_HOME/gradstep/progress` (default `~/.local/state/gradstep/progress`).
//
// Format, one lesson a line: `NAME<TAB>DONE<TAB>TOTAL` (blocks run so far, blocks in the lesson), e.g.
// `03-loss	4	9`. Written atomically (temporary file + rename); an unreadable or malformed file counts
// as no progress. Non-goals: locking against two `learn` sessions at once (last write wins).
import Foundation

public struct ProgressStore {
    public let path: String
    public private(set) var entries: [String: (done: Int, total: Int)] = [:]

    /// The default path from the environment.
    public static func defaultPath(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let x = env["XDG_STATE_HOME"], x.hasPrefix("/") {
            base = x
        } else {
            let home = env["HOME"] ?? NSHomeDirectory()
            base = (home as NSString).appendingPathComponent(".local/state")
        }
        return (base as NSString).appendingPathComponent("gradstep/progress")
    }

    public init(path: String = ProgressStore.defaultPath()) {
        self.path = path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t").map(String.init)
            if f.count == 3, let d = Int(f[1]), let t = Int(f[2]), d >= 0, t >= 0 { entries[f[0]] = (d, t) }
        }
    }

    public func done(_ lesson: String) -> Int { entries[lesson]?.done ?? 0 }

    /// Records progress and writes the file. Throws `LessonError` naming the path when it cannot.
    public mutating func record(_ lesson: String, done: Int, total: Int) throws {
        entries[lesson] = (done, total)
        let text = entries.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value.done)\t\($0.value.total)" }.joined(separator: "\n") + "\n"
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw LessonError("cannot save progress to \(path): \(error.localizedDescription)")
        }
    }
}
