// LessonLibrary.swift: where the lessons are and which file a name on the command line means.
//
// The lessons folder is, in order: `$GRADSTEP_LESSONS`; `lessons/` in the package the running binary
// was built in (walking up from the executable: `.build/release/gradstep` -> the package root);
// `lessons/` in the current directory. A lesson is named by a path to a file, by its number (`3`),
// by its file name with or without `.md` (`03-loss`), or by a unique prefix of the part after the
// number (`loss`). Non-goals: downloading lessons.
import Foundation

public enum LessonLibrary {
    /// The lessons folder, or a `LessonError` saying where it looked.
    public static func directory() throws -> String {
        let fm = FileManager.default
        func isDir(_ p: String) -> Bool {
            var d: ObjCBool = false
            return fm.fileExists(atPath: p, isDirectory: &d) && d.boolValue
        }
        if let env = ProcessInfo.processInfo.environment["GRADSTEP_LESSONS"], !env.isEmpty {
            guard isDir(env) else { throw LessonError("GRADSTEP_LESSONS=\(env) is not a folder") }
            return env
        }
        var looked: [String] = []
        if let exe = executablePath() {
            var dir = (exe as NSString).deletingLastPathComponent
            while dir.count > 1 {
                let candidate = (dir as NSString).appendingPathComponent("lessons")
                if isDir(candidate) && fm.fileExists(atPath: (dir as NSString).appendingPathComponent("Package.swift"))
                {
                    return candidate
                }
                dir = (dir as NSString).deletingLastPathComponent
            }
            looked.append("the package of \(exe)")
        }
        let cwd = (fm.currentDirectoryPath as NSString).appendingPathComponent("lessons")
        if isDir(cwd) { return "lessons" }
        looked.append(cwd)
        throw LessonError(
            "cannot find the lessons folder (looked in \(looked.joined(separator: " and "))); set GRADSTEP_LESSONS")
    }

    static func executablePath() -> String? {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return CommandLine.arguments.first.map { ($0 as NSString).standardizingPath }
    }

    /// Every lesson file in the folder (`*.md`, sorted by name), as paths.
    public static func all() throws -> [String] {
        let dir = try directory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let files = names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") && $0.lowercased() != "readme.md" }
            .sorted()
        return files.map { (dir as NSString).appendingPathComponent($0) }
    }

    /// The path of the lesson `name` names (see the file header), or a `LessonError` listing the lessons.
    public static func resolve(_ name: String) throws -> String {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: name, isDirectory: &isDir), !isDir.boolValue { return name }
        if name.contains("/") {
            throw LessonError("\(name): no such lesson file")
        }
        let paths = try all()
        let stems = paths.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        let key = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        if let i = stems.firstIndex(of: key) { return paths[i] }
        if let n = Int(key) {
            if let i = stems.firstIndex(where: { leadingNumber($0) == n }) { return paths[i] }
        } else {
            let hits = stems.indices.filter { afterNumber(stems[$0]).hasPrefix(key.lowercased()) }
            if hits.count == 1 { return paths[hits[0]] }
            if hits.count > 1 {
                throw LessonError("'\(name)' names several lessons: \(hits.map { stems[$0] }.joined(separator: ", "))")
            }
        }
        let list = stems.isEmpty ? "(none found)" : stems.joined(separator: ", ")
        throw LessonError("no lesson named '\(name)'; the lessons are: \(list)")
    }

    static func leadingNumber(_ stem: String) -> Int? { Int(stem.prefix { $0.isNumber }) }

    static func afterNumber(_ stem: String) -> String {
        var s = Substring(stem.lowercased())
        while let c = s.first, c.isNumber { s = s.dropFirst() }
        while let c = s.first, c == "-" || c == "_" { s = s.dropFirst() }
        return String(s)
    }
}
