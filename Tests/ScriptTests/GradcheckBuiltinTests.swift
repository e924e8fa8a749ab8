import GradScript
// `torch.autograd.gradcheck` (also plain `gradcheck`) from the language: finite differences against
// autograd for any function of tensors the learner writes.
import XCTest

final class GradcheckBuiltinTests: XCTestCase {
    func testGradcheckOfUserFunctions() throws {
        let interp = Interpreter()
        _ = try interp.execute("import torch\ntorch.manual_seed(0)\nx = torch.randn(3, requires_grad=True)")
        XCTAssertEqual(try interp.execute("torch.autograd.gradcheck(lambda t: (t * t).sum(), (x,))")?.repr, "True")
        XCTAssertEqual(
            try interp.execute(
                """
                gradcheck(lambda a, b: (a @ b).tanh().sum(), (torch.randn(2, 3, requires_grad=True), torch.randn(3, 4, \
                requires_grad=True)))
                """)?.repr, "True")
        XCTAssertEqual(try interp.execute("torch.neg(torch.tensor([1.0, -2.0]))")?.repr, "tensor([-1.,  2.])")
    }

    func testAFunctionThatDoesNotReachTheInputsIsAnError() throws {
        let interp = Interpreter()
        _ = try interp.execute("import torch\nx = torch.ones(2, requires_grad=True)")
        XCTAssertThrowsError(try interp.execute("gradcheck(lambda t: torch.ones(2).sum(), x)")) { e in
            XCTAssertTrue("\(e)".contains("gradcheck"), "\(e)")
        }
    }
}
