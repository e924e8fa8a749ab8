// LayerTests: the layers hold. docs/ARCHITECTURE.md's table (between `layers:begin` and
// `layers:end`) says which modules each target may import. It must equal the dependencies
// Package.swift declares, and every `import` line of every Swift file under Sources/ must name a
// module its target may import (or a system module). The checker is also run on made-up bad input,
// so a checker that accepts everything fails here.
import Foundation
import XCTest

/// Parses the three sources and compares them.
enum LayerCheck {
    /// Modules any target may import.
    static let system: Set<String> = [
        "Foundation", "FoundationNetworking", "FoundationXML", "Glibc", "Darwin",
        "Synchronization", "Dispatch",
    ]

    /// target -> modules it may import, from the doc's table rows: | `Target` | ... | `A`, `B` |
    static func table(_ doc: String) throws -> [String: Set<String>] {
        guard let start = doc.range(of: "<!-- layers:begin"), let end = doc.range(of: "<!-- layers:end -->"),
            start.upperBound <= end.lowerBound
        else {
            throw CheckError("docs/ARCHITECTURE.md has no layers:begin/layers:end table")
        }
        var rules: [String: Set<String>] = [:]
        for line in doc[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 5 else { throw CheckError("malformed row: \(line)") }
            rules[names(cells[1]).first ?? ""] = Set(names(cells[3]))
        }
        return rules
    }

    /// The `backticked` names in a cell.
    static func names(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map {
            String($0.element)
        }
    }

    /// target -> dependencies, for the Swift targets of Package.swift (`.target`/`.executableTarget`
    /// whose sources are Swift: those named in the table).
    static func package(_ manifest: String, targets: Set<String>) throws -> [String: Set<String>] {
        var deps: [String: Set<String>] = [:]
        let pattern = try NSRegularExpression(
            pattern:
                #"\.(?:target|executableTarget)\(\s*name:\s*"(\w+)"(?:\s*,\s*dependencies:\s*\[([^\]]*(?:\][^\]]*)*?)"#
                + #"\])?"#
        )
        let ns = manifest as NSString
        for m in pattern.matches(in: manifest, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: m.range(at: 1))
            guard targets.contains(name) else { continue }
            var list = m.range(at: 2).location == NSNotFound ? "" : ns.substring(with: m.range(at: 2))
            list = list.replacingOccurrences(of: #"package:\s*"[^"]*""#, with: "", options: .regularExpression)
            let quoted = try NSRegularExpression(pattern: #""([\w-]+)""#)
            deps[name] = Set(
                quoted.matches(in: list, range: NSRange(location: 0, length: (list as NSString).length))
                    .map { (list as NSString).substring(with: $0.range(at: 1)) })
        }
        return deps
    }

    /// Modules imported by one Swift file (`import X`, `@preconcurrency import X`, `import struct X.Y`).
    /// Lines inside multi-line string literals (`"""` ... `"""`, e.g. Python code) are not imports.
    static func imports(_ source: String) -> [String] {
        var inString = false
        return source.split(separator: "\n", omittingEmptySubsequences: false).compactMap { raw in
            let quotes = raw.components(separatedBy: "\"\"\"").count - 1
            defer { if quotes % 2 == 1 { inString.toggle() } }
            guard !inString else { return nil }
            var words = raw.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
            while let w = words.first, w.hasPrefix("@") { words.removeFirst() }
            guard words.first == "import", words.count >= 2 else { return nil }
            let kinds: Set<String> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"]
            let path = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
            return String(path.split(separator: ".").first ?? "")
        }
    }

    /// Every import of `files` (target -> [(file, source)]) that its target may not make.
    static func violations(_ files: [String: [(String, String)]], rules: [String: Set<String>]) -> [String] {
        var out: [String] = []
        for (target, list) in files.sorted(by: { $0.key < $1.key }) {
            guard let allowed = rules[target] else {
                out.append("\(target): not in docs/ARCHITECTURE.md's table")
                continue
            }
            for (file, source) in list {
                for module in imports(source)
                where !allowed.contains(module) && !system.contains(module) && module != target {
                    out.append(
                        "\(file): imports \(module), which \(target) may not (allowed: "
                            + "\(allowed.sorted().joined(separator: ", ")))"
                    )
                }
            }
        }
        return out
    }

    struct CheckError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}

final class LayerTests: XCTestCase {
    /// The package root (this file is Tests/LayerTests/LayerTests.swift).
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    /// Swift files of every Swift target under Sources/ (recursively).
    func sourceFiles() throws -> [String: [(String, String)]] {
        var files: [String: [(String, String)]] = [:]
        let fm = FileManager.default
        for target in try fm.contentsOfDirectory(atPath: root + "/Sources").sorted() {
            guard let walk = fm.enumerator(atPath: root + "/Sources/" + target) else { continue }
            for case let path as String in walk where path.hasSuffix(".swift") {
                let rel = "Sources/\(target)/\(path)"
                files[target, default: []].append((rel, try read(rel)))
            }
        }
        return files
    }

    func testDocTableEqualsPackageSwift() throws {
        let rules = try LayerCheck.table(try read("docs/ARCHITECTURE.md"))
        XCTAssertGreaterThanOrEqual(rules.count, 7, "the table lists every Swift target")
        let declared = try LayerCheck.package(try read("Package.swift"), targets: Set(rules.keys))
        XCTAssertEqual(Set(declared.keys), Set(rules.keys), "every target of the table is declared in Package.swift")
        for (target, allowed) in rules.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(declared[target], allowed, "\(target): Package.swift's dependencies vs docs/ARCHITECTURE.md")
        }
    }

    func testEveryImportFollowsTheLayers() throws {
        let rules = try LayerCheck.table(try read("docs/ARCHITECTURE.md"))
        let files = try sourceFiles()
        let swiftTargets = Set(files.keys)
        XCTAssertTrue(
            swiftTargets.isSuperset(of: ["GradEngine", "GradScript", "GradConsole", "GradLessons", "gradstep"]))
        XCTAssertEqual(LayerCheck.violations(files, rules: rules), [])
        // Sibling rule, stated on its own: lessons and console never import each other.
        XCTAssertFalse(rules["GradLessons", default: []].contains("GradConsole"))
        XCTAssertFalse(rules["GradConsole", default: []].contains("GradLessons"))
        XCTAssertFalse(
            rules["GradRender", default: []].contains("GradScript"), "the renderers know nothing of the language")
    }

    /// One Ctrl-C mechanism, the front end's: no library target installs a signal handler or ends
    /// the process (gradstep/Interrupts.swift does the first; the CLI's commands return exit statuses).
    func testOnlyTheCLIInstallsSignalHandlersOrExits() throws {
        let forbidden = try NSRegularExpression(
            pattern: #"gs_signals_install\(|sigaction\(|\bsignal\(SIG|(^|[^.\w])(exit|_exit|abort)\(\s*\d"#)
        var found: [String] = []
        for (target, list) in try sourceFiles() where target != "gradstep" {
            for (file, source) in list {
                for (n, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = String(
                        line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                    if forbidden.firstMatch(in: code, range: NSRange(location: 0, length: (code as NSString).length))
                        != nil
                    {
                        found.append("\(file):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        XCTAssertEqual(found, [])
        XCTAssertTrue(try read("Sources/gradstep/Interrupts.swift").contains("gs_signals_install()"))
    }

    /// The checker itself: it finds a sideways import, an unknown target and every import form.
    func testCheckerCatchesViolations() throws {
        let rules: [String: Set<String>] = ["GradLessons": ["GradRender"], "GradRender": []]
        let files: [String: [(String, String)]] = [
            "GradLessons": [
                (
                    "Sources/GradLessons/A.swift",
                    "import Foundation\nimport GradRender\n@preconcurrency import GradConsole\n"
                        + "let py = \"\"\"\nimport torch\n\"\"\"\n"
                )
            ],
            "GradRender": [
                (
                    "Sources/GradRender/B.swift",
                    "// import GradScript in a comment is not an import\nimport struct GradScript.Value\n"
                )
            ],
            "Mystery": [("Sources/Mystery/C.swift", "")],
        ]
        XCTAssertEqual(
            LayerCheck.violations(files, rules: rules),
            [
                "Sources/GradLessons/A.swift: imports GradConsole, which GradLessons may not (allowed: GradRender)",
                "Sources/GradRender/B.swift: imports GradScript, which GradRender may not (allowed: )",
                "Mystery: not in docs/ARCHITECTURE.md's table",
            ])
        let manifest = """
            .target(name: "GradRender", dependencies: ["GradEngine"]),
            .executableTarget(name: "gradstep", dependencies: [
                "GradLessons",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
            .target(name: "GradEngine"),
            """
        XCTAssertEqual(
            try LayerCheck.package(manifest, targets: ["GradRender", "gradstep", "GradEngine"]),
            ["GradRender": ["GradEngine"], "gradstep": ["GradLessons", "ArgumentParser"], "GradEngine": []])
    }
}
