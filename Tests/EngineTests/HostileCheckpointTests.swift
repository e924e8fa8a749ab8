// HostileCheckpointTests: saves that fail half-way, targets that are not regular files, temporary
// files of killed saves, and optimizer files with hostile learning rates (issue 10).
import Foundation
import GradEngine
import XCTest

final class HostileCheckpointTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try makeTempDir("hostile-ckpt") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// A Linear(60, 100) with Adam state after one step (model file ~24 KB, optimizer file ~48 KB).
    func trainedPair() throws -> (Linear, Adam) {
        RNG.manualSeed(3)
        let net = try Linear(60, 100)
        let opt = try Adam(net.parameters(), lr: 0.01)
        try step(net, opt)
        return (net, opt)
    }

    func step(_ net: Linear, _ opt: Adam) throws {
        opt.zeroGrad()
        try (try net(try Tensor.randn([4, 60]))).sum().backward()
        try opt.step()
    }

    func contents(_ p: String) -> Data? { FileManager.default.contents(atPath: p) }

    func testModelAndOptimizerAreReplacedTogetherOrNotAtAll() throws {
        let (net, opt) = try trainedPair()
        let p = dir + "/net.safetensors", op = dir + "/net.optim.safetensors"
        try Checkpoint.save(model: net, optimizer: opt, to: p)
        let v1 = (contents(p), contents(op))
        try step(net, opt)

        // A file-size limit between the two files' sizes: the model's temporary file fits, the
        // optimizer's does not (as a full disk would do). Before: net.safetensors was replaced.
        var old = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        var small = old
        small.rlim_cur = 32 << 10
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small)
        XCTAssertThrowsError(try Checkpoint.save(model: net, optimizer: opt, to: p)) { e in
            XCTAssertTrue("\(e)".contains("none of net.safetensors, net.optim.safetensors was replaced"), "\(e)")
        }
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        signal(SIGXFSZ, oldHandler)
        XCTAssertEqual(contents(p), v1.0, "the model file must be unchanged")
        XCTAssertEqual(contents(op), v1.1)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir).sorted(),
            ["net.optim.safetensors", "net.safetensors"])

        // An optimizer file from another save is refused, not paired with the wrong weights.
        let saved = try XCTUnwrap(contents(op))
        try Checkpoint.save(model: net, optimizer: opt, to: p)
        FileManager.default.createFile(atPath: op, contents: saved)
        let (net2, opt2) = try trainedPair()
        let before = net2.parameters().map(\.data)
        XCTAssertThrowsError(try Checkpoint.load(into: net2, optimizer: opt2, from: p)) { e in
            XCTAssertTrue("\(e)".contains("was saved with a different model file"), "\(e)")
        }
        XCTAssertEqual(net2.parameters().map(\.data), before)
    }

    func testSaveRefusesWhatIsNotARegularFile() throws {
        let net = try Linear(2, 2)
        let fifo = dir + "/fifo", link = dir + "/link", device = dir + "/null", real = dir + "/real.txt"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        FileManager.default.createFile(atPath: real, contents: Data("keep".utf8))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let haveDevice = mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0  // needs root
        for (path, kind) in [(fifo, "a FIFO (named pipe)"), (link, "a symbolic link"), (dir, "a folder")]
            + (haveDevice ? [(device, "a device")] : [])
        {
            XCTAssertThrowsError(try Checkpoint.save(model: net, to: path)) { e in
                XCTAssertTrue("\(e)".contains("is \(kind); gradstep only replaces regular files"), "\(e)")
            }
        }
        var st = stat()
        lstat(fifo, &st)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO)
        lstat(link, &st)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFLNK)
        if haveDevice {
            lstat(device, &st)
            XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR)
        }
        XCTAssertEqual(contents(real), Data("keep".utf8))
        XCTAssertThrowsError(try Checkpoint.save(model: net, to: dir + "/a\u{0}b")) { e in
            XCTAssertTrue("\(e)".contains("embedded null byte"), "\(e)")
        }
    }

    func testStaleTemporaryFilesOfKilledSavesAreRemoved() throws {
        let net = try Linear(2, 2)
        let p = dir + "/net.safetensors"
        // A pid that no longer runs: a child that has exited.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let stale = dir + "/.net.safetensors.tmp-\(child.processIdentifier)-12345"
        let live = dir + "/.net.safetensors.tmp-1-777"  // pid 1 runs: not ours to remove
        let other = dir + "/.other.safetensors.tmp-\(child.processIdentifier)-1"
        for f in [stale, live, other] { FileManager.default.createFile(atPath: f, contents: Data(count: 100)) }
        try Checkpoint.save(model: net, to: p)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        XCTAssertFalse(names.contains((stale as NSString).lastPathComponent))
        XCTAssertTrue(names.contains((live as NSString).lastPathComponent))
        XCTAssertTrue(names.contains((other as NSString).lastPathComponent))
    }

    func testHostileLearningRatesAreRejectedOnLoad() throws {
        let (net, opt) = try trainedPair()
        let p = dir + "/net.safetensors", op = dir + "/net.optim.safetensors"
        try Checkpoint.save(model: net, optimizer: opt, to: p)
        let c = try Safetensors.read(op)
        for bad in ["nan", "inf", "-5", "1e999"] {
            var meta = c.metadata
            meta["lr"] = bad
            try Safetensors.write(c.tensors.map { ($0.name, $0.tensor) }, metadata: meta, to: op)
            let (net2, opt2) = try trainedPair()
            let before = net2.parameters().map(\.data)
            XCTAssertThrowsError(try Checkpoint.load(into: net2, optimizer: opt2, from: p)) { e in
                XCTAssertTrue("\(e)".contains("invalid learning rate \(bad)"), "\(e)")
            }
            XCTAssertEqual(opt2.lr, 0.01)
            XCTAssertEqual(net2.parameters().map(\.data), before)
        }
    }
}

extension HostileCheckpointTests {
    /// Rewrites the optimizer file of a saved pair with `edit` applied to its tensors and metadata.
    func rewriteOptimizerFile(
        _ op: String, _ edit: (inout [(String, Tensor)], inout [String: String]) -> Void
    ) throws {
        let c = try Safetensors.read(op)
        var tensors = c.tensors.map { ($0.name, $0.tensor) }
        var meta = c.metadata
        edit(&tensors, &meta)
        try Safetensors.write(tensors, metadata: meta, to: op)
    }

    func testUnknownOptimizerBuffersAndBadStepCountsAreRefusedOnLoad() throws {
        let (net, opt) = try trainedPair()
        let p = dir + "/net.safetensors", op = dir + "/net.optim.safetensors"
        try Checkpoint.save(model: net, optimizer: opt, to: p)
        // Was: loaded without a word, the renamed moment silently not restored.
        try rewriteOptimizerFile(op) { tensors, _ in
            tensors = tensors.map { ($0.0 == "weight.exp_avg" ? "weight.bogus_buffer" : $0.0, $0.1) }
        }
        let (net2, opt2) = try trainedPair()
        let before = (net2.parameters().map(\.data), opt2.state)
        XCTAssertThrowsError(try Checkpoint.load(into: net2, optimizer: opt2, from: p)) { e in
            XCTAssertTrue(
                "\(e)".contains(
                    "weight.bogus_buffer: Adam keeps no buffer named 'bogus_buffer' (it keeps exp_avg, exp_avg_sq)"),
                "\(e)")
            XCTAssertTrue("\(e)".contains("nothing was loaded"), "\(e)")
        }
        XCTAssertEqual(net2.parameters().map(\.data), before.0)
        XCTAssertEqual(opt2.state, before.1)

        // A negative step count is named as such (was "missing step count" plus "unexpected tensor").
        try Checkpoint.save(model: net, optimizer: opt, to: p)
        try rewriteOptimizerFile(op) { _, meta in meta["step.weight"] = "-1" }
        XCTAssertThrowsError(try Checkpoint.load(into: net2, optimizer: opt2, from: p)) { e in
            XCTAssertTrue("\(e)".contains("invalid step count -1 for weight"), "\(e)")
            XCTAssertFalse("\(e)".contains("unexpected"), "\(e)")
        }
        XCTAssertEqual(opt2.state, before.1)
        // Was loaded, and the next step wrapped the count to a negative one (Adam's update then NaN).
        try rewriteOptimizerFile(op) { _, meta in meta["step.weight"] = "9223372036854775807" }
        XCTAssertThrowsError(try Checkpoint.load(into: net2, optimizer: opt2, from: p)) { e in
            XCTAssertTrue("\(e)".contains("invalid step count 9223372036854775807 for weight"), "\(e)")
        }
        XCTAssertEqual(opt2.state, before.1)
    }

    func testLoadStateRefusesBuffersTheOptimizerDoesNotKeep() throws {
        let (net, opt) = try trainedPair()
        var st = opt.state
        st[0].buffers["momentum_buffer"] = st[0].buffers["exp_avg"]
        let options = opt.groups.map { $0.options }
        XCTAssertThrowsError(
            try opt.loadState(
                groupOptions: options, groupSizes: [2],
                states: Dictionary(uniqueKeysWithValues: st.enumerated().map { ($0, $1) })
            )
        ) { e in
            XCTAssertTrue(
                "\(e)".contains(
                    "state 'momentum_buffer' of parameter 0: Adam keeps no such buffer (it keeps exp_avg, exp_avg_sq); "
                        + "nothing was loaded"
                ), "\(e)")
        }
        _ = net
    }
}
