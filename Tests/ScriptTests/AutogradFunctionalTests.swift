// AutogradFunctionalTests: torch.autograd.functional.jacobian/vjp/jvp print what PyTorch prints (the
// fixture's expected output was recorded by scripts/torch-fixtures/autograd_functional.py); the
// second-order functions are refused with a clear message.

import GradScript
import XCTest

final class AutogradFunctionalTests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        try assertFixtureProgramPrintsPyTorchOutput("autograd_functional")
    }

    func testSecondOrderIsRefusedClearly() {
        for call in ["hessian(lambda t: (t ** 3).sum(), x)", "jacobian(torch.sin, x, create_graph=True)"] {
            do {
                _ = try Interpreter().execute("import torch\nx = torch.ones(2)\ntorch.autograd.functional.\(call)")
                XCTFail("\(call) ran")
            } catch let e as ScriptError {
                XCTAssertEqual(e.kind, "NotImplementedError")
                XCTAssertTrue(e.message.contains("second-order gradients"), e.message)
            } catch {
                XCTFail("\(error)")
            }
        }
    }
}
