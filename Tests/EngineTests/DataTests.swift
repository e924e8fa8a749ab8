// Tests of the IDX reader, datasets, transforms and the DataLoader.
import Foundation
import GradEngine
import XCTest

/// A temporary folder removed at the end of the test.
func makeTempDir(_ tag: String) throws -> String {
    let p = NSTemporaryDirectory() + "gradstep-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
    return p
}

/// Writes a small MNIST-format folder: `n` train and `m` test images of `h×w`, pixel = (i·7 + j) % 256,
/// label = i % 10. Returns the folder.
func writeSmallIDX(_ dir: String, train n: Int = 23, test m: Int = 7, h: Int = 4, w: Int = 3, gz: Bool = true) throws {
    for (split, count) in [("train", n), ("t10k", m)] {
        var px: [UInt8] = []
        for i in 0..<count { for j in 0..<(h * w) { px.append(UInt8((i * 7 + j) % 256)) } }
        let ext = gz ? ".gz" : ""
        try IDX.write([count, h, w], px, to: "\(dir)/\(split)-images-idx3-ubyte\(ext)")
        try IDX.write([count], (0..<count).map { UInt8($0 % 10) }, to: "\(dir)/\(split)-labels-idx1-ubyte\(ext)")
    }
}

final class DataTests: XCTestCase {
    /// torchvision's layout (root/MNIST/raw, .gz) is found with download=True, without fetching: the
    /// base URL here answers nothing (port 9 on localhost).
    func testTorchvisionLayoutIsFoundWithoutDownloading() throws {
        let root = try makeTempDir("tvlayout")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/MNIST/raw", withIntermediateDirectories: true)
        try writeSmallIDX(root + "/MNIST/raw", train: 12, test: 4, h: 5, w: 5, gz: true)
        let url = "http://127.0.0.1:9/"
        XCTAssertEqual(try Datasets.mnist(root: root, train: true, download: true, baseURL: url).count, 12)
        XCTAssertEqual(try Datasets.mnist(root: root, train: false, download: true, baseURL: url).count, 4)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/train-images-idx3-ubyte.gz"))
    }

    func testIDXRoundTripRawAndGzip() throws {
        let dir = try makeTempDir("idx")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes: [UInt8] = (0..<24).map { UInt8($0 * 10) }
        for name in ["a.idx", "a.idx.gz"] {
            try IDX.write([2, 3, 4], bytes, to: dir + "/" + name)
            let a = try IDX.read(path: dir + "/" + name)
            XCTAssertEqual(a.dims, [2, 3, 4])
            XCTAssertEqual(a.data, bytes)
        }
        // The gzip one really is compressed (starts with 1f 8b).
        let gz = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/a.idx.gz"))
        XCTAssertEqual(Array(gz.prefix(2)), [0x1f, 0x8b])
    }

    func assertIDXError(_ bytes: [UInt8], _ fragment: String, file: StaticString = #filePath, line: UInt = #line) throws
    {
        let dir = try makeTempDir("idxbad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = dir + "/bad-idx"
        FileManager.default.createFile(atPath: p, contents: Data(bytes))
        XCTAssertThrowsError(try IDX.read(path: p), file: file, line: line) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains(p), "message should name the file: \(m)", file: file, line: line)
            XCTAssertTrue(m.contains(fragment), "expected '\(fragment)' in: \(m)", file: file, line: line)
        }
    }

    func testIDXErrorsNameFileAndProblem() throws {
        try assertIDXError([0x01, 0x02, 0x08, 0x01, 0, 0, 0, 1, 5], "bad magic")
        try assertIDXError([0, 0, 0x0D, 0x01, 0, 0, 0, 1, 5, 5, 5, 5], "unsupported IDX type code 0x0D")
        try assertIDXError([0, 0, 0x08], "truncated header")
        try assertIDXError([0, 0, 0x08, 0x03, 0, 0, 0, 2], "truncated header")
        try assertIDXError([0, 0, 0x08, 0x01, 0, 0, 0, 5, 1, 2, 3], "truncated data")
        try assertIDXError([0, 0, 0x08, 0x01, 0, 0, 0, 2, 1, 2, 3], "unexpected bytes")
        XCTAssertThrowsError(try IDX.read(path: "/nonexistent/x-idx")) { e in
            XCTAssertTrue("\(e)".contains("/nonexistent/x-idx") && "\(e)".contains("no such file"))
        }
    }

    func testTruncatedGzipIsReported() throws {
        let dir = try makeTempDir("gz")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes: [UInt8] = (0..<5000).map { _ in UInt8.random(in: 0...255) }
        try IDX.write([5000], bytes, to: dir + "/l.gz")
        let full = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/l.gz"))
        FileManager.default.createFile(atPath: dir + "/cut.gz", contents: full.prefix(full.count / 2))
        XCTAssertThrowsError(try IDX.read(path: dir + "/cut.gz")) { e in
            XCTAssertTrue("\(e)".contains("cut.gz"), "\(e)")
        }
    }

    func testFolderDatasetAndCountMismatch() throws {
        let dir = try makeTempDir("ds")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeSmallIDX(dir)
        let ds = try Datasets.idxFolder(dir, train: true, name: "Tiny")
        XCTAssertEqual(ds.count, 23)
        XCTAssertEqual(ds.imageShape, [4, 3])
        XCTAssertEqual(ds.labelValues[12], 2)
        XCTAssertEqual(try ds.rawImage(1).data[0], 7)
        XCTAssertEqual(try Datasets.idxFolder(dir, train: false).count, 7)
        // Labels file with a different count.
        try IDX.write([22], [UInt8](repeating: 1, count: 22), to: dir + "/train-labels-idx1-ubyte.gz")
        XCTAssertThrowsError(try Datasets.idxFolder(dir)) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("23 images") && m.contains("22 labels"), m)
        }
        XCTAssertThrowsError(try Datasets.idxFolder(dir + "/missing")) { e in
            XCTAssertTrue("\(e)".contains("does not exist"), "\(e)")
        }
        // MNIST without its files points at download=True.
        XCTAssertThrowsError(try Datasets.mnist(root: dir + "/missing")) { e in
            XCTAssertTrue("\(e)".contains("does not exist (download=True fetches MNIST"), "\(e)")
        }
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        XCTAssertThrowsError(try Datasets.mnist(root: dir + "/empty", train: false)) { e in
            XCTAssertTrue("\(e)".contains("not found in \(dir)/empty") && "\(e)".contains("download=True"), "\(e)")
        }
    }

    func testTransformsMatchTorchvisionArithmetic() throws {
        let x = try Tensor(shape: [2, 2], data: [0, 51, 255, 128], dtype: .int64)
        let t = try ToTensor().apply(x)
        XCTAssertEqual(t.shape, [1, 2, 2])
        XCTAssertEqual(t.data, [0, Float(51) / 255, 1, Float(128) / 255])
        let n = try Normalize(0.1307, 0.3081).apply(t)
        XCTAssertEqual(n.data, t.data.map { ($0 - Float(0.1307)) / Float(0.3081) })
        XCTAssertEqual(Normalize(0.1307, 0.3081).description, "Normalize(mean=(0.1307,), std=(0.3081,))")
        XCTAssertThrowsError(try Normalize(mean: [0.5], std: [0]))
        XCTAssertThrowsError(try Normalize(0, 1).apply(x))  // needs [C, H, W]
    }

    func testBulkAndPerSampleTransformsAgreeBitForBit() throws {
        let dir = try makeTempDir("bulk")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeSmallIDX(dir)
        let ds = try Datasets.idxFolder(dir, transforms: [ToTensor(), Normalize(0.1307, 0.3081)])
        XCTAssertEqual(try ds.prepareBulk(), [1, 4, 3])
        let (values, shape) = try ds.transformedValues()
        XCTAssertEqual(shape, [1, 4, 3])
        XCTAssertEqual(values.count, 23 * 12)
        // Pointwise transforms: the bulk form is a byte table, so the bytes stay (no float copy of the set).
        XCTAssertTrue(ds.rawInMemory)
        // The per-sample path on a fresh copy (no bulk form) gives the same bits as the bulk path.
        let fresh = try Datasets.idxFolder(dir, transforms: [ToTensor(), Normalize(0.1307, 0.3081)])
        for i in [0, 5, 22] {
            XCTAssertEqual(try fresh.sample(i).image.data, Array(values[(i * 12)..<((i + 1) * 12)]))
            // ... and the same as the arithmetic written out: (byte / 255 - mean) / std in float32.
            let bytes = (0..<12).map { Float((i * 7 + $0) % 256) }
            XCTAssertEqual(
                Array(values[(i * 12)..<((i + 1) * 12)]), bytes.map { ($0 / 255 - Float(0.1307)) / Float(0.3081) })
        }
        for i in [0, 5, 22] {
            let s = try ds.sample(i)
            XCTAssertEqual(s.image.shape, [1, 4, 3])
            XCTAssertEqual(s.image.data, Array(values[(i * 12)..<((i + 1) * 12)]))
            XCTAssertEqual(s.label, i % 10)
        }
        let b = try ds.transformedBatch([22, 0, 5])
        XCTAssertEqual(b.values, Array(values[(22 * 12)..<(23 * 12)] + values[0..<12] + values[(5 * 12)..<(6 * 12)]))
        XCTAssertThrowsError(try ds.transformedBatch([23]))
        XCTAssertEqual(try ds.rawImage(3).data, (0..<12).map { Float((3 * 7 + $0) % 256) })
        let sub = try ds.subset(5..<9)
        XCTAssertEqual(sub.count, 4)
        XCTAssertEqual(try sub.sample(0).image.data, try ds.sample(5).image.data)
        XCTAssertEqual(try ds.subset(first: 100).count, 23)
        XCTAssertThrowsError(try ds.subset(20..<30))
    }

    /// A transform that is not pointwise keeps the whole set in floats; the raw bytes of a file-backed
    /// dataset are then released and come back from the file on demand.
    func testNonPointwiseTransformsUseTheFloatCache() throws {
        struct Reverse: Transform {
            var description: String { "Reverse()" }
            func apply(_ x: Tensor) throws -> Tensor { try Tensor(shape: x.shape, data: x.data.reversed()) }
        }
        let dir = try makeTempDir("floats")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeSmallIDX(dir)
        let ds = try Datasets.idxFolder(dir, transforms: [ToTensor(), Reverse()])
        let (values, shape) = try ds.transformedValues()
        XCTAssertEqual(shape, [1, 4, 3])
        XCTAssertFalse(ds.rawInMemory)
        let fresh = try Datasets.idxFolder(dir, transforms: [ToTensor(), Reverse()])
        for i in [0, 5, 22] {
            XCTAssertEqual(try fresh.sample(i).image.data, Array(values[(i * 12)..<((i + 1) * 12)]))
            XCTAssertEqual(try ds.sample(i).image.data, Array(values[(i * 12)..<((i + 1) * 12)]))
        }
        XCTAssertEqual(try ds.rawImage(3).data, (0..<12).map { Float((3 * 7 + $0) % 256) })
        XCTAssertTrue(ds.rawInMemory)
    }

    func testDataLoaderBatchesShuffleSeedAndRestore() throws {
        let dir = try makeTempDir("dl")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeSmallIDX(dir)
        let ds = try Datasets.idxFolder(dir, transforms: [ToTensor()])
        let plain = try DataLoader(ds, batchSize: 5)
        XCTAssertEqual(plain.count, 5)
        var sizes: [Int] = []
        var firstTargets: [Float] = []
        for (data, target) in plain {
            sizes.append(data.shape[0])
            XCTAssertEqual(Array(data.shape.dropFirst()), [1, 4, 3])
            XCTAssertEqual(target.dtype, .int64)
            if firstTargets.isEmpty { firstTargets = target.data }
        }
        XCTAssertEqual(sizes, [5, 5, 5, 5, 3])
        XCTAssertEqual(firstTargets, [0, 1, 2, 3, 4])
        XCTAssertEqual(try DataLoader(ds, batchSize: 5, dropLast: true).count, 4)

        let a = try DataLoader(ds, batchSize: 4, shuffle: true, seed: 42)
        let b = try DataLoader(ds, batchSize: 4, shuffle: true, seed: 42)
        a.startEpoch()
        b.startEpoch()
        var seen: [Int] = []
        while let x = try a.nextBatch(), let y = try b.nextBatch() {
            XCTAssertEqual(x.indices, y.indices)
            XCTAssertEqual(x.data.data, y.data.data)
            seen += x.indices
        }
        XCTAssertEqual(seen.sorted(), Array(0..<23))
        XCTAssertNotEqual(seen, Array(0..<23))
        // A second epoch reshuffles.
        a.startEpoch()
        let e2 = try XCTUnwrap(try a.nextBatch())
        // Snapshot/restore rewinds position, order and generator exactly.
        let snap = a.snapshot()
        let next1 = try XCTUnwrap(try a.nextBatch())
        a.startEpoch()
        let after = try XCTUnwrap(try a.nextBatch())
        try a.restore(snap)
        XCTAssertEqual(try a.nextBatch()?.indices, next1.indices)
        a.startEpoch()
        XCTAssertEqual(try a.nextBatch()?.indices, after.indices)
        XCTAssertEqual(e2.data.shape, [4, 1, 4, 3])
        XCTAssertThrowsError(try DataLoader(ds, batchSize: 0))
        // A huge batch size is one batch of everything, not an overflow.
        let all = try DataLoader(ds, batchSize: Int.max)
        XCTAssertEqual(all.count, 1)
        XCTAssertEqual(try all.batch(0).data.shape[0], 23)
    }

    /// Fashion-MNIST from the Debian package (skipped when it is not installed).
    func testFashionMNISTFromDebianFolder() throws {
        let root = Datasets.debianFashionMNIST
        guard FileManager.default.fileExists(atPath: root + "/train-images-idx3-ubyte.gz") else {
            throw XCTSkip("dataset-fashion-mnist is not installed")
        }
        let t0 = Date()
        let train = try Datasets.fashionMNIST(root: root, train: true)
        let decode = Date().timeIntervalSince(t0)
        print(String(format: "decoded 60,000 Fashion-MNIST training images in %.3f s", decode))
        XCTAssertEqual(train.count, 60_000)
        XCTAssertEqual(train.imageShape, [28, 28])
        XCTAssertEqual(train.classNames[9], "Ankle boot")
        XCTAssertEqual(train.classCounts, [Int](repeating: 6000, count: 10))
        // Timing itself is a benchmark (release: about 0.2 s); this bound only catches pathologies.
        XCTAssertLessThan(decode, 10)
        let test = try Datasets.fashionMNIST(
            root: root, train: false, transforms: [ToTensor(), Normalize(0.1307, 0.3081)])
        XCTAssertEqual(test.count, 10_000)
        let img = try test.images()
        XCTAssertEqual(img.shape, [10_000, 1, 28, 28])
        let mean = img.data.reduce(0.0) { $0 + Double($1) } / Double(img.count)
        XCTAssertEqual(mean, (0.2868 - 0.1307) / 0.3081, accuracy: 0.02)  // Fashion-MNIST's mean pixel is about 0.286
    }

    func testDefaultRootFollowsEnvironment() {
        let saved = ProcessInfo.processInfo.environment["GRADSTEP_DATA"]
        defer {
            if let saved { setenv("GRADSTEP_DATA", saved, 1) } else { unsetenv("GRADSTEP_DATA") }
        }
        setenv("GRADSTEP_DATA", "/tmp/some-data", 1)
        XCTAssertEqual(Datasets.defaultRoot, "/tmp/some-data")
        unsetenv("GRADSTEP_DATA")
        XCTAssertEqual(Datasets.defaultRoot, Datasets.debianFashionMNIST)
    }
}

final class DataLoaderAssemblyTests: XCTestCase {
    /// Per-sample assembly (torchvision's way) gives the same batches, bit for bit, as bulk slicing.
    func testPerSampleAndBulkBatchesAreIdentical() throws {
        let dir = try makeTempDir("asm")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeSmallIDX(dir)
        let tf: [Transform] = [ToTensor(), Normalize(0.1307, 0.3081)]
        let bulk = try DataLoader(try Datasets.idxFolder(dir, transforms: tf), batchSize: 6, shuffle: true, seed: 5)
        let per = try DataLoader(
            try Datasets.idxFolder(dir, transforms: tf), batchSize: 6, shuffle: true, seed: 5,
            assembly: .perSample)
        var n = 0
        for ((x1, y1), (x2, y2)) in zip(bulk, per) {
            XCTAssertEqual(x1.shape, x2.shape)
            XCTAssertEqual(x1.data, x2.data)
            XCTAssertEqual(y1.data, y2.data)
            n += 1
        }
        XCTAssertEqual(n, 4)
        XCTAssertTrue(per.dataset.rawInMemory, "per-sample assembly keeps bytes, no float cache")
        XCTAssertTrue(bulk.dataset.rawInMemory, "pointwise transforms: the bulk path reads bytes through a table")
    }
}
