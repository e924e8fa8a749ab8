// HostileDataTests: IDX headers that claim more than the file holds (issue 10). gradstep once
// allocated and zero-filled what the header said (up to 16 GiB) before finding the file short.
import Foundation
import GradEngine
import XCTest

final class HostileDataTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "gradstep-hostile-idx-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// A 16-byte IDX header claiming dims, raw or gzip.
    func header(_ dims: [Int], name: String) throws -> String {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dims.count)]
        for d in dims { bytes += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
        let path = dir + "/" + name
        if name.hasSuffix(".gz") {
            let raw = path + ".raw"
            FileManager.default.createFile(atPath: raw, contents: Data(bytes))
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "gzip -c '\(raw)' > '\(path)'"]
            try p.run()
            p.waitUntilExit()
        } else {
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
        }
        return path
    }

    /// Resets this process's peak RSS (Linux), so the next reading shows only what follows.
    func resetPeakRSS() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

    func testHugeClaimsAreRefusedBeforeAllocating() throws {
        for (dims, name) in [
            ([65536, 65536, 4], "a-idx"), ([4096, 1024, 1024], "b-idx"), ([65536, 65536, 4], "c-idx.gz"),
        ] {
            let p = try header(dims, name: name)
            XCTAssertThrowsError(try IDX.read(path: p)) { e in
                let err = e as? EngineError
                XCTAssertEqual(err?.kind, .memory, "\(e)")
                XCTAssertTrue("\(e)".contains("one dataset may hold at most 268435456"), "\(e)")
            }
        }
    }

    func testShortFilesAreFoundShortWithoutAllocatingTheClaim() throws {
        // 192 MiB claimed (under the cap), 0 bytes of data present.
        for name in ["short-idx", "short-idx.gz"] {
            let p = try header([3072, 256, 256], name: name)
            resetPeakRSS()
            let before = peakRSSMiB()
            XCTAssertThrowsError(try IDX.read(path: p)) { e in
                XCTAssertTrue(
                    "\(e)".contains("truncated data: dimensions [3072, 256, 256] need 201326592 bytes, the file has 0"),
                    "\(e)")
            }
            XCTAssertLessThan(peakRSSMiB() - before, 64, "\(name): the reader allocated what the header claimed")
        }
        let d = dir + "/folder-idx"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        XCTAssertThrowsError(try IDX.read(path: d)) { e in XCTAssertTrue("\(e)".contains("is a directory"), "\(e)") }
    }
}
