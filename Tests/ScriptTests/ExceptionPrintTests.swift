import GradScript
// A caught exception prints its message (Python's str), and its repr names the kind.
import XCTest

final class ExceptionPrintTests: XCTestCase {
    func testPrintOfACaughtExceptionShowsTheMessage() throws {
        let interp = Interpreter()
        var lines: [String] = []
        interp.output = { lines.append($0) }
        _ = try interp.execute(
            """
            import torch
            try:
                torch.ones(2) @ torch.ones(3)
            except Exception as e:
                print(e)
                print(repr(e))
            """)
        XCTAssertEqual(
            lines,
            [
                "matmul: shapes [2] and [3] cannot be multiplied (2 != 3)",
                "RuntimeError('matmul: shapes [2] and [3] cannot be multiplied (2 != 3)')",
            ])
    }
}
