// LoadtxtTests: np.loadtxt reads a CSV the way the wine-dataset tutorials do (header skipped,
// comments and blank lines ignored, dtype, usecols, unpack, max_rows); the expected lines are what
// numpy 2.x and torch 2.15 printed for the same program and file.

import Foundation
import GradScript
import XCTest

final class LoadtxtTests: XCTestCase {
    func testWineStyleCSV() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loadtxt-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("w.csv").path
        try "Wine,Alcohol,Malic\n1,14.23,1.71\n1,13.2,1.78\n# c\n\n2,12.37,.94\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        let interp = Interpreter()
        var out: [String] = []
        interp.output = { out.append($0) }
        _ = try interp.execute(
            """
            import numpy as np
            import torch
            xy = np.loadtxt('\(csv)', delimiter=',', dtype=np.float32, skiprows=1)
            print(xy, xy.dtype, xy.shape)
            x = torch.from_numpy(xy[:, 1:]); y = torch.from_numpy(xy[:, [0]])
            print(x, y, x.shape, y.shape)
            a, b2 = np.loadtxt('\(csv)', delimiter=',', skiprows=1, usecols=(0, 2), unpack=True)
            print(a, b2, np.loadtxt('\(csv)', delimiter=',', skiprows=1, max_rows=1))
            """)
        XCTAssertEqual(
            out.joined(separator: "\n"),
            """
            [[ 1.   14.23  1.71]
             [ 1.   13.2   1.78]
             [ 2.   12.37  0.94]] float32 (3, 3)
            tensor([[14.2300,  1.7100],
                    [13.2000,  1.7800],
                    [12.3700,  0.9400]]) tensor([[1.],
                    [1.],
                    [2.]]) torch.Size([3, 2]) torch.Size([3, 1])
            [1. 1. 2.] [1.71 1.78 0.94] [ 1.   14.23  1.71]
            """)
        XCTAssertThrowsError(try interp.execute("np.loadtxt('\(csv)', delimiter=',')")) { e in
            XCTAssertEqual(
                (e as? ScriptError)?.shortDescription,
                "ValueError: could not convert string 'Wine' to float64 at row 0, column 1.")
        }
    }
}
