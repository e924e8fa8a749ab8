// TensorAPITests: a beginner-style program over the tensor API (devices, dtypes, creation, ops,
// indexing, in-place updates and their autograd errors, printing) run as a script; its output must
// equal PyTorch's, recorded in Fixtures/tensor_api.out by scripts/torch-fixtures/tensor_api.py.

import Foundation
import GradScript
import XCTest

final class TensorAPITests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        try assertFixtureProgramPrintsPyTorchOutput("tensor_api")
    }
}
