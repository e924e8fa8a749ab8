// InPlaceTests: in-place writes under autograd, scenario by scenario as
// scripts/torch-fixtures/inplace.py writes them in PyTorch; PyTorch's outcome (its error message,
// or the values and gradients) is read from Fixtures/inplace.json.

import Foundation
import XCTest

@testable import GradEngine

final class InPlaceTests: XCTestCase {
    nonisolated(unsafe) static let scenarios: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/inplace.json")
        let root = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any]
        return root?["scenarios"] as? [String: Any] ?? [:]
    }()

    func t(_ v: [Float], grad: Bool = false) -> Tensor {
        try! Tensor(shape: [v.count], data: v, requiresGrad: grad)
    }
    func n(_ v: Float) -> Tensor { Tensor.wrappedNumber(v, dtype: .float32) }

    /// Runs a scenario and compares with PyTorch: the same error message, or the same results.
    func check(_ name: String, _ body: () throws -> [Any]?, file: StaticString = #filePath, line: UInt = #line) {
        guard let want = Self.scenarios[name] as? [String: Any] else {
            return XCTFail("no fixture for \(name)", file: file, line: line)
        }
        do {
            let got = try body()
            if let err = want["error"] as? String {
                return XCTFail("\(name): expected PyTorch's error \(err)", file: file, line: line)
            }
            guard let got, let ok = want["ok"] else { return }
            XCTAssertEqual(normalise(got), normalise(ok), name, file: file, line: line)
        } catch let e as EngineError {
            XCTAssertEqual(
                e.description, want["error"] as? String ?? "(no error in PyTorch)", name, file: file, line: line)
        } catch {
            XCTFail("\(name): \(error)", file: file, line: line)
        }
    }

    /// Values as comparable text: numbers to float32 precision (a bool as 1 or 0).
    func normalise(_ v: Any) -> String {
        switch v {
        case let a as [Any]: return "[" + a.map(normalise).joined(separator: ", ") + "]"
        case let a as [Float]: return "[" + a.map(normalise).joined(separator: ", ") + "]"
        case let a as [Int]: return "[" + a.map(normalise).joined(separator: ", ") + "]"
        case let s as String: return s
        case let f as Float: return String(format: "%.6g", Double(f))
        case let i as Int: return String(format: "%.6g", Double(i))
        case let b as Bool: return b ? "1" : "0"
        case let n as NSNumber: return String(format: "%.6g", n.doubleValue)
        default: return "\(v)"
        }
    }

    func testSavedOutputModified() {
        check("saved_output_modified") {
            let x = t([0.5, -1, 2], grad: true)
            let y = x.sigmoid()
            try y.mul_(n(2))
            try y.sum().backward()
            return [x.grad?.data ?? []]
        }
    }

    func testSavedInputModified() {
        check("saved_input_modified") {
            let w = t([1, 2, 3], grad: true), a = t([4, 5, 6])
            let z = try Tensor.mul(w, a).sum()
            try a.add_(n(1))
            try z.backward()
            return w.grad?.data
        }
    }

    func testUnsavedInputModified() {
        check("unsaved_input_modified") {
            let w = t([1, 2, 3], grad: true), b = t([4, 5, 6])
            let z = try Tensor.add(w, b).sum()
            try b.add_(n(1))
            try z.backward()
            return w.grad?.data
        }
    }

    func testRebasedNonLeafModified() {
        check("rebased_nonleaf_modified") {
            let w = t([1, 2, 3], grad: true)
            let h = try Tensor.mul(w, n(2))
            let h2 = try Tensor.mul(h, h)
            try h.add_(n(1))
            try h2.sum().backward()
            return w.grad?.data
        }
    }

    func testInPlaceChainGradient() {
        check("inplace_chain_gradient") {
            let w = t([1, 2, 3], grad: true)
            let h = try Tensor.mul(w, n(2))
            try h.mul_(w).add_(n(1)).sub_(w, alpha: 2).div_(n(2))
            try h.sum().backward()
            return [h.data, w.grad?.data ?? [], h.gradFn?.name ?? "nil"]
        }
    }

    func testLeafRules() {
        check("leaf_inplace") {
            try t([1, 1, 1], grad: true).add_(n(1))
            return nil
        }
        check("leaf_setitem") {
            try t([1, 1, 1], grad: true).setIndex([.at(0)], to: n(5))
            return nil
        }
        check("view_of_leaf_inplace") {
            let w = try Tensor(shape: [2, 2], data: [1, 1, 1, 1], requiresGrad: true)
            try w.view([4]).mul_(n(2))
            return nil
        }
    }

    func testNoGradUpdateAndDataAlias() {
        check("no_grad_update") {
            let w = t([1, 2], grad: true)
            try Tensor.mul(w, w).sum().backward()
            try noGrad { try w.sub_(try Tensor.mul(n(0.1), XCTUnwrap(w.grad))) }
            try w.dataAlias().mul_(n(2))
            let d = w.dataAlias()
            try d.add_(n(1))
            return [w.data, w.version, w.requiresGrad, d.requiresGrad]
        }
    }

    func testSetItemGradient() {
        check("setitem_gradient") {
            let w = t([1, 2, 3, 4], grad: true), v = t([10, 20], grad: true)
            let h = try Tensor.mul(w, n(3))
            try h.setIndex([.slice(start: 1, end: 3, step: nil)], to: try Tensor.mul(v, v))
            try Tensor.mul(h, t([1, 2, 3, 4])).sum().backward()
            return [h.data, w.grad?.data ?? [], v.grad?.data ?? [], h.gradFn?.name ?? "nil"]
        }
    }

    func testShapeAndDtypeRules() {
        check("shape_mismatch") {
            try t([1, 1, 1]).add_(try Tensor.ones([2, 3]))
            return nil
        }
        check("dtype_mismatch") {
            try Tensor(shape: [3], data: [0, 0, 0], dtype: .int64).add_(n(1.5))
            return nil
        }
    }

    func testZeroFillCopy() {
        check("zero_fill_copy") {
            let a = try Tensor.arange(0, 4)
            try a.zero_()
            let b = try Tensor.ones([2, 3])
            try b.fill_(7)
            let c = try Tensor(shape: [2, 3], data: [Float](repeating: 0, count: 6), dtype: .int64)
            try c.copy_(t([1.7, -2.7, 3.2]))
            return [a.data, b.data, c.data.map { Int($0) }, a.version, b.version]
        }
    }

    func testViewSharesStorage() {
        check("view_shares_storage") {
            let a = try Tensor.zeros([2, 3])
            let v = try a.view([6])
            try v.setIndex([.at(0)], to: n(1))
            try a.view([3, 2]).add_(n(1))
            return [a.data, a.version, v.version]
        }
    }
}
