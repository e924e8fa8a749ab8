// Hostile input (issue 10): every case here once crashed, hung or allocated without limit. Each ends
// in a Python-style error (or Python's value) and the interpreter keeps its state.
import Foundation
import XCTest
import GradScript
import GradEngine

final class HostileInputTests: XCTestCase {
    /// Runs `src` and returns the ScriptError it raised (nil when it ran).
    func error(_ src: String, in interp: Interpreter = Interpreter()) -> ScriptError? {
        do { try interp.execute(src) } catch let e as ScriptError { return e } catch {
            XCTFail("not a ScriptError: \(error)")
        }
        return nil
    }

    /// Runs `src` and returns what it printed.
    func output(_ src: String, in interp: Interpreter = Interpreter()) throws -> String {
        var lines: [String] = []
        interp.output = { lines.append($0) }
        try interp.execute(src)
        return lines.joined(separator: "\n")
    }

    // MARK: the element limit holds for every form of an op (one check in the engine)

    func testElementLimitCoversMethodAndFunctionForms() throws {
        let interp = Interpreter()
        try interp.execute("a = torch.ones(20000, 1)\nb = torch.ones(1, 20000)\nx = torch.ones(16000, 16000)\nw = torch.ones(20000, 1)")
        let forms = ["a + b", "a.add(b)", "a.mul(b)", "a.sub(b)", "a.div(b)", "a == b", "a > b",
                     "torch.pow(a, b)", "torch.max(a, b)", "torch.matmul(a, b)", "a @ b",
                     "torch.cat([x, x, x, x])", "torch.stack([x, x, x, x])", "F.linear(a, w)"]
        for f in forms {
            let e = error("c = \(f)", in: interp)
            XCTAssertEqual(e?.kind, "MemoryError", "\(f): \(String(describing: e))")
            XCTAssertTrue(e?.message.contains("268435456") ?? false, "\(f): \(String(describing: e?.message))")
        }
        // The state is kept and ops under the limit still work.
        XCTAssertEqual(try output("print(a.add(a).shape)", in: interp), "torch.Size([20000, 1])")
        XCTAssertEqual(Tensor.maxElements, 1 << 32, "the interpreter restores the engine's limit after a run")
    }
}

extension HostileInputTests {
    // MARK: sequence repetition: no overflow trap, no endless loop

    func testSequenceRepetitionOverflowIsMemoryError() throws {
        let interp = Interpreter()
        try interp.execute("keep = 5")
        for src in ["r = [1, 2] * 2**62", "r = 2**62 * [1, 2]", "r = \"ab\" * 2**62", "r = (1, 2) * 2**62", "r = [1] * 9223372036854775807"] {
            XCTAssertEqual(error(src, in: interp)?.kind, "MemoryError", src)
        }
        XCTAssertEqual(try output("print(keep)", in: interp), "5")
    }

    func testEmptySequenceRepetitionIsImmediate() throws {
        let start = Date()
        XCTAssertEqual(try output("print([] * 10**15, '' * 2**62, 2**62 * '', () * 10**15, len([0] * 3))"), "[]   () 3")
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }
}
