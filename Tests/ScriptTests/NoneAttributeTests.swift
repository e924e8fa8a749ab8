import GradScript
// Attributes that are None in PyTorch must be None here too, not missing: `x.grad` before
// backward, `x.grad_fn` on a leaf. (Swift gotcha: `.none` in a function returning `Value?` is nil.)
import XCTest

final class NoneAttributeTests: XCTestCase {
    func testGradIsNoneBeforeBackwardAndGradFnIsNoneOnALeaf() throws {
        let interp = Interpreter()
        XCTAssertEqual(
            try interp.execute("import torch\nx = torch.ones(2, requires_grad=True)\nx.grad is None")?.repr, "True")
        XCTAssertEqual(try interp.execute("x.grad_fn is None")?.repr, "True")
        XCTAssertEqual(try interp.execute("print(x.grad)\n(x * 2).sum().backward()\nx.grad")?.repr, "tensor([2., 2.])")
    }
}
