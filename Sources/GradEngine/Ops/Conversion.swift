// Conversion: dtype changes (`x.to(torch.float16)`, `.float()`, `.half()`, `.bfloat16()`, `.long()`,
// `.int()`, `.short()`, `.char()`, `.byte()`, `.double()`, `.bool()`) with PyTorch's rules, and the
// guard that keeps float64 honest.
//   float -> integer truncates toward zero (2.7 -> 2, -2.7 -> -2); int8/int16/uint8 then wrap
//   around (uint8(-1.5) = 255, int8(300.7) = 44), int64/int32 clamp where PyTorch's result is
//   undefined; anything -> bool is x != 0; float -> float16/bfloat16 rounds to nearest even (the
//   rounding itself is DType.representable, applied where the result is made);
//   the same dtype returns the tensor itself (PyTorch's `.to` does not copy then).
//   Between float32, float16 and bfloat16 the graph is kept (ToCopyBackward0: the gradient comes
//   back in the source's dtype); an integer or bool result has no gradient, and float64 has no
//   autograd in gradstep.
//
// float64: values are stored exactly (`TensorStorage.doubles`) and survive creation, printing,
// conversion, item/tolist, views (reshape, view, flatten, squeeze, unsqueeze), indexing and cat;
// elementwise arithmetic, the pointwise functions, matrix products, sum/mean (all or along a dim)
// and max/min of all elements compute in Double (Float64.swift), and so do softmax/log_softmax,
// cross_entropy, nll_loss, mse_loss, linear, conv2d and relu (Float64Functional.swift). Every other op computes in
// float32 and labels its result float32 (`Tensor.result` relabels), never float32 numbers called
// float64; PyTorch would return float64 there.
// `requireComputable` lets an op refuse float64 instead.
// Non-goals: autograd through float64.

extension Tensor {
    /// This tensor's values as `dtype` (the tensor itself when it already is).
    public func to(_ target: DType) throws -> Tensor {
        if target == dtype { return self }
        if requiresGrad && GradMode.isEnabled && target == .float64 {
            throw EngineError(
                "",
                "autograd for float64 ('Double') tensors is not implemented in gradstep; call .float() (or detach() "
                    + "first)"
            )
        }
        // Checked before allocating: the result, plus the Double copy of the values made here.
        let units = (target == .float64 ? 3 : 1) * count + (storage.doubles == nil ? 2 * count : 0)
        try MemoryBudget.reserve(units, op: "to", what: "a \(target) copy of shape \(fmt(shape))")
        let src = doubleValues
        switch target {
        case .float64:
            return Tensor(sharingNothing: shape, doubles: src)
        case .float32, .float16, .bfloat16:
            // Rounded to the target where the result is made; the graph goes through.
            return Tensor.result(
                "to", shape: shape, data: src.map { Float($0) }, dtype: target, inputs: [self], saves: .none,
                name: "ToCopyBackward0"
            ) { g in [g] }
        case .int8, .int16, .uint8:
            return Tensor(unchecked: shape, src.map { DType.wrapExact($0, target) }, dtype: target)
        case .int64, .int32:
            // Out-of-range floats (and nan/inf) give PyTorch's undefined values; keep them finite.
            let lim = target == .int32 ? 2_147_483_647.0 : 9.2e18
            return Tensor(
                unchecked: shape,
                src.map { v in
                    guard v.isFinite else { return 0 }
                    return Float(Swift.max(-lim, Swift.min(lim, v.rounded(.towardZero))))
                }, dtype: target)
        case .bool:
            return Tensor(unchecked: shape, src.map { $0 != 0 ? 1 : 0 }, dtype: .bool)
        }
    }

    /// A float64 tensor made from exact values (no checks: the count matches the shape).
    convenience init(sharingNothing shape: [Int], doubles: [Double]) {
        self.init(unchecked: shape, [], dtype: .float64)
        storage = TensorStorage(doubles: doubles)
    }

    /// Refuses float64 inputs for an op that computes in float32 only.
    public static func requireComputable(_ op: String, _ inputs: [Tensor]) throws {
        if inputs.contains(where: { $0.dtype == .float64 }) {
            throw EngineError(
                "", "\(op): not implemented for 'Double' (float64) in gradstep; call .float() to compute in float32")
        }
    }
}
