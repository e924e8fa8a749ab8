import GradEngine
import GradScript
// Error messages: syntax errors with a caret and an expectation, runtime errors with the failing op,
// the place and a short traceback, suggestions for misspelt names, recursion and nesting limits,
// interrupts and step budgets.
import XCTest

final class ErrorTests: XCTestCase {
    func error(_ src: String, file: String = "lesson.md", setup: String = "") -> ScriptError? {
        let interp = Interpreter()
        do {
            if !setup.isEmpty { try interp.execute(setup) }
            try interp.execute(src, file: file)
        } catch let e as ScriptError {
            return e
        } catch {
            XCTFail("not a ScriptError: \(error)")
        }
        return nil
    }

    func testSyntaxErrorShowsCaret() throws {
        let e = try XCTUnwrap(error("for i in range(3)\n    print(i)"))
        XCTAssertEqual(e.kind, "SyntaxError")
        XCTAssertEqual(
            e.description,
            """
            lesson.md:1:18: SyntaxError: expected ':' after 'for' statement, got end of line
                for i in range(3)
                                 ^
            """)
        let e2 = try XCTUnwrap(error("x = (1 + 2"))
        XCTAssertEqual(e2.message, "'(' was never closed")
        XCTAssertEqual(e2.column, 5)
        let e3 = try XCTUnwrap(error("if x = 3:\n    pass"))
        XCTAssertTrue(e3.message.contains("use '=='"), e3.message)
        let e4 = try XCTUnwrap(error("def f():\nreturn 1"))
        XCTAssertEqual(e4.kind, "IndentationError")
    }

    func testUnknownNameSuggestion() throws {
        let e = try XCTUnwrap(error("x = torch.ones(2)\ny = reul(x)"))
        XCTAssertEqual(e.message, "name 'reul' is not defined; did you mean 'relu'?")
        XCTAssertEqual(e.line, 2)
        XCTAssertEqual(e.column, 5)
        let e2 = try XCTUnwrap(error("F.max_pol2d(torch.ones(1, 1, 4, 4), 2)"))
        XCTAssertTrue(e2.message.contains("did you mean 'F.max_pool2d'"), e2.message)
        let e3 = try XCTUnwrap(error("torch.ones(2).szie()"))
        XCTAssertTrue(e3.message.contains("did you mean 'size'"), e3.message)
    }

    /// The `<module>` entry names the statement that made the call, not the `if`/`for` around it
    /// (Python: `if __name__ == "__main__":` then `main()` on the next line is where the traceback points).
    func testModuleFrameIsTheInnermostStatement() throws {
        let src = """
            def main():
                return 1 / 0

            if True:
                x = 1
                main()
            """
        let e = try XCTUnwrap(error(src))
        XCTAssertEqual(e.traceback, ["lesson.md:6 in <module>", "lesson.md:2 in main"])
        let loop = """
            def f(i):
                return [1][i]

            for i in range(3):
                y = i
                f(i)
            """
        XCTAssertEqual(try XCTUnwrap(error(loop)).traceback, ["lesson.md:6 in <module>", "lesson.md:2 in f"])
    }

    func testRuntimeErrorNamesOpAndTraceback() throws {
        let src = """
            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc1 = nn.Linear(320, 50)

                def forward(self, x):
                    x = F.max_pool2d(x, 2)
                    return self.fc1(x)

            net = Net()
            out = net(torch.randn(100, 320))
            """
        let e = try XCTUnwrap(error(src))
        XCTAssertEqual(e.line, 7)
        XCTAssertTrue(e.message.contains("max_pool2d"), e.message)
        XCTAssertTrue(e.message.contains("[100, 320]"), e.message)
        XCTAssertEqual(e.traceback, ["lesson.md:11 in <module>", "lesson.md:7 in forward"])
        XCTAssertTrue(
            e.description.hasSuffix(
                "lesson.md:7:13: RuntimeError: F.max_pool2d: expected a 4-D input [N, C, H, W], got [100, 320]\n       "
                    + "     x = F.max_pool2d(x, 2)\n                ^"
            ), e.description)
    }

    func testCommonMistakes() throws {
        XCTAssertEqual(error("1 / 0")?.kind, "ZeroDivisionError")
        XCTAssertEqual(error("[1, 2][5]")?.message, "list index out of range")
        XCTAssertEqual(error("a, b = [1, 2, 3]")?.message, "too many values to unpack (expected 2)")
        XCTAssertEqual(
            error("def f(a):\n    return a\nf(1, 2)")?.message, "f() takes 1 positional argument but 2 were given")
        XCTAssertEqual(
            error("nn.Linear(2, 3, bais=False)")?.message,
            "Linear.__init__() got an unexpected keyword argument 'bais'; did you mean 'bias'?")
        XCTAssertEqual(error("torch.ones(2, 3) @ torch.ones(2, 3)")?.kind, "RuntimeError")
        XCTAssertEqual(error("w = torch.ones(2, requires_grad=True)\nw -= 1")?.kind, "RuntimeError")
        XCTAssertEqual(error("if torch.ones(3):\n    pass")?.kind, "RuntimeError")
        XCTAssertEqual(error("2 ** 100")?.kind, "OverflowError")
        XCTAssertEqual(error("torch.zeros(100000, 100000)")?.kind, "MemoryError")
        XCTAssertEqual(error("import sklearn")?.kind, "ModuleNotFoundError")
        // pandas imports (tutorials import it for code paths they do not run) but refuses every call.
        XCTAssertEqual(error("import pandas as pd\npd.read_csv('labels.csv')")?.kind, "NotImplementedError")
        // trainer over a DataLoader of a Python dataset (fit and evaluate take one): said as such, not
        // "must be a DataLoader, not DataLoader".
        let fitError = error(
            "from torch.utils.data import TensorDataset, DataLoader\n"
                + "loader = DataLoader(TensorDataset(torch.ones(4, 2), torch.zeros(4)), batch_size=2)\n"
                + "m = nn.Linear(2, 2)\ntrainer(m, optim.SGD(m.parameters(), lr=0.1), loader)")
        XCTAssertEqual(fitError?.kind, "TypeError")
        XCTAssertTrue(
            fitError?.message.hasPrefix("trainer(): loader is a DataLoader over a Python dataset") ?? false,
            fitError?.message ?? "no error")
    }

    func testRecursionAndNesting() throws {
        let e = try XCTUnwrap(error("def f(n):\n    return f(n + 1)\nf(0)"))
        XCTAssertEqual(e.kind, "RecursionError")
        XCTAssertLessThanOrEqual(e.traceback.count, 9)
        // Every level of the recursion nests a large expression: the stack guard, not the call limit, stops it.
        let nestedCall = "f(n + 1)"
        let wide = String(repeating: "(", count: 50) + nestedCall + String(repeating: ")", count: 50)
        let e2 = try XCTUnwrap(error("def f(n):\n    return 1 + \(wide)\nf(0)"))
        XCTAssertEqual(e2.kind, "RecursionError")
        // The same on a thread with a small stack.
        final class Result: @unchecked Sendable { var kind = "" }
        let result = Result()
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            let interp = Interpreter()
            do { try interp.execute("def g(n):\n    return 1 + g(n + 1)\ng(0)") } catch let e as ScriptError {
                result.kind = e.kind
            } catch {}
            done.signal()
        }
        t.stackSize = 512 << 10
        t.start()
        done.wait()
        XCTAssertEqual(result.kind, "RecursionError")
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        XCTAssertEqual(error(deep)?.kind, "SyntaxError")
        // A flat chain is not nesting: Python runs it, and so does gradstep (issue 10).
        let long = "x = " + Array(repeating: "1", count: 50000).joined(separator: " + ")
        XCTAssertNil(error(long))
        let nestedBlocks =
            (0..<300).map { String(repeating: "    ", count: $0) + "if True:" }.joined(separator: "\n") + "\n"
            + String(repeating: "    ", count: 300) + "pass"
        XCTAssertEqual(error(nestedBlocks)?.kind, "SyntaxError")
    }

    func testStepLimitAndInterrupt() throws {
        let interp = Interpreter()
        interp.stepLimit = 10_000
        XCTAssertThrowsError(try interp.execute("while True:\n    pass")) { e in
            XCTAssertEqual((e as? ScriptError)?.kind, "StepLimitExceeded")
        }
        interp.stepLimit = nil
        try interp.execute("n = 0")
        let t = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            interp.interrupt()
        }
        t.start()
        XCTAssertThrowsError(try interp.execute("while True:\n    n += 1")) { e in
            XCTAssertEqual((e as? ScriptError)?.kind, "KeyboardInterrupt")
        }
        // Variables keep their values and the next command works.
        guard case .int(let n)? = interp.global("n") else { return XCTFail("n lost") }
        XCTAssertGreaterThan(n, 0)
        XCTAssertEqual(try interp.execute("n - n")?.repr, "0")
    }

    func testIsComplete() {
        XCTAssertFalse(Interpreter.isComplete("for i in range(3):"))
        XCTAssertFalse(Interpreter.isComplete("for i in range(3):\n    print(i)"))
        XCTAssertTrue(Interpreter.isComplete("for i in range(3):\n    print(i)\n"))
        XCTAssertFalse(Interpreter.isComplete("x = (1 +"))
        XCTAssertFalse(Interpreter.isComplete("s = '''abc"))
        XCTAssertTrue(Interpreter.isComplete("x = 1"))
        XCTAssertTrue(Interpreter.isComplete("x = )"))
    }

    func testCompletions() throws {
        let interp = Interpreter()
        try interp.execute(
            "x = torch.ones(2, requires_grad=True)\nnet = nn.Sequential(nn.Linear(2, 2))\nclass N(nn.Module):\n    def "
                + "__init__(self):\n        super().__init__()\n        self.conv1 = nn.Conv2d(1, 2, 3)\nmodel = N()"
        )
        XCTAssertTrue(interp.completions(for: "x.gr").contains("x.grad"))
        XCTAssertTrue(interp.completions(for: "torch.ze").contains("torch.zeros"))
        XCTAssertTrue(interp.completions(for: "F.max_").contains("F.max_pool2d"))
        XCTAssertTrue(interp.completions(for: "model.con").contains("model.conv1"))
        XCTAssertTrue(interp.completions(for: "nn.Conv2d(1, 10, ker").contains("kernel_size="))
        XCTAssertTrue(interp.completions(for: "mod").contains("model"))
    }
}
