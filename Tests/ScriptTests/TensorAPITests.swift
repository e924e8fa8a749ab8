// TensorAPITests: a beginner-style program over the tensor API (devices, dtypes, creation, ops,
// indexing, in-place updates and their autograd errors, printing) run as a script; its output must
// equal PyTorch's, recorded in Fixtures/tensor_api.out by scripts/torch-fixtures/tensor_api.py.

import Foundation
import GradScript
import XCTest

final class TensorAPITests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let source = try String(contentsOf: dir.appendingPathComponent("tensor_api.py"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("tensor_api.out"), encoding: .utf8)
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
}
