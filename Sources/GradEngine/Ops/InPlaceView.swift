// In-place view ops: PyTorch's `unsqueeze_`, `squeeze_` change a tensor's shape without copying
// (the values keep their row-major order, so only `shape` changes).
// Non-goals: in-place view ops on tensors that take part in autograd (PyTorch rebases their
// history); they are refused with the out-of-place form to use instead.

extension Tensor {
    /// Gives this tensor the shape of `view`, a reshape of it (same values, same order); returns self.
    /// `op` names the method for errors (`"unsqueeze_"`).
    @discardableResult
    public func takeShape(of view: Tensor, op: String) throws -> Tensor {
        guard view.count == count else {
            throw EngineError(op, "a view of \(count) elements cannot take \(view.count) (shape \(fmt(view.shape)))")
        }
        if requiresGrad && isLeaf {
            throw EngineError("", "a leaf Variable that requires grad is being used in an in-place operation.")
        }
        guard !requiresGrad else {
            let outOfPlace = op.hasSuffix("_") ? String(op.dropLast()) : op
            throw EngineError(
                op,
                "in-place \(op) on a tensor that requires grad is not supported by gradstep; write "
                    + "x = x.\(outOfPlace)(...) instead")
        }
        shape = view.shape
        return self
    }
}
