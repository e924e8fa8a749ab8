// End-to-end tests of `gradstep repl` with standard input that is not a terminal: commands are read
// without readline, each value is printed, errors go to stderr, and the exit status is 1 when a
// command failed. Outputs are compared exactly.

import Foundation
import XCTest

final class ReplTranscriptTests: XCTestCase {
    private func repl(_ input: String, env: [String: String] = [:]) throws -> CommandResult {
        try CLI.run(["repl"], stdin: input, env: env, timeout: 120)
    }

    func testValuesAreEchoedAndBlocksEndAtABlankLine() throws {
        let r = try repl(
            """
            x = 2 + 3
            x
            x * 2
            print("hi")
            def double(a):
                return a * 2

            double(21)
            for i in range(3):
                print(i)

            s = 0
            for i in range(4):
                s = s + i
            s
            None
            (1 +
             2)

            """)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.stdout, "5\n10\nhi\n42\n0\n1\n2\n6\n3\n")
        XCTAssertEqual(r.status, 0)
    }

    func testAFailedCommandReportsWhereAndTheSessionGoesOnThenExitsNonZero() throws {
        let r = try repl(
            """
            a = 1
            nosuch + 1
            a + 1

            """)
        XCTAssertEqual(r.stdout, "2\n")
        XCTAssertTrue(r.stderr.contains("<stdin>:2:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("NameError"), r.stderr)
        XCTAssertTrue(r.stderr.contains("    nosuch + 1\n    ^"), r.stderr)
        XCTAssertEqual(r.status, 1)
    }

    func testEmptyInputExitsCleanly() throws {
        let r = try repl("")
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)
    }

    func testCommandsHelpAndUnknown() throws {
        let ok = try repl(":help\n:help :step\n")
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.hasPrefix("Commands:\n  :help [NAME]"), ok.stdout)
        for c in [":vars", ":show EXPR", ":graph EXPR", ":time EXPR", ":step [N]", ":undo", ":quit"] {
            XCTAssertTrue(ok.stdout.contains("\n  " + c + " "), "missing \(c) in:\n\(ok.stdout)")
        }
        XCTAssertTrue(ok.stdout.contains(":step [N]\n    take N optimizer steps"), ok.stdout)
        XCTAssertTrue(ok.stdout.contains("trainer(model, optimizer, train_loader)"), ok.stdout)

        let bad = try repl(":shwo x\n1\n")
        XCTAssertEqual(bad.stdout, "1\n")
        XCTAssertEqual(bad.stderr, "unknown command :shwo (did you mean :show?); :help lists the commands\n")
        XCTAssertEqual(bad.status, 1)
    }

    func testQuitStopsReading() throws {
        let r = try repl("1\n:quit\n2\n")
        XCTAssertEqual(r.stdout, "1\n")
        XCTAssertEqual(r.status, 0)
    }

    func testTimePrintsMeanAndStd() throws {
        let r = try repl(":time 3 * 4\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = r.stdout.trimmingCharacters(in: .newlines)
        XCTAssertNotNil(
            line.range(
                of:
                    #"^[0-9.]+ (ns|µs|ms|s) ± [0-9.]+ (ns|µs|ms|s) per loop \(mean ± std\. dev\. of [0-9]+ runs?, "#
                    + #"[0-9]+ loops? each\)$"#,
                options: .regularExpression), line)
    }

    func testStepWithoutSetupExplainsHow() throws {
        let r = try repl(":step\n:undo\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix(":step: no training setup yet.\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("trainer(model, optimizer, train_loader)"), r.stderr)
        XCTAssertTrue(r.stderr.contains(":undo: nothing to undo"), r.stderr)
    }

    func testRejectsUptoWithoutLesson() throws {
        let r = try CLI.run(["repl", "--upto", "3"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--upto needs --lesson"), r.stderr)
    }
}

/// `:step` / `:undo` on a small Fashion-MNIST subset (skipped when the dataset is not installed).
final class ReplStepTranscriptTests: XCTestCase {
    func testStepUndoStepGivesTheSameNumbers() throws {
        try CLI.requireFashionMNIST()
        let r = try CLI.run(
            ["repl"],
            stdin: """
                _ = torch.manual_seed(0)  # the REPL echoes the Generator manual_seed returns, as Python does
                model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
                optimizer = optim.SGD(model.parameters(), lr=0.1)
                train_loader = DataLoader(Subset(datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), \
                range(200)), batch_size=50)
                :step
                :undo
                :step
                :step 3
                :undo
                :undo

                """, timeout: 120)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)
        let blocks = r.stdout.components(separatedBy: "step  epoch  batch  loss before  loss after  batch acc\n")
        XCTAssertEqual(blocks.count, 4, r.stdout)
        XCTAssertEqual(
            blocks[0],
            "using model, optimizer and train_loader with cross entropy loss (trainer(...) chooses otherwise)\n")
        // The step after :undo repeats the first exactly: same batch, same loss, same gradients.
        let first = blocks[1].components(separatedBy: "undid 1 step")[0]
        XCTAssertTrue(blocks[2].hasPrefix(first), "first:\n\(first)\nagain:\n\(blocks[2])")
        XCTAssertTrue(first.hasPrefix("1     1      1/4    "), first)
        XCTAssertTrue(first.contains("\nparameter  |grad|"), first)
        XCTAssertTrue(first.contains("\n1.weight   "), first)
        XCTAssertTrue(first.contains("\n1.bias     "), first)
        // Three steps continue at batches 2-4 and report the change over all three.
        XCTAssertTrue(blocks[3].hasPrefix("2     1      2/4"), blocks[3])
        XCTAssertTrue(blocks[3].contains("|change| over 3 steps"), blocks[3])
        XCTAssertTrue(
            blocks[3].contains(
                "undid 3 steps: parameters, optimizer state and data position are back (1 taken now)\n"
                    + "undid 1 step: parameters, optimizer state and data position are back (0 taken now)\n"), blocks[3]
        )
    }

    /// Without `trainer(...)`, `:step` uses a loss named `criterion` (or `loss_fn`), as the
    /// tutorials name it: the loss before the step is the criterion's value on the first batch.
    func testStepUsesTheCriterionVariable() throws {
        try CLI.requireFashionMNIST()
        let r = try CLI.run(
            ["repl"],
            stdin: """
                _ = torch.manual_seed(0)  # the REPL echoes the Generator manual_seed returns, as Python does
                model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
                optimizer = optim.SGD(model.parameters(), lr=0.1)
                ds = Subset(datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), range(200))
                train_loader = DataLoader(ds, batch_size=50)
                criterion = nn.NLLLoss()
                x = torch.stack([ds[i][0] for i in range(50)]); y = torch.tensor([ds[i][1] for i in range(50)])
                print(f"{criterion(model(x), y).item():.4f}")
                :step

                """, timeout: 120)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)
        let lines = r.stdout.components(separatedBy: "\n")
        XCTAssertGreaterThan(lines.count, 4, r.stdout)
        guard lines.count > 4 else { return }
        let expected = lines[0]
        XCTAssertTrue(expected.hasPrefix("-0."), r.stdout)  // NLL of raw outputs, not cross entropy
        XCTAssertEqual(
            lines[1],
            "using model, optimizer and train_loader with loss criterion (NLLLoss) (trainer(...) chooses otherwise)")
        XCTAssertEqual(lines[2], "step  epoch  batch  loss before  loss after  batch acc")
        XCTAssertTrue(
            lines[3].hasPrefix("1     1      1/4    \(expected)  "), "expected loss before \(expected):\n\(r.stdout)")
    }
}
