// FloorMod: elementwise floor division `a // b` and remainder `a % b` with broadcasting, forward and
// backward side by side, with Python's (and PyTorch's) sign conventions:
//   floor_divide(a, b) = ⌊a / b⌋                 (rounds toward −∞: -7 // 2 = -4)
//   remainder(a, b)    = a − b·⌊a / b⌋           (takes the sign of b: -7 % 2 = 1, 7 % -2 = -1)
// Gradients as PyTorch defines them: floor_divide is piecewise constant, so its gradient is zero
// for both inputs; remainder has ∂/∂a = 1 and ∂/∂b = −⌊a / b⌋.
// Integer tensors (int64 on both sides) stay int64 and a zero divisor is an error, as in PyTorch;
// float division by zero follows IEEE (inf or nan), as in PyTorch.
// Non-goals: truncating division (`torch.div(..., rounding_mode='trunc')`), fmod.

import Foundation

extension Tensor {
    /// a // b, broadcasting: ⌊a / b⌋ elementwise. ∂/∂a = 0, ∂/∂b = 0.
    public static func floorDivide(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try checkIntegerDivisor("floor_divide", a, b)
        return try binary(
            "floor_divide", a, b, { x, y in (x / y).rounded(.down) },
            da: { _, _ in 0 }, db: { _, _ in 0 })
    }

    /// a % b, broadcasting: a − b·⌊a / b⌋ (the sign of b). ∂/∂a = 1, ∂/∂b = −⌊a / b⌋.
    public static func remainder(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try checkIntegerDivisor("remainder", a, b)
        return try binary(
            "remainder", a, b, pythonRemainder,
            da: { _, _ in 1 }, db: { x, y in -(x / y).rounded(.down) })
    }

    /// Python's float remainder: fmod, moved into b's sign.
    static func pythonRemainder(_ x: Float, _ y: Float) -> Float {
        var r = fmodf(x, y)
        if r != 0 && ((r < 0) != (y < 0)) { r += y }
        return r
    }

    /// Integer division by zero is an error (PyTorch raises "ZeroDivisionError" for int tensors).
    private static func checkIntegerDivisor(_ op: String, _ a: Tensor, _ b: Tensor) throws {
        guard a.dtype != .float32 && b.dtype != .float32 else { return }
        if b.data.contains(0) {
            throw EngineError(
                op,
                "integer division by zero (divisor \(fmt(b.shape)) holds a 0); use float tensors for inf/nan results")
        }
    }
}
