// Gradient clipping (PyTorch's torch.nn.utils.clip_grad_norm_ and clip_grad_value_): rescale or
// clamp the `.grad` of parameters in place after backward, before the optimizer step.
//
//   clip_grad_norm_:  N = ‖(‖g₁‖_p, ‖g₂‖_p, ...)‖_p  (the p-norm of all gradients as one vector;
//                     p = inf: max |g|),  every g ← g · min(1, max_norm / (N + 1e-6));  returns N
//   clip_grad_value_: every g ← clamp(g, −clip_value, clip_value)
// Parameters without a gradient are skipped. Norms are accumulated in double precision.
// Non-goals: foreach kernels, gradients of other dtypes than float32.

import Foundation

public enum ClipGrad {
    /// Scales the gradients of `parameters` so that their total `normType`-norm is at most `maxNorm`,
    /// and returns the total norm before clipping (a 0-d tensor). A non-finite norm throws when
    /// `errorIfNonfinite`, as PyTorch does; otherwise the gradients are scaled by it anyway.
    @discardableResult
    public static func clipGradNorm(
        _ parameters: [Tensor], maxNorm: Double, normType: Double = 2, errorIfNonfinite: Bool = false
    ) throws -> Tensor {
        let grads = parameters.compactMap(\.grad)
        guard !grads.isEmpty else { return Tensor(0) }
        var total: Double
        if normType.isInfinite {
            total = 0
            for g in grads { for v in g.data { total = max(total, Double(abs(v))) } }
        } else {
            guard normType > 0 else {
                throw EngineError("clip_grad_norm_", "norm_type must be positive or inf, got \(normType)")
            }
            var sum = 0.0
            for g in grads {
                var s = 0.0
                for v in g.data { s += pow(Double(abs(v)), normType) }
                // each parameter's norm is rounded to float32 first, as PyTorch stacks float32 norms
                let pn = Double(Float(pow(s, 1 / normType)))
                sum += pow(pn, normType)
            }
            total = pow(sum, 1 / normType)
        }
        let norm = Float(total)
        if errorIfNonfinite && !norm.isFinite {
            throw EngineError(
                "",
                "The total norm of order \(normType) for gradients from `parameters` is non-finite, so it cannot be "
                    + "clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
                    + "`error_if_nonfinite=False`")
        }
        let coef = min(Float(maxNorm) / (norm + 1e-6), 1)
        if !(coef == 1) {
            for g in grads { g.data = g.data.map { $0 * coef } }
        }
        return Tensor(norm)
    }

    /// Clamps every gradient of `parameters` to [−clipValue, clipValue] in place.
    public static func clipGradValue(_ parameters: [Tensor], clipValue: Double) {
        let c = Float(clipValue)
        for g in parameters.compactMap(\.grad) { g.data = g.data.map { min(max($0, -c), c) } }
    }
}
