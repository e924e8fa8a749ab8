// PythonLanguageTests: programs of the Python that public beginner PyTorch material uses (files,
// string/unicodedata/typing, decorators, argparse, collections, generators, ...), in
// Fixtures/python, run as `gradstep run FILE.py` runs them; standard output, standard error and the
// exit status must equal CPython's, recorded next to each program by scripts/record-python-fixtures.sh.

import Foundation
import GradScript
import XCTest

final class PythonLanguageTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/python").path

    /// Runs one program as a script (its path in `__file__` and `sys.argv[0]`, no arguments).
    static func run(_ name: String) throws -> (stdout: String, stderr: String, status: Int32) {
        let path = dir + "/" + name + ".py"
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let interp = Interpreter()
        var out = "", err = ""
        interp.output = { out += $0 + "\n" }
        interp.errorOutput = { err += $0 }
        interp.argv = [path]
        interp.setGlobal("__file__", .string(path))
        var status: Int32 = 0
        do {
            _ = try interp.execute(source, file: path)
        } catch let e as ScriptError {
            if e.kind == "SystemExit", let code = e.exitStatus {
                status = code
            } else {
                err += e.pythonDescription { _, _ in nil } + "\n"
                status = 1
            }
        }
        out += interp.takePendingOutput()
        return (out, err, status)
    }

    /// Runs `name` and compares with CPython's recording (standard error too unless `stderr` is false).
    func check(_ name: String, stderr: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try PythonLanguageTests.run(name)
        func recorded(_ ext: String) throws -> String {
            try String(contentsOfFile: PythonLanguageTests.dir + "/" + name + "." + ext, encoding: .utf8)
        }
        let want = try recorded("out").split(separator: "\n", omittingEmptySubsequences: false)
        let got = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, (g, w)) in zip(got, want).enumerated() where g != w {
            XCTFail("\(name).py line \(i + 1):\n  gradstep: \(g)\n  CPython:  \(w)", file: file, line: line)
        }
        XCTAssertEqual(got.count, want.count, "\(name).py: number of lines\n\(r.stderr)", file: file, line: line)
        if stderr {
            XCTAssertEqual(r.stderr, try recorded("err"), "\(name).py: standard error", file: file, line: line)
        }
        XCTAssertEqual(
            "\(r.status)", try recorded("status").trimmingCharacters(in: .whitespacesAndNewlines),
            "\(name).py: exit status", file: file, line: line)
    }

    func testReadingFiles() throws { try check("files") }
    func testWritingFilesBytesTorchSaveNumpySave() throws { try check("files_writing") }
    func testImportingTheUsersOwnModules() throws { try check("local_imports") }
    func testStringUnicodedataTyping() throws { try check("text_modules") }
    func testDecoratorsArgparsePrint() throws { try check("decorators_argparse") }
    func testWalrusScopesFormatting() throws { try check("walrus_scopes") }
    func testCollections() throws { try check("collections_deque") }
    func testFunctionNamesAndGeneratorSend() throws { try check("functions_generators") }
    func testTextCleaningWithRe() throws { try check("text_cleaning") }
    func testBuiltinsAndStrings() throws { try check("builtins_strings") }
    func testTqdm() throws { try check("tqdm_progress", stderr: false) }
    func testJSON() throws { try check("json_config") }

    /// fit() and evaluate() (the course helpers, not PyTorch's) over a DataLoader of a TensorDataset or
    /// a user Dataset: the same parameters as the written-out loop they stand for, the same accuracy
    /// and loss as computed by hand; shuffling and validation work; batches that are not two tensors
    /// are refused with a message.
    func testFitAndEvaluateOverAnyDataLoader() throws {
        let source = """
            import torch
            import torch.nn as nn
            import torch.nn.functional as F
            from torch.utils.data import DataLoader, Dataset, TensorDataset

            torch.manual_seed(0)
            X = torch.randn(40, 3)
            y = (X[:, 0] + X[:, 1] > 0).long()


            class Points(Dataset):
                def __init__(self, X, y):
                    self.X, self.y = X, y

                def __len__(self):
                    return len(self.X)

                def __getitem__(self, i):
                    return self.X[i], self.y[i]


            def make():
                torch.manual_seed(1)
                return nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2))


            for ds in [TensorDataset(X, y), Points(X, y)]:
                loader = DataLoader(ds, batch_size=8)
                a = make()
                opt = torch.optim.SGD(a.parameters(), lr=0.1)
                h = fit(a, opt, loader, epochs=3)
                b = make()
                opt_b = torch.optim.SGD(b.parameters(), lr=0.1)
                for epoch in range(3):
                    for xb, yb in loader:
                        opt_b.zero_grad()
                        loss = F.cross_entropy(b(xb), yb)
                        loss.backward()
                        opt_b.step()
                print(type(ds).__name__, all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters())))
                r = evaluate(a, loader)
                with torch.no_grad():
                    out = b(X)
                    acc = (out.argmax(1) == y).float().mean().item()
                    ls = F.cross_entropy(out, y).item()
                print(abs(r.accuracy - acc) < 1e-6, abs(r.loss - ls) < 1e-5, r.total)
            # shuffled, with a validation loader over a user Dataset
            torch.manual_seed(2)
            c = make()
            h = fit(c, torch.optim.SGD(c.parameters(), lr=0.1), DataLoader(Points(X, y), batch_size=5, shuffle=True),
                    epochs=2, validation=DataLoader(TensorDataset(X, y), batch_size=16))
            print(r.classes if hasattr(r, 'classes') else '', len(str(h).splitlines()))
            try:
                fit(c, torch.optim.SGD(c.parameters(), lr=0.1), DataLoader([1, 2, 3], batch_size=2))
            except TypeError as e:
                print('TypeError:', e)
            """
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        _ = try interp.execute(source)
        XCTAssertEqual(
            out,
            [
                "TensorDataset True", "True True 40", "Points True", "True True 40", "['0', '1'] 2",
                "TypeError: fit()/evaluate() need batches (inputs, targets) of two tensors; this DataLoader gives "
                    + "Tensor (write the training loop out for other batches)",
            ])
    }
}
