// Tests of safetensors checkpoints: format bytes, round trips, atomic writes, error messages,
// all-or-nothing loading, optimizer state, and (when installed) Python's safetensors reading them.
import Foundation
import GradBench
import GradEngine
import XCTest

final class CheckpointTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try makeTempDir("ckpt") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testFileLayoutIsSafetensors() throws {
        let a = try Tensor(shape: [2, 2], data: [1, -2, 0.5, 3])
        let b = try Tensor(shape: [3], data: [7, 8, 9])
        let p = dir + "/t.safetensors"
        try Checkpoint.save([("a", a), ("b", b)], to: p, metadata: ["format": "pt"])
        let bytes = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: p)))
        var n = 0
        for i in (0..<8).reversed() { n = n << 8 | Int(bytes[i]) }
        XCTAssertEqual(n % 8, 0)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(
            header,
            #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F3"#
                + #"2","shape":[3],"data_offsets":[16,28]}}"#
        )
        XCTAssertEqual(bytes.count, 8 + n + 28)
        // First value 1.0f little-endian: 00 00 80 3f.
        XCTAssertEqual(Array(bytes[(8 + n)..<(12 + n)]), [0x00, 0x00, 0x80, 0x3f])
        let c = try Safetensors.read(p)
        XCTAssertEqual(c.metadata, ["format": "pt"])
        XCTAssertEqual(c.tensors.map(\.name), ["a", "b"])
        XCTAssertEqual(c.tensors[0].tensor.data, a.data)
        XCTAssertEqual(c.tensors[1].tensor.shape, [3])
    }

    func testModelRoundTripAndNoTemporaryFiles() throws {
        RNG.manualSeed(5)
        let a = try SeedNet()
        let b = try SeedNet()
        let p = dir + "/net.safetensors"
        try Checkpoint.save(model: a, to: p)
        try Checkpoint.save(model: a, to: p)  // overwrite in place
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["net.safetensors"])
        XCTAssertNotEqual(b.parameters().map(\.data), a.parameters().map(\.data))
        try Checkpoint.load(into: b, from: p)
        XCTAssertEqual(b.parameters().map(\.data), a.parameters().map(\.data))
        XCTAssertEqual(Set(try Checkpoint.load(p).keys), Set(a.namedParameters().map { $0.0 }))
    }

    func testCorruptAndMismatchedFilesChangeNothing() throws {
        RNG.manualSeed(6)
        let a = try SeedNet()
        let b = try SeedNet()
        let before = b.parameters().map(\.data)
        let p = dir + "/net.safetensors"
        try Checkpoint.save(model: a, to: p)
        let full = try XCTUnwrap(FileManager.default.contents(atPath: p))

        // Truncated: the tensor that runs past the end is named.
        let cut = dir + "/cut.safetensors"
        FileManager.default.createFile(atPath: cut, contents: full.prefix(full.count - 100))
        XCTAssertThrowsError(try Checkpoint.load(into: b, from: cut)) { e in
            let m = "\(e)"
            XCTAssertTrue(
                m.contains("cut.safetensors") && m.contains("fc2.weight, fc2.bias") && m.contains("truncated"), m)
        }
        // Garbage header.
        let junk = dir + "/junk.safetensors"
        FileManager.default.createFile(
            atPath: junk, contents: Data([16, 0, 0, 0, 0, 0, 0, 0] + Array("not json at all!".utf8)))
        XCTAssertThrowsError(try Checkpoint.load(into: b, from: junk)) { e in
            XCTAssertTrue("\(e)".contains("not a JSON object"), "\(e)")
        }
        // A header claiming an absurd shape.
        let huge = dir + "/huge.safetensors"
        var hdr = Array(#"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#.utf8)
        while hdr.count % 8 != 0 { hdr.append(0x20) }
        FileManager.default.createFile(
            atPath: huge,
            contents: Data([UInt8(hdr.count), 0, 0, 0, 0, 0, 0, 0] + hdr + [UInt8](repeating: 0, count: 16)))
        XCTAssertThrowsError(try Checkpoint.load(huge)) { e in
            XCTAssertTrue("\(e)".contains("\"w\"") && "\(e)".contains("impossibly large"), "\(e)")
        }
        // Missing tensor and wrong shape.
        var named = a.stateDict().filter { $0.0 != "conv2.bias" }
        named[0] = ("conv1.weight", try Tensor.zeros([10, 1, 3, 3]))
        let bad = dir + "/bad.safetensors"
        try Checkpoint.save(named, to: bad)
        XCTAssertThrowsError(try Checkpoint.load(into: b, from: bad)) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("conv2.bias") && m.contains("conv1.weight") && m.contains("[10, 1, 3, 3]"), m)
        }
        XCTAssertThrowsError(try Checkpoint.load(into: b, from: dir + "/none.safetensors")) { e in
            XCTAssertTrue("\(e)".contains("no such file"), "\(e)")
        }
        XCTAssertEqual(b.parameters().map(\.data), before)
    }

    func testOptimizerStateRoundTrip() throws {
        RNG.manualSeed(7)
        let net = try SeedNet()
        let opt = try SGD(net.parameters(), lr: 0.05, momentum: 0.9)
        let x = try Tensor.randn([4, 1, 28, 28])
        let y = try Tensor(shape: [4], data: [1, 2, 3, 4], dtype: .int64)
        for _ in 0..<2 {
            opt.zeroGrad()
            try Functional.crossEntropy(try net(x), y).backward()
            try opt.step()
        }
        let p = dir + "/net.safetensors"
        let written = try Checkpoint.save(model: net, optimizer: opt, to: p)
        XCTAssertEqual(written, [p, dir + "/net.optim.safetensors"])
        let c = try Safetensors.read(dir + "/net.optim.safetensors")
        XCTAssertEqual(c.metadata["optimizer"], "SGD")
        XCTAssertEqual(c.metadata["step.fc1.weight"], "2")
        XCTAssertNotNil(c.dictionary["conv1.weight.momentum_buffer"])

        RNG.manualSeed(8)
        let net2 = try SeedNet()
        let opt2 = try SGD(net2.parameters(), lr: 0.01, momentum: 0.9)
        try Checkpoint.load(into: net2, optimizer: opt2, from: p)
        XCTAssertEqual(opt2.state, opt.state)
        XCTAssertEqual(opt2.lr, 0.05)
        // Loading SGD state into Adam is refused, and the model is not touched either.
        let net3 = try SeedNet()
        let before = net3.parameters().map(\.data)
        XCTAssertThrowsError(try Checkpoint.load(into: net3, optimizer: try Adam(net3.parameters()), from: p)) { e in
            XCTAssertTrue("\(e)".contains("SGD") && "\(e)".contains("Adam"), "\(e)")
        }
        XCTAssertEqual(net3.parameters().map(\.data), before)
    }

    func testSaveIntoMissingFolderFails() throws {
        XCTAssertThrowsError(
            try Checkpoint.save([("a", try Tensor.zeros([1]))], to: dir + "/no/such/dir/x.safetensors")
        ) { e in
            XCTAssertTrue("\(e)".contains("does not exist"), "\(e)")
        }
    }

    func testLoadingAFolderSaysSo() throws {
        XCTAssertThrowsError(try Safetensors.read(dir)) { e in
            XCTAssertTrue("\(e)".contains("\(dir) is a folder, not a safetensors file"), "\(e)")
        }
        XCTAssertThrowsError(try Safetensors.read(dir + "/none.safetensors")) { e in
            XCTAssertTrue("\(e)".contains("no such file"), "\(e)")
        }
    }

    /// Python's reference implementation reads our file (skipped when `safetensors` is not installed).
    func testPythonSafetensorsReadsIt() throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import safetensors.numpy"]
        check.standardError = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        guard check.terminationStatus == 0 else { throw XCTSkip("python3 with safetensors and numpy is not installed") }
        RNG.manualSeed(9)
        let net = try SeedNet()
        let p = dir + "/net.safetensors"
        try Checkpoint.save(model: net, to: p)
        let script = """
            from safetensors.numpy import load_file
            d = load_file('\(p)')
            print(' '.join(f"{k}:{'x'.join(map(str, v.shape))}:{v.dtype}:{float(v.astype('float64').sum()):.6f}" for \
            k, v in sorted(d.items())))
            """
        let py = Process()
        py.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        py.arguments = ["python3", "-c", script]
        let out = Pipe()
        py.standardOutput = out
        try py.run()
        py.waitUntilExit()
        XCTAssertEqual(py.terminationStatus, 0)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let want = net.namedParameters().sorted { $0.0 < $1.0 }.map { n, t in
            "\(n):\(t.shape.map(String.init).joined(separator: "x")):float32:"
                + String(format: "%.6f", t.data.reduce(0.0) { $0 + Double($1) })
        }.joined(separator: " ")
        XCTAssertEqual(text, want)
    }
}
