// TensorMethods: what follows a dot on a tensor — attributes (`x.shape`, `x.grad`, `x.data`,
// `x.requires_grad`, `x.T`) and methods (`x.view(-1, 320)`, `x.sum()`, `x.backward()`,
// `x.max(dim=1)`, `x.item()`, `x.zero_()`, ...). Each binds to the engine op of the same meaning.
// Non-goals: devices (`.cuda()`/`.to()` return the tensor itself), dtypes beyond float/long/bool.

import GradEngine

enum TensorMethods {
    typealias Method = (Tensor, Args, Interpreter) throws -> Value

    static let attributes = ["shape", "grad", "data", "requires_grad", "dtype", "grad_fn", "is_leaf", "T", "ndim"]

    static var attributeNames: [String] { attributes + table.keys.sorted() }

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
        default:
            guard let m = table[name] else { return nil }
            return .object(BuiltinFunction("Tensor.\(name)", params: paramNames[name] ?? []) { args, interp in try m(t, args, interp) })
        }
    }

    /// PyTorch-style grad_fn name for an engine op name: "add" -> "AddBackward0".
    static func gradFnName(_ op: String) -> String {
        let parts = op.split(whereSeparator: { $0 == "_" || $0 == "." || $0 == " " })
        return parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Backward0"
    }

    static let paramNames: [String: [String]] = [
        "sum": ["dim", "keepdim"], "mean": ["dim", "keepdim"], "max": ["dim", "keepdim"], "min": ["dim", "keepdim"],
        "argmax": ["dim", "keepdim"], "argmin": ["dim", "keepdim"], "std": ["dim", "keepdim", "unbiased"],
        "var": ["dim", "keepdim", "unbiased"], "backward": ["gradient", "retain_graph"], "clamp": ["min", "max"],
        "flatten": ["start_dim", "end_dim"], "squeeze": ["dim"], "unsqueeze": ["dim"], "transpose": ["dim0", "dim1"],
        "softmax": ["dim"], "log_softmax": ["dim"], "requires_grad_": ["requires_grad"], "pow": ["exponent"],
    ]

    static func shapeArgs(_ args: Args, _ what: String) throws -> [Int] {
        if args.positional.count == 1, let arr = args.positional[0].asArray ?? (args.positional[0].asObject as? SizeObject).map({ $0.dims.map(Value.int) }) {
            return try arr.map { try toInt($0, "\(what): size") }
        }
        return try args.positional.map { try toInt($0, "\(what): size") }
    }

    static func reduce(_ name: String, _ t: Tensor, _ args: Args, _ f: (Int?, Bool) throws -> Tensor) throws -> Value {
        let b = try args.bind("Tensor.\(name)", ["dim", "keepdim"])
        return .tensor(try f(try b.optInt("dim"), try b.bool("keepdim", false)))
    }

    static func extremum(_ name: String, _ t: Tensor, _ args: Args) throws -> Value {
        let b = try args.bind("Tensor.\(name)", ["dim", "keepdim"])
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

    nonisolated(unsafe) static let table: [String: Method] = {
        var m: [String: Method] = [:]
        m["item"] = { t, a, _ in
            _ = try a.bind("Tensor.item", [])
            let v = try t.item()
            switch t.dtype {
            case .float32: return .float(Double(v))
            case .int64: return .int(int64Value(v))
            case .bool: return .bool(v != 0)
            }
        }
        m["tolist"] = { t, _, _ in tolist(t) }
        m["backward"] = { t, a, _ in
            let b = try a.bind("Tensor.backward", ["gradient", "retain_graph"])
            try t.backward(try b.optTensor("gradient"), retainGraph: try b.bool("retain_graph", false))
            return .none
        }
        m["view"] = { t, a, _ in .tensor(try t.view(try shapeArgs(a, "view"))) }
        m["reshape"] = { t, a, _ in .tensor(try t.reshape(try shapeArgs(a, "reshape"))) }
        m["size"] = { t, a, _ in
            let b = try a.bind("Tensor.size", ["dim"])
            if let d = try b.optInt("dim") {
                let k = d < 0 ? d + t.ndim : d
                guard k >= 0 && k < t.ndim else { throw ScriptError(kind: "IndexError", message: "Dimension out of range (expected to be in range of [\(-t.ndim), \(t.ndim - 1)], but got \(d))") }
                return .int(t.shape[k])
            }
            return .object(SizeObject(t.shape))
        }
        m["dim"] = { t, _, _ in .int(t.ndim) }
        m["numel"] = { t, _, _ in .int(t.count) }
        m["sum"] = { t, a, _ in try reduce("sum", t, a) { try t.sum(dim: $0, keepdim: $1) } }
        m["mean"] = { t, a, _ in try reduce("mean", t, a) { try t.mean(dim: $0, keepdim: $1) } }
        m["argmax"] = { t, a, _ in try reduce("argmax", t, a) { try t.argmax(dim: $0, keepdim: $1) } }
        m["argmin"] = { t, a, _ in try reduce("argmin", t, a) { try t.argmin(dim: $0, keepdim: $1) } }
        m["max"] = { t, a, _ in try extremum("max", t, a) }
        m["min"] = { t, a, _ in try extremum("min", t, a) }
        m["std"] = { t, a, _ in
            let b = try a.bind("Tensor.std", ["dim", "keepdim", "unbiased"])
            return .tensor(try t.std(dim: try b.optInt("dim"), keepdim: try b.bool("keepdim", false), unbiased: try b.bool("unbiased", true)))
        }
        m["var"] = { t, a, _ in
            let b = try a.bind("Tensor.var", ["dim", "keepdim", "unbiased"])
            return .tensor(try t.variance(dim: try b.optInt("dim"), keepdim: try b.bool("keepdim", false), unbiased: try b.bool("unbiased", true)))
        }
        m["exp"] = { t, _, _ in .tensor(t.exp()) }
        m["log"] = { t, _, _ in .tensor(t.log()) }
        m["sqrt"] = { t, _, _ in .tensor(t.sqrt()) }
        m["abs"] = { t, _, _ in .tensor(t.abs()) }
        m["neg"] = { t, _, _ in .tensor(t.neg()) }
        m["relu"] = { t, _, _ in .tensor(t.relu()) }
        m["sigmoid"] = { t, _, _ in .tensor(t.sigmoid()) }
        m["tanh"] = { t, _, _ in .tensor(t.tanh()) }
        m["pow"] = { t, a, _ in
            let b = try a.bind("Tensor.pow", ["exponent"], required: 1)
            return .tensor(try Tensor.pow(t, try b.tensor("exponent")))
        }
        m["clamp"] = { t, a, _ in
            let b = try a.bind("Tensor.clamp", ["min", "max"])
            return .tensor(try t.clamp(min: try b.optDouble("min").map(Float.init), max: try b.optDouble("max").map(Float.init)))
        }
        m["softmax"] = { t, a, _ in
            let b = try a.bind("Tensor.softmax", ["dim"], required: 1)
            return .tensor(try Functional.softmax(t, dim: try b.int("dim")))
        }
        m["log_softmax"] = { t, a, _ in
            let b = try a.bind("Tensor.log_softmax", ["dim"], required: 1)
            return .tensor(try Functional.logSoftmax(t, dim: try b.int("dim")))
        }
        m["flatten"] = { t, a, _ in
            let b = try a.bind("Tensor.flatten", ["start_dim", "end_dim"])
            return .tensor(try t.flatten(startDim: try b.int("start_dim", 0), endDim: try b.int("end_dim", -1)))
        }
        m["squeeze"] = { t, a, _ in
            let b = try a.bind("Tensor.squeeze", ["dim"])
            return .tensor(try t.squeeze(dim: try b.optInt("dim")))
        }
        m["unsqueeze"] = { t, a, _ in
            let b = try a.bind("Tensor.unsqueeze", ["dim"], required: 1)
            return .tensor(try t.unsqueeze(try b.int("dim")))
        }
        m["transpose"] = { t, a, _ in
            let b = try a.bind("Tensor.transpose", ["dim0", "dim1"], required: 2)
            return .tensor(try t.transpose(try b.int("dim0"), try b.int("dim1")))
        }
        m["t"] = { t, _, _ in .tensor(try t.t()) }
        m["permute"] = { t, a, _ in .tensor(try t.permute(try shapeArgs(a, "permute"))) }
        m["matmul"] = { t, a, _ in
            let b = try a.bind("Tensor.matmul", ["other"], required: 1)
            return .tensor(try Tensor.matmul(t, try b.tensor("other")))
        }
        m["add"] = { t, a, _ in .tensor(try Tensor.add(t, try toTensor(a.positional.first ?? .none, "Tensor.add(): other"))) }
        m["sub"] = { t, a, _ in .tensor(try Tensor.sub(t, try toTensor(a.positional.first ?? .none, "Tensor.sub(): other"))) }
        m["mul"] = { t, a, _ in .tensor(try Tensor.mul(t, try toTensor(a.positional.first ?? .none, "Tensor.mul(): other"))) }
        m["div"] = { t, a, _ in .tensor(try Tensor.div(t, try toTensor(a.positional.first ?? .none, "Tensor.div(): other"))) }
        m["floor_divide"] = { t, a, _ in .tensor(try Tensor.floorDivide(t, try toTensor(a.positional.first ?? .none, "Tensor.floor_divide(): other"))) }
        m["remainder"] = { t, a, _ in .tensor(try Tensor.remainder(t, try toTensor(a.positional.first ?? .none, "Tensor.remainder(): other"))) }
        m["eq"] = { t, a, _ in .tensor(try Tensor.compare(t, try toTensor(a.positional.first ?? .none, "Tensor.eq(): other"), .eq)) }
        m["detach"] = { t, _, _ in .tensor(t.detach()) }
        m["clone"] = { t, _, _ in
            // A copy that stays in the graph: t * 1 records the op, so gradients flow as with clone().
            .tensor(t.requiresGrad && GradMode.isEnabled ? try Tensor.mul(t, Tensor.scalar(1)) : t.copy())
        }
        m["requires_grad_"] = { t, a, _ in
            let b = try a.bind("Tensor.requires_grad_", ["requires_grad"])
            try t.requiresGrad(try b.bool("requires_grad", true))
            return .tensor(t)
        }
        m["zero_"] = { t, _, _ in
            if GradMode.isEnabled && t.requiresGrad && t.isLeaf {
                throw ScriptError(kind: "RuntimeError", message: "a leaf Variable that requires grad is being used in an in-place operation")
            }
            t.data = [Float](repeating: 0, count: t.count)
            return .tensor(t)
        }
        m["fill_"] = { t, a, _ in
            let b = try a.bind("Tensor.fill_", ["value"], required: 1)
            if GradMode.isEnabled && t.requiresGrad && t.isLeaf {
                throw ScriptError(kind: "RuntimeError", message: "a leaf Variable that requires grad is being used in an in-place operation")
            }
            t.data = [Float](repeating: try b.float("value"), count: t.count)
            return .tensor(t)
        }
        m["float"] = { t, _, _ in .tensor(t.dtype == .float32 ? t : try Tensor(shape: t.shape, data: t.data, dtype: .float32)) }
        m["long"] = { t, _, _ in .tensor(t.dtype == .int64 ? t : try Tensor(shape: t.shape, data: t.data.map { $0.rounded(.towardZero) }, dtype: .int64)) }
        m["int"] = m["long"]
        m["bool"] = { t, _, _ in .tensor(try Tensor(shape: t.shape, data: t.data.map { $0 != 0 ? 1 : 0 }, dtype: .bool)) }
        m["numpy"] = { t, _, _ in .tensor(t.detach()) }
        m["cpu"] = { t, _, _ in .tensor(t) }
        m["cuda"] = { t, _, _ in .tensor(t) }
        m["to"] = { t, _, _ in .tensor(t) }
        m["contiguous"] = { t, _, _ in .tensor(t) }
        m["any"] = { t, _, _ in .tensor(Tensor.scalar(t.data.contains { $0 != 0 } ? 1 : 0, dtype: .bool)) }
        m["all"] = { t, _, _ in .tensor(Tensor.scalar(t.data.allSatisfy { $0 != 0 } ? 1 : 0, dtype: .bool)) }
        m["norm"] = { t, _, _ in .tensor(try Tensor.pow(try Tensor.mul(t, t).sum(), Tensor.scalar(0.5))) }
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
        n == "numel" ? .object(BuiltinFunction("Size.numel") { [dims] _, _ in .int(dims.reduce(1, *)) }) : nil
    }
}
