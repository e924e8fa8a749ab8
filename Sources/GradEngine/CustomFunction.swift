// CustomFunction: an autograd op whose forward result and backward rule come from outside the
// engine (PyTorch's `torch.autograd.Function` subclasses with `forward(ctx, ...)` and
// `backward(ctx, grad)`). The engine only sees tensors and a closure; the language layer runs the
// user's code inside it.
//
//   y = output (computed by the caller, without recording a graph)
//   dL/d(inputs[k]) = backward(dL/dy)[k]   (nil: no gradient for that input)
//
// The closure may throw (a user error in backward) but autograd's backward functions cannot: the
// error is kept and rethrown by `Tensor.backward()` once the walk is over (`takePendingError`).
// A returned gradient must have its input's shape.
// Non-goals: double backward (create_graph), mark_dirty / mark_non_differentiable, views.

/// Records user-defined differentiable ops.
public enum CustomFunction {
    nonisolated(unsafe) static var pendingError: Error?

    /// The first error a custom backward threw during the last backward pass, cleared when read.
    public static func takePendingError() -> Error? {
        defer { pendingError = nil }
        return pendingError
    }

    /// A tensor holding `output`'s values whose backward calls `backward` with dL/d(output).
    ///
    /// - Parameters:
    ///   - name: the function's name; the graph node is called `<name>Backward`.
    ///   - inputs: the tensor arguments of forward, in order (the gradients returned follow it).
    ///   - backward: dL/dy (shape of `output`) → one gradient or nil per input. Runs without
    ///     recording a graph.
    public static func apply(
        name: String, inputs: [Tensor], output: Tensor,
        backward: @escaping (Tensor) throws -> [Tensor?]
    ) -> Tensor {
        let shape = output.shape
        let inputShapes = inputs.map(\.shape)
        let op = "\(name)Backward"
        return Tensor.result(
            op, shape: shape, data: output.data, dtype: output.dtype, inputs: inputs, saves: [], name: op
        ) { g in
            do {
                let upstream = Tensor(unchecked: shape, g)
                let grads = try noGrad { try backward(upstream) }
                guard grads.count == inputShapes.count else {
                    throw EngineError(
                        op,
                        "function \(op) returned an incorrect number of gradients (expected \(inputShapes.count), got "
                            + "\(grads.count))"
                    )
                }
                return try zip(grads, inputShapes).enumerated().map { k, pair -> [Float]? in
                    guard let gk = pair.0 else { return nil }
                    guard gk.shape == pair.1 || gk.count == pair.1.reduce(1, *) && gk.count == 1 else {
                        throw EngineError(
                            op,
                            "Function \(op) returned an invalid gradient at index \(k) - got \(fmt(gk.shape)) but "
                                + "expected shape compatible with \(fmt(pair.1))"
                        )
                    }
                    return gk.data
                }
            } catch {
                if pendingError == nil { pendingError = error }
                return inputShapes.map { _ in nil }
            }
        }
    }
}
