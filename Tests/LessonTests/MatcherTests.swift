// MatcherTests: the doctest-style output rules (numbers exactly as printed unless marked `~`, then
// to the digits written; `...`, whitespace) and the diff shown on a mismatch.
import GradLessons
import XCTest

final class MatcherTests: XCTestCase {
    func ok(_ e: String, _ a: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(
            OutputMatcher.matches(expected: e, actual: a), "expected «\(e)» to match «\(a)»", file: file, line: line)
    }
    func no(_ e: String, _ a: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(
            OutputMatcher.matches(expected: e, actual: a), "expected «\(e)» not to match «\(a)»", file: file, line: line
        )
    }

    func testNumbersAreWrittenExactlyAsPrinted() {
        ok("tensor(0.2231)", "tensor(0.2231)")
        no("0.2231", "0.22314355")  // fewer digits than printed must be marked with ~
        no("tensor(1.0000)", "tensor(1.)")
        no("0.77", "0.7699999809265137")
        no("1e-3", "0.001")
        ok("-0.5 1e-05", "-0.5 1e-05")
    }

    func testMarkedNumbersCompareToTheDigitsWritten() {
        ok("~0.2231", "0.22314355")  // rounded
        ok("~0.2231", "0.22318")  // truncated
        no("~0.2231", "0.2233")
        no("~0.2231", "0.2230")
        ok("~-0.5", "-0.54")
        no("~-0.5", "-0.6")
        ok("~1e-3", "0.0010004")
        ok("~1.5e+02", "150.2")
        no("~0.22314", "0.2231")  // the actual shows fewer digits than written
        ok("loss ~0.77 done", "loss 0.7699999809265137 done")
        ok("a ~ b", "a ~ b")  // a ~ not before a number is text
    }

    func testIntegersMustBeEqual() {
        ok("320", "320")
        no("320", "320.5")
        no("320", "321")
        ok("torch.Size([64, 20, 4, 4])", "torch.Size([64, 20, 4, 4])")
        no("torch.Size([64, 20, 4, 4])", "torch.Size([64, 20, 4, 5])")
    }

    func testEllipsisMatchesAnyTextAcrossLines() {
        ok("tensor(0.2231...)", "tensor(0.2231, grad_fn=<NegBackward0>)")
        ok("a\n...\nz", "a\nb\nc\nz")
        ok("...", "")
        ok("start ... end", "start middle part end")
        no("start ... end", "start middle part")
        ok("tensor([1., 2., ..., 9.])", "tensor([1., 2., 3., 9.])")
    }

    func testWhitespaceAndBlankLines() {
        ok("tensor([ 1.0000,  2.0000])", "tensor([1.0000, 2.0000])")
        ok("\n\na  b\n\n", "a b   ")
        no("a\nb", "a b")
        no("a\n\nb", "a\nb")
        no("12", "1 2")
    }

    func testDiffMarksExpectedAndActualLines() {
        XCTAssertEqual(
            OutputMatcher.diff(expected: "a\nb 0.1\nc", actual: "a\nb 0.2\nc\nd"),
            "--- expected\n+++ actual\n  a\n- b 0.1\n+ b 0.2\n  c\n+ d")
    }
}
