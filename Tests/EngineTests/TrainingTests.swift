// Tests of fit, evaluate, the Trainer's step/undo, and the progress printer, on small synthetic data.
import Foundation
import GradEngine
import XCTest

/// A learnable toy problem: 8×8 images whose class (0...3) is the quadrant holding a bright square.
func quadrantDataset(_ n: Int, seed: UInt64 = 1) throws -> Dataset {
    var g = Generator(seed: seed)
    var px: [UInt8] = []
    var labels: [Int] = []
    for _ in 0..<n {
        let c = g.int(0, 4)
        var img = (0..<64).map { _ in UInt8(g.int(0, 60)) }
        let (r0, c0) = ((c / 2) * 4, (c % 2) * 4)
        for r in 0..<3 { for k in 0..<3 { img[(r0 + r) * 8 + c0 + k] = 255 } }
        px += img
        labels.append(c)
    }
    return try Dataset(
        name: "Quadrants", train: true, source: "memory", classNames: ["TL", "TR", "BL", "BR"],
        rawImages: px, imageShape: [8, 8], labels: labels, transforms: [ToTensor(), Normalize(0.3, 0.4)])
}

func smallNet() throws -> Sequential {
    Sequential([try Conv2d(1, 4, kernelSize: 3), ReLU(), try MaxPool2d(2), Flatten(), try Linear(36, 4)])
}

final class TrainingTests: XCTestCase {
    func testFitLearnsAndEvaluateReports() throws {
        RNG.manualSeed(1)
        let ds = try quadrantDataset(400)
        let model = try smallNet()
        let loader = try DataLoader(ds, batchSize: 20, shuffle: true, seed: 3)
        let opt = try SGD(model.parameters(), lr: 0.1, momentum: 0.5)
        var reports: [TrainingProgress] = []
        var lines: [String] = []
        let printer = PlainProgressPrinter { lines.append($0) }
        let hist = try fit(
            model: model, optimizer: opt, loader: loader, epochs: 3,
            hooks: TrainingHooks(progress: {
                reports.append($0)
                printer($0)
            }), validation: loader)
        XCTAssertEqual(hist.epochs.count, 3)
        XCTAssertEqual(hist.batchLosses.count, 60)
        XCTAssertEqual(reports.count, 60)
        XCTAssertEqual(reports.last?.step, 20)
        XCTAssertEqual(reports.last?.total, 20)
        XCTAssertEqual(lines.count, 30)  // one line per 10% of each epoch
        XCTAssertTrue(lines[0].hasPrefix("epoch 1/3     2/20 ( 10%)  loss "), lines[0])
        XCTAssertLessThan(hist.loss[2], hist.loss[0])
        XCTAssertFalse(hist.interrupted)
        let ev = try evaluate(model: model, loader: loader)
        XCTAssertGreaterThan(ev.accuracy, 0.9)
        XCTAssertEqual(ev.total, 400)
        XCTAssertEqual(ev.confusion.flatMap { $0 }.reduce(0, +), 400)
        XCTAssertEqual((0..<4).map { ev.confusion[$0][$0] }.reduce(0, +), ev.correct)
        XCTAssertEqual(ev.misclassified.count, 400 - ev.correct)
        XCTAssertEqual(hist.testAccuracy.last ?? 0, ev.accuracy, accuracy: 1e-12)
        XCTAssertTrue(ev.description.hasPrefix("Test set: Average loss: "), ev.description)
        XCTAssertTrue(model.training, "evaluate restores train mode")
    }

    func testShouldStopEndsAtBatchBoundary() throws {
        RNG.manualSeed(2)
        let ds = try quadrantDataset(100)
        let model = try smallNet()
        let loader = try DataLoader(ds, batchSize: 10)
        let opt = try SGD(model.parameters(), lr: 0.05)
        var calls = 0
        let hist = try fit(
            model: model, optimizer: opt, loader: loader, epochs: 2,
            hooks: TrainingHooks(shouldStop: {
                calls += 1
                return calls == 3
            }))
        XCTAssertTrue(hist.interrupted)
        XCTAssertEqual(hist.batchLosses.count, 3)
        XCTAssertEqual(hist.epochs.count, 1)
        XCTAssertEqual(hist.epochs[0].batches, 3)
        XCTAssertEqual(
            hist.message,
            "Interrupted in epoch 1 of 2 after batch 3 of 10 (30 samples); the model and optimizer hold the state "
                + "after that batch."
        )
    }

    func testNonFiniteLossStopsWithStepAndAdvice() throws {
        RNG.manualSeed(3)
        let ds = try quadrantDataset(200)
        let model = Sequential([Flatten(), try Linear(64, 4)])
        let loader = try DataLoader(ds, batchSize: 10)
        let opt = try SGD(model.parameters(), lr: 0.5)
        var before: [[Float]] = []
        let hooks = TrainingHooks(progress: { _ in before = model.parameters().map(\.data) })
        // A loss that turns NaN at the 4th batch, as a diverging run would.
        var calls = 0
        let loss: LossFunction = { out, target in
            calls += 1
            let l = try Functional.crossEntropy(out, target)
            return calls == 4 ? try Tensor.mul(l, Tensor(Float.nan)) : l
        }
        XCTAssertThrowsError(try fit(model: model, optimizer: opt, loader: loader, epochs: 1, loss: loss, hooks: hooks))
        { e in
            guard let nf = e as? NonFiniteLossError else { return XCTFail("unexpected \(e)") }
            XCTAssertEqual(nf.step, 4)
            XCTAssertEqual(nf.history.batchLosses.count, 3)
            XCTAssertTrue(nf.value.isNaN)
            XCTAssertTrue(nf.description.contains("lr=0.05"), nf.description)
            XCTAssertTrue(nf.description.contains("at epoch 1, step \(nf.step)"), nf.description)
            XCTAssertTrue(nf.description.contains("smaller"), nf.description)
        }
        // The failing batch's update was not applied.
        XCTAssertEqual(model.parameters().map(\.data), before)
    }

    func testTrainerStepUndoIsExact() throws {
        RNG.manualSeed(4)
        let ds = try quadrantDataset(60)
        let model = Sequential([try Linear(64, 16), ReLU(), try Dropout(p: 0.3), try Linear(16, 4)])
        let flat = Sequential([Flatten(), model])
        let loader = try DataLoader(ds, batchSize: 25, shuffle: true, seed: 9)  // 3 batches, last one of 10
        let opt = try Adam(model.parameters(), lr: 0.01)
        let trainer = Trainer(model: flat, optimizer: opt, loader: loader)
        let r1 = try trainer.step(2)
        XCTAssertEqual(r1.map(\.batch), [1, 2])
        XCTAssertEqual(r1[0].gradNorms.map(\.name), ["1.0.weight", "1.0.bias", "1.3.weight", "1.3.bias"])
        XCTAssertTrue(r1.allSatisfy { $0.lossAfter < $0.lossBefore }, "\(r1)")
        XCTAssertTrue(r1[0].updateNorms.allSatisfy { $0.norm > 0 })
        let paramsAfter2 = model.parameters().map(\.data)
        let state2 = opt.state
        let next = try trainer.step(2)  // batch 3 of epoch 1, then batch 1 of epoch 2
        XCTAssertEqual(next.map(\.epoch), [1, 2])
        XCTAssertEqual(next.map(\.batch), [3, 1])
        XCTAssertEqual(try trainer.undo(2), 2)
        XCTAssertEqual(model.parameters().map(\.data), paramsAfter2)
        XCTAssertEqual(opt.state, state2)
        let again = try trainer.step(2)
        XCTAssertEqual(again.map(\.lossBefore), next.map(\.lossBefore))
        XCTAssertEqual(again.map(\.lossAfter), next.map(\.lossAfter))
        XCTAssertEqual(trainer.stepsTaken, 4)
        XCTAssertEqual(try trainer.undo(10), 4)
        XCTAssertFalse(trainer.canUndo)
        XCTAssertTrue(r1[0].description.hasPrefix("step 1 (epoch 1, batch 1/3): loss "), r1[0].description)
    }

    func testTrainerRollsBackAFailedStep() throws {
        RNG.manualSeed(5)
        let ds = try quadrantDataset(40)
        let model = try smallNet()
        let opt = try SGD(model.parameters(), lr: 1e15)
        let trainer = Trainer(model: model, optimizer: opt, loader: try DataLoader(ds, batchSize: 10))
        var failed = false
        for _ in 0..<10 {
            let before = model.parameters().map(\.data)
            let pos = trainer.loader.batchIndex
            do {
                _ = try trainer.step()
            } catch is NonFiniteLossError {
                XCTAssertEqual(model.parameters().map(\.data), before)
                XCTAssertEqual(trainer.loader.batchIndex, pos)
                failed = true
                break
            }
        }
        XCTAssertTrue(failed, "a learning rate of 1e15 should make the loss non-finite")
    }

    /// The graph of each step is released: parameters keep no references to old graphs.
    func testNoGraphKeptAfterTraining() throws {
        RNG.manualSeed(6)
        let ds = try quadrantDataset(50)
        let model = try smallNet()
        _ = try fit(
            model: model, optimizer: try SGD(model.parameters(), lr: 0.01), loader: try DataLoader(ds, batchSize: 10))
        for p in model.parameters() {
            XCTAssertTrue(p.isLeaf)
            XCTAssertNil(p.grad?.gradFn)
        }
    }
}
