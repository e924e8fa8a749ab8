// LocalImportTests: a script imports a module of the user's from its own folder (sys.path[0]), in a
// fresh temporary folder: the module runs once, its errors carry its file and line, a circular
// import gets the partly run module as in Python, and a module that fails is not kept. (The rest is
// compared with CPython in PythonLanguageTests, local_imports.py.)

import Foundation
import GradScript
import XCTest

final class LocalImportTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "gradstep-imports-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func write(_ name: String, _ text: String) throws {
        try text.write(toFile: dir + "/" + name, atomically: false, encoding: .utf8)
    }

    /// Runs `source` as the script `main.py` of the folder; returns its output and its error, if any.
    private func run(_ source: String) throws -> ([String], ScriptError?) {
        try write("main.py", source)
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        interp.setGlobal("__file__", .string(dir + "/main.py"))
        do {
            _ = try interp.execute(source, file: dir + "/main.py")
        } catch let e as ScriptError {
            return (out, e)
        }
        return (out, nil)
    }

    func testModuleNextToTheScriptRunsOnceAndReportsItsOwnLines() throws {
        try write(
            "helper.py",
            "import math\nprint('loading helper', __name__)\n\ndef area(r):\n    return math.pi * r * r\n\n"
                + "def broken():\n    return 1 / 0\n")
        let (out, err) = try run(
            "import helper\nimport helper as h\nfrom helper import area\nprint(round(area(2), 3), h is helper)\n"
                + "helper.broken()\n")
        XCTAssertEqual(out, ["loading helper helper", "12.566 True"])
        XCTAssertEqual(err?.kind, "ZeroDivisionError")
        XCTAssertEqual(err?.frames.last?.file, dir + "/helper.py")
        XCTAssertEqual(err?.frames.last?.line, 8)
        XCTAssertEqual(err?.frames.last?.function, "broken")
    }

    func testCircularImportsAndFailingModules() throws {
        try write("a.py", "import b\nX = 1\n")
        try write("b.py", "import a\nY = 2\n")
        let (out, err) = try run("import a\nprint(a.X, a.b.Y, a.b.a is a)\n")
        XCTAssertNil(err)
        XCTAssertEqual(out, ["1 2 True"])

        try write("bad.py", "print('bad runs')\nraise ValueError('no')\n")
        let (out2, err2) = try run(
            "for i in range(2):\n    try:\n        import bad\n    except ValueError as e:\n        print(e)\n")
        XCTAssertNil(err2)
        // a module that failed is not kept: the second import runs it again, as in Python
        XCTAssertEqual(out2, ["bad runs", "no", "bad runs", "no"])

        try write("syntax.py", "def f(:\n")
        let (_, err3) = try run("import syntax\n")
        XCTAssertEqual(err3?.kind, "SyntaxError")
    }
}
