// ActivationBuiltins: PyTorch's other activations (ActivationFamily.swift in the engine), each as a
// function in F and a layer in nn, declared together: F.leaky_relu / nn.LeakyReLU, F.elu / nn.ELU,
// F.selu / nn.SELU, F.gelu / nn.GELU, F.silu / nn.SiLU, F.softplus / nn.Softplus,
// F.hardtanh / nn.Hardtanh, F.relu6 / nn.ReLU6. A layer prints as PyTorch's does
// (`LeakyReLU(negative_slope=0.2, inplace=True)`); `inplace=True` writes into the input.
// Non-goals: PReLU/RReLU (learned or random slopes), Mish, Hardswish.

import GradEngine

extension BuiltinTable {
    /// One activation: its F signature's parameters after `input`, the layer's, PyTorch's repr of
    /// the layer's arguments, and the op (given the bound arguments).
    private struct Activation {
        let f: String
        let layer: String
        let fParams: String
        let layerParams: String
        let summary: String
        let example: String
        let repr: (Bound) throws -> String
        /// PyTorch's grad_fn name of the in-place form, when not the usual one.
        var inplaceGradFn: String? = nil
        let op: (Bound) throws -> @Sendable (Tensor) throws -> Tensor
    }

    func registerActivationFamily(F: Namespace, nn: Namespace) {
        // As PyTorch prints the layer: the value given (`beta=2`), or the float default (`beta=1.0`).
        func py(_ b: Bound, _ name: String) -> String { (b.value(name) ?? .none).repr }
        let acts: [Activation] = [
            Activation(
                f: "leaky_relu", layer: "LeakyReLU", fParams: "negative_slope=0.01, inplace=False",
                layerParams: "negative_slope=0.01, inplace=False", summary: "x where x > 0, else negative_slope·x.",
                example: "F.leaky_relu(torch.tensor([-2.0, 3.0]), 0.1)",
                repr: { "negative_slope=\(py($0, "negative_slope"))" }, inplaceGradFn: "LeakyReluBackward1",
                op: { b in
                    let a = try b.float("negative_slope")
                    return { $0.leakyRelu(negativeSlope: a) }
                }),
            Activation(
                f: "elu", layer: "ELU", fParams: "alpha=1.0, inplace=False", layerParams: "alpha=1.0, inplace=False",
                summary: "x where x > 0, else alpha·(e^x - 1).", example: "F.elu(torch.tensor([-1.0, 2.0]))",
                repr: { "alpha=\(py($0, "alpha"))" }, inplaceGradFn: "EluBackward1",
                op: { b in
                    let a = try b.float("alpha")
                    return { $0.elu(alpha: a) }
                }),
            Activation(
                f: "selu", layer: "SELU", fParams: "inplace=False", layerParams: "inplace=False",
                summary: "scale·elu(x, alpha) with scale 1.0507…, alpha 1.6733… (self-normalising).",
                example: "F.selu(torch.tensor([-1.0, 2.0]))", repr: { _ in "" }, inplaceGradFn: "EluBackward1",
                op: { _ in { $0.selu() } }),
            Activation(
                f: "gelu", layer: "GELU", fParams: "approximate='none'", layerParams: "approximate='none'",
                summary: "x·Φ(x), Φ the standard normal CDF (approximate='tanh': the tanh formula).",
                example: "F.gelu(torch.tensor([-1.0, 0.5]))",
                repr: { "approximate=\(Value.string(try $0.string("approximate")).repr)" },
                op: { b in
                    let a = try b.string("approximate")
                    guard a == "none" || a == "tanh" else {
                        throw ScriptError(
                            kind: "RuntimeError",
                            message: "approximate argument must be either none or "
                                + "tanh.")
                    }
                    return { try $0.gelu(approximate: a) }
                }),
            Activation(
                f: "silu", layer: "SiLU", fParams: "inplace=False", layerParams: "inplace=False",
                summary: "x·sigmoid(x) (swish).", example: "F.silu(torch.tensor([-1.0, 2.0]))", repr: { _ in "" },
                op: { _ in { $0.silu() } }),
            Activation(
                f: "softplus", layer: "Softplus", fParams: "beta=1.0, threshold=20.0",
                layerParams: "beta=1.0, threshold=20.0",
                summary: "log(1 + e^(beta·x))/beta; x itself where beta·x > threshold.",
                example: "F.softplus(torch.tensor([-1.0, 2.0]))",
                repr: { "beta=\(py($0, "beta")), threshold=\(py($0, "threshold"))" },
                op: { b in
                    let beta = try b.float("beta"), th = try b.float("threshold")
                    return { $0.softplus(beta: beta, threshold: th) }
                }),
            Activation(
                f: "hardtanh", layer: "Hardtanh", fParams: "min_val=-1.0, max_val=1.0, inplace=False",
                layerParams: "min_val=-1.0, max_val=1.0, inplace=False", summary: "clamp(x, min_val, max_val).",
                example: "F.hardtanh(torch.tensor([-2.0, 0.5]))",
                repr: { "min_val=\(py($0, "min_val")), max_val=\(py($0, "max_val"))" },
                op: { b in
                    let lo = try b.float("min_val"), hi = try b.float("max_val")
                    guard hi > lo else {
                        throw ScriptError(kind: "ValueError", message: "min_val cannot be greater than max_val")
                    }
                    return { $0.hardtanh(min: lo, max: hi) }
                }),
            Activation(
                f: "relu6", layer: "ReLU6", fParams: "inplace=False", layerParams: "inplace=False",
                summary: "min(max(x, 0), 6).", example: "F.relu6(torch.tensor([-1.0, 7.0]))", repr: { _ in "" },
                op: { _ in { $0.hardtanh(min: 0, max: 6) } }),
        ]
        for a in acts {
            def(
                "F.\(a.f)", "F.\(a.f)(input, \(a.fParams))", a.summary, a.example, in: F
            ) { b, _ in
                let f = try a.op(b)
                let x = try b.tensor("input")
                return .tensor(
                    try PointwiseActivation.apply(
                        f, to: x, inplace: try b.bool("inplace", false), inplaceGradFn: a.inplaceGradFn))
            }
            def(
                "nn.\(a.layer)", "nn.\(a.layer)(\(a.layerParams))", "Layer form of F.\(a.f).",
                "nn.\(a.layer)()", in: nn
            ) { b, _ in
                let inplace = try b.bool("inplace", false)
                return .module(
                    PointwiseActivation(
                        a.layer, repr: try a.repr(b), inplace: inplace, inplaceGradFn: a.inplaceGradFn, try a.op(b)))
            }
        }
    }
}
