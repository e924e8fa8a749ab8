// PNGTests: the PNG writer's file is well formed (signature, IHDR, CRCs) and its IDAT inflates to
// the rows it was given, each behind filter byte 0. (That torchvision reads back the same pixels was
// checked with PIL; ScriptTests.SaveImageTests checks save_image's bytes against torchvision's.)

import CZlib
import XCTest

@testable import GradEngine

final class PNGTests: XCTestCase {
    /// The chunks of a PNG file: (type, data), checking each CRC on the way.
    func chunks(_ bytes: [UInt8]) throws -> [(String, [UInt8])] {
        XCTAssertEqual(Array(bytes[0..<8]), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var out: [(String, [UInt8])] = []
        var i = 8
        func u32(_ k: Int) -> Int { bytes[k..<(k + 4)].reduce(0) { $0 << 8 | Int($1) } }
        while i < bytes.count {
            let n = u32(i)
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = Array(bytes[(i + 4)..<(i + 8 + n)])
            let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
            XCTAssertEqual(u32(i + 8 + n), Int(crc), "CRC of \(type)")
            out.append((type, Array(body.dropFirst(4))))
            i += 12 + n
        }
        return out
    }

    func testRGBImageRoundTrips() throws {
        let w = 3, h = 2
        let pixels: [UInt8] = (0..<(w * h * 3)).map { UInt8($0 * 13) }
        let file = try PNG.encode(pixels: pixels, width: w, height: h, channels: 3)
        let cs = try chunks(file)
        XCTAssertEqual(cs.map(\.0), ["IHDR", "IDAT", "IEND"])
        XCTAssertEqual(cs[0].1, [0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0])
        var size = uLong(w * h * 3 + h)
        var raw = [UInt8](repeating: 0xFF, count: Int(size))
        let z = cs[1].1
        let status = raw.withUnsafeMutableBufferPointer { r in
            z.withUnsafeBufferPointer { uncompress(r.baseAddress, &size, $0.baseAddress, uLong($0.count)) }
        }
        XCTAssertEqual(status, Z_OK)
        XCTAssertEqual(raw, [0] + Array(pixels[0..<9]) + [0] + Array(pixels[9..<18]))
    }

    /// Values to bytes as torchvision's save_image: `grid.mul(255).add_(0.5).clamp_(0, 255)` to uint8.
    /// Expected bytes printed by torchvision 0.30 for this grey image (every channel the same).
    func testImageValuesBecomeTorchvisionsBytes() throws {
        let v: [Float] = [-0.5, 0.0, 0.001, 0.002, 0.5, 0.998, 1.0, 7.0, 0.25, 0.75, .nan, 0.1]
        let grey = try Tensor(shape: [1, 3, 4], data: v)
        let rgb = try Tensor.cat([grey, grey, grey], dim: 0)
        let file = try PNG.encode(image: rgb)
        let z = try chunks(file)[1].1
        var size = uLong(3 * (1 + 4 * 3))
        var raw = [UInt8](repeating: 0xFF, count: Int(size))
        _ = raw.withUnsafeMutableBufferPointer { r in
            z.withUnsafeBufferPointer { uncompress(r.baseAddress, &size, $0.baseAddress, uLong($0.count)) }
        }
        let rows = (0..<3).map { Array(raw[($0 * 13 + 1)..<($0 * 13 + 13)]) }
        XCTAssertEqual(
            rows.flatMap { $0 }.enumerated().filter { $0.offset % 3 == 0 }.map(\.element),
            [0, 0, 0, 1, 128, 254, 255, 255, 64, 191, 0, 26])
        XCTAssertThrowsError(try PNG.encode(image: grey), "one channel is made RGB by make_grid, not here")
    }

    func testBadSizesAreErrors() {
        XCTAssertThrowsError(try PNG.encode(pixels: [1, 2, 3], width: 2, height: 1, channels: 3))
        XCTAssertThrowsError(try PNG.encode(pixels: [1, 2], width: 1, height: 1, channels: 2))
        XCTAssertThrowsError(try PNG.encode(pixels: [], width: Int.max, height: 2, channels: 3))
    }
}
