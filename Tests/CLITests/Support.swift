// Support: runs the real `gradstep` binary for the CLI tests. The binary is found next to the test
// bundle (same build folder and configuration: `.build/release/gradstep` when the tests run in
// release, as CI does), or at `$GRADSTEP_BIN`. Every run gets its own state folder
// (XDG_STATE_HOME) so progress and history never touch the user's.
import Foundation
import XCTest

struct CommandResult {
    var stdout: String
    var stderr: String
    var status: Int32
}

enum CLI {
    /// The package root (this file is Tests/CLITests/Support.swift).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let lessonsDir = packageRoot + "/lessons"

    /// The build products folder holding the test bundle (and the gradstep binary).
    static func productsDir() -> String? {
        for b in Bundle.allBundles where b.bundlePath.hasSuffix(".xctest") {
            return (b.bundlePath as NSString).deletingLastPathComponent
        }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = (exe as NSString).deletingLastPathComponent
            // Inside a bundle on Linux: .../gradstepPackageTests.xctest is the executable itself.
            if dir.hasSuffix(".xctest") { dir = (dir as NSString).deletingLastPathComponent }
            return dir
        }
        return nil
    }

    static func binary() throws -> String {
        if let env = ProcessInfo.processInfo.environment["GRADSTEP_BIN"], !env.isEmpty { return env }
        guard let dir = productsDir() else { throw XCTSkip("cannot locate the build folder of the test bundle") }
        let path = dir + "/gradstep"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("no gradstep binary at \(path); build it (swift build) first")
        }
        return path
    }

    /// Where Debian's dataset-fashion-mnist installs the IDX files (the binary's default data).
    static let defaultDataRoot = "/usr/share/datasets/fashion-mnist"

    /// Where the binary finds Fashion-MNIST when started by `run` (which passes GRADSTEP_DATA on).
    static var dataRoot: String { ProcessInfo.processInfo.environment["GRADSTEP_DATA"] ?? defaultDataRoot }

    /// Skips the calling test unless Fashion-MNIST's test split (gzip or not) is in `root`.
    static func requireFashionMNIST(at root: String = dataRoot) throws {
        guard
            FileManager.default.fileExists(atPath: root + "/t10k-images-idx3-ubyte.gz")
                || FileManager.default.fileExists(atPath: root + "/t10k-images-idx3-ubyte")
        else {
            throw XCTSkip("Fashion-MNIST is not installed at \(root)")
        }
    }

    /// A fresh temporary folder, removed by the caller.
    static func tempDir(_ tag: String) -> String {
        let dir = NSTemporaryDirectory() + "gradstep-cli-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs `gradstep args...` with `stdin` as standard input; env adds to (and overrides) a clean
    /// environment: PATH, HOME, XDG_STATE_HOME (a temp folder), NO_COLOR=1, TERM=dumb.
    static func run(
        _ args: [String], stdin: String = "", env: [String: String] = [:],
        cwd: String? = nil, timeout: Double = 300
    ) throws -> CommandResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try binary())
        p.arguments = args
        let state = tempDir("state")
        defer { try? FileManager.default.removeItem(atPath: state) }
        var e: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp",
            "XDG_STATE_HOME": state, "NO_COLOR": "1", "TERM": "dumb",
        ]
        for k in ["GRADSTEP_DATA", "GRADSTEP_LESSONS"] {
            if let v = ProcessInfo.processInfo.environment[k] { e[k] = v }
        }
        for (k, v) in env { e[k] = v }
        p.environment = e
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        try p.run()
        inPipe.fileHandleForWriting.write(Data(stdin.utf8))
        try? inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning {
            p.terminate()
            throw CLIError("gradstep \(args.joined(separator: " ")) did not finish within \(timeout) s")
        }
        group.wait()
        return CommandResult(
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), status: p.terminationStatus)
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A `tmux` session on its own server socket, for driving `gradstep learn` through a real terminal.
final class TmuxSession {
    let socket: String
    let name = "t"

    init(command: String, width: Int = 100, height: Int = 50) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw XCTSkip("tmux is not installed")
        }
        socket = "gradstep-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // NOTE: the tmux server forks from this call and keeps inherited descriptors open, so its
        // output goes to /dev/null. tmux runs through system()/popen(), which wait for their child
        // themselves (Foundation's Process did not notice the tmux client's exit inside XCTest).
        let status = system(
            "/usr/bin/tmux -L \(socket) new-session -d -s \(name) -x \(width) -y \(height) "
                + "\(TmuxSession.quote(command)) </dev/null >/dev/null 2>&1"
        )
        guard status == 0 else { throw CLIError("tmux new-session failed with status \(status)") }
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let cmd = "/usr/bin/tmux -L \(socket) " + args.map(TmuxSession.quote).joined(separator: " ") + " 2>/dev/null"
        guard let f = popen(cmd, "r") else { throw CLIError("cannot run \(cmd)") }
        var out = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        pclose(f)
        return String(decoding: out, as: UTF8.self)
    }

    /// Types text; `enter` presses Enter after it.
    func send(_ text: String, enter: Bool = true) throws {
        if !text.isEmpty { try tmux(["send-keys", "-t", name, "-l", text]) }
        if enter { try tmux(["send-keys", "-t", name, "Enter"]) }
    }

    /// Presses a key by tmux name: "Tab", "Enter", "C-c", "Up".
    func key(_ key: String) throws { try tmux(["send-keys", "-t", name, key]) }

    /// The whole scrollback and screen as text.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-J", "-S", "-3000", "-t", name])
    }

    /// Waits until the screen contains `text` `count` times (or more); throws with the screen otherwise.
    @discardableResult
    func wait(for text: String, count: Int = 1, timeout: Double = 60) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = (try? screen()) ?? ""
            if last.components(separatedBy: text).count - 1 >= count { return last }
            usleep(50_000)
        }
        throw CLIError("timed out waiting for «\(text)» ×\(count); screen:\n\(last)")
    }

    /// Waits until `text` appears after the last occurrence of `anchor` on the screen.
    @discardableResult
    func wait(for text: String, after anchor: String, timeout: Double = 60) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = (try? screen()) ?? ""
            if let a = last.range(of: anchor, options: .backwards), last[a.upperBound...].contains(text) {
                return String(last[a.upperBound...])
            }
            usleep(50_000)
        }
        throw CLIError("timed out waiting for «\(text)» after «\(anchor)»; screen:\n\(last)")
    }

    func close() { _ = try? tmux(["kill-server"]) }
}
