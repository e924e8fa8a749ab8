// ProseTests: formulas as readable text, prose rendered for the terminal, HTML prose, progress file.
import Foundation
import GradLessons
import XCTest

final class ProseTests: XCTestCase {
    func testFormulasBecomeReadableText() {
        XCTAssertEqual(
            MathText.readable(
                #"\boldsymbol{W}^{(t)} = \boldsymbol{W}^{(t-1)} - \gamma \frac{\partial L}{\partial "#
                    + #"\boldsymbol{W}^{(t)}}"#
            ),
            "W⁽ᵗ⁾ = W⁽ᵗ⁻¹⁾ - γ ∂L/∂W⁽ᵗ⁾")
        XCTAssertEqual(
            MathText.readable(#"\text{softmax}(x)_i = \frac{\exp(x_i)}{\sum_j \exp(x_j)}"#),
            "softmax(x)ᵢ = exp(xᵢ)/(Σⱼ exp(xⱼ))")
        XCTAssertEqual(
            MathText.readable(#"\overline{\boldsymbol{y}} = \boldsymbol{f}(\boldsymbol{W}, \boldsymbol{x})"#),
            "ȳ = f(W, x)")
        XCTAssertEqual(MathText.readable(#"CE(\boldsymbol{p}, \boldsymbol{q}) = -\log(0.8)"#), "CE(p, q) = -log(0.8)")
    }

    func testFormulasAsHTMLUseSubAndSup() {
        XCTAssertEqual(
            MathText.html(
                #"\boldsymbol{W}^{(t)} = \boldsymbol{W}^{(t-1)} - \gamma \frac{\partial L}{\partial "#
                    + #"\boldsymbol{W}^{(t-1)}}"#
            ),
            "W<sup>(t)</sup> = W<sup>(t-1)</sup> - γ ∂L/∂W<sup>(t-1)</sup>")
        XCTAssertEqual(
            MathText.html(#"\boldsymbol{f}_{M-1}(x) < \frac{a + b}{2}"#), "f<sub>M-1</sub>(x) &lt; (a + b)/2")
    }

    func testTerminalProsePlain() {
        let md = "# Loss\n\nSmaller is *better*: $x_1 + y_2$ and `code`.\n\n- one\n- two\n\n> quoted\n"
        let out = TerminalProse.render(md, style: .init(color: false, width: 80))
        // An inline formula's spaces are no-break spaces: wrapping never cuts a formula.
        XCTAssertEqual(out, "LOSS\n\nSmaller is better: x₁\u{00A0}+\u{00A0}y₂ and code.\n\n• one\n• two\n\n│ quoted")
    }

    func testInlineFormulasAndWordsAreNeverBrokenWhenWrapping() {
        let md = "The loss is $L = (1.5 - 6)^2 = 20.25$ for this weight, and autograd agrees with it exactly."
        let out = TerminalProse.render(md, style: .init(color: false, width: 30))
        XCTAssertTrue(out.contains("L\u{00A0}=\u{00A0}(1.5\u{00A0}-\u{00A0}6)²\u{00A0}=\u{00A0}20.25"), out)
        let wrapped = TerminalProse.wrapPlain(
            "optimizer.zero_grad() is called before loss.backward() in every step", width: 24, continuation: "  ↪ ")
        XCTAssertEqual(wrapped, "optimizer.zero_grad() is\n  ↪ called before\n  ↪ loss.backward() in\n  ↪ every step")
    }

    func testDisplayFormulasAreIndentedOnTheirOwnLine() {
        let md =
            "The rule:\n\n$$\\boldsymbol{W}^{(t)} = \\boldsymbol{W}^{(t-1)} - \\gamma \\frac{\\partial L}{\\partial "
            + "\\boldsymbol{W}^{(t-1)}}$$\n\nand $x_1$ inline."
        XCTAssertEqual(
            TerminalProse.render(md, style: .init(color: false, width: 80)),
            "The rule:\n\n    W⁽ᵗ⁾ = W⁽ᵗ⁻¹⁾ - γ ∂L/∂W⁽ᵗ⁻¹⁾\n\nand x₁ inline.")
    }

    func testTerminalProseTables() {
        let md =
            "Shapes:\n\n| layer | output | values |\n|:------|:------:|-------:|\n| `conv1` | $N \\times 10$ | 5760 "
            + "|\n| **fc2** | 10 | 10 |\n\nAfter."
        let out = TerminalProse.render(md, style: .init(color: false, width: 80))
        XCTAssertEqual(
            out,
            """
            Shapes:

            layer  output  values
            ─────  ──────  ──────
            conv1  N\u{00A0}×\u{00A0}10    5760
            fc2      10        10

            After.
            """)
        // Not a table: a paragraph with a pipe but no delimiter row.
        XCTAssertEqual(TerminalProse.render("a | b\nc | d", style: .init(color: false, width: 80)), "a | b c | d")
        XCTAssertEqual(
            TerminalProse.tableRows(["a | b", "--- | ---", "1 | 2 | 3", "x"])?.body, [["1", "2"], ["x", ""]])
    }

    func testTerminalProseWrapsAtWidth() {
        let md = String(repeating: "word ", count: 30)
        let out = TerminalProse.render(md, style: .init(color: false, width: 40))
        for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 40) }
        XCTAssertEqual(out.split(whereSeparator: { $0 == " " || $0 == "\n" }).count, 30)
    }

    func testHTMLProseRendersFormulasWithoutNetwork() {
        let html = HTMLExport.prose("Use $x_1 * y_2 < 3$ here.")
        // MathML, with the TeX kept as its annotation.
        XCTAssertEqual(
            html,
            "<p>Use "
                + "<math><semantics><mrow><msub><mi>x</mi><mn>1</mn></msub><mo>∗</mo><msub><mi>y</mi><mn>2</mn></msub><"
                + "mo>&lt;</mo><mn>3</mn></mrow><annotation encoding=\"application/x-tex\">x_1 * y_2 &lt; "
                + "3</annotation></semantics></math> here.</p>\n"
        )
        let display = HTMLExport.prose("$$\\frac{dz}{dx} = \\frac{dz}{dy} \\frac{dy}{dx}$$")
        XCTAssertTrue(
            display.contains(
                "<math "
                    + "display=\"block\"><semantics><mrow><mfrac><mrow><mi>d</mi><mi>z</mi></mrow><mrow><mi>d</mi><mi>x"
                    + "</mi></mrow></mfrac><mo>=</mo>"
            ), display)
    }

    func testHTMLProseTables() {
        let html = HTMLExport.prose("Before.\n\n| layer | values |\n|---|--:|\n| `conv1` $x_1$ | 5760 |\n\nAfter.")
        XCTAssertEqual(
            html,
            """
            <p>Before.</p>
            <table>
            <thead><tr><th>layer</th><th style="text-align:right">values</th></tr></thead>
            <tbody>
            <tr><td><code>conv1</code> <math><semantics><mrow><msub><mi>x</mi><mn>1</mn></msub></mrow><annotation \
            encoding="application/x-tex">x_1</annotation></semantics></math></td><td \
            style="text-align:right">5760</td></tr>
            </tbody>
            </table>
            <p>After.</p>

            """)
    }

    func testHTMLPageLoadsNothingFromTheNetwork() throws {
        let lesson = try LessonParser.parse(
            "# T\n\n$$\\sum_{i=1}^{N} L$$\n\n```python gradstep\n1 + 1\n```\n", path: "t.md")
        let page = HTMLExport.page(lesson: lesson, results: [:])
        XCTAssertFalse(page.contains("<script"), page)
        XCTAssertFalse(page.contains("http://") || page.contains("https://"), page)
        XCTAssertTrue(
            page.contains(
                "<munderover><mo "
                    + "movablelimits=\"false\">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mrow><mi>N</mi></mrow>"
                    + "</munderover><mi>L</mi>"
            ), page)
    }

    func testProgressRoundTrip() throws {
        let dir = NSTemporaryDirectory() + "gradstep-progress-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var p = ProgressStore(path: dir + "/gradstep/progress")
        XCTAssertEqual(p.done("01-a"), 0)
        try p.record("01-a", done: 3, total: 9)
        try p.record("02-b", done: 1, total: 4)
        let q = ProgressStore(path: dir + "/gradstep/progress")
        XCTAssertEqual(q.done("01-a"), 3)
        XCTAssertEqual(q.done("02-b"), 1)
        XCTAssertEqual(
            try String(contentsOfFile: dir + "/gradstep/progress", encoding: .utf8), "01-a\t3\t9\n02-b\t1\t4\n")
        XCTAssertEqual(
            ProgressStore.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]), "/s/gradstep/progress")
        XCTAssertEqual(ProgressStore.defaultPath(environment: ["HOME": "/h"]), "/h/.local/state/gradstep/progress")
    }
}
