// PythonLanguageTests: programs of the Python that public beginner PyTorch material uses (files,
// string/unicodedata/typing, decorators, argparse, collections, generators, ...), in
// Fixtures/python, run as `gradstep run FILE.py` runs them; standard output, standard error and the
// exit status must equal CPython's, recorded next to each program by scripts/record-python-fixtures.sh.

import Foundation
import GradScript
import XCTest

final class PythonLanguageTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/python").path

    /// Runs one program as a script (its path in `__file__` and `sys.argv[0]`, no arguments).
    static func run(_ name: String) throws -> (stdout: String, stderr: String, status: Int32) {
        let path = dir + "/" + name + ".py"
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let interp = Interpreter()
        var out = "", err = ""
        interp.output = { out += $0 + "\n" }
        interp.errorOutput = { err += $0 }
        interp.argv = [path]
        interp.setGlobal("__file__", .string(path))
        var status: Int32 = 0
        do {
            _ = try interp.execute(source, file: path)
        } catch let e as ScriptError {
            if e.kind == "SystemExit", let code = e.exitStatus {
                status = code
            } else {
                err += e.pythonDescription { _, _ in nil } + "\n"
                status = 1
            }
        }
        out += interp.takePendingOutput()
        return (out, err, status)
    }

    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try PythonLanguageTests.run(name)
        func recorded(_ ext: String) throws -> String {
            try String(contentsOfFile: PythonLanguageTests.dir + "/" + name + "." + ext, encoding: .utf8)
        }
        let want = try recorded("out").split(separator: "\n", omittingEmptySubsequences: false)
        let got = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, (g, w)) in zip(got, want).enumerated() where g != w {
            XCTFail("\(name).py line \(i + 1):\n  gradstep: \(g)\n  CPython:  \(w)", file: file, line: line)
        }
        XCTAssertEqual(got.count, want.count, "\(name).py: number of lines\n\(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stderr, try recorded("err"), "\(name).py: standard error", file: file, line: line)
        XCTAssertEqual(
            "\(r.status)", try recorded("status").trimmingCharacters(in: .whitespacesAndNewlines),
            "\(name).py: exit status", file: file, line: line)
    }

    func testReadingFiles() throws { try check("files") }
    func testStringUnicodedataTyping() throws { try check("text_modules") }
    func testDecoratorsArgparsePrint() throws { try check("decorators_argparse") }
    func testWalrusScopesFormatting() throws { try check("walrus_scopes") }
    func testCollections() throws { try check("collections_deque") }
}
