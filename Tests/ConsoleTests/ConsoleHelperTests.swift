// Tests of the console's own helpers: tensor statistics (`:show`), `:timeit` formatting and the
// history file.

import Foundation
import GradConsole
import GradEngine
import GradRender
import XCTest

final class StatsAndTimeItTests: XCTestCase {
    func testTensorStats() throws {
        let s = try XCTUnwrap(TensorStats([1, 2, 3, 4, .nan]))
        XCTAssertEqual(s.count, 4)
        XCTAssertEqual(s.min, 1)
        XCTAssertEqual(s.max, 4)
        XCTAssertEqual(s.mean, 2.5)
        XCTAssertEqual(s.std, 1.2909944, accuracy: 1e-6)  // unbiased, as torch.std
        XCTAssertEqual(s.nonFinite, 1)
        XCTAssertEqual(s.summary, "min 1  max 4  mean 2.5  std 1.291  (1 NaN/inf left out)")
        XCTAssertNil(TensorStats([.nan]))
    }

    func testTimeItFormatting() {
        XCTAssertEqual(TimeIt.duration(0.00123), "1.23 ms")
        XCTAssertEqual(TimeIt.duration(4.56e-5), "45.6 µs")
        XCTAssertEqual(TimeIt.duration(2.5), "2.5 s")
        let r = TimeIt.Result(mean: 0.00123, std: 4.56e-5, runs: 7, loops: 100)
        XCTAssertEqual(TimeIt.format(r), "1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)")
    }

    func testTimeItCalibratesLoops() {
        var now = 0.0
        var calls = 0
        let tick = 1.0 / 1024  // exact in binary
        let r = TimeIt.measure(budget: 1.0, clock: { now }) {
            calls += 1
            now += tick
        }
        // ~0.98 ms per call: 200 loops take 0.195 s, so 500 loops (0.49 s) make a run; the 1 s
        // budget allows 2 runs (the calibration run counts as the first).
        XCTAssertEqual(r.loops, 500)
        XCTAssertEqual(r.runs, 2)
        XCTAssertEqual(r.mean, tick)
        XCTAssertEqual(r.std, 0)
        XCTAssertEqual(calls, 1 + 2 + 5 + 10 + 20 + 50 + 100 + 200 + 500 + 500)
    }
}

final class HistoryTests: XCTestCase {
    func testDefaultPathFollowsXDG() {
        XCTAssertEqual(History.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]), "/s/gradstep/history")
        XCTAssertEqual(History.defaultPath(environment: ["HOME": "/h"]), "/h/.local/state/gradstep/history")
        XCTAssertEqual(History.defaultPath(environment: ["GRADSTEP_HISTORY": "/x/h", "HOME": "/h"]), "/x/h")
        XCTAssertNil(History.defaultPath(environment: ["GRADSTEP_HISTORY": ""]))
    }

    func testSavesAndCapsAndWarnsOnce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gs-hist-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state/gradstep/history").path
        var warnings: [String] = []
        let h = History(path: path, capacity: 3, warn: { warnings.append($0) })
        h.load()
        for i in 1...5 { h.add("x = \(i)") }
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(saved.contains("x = 5"))
        XCTAssertEqual(h.entries.suffix(3), ["x = 3", "x = 4", "x = 5"])
        // Loading again caps the file at 3 lines.
        let h2 = History(path: path, capacity: 3, warn: { warnings.append($0) })
        h2.load()
        let capped = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(capped, ["x = 3", "x = 4", "x = 5"])
        XCTAssertEqual(warnings, [])

        // A file that cannot be written: one warning, however many lines follow.
        let bad = History(path: "/proc/gradstep-no-such/history", capacity: 3, warn: { warnings.append($0) })
        bad.load()
        bad.add("a = 1")
        bad.add("b = 2")
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("/proc/gradstep-no-such"), warnings[0])
    }

    func testAFileInTheWayIsNamed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gs-hist-file-\(UUID().uuidString)")
            .path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var warnings: [String] = []
        let h = History(path: file + "/gradstep/history", capacity: 3, warn: { warnings.append($0) })
        h.load()
        h.add("a = 1")
        XCTAssertEqual(
            warnings,
            [
                "gradstep: warning: cannot create history folder \(file)/gradstep: \(file) is a file, not a folder; "
                    + "history will not be saved"
            ])
    }
}
