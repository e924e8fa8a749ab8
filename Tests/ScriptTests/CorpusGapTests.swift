// CorpusGapTests: the gaps the beginner corpus (programs 41-45) found, in one script whose output must
// equal PyTorch's, recorded in Fixtures/corpus_gaps.out by scripts/torch-fixtures/corpus_gaps.py.

import Foundation
import GradScript
import XCTest

final class CorpusGapTests: XCTestCase {
    func testProgramPrintsWhatPyTorchPrints() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let source = try String(contentsOf: dir.appendingPathComponent("corpus_gaps.py"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("corpus_gaps.out"), encoding: .utf8)
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
