// Progress.swift: which block each lesson's learner reached, kept in
// `$XDG_STATE_HOME/gradstep/progress` (default `~/.local/state/gradstep/progress`).
//
// Format, one lesson a line: `NAME<TAB>DONE<TAB>TOTAL[<TAB>SOLVED]` (blocks run so far, blocks in the
// lesson, and the numbers of the exercises the learner solved, comma-separated), e.g. `03-loss	4	9	1,2`.
// Files written before exercises existed (three fields) read as no exercise solved. Written atomically (temporary file
// + rename); an unreadable or malformed file counts
// as no progress. Non-goals: locking against two `learn` sessions at once (last write wins).
import Foundation

public struct ProgressStore {
    public let path: String
    public private(set) var entries: [String: (done: Int, total: Int)] = [:]
    /// The exercises solved, by lesson name (exercise numbers, 1-based).
    public private(set) var solved: [String: Set<Int>] = [:]

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
            if f.count == 3 || f.count == 4, let d = Int(f[1]), let t = Int(f[2]), d >= 0, t >= 0 {
                entries[f[0]] = (d, t)
                if f.count == 4 {
                    let numbers = f[3].split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
                    if !numbers.isEmpty { solved[f[0]] = Set(numbers) }
                }
            }
        }
    }

    public func done(_ lesson: String) -> Int { entries[lesson]?.done ?? 0 }

    /// The numbers of the exercises of `lesson` the learner solved.
    public func solvedExercises(_ lesson: String) -> Set<Int> { solved[lesson] ?? [] }

    /// Records that exercise `number` of `lesson` is solved, and writes the file.
    public mutating func recordSolved(_ lesson: String, exercise number: Int, total: Int) throws {
        solved[lesson, default: []].insert(number)
        try record(lesson, done: done(lesson), total: entries[lesson]?.total ?? total)
    }

    /// Records progress and writes the file. Throws `LessonError` naming the path when it cannot.
    /// A lesson once finished stays finished (`done` is the furthest block reached), so going through
    /// it again does not turn "done" back into "3/10 blocks".
    public mutating func record(_ lesson: String, done: Int, total: Int, furthest: Bool = false) throws {
        let before = entries[lesson]?.done ?? 0
        entries[lesson] = (furthest ? max(before, done) : done, total)
        let text =
            entries.sorted { $0.key < $1.key }.map { e -> String in
                var line = "\(e.key)\t\(e.value.done)\t\(e.value.total)"
                if let s = solved[e.key], !s.isEmpty {
                    line += "\t" + s.sorted().map(String.init).joined(separator: ",")
                }
                return line
            }.joined(separator: "\n") + "\n"
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw LessonError("cannot save progress to \(path): \(error.localizedDescription)")
        }
    }
}
