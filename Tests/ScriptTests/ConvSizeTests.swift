// ConvSizeTests: the size check of a convolution is the engine's (one rule, any kH and kW): a layer
// call and F.conv2d whose result would pass the element limit raise MemoryError before allocating,
// and a convolution under it runs.
import GradScript
import XCTest

final class ConvSizeTests: XCTestCase {
    private func error(_ src: String, in interp: Interpreter) -> ScriptError? {
        do { try interp.execute(src) } catch let e as ScriptError { return e } catch {
            XCTFail("not a ScriptError: \(error)")
        }
        return nil
    }

    func testTooLargeConvolutionsAreMemoryErrorsInEveryForm() throws {
        let interp = Interpreter()
        try interp.execute(
            "x = torch.ones(1, 1, 3, 3)\nw = torch.ones(1, 1, 1, 3)\nconv = nn.Conv2d(1, 1, kernel_size=3, "
                + "padding=20000)"
        )
        // Results of [1, 1, 40003, 40001] and [1, 1, 40001, 40001] elements, past 2^28.
        for src in ["y = F.conv2d(x, w, padding=20000)", "y = conv(x)"] {
            let e = error(src, in: interp)
            XCTAssertEqual(e?.kind, "MemoryError", "\(src): \(String(describing: e))")
            XCTAssertTrue(e?.message.contains("268435456") ?? false, "\(src): \(String(describing: e?.message))")
        }
        // A non-square kernel under the limit: [1, 1, 3, 1].
        try interp.execute("y = F.conv2d(x, w)")
        var shape = ""
        interp.output = { shape = $0 }
        try interp.execute("print(y.shape)")
        XCTAssertEqual(shape, "torch.Size([1, 1, 3, 1])")
    }
}
