// MemoryPeakTests: an op's peak memory is its inputs plus its result (issue 10: `x + 1`, `x * 2`,
// `x[None]` peaked at 4x the tensor, from 8-byte index maps built for every element).
import Foundation
import GradEngine
import XCTest

final class MemoryPeakTests: XCTestCase {
    /// Peak RSS growth (MiB) while running `body`, from a reset peak (Linux /proc/self/clear_refs).
    func peakGrowth(_ body: () throws -> Void) rethrows -> Double {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = peakRSSMiB()
        try body()
        return peakRSSMiB() - before
    }

    func testBroadcastAndIndexingAllocateOnlyTheResult() throws {
        let x = try Tensor.ones([2048, 2048])  // 16 MiB
        let one = Tensor.scalar(1), row = try Tensor.ones([2048])
        let cases: [(String, Double, () throws -> Tensor)] = [
            ("x + 1", 24, { try Tensor.add(x, one) }),
            ("1 * x", 24, { try Tensor.mul(one, x) }),
            ("x + row", 24, { try Tensor.add(x, row) }),
            ("x > 1", 24, { try Tensor.compare(x, one, .gt) }),
            ("x[None]", 8, { try x.index([.newAxis]) }),
            ("x[1:]", 24, { try x.index([.slice(start: 1, end: nil, step: nil)]) }),
        ]
        for (name, limit, op) in cases {
            var y: Tensor?
            let grew = try peakGrowth { y = try op() }
            XCTAssertEqual(y?.count ?? 0 > 0, true)
            XCTAssertLessThan(grew, limit, "\(name) grew the peak by \(grew) MiB for a 16 MiB result")
        }
    }

    func testContiguousIndexingKeepsValuesAndGradients() throws {
        let x = try Tensor(shape: [3, 4, 5], data: (0..<60).map(Float.init)).requiresGrad()
        XCTAssertEqual(try x.index([.newAxis]).shape, [1, 3, 4, 5])
        XCTAssertEqual(try x.index([.newAxis]).data, x.data)
        XCTAssertEqual(try x.index([.at(1)]).data, (20..<40).map(Float.init))
        XCTAssertEqual(try x.index([.slice(start: 1, end: 3, step: nil)]).data, (20..<60).map(Float.init))
        XCTAssertEqual(try x.index([.at(2), .at(1)]).data, (45..<50).map(Float.init))
        XCTAssertEqual(try x.index([.ellipsis, .newAxis]).shape, [3, 4, 5, 1])
        // Not contiguous: the offsets path.
        XCTAssertEqual(
            try x.index([.slice(start: nil, end: nil, step: nil), .at(0)]).data,
            [0, 1, 2, 3, 4, 20, 21, 22, 23, 24, 40, 41, 42, 43, 44])
        let y = try x.index([.at(1), .slice(start: 2, end: nil, step: nil)])
        try y.sum().backward()
        let g = try XCTUnwrap(x.grad).data
        XCTAssertEqual(g.enumerated().filter { $0.element == 1 }.map(\.offset), Array(30..<40))
        // Assignment through a contiguous selection.
        let z = try Tensor(shape: [2, 3], data: [0, 0, 0, 0, 0, 0])
        try z.setIndex([.at(1)], to: try Tensor(shape: [3], data: [7, 8, 9]))
        XCTAssertEqual(z.data, [0, 0, 0, 7, 8, 9])
    }
}

extension MemoryPeakTests {
    /// The sum of live tensors is bounded too (the binary fuzz aborted when a session kept several
    /// large tensors under ulimit -v).
    func testLiveTensorsTogetherStayWithinTheBudget() throws {
        let saved = MemoryBudget.maxLiveElements
        defer { MemoryBudget.maxLiveElements = saved }
        MemoryBudget.maxLiveElements = MemoryBudget.liveElements + 3_000_000
        var a: Tensor? = try Tensor.zeros([2_000_000])
        XCTAssertThrowsError(try Tensor.add(try XCTUnwrap(a), Tensor.scalar(1))) { e in
            XCTAssertEqual((e as? EngineError)?.kind, .memory)
            XCTAssertTrue("\(e)".contains("out of memory"), "\(e)")
        }
        a = nil
        XCTAssertEqual(try Tensor.zeros([2_000_000]).count, 2_000_000, "freed tensors give their memory back")
    }
}
