// CorpusGapTests: the gaps the beginner corpus (programs 41-45) found, in one script whose output must
// equal PyTorch's, recorded in Fixtures/corpus_gaps.out by scripts/torch-fixtures/corpus_gaps.py.

import Foundation
import GradScript
import XCTest

final class CorpusGapTests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        try assertFixtureProgramPrintsPyTorchOutput("corpus_gaps")
    }
}
