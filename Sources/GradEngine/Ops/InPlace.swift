// InPlace: PyTorch's in-place family (`add_`, `sub_`, `mul_`, `div_`, `pow_`, `clamp_`, `zero_`,
// `fill_`, `copy_`, `normal_`, `uniform_`, any pointwise op as `x.exp_()`, and `x[i] = v`).
//
// Every in-place op is its out-of-place op followed by `assign`: `x.add_(y)` computes `x + y`
// with autograd as usual, then writes the values into x's storage and moves the new graph record
// onto x (PyTorch "rebases" x's history: `x.grad_fn` becomes `AddBackward0`, whose input is the
// old x). The write bumps the storage's version counter, so a backward that still needs the old
// values raises PyTorch's "modified by an inplace operation" error instead of a wrong gradient.
//
// PyTorch's rules, checked here once for the whole engine:
//   - a leaf that requires grad cannot be written in place while grad mode is on
//     ("a leaf Variable that requires grad is being used in an in-place operation."), nor can a
//     view of one; inside `no_grad()` it can (that is how optimizers update weights);
//   - the result must keep x's shape ("output with shape [3] doesn't match the broadcast shape
//     [2, 3]") and fit x's dtype ("result type Float can't be cast to the desired output type Long").
//
// NOTE: graph edges are tensors, so an op that read x *before* the in-place write and saved
// nothing (x + 1, a reshape) sends its gradient through x's new record. PyTorch keeps the old
// record for it. Ops that saved x are caught by the version check; this case is not.
// A tensor made by basic indexing (`x[0]`) is a copy that remembers its source: `assign` writes its
// new values back there too (as a setitem on the source), so `x[0][1] = 5` changes x. While grad mode
// is on and the source requires grad, that write is refused with a clear message instead (PyTorch's
// for a leaf); the gradient through such a chain is not modelled.
// Non-goals: views sharing the rebased history with their base (only reshapes share storage here).

extension Tensor {
    /// PyTorch's leaf rule before an in-place write, the one place the engine states it.
    /// `throughView`: the write goes through a view of this tensor (`x[0] = v` with basic
    /// indexing), so PyTorch names the view ("a view of a leaf Variable ...").
    public func checkInPlace(throughView: Bool = false) throws {
        guard GradMode.isEnabled else { return }
        let leaf = requiresGrad && isLeaf
        let leafBase = viewBase.map { $0.requiresGrad && $0.isLeaf } ?? false
        guard leaf || leafBase else { return }
        let view = leafBase || throughView ? "a view of " : ""
        throw EngineError("", view + "a leaf Variable that requires grad is being used in an in-place operation.")
    }

    /// Writes `r`, computed out of place from this tensor, into this tensor and moves its graph
    /// record here (see the file header). Returns self.
    /// `cast`: convert r's values to this tensor's dtype (copy_), instead of refusing a float
    /// result for an integer tensor as arithmetic does.
    @discardableResult
    public func assign(_ r: Tensor, cast: Bool = false) throws -> Tensor {
        try checkInPlace()
        if let (base, _, _) = writeThrough, GradMode.isEnabled, base.requiresGrad {
            try base.checkInPlace(throughView: true)
            throw EngineError(
                "",
                "gradstep does not write through an indexed part of a tensor that requires grad (x[0][1] = v); "
                    + "index once instead (x[0, 1] = v), or write inside torch.no_grad()")
        }
        guard r.shape == shape else {
            throw EngineError("", "output with shape \(fmt(shape)) doesn't match the broadcast shape \(fmt(r.shape))")
        }
        if cast {
            // values already converted by the caller
        } else if !dtype.isFloatingPoint && r.dtype.isFloatingPoint {
            throw EngineError(
                "", "result type Float can't be cast to the desired output type \(dtype == .bool ? "Bool" : "Long")")
        }
        if !cast && dtype == .bool && r.dtype == .int64 {
            throw EngineError("", "result type Long can't be cast to the desired output type Bool")
        }
        if let fn = r.gradFn {
            // The old x becomes a separate node of the graph; the new record reads it.
            let old = Tensor(sharing: storage, counter: versionCounter, shape: shape, dtype: dtype)
            old.gradFn = gradFn
            old.requiresGrad = requiresGrad
            old.label = label
            fn.inputs = fn.inputs.map { $0 === self ? old : $0 }
            // Backward closures captured the old values they need; x's storage changes now.
            fn.saved.removeAll { $0.counter === versionCounter }
            r.gradFn = nil
            gradFn = fn
            requiresGrad = true
        }
        let values = r.data
        if dtype == .bool {
            data = values.map { $0 != 0 ? 1 : 0 }
        } else {
            data = values
        }
        if let (base, items, partShape) = writeThrough {
            let part = Tensor(unchecked: partShape, data, dtype: dtype)
            try noGrad { try base.setIndex(items, to: part) }
        }
        return self
    }

    /// Applies an out-of-place op and writes its result into this tensor (`x.exp_()`).
    @discardableResult
    public func inPlace(_ op: (Tensor) throws -> Tensor) throws -> Tensor {
        try checkInPlace()
        return try assign(try op(self))
    }

    /// x += alpha · other (PyTorch's `add_`).
    @discardableResult
    public func add_(_ other: Tensor, alpha: Float = 1) throws -> Tensor {
        try inPlace { x in
            try Tensor.add(x, alpha == 1 ? other : try Tensor.mul(other, Tensor.wrappedNumber(alpha, dtype: .float32)))
        }
    }
    /// x -= alpha · other (PyTorch's `sub_`).
    @discardableResult
    public func sub_(_ other: Tensor, alpha: Float = 1) throws -> Tensor {
        try inPlace { x in
            try Tensor.sub(x, alpha == 1 ? other : try Tensor.mul(other, Tensor.wrappedNumber(alpha, dtype: .float32)))
        }
    }
    /// x *= other.
    @discardableResult
    public func mul_(_ other: Tensor) throws -> Tensor { try inPlace { try Tensor.mul($0, other) } }
    /// x /= other.
    @discardableResult
    public func div_(_ other: Tensor) throws -> Tensor { try inPlace { try Tensor.div($0, other) } }
    /// x **= other.
    @discardableResult
    public func pow_(_ other: Tensor) throws -> Tensor { try inPlace { try Tensor.pow($0, other) } }
    /// x = clamp(x, min, max).
    @discardableResult
    public func clamp_(min lo: Float?, max hi: Float?) throws -> Tensor {
        try inPlace { try $0.clamp(min: lo, max: hi) }
    }

    /// Every element set to `value` (PyTorch's `fill_`). Gradient to the old values: 0.
    @discardableResult
    public func fill_(_ value: Float) throws -> Tensor {
        try overwrite("fill", name: "FillBackward0", [Float](repeating: value, count: count))
    }
    /// Every element set to 0 (PyTorch's `zero_`).
    @discardableResult
    public func zero_() throws -> Tensor {
        try overwrite("zero", name: "ZeroBackward0", [Float](repeating: 0, count: count))
    }
    /// Samples of N(mean, std²) from `RNG.global` (PyTorch's `normal_`).
    @discardableResult
    public func normal_(mean: Float = 0, std: Float = 1) throws -> Tensor {
        guard std >= 0 else { throw EngineError("normal_", "normal expects std >= 0.0, but found std \(std)") }
        var g = RNG.global
        defer { RNG.global = g }
        let v = (0..<count).map { _ in mean + std * g.normal() }
        return try overwrite("normal", name: "NormalBackward0", v)
    }
    /// Samples of U[from, to) from `RNG.global` (PyTorch's `uniform_`).
    @discardableResult
    public func uniform_(from a: Float = 0, to b: Float = 1) throws -> Tensor {
        guard a <= b else {
            throw EngineError(
                "uniform_", "uniform_ expects to return a [from, to) range, but found from=\(a) > to=\(b)")
        }
        var g = RNG.global
        defer { RNG.global = g }
        let v = (0..<count).map { _ in g.uniform(a, b) }
        return try overwrite("uniform", name: "UniformBackward0", v)
    }

    /// Values of `src` broadcast to this tensor's shape and converted to its dtype (PyTorch's
    /// `copy_`). The gradient goes to src; the old values get none.
    @discardableResult
    public func copy_(_ src: Tensor) throws -> Tensor {
        try checkInPlace()
        guard let b = Broadcast.shape(src.shape, shape), b == shape else {
            throw EngineError(
                "copy_",
                "the size of tensor a (\(shape.last ?? 1)) must match the size of tensor b (\(src.shape.last ?? 1)) at "
                    + "non-singleton dimension \(Swift.max(0, ndim - 1)) (shapes \(fmt(shape)) and \(fmt(src.shape)))"
            )
        }
        let map = Broadcast.indexMap(src.shape, to: shape)
        let sv = src.data
        var v = map.map { sv[$0] }
        if !dtype.isFloatingPoint { v = v.map { dtype == .bool ? ($0 != 0 ? 1 : 0) : $0.rounded(.towardZero) } }
        let outShape = shape, srcShape = src.shape, n = count
        let r = Tensor.result(
            "copy", shape: shape, data: v, dtype: src.dtype,
            inputs: [self, src], saves: .none, name: "CopyBackwards"
        ) { g in
            [[Float](repeating: 0, count: n), Broadcast.reduce(g, from: outShape, to: srcShape)]
        }
        return try assign(r, cast: true)
    }

    /// Replaces every value by `values` (not a function of the old ones).
    private func overwrite(_ op: String, name: String, _ values: [Float]) throws -> Tensor {
        try checkInPlace()
        let n = count
        let r = Tensor.result(op, shape: shape, data: values, dtype: dtype, inputs: [self], saves: .none, name: name) {
            _ in
            [[Float](repeating: 0, count: n)]
        }
        return try assign(r)
    }
}

extension Tensor {
    /// PyTorch's `out=` argument: `r`, computed by `op` from `inputs`, written into this tensor,
    /// which takes r's shape (PyTorch resizes an `out` of another shape, with a deprecation warning).
    /// Refused as PyTorch refuses it: under autograd when an argument requires grad, and when the
    /// dtypes differ. Returns self (PyTorch returns the `out` tensor).
    @discardableResult
    public func writeOut(_ r: Tensor, op: String, inputs: [Tensor]) throws -> Tensor {
        if GradMode.isEnabled, requiresGrad || inputs.contains(where: { $0.requiresGrad }) {
            throw EngineError(
                "",
                "\(op)(): functions with out=... arguments don't support automatic differentiation, but one of the "
                    + "arguments requires grad."
            )
        }
        guard r.dtype == dtype else {
            throw EngineError(
                "",
                "Expected out tensor to have dtype \(r.dtype.scalarName.lowercased()), but got "
                    + "\(dtype.scalarName.lowercased()) instead"
            )
        }
        if r.shape != shape {
            shape = r.shape
            storage = r.storage.doubles.map { TensorStorage(doubles: $0) } ?? TensorStorage(r.data)
            versionCounter.value &+= 1
        } else if let d = r.storage.doubles {
            versionCounter.value &+= 1
            storage.doubles = d
            storage.values = r.data
        } else {
            data = r.data
        }
        return self
    }
}
