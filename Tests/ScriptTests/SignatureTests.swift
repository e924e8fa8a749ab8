import GradEngine
// Declarations bind strictly: every builtin's signature parses (defaults included), and calls are
// bound with Python's rules and words. Expected messages are Python's / PyTorch's own.
import XCTest

@testable import GradScript

final class SignatureTests: XCTestCase {
    private func error(_ src: String) -> String? {
        let interp = Interpreter()
        interp.output = { _ in }
        do {
            try interp.execute(src)
            return nil
        } catch let e as ScriptError { return "\(e.kind): \(e.message)" } catch { return "\(error)" }
    }
    private func value(_ src: String) throws -> String {
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        try interp.execute(src)
        return out.joined(separator: "\n")
    }

    func testEveryDeclarationParsesWithLiteralDefaults() {
        for d in Builtins.docs where d.signature.contains("(") && !d.signature.hasPrefix("class ") {
            let open = d.signature.firstIndex(of: "(")!
            let inner = d.signature[
                d.signature.index(after: open)..<(d.signature.lastIndex(of: ")") ?? d.signature.endIndex)]
            for p in Signature.splitTopLevel(String(inner)) {
                guard let eq = p.firstIndex(of: "=") else { continue }
                let text = p[p.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                XCTAssertNotNil(
                    Signature.literal(text), "\(d.name): default '\(text)' is not a literal the binder can read")
            }
        }
    }

    func testBindingFollowsPython() throws {
        let sig = Signature("f(a, b=2, /, c=3, *rest, d, e=None, **kw)")
        let b = try sig.bind(Args([.int(1), .int(5), .int(6), .int(7)], [("d", .int(4)), ("z", .int(9))]))
        XCTAssertEqual(b.value("a")?.repr, "1")
        XCTAssertEqual(b.value("b")?.repr, "5")
        XCTAssertEqual(b.value("c")?.repr, "6")
        XCTAssertEqual(b.rest.map(\.repr), ["7"])
        XCTAssertEqual(b.value("d")?.repr, "4")
        XCTAssertNil(b.value("e"))
        XCTAssertTrue(b.passed("d"))
        XCTAssertFalse(b.passed("e"))
        XCTAssertEqual(b.extra.map(\.0), ["z"])
        // c given by position and by keyword: "f() got multiple values for argument 'c'"
        XCTAssertThrowsError(try sig.bind(Args([.int(1), .int(2), .int(3)], [("c", .int(1)), ("d", .int(1))])))
        // a positional-only name passed by keyword lands in **kw, as in Python
        XCTAssertEqual(try sig.bind(Args([.int(1)], [("a", .int(1)), ("d", .int(1))])).extra.map(\.0), ["a"])
        let plain = Signature("g(x, y=1)")
        XCTAssertEqual(try plain.bind(Args([.int(1)])).value("y")?.repr, "1", "declared default is the value read")
    }

    func testUnknownKeywordIsATypeErrorNeverDropped() {
        XCTAssertEqual(
            error("torch.ones(3, requires_grd=True)"),
            "TypeError: ones() got an unexpected keyword argument 'requires_grd'; did you mean 'requires_grad'?")
        XCTAssertEqual(
            error("torch.zeros(3, layout=None)"),
            "TypeError: zeros(): keyword argument 'layout' is not supported by gradstep")
        XCTAssertEqual(
            error("nn.Linear(2, 3, bais=False)"),
            "TypeError: Linear.__init__() got an unexpected keyword argument 'bais'; did you mean 'bias'?")
        XCTAssertEqual(
            error("nn.Linear(2)"), "TypeError: Linear.__init__() missing 1 required positional argument: 'out_features'"
        )
        XCTAssertEqual(error("len([1], [2])"), "TypeError: len() takes 1 positional argument but 2 were given")
        XCTAssertEqual(
            error("x = torch.ones(2)\nx.sum(dims=0)"),
            "TypeError: sum() got an unexpected keyword argument 'dims'; did you mean 'dim'?")
        XCTAssertEqual(
            error("x = torch.ones(2)\nx.view(2, shape=3)"), "TypeError: view() got multiple values for argument 'shape'"
        )
        XCTAssertEqual(error("[1].append(1, 2)"), "TypeError: append() takes 1 positional argument but 2 were given")
        XCTAssertEqual(
            error("m = nn.Linear(2, 1)\nm.train(mod=False)"),
            "TypeError: train() got an unexpected keyword argument 'mod'; did you mean 'mode'?")
        XCTAssertEqual(
            error("sorted([2, 1], None)"), "TypeError: sorted() takes 1 positional argument but 2 were given")
    }

    /// Python's own builtins bind as CPython does (messages are CPython 3.12's): a `*values`
    /// parameter is never a keyword (that convention is PyTorch's, for `torch.zeros(size=...)`).
    func testPythonBuiltinsBindAsCPython() throws {
        XCTAssertEqual(error("print(values=3)"), "TypeError: 'values' is an invalid keyword argument for print()")
        XCTAssertEqual(error("max()"), "TypeError: max expected at least 1 argument, got 0")
        XCTAssertEqual(
            error("min(1, 2, default=0)"),
            "TypeError: Cannot specify a default for min() with multiple positional arguments")
        XCTAssertEqual(error("print(1, sep=3)"), "TypeError: sep must be None or a string, not int")
        XCTAssertEqual(
            error("isinstance(1, [int])"), "TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union")
        XCTAssertEqual(try value("print(round(number=2.675, ndigits=2), round(7, -1), round(25, -1))"), "2.67 10 20")
        XCTAssertEqual(try value("print(1, 2, sep=None, end=None)"), "1 2")
        XCTAssertEqual(try value("print(max([3, 1], default=0), min([], default=None))"), "3 None")
    }

    func testDtypeAndSizeKeywordsAreHonoured() throws {
        // PyTorch: torch.zeros(3, dtype=torch.int64) -> tensor([0, 0, 0]); torch.rand(size=(1, 1, 28, 28)).shape
        XCTAssertEqual(try value("print(torch.zeros(3, dtype=torch.int64))"), "tensor([0, 0, 0])")
        XCTAssertEqual(try value("print(torch.rand(size=(1, 1, 28, 28)).shape)"), "torch.Size([1, 1, 28, 28])")
        XCTAssertEqual(try value("print(torch.ones(2, requires_grad=True))"), "tensor([1., 1.], requires_grad=True)")
    }

    func testMethodsAreDocumented() {
        for n in [
            "Tensor.backward", "Tensor.view", "Tensor.item", "Module.zero_grad", "Optimizer.step", "Module.parameters",
            "list.append", "str.format", "dict.items",
        ] {
            XCTAssertNotNil(Builtins.doc(n), n)
        }
    }

    func testHelpComesFromTheDeclarations() throws {
        XCTAssertEqual(
            try value("help(torch.zeros)"),
            "torch.zeros(*size, out=None, dtype=None, device=None, requires_grad=False)\n    A tensor of zeros.")
        let t = try value("help(torch.ones(1))")
        XCTAssertTrue(t.hasPrefix("Help on Tensor objects; methods:"), t)
        XCTAssertTrue(t.contains("Tensor.backward(gradient=None, retain_graph=None, create_graph=False)"), t)
        XCTAssertTrue(try value("help(nn.Linear(1, 1))").contains("Module.zero_grad(set_to_none=True)"))
    }
}
