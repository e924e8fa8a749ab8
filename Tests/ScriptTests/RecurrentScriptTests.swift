// RecurrentScriptTests: nn.Embedding, nn.RNN / LSTM / GRU and their cells, nn.LayerNorm and
// nn.utils.clip_grad_* used from a script (Fixtures/recurrent_api.py): printing, attributes,
// parameter names, tuple results, numbers with arange-based weights, gradients and errors must be
// PyTorch's, recorded in Fixtures/recurrent_api.out by scripts/torch-fixtures/recurrent_api.py.

import Foundation
import GradScript
import XCTest

final class RecurrentScriptTests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let source = try String(contentsOf: dir.appendingPathComponent("recurrent_api.py"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("recurrent_api.out"), encoding: .utf8)
        let interp = Interpreter()
        var out = ""
        interp.output = { out += $0 + "\n" }
        _ = try interp.execute(source)
        let got = out.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, (g, w)) in zip(got, want).enumerated() where g != w {
            XCTFail("line \(i + 1):\n  gradstep: \(g)\n  PyTorch:  \(w)")
        }
        XCTAssertEqual(got.count, want.count, "line count")
    }

    func testLSTMInsideSequentialSaysWhy() throws {
        let interp = Interpreter()
        XCTAssertThrowsError(try interp.execute("import torch\nnn.Sequential(nn.LSTM(2, 3))(torch.zeros(4, 1, 2))")) {
            XCTAssertTrue("\($0)".contains("nn.Sequential cannot take"), "\($0)")
        }
    }
}
