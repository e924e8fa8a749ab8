import GradScript
// An int64 result that overflowed (stored as ±inf in the Float storage) must never trap the
// process when it is read back as a Python int: it reads as PyTorch's wrapped int64 minimum.
import XCTest

final class OverflowTests: XCTestCase {
    func testOverflowedIntTensorsReadBackWithoutTrapping() throws {
        let interp = Interpreter()
        _ = try interp.execute("import torch\nx = torch.tensor([10]) ** 100")
        XCTAssertEqual(try interp.execute("x.item()")?.repr, "-9223372036854775808")
        XCTAssertEqual(try interp.execute("x.tolist()")?.repr, "[-9223372036854775808]")
        // Python prints a float's exact integer value, however large.
        XCTAssertEqual(try interp.execute("len('%d' % 1e300)")?.repr, "301")
        XCTAssertEqual(try interp.execute("'%d' % -2.0**70")?.repr, "'-1180591620717411303424'")
        XCTAssertEqual(try interp.execute("('%d' % 1e300)[:20]")?.repr, "'10000000000000000525'")
        XCTAssertThrowsError(try interp.execute("'%d' % float('inf')"))
        XCTAssertThrowsError(try interp.execute("torch.ones(3)[x.sum()]"))
        XCTAssertThrowsError(try interp.execute("torch.arange(0, 1e300, 1e-300)"))
    }
}
