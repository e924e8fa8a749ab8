// TorchvisionModelTests: torchvision.models.resnet18/34/50 print, name their parameters, compute
// and backpropagate as torchvision's do (the fixture's expected output was printed by PyTorch with
// torchvision: scripts/torch-fixtures/torchvision_models.py); pretrained weights are refused clearly.

import GradScript
import XCTest

final class TorchvisionModelTests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        try assertFixtureProgramPrintsPyTorchOutput("torchvision_models")
    }

    func testPretrainedWeightsAreAClearError() {
        for call in ["resnet18(pretrained=True)", "resnet34(weights='IMAGENET1K_V1')"] {
            do {
                _ = try Interpreter().execute("import torchvision\ntorchvision.models.\(call)")
                XCTFail("\(call) ran")
            } catch let e as ScriptError {
                XCTAssertEqual(e.kind, "RuntimeError")
                XCTAssertTrue(e.message.contains("cannot be downloaded (gradstep runs offline)"), e.message)
            } catch {
                XCTFail("\(error)")
            }
        }
    }
}
