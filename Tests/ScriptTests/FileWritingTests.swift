// FileWritingTests: what Python itself would do differently and so cannot be recorded from CPython:
// open() for writing refuses symbolic links, FIFOs and devices as torch.save does (a FIFO must not
// hang the script), np.load never unpickles, and bytes literals are checked by the lexer as Python's
// are. Everything is written in a fresh temporary folder. (What matches Python is checked against
// CPython's recording in PythonLanguageTests, files_writing.py.)

import Foundation
import GradScript
import XCTest

final class FileWritingTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "gradstep-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func error(_ src: String) -> ScriptError? {
        do { try Interpreter().execute(src) } catch let e as ScriptError { return e } catch {
            XCTFail("not a ScriptError: \(error)")
        }
        return nil
    }

    func testWritingRefusesLinksFifosAndDevicesWithoutHanging() throws {
        let target = dir + "/target.txt"
        try "keep".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.txt", withDestinationPath: target)
        XCTAssertEqual(mkfifo(dir + "/fifo", 0o600), 0)
        for (path, mode, kind) in [
            (dir + "/link.txt", "w", "a symbolic link"), (dir + "/link.txt", "a", "a symbolic link"),
            (dir + "/fifo", "w", "a FIFO (named pipe)"), (dir + "/fifo", "rb", "a FIFO (named pipe)"),
            (dir + "/fifo", "r", "a FIFO (named pipe)"), ("/dev/null", "wb", "a device"),
            (
                "/dev/zero", "r",
                "a "
                    + "device"
            ),
        ] {
            let e = error("f = open('\(path)', '\(mode)')")
            XCTAssertEqual(e?.kind, "PermissionError", "\(path) \(mode)")
            XCTAssertEqual(
                e?.message, "open(): '\(path)' is \(kind); gradstep scripts open regular files only", "\(path) \(mode)")
        }
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "keep", "the link's target is unchanged")
        // reading through a link to a regular file is allowed, as in Python
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        try interp.execute("print(open('\(dir)/link.txt', 'rb').read(), open('\(dir)/link.txt').read())")
        XCTAssertEqual(out, ["b'keep' keep"])
        XCTAssertEqual(error("import os\nos.remove('\(dir)/link.txt')")?.kind, "PermissionError")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/link.txt"))
    }

    func testTorchSaveToFileObjectsAndModes() throws {
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        try interp.execute(
            """
            f = open('\(dir)/a.pt', 'wb')
            torch.save({'x': torch.tensor([1.5, 2.0])}, f)
            f.close()
            print(torch.load(open('\(dir)/a.pt', 'rb'))['x'])
            """)
        XCTAssertEqual(out, ["tensor([1.5000, 2.0000])"])
        XCTAssertEqual(
            error("torch.save(1, open('\(dir)/t.pt', 'w'))")?.message, "write() argument must be str, not memoryview")
        XCTAssertEqual(error("torch.save(1, open('\(dir)/a.pt', 'rb'))")?.kind, "UnsupportedOperation")
        XCTAssertEqual(error("torch.load('\(dir)')")?.kind, "IsADirectoryError")
        XCTAssertEqual(
            error("import numpy as np\nnp.load('\(dir)/a.pt')")?.message,
            "Cannot load file containing pickled data when allow_pickle=False")
        XCTAssertEqual(error("import numpy as np\nnp.load('\(dir)/a.pt', allow_pickle=True)")?.kind, "ValueError")
    }

    func testBytesLiteralsAreCheckedAsPythonChecksThem() {
        XCTAssertEqual(error("b = b'caf\u{e9}'")?.message, "bytes can only contain ASCII literal characters")
        XCTAssertEqual(error("b = b'a' 'b'")?.message, "cannot mix bytes and nonbytes literals")
        XCTAssertEqual(error("b = 'a' b'b'")?.message, "cannot mix bytes and nonbytes literals")
        XCTAssertEqual(error("b = b'\\x4'")?.kind, "SyntaxError")
    }
}
