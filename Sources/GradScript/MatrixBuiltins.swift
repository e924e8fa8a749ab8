// MatrixBuiltins: torch.svd, as the tensors tutorial calls it (`print(torch.svd(m3))`; the maths is the
// engine's, GradEngine/Ops/SVD.swift, one-sided Jacobi), and torch.diag, which rebuilds U·diag(S)·Vᵀ.
// torch.diag is composed of eye, a product and a sum, so gradients flow through it.
// NOTE: its grad_fn therefore prints as MulBackward0 / SumBackward1, not PyTorch's DiagEmbedBackward0.
// Non-goals: torch.linalg.svd / svdvals / qr / eig, svd gradients, some=False for non-square input,
// compute_uv=False, diag's diagonal= offsets other than 0.

import GradEngine

extension BuiltinTable {
    func registerMatrixBuiltins(torch: Namespace) {
        section = "torch: operations"
        def(
            "torch.svd", "torch.svd(input, some=True, compute_uv=True, *, out=None)",
            "Singular value decomposition A = U diag(S) Vᵀ of a matrix [m, n] (or a batch): "
                + "torch.return_types.svd(U [m, k], S [k] descending, V [n, k]), k = min(m, n). Singular vectors "
                + "are defined up to sign: PyTorch's LAPACK may print other signs.",
            "torch.svd(torch.tensor([[3.0, 1.0], [1.0, 3.0]])).S", in: torch, unsupported: ["out"]
        ) { b, _ in
            let a = try b.tensor("input")
            guard try b.bool("compute_uv", true) else {
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "torch.svd(compute_uv=False) is not supported "
                        + "by gradstep; use the S of torch.svd(input)")
            }
            if try !b.bool("some", true), a.ndim >= 2, a.shape[a.ndim - 1] != a.shape[a.ndim - 2] {
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "torch.svd(some=False) of a non-square matrix "
                        + "is not supported by gradstep")
            }
            let (u, s, v) = try a.svd()
            return .object(ReturnTuple("svd", names: ["U", "S", "V"], items: [.tensor(u), .tensor(s), .tensor(v)]))
        }
        def(
            "torch.diag", "torch.diag(input, diagonal=0, *, out=None)",
            "A 1-D input [n] becomes the diagonal matrix [n, n]; a 2-D input [m, n] gives its diagonal "
                + "[min(m, n)].",
            "torch.diag(torch.tensor([1.0, 2.0]))", in: torch, unsupported: ["out"]
        ) { b, _ in
            let a = try b.tensor("input")
            guard try b.int("diagonal", 0) == 0 else {
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "torch.diag(diagonal=...) other than 0 is not supported by "
                        + "gradstep")
            }
            switch a.ndim {
            case 1:
                // diag(v)ᵢⱼ = vⱼ · [i = j]
                let n = a.shape[0]
                return .tensor(try Tensor.mul(try a.unsqueeze(0), try Tensor.eye(n).to(a.dtype)))
            case 2:
                // diag(A)ᵢ = Σⱼ Aᵢⱼ · [i = j], summed over the longer side
                let m = a.shape[0], n = a.shape[1]
                let masked = try Tensor.mul(a, try Tensor.eye(m, n).to(a.dtype))
                return .tensor(try masked.sum(dim: m <= n ? 1 : 0))
            default:
                throw ScriptError(kind: "RuntimeError", message: "diag(): Supports 1D or 2D tensors. Got \(a.ndim)D")
            }
        }
    }
}
