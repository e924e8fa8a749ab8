// LineGrouper: piped input is split into commands by Python's file rule (indentation alone ends a
// block), and in linear time.
import XCTest

@testable import GradScript

final class LineGroupingTests: XCTestCase {
    func group(_ text: String) -> [[String]] {
        var g = LineGrouper()
        var out: [[String]] = []
        for line in text.components(separatedBy: "\n") { out += g.add(line).map(\.lines) }
        if let c = g.finish() { out.append(c.lines) }
        return out
    }

    func testBlankAndCommentLinesStayInsideABlock() {
        let src = "class A:\n    x = 1\n\n    # note\n    def f(self):\n        return 1\n\na = A()\nprint(a.f())"
        XCTAssertEqual(
            group(src),
            [
                ["class A:", "    x = 1", "", "    # note", "    def f(self):", "        return 1"],
                ["a = A()"], ["print(a.f())"],
            ])
    }

    func testElseDecoratorBracketsStringsAndBackslash() {
        XCTAssertEqual(
            group("if x: pass\nelse:\n    y = 2\nz = 3"), [["if x: pass", "else:", "    y = 2"], ["z = 3"]])
        XCTAssertEqual(group("@dec\ndef f():\n    pass\ng = 1"), [["@dec", "def f():", "    pass"], ["g = 1"]])
        XCTAssertEqual(group("x = [1,\n2]\ny = 1"), [["x = [1,", "2]"], ["y = 1"]])
        XCTAssertEqual(group("s = '''a\n\nb'''\nt = 1"), [["s = '''a", "", "b'''"], ["t = 1"]])
        XCTAssertEqual(group("x = 1 + \\\n2\ny = '#('"), [["x = 1 + \\", "2"], ["y = '#('"]])
    }

    func testLineNumbers() {
        var g = LineGrouper()
        var cs: [LineGrouper.Command] = []
        for l in ["", "a = 1", "", "def f():", "    pass", "", "b = 2"] { cs += g.add(l) }
        if let c = g.finish() { cs.append(c) }
        XCTAssertEqual(cs.map(\.firstLine), [2, 4, 7])
    }

    func testLongBodyIsLinear() {
        // 40,000 lines in one block: a quadratic grouper would take minutes.
        let lines = ["def f():"] + Array(repeating: "    x = 1", count: 40_000) + ["", "f()"]
        let start = Date()
        var g = LineGrouper()
        var n = 0
        for l in lines { n += g.add(l).count }
        if g.finish() != nil { n += 1 }
        XCTAssertEqual(n, 2)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    func testFStringErrorsArePlacedWhereTheyAre() throws {
        let interp = Interpreter()
        interp.output = { _ in }
        XCTAssertThrowsError(try interp.execute("x = 1\ny = 2\nprint(f'{x} and {y / 0}')", file: "f.py")) { error in
            let e = error as? ScriptError
            XCTAssertEqual(e?.kind, "ZeroDivisionError")
            XCTAssertEqual(e?.line, 3)
            XCTAssertEqual(e?.column, 20)
        }
        XCTAssertThrowsError(try interp.execute("a = 1\nprint(f'{a +}')", file: "g.py")) { error in
            XCTAssertEqual((error as? ScriptError)?.line, 2)
        }
        var printed: [String] = []
        interp.output = { printed.append($0) }
        try interp.execute("print(rf'\\n{1}\\t', f'\\x41{2}\\u00e9', f'{3!a}')")
        XCTAssertEqual(printed, ["\\n1\\t A2é 3"])
    }
}
