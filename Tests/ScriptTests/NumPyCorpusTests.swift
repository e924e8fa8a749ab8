import GradEngine
import GradScript
// The numpy corpus: programs in Tests/Corpus/numpy/ written in the spirit of beginner PyTorch
// material (creation, printing, arithmetic, reductions, indexing, np.random), each run here and
// compared line for line with the output real numpy printed for it (the .out files, recorded by
// scripts/record-corpus-expected.sh with the developers' Python; CI has no numpy, so they are
// committed). RNG-dependent values are not printed by the programs, only their properties.
import XCTest

final class NumPyCorpusTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus/numpy")

    /// Runs a program as a script; returns its printed lines (an uncaught error ends them with its message).
    func run(_ source: String, file: String) -> String {
        let interp = Interpreter()
        var lines: [String] = []
        interp.output = { lines.append($0) }
        do { try interp.execute(source, file: file) } catch { lines.append("\(error)") }
        return lines.joined(separator: "\n")
    }

    func check(_ name: String) throws {
        let py = Self.corpus.appendingPathComponent(name + ".py")
        let expected = try String(contentsOf: Self.corpus.appendingPathComponent(name + ".out"), encoding: .utf8)
        let got = run(try String(contentsOf: py, encoding: .utf8), file: name + ".py")
        let want = expected.hasSuffix("\n") ? String(expected.dropLast()) : expected
        if got != want {
            let g = got.split(separator: "\n", omittingEmptySubsequences: false),
                w = want.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(g.count, w.count)).first { g[$0] != w[$0] } ?? min(g.count, w.count)
            XCTFail(
                "\(name).py differs from numpy at line \(i + 1):\n  numpy:    "
                    + "\(i < w.count ? String(w[i]) : "<end>")\n  gradstep: \(i < g.count ? String(g[i]) : "<end>")"
            )
        }
    }

    func testCreationAndPrinting() throws { try check("creation") }
    func testArithmetic() throws { try check("arithmetic") }
    func testReductions() throws { try check("reductions") }
    func testIndexing() throws { try check("indexing") }
    func testRandom() throws { try check("randomness") }
    func testPrintingRules() throws { try check("printing") }
    /// Recorded with PyTorch too: from_numpy, .numpy(), torch.tensor(array), np.array(tensor), numpy scalars in Python.
    func testTorchBridge() throws { try check("torch_bridge") }
    func testWritesThroughViews() throws { try check("views") }

    /// float64 arrays need float64 tensors: until the engine has them, a clear error (and the dtype= way works).
    func testFloat64ToTorch() throws {
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        try interp.execute(
            "import numpy as np\nimport torch\nX = np.linspace(0, 1, 3)\nprint(torch.tensor(X, dtype=torch.float32))")
        XCTAssertEqual(out, ["tensor([0.0000, 0.5000, 1.0000])"])
        if DType(rawValue: "float64") == nil {
            XCTAssertThrowsError(try interp.execute("torch.from_numpy(X)")) { e in
                XCTAssertEqual(
                    (e as? ScriptError)?.shortDescription,
                    "TypeError: torch.from_numpy(): this gradstep has no float64 tensors yet, and numpy arrays are "
                        + "float64 by default; convert first with a.astype(np.float32) (what .float() would give you "
                        + "in PyTorch)"
                )
            }
        }
    }

    /// Every program in the folder has a test above (a new program must be added to the list).
    func testEveryProgramIsChecked() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".py") }
            .sorted()
        XCTAssertEqual(
            names,
            [
                "arithmetic.py", "creation.py", "indexing.py", "printing.py", "randomness.py", "reductions.py",
                "torch_bridge.py", "views.py",
            ])
    }
}
