// FloorModTests: floor division and remainder against Python's values, their gradients against
// finite differences (inputs kept away from the jumps at whole quotients), broadcasting, integer
// dtype and integer division by zero.

import GradEngine
import XCTest

final class FloorModTests: XCTestCase {
    /// Values with a/b = k + f, f in [0.25, 0.75] (far from the discontinuities), b of either sign.
    func inputs(_ n: Int, seed: UInt64) throws -> (Tensor, Tensor) {
        var gen = Generator(seed: seed)
        var a = [Float](), b = [Float]()
        for _ in 0..<n {
            let mag = gen.uniform(0.5, 2)
            let y = gen.uniform(0, 1) < 0.5 ? -mag : mag
            let q = Float(gen.int(-4, 5)) + gen.uniform(0.25, 0.75)
            a.append(q * y)
            b.append(y)
        }
        let ta = try Tensor(shape: [n], data: a), tb = try Tensor(shape: [n], data: b)
        ta.requiresGrad = true
        tb.requiresGrad = true
        return (ta, tb)
    }

    func testPythonSignConventions() throws {
        let a = try Tensor(shape: [4], data: [7, -7, 7, -7])
        let b = try Tensor(shape: [4], data: [2, 2, -2, -2])
        XCTAssertEqual(try Tensor.floorDivide(a, b).data, [3, -4, -4, 3])
        XCTAssertEqual(try Tensor.remainder(a, b).data, [1, 1, -1, -1])
        let r = try Tensor.remainder(try Tensor(shape: [2], data: [5.5, -5.5]), try Tensor(shape: [1], data: [2]))
        XCTAssertEqual(r.data, [1.5, 0.5])
        XCTAssertEqual(r.shape, [2])
    }

    func testRemainderGradcheck() throws {
        let (a, b) = try inputs(12, seed: 11)
        let report = try gradcheck({ try Tensor.remainder($0[0], $0[1]) }, inputs: [a, b])
        XCTAssertTrue(report.passed, report.description)
    }

    func testRemainderGradientsAreOneAndMinusFloor() throws {
        let a = try Tensor(shape: [3], data: [7, -7, 5.5])
        a.requiresGrad = true
        let b = try Tensor(shape: [3], data: [2, 2, -2])
        b.requiresGrad = true
        try Tensor.remainder(a, b).sum().backward()
        XCTAssertEqual(a.grad?.data, [1, 1, 1])
        XCTAssertEqual(b.grad?.data, [-3, 4, 3])
    }

    func testFloorDivideHasZeroGradient() throws {
        let (a, b) = try inputs(8, seed: 5)
        let y = try Tensor.floorDivide(a, b)
        try y.sum().backward()
        XCTAssertEqual(a.grad?.data, [Float](repeating: 0, count: 8))
        XCTAssertEqual(b.grad?.data, [Float](repeating: 0, count: 8))
        let report = try gradcheck({ try Tensor.floorDivide($0[0], $0[1]) }, inputs: [a, b])
        XCTAssertTrue(report.passed, report.description)
    }

    func testBroadcastGradientSumsOverRows() throws {
        let a = try Tensor(shape: [2, 2], data: [7, -7, 5, 3])
        a.requiresGrad = true
        let b = try Tensor(shape: [2], data: [2, 4])
        b.requiresGrad = true
        try Tensor.remainder(a, b).sum().backward()
        // db = -floor(a/b) summed over rows: col 0: -(3 + 2) = -5; col 1: -(-2 + 0) = 2.
        XCTAssertEqual(b.grad?.data, [-5, 2])
    }

    func testIntegerTensorsStayIntegerAndZeroDivisorThrows() throws {
        let a = try Tensor(shape: [2], data: [7, -7], dtype: .int64)
        let b = try Tensor(shape: [2], data: [2, 2], dtype: .int64)
        XCTAssertEqual(try Tensor.floorDivide(a, b).dtype, .int64)
        XCTAssertEqual(try Tensor.remainder(a, b).data, [1, 1])
        let zero = try Tensor(shape: [2], data: [2, 0], dtype: .int64)
        XCTAssertThrowsError(try Tensor.remainder(a, zero)) { e in
            XCTAssertTrue("\(e)".contains("division by zero"), "\(e)")
        }
        // Float division by zero follows IEEE, as in PyTorch.
        let f = try Tensor.floorDivide(try Tensor(shape: [1], data: [1]), try Tensor(shape: [1], data: [0]))
        XCTAssertEqual(f.data, [.infinity])
    }
}
