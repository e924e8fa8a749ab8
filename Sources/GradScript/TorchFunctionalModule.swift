// TorchFunctionalModule: `import torch.functional` (PyTorch's torch/functional.py, not to be confused
// with torch.nn.functional). In PyTorch it holds a few tensor functions (`split`, `norm`, `unique`,
// `einsum`, `meshgrid`, ...) that are also `torch.X`, and, because that file does
// `import torch.nn.functional as F`, the attribute `F`: so `torch.functional.F.relu` is `F.relu`.
// Here the module binds the same objects as `torch.X` for each of its names gradstep has, and `F`.
// Non-goals: the names gradstep's `torch` lacks (einsum, stft, lu, ...): they are AttributeErrors,
// as any missing attribute.

import GradEngine

extension BuiltinTable {
    /// Binds `torch.functional` after every `torch.X` it aliases is registered.
    func registerTorchFunctional(torch: Namespace, F: Namespace) {
        let functional = namespace("torch.functional")
        torch.set("functional", .object(functional))
        functional.set("F", .object(F))
        functional.set("torch", .object(torch))
        // torch/functional.py's __all__.
        for name in [
            "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_shapes", "broadcast_tensors", "cartesian_prod",
            "block_diag", "cdist", "chain_matmul", "einsum", "istft", "lu", "norm", "meshgrid", "pca_lowrank", "split",
            "stft", "svd_lowrank", "tensordot", "unique", "unique_consecutive", "unravel_index",
        ] {
            if let f = torch.members[name] { functional.set(name, f) }
        }
    }
}
