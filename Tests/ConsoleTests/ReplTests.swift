// In-process tests of the REPL loop: echo, blocks, Ctrl-C at the prompt, commands, the
// gradient-accumulation note, rich output (pictures, charts, :svg) and fit's progress lines.
// Input comes from a ScriptedReader and both output streams are captured.

import Foundation
import GradConsole
import GradEngine
import GradScript
import XCTest

final class ReplTests: XCTestCase {
    /// Runs `lines` (nil = Ctrl-C) and returns (stdout, stderr, status).
    private func run(_ lines: [String?], interactive: Bool = false) -> (String, String, Int32) {
        var out = "", err = ""
        let console = ConsoleOutput(out: { out += $0 }, err: { err += $0 })
        let repl = REPL(
            interpreter: Interpreter(), reader: ScriptedReader(lines, interactive: interactive),
            output: console, capabilities: .plain, history: nil)
        repl.banner = "hello"
        let status = repl.run()
        return (out, err, status)
    }

    func testEchoAndBlocks() {
        let (out, err, status) = run([
            "a = [1, 2]", "a", "if len(a) == 2:", "    print('two')", "else:", "    print('?')", "", "'s'",
        ])
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
        XCTAssertEqual(
            out,
            """
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
        XCTAssertEqual(
            err.components(separatedBy: "note: backward() added to gradients that were already there (w.grad)").count
                - 1, 1, err)
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
        XCTAssertTrue(
            out.hasPrefix((["checker"] + picture + ["0 [ .:-=+*#%@] 1", "loss"]).joined(separator: "\n")), out)
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

    // MARK: audit fixes

    func testFloorDivisionAndRemainderOnTensors() {
        let (out, err, status) = run([
            "a = torch.tensor([7.0, -7.0], requires_grad=True)",
            "b = torch.tensor([2.0, 2.0], requires_grad=True)",
            "a // b",
            "r = a % b",
            "r",
            "r.sum().backward()",
            "print(a.grad, b.grad)",
        ])
        XCTAssertEqual(err, "")
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains("tensor([ 3., -4.], grad_fn=<FloorDivideBackward0>)"), out)
        XCTAssertTrue(out.contains("tensor([1., 1.], grad_fn=<RemainderBackward0>)"), out)
        XCTAssertTrue(out.contains("tensor([1., 1.]) tensor([-3.,  4.])"), out)
    }

    func testEvaluateShowUsesClassNamesAndCaptions() throws {
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
        let (out, err, status) = run([
            "torch.manual_seed(0)",
            "loader = DataLoader(Subset(datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), "
                + "range(20)), batch_size=10)",
            "model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))",
            "r = evaluate(model, loader, show=True)",
        ])
        XCTAssertEqual(err, "")
        XCTAssertEqual(status, 0)
        // GradRender's ConfusionTable (index and class name per row, recall column) ...
        XCTAssertTrue(out.contains("confusion matrix (rows: true class, columns: predicted class)"), out)
        XCTAssertTrue(out.contains("9 Ankle boot"), out)
        XCTAssertTrue(out.contains("recall"), out)
        XCTAssertTrue(out.contains("Test set: Average loss:"), out)
        // ... and misclassified pictures captioned true→predicted with class names.
        XCTAssertTrue(out.contains("caption true→predicted"), out)
        XCTAssertNotNil(
            out.range(
                of:
                    #"(T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle "#
                    + #"boot)→(T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot)"#,
                options: .regularExpression), out)
    }

    func testPlotSavesSVGFromTheLanguage() throws {
        let dir = NSTemporaryDirectory() + "gradstep-plot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/loss.svg"
        let (out, err, status) = run([
            "plot([3.0, 2.0, 1.5], title='loss', save='\(path)')",
            "plot([1.0], save='\(dir)/missing/x.svg')",
        ])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(out.contains("saved chart to \(path)"), out)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.contains("<polyline"), svg)
        XCTAssertTrue(err.contains("cannot write SVG chart to \(dir)/missing/x.svg"), err)
        // Atomic write: no temporary file left next to the chart.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["loss.svg"])
    }

    func testCompletionKeepsACandidateEqualToTheWord() {
        let interp = Interpreter()
        _ = try? interp.execute("x = 1\nx_train = 2")
        let c = Completer(interpreter: interp)
        let got = c.candidates(lineBeforeCursor: "x", word: "x")
        XCTAssertTrue(got.contains("x") && got.contains("x_train"), "\(got)")
    }

    func testACompletedCommandIsFollowedByASpace() {
        let c = Completer(interpreter: Interpreter())
        XCTAssertEqual(c.candidates(lineBeforeCursor: ":sh", word: ":sh"), [":show"])
        XCTAssertTrue(c.appendsSpace(lineBeforeCursor: ":sh"))
        XCTAssertTrue(c.appendsSpace(lineBeforeCursor: "  :st"))
        XCTAssertFalse(c.appendsSpace(lineBeforeCursor: ":show x.gr"))
        XCTAssertFalse(c.appendsSpace(lineBeforeCursor: "x.gr"))
    }

    func testStepFindsTheLoaderByItsPublicAccessor() throws {
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
        let interp = Interpreter()
        try interp.execute(
            "train_loader = DataLoader(Subset(datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), "
                + "range(20)), batch_size=10)"
        )
        XCTAssertEqual(interp.global("train_loader")?.asDataLoader?.batchSize, 10)
        XCTAssertNil(Value.int(3).asDataLoader)
    }

    func testCtrlCStopsTime() {
        var out = "", err = ""
        let interp = Interpreter()
        // Ctrl-C arrives while the timed expression runs (after its only statement check).
        let console = ConsoleOutput(
            out: { s in
                out += s
                if s == "tick\n" { interp.interrupt() }
            }, err: { err += $0 })
        let repl = REPL(
            interpreter: interp, reader: ScriptedReader([":time print('tick')", "1 + 1"], interactive: true),
            output: console, capabilities: .plain, history: nil)
        repl.banner = ""
        _ = repl.run()
        XCTAssertEqual(out.components(separatedBy: "tick\n").count - 1, 1, out)
        XCTAssertTrue(err.contains("KeyboardInterrupt"), err)
        XCTAssertTrue(out.hasSuffix("2\n\n") || out.hasSuffix("2\n"), out)
    }

    func testCtrlCDuringStepWithAUserModelFinishesTheStep() throws {
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
        var out = "", err = ""
        let interp = Interpreter()
        // Ctrl-C arrives inside the model's forward during the second step (each step runs forward twice: loss before
        // and after).
        let console = ConsoleOutput(
            out: { s in
                out += s
                if s == "forward 3\n" { interp.interrupt() }
            }, err: { err += $0 })
        let repl = REPL(
            interpreter: interp,
            reader: ScriptedReader(
                [
                    "class Net(nn.Module):",
                    "    def __init__(self):",
                    "        super(Net, self).__init__()",
                    "        self.fc = nn.Linear(784, 10)",
                    "        self.calls = 0",
                    "    def forward(self, x):",
                    "        self.calls += 1",
                    "        print('forward', self.calls)",
                    "        return self.fc(x.view(-1, 784))",
                    "",
                    "network = Net()",
                    "optimizer = optim.SGD(network.parameters(), lr=0.01)",
                    "train_loader = DataLoader(Subset(datasets.FashionMNIST(train=False, "
                        + "transform=transforms.ToTensor()), range(50)), batch_size=10)",
                    ":step 5",
                    "network.calls",
                ], interactive: true), output: console, capabilities: .plain, history: nil)
        repl.banner = ""
        _ = repl.run()
        XCTAssertTrue(err.contains("KeyboardInterrupt: stopped after 2 of 5 steps"), err)
        XCTAssertFalse(err.contains("Traceback"), err)
        XCTAssertTrue(out.hasSuffix("\n4\n\n") || out.hasSuffix("\n4\n"), out)
    }
}
