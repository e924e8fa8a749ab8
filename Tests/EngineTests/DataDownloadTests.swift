// Tests of `Download`/`Datasets.mnist(download:)` against a local HTTP server (python3 -m http.server
// on 127.0.0.1) serving small IDX files made here; and of the failure messages.
import Foundation
import GradEngine
import XCTest

final class DataDownloadTests: XCTestCase {
    var server: Process?
    var serveDir = ""
    var port = 0

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw XCTSkip("python3 is needed for the local HTTP server")
        }
        serveDir = try makeTempDir("serve")
        try writeSmallIDX(serveDir, train: 30, test: 10, h: 5, w: 5, gz: true)
        port = Int.random(in: 20_000...60_000)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", serveDir]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        server = p
        // Wait until it answers.
        let url = URL(string: "http://127.0.0.1:\(port)/train-labels-idx1-ubyte.gz")!
        for _ in 0..<50 {
            if (try? Download.fetch(url, timeout: 1)) != nil { return }
            usleep(100_000)
        }
        throw XCTSkip("local HTTP server did not start")
    }

    override func tearDown() {
        server?.terminate()
        server?.waitUntilExit()
        try? FileManager.default.removeItem(atPath: serveDir)
    }

    func testDownloadThenLoad() throws {
        let dest = try makeTempDir("dest") + "/mnist"
        defer { try? FileManager.default.removeItem(atPath: dest) }
        let ds = try Datasets.mnist(root: dest, train: true, download: true, baseURL: "http://127.0.0.1:\(port)")
        XCTAssertEqual(ds.count, 30)
        XCTAssertEqual(ds.imageShape, [5, 5])
        XCTAssertEqual(ds.classNames[3], "3 - three")
        XCTAssertEqual(try Datasets.mnist(root: dest, train: false).count, 10)
        // In torchvision's layout, and no temporary files left behind.
        let files = try FileManager.default.contentsOfDirectory(atPath: dest + "/MNIST/raw").sorted()
        XCTAssertEqual(files, Download.mnistFiles.sorted())
    }

    /// Files already in torchvision's layout (or in the folder itself) are used, not fetched again:
    /// the base URL here serves nothing.
    func testDownloadUsesFilesAlreadyThere() throws {
        let dest = try makeTempDir("present")
        defer { try? FileManager.default.removeItem(atPath: dest) }
        _ = try Datasets.mnist(root: dest, train: true, download: true, baseURL: "http://127.0.0.1:\(port)")
        let nowhere = "http://127.0.0.1:\(port)/nothing-here/"
        XCTAssertEqual(try Datasets.mnist(root: dest, train: false, download: true, baseURL: nowhere).count, 10)
        let flat = try makeTempDir("flat")
        defer { try? FileManager.default.removeItem(atPath: flat) }
        for f in Download.mnistFiles {
            try FileManager.default.copyItem(atPath: dest + "/MNIST/raw/" + f, toPath: flat + "/" + f)
        }
        XCTAssertEqual(try Datasets.mnist(root: flat, train: true, download: true, baseURL: nowhere).count, 30)
    }

    func testMissingFileOnServerGivesHTTPStatus() throws {
        let dest = try makeTempDir("dest404")
        defer { try? FileManager.default.removeItem(atPath: dest) }
        XCTAssertThrowsError(try Download.mnist(to: dest, baseURL: "http://127.0.0.1:\(port)/nothing-here/")) { e in
            let m = "\(e)"
            XCTAssertTrue(
                m.contains("404") && m.contains("http://127.0.0.1:\(port)/nothing-here/train-images-idx3-ubyte.gz"), m)
        }
    }

    func testNonIDXResponseIsRejected() throws {
        try FileManager.default.createDirectory(atPath: serveDir + "/junk", withIntermediateDirectories: true)
        FileManager.default.createFile(
            atPath: serveDir + "/junk/train-images-idx3-ubyte.gz", contents: Data("<html>hi</html>".utf8))
        let dest = try makeTempDir("destjunk")
        defer { try? FileManager.default.removeItem(atPath: dest) }
        XCTAssertThrowsError(try Download.mnist(to: dest, baseURL: "http://127.0.0.1:\(port)/junk")) { e in
            XCTAssertTrue("\(e)".contains("did not give a valid IDX file"), "\(e)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dest), [])
    }

    func testUnreachableServerGivesClearMessage() throws {
        let dest = try makeTempDir("destoff")
        defer { try? FileManager.default.removeItem(atPath: dest) }
        // Port 9 (discard) on localhost: nothing listens, connection refused.
        XCTAssertThrowsError(try Download.mnist(to: dest, baseURL: "http://127.0.0.1:9/", timeout: 5)) { e in
            let m = "\(e)"
            XCTAssertTrue(
                m.contains("could not fetch http://127.0.0.1:9/train-images-idx3-ubyte.gz") && m.contains("online"), m)
        }
    }
}
