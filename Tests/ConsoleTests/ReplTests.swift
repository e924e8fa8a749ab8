// In-process tests of the REPL loop: echo, blocks, Ctrl-C at the prompt, commands, the
// gradient-accumulation note, rich output (pictures, charts, :svg) and fit's progress lines.
// Input comes from a ScriptedReader and both output streams are captured.

import Foundation
import GradConsole
import GradScript
import XCTest

final class ReplTests: XCTestCase {
    /// Runs `lines` (nil = Ctrl-C) and returns (stdout, stderr, status).
    private func run(_ lines: [String?], interactive: Bool = false) -> (String, String, Int32) {
        var out = "", err = ""
        let console = ConsoleOutput(out: { out += $0 }, err: { err += $0 })
        let repl = REPL(interpreter: Interpreter(), reader: ScriptedReader(lines, interactive: interactive),
                        output: console, capabilities: .plain, history: nil)
        repl.banner = "hello"
        let status = repl.run()
        return (out, err, status)
    }

    func testEchoAndBlocks() {
        let (out, err, status) = run(["a = [1, 2]", "a", "if len(a) == 2:", "    print('two')", "else:", "    print('?')", "", "'s'"])
        XCTAssertEqual(out, "[1, 2]\ntwo\n's'\n")
        XCTAssertEqual(err, "")
        XCTAssertEqual(status, 0)
    }

    func testCtrlCDropsThePartialBlock() {
        let (out, _, status) = run(["for i in range(3):", "    print(i)", nil, "1 + 1"], interactive: true)
        XCTAssertEqual(out, "hello\n2\n\n")  // banner, value, newline at end of input
        XCTAssertEqual(status, 0)
    }

    func testInteractiveFailuresDoNotChangeTheStatus() {
        let (_, err, status) = run(["nope"], interactive: true)
        XCTAssertTrue(err.contains("NameError"), err)
        XCTAssertEqual(status, 0)
    }

    func testVarsAndShowAndGraph() {
        let (out, err, status) = run([
            "w = torch.tensor([1.0, -2.0], requires_grad=True)",
            "y = (w * w).sum()",
            ":vars",
            ":graph y",
            "y.backward()",
            ":graph y",
            ":show w",
        ])
        XCTAssertEqual(err, "")
        XCTAssertEqual(status, 0)
        XCTAssertEqual(out, """
        name  type    shape / value  gradient
        w     Tensor  [2]            requires grad, no grad yet
        y     Tensor  []             requires grad (grad_fn=sum)
        sum []
        └── mul [2]
            ├── #1 w (leaf) [2]
            └── ↑ #1 w (shown above)
        sum [] ‖grad‖ 1
        └── mul [2] ‖grad‖ 1.414
            ├── #1 w (leaf) [2] ‖grad‖ 4.472
            └── ↑ #1 w (shown above)
        tensor([ 1., -2.], requires_grad=True)
        w: shape [2], float32, requires_grad=True
        values: min -2  max 1  mean -0.5  std 2.121
        grad:   min -4  max 2  mean -1  std 4.243  norm 4.472

        """)
    }

    func testAccumulationNoteIsShownOnce() {
        let (out, err, _) = run([
            "w = torch.tensor([1.0, 2.0], requires_grad=True)",
            "(w * w).sum().backward()",
            "(w * w).sum().backward()",
            "w.grad",
            "(w * w).sum().backward()",
            "w.grad = None",
            "(w * w).sum().backward()",
        ])
        XCTAssertEqual(out, "tensor([4., 8.])\n")
        XCTAssertEqual(err.components(separatedBy: "note: backward() added to gradients that were already there (w.grad)").count - 1, 1, err)
    }

    func testZeroGradBetweenBackwardsGivesNoNote() {
        let (_, err, _) = run([
            "net = nn.Linear(2, 1)",
            "opt = optim.SGD(net.parameters(), lr=0.1)",
            "x = torch.ones(3, 2)",
            "net(x).sum().backward()",
            "opt.zero_grad()",
            "net(x).sum().backward()",
        ])
        XCTAssertEqual(err, "")
    }

    func testPicturesChartsAndSVG() throws {
        let path = NSTemporaryDirectory() + "gradstep-repl-\(UUID().uuidString).svg"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (out, err, status) = run([
            "show(torch.tensor([[0.0, 1.0], [1.0, 0.0]]), title='checker')",
            "plot([3.0, 2.0, 1.5, 1.2], title='loss')",
            ":svg \(path)",
        ])
        XCTAssertEqual(err, "")
        XCTAssertEqual(status, 0)
        // The 2×2 picture is enlarged ×8 (16 columns, 8 lines).
        let top = String(repeating: " ", count: 8) + String(repeating: "@", count: 8)
        let bottom = String(repeating: "@", count: 8) + String(repeating: " ", count: 8)
        let picture = Array(repeating: top, count: 4) + Array(repeating: bottom, count: 4)
        XCTAssertTrue(out.hasPrefix((["checker"] + picture + ["0 [ .:-=+*#%@] 1", "loss"]).joined(separator: "\n")), out)
        XCTAssertTrue(out.hasSuffix("saved \(path)\n"), out)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(svg.contains("<polyline"), svg)
    }

    func testSvgWithoutChartFails() {
        let (_, err, status) = run([":svg /tmp/x.svg"])
        XCTAssertTrue(err.contains("no chart drawn yet"), err)
        XCTAssertEqual(status, 1)
    }

    func testHelpForABuiltin() {
        let (out, _, status) = run([":help zeros"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains("zeros("), out)
        XCTAssertTrue(out.contains("Example:"), out)
    }
}
