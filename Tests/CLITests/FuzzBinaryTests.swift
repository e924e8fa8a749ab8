// FuzzBinaryTests: a short run of scripts/fuzz-binary.py against the built binary: mutated lessons
// through `gradstep run`, mutated programs piped into `gradstep repl` (and `run FILE.py` when the
// binary has it), under an address-space limit. Zero processes may die of a signal or hang.
// The full 100,000-input run is done by hand (README, "Reliability"); this keeps CI's suite short.
import Foundation
import XCTest

final class FuzzBinaryTests: XCTestCase {
    func testMutatedLessonsAndProgramsNeitherCrashNorHang() throws {
        let bin = try CLI.binary()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { throw XCTSkip("no python3") }
        let count = ProcessInfo.processInfo.environment["GRADSTEP_FUZZ_INPUTS"] ?? "160"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [
            CLI.packageRoot + "/scripts/fuzz-binary.py", "--inputs", count, "--per-process", "40",
            "--seed", "\(Int(Date().timeIntervalSince1970) % 100_000)", "--binary", bin,
            "--timeout", "240", "--keep", CLI.tempDir("fuzz-failures"),
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 0, text)
        XCTAssertTrue(text.contains(": 0 signals, 0 time-outs"), text)
    }
}
