// TorchProgramTests: small PyTorch programs (Tests/TorchPrograms/<group>/*.py) run in gradstep, their
// printed output compared line by line with what real PyTorch printed, recorded next to each program
// as <name>.expected by scripts/record-torch-programs.py. A program missing its recording fails.
// Programs print nothing that depends on the random generator (gradstep's differs from PyTorch's).

import Foundation
import GradScript
import XCTest

final class TorchProgramTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TorchPrograms")

    func runGroup(_ group: String) throws {
        let dir = Self.root.appendingPathComponent(group)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".py") }
            .sorted()
        XCTAssertFalse(files.isEmpty, "no programs in \(dir.path)")
        for f in files {
            let src = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            let expectedURL = dir.appendingPathComponent(String(f.dropLast(3)) + ".expected")
            guard let expected = try? String(contentsOf: expectedURL, encoding: .utf8) else {
                XCTFail("\(group)/\(f): no recorded output (run scripts/record-torch-programs.py \(group))")
                continue
            }
            let interp = Interpreter()
            var out: [String] = []
            interp.output = { out.append($0) }
            let saved = FileManager.default.currentDirectoryPath
            FileManager.default.changeCurrentDirectoryPath(NSTemporaryDirectory())
            defer { FileManager.default.changeCurrentDirectoryPath(saved) }
            do {
                _ = try interp.execute(src, file: f)
            } catch {
                out.append("ERROR: \(error)")
            }
            let got = out.joined(separator: "\n")
            let want = expected.hasSuffix("\n") ? String(expected.dropLast()) : expected
            if got != want {
                let g = got.split(separator: "\n", omittingEmptySubsequences: false),
                    w = want.split(separator: "\n", omittingEmptySubsequences: false)
                let i = (0..<min(g.count, w.count)).first { g[$0] != w[$0] } ?? min(g.count, w.count)
                XCTFail(
                    "\(group)/\(f): output differs from PyTorch's at line \(i + 1):\n  gradstep: "
                        + "\(i < g.count ? String(g[i]) : "<end>")\n  pytorch:  "
                        + "\(i < w.count ? String(w[i]) : "<end>")\n--- gradstep output ---\n\(got)"
                )
            }
        }
    }

    func testNNPrograms() throws { try runGroup("nn") }

    /// The Python language around PyTorch code (functools, hashable objects, generators, ...), each
    /// program's output recorded with real Python.
    func testPythonPrograms() throws { try runGroup("python") }

    /// transforms.Lambda runs the script's function per sample; Resize keeps same-size images and
    /// refuses other sizes by name (needs the local Fashion-MNIST copy).
    func testTransformsLambdaAndResize() throws {
        let root = "/usr/share/datasets/fashion-mnist"
        guard FileManager.default.fileExists(atPath: root) else { throw XCTSkip("no Fashion-MNIST at \(root)") }
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        _ = try interp.execute(
            """
            from torchvision import datasets, transforms
            from torch.utils.data import DataLoader
            tf = transforms.Compose([transforms.Resize(28), transforms.ToTensor(), transforms.Lambda(lambda x: \
            x.view(-1) * 2)])
            ds = datasets.FashionMNIST(root='\(root)', train=False, transform=tf)
            x, y = ds[0]
            print(x.shape, y, x.max())
            xb, yb = next(iter(DataLoader(ds, batch_size=4)))
            print(xb.shape, yb)
            """)
        // PyTorch prints the same
        XCTAssertEqual(out, ["torch.Size([784]) 9 tensor(2.)", "torch.Size([4, 784]) tensor([9, 2, 1, 1])"])
        XCTAssertThrowsError(
            try interp.execute(
                "datasets.FashionMNIST(root='\(root)', train=False, transform=transforms.Resize((32, 32)))[0]")
        ) { e in
            XCTAssertTrue("\(e)".contains("resizing 28×28 images to 32×32 is not supported by gradstep"), "\(e)")
        }
    }

    /// `FashionMNIST(root="data", download=True)` with no files there says downloading is not possible
    /// and where the local copy is, instead of ignoring download.
    func testFashionMNISTDownloadSaysOffline() throws {
        let interp = Interpreter()
        let missing = NSTemporaryDirectory() + "gradstep-no-data-\(getpid())"
        XCTAssertThrowsError(
            try interp.execute(
                "import torchvision\nds = torchvision.datasets.FashionMNIST(root='\(missing)', download=True)")
        ) { e in
            let text = "\(e)"
            XCTAssertTrue(
                text.contains("download=True: Fashion-MNIST cannot be downloaded here (gradstep works offline)"), text)
            XCTAssertTrue(text.contains("/usr/share/datasets/fashion-mnist") || text.contains("GRADSTEP_DATA"), text)
        }
    }
}
