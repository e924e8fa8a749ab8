// NotebookCLITests: the commands on Jupyter notebooks: `check` on the slides' recipe saved as a
// notebook with its outputs (Tests/Notebooks/slides-recipe.ipynb), `run` of a malformed notebook,
// and `repl --lesson` / `learn` from a notebook's state.
import Foundation
import XCTest

final class NotebookCLITests: XCTestCase {
    static let notebooks = CLI.packageRoot + "/Tests/Notebooks"

    func testCheckTheSlidesRecipeNotebook() throws {
        try CLI.requireFashionMNIST()
        let r = try CLI.run(["check", Self.notebooks + "/slides-recipe.ipynb"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout, "PASS \(Self.notebooks)/slides-recipe.ipynb (14 blocks)\n1 passed, 0 failed\n")
    }

    func testRunShowsSkippedCellsWithTheirNote() throws {
        let dir = CLI.tempDir("nb")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let nb = """
            {
             "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["# Small\\n"]},
              {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["!pip install \
            torch"]},
              {"cell_type": "code", "execution_count": 2, "metadata": {},
               "outputs": [{"data": {"text/plain": ["tensor([2., 4.])"]}, "execution_count": 2, "metadata": {}, \
            "output_type": "execute_result"}],
               "source": ["%matplotlib inline\\n", "torch.tensor([1.0, 2.0]) * 2"]}
             ],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5
            }
            """
        try nb.write(toFile: dir + "/small.ipynb", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "small.ipynb"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(
            r.stdout,
            """
            [1] small.ipynb:4 (skip)
            >>> # !pip install torch  -- skipped: a shell command (gradstep runs Python only)

            [2] small.ipynb:7
            >>> # %matplotlib inline  -- skipped: an IPython magic (gradstep draws plots itself)
            >>> torch.tensor([1.0, 2.0]) * 2
            tensor([2., 4.])

            2 blocks: 1 passed, 0 not checked, 1 skipped, 0 failed

            """)
        let repl = try CLI.run(["repl", "--lesson", "small.ipynb"], stdin: "print(1 + 1)\n", cwd: dir)
        XCTAssertEqual(repl.status, 0, repl.stdout + repl.stderr)
        XCTAssertTrue(repl.stdout.contains("2"), repl.stdout)
        let learn = try CLI.run(["learn", "small.ipynb"], cwd: dir)
        XCTAssertEqual(learn.status, 0, learn.stdout + learn.stderr)
        XCTAssertTrue(learn.stdout.contains("tensor([2., 4.])"), learn.stdout)
    }

    func testMalformedNotebookExits2WithTheCell() throws {
        let dir = CLI.tempDir("nb")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = #"{"cells": [{"cell_type": "markdown", "source": "hi"}, {"cell_type": "code", "source": 3}], "#
        try (bad + #""nbformat": 4}"#).write(toFile: dir + "/bad.ipynb", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "bad.ipynb"], cwd: dir)
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "gradstep: bad.ipynb: cell 2: source: must be a string or a list of strings\n")
    }

    // MARK: - Notebooks in the style of popular lecture notebooks

    /// Language features the lecture-style notebooks need, each with code that fails without it.
    static let features: [(name: String, probe: String)] = [
        ("numpy (import numpy as np; np.array, broadcasting)", "import numpy as np\nprint(np.arange(3) + 1)\n"),
        (
            "matplotlib.pyplot (plt.plot, xlabel, legend, show)",
            "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\n"
        ),
        ("sets ({'cat', 'dog'} literals and set())", "s = {'a', 'b'}\nt = set()\nt.add(1)\n"),
        (
            "operator methods on classes (__add__, __mul__, __radd__, __neg__)",
            "class A:\n  def __add__(self, o):\n    return 1\n  def __radd__(self, o):\n    return 2\n\nprint(A() + "
                + "A(), 3 + A())\n"
        ),
        (
            "instances hashable by identity (a set of objects of a class without __eq__)",
            "class B:\n  pass\n\nb = B()\nprint(len({b, b, B()}))\n"
        ),
    ]

    /// Skips (naming what is missing) unless gradstep has every feature the notebook needs.
    func requireFeatures(_ names: [String]) throws {
        var missing: [String] = []
        for (name, probe) in Self.features where names.contains(where: { name.hasPrefix($0) }) {
            let r = try CLI.run(["repl"], stdin: probe)
            if r.status != 0 { missing.append(name) }
        }
        if !missing.isEmpty { throw XCTSkip("gradstep does not have yet: " + missing.joined(separator: "; ")) }
    }

    /// CS231n-style tour: 2-space indentation, a class with operator methods, numpy, a matplotlib plot
    /// under %matplotlib inline; outputs recorded from real Python and numpy 2.
    func testPythonNumpyTutorialNotebookChecks() throws {
        try requireFeatures(["numpy", "matplotlib", "sets", "operator methods"])
        let r = try CLI.run(["check", Self.notebooks + "/python-numpy-tutorial.ipynb"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    }

    /// micrograd-style: a Value class whose operator methods build a graph, 2-space indentation,
    /// checked against PyTorch in the last cell.
    func testMicrogradStyleNotebookChecks() throws {
        let r = try CLI.run(["check", Self.notebooks + "/micrograd-style.ipynb"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    }
}
