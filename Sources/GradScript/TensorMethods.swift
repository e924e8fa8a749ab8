// TensorMethods: what follows a dot on a tensor — attributes (`x.shape`, `x.grad`, `x.data`,
// `x.requires_grad`, `x.T`) and methods (`x.view(-1, 320)`, `x.sum()`, `x.backward()`,
// `x.max(dim=1)`, `x.item()`, `x.zero_()`, ...). Each binds to the engine op of the same meaning.
// Devices: the CPU only (`.cuda()` fails as in a CPU-only PyTorch). In-place methods (`add_`, ...)
// go through the engine's InPlace.swift (PyTorch's leaf rule and version counter).
// Non-goals: complex and quantized dtypes.

import GradEngine

enum TensorMethods {
    static let attributes = [
        "shape", "grad", "data", "requires_grad", "dtype", "grad_fn", "is_leaf", "T", "ndim", "device", "is_cuda",
        "_version", "mT", "retains_grad",
    ]

    static var attributeNames: [String] { attributes + methods.names.sorted() }

    static func attribute(_ t: Tensor, _ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .object(SizeObject(t.shape))
        case "grad": return t.grad.map { .tensor($0) } ?? Value.none
        case "data": return .tensor(t.dataAlias())
        case "device": return .object(DeviceObject.cpu)
        case "is_cuda": return .bool(false)
        case "_version": return .int(t.version)
        case "requires_grad": return .bool(t.requiresGrad)
        case "is_leaf": return .bool(t.isLeaf)
        case "retains_grad": return .bool(t.retainsGrad)
        case "ndim": return .int(t.ndim)
        case "dtype": return .object(Marker.dtype("torch.\(t.dtype.rawValue)"))
        case "grad_fn":
            guard let fn = t.gradFn else { return Value.none }
            return .object(GradFnObject(fn))
        case "T": return .tensor(t.ndim < 2 ? t : try t.permute(Array((0..<t.ndim).reversed())))
        case "mT": return .tensor(try t.transpose(-2, -1))
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
        if values.count == 1,
            let arr = values[0].asArray ?? (values[0].asObject as? SizeObject).map({ $0.dims.map(Value.int) })
        {
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
        let r =
            name == "max"
            ? try t.max(dim: dim, keepdim: try b.bool("keepdim", false))
            : try t.min(dim: dim, keepdim: try b.bool("keepdim", false))
        return .object(
            ReturnTuple(name, names: ["values", "indices"], items: [.tensor(r.values), .tensor(r.indices)]))
    }

    /// clamp(min, max) with numbers or tensors.
    static func clamp(_ t: Tensor, _ b: Bound) throws -> Tensor {
        let lo = b.value("min"), hi = b.value("max")
        if case .tensor? = lo { return try t.clamp(min: try b.optTensor("min"), max: try b.optTensor("max")) }
        if case .tensor? = hi { return try t.clamp(min: try b.optTensor("min"), max: try b.optTensor("max")) }
        return try t.clamp(min: try b.optDouble("min").map(Float.init), max: try b.optDouble("max").map(Float.init))
    }

    /// |x - other| <= atol + rtol·|other| elementwise (nan equal to nan only with equal_nan).
    static func isClose(_ t: Tensor, _ o: Tensor, _ b: Bound) throws -> Tensor {
        let rtol = try b.double("rtol"), atol = try b.double("atol"), eqNan = try b.bool("equal_nan")
        guard let shape = Tensor.broadcastShape(t.shape, o.shape) else {
            throw ScriptError(
                kind: "RuntimeError",
                message:
                    "The size of tensor a (\(t.shape.last ?? 1)) must match the size of tensor b "
                    + "(\(o.shape.last ?? 1)) at non-singleton dimension \(max(0, max(t.ndim, o.ndim) - 1))"
            )
        }
        let a = try t.expand(shape).doubleValues, c = try o.expand(shape).doubleValues
        let r: [Float] = zip(a, c).map { x, y in
            if x.isNaN || y.isNaN { return eqNan && x.isNaN && y.isNaN ? 1 : 0 }
            if x == y { return 1 }
            return Swift.abs(x - y) <= atol + rtol * Swift.abs(y) ? 1 : 0
        }
        return try Tensor(shape: shape, data: r, dtype: .bool)
    }

    /// Every method of a tensor, declared once (signature, summary, example).
    nonisolated(unsafe) static let methods: MethodTable<Tensor> = {
        let m = MethodTable<Tensor>("Tensor", section: "Tensor methods")
        let x = "x = torch.tensor([[1.0, -2.0], [3.0, 4.0]])\n"
        m.def("item", "", "The value of a one-element tensor as a Python number.", "torch.tensor([2.5]).item()") {
            t, _, _ in
            let v = try t.itemDouble()
            switch t.dtype {
            case .float32, .float64, .float16, .bfloat16: return .float(v)
            case .int64, .int32, .int16, .int8, .uint8: return .int(int64Value(Float(v)))
            case .bool: return .bool(v != 0)
            }
        }
        m.def("tolist", "", "The values as nested Python lists (a number for a 0-d tensor).", x + "x.tolist()") {
            t, _, _ in tolist(t)
        }
        m.def(
            "backward", "gradient=None, retain_graph=None, create_graph=False",
            "Backpropagates from this tensor: adds d(this)/d(leaf) to every leaf's .grad.",
            "w = torch.tensor([2.0], requires_grad=True)\n(w * w).sum().backward()\nw.grad", unsupported: ["inputs"]
        ) { t, b, _ in
            if try b.bool("create_graph") {
                throw ScriptError(
                    kind: "RuntimeError",
                    message: "backward(create_graph=True) is not supported by gradstep (no higher-order gradients)")
            }
            try t.backward(try b.optTensor("gradient"), retainGraph: try b.bool("retain_graph", false))
            return .none
        }
        m.def("view", "*shape", "The same values with another shape (one size may be -1).", x + "x.view(-1)") {
            t, b, _ in
            .tensor(try t.view(try shapeArgs(b.rest, "view")))
        }
        m.def("reshape", "*shape", "Like view.", x + "x.reshape(4, 1)") { t, b, _ in
            .tensor(try t.reshape(try shapeArgs(b.rest, "reshape")))
        }
        m.def("size", "dim=None", "The shape as torch.Size, or the size of one dimension.", x + "x.size(1)") {
            t, b, _ in
            if let d = try b.optInt("dim") {
                let k = d < 0 ? d + t.ndim : d
                guard k >= 0 && k < t.ndim else {
                    throw ScriptError(
                        kind: "IndexError",
                        message:
                            "Dimension out of range (expected to be in range of [\(-t.ndim), \(t.ndim - 1)], but got "
                            + "\(d))"
                    )
                }
                return .int(t.shape[k])
            }
            return .object(SizeObject(t.shape))
        }
        m.def("dim", "", "The number of dimensions.", x + "x.dim()") { t, _, _ in .int(t.ndim) }
        m.def("numel", "", "The number of elements.", x + "x.numel()") { t, _, _ in .int(t.count) }
        for (name, summary) in [
            ("sum", "Sum of all elements, or along dim."), ("mean", "Mean of all elements, or along dim."),
            ("argmax", "Index of the largest element (flattened), or along dim."),
            ("argmin", "Index of the smallest element (flattened), or along dim."),
        ] {
            m.def(name, "dim=None, keepdim=False, *, axis=None, keepdims=None", summary, x + "x.\(name)(dim=1)") {
                t, b, _ in
                // numpy's spellings axis= and keepdims= are accepted, as PyTorch accepts them.
                let keep = try b.bool("keepdim") || (b.value("keepdims") != nil && b.bool("keepdims"))
                let dimValue = b.value("dim") ?? b.value("axis")
                if let dv = dimValue, let dims = dv.asArray, name == "sum" || name == "mean" {
                    // Several dims: reduce each (the highest first, keeping dims so indices stay valid).
                    let ds = try Set(dims.map { try t.normalizedDim(try toInt($0, "\(name)(): dim"), op: name) })
                    var r = t
                    for d in ds.sorted(by: >) {
                        r = name == "sum" ? try r.sum(dim: d, keepdim: true) : try r.mean(dim: d, keepdim: true)
                    }
                    if !keep {
                        r = try r.reshape(t.shape.enumerated().filter { !ds.contains($0.offset) }.map { $0.element })
                    }
                    return .tensor(r)
                }
                let dim = try dimValue.map { try toInt($0, "\(name)(): dim") }
                switch name {
                case "sum": return .tensor(try t.sum(dim: dim, keepdim: keep))
                case "mean": return .tensor(try t.mean(dim: dim, keepdim: keep))
                case "argmax": return .tensor(try t.argmax(dim: dim, keepdim: keep))
                default: return .tensor(try t.argmin(dim: dim, keepdim: keep))
                }
            }
        }
        m.def(
            "max", "dim=None, keepdim=False",
            "The largest element; with dim, (values, indices); with a tensor, the elementwise maximum.",
            x + "x.max(dim=1)"
        ) { t, b, _ in try extremum("max", t, b) }
        m.def(
            "min", "dim=None, keepdim=False",
            "The smallest element; with dim, (values, indices); with a tensor, the elementwise minimum.",
            x + "x.min(dim=1)"
        ) { t, b, _ in try extremum("min", t, b) }
        m.def(
            "std", "dim=None, unbiased=True, keepdim=False",
            "Standard deviation (Bessel-corrected unless unbiased=False).", x + "x.std()"
        ) { t, b, _ in
            .tensor(
                try t.std(dim: try b.optInt("dim"), keepdim: try b.bool("keepdim"), unbiased: try b.bool("unbiased")))
        }
        m.def(
            "var", "dim=None, unbiased=True, keepdim=False", "Variance (Bessel-corrected unless unbiased=False).",
            x + "x.var()"
        ) { t, b, _ in
            .tensor(
                try t.variance(
                    dim: try b.optInt("dim"), keepdim: try b.bool("keepdim"), unbiased: try b.bool("unbiased")))
        }
        for (name, summary, f) in BuiltinTable.pointwise {
            m.def(name, "", summary, x + "x.\(name)()") { t, _, _ in .tensor(try f(t)) }
            m.def(name + "_", "", "In place: " + summary, x + "x.\(name)_()") { t, _, _ in .tensor(try t.inPlace(f)) }
        }
        m.def(
            "round", "*, decimals=0", "Rounded to the nearest integer (halves to even), or to decimals places.",
            x + "x.round()"
        ) { t, b, _ in
            .tensor(t.round(decimals: try b.int("decimals")))
        }
        m.def("pow", "exponent", "Each element to the power exponent (a number or a tensor).", x + "x.pow(2)") {
            t, b, _ in
            .tensor(try Tensor.pow(t, try b.tensor("exponent")))
        }
        m.def(
            "clamp", "min=None, max=None", "Each element limited to [min, max] (numbers or tensors).",
            x + "x.clamp(min=0)"
        ) { t, b, _ in
            .tensor(try clamp(t, b))
        }
        m.alias("clip", of: "clamp")
        m.def("clamp_", "min=None, max=None", "In place: each element limited to [min, max].", x + "x.clamp_(min=0)") {
            t, b, _ in
            .tensor(try t.inPlace { try clamp($0, b) })
        }
        m.def("softmax", "dim", "softmax along dim.", x + "x.softmax(dim=1)") { t, b, _ in
            .tensor(try Functional.softmax(t, dim: try b.int("dim")))
        }
        m.def("log_softmax", "dim", "log(softmax) along dim, computed stably.", x + "x.log_softmax(dim=1)") { t, b, _ in
            .tensor(try Functional.logSoftmax(t, dim: try b.int("dim")))
        }
        m.def("flatten", "start_dim=0, end_dim=-1", "Dims start_dim..end_dim merged into one.", x + "x.flatten()") {
            t, b, _ in
            .tensor(try t.flatten(startDim: try b.int("start_dim"), endDim: try b.int("end_dim")))
        }
        m.def(
            "squeeze", "dim=None", "Drops dimensions of size 1 (all, or only dim).",
            "torch.zeros(1, 3, 1).squeeze().shape"
        ) { t, b, _ in
            .tensor(try t.squeeze(dim: try b.optInt("dim")))
        }
        m.def("unsqueeze", "dim", "Inserts a dimension of size 1 at dim.", "torch.zeros(3).unsqueeze(0).shape") {
            t, b, _ in
            .tensor(try t.unsqueeze(try b.int("dim")))
        }
        m.def(
            "unsqueeze_", "dim", "In place: inserts a dimension of size 1 at dim (same values, new shape).",
            "x = torch.zeros(3)\nx.unsqueeze_(-1)\nx.shape"
        ) { t, b, _ in
            .tensor(try t.takeShape(of: try t.unsqueeze(try b.int("dim")), op: "unsqueeze_"))
        }
        m.def(
            "squeeze_", "dim=None", "In place: drops dimensions of size 1 (all, or only dim).",
            "x = torch.zeros(1, 3)\nx.squeeze_()\nx.shape"
        ) { t, b, _ in
            .tensor(try t.takeShape(of: try t.squeeze(dim: try b.optInt("dim")), op: "squeeze_"))
        }
        m.def(
            "nonzero", "*, as_tuple=False",
            "The indices of the non-zero elements, one row per element ([n, ndim], int64), or one tensor per dim.",
            "torch.tensor([[0., 1.], [2., 0.]]).nonzero()"
        ) { t, b, _ in
            let cols = TensorMethods.nonzeroIndices(t)
            if try b.bool("as_tuple") {
                return .tuple(try cols.map { .tensor(try Tensor(shape: [$0.count], data: $0, dtype: .int64)) })
            }
            let n = cols.first?.count ?? t.data.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
            var rows = [Float](repeating: 0, count: n * cols.count)
            for (d, c) in cols.enumerated() { for (i, v) in c.enumerated() { rows[i * cols.count + d] = v } }
            return .tensor(try Tensor(shape: [n, cols.count], data: rows, dtype: .int64))
        }
        m.def("transpose", "dim0, dim1", "Swaps two dimensions.", x + "x.transpose(0, 1)") { t, b, _ in
            .tensor(try t.transpose(try b.int("dim0"), try b.int("dim1")))
        }
        m.def("t", "", "Transpose of a matrix (≤ 2-D).", x + "x.t()") { t, _, _ in .tensor(try t.t()) }
        m.def("permute", "*dims", "The dimensions reordered.", x + "x.permute(1, 0)") { t, b, _ in
            .tensor(try t.permute(try shapeArgs(b.rest, "permute")))
        }
        m.def("matmul", "other", "Matrix product, as `x @ other`.", x + "x.matmul(x)") { t, b, _ in
            .tensor(try Tensor.matmul(t, try b.tensor("other")))
        }
        // The binary family is declared once (BuiltinTable.binary); pow is the method's own (`exponent`).
        let pow: (String, String, (Tensor, Tensor) throws -> Tensor) = (
            "pow", "Each element to the power exponent.", Tensor.pow
        )
        /// The example call of a binary method on the examples' x (a [2, 2] tensor).
        func example(_ name: String) -> String {
            switch name {
            case "dot", "outer": return "x[0].\(name)(torch.ones(2))"
            case "mv": return "x.mv(torch.ones(2))"
            case "mm": return "x.mm(x)"
            case "bmm": return "x[None].bmm(x[None])"
            default: return "x.\(name)(2)"
            }
        }
        for (name, summary, op) in BuiltinTable.binary + [pow] {
            let alpha = name == "add" || name == "sub"
            let param = name == "pow" ? "exponent" : "other"
            m.def(
                name, param + (alpha ? ", *, alpha=1" : ""), summary,
                x + example(name)
            ) { t, b, _ in
                var other = try b.tensor(param)
                if alpha, b.passed("alpha") {
                    other = try Tensor.mul(other, Tensor.wrappedNumber(try b.float("alpha"), dtype: .float32))
                }
                return .tensor(try op(t, other))
            }
            if ["add", "sub", "mul", "div", "pow"].contains(name) {
                m.def(name + "_", param + (alpha ? ", *, alpha=1" : ""), "In place: " + summary, x + "x.\(name)_(2)") {
                    t, b, _ in
                    var other = try b.tensor(param)
                    if alpha, b.passed("alpha") {
                        other = try Tensor.mul(other, Tensor.wrappedNumber(try b.float("alpha"), dtype: .float32))
                    }
                    return .tensor(try t.inPlace { try op($0, other) })
                }
            }
        }
        m.alias("subtract", of: "sub")
        m.alias("multiply", of: "mul")
        m.alias("divide", of: "div")
        m.def("zero_", "", "Sets every element to 0 in place.", x + "x.zero_()") { t, _, _ in .tensor(try t.zero_()) }
        for name in ["scatter", "scatter_"] {
            m.def(
                name, "dim, index, src=None, *, value=None",
                (name == "scatter" ? "A copy" : "In place,")
                    + " with src's values (or value) written at index along dim: out[i][index[i][j]] = src[i][j] for "
                    + "dim=1.",
                x + "x.\(name)(1, torch.tensor([[1], [0]]), value=5.0)", unsupported: ["reduce"]
            ) { t, b, _ in
                let dim = try b.int("dim"), index = try b.tensor("index")
                var src: Tensor? = nil
                var value: Float = 0
                if let v = b.value("src") {
                    if case .tensor(let st) = v { src = st } else { value = try b.float("src") }
                } else if b.value("value") != nil {
                    value = try b.float("value")
                } else {
                    throw typeError("\(name)() missing 1 required argument: 'src' or 'value'")
                }
                let op = { (x: Tensor) in try x.scatter(dim: dim, index: index, src: src, value: value) }
                return .tensor(name == "scatter" ? try op(t) : try t.inPlace(op))
            }
        }
        m.def(
            "gather", "dim, index, *, sparse_grad=False",
            "Values read at index along dim: out[i][j] = x[i][index[i][j]] for dim=1.",
            x + "x.gather(1, torch.tensor([[1], [0]]))"
        ) { t, b, _ in
            .tensor(try t.gather(dim: try b.int("dim"), index: try b.tensor("index")))
        }
        m.def("fill_", "value", "Sets every element to value in place.", x + "x.fill_(7)") { t, b, _ in
            .tensor(try t.fill_(try b.float("value")))
        }
        m.def(
            "copy_", "src", "Copies src's values (broadcast, converted) into this tensor in place.",
            x + "x.copy_(torch.zeros(2))"
        ) { t, b, _ in
            .tensor(try t.copy_(try b.tensor("src")))
        }
        m.def(
            "normal_", "mean=0, std=1, *, generator=None", "Fills in place with N(mean, std²) samples.",
            x + "x.normal_()"
        ) { t, b, _ in
            if b.value("generator") != nil {
                throw ScriptError(
                    kind: "TypeError", message: "normal_(): keyword argument 'generator' is not supported by gradstep")
            }
            return .tensor(try t.normal_(mean: try b.float("mean"), std: try b.float("std")))
        }
        m.def(
            "uniform_", "from_=0, to=1, *, generator=None", "Fills in place with U[from, to) samples.",
            x + "x.uniform_(-1, 1)"
        ) { t, b, _ in
            if b.value("generator") != nil {
                throw ScriptError(
                    kind: "TypeError", message: "uniform_(): keyword argument 'generator' is not supported by gradstep")
            }
            return .tensor(try t.uniform_(from: try b.float("from_"), to: try b.float("to")))
        }
        m.def("view_as", "other", "The values in other's shape.", x + "x.view_as(torch.zeros(4))") { t, b, _ in
            .tensor(try t.viewAs(try b.tensor("other")))
        }
        m.def("reshape_as", "other", "The values in other's shape.", x + "x.reshape_as(torch.zeros(4))") { t, b, _ in
            .tensor(try t.reshape(try b.tensor("other").shape))
        }
        m.def("expand", "*sizes", "Size-1 dims stretched to sizes (-1 keeps a dim).", "torch.ones(3, 1).expand(3, 4)") {
            t, b, _ in
            .tensor(try t.expand(try shapeArgs(b.rest, "expand")))
        }
        m.def("expand_as", "other", "Expanded to other's shape.", "torch.ones(3, 1).expand_as(torch.zeros(3, 4))") {
            t, b, _ in
            .tensor(try t.expand(try b.tensor("other").shape))
        }
        m.def("repeat", "*repeats", "Tiled repeats[i] times along each dim.", x + "x.repeat(2, 1)") { t, b, _ in
            .tensor(try t.repeat(try shapeArgs(b.rest, "repeat")))
        }
        for (name, summary) in [
            ("new_zeros", "Zeros of the given size, with this tensor's dtype."),
            ("new_ones", "Ones of the given size, with this tensor's dtype."),
            ("new_empty", "A tensor of the given size (zeros), with this tensor's dtype."),
        ] {
            m.def(name, "*size, dtype=None, device=None, requires_grad=False", summary, x + "x.\(name)(2, 3)") {
                t, b, interp in
                try BuiltinTable.checkDevice(b.value("device"))
                let shape = try shapeArgs(b.rest, name)
                try interp.checkSize(shape, "Tensor.\(name)")
                let r = try BuiltinTable.typed(
                    name == "new_ones" ? try Tensor.ones(shape) : try Tensor.zeros(shape),
                    try BuiltinTable.dtype(b.value("dtype")) ?? t.dtype)
                if try b.bool("requires_grad") { try r.requiresGrad(true) }
                return .tensor(r)
            }
        }
        m.def(
            "new_full", "size, fill_value, *, dtype=None, device=None, requires_grad=False",
            "fill_value everywhere, with this tensor's dtype.",
            x + "x.new_full((2,), 7)"
        ) { t, b, interp in
            try BuiltinTable.checkDevice(b.value("device"))
            let shape = try b.ints("size") ?? []
            try interp.checkSize(shape, "Tensor.new_full")
            let r = try BuiltinTable.typed(
                try Tensor.full(shape, try b.float("fill_value")), try BuiltinTable.dtype(b.value("dtype")) ?? t.dtype)
            if try b.bool("requires_grad") { try r.requiresGrad(true) }
            return .tensor(r)
        }
        m.def(
            "new_tensor", "data, *, dtype=None, device=None, requires_grad=False",
            "A new tensor from data, with this tensor's dtype.",
            x + "x.new_tensor([1, 2])"
        ) { t, b, _ in
            try BuiltinTable.checkDevice(b.value("device"))
            let d = try BuiltinTable.dtype(b.value("dtype")) ?? t.dtype
            let r =
                d == .float64
                ? try BuiltinTable.nestedFloat64(b.value("data") ?? .none)
                : try tensorFromNested(b.value("data") ?? .none, dtype: nil).detach().to(d)
            if try b.bool("requires_grad") { try r.requiresGrad(true) }
            return .tensor(r)
        }
        m.def("chunk", "chunks, dim=0", "chunks pieces along dim (a tuple of tensors).", x + "x.chunk(2)") { t, b, _ in
            .tuple(try t.chunk(try b.int("chunks"), dim: try b.int("dim")).map(Value.tensor))
        }
        m.def(
            "split", "split_size_or_sections, dim=0", "Pieces of that size (or of those sizes) along dim (a tuple).",
            x + "x.split(1)"
        ) { t, b, _ in
            let v = b.value("split_size_or_sections") ?? .none
            if let sizes = v.asArray {
                return .tuple(
                    try t.split(sizes: try sizes.map { try toInt($0, "split(): sections") }, dim: try b.int("dim")).map(
                        Value.tensor))
            }
            return .tuple(
                try t.split(size: try toInt(v, "split(): split_size"), dim: try b.int("dim")).map(Value.tensor))
        }
        m.def(
            "topk", "k, dim=-1, largest=True, sorted=True",
            "The k largest (or smallest) values along dim and their indices.", x + "x.topk(1)"
        ) { t, b, _ in
            let r = try t.topk(try b.int("k"), dim: try b.int("dim"), largest: try b.bool("largest"))
            return .object(
                ReturnTuple("topk", names: ["values", "indices"], items: [.tensor(r.values), .tensor(r.indices)]))
        }
        m.def(
            "sort", "dim=-1, descending=False, stable=False", "The values sorted along dim and their indices.",
            x + "x.sort()"
        ) { t, b, _ in
            let r = try t.sort(dim: try b.int("dim"), descending: try b.bool("descending"))
            return .object(
                ReturnTuple("sort", names: ["values", "indices"], items: [.tensor(r.values), .tensor(r.indices)]))
        }
        m.def(
            "argsort", "dim=-1, descending=False, stable=False", "The indices that sort along dim.", x + "x.argsort()"
        ) { t, b, _ in
            .tensor(try t.argsort(dim: try b.int("dim"), descending: try b.bool("descending")))
        }
        m.def(
            "cumsum", "dim=None, *, axis=None", "Running sums along dim (axis= is numpy's spelling).", x + "x.cumsum(0)"
        ) {
            t, b, _ in
            guard let d = b.value("dim") ?? b.value("axis") else {
                throw typeError("cumsum() missing 1 required positional argument: 'dim'")
            }
            return .tensor(try t.cumsum(dim: try toInt(d, "cumsum(): dim")))
        }
        m.def("prod", "dim=None, keepdim=False", "Product of all elements, or along dim.", x + "x.prod()") { t, b, _ in
            .tensor(try t.prod(dim: try b.optInt("dim"), keepdim: try b.bool("keepdim")))
        }
        m.def(
            "allclose", "other, rtol=1e-05, atol=1e-08, equal_nan=False",
            "Whether every |x - other| <= atol + rtol·|other|.", x + "x.allclose(x)"
        ) { t, b, _ in
            .bool(try isClose(t, try b.tensor("other"), b).data.allSatisfy { $0 != 0 })
        }
        m.def(
            "isclose", "other, rtol=1e-05, atol=1e-08, equal_nan=False",
            "|x - other| <= atol + rtol·|other| elementwise (bool).", x + "x.isclose(x)"
        ) { t, b, _ in
            .tensor(try isClose(t, try b.tensor("other"), b))
        }
        m.def("equal", "other", "Whether both have the same shape and values.", x + "x.equal(x)") { t, b, _ in
            let o = try b.tensor("other")
            return .bool(o.shape == t.shape && t.doubleValues == o.doubleValues)
        }
        m.def("eq", "other", "x == other elementwise (a bool tensor).", x + "x.eq(3)") { t, b, _ in
            .tensor(try Tensor.compare(t, try b.tensor("other"), .eq))
        }
        m.def("detach", "", "The same values, cut from the graph (no grad_fn, no gradient).", x + "x.detach()") {
            t, _, _ in .tensor(t.detach())
        }
        m.def("clone", "", "A copy that stays in the graph (gradients flow back through it).", x + "x.clone()") {
            t, _, _ in .tensor(t.clone())
        }
        m.def(
            "requires_grad_", "requires_grad=True",
            "Turns gradient tracking of a leaf on (or off); returns the tensor.",
            "torch.zeros(2).requires_grad_()"
        ) { t, b, _ in
            let flag = try b.bool("requires_grad")
            if flag && !t.dtype.isFloatingPoint {  // PyTorch's wording for the method
                throw ScriptError(
                    kind: "RuntimeError",
                    message: "only Tensors of floating point dtype can require "
                        + "gradients")
            }
            try t.requiresGrad(flag)
            return .tensor(t)
        }
        for (name, d) in [
            ("float", DType.float32), ("double", .float64), ("long", .int64), ("int", .int32), ("bool", .bool),
        ] {
            m.def(
                name, "",
                "A \(d.rawValue) copy (the tensor itself when it is \(d.rawValue) already); floats to integers "
                    + "truncate toward zero.",
                "torch.tensor([1.7, -1.7]).\(name)()"
            ) { t, _, _ in .tensor(try t.to(d)) }
        }
        for (name, d, rule) in [
            ("half", DType.float16, "rounded to nearest even, past 65504 to inf"),
            ("bfloat16", .bfloat16, "rounded to nearest even (8 bits of mantissa)"),
            ("short", .int16, "truncated toward zero, wrapping around past 32767"),
            ("char", .int8, "truncated toward zero, wrapping around past 127"),
            ("byte", .uint8, "truncated toward zero, wrapping around modulo 256"),
        ] {
            m.def(
                name, "", "A \(d.rawValue) copy (the tensor itself when it is \(d.rawValue) already): values \(rule).",
                "torch.tensor([0.1, 300.7, -1.5]).\(name)()"
            ) { t, _, _ in .tensor(try t.to(d)) }
        }
        m.def(
            "element_size", "", "Bytes per element of the dtype (4 for float32, 2 for float16).",
            x + "x.element_size"
                + "()"
        ) { t, _, _ in .int(t.dtype.itemSize) }
        m.def(
            "is_floating_point", "", "Whether the dtype is a floating-point one (float32, float64, float16, bfloat16).",
            x + "x.is_floating_point()"
        ) { t, _, _ in .bool(t.dtype.isFloatingPoint) }
        m.def(
            "type", "dtype=None",
            "Without argument, the type name ('torch.FloatTensor'); with a dtype or type name, a converted copy.",
            x + "x.type()"
        ) { t, b, _ in
            guard let v = b.value("dtype") else { return .string("torch." + t.dtype.legacyTypeName) }
            if case .string(let s) = v {
                guard let d = DType(legacyTypeName: s) else { throw valueError("invalid type: '\(s)'") }
                return .tensor(try t.to(d))
            }
            if case .object(let f as BuiltinFunction) = v, let d = DType(legacyTypeName: f.name) {
                return .tensor(try t.to(d))
            }
            if case .object(let c as BuiltinClass) = v, let d = DType(legacyTypeName: c.name) {
                return .tensor(try t.to(d))
            }
            guard let d = try BuiltinTable.dtype(v) else { return .string("torch." + t.dtype.legacyTypeName) }
            return .tensor(try t.to(d))
        }
        m.def(
            "numpy", "*, force=False", "The values as a numpy array of the same dtype (float32 stays float32).",
            x + "x.numpy()"
        ) { t, _, _ in
            if t.requiresGrad {
                throw ScriptError(
                    kind: "RuntimeError",
                    message: "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
            }
            let a = try NDArray.fromTensor(t, dtype: nil)
            a.share(t.storage)  // PyTorch's numpy() shares the tensor's memory
            return a.value
        }
        m.def("cpu", "", "The tensor itself (gradstep runs on the CPU).", x + "x.cpu()") { t, _, _ in .tensor(t) }
        m.def(
            "cuda", "device=None, non_blocking=False", "Fails: gradstep is a CPU build (as PyTorch without CUDA).",
            "x = torch.ones(1)  # x.cuda() raises AssertionError"
        ) { _, _, _ in
            throw ScriptError(kind: "AssertionError", message: "Torch not compiled with CUDA enabled")
        }
        m.def(
            "to", "*args, dtype=None, device=None, non_blocking=False, copy=False",
            "to(device) (the CPU: the tensor itself), to(dtype) converts, to(other) takes other's dtype.",
            x + "x.to('cpu')"
        ) { t, b, _ in
            var target: DType? = try BuiltinTable.dtype(b.value("dtype"))
            try BuiltinTable.checkDevice(b.value("device"))
            for v in b.rest {
                if case .object(let marker as Marker) = v, marker.kind == "torch.dtype" {
                    target = try BuiltinTable.dtype(v)
                } else if case .tensor(let o) = v {
                    target = o.dtype
                } else {
                    try BuiltinTable.checkDevice(v)
                }
            }
            let r = try t.to(target ?? t.dtype)
            return .tensor(try b.bool("copy") && r === t ? t.clone() : r)
        }
        m.def("contiguous", "", "The tensor itself (gradstep tensors are always contiguous).", x + "x.contiguous()") {
            t, _, _ in .tensor(t)
        }
        m.def("any", "", "Whether any element is nonzero (a bool tensor).", x + "x.any()") { t, _, _ in
            .tensor(Tensor.scalar(t.data.contains { $0 != 0 } ? 1 : 0, dtype: .bool))
        }
        m.def("all", "", "Whether every element is nonzero (a bool tensor).", x + "x.all()") { t, _, _ in
            .tensor(Tensor.scalar(t.data.allSatisfy { $0 != 0 } ? 1 : 0, dtype: .bool))
        }
        m.def(
            "norm", "p=2, dim=None, keepdim=False", "The p-norm of all elements (Euclidean by default), or along dim.",
            x + "x.norm()"
        ) { t, b, _ in
            let p =
                b.value("p").map { v -> Double in
                    if case .string(let s) = v, s == "fro" { return 2 }
                    return (try? toDouble(v, "norm(): p")) ?? 2
                } ?? 2
            return .tensor(try t.norm(p: Float(p), dim: try b.optInt("dim"), keepdim: try b.bool("keepdim")))
        }
        TensorLogicMethods.add(to: m, example: x)
        GradHooks.add(to: m, example: x)
        return m
    }()

    static func tolist(_ t: Tensor) -> Value {
        let values = t.doubleValues
        func scalar(_ x: Double) -> Value {
            switch t.dtype {
            case .float32, .float64, .float16, .bfloat16: return .float(x)
            case .int64, .int32, .int16, .int8, .uint8: return .int(int64Value(Float(x)))
            case .bool: return .bool(x != 0)
            }
        }
        if t.ndim == 0 { return scalar(values[0]) }
        func build(_ dim: Int, _ offset: Int) -> Value {
            let stride = t.shape[(dim + 1)...].reduce(1, *)
            if dim == t.ndim - 1 { return .list(ListRef((0..<t.shape[dim]).map { scalar(values[offset + $0]) })) }
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
    override var repr: String { "torch.Size(" + shapeText(dims) + ")" }
    override func length() throws -> Int? { dims.count }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let r = try interp.getItem(.tuple(dims.map(Value.int)), index)
        // x.size()[1:] is a torch.Size too
        if case .tuple(let items) = r { return .object(SizeObject(try items.map { try toInt($0, "torch.Size") })) }
        return r
    }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var it = dims.makeIterator()
        return { it.next().map(Value.int) }
    }
    override var attributeNames: [String] { ["numel"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        n == "numel"
            ? .object(BuiltinFunction("Size.numel()") { [dims] (_: Bound, _: Interpreter) in .int(dims.reduce(1, *)) })
            : nil
    }
}

extension TensorMethods {
    /// The coordinates of the non-zero elements of `t`, one array per dim (row-major order of the
    /// elements), as int64 values; no arrays for a 0-d tensor.
    static func nonzeroIndices(_ t: Tensor) -> [[Float]] {
        let strides = t.shape.indices.map { d in t.shape[(d + 1)...].reduce(1, *) }
        var cols = [[Float]](repeating: [], count: t.ndim)
        for (i, v) in t.data.enumerated() where v != 0 {
            for d in 0..<t.ndim { cols[d].append(Float((i / Swift.max(strides[d], 1)) % Swift.max(t.shape[d], 1))) }
        }
        return cols
    }
}
