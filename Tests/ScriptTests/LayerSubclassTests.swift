// LayerSubclassTests: a script class deriving from a built-in layer (nn.Linear, nn.Conv2d,
// nn.Sequential, nn.ModuleList, nn.LSTM) behaves as in PyTorch; the fixture's expected output was
// printed by PyTorch (scripts/torch-fixtures/layer_subclass.py). Also the errors of misuse.

import GradScript
import XCTest

final class LayerSubclassTests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        try assertFixtureProgramPrintsPyTorchOutput("layer_subclass")
    }

    private func error(_ source: String) -> String {
        do {
            _ = try Interpreter().execute(source)
            return "no error"
        } catch let e as ScriptError {
            return "\(e.kind): \(e.message)"
        } catch {
            return "\(error)"
        }
    }

    func testMisuseIsAClearError() {
        XCTAssertEqual(
            error("import torch.nn as nn\nclass B(nn.Linear, nn.ReLU):\n    pass"),
            "TypeError: class B can derive from one built-in layer class, not several")
        XCTAssertEqual(
            error(
                "import torch.nn as nn\nclass A(nn.Linear):\n    def __init__(self):\n        super().__init__(2, 2)\n"
                    + "        super().__init__(2, 2)\nA()"),
            "RuntimeError: A: __init__ of the built-in base class was already called on this module")
        XCTAssertEqual(
            error("import torch.nn as nn\nclass C(nn.Linear):\n    pass\nC('a', 2)"),
            "TypeError: nn.Linear(): argument 'in_features' must be int, not str")
    }
}
