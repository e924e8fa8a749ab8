// NumPyTorchBridge: numpy arrays to torch tensors and back, keeping the dtype as PyTorch does:
// `torch.from_numpy(a)`, `torch.tensor(a)`, `tensor.numpy()`, `np.array(t)`.
//   float32 <-> torch.float32, int64 <-> torch.int64, bool <-> torch.bool,
//   float64 -> torch.float64 when the engine has float64 tensors; until then a clear error that
//   says how to convert (never a float32 tensor that calls itself float64).
// `torch.from_numpy(a)` and `t.numpy()` share memory with the tensor, as PyTorch's do (writes on
// either side show on the other); `torch.tensor(a)` and `np.array(t)` copy.

import GradEngine

extension NDArray {
    /// The engine dtype for this array's dtype, or the error PyTorch users need to see.
    func tensorDType(_ fname: String) throws -> DType {
        switch dtype {
        case .float32: return .float32
        case .int64: return .int64
        case .bool: return .bool
        case .float64:
            if let d = DType(rawValue: "float64") { return d }
            throw typeError(
                "\(fname): this gradstep has no float64 tensors yet, and numpy arrays are float64 by default; convert "
                    + "first with a.astype(np.float32) (what .float() would give you in PyTorch)"
            )
        }
    }

    /// A tensor with this array's values and matching dtype.
    func toTensor(_ fname: String) throws -> Tensor {
        let d = try tensorDType(fname)
        if dtype == .int64, ints.contains(where: { Swift.abs($0) > 1 << 24 }) {
            throw valueError("\(fname): int64 values beyond ±16777216 cannot be held exactly by gradstep's tensors")
        }
        if d == .float64 { return try Tensor(shape: shape, doubles: doubles) }
        return try Tensor(shape: shape, data: doubles.map { Float($0) }, dtype: d)
    }
}

extension BuiltinTable {
    func registerNumPyTorchBridge() {
        guard case .object(let torch as Namespace)? = modules["torch"] else { return }
        let saved = section
        section = "numpy"
        def(
            "torch.from_numpy", "torch.from_numpy(ndarray)",
            "A tensor with the array's values and dtype (float32 stays float32, int64 int64).",
            "import numpy as np\ntorch.from_numpy(np.arange(3))", in: torch
        ) { b, _ in
            guard case .object(let arr as NDArray)? = b.raw("ndarray") else {
                throw typeError("expected np.ndarray (got \(b.raw("ndarray")?.typeName ?? "nothing"))")
            }
            if let s = arr.shared, let d = try? arr.tensorDType("torch.from_numpy()"),
                let t = Tensor.sharing(s, shape: arr.shape, dtype: d)
            {
                return .tensor(t)
            }
            let t = try arr.toTensor("torch.from_numpy()")
            arr.share(t.storage)
            return .tensor(t)
        }
        section = saved
    }
}
