// Bitwise and logical ops and the float predicates, elementwise with broadcasting. None of them is
// differentiable (PyTorch's are not either).
//   bitwise_and/or/xor(a, b): on bool tensors the logical op (a bool tensor); on integer tensors the
//     two's-complement op of the values, result dtype by promotion. Floats are refused, as in PyTorch.
//   bitwise_not(a): ¬a for bools, −a − 1 for integers.
//   logical_and/or/xor(a, b), logical_not(a): on any dtype, value ≠ 0 taken as true; a bool tensor.
//   isfinite / isnan / isinf(a): a bool tensor (integers and bools are always finite).
// Non-goals: shifts (`<<`, `>>`) on tensors.

import Foundation

/// The three two-operand bitwise ops.
public enum BitwiseOp: String, Sendable {
    case and, or, xor
}

extension Tensor {
    /// `a op b` elementwise on the broadcast shape, `f` applied to the two values.
    static func broadcastPair(
        _ op: String, _ a: Tensor, _ b: Tensor, dtype: DType, _ f: (Double, Double) -> Double
    ) throws -> Tensor {
        guard let out = Broadcast.shape(a.shape, b.shape) else {
            throw EngineError("", Broadcast.mismatchMessage(a.shape, b.shape))
        }
        try checkShape(out, op: op)
        let ia = Broadcast.indexMap(a.shape, to: out), ib = Broadcast.indexMap(b.shape, to: out)
        let av = a.doubleValues, bv = b.doubleValues
        return Tensor(unchecked: out, (0..<out.product).map { Float(f(av[ia[$0]], bv[ib[$0]])) }, dtype: dtype)
    }

    /// PyTorch's `torch.bitwise_and/or/xor` (and the `&`, `|`, `^` operators on tensors).
    public static func bitwise(_ a: Tensor, _ b: Tensor, _ op: BitwiseOp) throws -> Tensor {
        guard !a.dtype.isFloatingPoint && !b.dtype.isFloatingPoint else {
            let f = a.dtype.isFloatingPoint ? a.dtype : b.dtype
            throw EngineError("", "\"bitwise_\(op.rawValue)_cpu\" not implemented for '\(f.scalarName)'")
        }
        let dtype = DType.promote(a, b)
        return try broadcastPair("bitwise_\(op.rawValue)", a, b, dtype: dtype) { x, y in
            let i = Int64(x), j = Int64(y)
            switch op {
            case .and: return Double(i & j)
            case .or: return Double(i | j)
            case .xor: return Double(i ^ j)
            }
        }
    }

    /// PyTorch's `torch.bitwise_not` (the `~` operator): logical not of bools, −x − 1 of integers.
    public func bitwiseNot() throws -> Tensor {
        guard !dtype.isFloatingPoint else {
            throw EngineError("", "\"bitwise_not_cpu\" not implemented for '\(dtype.scalarName)'")
        }
        if dtype == .bool { return Tensor(unchecked: shape, data.map { $0 != 0 ? 0 : 1 }, dtype: .bool) }
        return Tensor(unchecked: shape, data.map { -$0 - 1 }, dtype: dtype)
    }

    /// PyTorch's `torch.logical_and/or/xor`: nonzero is true; a bool tensor.
    public static func logical(_ a: Tensor, _ b: Tensor, _ op: BitwiseOp) throws -> Tensor {
        try broadcastPair("logical_\(op.rawValue)", a, b, dtype: .bool) { x, y in
            let p = x != 0, q = y != 0
            switch op {
            case .and: return p && q ? 1 : 0
            case .or: return p || q ? 1 : 0
            case .xor: return p != q ? 1 : 0
            }
        }
    }

    /// PyTorch's `torch.logical_not`: true where the value is 0.
    public func logicalNot() -> Tensor {
        Tensor(unchecked: shape, doubleValues.map { $0 == 0 ? 1 : 0 }, dtype: .bool)
    }

    /// PyTorch's `torch.isfinite`: neither infinite nor nan.
    public func isFinite() -> Tensor { predicate { $0.isFinite } }
    /// PyTorch's `torch.isnan`.
    public func isNaN() -> Tensor { predicate { $0.isNaN } }
    /// PyTorch's `torch.isinf`: +inf or -inf.
    public func isInf() -> Tensor { predicate { $0.isInfinite } }

    private func predicate(_ p: (Double) -> Bool) -> Tensor {
        Tensor(unchecked: shape, doubleValues.map { p($0) ? 1 : 0 }, dtype: .bool)
    }
}
