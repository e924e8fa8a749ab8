import GradEngine
import GradScript
// docs/LANGUAGE.md is generated from Builtins.docs; this test fails when the file is stale
// (regenerate with GRADSTEP_WRITE_DOCS=1 swift test --filter ReferenceDocTests), and runs every
// builtin's example so none can rot.
import XCTest

final class ReferenceDocTests: XCTestCase {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    func testLanguageReferenceIsUpToDate() throws {
        let path = ReferenceDocTests.repoRoot.appendingPathComponent("docs/LANGUAGE.md")
        let expected = Builtins.referenceMarkdown()
        if ProcessInfo.processInfo.environment["GRADSTEP_WRITE_DOCS"] == "1" {
            try expected.write(to: path, atomically: true, encoding: .utf8)
        }
        let actual = try String(contentsOf: path, encoding: .utf8)
        XCTAssertEqual(
            actual, expected,
            "docs/LANGUAGE.md is stale: run GRADSTEP_WRITE_DOCS=1 swift test --filter ReferenceDocTests")
    }

    func testEveryBuiltinIsDocumentedOnce() {
        let names = Builtins.docs.map(\.name)
        XCTAssertEqual(Set(names).count, names.count, "duplicate docs")
        for n in [
            "print", "len", "range", "enumerate", "zip", "torch.zeros", "F.relu", "F.cross_entropy", "nn.Conv2d",
            "optim.SGD", "fit", "evaluate", "save", "load", "trainer", "DataLoader", "datasets.FashionMNIST",
        ] {
            XCTAssertNotNil(Builtins.doc(n), n)
        }
        XCTAssertEqual(Builtins.doc("torch.nn.functional.relu")?.name, "F.relu")
    }

    func testEveryExampleRuns() throws {
        let haveData = FileManager.default.fileExists(
            atPath: "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-doc-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let saved = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(dir.path)
        defer { FileManager.default.changeCurrentDirectoryPath(saved) }
        let setup = """
            network = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
            optimizer = optim.SGD(network.parameters(), lr=0.01)
            train_loader = DataLoader(Subset(datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), \
            range(200)), batch_size=100)
            test_loader = train_loader
            """
        var ran = 0
        for d in Builtins.docs {
            if d.example.contains("# needs") { continue }
            let usesData = ["network", "train_loader", "test_loader", "datasets.", "DataLoader", "Subset"].contains {
                d.example.contains($0)
            }
            if usesData && !haveData { continue }
            let interp = Interpreter()
            interp.output = { _ in }
            interp.display = { _ in }
            do {
                if usesData { try interp.execute(setup, file: "setup") }
                if d.name == "load" { try interp.execute("save(network, 'net.safetensors')") }
                try interp.execute(d.example, file: d.name)
                ran += 1
            } catch {
                XCTFail("example of \(d.name) failed: \(error)")
            }
        }
        XCTAssertGreaterThan(ran, 80)
    }
}
