// TensorAssert: the one comparison helper every numeric engine test uses.
// Passes when shapes match and |actual - expected| <= atol + rtol·|expected| for every element;
// otherwise fails with the shapes, the max difference (and where), and both tensors (abbreviated
// when large), as llm.c's test prints OK / NOT OK with the max difference.

import GradEngine
import XCTest

/// A short printout of a tensor: shape, dtype, and values (first and last 12 when longer than 32).
func summarize(_ t: Tensor) -> String {
    let v = t.data
    func f(_ x: Float) -> String { String(format: "%.7g", Double(x)) }
    let body: String
    if v.count <= 32 {
        body = v.map(f).joined(separator: ", ")
    } else {
        body = v.prefix(12).map(f).joined(separator: ", ") + ", ..., " + v.suffix(12).map(f).joined(separator: ", ")
    }
    return "shape \(t.shape) \(t.dtype.rawValue) [\(body)]"
}

/// Asserts that two tensors have the same shape and close values; `what` names the comparison.
/// Returns whether it passed (for tallies).
@discardableResult
func assertClose(
    _ actual: Tensor, _ expected: Tensor, atol: Float = 1e-5, rtol: Float = 1e-4,
    _ what: String, file: StaticString = #filePath, line: UInt = #line
) -> Bool {
    guard actual.shape == expected.shape else {
        XCTFail(
            "\(what): shape \(actual.shape) != expected \(expected.shape)\n  actual:   \(summarize(actual))\n  "
                + "expected: \(summarize(expected))",
            file: file, line: line)
        return false
    }
    var maxDiff: Float = 0, worst = 0, worstDiff: Float = -1, failures = 0
    for i in 0..<actual.count {
        let a = actual.data[i], e = expected.data[i]
        if a == e || (a.isNaN && e.isNaN) { continue }
        let d = a.isNaN || e.isNaN ? Float.infinity : Swift.abs(a - e)
        maxDiff = Swift.max(maxDiff, d)
        guard d > atol + rtol * Swift.abs(e) else { continue }
        failures += 1
        if d > worstDiff {
            worstDiff = d
            worst = i
        }
    }
    if failures > 0 {
        let w = worst
        XCTFail(
            """
            \(what): \(failures) of \(actual.count) elements differ beyond atol \(atol) + rtol \(rtol)·|expected|; \
            max diff \(maxDiff) (e.g. element \(w): actual \(actual.data[w]), expected \(expected.data[w]))
              actual:   \(summarize(actual))
              expected: \(summarize(expected))
            """, file: file, line: line)
        return false
    }
    return true
}

/// Shorthand: a float tensor from a shape and values (test data only; the count must match).
func T(_ shape: [Int], _ values: [Float], dtype: DType = .float32) -> Tensor {
    do { return try Tensor(shape: shape, data: values, dtype: dtype) } catch {
        XCTFail("bad test tensor: \(error)")
        return Tensor(0)
    }
}
