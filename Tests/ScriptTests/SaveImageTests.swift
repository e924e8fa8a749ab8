// SaveImageTests: torchvision.utils.save_image writes a PNG file (its pixels are checked against
// torchvision's in EngineTests.PNGTests) and refuses formats it cannot write, by name.

import Foundation
import GradScript
import XCTest

final class SaveImageTests: XCTestCase {
    func testWritesAPNGOfTheGrid() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("save-image-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("samples.png").path
        let interp = Interpreter()
        _ = try interp.execute(
            """
            from torchvision.utils import save_image
            save_image(torch.rand(6, 1, 5, 7), '\(path)', nrow=3, padding=1)
            """)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(bytes[1..<4]), Array("PNG".utf8))
        // IHDR: width 3·(7+1)+1 = 25, height 2·(5+1)+1 = 13, 8-bit RGB
        XCTAssertEqual(Array(bytes[12..<29]), Array("IHDR".utf8) + [0, 0, 0, 25, 0, 0, 0, 13, 8, 2, 0, 0, 0])
        XCTAssertThrowsError(try interp.execute("save_image(torch.rand(1, 4, 4), '\(dir.path)/a.jpg')")) { e in
            XCTAssertEqual(
                (e as? ScriptError)?.shortDescription,
                "ValueError: save_image(): gradstep writes PNG files only (a name ending in .png, or format='png'), "
                    + "not '\(dir.path)/a.jpg'")
        }
    }
}
