// FixtureProgram: runs Fixtures/NAME.py in one interpreter and compares its printed lines with
// Fixtures/NAME.out, what PyTorch printed for the same program (recorded by a script that ran it),
// reporting each differing line with both sides.

import Foundation
import GradScript
import XCTest

func assertFixtureProgramPrintsPyTorchOutput(
    _ name: String, fixtures: String = #filePath, file: StaticString = #filePath, line: UInt = #line
) throws {
    let dir = URL(fileURLWithPath: fixtures).deletingLastPathComponent().appendingPathComponent("Fixtures")
    let source = try String(contentsOf: dir.appendingPathComponent("\(name).py"), encoding: .utf8)
    let expected = try String(contentsOf: dir.appendingPathComponent("\(name).out"), encoding: .utf8)
    let interp = Interpreter()
    var out = ""
    interp.output = { out += $0 + "\n" }
    _ = try interp.execute(source)
    let got = out.split(separator: "\n", omittingEmptySubsequences: false)
    let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for (i, (g, w)) in zip(got, want).enumerated() where g != w {
        XCTFail("\(name) line \(i + 1):\n  gradstep: \(g)\n  PyTorch:  \(w)", file: file, line: line)
    }
    XCTAssertEqual(got.count, want.count, "\(name): line count", file: file, line: line)
}
