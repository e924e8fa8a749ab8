import GradScript
// Parser tests through the public API: the grammar accepts Python's shapes of code and reports
// what it expected where it did not.
import XCTest

final class ParserTests: XCTestCase {
    func value(_ src: String) throws -> String { try Interpreter().execute(src)?.repr ?? "None" }

    func testExpressionsAndPrecedence() throws {
        XCTAssertEqual(try value("2 + 3 * 4 ** 2 // 5"), "11")
        XCTAssertEqual(try value("-2 ** 2"), "-4")
        XCTAssertEqual(try value("not 1 == 2 and 3 > 2"), "True")
        XCTAssertEqual(try value("1 if 2 > 3 else 4"), "4")
        XCTAssertEqual(try value("(lambda a, b=2: a * b)(3)"), "6")
        XCTAssertEqual(try value("[x for x in range(6) if x % 2][1:]"), "[3, 5]")
        XCTAssertEqual(try value("'abc'[::-1]"), "'cba'")
        XCTAssertEqual(try value("x = 3\nx += 1; x *= 2\nx"), "8")
        XCTAssertEqual(try value("a = [1, 2]\nb = (\n  a +\n  [3]\n)\nb"), "[1, 2, 3]")
        XCTAssertEqual(try value("x = 1 + \\\n  2\nx"), "3")
    }

    func testStatements() throws {
        XCTAssertEqual(
            try value(
                """
                total = 0
                for step, (a, b) in enumerate([(1, 2), (3, 4)]):
                    if step == 0:
                        total += a
                    elif b > 3:
                        total += b * 10
                    else:
                        pass
                total
                """), "41")
        XCTAssertEqual(
            try value(
                """
                class A:
                    scale = 2
                    def __init__(self, v):
                        self.v = v
                    def get(self):
                        return self.v * self.scale
                class B(A):
                    def get(self):
                        return super().get() + 1
                B(5).get()
                """), "11")
        XCTAssertEqual(try value("import torch.nn as nn2\nfrom torch import optim as o\nnn2.ReLU()"), "ReLU()")
        XCTAssertEqual(
            try value("with torch.no_grad():\n    y = torch.ones(2, requires_grad=True) * 2\ny.requires_grad"), "False")
    }

    func testSyntaxErrors() {
        func err(_ s: String) -> String {
            do {
                _ = try Interpreter().execute(s)
                return ""
            } catch { return "\(error)" }
        }
        XCTAssertTrue(err("x = = 1").contains("expected an expression, got '='"))
        XCTAssertTrue(err("def f(:):\n  pass").contains("expected a name for a parameter"))
        XCTAssertTrue(err("print('a'").contains("'(' was never closed"))
        XCTAssertTrue(err("x = 'abc").contains("unterminated string literal"))
        XCTAssertTrue(err("  x = 1").contains("unexpected indent"))
        XCTAssertTrue(err("f(a=1, 2)").contains("positional argument follows keyword argument"))
        XCTAssertTrue(err("1 = x").contains("cannot assign to literal"))
    }
}
