// TensorMethods: what follows a dot on a tensor — attributes (`x.shape`, `x.grad`, `x.data`,
// `x.requires_grad`, `x.T`) and methods (`x.view(-1, 320)`, `x.sum()`, `x.backward()`,
// `x.max(dim=1)`, `x.item()`, `x.zero_()`, ...). Each binds to the engine op of the same meaning.
// Non-goals: devices (`.cuda()`/`.to()` return the tensor itself), dtypes beyond float/long/bool.

import GradEngine

enum TensorMethods {
    static let attributes = ["shape", "grad", "data", "requires_grad", "dtype", "grad_fn", "is_leaf", "T", "ndim"]

    static var attributeNames: [String] { attributes + methods.names.sorted() }

    static func attribute(_ t: Tensor, _ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .object(SizeObject(t.shape))
        case "grad": return t.grad.map { .tensor($0) } ?? Value.none
        case "data": return .tensor(t.detach())
        case "requires_grad": return .bool(t.requiresGrad)
        case "is_leaf": return .bool(t.isLeaf)
        case "ndim": return .int(t.ndim)
        case "dtype": return .object(Marker("torch.\(t.dtype.rawValue)", kind: "torch.dtype"))
        case "grad_fn":
            guard let fn = t.gradFn else { return Value.none }
            return .object(Marker("<\(gradFnName(fn.op)) object>", kind: "grad_fn"))
        case "T": return .tensor(t.ndim < 2 ? t : try t.permute(Array((0..<t.ndim).reversed())))
        default: return methods.bound(t, name)
        }
    }

    /// PyTorch-style grad_fn name for an engine op name: "add" -> "AddBackward0".
    static func gradFnName(_ op: String) -> String {
        let parts = op.split(whereSeparator: { $0 == "_" || $0 == "." || $0 == " " })
        return parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Backward0"
    }

    /// A shape given as `f(2, 3)`, `f((2, 3))`, `f([2, 3])` or `f(x.shape)`.
    static func shapeArgs(_ values: [Value], _ what: String) throws -> [Int] {
        if values.count == 1, let arr = values[0].asArray ?? (values[0].asObject as? SizeObject).map({ $0.dims.map(Value.int) }) {
            return try arr.map { try toInt($0, "\(what): size") }
        }
        return try values.map { try toInt($0, "\(what): size") }
    }

    static func extremum(_ name: String, _ t: Tensor, _ b: Bound) throws -> Value {
        if let other = b.value("dim"), case .tensor(let o) = other {
            // x.max(other): elementwise maximum
            let gt = try Tensor.compare(t, o, name == "max" ? .ge : .le)
            let picked = try Tensor.add(try Tensor.mul(gt, t), try Tensor.mul(try Tensor.sub(Tensor.scalar(1), gt), o))
            return .tensor(picked)
        }
        guard let dim = try b.optInt("dim") else { return .tensor(name == "max" ? try t.max() : try t.min()) }
        let r = name == "max" ? try t.max(dim: dim, keepdim: try b.bool("keepdim", false)) : try t.min(dim: dim, keepdim: try b.bool("keepdim", false))
        return .object(ReturnTuple(name, names: ["values", "indices"], items: [.tensor(r.values), .tensor(r.indices)]))
    }

    static func inPlaceCheck(_ t: Tensor) throws {
        if GradMode.isEnabled && t.requiresGrad && t.isLeaf {
            throw ScriptError(kind: "RuntimeError", message: "a leaf Variable that requires grad is being used in an in-place operation")
        }
    }

    /// Every method of a tensor, declared once (signature, summary, example).
    nonisolated(unsafe) static let methods: MethodTable<Tensor> = {
        let m = MethodTable<Tensor>("Tensor", section: "Tensor methods")
        let x = "x = torch.tensor([[1.0, -2.0], [3.0, 4.0]])\n"
        m.def("item", "", "The value of a one-element tensor as a Python number.", "torch.tensor([2.5]).item()") { t, _, _ in
            let v = try t.item()
            switch t.dtype {
            case .float32: return .float(Double(v))
            case .int64: return .int(int64Value(v))
            case .bool: return .bool(v != 0)
            }
        }
        m.def("tolist", "", "The values as nested Python lists (a number for a 0-d tensor).", x + "x.tolist()") { t, _, _ in tolist(t) }
        m.def("backward", "gradient=None, retain_graph=None, create_graph=False", "Backpropagates from this tensor: adds d(this)/d(leaf) to every leaf's .grad.",
              "w = torch.tensor([2.0], requires_grad=True)\n(w * w).sum().backward()\nw.grad", unsupported: ["inputs"]) { t, b, _ in
            if try b.bool("create_graph") { throw ScriptError(kind: "RuntimeError", message: "backward(create_graph=True) is not supported by gradstep (no higher-order gradients)") }
            try t.backward(try b.optTensor("gradient"), retainGraph: try b.bool("retain_graph", false))
            return .none
        }
        m.def("view", "*shape", "The same values with another shape (one size may be -1).", x + "x.view(-1)") { t, b, _ in
            .tensor(try t.view(try shapeArgs(b.rest, "view")))
        }
        m.def("reshape", "*shape", "Like view.", x + "x.reshape(4, 1)") { t, b, _ in .tensor(try t.reshape(try shapeArgs(b.rest, "reshape"))) }
        m.def("size", "dim=None", "The shape as torch.Size, or the size of one dimension.", x + "x.size(1)") { t, b, _ in
            if let d = try b.optInt("dim") {
                let k = d < 0 ? d + t.ndim : d
                guard k >= 0 && k < t.ndim else { throw ScriptError(kind: "IndexError", message: "Dimension out of range (expected to be in range of [\(-t.ndim), \(t.ndim - 1)], but got \(d))") }
                return .int(t.shape[k])
            }
            return .object(SizeObject(t.shape))
        }
        m.def("dim", "", "The number of dimensions.", x + "x.dim()") { t, _, _ in .int(t.ndim) }
        m.def("numel", "", "The number of elements.", x + "x.numel()") { t, _, _ in .int(t.count) }
        for (name, summary) in [("sum", "Sum of all elements, or along dim."), ("mean", "Mean of all elements, or along dim."),
                                ("argmax", "Index of the largest element (flattened), or along dim."),
                                ("argmin", "Index of the smallest element (flattened), or along dim.")] {
            m.def(name, "dim=None, keepdim=False", summary, x + "x.\(name)(dim=1)") { t, b, _ in
                let dim = try b.optInt("dim"), keep = try b.bool("keepdim")
                switch name {
                case "sum": return .tensor(try t.sum(dim: dim, keepdim: keep))
                case "mean": return .tensor(try t.mean(dim: dim, keepdim: keep))
                case "argmax": return .tensor(try t.argmax(dim: dim, keepdim: keep))
                default: return .tensor(try t.argmin(dim: dim, keepdim: keep))
                }
            }
        }
        m.def("max", "dim=None, keepdim=False", "The largest element; with dim, (values, indices); with a tensor, the elementwise maximum.",
              x + "x.max(dim=1)") { t, b, _ in try extremum("max", t, b) }
        m.def("min", "dim=None, keepdim=False", "The smallest element; with dim, (values, indices); with a tensor, the elementwise minimum.",
              x + "x.min(dim=1)") { t, b, _ in try extremum("min", t, b) }
        m.def("std", "dim=None, unbiased=True, keepdim=False", "Standard deviation (Bessel-corrected unless unbiased=False).", x + "x.std()") { t, b, _ in
            .tensor(try t.std(dim: try b.optInt("dim"), keepdim: try b.bool("keepdim"), unbiased: try b.bool("unbiased")))
        }
        m.def("var", "dim=None, unbiased=True, keepdim=False", "Variance (Bessel-corrected unless unbiased=False).", x + "x.var()") { t, b, _ in
            .tensor(try t.variance(dim: try b.optInt("dim"), keepdim: try b.bool("keepdim"), unbiased: try b.bool("unbiased")))
        }
        for (name, summary, f) in [("exp", "e to the power of each element.", { (t: Tensor) in t.exp() }),
                                   ("log", "Natural logarithm of each element.", { $0.log() }),
                                   ("sqrt", "Square root of each element.", { $0.sqrt() }), ("abs", "Absolute value of each element.", { $0.abs() }),
                                   ("neg", "-x elementwise.", { $0.neg() }), ("relu", "max(0, x) elementwise.", { $0.relu() }),
                                   ("sigmoid", "1 / (1 + e^-x) elementwise.", { $0.sigmoid() }),
                                   ("tanh", "Hyperbolic tangent elementwise.", { $0.tanh() })] as [(String, String, (Tensor) -> Tensor)] {
            m.def(name, "", summary, x + "x.\(name)()") { t, _, _ in .tensor(f(t)) }
        }
        m.def("pow", "exponent", "Each element to the power exponent (a number or a tensor).", x + "x.pow(2)") { t, b, _ in
            .tensor(try Tensor.pow(t, try b.tensor("exponent")))
        }
        m.def("clamp", "min=None, max=None", "Each element limited to [min, max].", x + "x.clamp(min=0)") { t, b, _ in
            .tensor(try t.clamp(min: try b.optDouble("min").map(Float.init), max: try b.optDouble("max").map(Float.init)))
        }
        m.def("softmax", "dim", "softmax along dim.", x + "x.softmax(dim=1)") { t, b, _ in .tensor(try Functional.softmax(t, dim: try b.int("dim"))) }
        m.def("log_softmax", "dim", "log(softmax) along dim, computed stably.", x + "x.log_softmax(dim=1)") { t, b, _ in
            .tensor(try Functional.logSoftmax(t, dim: try b.int("dim")))
        }
        m.def("flatten", "start_dim=0, end_dim=-1", "Dims start_dim..end_dim merged into one.", x + "x.flatten()") { t, b, _ in
            .tensor(try t.flatten(startDim: try b.int("start_dim"), endDim: try b.int("end_dim")))
        }
        m.def("squeeze", "dim=None", "Drops dimensions of size 1 (all, or only dim).", "torch.zeros(1, 3, 1).squeeze().shape") { t, b, _ in
            .tensor(try t.squeeze(dim: try b.optInt("dim")))
        }
        m.def("unsqueeze", "dim", "Inserts a dimension of size 1 at dim.", "torch.zeros(3).unsqueeze(0).shape") { t, b, _ in
            .tensor(try t.unsqueeze(try b.int("dim")))
        }
        m.def("transpose", "dim0, dim1", "Swaps two dimensions.", x + "x.transpose(0, 1)") { t, b, _ in
            .tensor(try t.transpose(try b.int("dim0"), try b.int("dim1")))
        }
        m.def("t", "", "Transpose of a matrix (≤ 2-D).", x + "x.t()") { t, _, _ in .tensor(try t.t()) }
        m.def("permute", "*dims", "The dimensions reordered.", x + "x.permute(1, 0)") { t, b, _ in .tensor(try t.permute(try shapeArgs(b.rest, "permute"))) }
        m.def("matmul", "other", "Matrix product, as `x @ other`.", x + "x.matmul(x)") { t, b, _ in .tensor(try Tensor.matmul(t, try b.tensor("other"))) }
        for (name, summary, op) in [("add", "x + other elementwise (broadcasting).", Tensor.add), ("sub", "x - other elementwise.", Tensor.sub),
                                    ("mul", "x * other elementwise.", Tensor.mul), ("div", "x / other elementwise.", Tensor.div),
                                    ("floor_divide", "x // other elementwise.", Tensor.floorDivide),
                                    ("remainder", "x % other elementwise (Python's sign rule).", Tensor.remainder)]
            as [(String, String, (Tensor, Tensor) throws -> Tensor)] {
            m.def(name, "other", summary, x + "x.\(name)(2)") { t, b, _ in .tensor(try op(t, try b.tensor("other"))) }
        }
        m.def("eq", "other", "x == other elementwise (a bool tensor).", x + "x.eq(3)") { t, b, _ in .tensor(try Tensor.compare(t, try b.tensor("other"), .eq)) }
        m.def("detach", "", "The same values, cut from the graph (no grad_fn, no gradient).", x + "x.detach()") { t, _, _ in .tensor(t.detach()) }
        m.def("clone", "", "A copy that stays in the graph (gradients flow back through it).", x + "x.clone()") { t, _, _ in
            // A copy that stays in the graph: t * 1 records the op, so gradients flow as with clone().
            .tensor(t.requiresGrad && GradMode.isEnabled ? try Tensor.mul(t, Tensor.scalar(1)) : t.copy())
        }
        m.def("requires_grad_", "requires_grad=True", "Turns gradient tracking of a leaf on (or off); returns the tensor.",
              "torch.zeros(2).requires_grad_()") { t, b, _ in
            try t.requiresGrad(try b.bool("requires_grad"))
            return .tensor(t)
        }
        m.def("zero_", "", "Sets every element to 0 in place.", x + "x.zero_()") { t, _, _ in
            try inPlaceCheck(t)
            t.data = [Float](repeating: 0, count: t.count)
            return .tensor(t)
        }
        m.def("fill_", "value", "Sets every element to value in place.", x + "x.fill_(7)") { t, b, _ in
            try inPlaceCheck(t)
            t.data = [Float](repeating: try b.float("value"), count: t.count)
            return .tensor(t)
        }
        m.def("float", "", "A float32 copy (the tensor itself when it is float32 already).", "torch.tensor([1, 2]).float()") { t, _, _ in
            .tensor(t.dtype == .float32 ? t : try Tensor(shape: t.shape, data: t.data, dtype: .float32))
        }
        m.def("long", "", "An int64 copy, truncating toward zero.", "torch.tensor([1.7, -1.7]).long()") { t, _, _ in
            .tensor(t.dtype == .int64 ? t : try Tensor(shape: t.shape, data: t.data.map { $0.rounded(.towardZero) }, dtype: .int64))
        }
        m.alias("int", of: "long")
        m.def("bool", "", "A bool copy (nonzero is True).", "torch.tensor([0.0, 2.0]).bool()") { t, _, _ in
            .tensor(try Tensor(shape: t.shape, data: t.data.map { $0 != 0 ? 1 : 0 }, dtype: .bool))
        }
        m.def("numpy", "*, force=False", "The values as a numpy array of the same dtype (float32 stays float32).", x + "x.numpy()") { t, _, _ in
            if t.requiresGrad { throw ScriptError(kind: "RuntimeError", message: "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.") }
            return try NDArray.fromTensor(t, dtype: nil).value
        }
        m.def("cpu", "", "The tensor itself (gradstep runs on the CPU).", x + "x.cpu()") { t, _, _ in .tensor(t) }
        m.def("cuda", "device=None", "Refused: gradstep runs on the CPU only.", "# x.cuda() raises: Torch not compiled with CUDA enabled") { _, _, _ in
            throw ScriptError(kind: "AssertionError", message: "Torch not compiled with CUDA enabled")
        }
        m.def("to", "*args, **kwargs", "The tensor itself on the CPU: to('cpu'), to(device); to(dtype) converts.", x + "x.to('cpu')") { t, b, interp in
            for v in b.rest + b.extra.map(\.1) {
                if case .object(let marker as Marker) = v, marker.kind == "torch.dtype", let d = try BuiltinTable.dtype(v) {
                    guard let conv = methods.declaration(d == .float32 ? "float" : (d == .int64 ? "long" : "bool")) else { continue }
                    return try conv.impl(t, try conv.signature.bind(Args()), interp)
                }
                if case .string(let s) = v, s != "cpu" {
                    throw ScriptError(kind: "RuntimeError", message: "gradstep runs on the CPU only; device '\(s)' is not available")
                }
            }
            return .tensor(t)
        }
        m.def("contiguous", "", "The tensor itself (gradstep tensors are always contiguous).", x + "x.contiguous()") { t, _, _ in .tensor(t) }
        m.def("any", "", "Whether any element is nonzero (a bool tensor).", x + "x.any()") { t, _, _ in
            .tensor(Tensor.scalar(t.data.contains { $0 != 0 } ? 1 : 0, dtype: .bool))
        }
        m.def("all", "", "Whether every element is nonzero (a bool tensor).", x + "x.all()") { t, _, _ in
            .tensor(Tensor.scalar(t.data.allSatisfy { $0 != 0 } ? 1 : 0, dtype: .bool))
        }
        m.def("norm", "", "The Euclidean (Frobenius) norm of all elements.", x + "x.norm()") { t, _, _ in
            .tensor(try Tensor.pow(try Tensor.mul(t, t).sum(), Tensor.scalar(0.5)))
        }
        return m
    }()

    static func tolist(_ t: Tensor) -> Value {
        func scalar(_ x: Float) -> Value {
            switch t.dtype {
            case .float32: return .float(Double(x))
            case .int64: return .int(int64Value(x))
            case .bool: return .bool(x != 0)
            }
        }
        if t.ndim == 0 { return scalar(t.data[0]) }
        func build(_ dim: Int, _ offset: Int) -> Value {
            let stride = t.shape[(dim + 1)...].reduce(1, *)
            if dim == t.ndim - 1 { return .list(ListRef((0..<t.shape[dim]).map { scalar(t.data[offset + $0]) })) }
            return .list(ListRef((0..<t.shape[dim]).map { build(dim + 1, offset + $0 * stride) }))
        }
        return build(0, 0)
    }
}

/// `x.shape` / `x.size()`: prints as `torch.Size([100, 10])`, indexes and compares like a tuple.
final class SizeObject: ScriptObject, @unchecked Sendable {
    let dims: [Int]
    init(_ d: [Int]) { dims = d }
    override var typeName: String { "torch.Size" }
    override var repr: String { "torch.Size([" + dims.map(String.init).joined(separator: ", ") + "])" }
    override func length() throws -> Int? { dims.count }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        try interp.getItem(.tuple(dims.map(Value.int)), index)
    }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var it = dims.makeIterator()
        return { it.next().map(Value.int) }
    }
    override var attributeNames: [String] { ["numel"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        n == "numel" ? .object(BuiltinFunction("Size.numel()") { [dims] (_: Bound, _: Interpreter) in .int(dims.reduce(1, *)) }) : nil
    }
}
