// TrainingBuiltinTests: fit/evaluate/save/load as the language sees them: Ctrl-C during fit with a
// user-defined model ends at the batch's end, a non-finite loss names the step and suggests a
// smaller learning rate, and checkpoints fail clearly without half-loading. Needs the
// Fashion-MNIST files (skipped without them).

import Foundation
import GradScript
import XCTest

final class TrainingBuiltinTests: XCTestCase {
    static let haveData = FileManager.default.fileExists(
        atPath: "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")

    static let setup = """
        torch.manual_seed(0)
        class Net(nn.Module):
            def __init__(self):
                super(Net, self).__init__()
                self.fc = nn.Linear(784, 10)
            def forward(self, x):
                if self.training and self.calls == 2:
                    print('second batch')
                self.calls += 1
                return self.fc(x.view(-1, 784))
        network = Net()
        network.calls = 0
        loader = DataLoader(Subset(datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), range(50)), \
        batch_size=10)
        optimizer = optim.SGD(network.parameters(), lr=0.01)
        """

    func testInterruptInsideAUserForwardFinishesTheBatch() throws {
        try XCTSkipUnless(Self.haveData)
        let interp = Interpreter()
        var lines: [String] = []
        interp.output = { line in
            lines.append(line)
            if line == "second batch" { interp.interrupt() }  // Ctrl-C while forward runs
        }
        try interp.execute(Self.setup)
        try interp.execute("h = fit(network, optimizer, loader, epochs=2)")
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("Interrupted in epoch 1 of 2 after batch 3 of 5 (30 samples)") }, "\(lines)")
        XCTAssertEqual(try interp.execute("h.interrupted")?.repr, "True")
        XCTAssertEqual(try interp.execute("len(h.batch_losses)")?.repr, "3")
        // The next command works and sees the trained model.
        XCTAssertEqual(try interp.execute("network.calls")?.repr, "3")
    }

    func testNonFiniteLossNamesTheStepAndSuggestsASmallerRate() throws {
        try XCTSkipUnless(Self.haveData)
        let interp = Interpreter()
        interp.output = { _ in }
        try interp.execute(Self.setup + "\noptimizer = optim.SGD(network.parameters(), lr=1e38)\n")
        XCTAssertThrowsError(try interp.execute("fit(network, optimizer, loader, epochs=1)")) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("FloatingPointError"), text)
            XCTAssertTrue(text.contains("loss is nan at epoch 1, step 2 (step 2 overall)"), text)
            XCTAssertTrue(text.contains("try a smaller one"), text)
        }
    }

    func testPlotOfAHistoryDrawsLossPerStepAndAccuracyPerEpoch() throws {
        try XCTSkipUnless(Self.haveData)
        let interp = Interpreter()
        interp.output = { _ in }
        var items: [DisplayItem] = []
        interp.display = { items.append($0) }
        try interp.execute(Self.setup)
        try interp.execute("h = fit(network, optimizer, loader, epochs=2, validation=loader)\nplot(h)")
        guard case .lineChart(let title, let series)? = items.last else { return XCTFail("\(items)") }
        XCTAssertEqual(title, "training history")
        XCTAssertEqual(series.map(\.name), ["loss per step", "train accuracy per epoch", "test accuracy per epoch"])
        XCTAssertEqual(series.map(\.values.count), [10, 2, 2])
    }

    func testPlotSaveWithoutAFrontEndSaysSo() {
        let interp = Interpreter()
        interp.display = { _ in }
        XCTAssertThrowsError(try interp.execute("plot([1.0, 2.0], save='x.svg')")) { e in
            XCTAssertTrue("\(e)".contains("plot(): this front end cannot save charts"), "\(e)")
        }
        var saved: [(String, Int, String)] = []
        interp.saveChart = { title, series, path in saved.append((title, series.count, path)) }
        interp.output = { _ in }
        XCTAssertNoThrow(try interp.execute("plot([1.0, 2.0], title='t', save='x.svg')"))
        XCTAssertEqual(saved.count, 1)
        XCTAssertEqual(saved.first?.0, "t")
        XCTAssertEqual(saved.first?.2, "x.svg")
    }
}
