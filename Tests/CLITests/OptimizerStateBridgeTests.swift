// OptimizerStateBridgeTests: training continues across gradstep and PyTorch with its optimizer
// state. A model and its Adam (or SGD with momentum) state saved by gradstep's `save(model, path,
// optimizer)` load in real PyTorch through the exported lessons' `gradstep_helpers.load`, and the
// other way round; one more step then gives the weights that three uninterrupted steps give.
// A lost buffer (Adam's moments, the momentum) or step count would move them visibly.
// Needs a Python with torch and safetensors ($GRADSTEP_TORCH_PYTHON, else .torchenv/bin/python);
// skipped otherwise.
import Foundation
import XCTest

final class OptimizerStateBridgeTests: XCTestCase {
    /// The same program in both languages: a fixed Linear(3, 2), a fixed batch, and `step()`.
    static func setup(_ optimizer: String) -> String {
        """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        model = nn.Linear(3, 2)
        with torch.no_grad():
            model.weight.copy_(torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]))
            model.bias.copy_(torch.tensor([0.01, -0.02]))
        opt = \(optimizer)
        x = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
        y = torch.tensor([0, 1])
        def step():
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()
            opt.step()
        def show():
            print([round(v, 5) for v in model.weight.flatten().tolist() + model.bias.tolist()])

        """
    }

    static let optimizers = [
        "torch.optim.Adam(model.parameters(), lr=0.1)",
        "torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)",
        "torch.optim.RMSprop(model.parameters(), lr=0.05, momentum=0.5)",
    ]

    func testTrainingContinuesAcrossGradstepAndPyTorch() throws {
        let py = try TorchrunTests.torchPython()
        let gs = try CLI.binary()
        let dir = NSTemporaryDirectory() + "gradstep-optbridge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // gradstep_helpers.py, as an export writes it.
        let export = try CLI.run(["export", "1", "--to", "py", "-o", dir + "/lesson1.py"])
        XCTAssertEqual(export.status, 0, export.stderr)
        let helpersImport = "from gradstep_helpers import save, load\n"

        for optimizer in Self.optimizers {
            let setup = Self.setup(optimizer)
            func write(_ name: String, _ text: String) throws -> String {
                let path = dir + "/" + name
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                return path
            }
            func python(_ name: String, _ body: String) throws -> String {
                let r = try TorchrunTests.run(py, [try write(name, helpersImport + setup + body)])
                XCTAssertEqual(r.status, 0, "\(optimizer)\n" + r.stdout + r.stderr)
                return r.stdout
            }
            func gradstep(_ name: String, _ body: String) throws -> String {
                let r = try TorchrunTests.run(gs, ["run", try write(name, setup + body)])
                XCTAssertEqual(r.status, 0, "\(optimizer)\n" + r.stdout + r.stderr)
                return r.stdout
            }
            let threeSteps = try python("reference.py", "step()\nstep()\nstep()\nshow()\n")
            let twoSteps = try python("two.py", "step()\nstep()\nshow()\n")
            XCTAssertNotEqual(threeSteps, twoSteps)

            // gradstep saves after two steps; PyTorch loads and takes the third.
            _ = try gradstep("save_gs.py", "step()\nstep()\nsave(model, '\(dir)/gs.safetensors', opt)\n")
            let inTorch = try python("load_torch.py", "load(model, '\(dir)/gs.safetensors', opt)\nstep()\nshow()\n")
            assertClose(inTorch, threeSteps, "gradstep -> PyTorch with \(optimizer)")

            // PyTorch saves after two steps; gradstep loads and takes the third.
            _ = try python("save_torch.py", "step()\nstep()\nsave(model, '\(dir)/pt.safetensors', opt)\n")
            let inGradstep = try gradstep("load_gs.py", "load(model, '\(dir)/pt.safetensors', opt)\nstep()\nshow()\n")
            assertClose(inGradstep, threeSteps, "PyTorch -> gradstep with \(optimizer)")

            // The state matters: the weights alone, with a fresh optimizer, end elsewhere.
            let weightsOnly = try gradstep("weights_only.py", "load(model, '\(dir)/pt.safetensors')\nstep()\nshow()\n")
            XCTAssertFalse(close(weightsOnly, threeSteps), "\(optimizer): \(weightsOnly) vs \(threeSteps)")
        }
    }

    static func numbers(_ s: String) -> [Double] {
        s.split(whereSeparator: { "[], \n".contains($0) }).compactMap { Double($0) }
    }

    func close(_ actual: String, _ expected: String) -> Bool {
        let a = Self.numbers(actual), e = Self.numbers(expected)
        return a.count == e.count && a.count == 8 && zip(a, e).allSatisfy { abs($0 - $1) <= 2e-5 }
    }

    /// Both lists printed by `show()`, element by element within float32 rounding.
    func assertClose(_ actual: String, _ expected: String, _ what: String) {
        let a = Self.numbers(actual), e = Self.numbers(expected)
        let diff = zip(a, e).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertTrue(
            a.count == e.count && a.count == 8 && diff <= 2e-5,
            "\(what): got \(actual.trimmingCharacters(in: .newlines)), expected "
                + "\(expected.trimmingCharacters(in: .newlines)), max difference \(diff)"
        )
    }
}
