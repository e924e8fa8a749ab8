// TorchTensorBuiltins: the beginner API of `torch` around tensors, as PyTorch 2.15 on a CPU-only
// machine has it: devices (`torch.device`, `torch.cuda`, `torch.backends.mps`, `torch.accelerator`,
// `device=` keywords), dtypes (`torch.float64`, `torch.int`, ... and `dtype=` on creation), the
// `*_like` family, `empty`, `normal`, legacy `torch.Tensor(...)`/`FloatTensor`/`LongTensor`/
// `autograd.Variable`, and the `torch.X` spellings of the pointwise family and the other tensor ops.
// Each binds to the engine op of the same meaning.
// Non-goals: GPUs (gradstep is a CPU build: CUDA calls fail as in a CPU-only PyTorch).

import GradEngine

/// `torch.device('cpu')`: prints `device(type='cpu')`, `str()` gives `cpu`.
final class DeviceObject: ScriptObject, @unchecked Sendable {
    let type: String
    let index: Int?
    init(_ type: String, index: Int? = nil) {
        self.type = type
        self.index = index
    }
    /// The one CPU device (identity makes `x.device == torch.device('cpu')` hold).
    static let cpu = DeviceObject("cpu")
    override var typeName: String { "device" }
    override var repr: String { "device(type='\(type)'" + (index.map { ", index=\($0)" } ?? "") + ")" }
    var text: String { type + (index.map { ":\($0)" } ?? "") }
    override var str: String { text }
    override var attributeNames: [String] { ["type", "index"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "type": return .string(type)
        case "index": return index.map(Value.int) ?? Value.none
        default: return nil
        }
    }
}

/// `x.grad_fn`: prints `<MulBackward0 object at 0x...>`, has `name()` and `next_functions`.
final class GradFnObject: ScriptObject, @unchecked Sendable {
    let fn: GradFn
    init(_ fn: GradFn) { self.fn = fn }
    override var typeName: String { fn.name }
    override var repr: String { "<\(fn.name) object at \(GradFnObject.address(fn))>" }
    /// An object's address as CPython prints it (`0x7f...`).
    static func address(_ o: AnyObject) -> String {
        "0x" + String(UInt(bitPattern: ObjectIdentifier(o)), radix: 16)
    }
    override var attributeNames: [String] { ["name", "next_functions"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "name": return .object(BuiltinFunction("name()") { [fn] (_: Bound, _: Interpreter) in .string(fn.name) })
        case "next_functions":
            // PyTorch computes a linear layer as addmm(bias, x, weight.t()) (mm(x, weight.t()) without
            // bias): its edges are bias, x, then weight through a TBackward0 node. The engine's linear
            // op reads [x, weight, bias]; the edges are listed in PyTorch's order.
            if fn.op == "linear", fn.name == "AddmmBackward0" || fn.name == "MmBackward0", fn.inputs.count >= 2 {
                let x = fn.inputs[0], w = fn.inputs[1]
                let wEdge: Value =
                    w.requiresGrad
                    ? .tuple([.object(TransposeEdge(w)), .int(0)]) : .tuple([.none, .int(0)])
                if fn.inputs.count == 3 {
                    return .tuple([GradFnObject.edge(fn.inputs[2]), GradFnObject.edge(x), wEdge])
                }
                return .tuple([GradFnObject.edge(x), wEdge])
            }
            // One entry per input: its grad_fn, AccumulateGrad for a leaf that requires grad, else None.
            // A Python number is an op's Scalar argument in PyTorch when it comes first (1 - x, 2 ** x) or is
            // an exponent (x ** 2): no entry; in 2 * x and 2 + x it is the second operand (x.__rmul__(2)).
            var inputs = fn.inputs
            if ["RsubBackward1", "PowBackward0", "PowBackward2"].contains(fn.name) {
                inputs.removeAll { $0.isWrappedNumber }
            } else if inputs.count == 2, inputs[0].isWrappedNumber, !inputs[1].isWrappedNumber {
                inputs.reverse()
            }
            return .tuple(inputs.map(GradFnObject.edge))
        default: return nil
        }
    }

    /// The `next_functions` entry for an input: its grad_fn, AccumulateGrad for a leaf that
    /// requires grad, else None.
    static func edge(_ t: Tensor) -> Value {
        if let f = t.gradFn { return .tuple([.object(GradFnObject(f)), .int(0)]) }
        if t.requiresGrad {
            return .tuple([.object(AccumulateGradObject(t)), .int(0)])
        }
        return .tuple([.none, .int(0)])
    }
}

/// The node that adds a leaf's gradient into its `.grad` (`AccumulateGrad`): `variable` is the leaf.
final class AccumulateGradObject: ScriptObject, @unchecked Sendable {
    let variable: Tensor
    init(_ t: Tensor) { variable = t }
    override var typeName: String { "AccumulateGrad" }
    override var repr: String { "<AccumulateGrad object at \(GradFnObject.address(variable))>" }
    override var attributeNames: [String] { ["name", "next_functions", "variable"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "name":
            return .object(
                BuiltinFunction("name()") { (_: Bound, _: Interpreter) in .string("torch::autograd::AccumulateGrad") })
        case "next_functions": return .tuple([])
        case "variable": return .tensor(variable)
        default: return nil
        }
    }
}

/// The `TBackward0` node between a linear layer's AddmmBackward0 and its weight (see GradFnObject).
final class TransposeEdge: ScriptObject, @unchecked Sendable {
    let weight: Tensor
    init(_ w: Tensor) { weight = w }
    override var typeName: String { "TBackward0" }
    override var repr: String { "<TBackward0 object at \(GradFnObject.address(self))>" }
    override var attributeNames: [String] { ["name", "next_functions"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "name": return .object(BuiltinFunction("name()") { (_: Bound, _: Interpreter) in .string("TBackward0") })
        case "next_functions": return .tuple([GradFnObject.edge(weight)])
        default: return nil
        }
    }
}

extension BuiltinTable {
    /// Checks a `device=` argument: the CPU is fine; CUDA and MPS fail as in a CPU-only PyTorch.
    static func checkDevice(_ v: Value?) throws {
        guard let v, !v.isNone else { return }
        let text: String
        if case .object(let d as DeviceObject) = v {
            text = d.text
        } else if case .string(let s) = v {
            text = s
        } else {
            throw typeError("device must be a str or torch.device, not \(v.typeName)")
        }
        let type = String(text.split(separator: ":").first ?? "")
        switch type {
        case "cpu": return
        case "cuda": throw ScriptError(kind: "AssertionError", message: "Torch not compiled with CUDA enabled")
        case "mps":
            throw ScriptError(kind: "RuntimeError", message: "PyTorch is not linked with support for mps devices")
        default:
            throw ScriptError(
                kind: "RuntimeError",
                message:
                    "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, "
                    + "lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: "
                    + "\(text)"
            )
        }
    }

    /// A `torch.device(...)` value from `'cpu'`, `'cuda:0'` or a device.
    static func device(_ v: Value) throws -> DeviceObject {
        if case .object(let d as DeviceObject) = v { return d }
        guard case .string(let s) = v else {
            throw typeError("device() received an invalid combination of arguments - got (\(v.typeName))")
        }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        let type = String(parts.first ?? "")
        guard ["cpu", "cuda", "mps", "meta", "xpu"].contains(type) else {
            throw ScriptError(
                kind: "RuntimeError",
                message:
                    "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, "
                    + "lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: "
                    + "\(s)"
            )
        }
        if parts.count == 2 {
            guard let i = Int(parts[1]), i >= 0 else {
                throw ScriptError(kind: "RuntimeError", message: "Invalid device string: '\(s)'")
            }
            return DeviceObject(type, index: i)
        }
        return type == "cpu" ? .cpu : DeviceObject(type)
    }

    /// The nested numbers of `v` in row-major order, as Double (for exact float64 tensors).
    static func flatDoubles(_ v: Value) throws -> [Double] {
        if let arr = v.asArray { return try arr.flatMap { try flatDoubles($0) } }
        if case .tensor(let t) = v { return t.doubleValues }
        if case .object(let o) = v, let n = o.numberValue { return try flatDoubles(n) }
        return [try toDouble(v, "torch.tensor(): element")]
    }

    /// `t` converted to `dtype` when one was given (creation ops' `dtype=`).
    static func typed(_ t: Tensor, _ dtype: DType?) throws -> Tensor {
        guard let dtype, dtype != t.dtype else { return t }
        return try t.to(dtype)
    }

    func registerTorchTensors(torch: Namespace, F: Namespace) {
        // MARK: devices
        section = "torch: devices"
        def(
            "torch.device", "torch.device(type, index=None)",
            "A device: only 'cpu' runs here (CUDA and MPS are not available).",
            "torch.device('cuda' if torch.cuda.is_available() else 'cpu')", in: torch
        ) { b, _ in
            let d = try BuiltinTable.device(b.value("type") ?? .none)
            if let i = try b.optInt("index") { return .object(DeviceObject(d.type, index: i)) }
            return .object(d)
        }
        def(
            "torch.set_default_device", "torch.set_default_device(device)",
            "Sets the device new tensors go to: 'cpu' (or None) is the only one here.",
            "torch.set_default_device('cpu')", in: torch
        ) { b, _ in
            if let v = b.value("device"), try BuiltinTable.device(v).type != "cpu" {
                throw ScriptError(kind: "AssertionError", message: "Torch not compiled with CUDA enabled")
            }
            return .none
        }
        def(
            "torch.get_default_device", "torch.get_default_device()", "device(type='cpu'): the only device here.",
            "torch.get_default_device()", in: torch
        ) { _, _ in .object(DeviceObject("cpu")) }
        let cuda = namespace("torch.cuda")
        torch.set("cuda", .object(cuda))
        def(
            "torch.cuda.is_available", "torch.cuda.is_available()", "False: gradstep has no CUDA.",
            "torch.cuda.is_available()", in: cuda
        ) { _, _ in .bool(false) }
        def(
            "torch.cuda.device_count", "torch.cuda.device_count()", "0: gradstep has no CUDA.",
            "torch.cuda.device_count()", in: cuda
        ) { _, _ in .int(0) }
        def(
            "torch.cuda.manual_seed", "torch.cuda.manual_seed(seed)",
            "Does nothing without CUDA (as in a CPU-only PyTorch).", "torch.cuda.manual_seed(0)", in: cuda
        ) { _, _ in .none }
        def(
            "torch.cuda.manual_seed_all", "torch.cuda.manual_seed_all(seed)", "Does nothing without CUDA.",
            "torch.cuda.manual_seed_all(0)", in: cuda
        ) { _, _ in .none }
        def(
            "torch.cuda.empty_cache", "torch.cuda.empty_cache()", "Does nothing without CUDA.",
            "torch.cuda.empty_cache()", in: cuda
        ) { _, _ in .none }
        def(
            "torch.cuda.current_device", "torch.cuda.current_device()", "Fails: no CUDA.", "torch.cuda.is_available()",
            in: cuda
        ) { _, _ in
            throw ScriptError(kind: "AssertionError", message: "Torch not compiled with CUDA enabled")
        }
        let backends = namespace("torch.backends")
        torch.set("backends", .object(backends))
        let mps = namespace("torch.backends.mps")
        backends.set("mps", .object(mps))
        def(
            "torch.backends.mps.is_available", "torch.backends.mps.is_available()", "False: no Apple GPU here.",
            "torch.backends.mps.is_available()", in: mps
        ) { _, _ in .bool(false) }
        def(
            "torch.backends.mps.is_built", "torch.backends.mps.is_built()", "False.", "torch.backends.mps.is_built()",
            in: mps
        ) { _, _ in .bool(false) }
        let cudnn = namespace("torch.backends.cudnn")
        backends.set("cudnn", .object(cudnn))
        def(
            "torch.backends.cudnn.is_available", "torch.backends.cudnn.is_available()", "False.",
            "torch.backends.cudnn.is_available()", in: cudnn
        ) { _, _ in .bool(false) }
        let accel = namespace("torch.accelerator")
        torch.set("accelerator", .object(accel))
        def(
            "torch.accelerator.is_available", "torch.accelerator.is_available()", "False: no accelerator here.",
            "torch.accelerator.is_available()", in: accel
        ) { _, _ in .bool(false) }
        def(
            "torch.accelerator.current_accelerator", "torch.accelerator.current_accelerator(check_available=False)",
            "None: a CPU-only build has no accelerator.", "torch.accelerator.current_accelerator()", in: accel
        ) { _, _ in .none }
        def(
            "torch.accelerator.device_count", "torch.accelerator.device_count()", "0.",
            "torch.accelerator.device_count()", in: accel
        ) { _, _ in .int(0) }

        // MARK: dtypes
        for (name, d) in [
            ("float64", "torch.float64"), ("double", "torch.float64"), ("int32", "torch.int32"), ("int", "torch.int32"),
            ("float16", "torch.float16"), ("half", "torch.float16"), ("bfloat16", "torch.bfloat16"),
            ("uint8", "torch.uint8"), ("int8", "torch.int8"), ("int16", "torch.int16"), ("short", "torch.int16"),
        ] {
            torch.set(name, .object(Marker.dtype(d)))
        }

        // MARK: creation
        section = "torch: creating tensors"
        let creation = ["out", "layout", "pin_memory", "memory_format"]
        def(
            "torch.empty", "torch.empty(*size, dtype=None, device=None, requires_grad=False)",
            "A tensor of the given size (gradstep fills it with zeros; PyTorch leaves it uninitialised).",
            "torch.empty(2, 3).shape",
            in: torch, unsupported: creation
        ) { b, interp in
            try BuiltinTable.checkDevice(b.value("device"))
            let shape = try TensorMethods.shapeArgs(b.rest, "torch.empty")
            try interp.checkSize(shape, "torch.empty")
            let t = try BuiltinTable.typed(try Tensor.zeros(shape), try BuiltinTable.dtype(b.value("dtype")))
            if try b.bool("requires_grad") { try t.requiresGrad(true) }
            return .tensor(t)
        }
        for (name, summary) in [
            ("zeros_like", "Zeros with the shape (and dtype) of input."),
            ("ones_like", "Ones with the shape (and dtype) of input."),
            ("empty_like", "A tensor with the shape of input (zeros here)."),
            ("rand_like", "Uniform [0, 1) values with the shape of input."),
            ("randn_like", "Standard normal values with the shape of input."),
        ] {
            def(
                "torch.\(name)", "torch.\(name)(input, *, dtype=None, device=None, requires_grad=False)", summary,
                "torch.\(name)(torch.ones(2, 2))", in: torch, unsupported: creation
            ) { b, _ in
                try BuiltinTable.checkDevice(b.value("device"))
                let x = try b.tensor("input")
                let dt = try BuiltinTable.dtype(b.value("dtype")) ?? x.dtype
                let t: Tensor
                switch name {
                case "ones_like": t = try Tensor.ones(x.shape)
                case "rand_like", "randn_like":
                    guard dt.isFloatingPoint else {
                        throw ScriptError(
                            kind: "RuntimeError",
                            message:
                                "\"\(name == "rand_like" ? "check_uniform_bounds" : "normal_kernel_cpu")\" not "
                                + "implemented for '\(dt.scalarName)'"
                        )
                    }
                    t = name == "rand_like" ? try Tensor.rand(x.shape) : try Tensor.randn(x.shape)
                default: t = try Tensor.zeros(x.shape)
                }
                let out = try BuiltinTable.typed(t, dt)
                if try b.bool("requires_grad") { try out.requiresGrad(true) }
                return .tensor(out)
            }
        }
        def(
            "torch.full_like", "torch.full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False)",
            "fill_value everywhere, with the shape (and dtype) of input.", "torch.full_like(torch.ones(2), 7)",
            in: torch, unsupported: creation
        ) { b, _ in
            try BuiltinTable.checkDevice(b.value("device"))
            let x = try b.tensor("input")
            let t = try BuiltinTable.typed(
                try Tensor.full(x.shape, try b.float("fill_value")), try BuiltinTable.dtype(b.value("dtype")) ?? x.dtype
            )
            if try b.bool("requires_grad") { try t.requiresGrad(true) }
            return .tensor(t)
        }
        def(
            "torch.normal",
            "torch.normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False)",
            "Normal samples: N(mean, std²) elementwise for tensors, or of the given size for numbers.",
            "torch.normal(0.0, 1.0, size=(2, 2))",
            in: torch, unsupported: ["out"]
        ) { b, interp in
            if b.value("generator") != nil {
                throw ScriptError(
                    kind: "TypeError",
                    message: "torch.normal(): keyword argument 'generator' is not supported by gradstep")
            }
            try BuiltinTable.checkDevice(b.value("device"))
            if let size = try b.ints("size") {
                try interp.checkSize(size, "torch.normal")
                var t = try Tensor.zeros(size)
                try t.normal_(mean: try b.float("mean"), std: try b.float("std"))
                if let d = try BuiltinTable.dtype(b.value("dtype")) {
                    guard d.isFloatingPoint else {
                        throw ScriptError(
                            kind: "RuntimeError", message: "\"normal_kernel_cpu\" not implemented for '\(d.scalarName)'"
                        )
                    }
                    t = try BuiltinTable.typed(t, d)
                }
                if try b.bool("requires_grad") { try t.requiresGrad(true) }
                return .tensor(t)
            }
            let m = try b.tensor("mean"), s = try b.tensor("std")
            guard
                let shape = [m, s].first(where: { !$0.isWrappedNumber && $0.ndim > 0 })?.shape
                    ?? (m.ndim > 0 ? m.shape : s.shape) as [Int]?
            else {
                return .none
            }
            let z = try Tensor.randn(shape)
            return .tensor(try noGrad { try Tensor.add(try Tensor.mul(z, s), m) })
        }
        def(
            "torch.Tensor", "torch.Tensor(*args)",
            "Legacy constructor: torch.Tensor(data) is a float32 copy of data; torch.Tensor(2, 3) a [2, 3] tensor.",
            "torch.Tensor([1, 2])", in: torch
        ) { b, _ in
            try BuiltinTable.legacyTensor(b.rest, .float32)
        }
        for (name, d) in [
            ("FloatTensor", DType.float32), ("DoubleTensor", .float64), ("LongTensor", .int64), ("IntTensor", .int32),
            ("BoolTensor", .bool), ("HalfTensor", .float16), ("BFloat16Tensor", .bfloat16), ("ShortTensor", .int16),
            ("CharTensor", .int8), ("ByteTensor", .uint8),
        ] {
            def(
                "torch.\(name)", "torch.\(name)(*args)",
                "Legacy constructor of a \(d.rawValue) tensor from data, or of a size.",
                "torch.\(name)([1, 2])", in: torch
            ) { b, _ in
                try BuiltinTable.legacyTensor(b.rest, d)
            }
        }
        if case .object(let ag as Namespace)? = torch.members["autograd"] {
            def(
                "torch.autograd.Variable", "torch.autograd.Variable(data, requires_grad=False)",
                "Legacy wrapper (Variables and tensors are one since PyTorch 0.4): a new leaf tensor sharing data's "
                    + "values, requiring grad as asked; data itself is left as it was.",
                "torch.autograd.Variable(torch.ones(2), requires_grad=True)", in: ag
            ) { b, _ in
                let t = try b.tensor("data").detach()
                if try b.bool("requires_grad") { try t.requiresGrad(true) }
                return .tensor(t)
            }
        }

        // MARK: ops
        section = "torch: operations"
        for (name, summary, f) in BuiltinTable.pointwise {
            let global = ["sin", "cos", "abs"].contains(name)
            if torch.members[name] == nil {
                def(
                    "torch.\(name)", "torch.\(name)(input)", summary, "torch.\(name)(torch.tensor([0.5, 2.0]))",
                    in: torch, global: false,
                    unsupported: ["out"]
                ) { b, _ in .tensor(try f(try b.tensor("input"))) }
            }
            _ = global
        }
        let aliases: [(String, String, (Tensor, Tensor) throws -> Tensor)] = [
            ("subtract", "Same as torch.sub.", Tensor.sub), ("multiply", "Same as torch.mul.", Tensor.mul),
            ("divide", "Same as torch.div.", Tensor.div), ("true_divide", "Same as torch.div.", Tensor.div),
        ]
        for (name, summary, op) in BuiltinTable.binary + aliases {
            let alpha = ["add", "sub", "subtract"].contains(name)
            let example: String
            switch name {
            case "dot", "outer": example = "torch.\(name)(torch.ones(2), torch.ones(2))"
            case "mv": example = "torch.mv(torch.ones(2, 3), torch.ones(3))"
            case "bmm": example = "torch.bmm(torch.ones(4, 2, 3), torch.ones(4, 3, 5)).shape"
            default: example = "torch.\(name)(torch.ones(2, 2), torch.ones(2, 2))"
            }
            def(
                "torch.\(name)", "torch.\(name)(input, other, *" + (alpha ? ", alpha=1" : "") + ", out=None)",
                summary + " With out=, written into that tensor.",
                example, in: torch
            ) { b, _ in
                var other = try b.tensor("other")
                let x = try b.tensor("input")
                if alpha, b.passed("alpha") {
                    other = try Tensor.mul(other, Tensor.wrappedNumber(try b.float("alpha"), dtype: .float32))
                }
                return try BuiltinTable.result(try op(x, other), out: b, name, [x, other])
            }
        }
        def(
            "torch.where", "torch.where(condition, input, other)",
            "input where condition holds, other elsewhere (broadcasting).",
            "torch.where(torch.tensor([True, False]), torch.ones(2), torch.zeros(2))", in: torch, unsupported: ["out"]
        ) { b, _ in
            .tensor(try Tensor.where(try b.tensor("condition"), try b.tensor("input"), try b.tensor("other")))
        }
        for name in [
            "clip", "cumsum", "prod", "norm", "topk", "sort", "argsort", "chunk", "split", "allclose", "isclose",
            "equal", "round",
            "square", "sign", "floor", "ceil", "trunc", "exp", "log", "sqrt", "flatten", "squeeze", "unsqueeze",
        ] {
            guard torch.members[name] == nil, let m = TensorMethods.methods.declaration(name) else { continue }
            let params = m.signature.text.drop { $0 != "(" }.dropFirst().dropLast()
            let more = [
                "topk": ", 1", "chunk": ", 1", "split": ", 1", "allclose": ", torch.ones(2, 2)",
                "isclose": ", torch.ones(2, 2)", "equal": ", torch.ones(2, 2)", "cumsum": ", 0", "clip": ", 0, 2",
            ][name, default: ""]
            def(
                "torch.\(name)", "torch.\(name)(input" + (params.isEmpty ? "" : ", " + params) + ")",
                "Same as `input.\(name)(...)`.",
                "torch.\(name)(torch.tensor([[1.0, 2.0], [3.0, 4.0]])\(more))",
                in: torch
            ) { b, interp in
                try m.impl(try b.tensor("input"), b, interp)
            }
        }
        def(
            "torch.is_tensor", "torch.is_tensor(obj)", "Whether obj is a tensor.", "torch.is_tensor(torch.ones(1))",
            in: torch
        ) { b, _ in
            if case .tensor = b.raw("obj") ?? .none { return .bool(true) }
            return .bool(false)
        }
    }

    nonisolated(unsafe) static let defaultGenerator = GeneratorObject()

    /// The value of `torch.op(..., out=out)`: `r` written into `out` (PyTorch's out= rules, see
    /// `Tensor.writeOut`) when the caller passed one, else `r`.
    static func result(_ r: Tensor, out b: Bound, _ op: String, _ inputs: [Tensor]) throws -> Value {
        guard let o = b.value("out") else { return .tensor(r) }
        guard case .tensor(let out) = o else {
            throw ScriptError(
                kind: "TypeError", message: "\(op)(): argument 'out' must be Tensor, not \(o.typeName)")
        }
        return .tensor(try out.writeOut(r, op: op, inputs: inputs))
    }

    /// torch.Tensor(data) / torch.Tensor(2, 3) / torch.LongTensor([1, 2]).
    static func legacyTensor(_ args: [Value], _ dtype: DType) throws -> Value {
        if args.count == 1, !Operators.isNumber(args[0]) || args[0].asInt == nil {
            let v = args[0]
            if case .tensor(let t) = v { return .tensor(try t.detach().to(dtype)) }
            if case .object(let s as SizeObject) = v { return .tensor(try Tensor.zeros(s.dims).to(dtype)) }
            if dtype == .float64 { return .tensor(try nestedFloat64(v)) }
            return .tensor(try tensorFromNested(v, dtype: nil).to(dtype))
        }
        let shape = try args.map { try toInt($0, "torch.Tensor(): size") }
        return .tensor(try Tensor.zeros(shape).to(dtype))
    }

    /// A float64 tensor from nested lists, keeping every value exact.
    static func nestedFloat64(_ v: Value) throws -> Tensor {
        let shapeOf = try tensorFromNested(v, dtype: nil)
        return try Tensor(shape: shapeOf.shape, doubles: try flatDoubles(v))
    }

    /// The binary family (two tensors or numbers, broadcasting where it applies), each declared once
    /// here: bound as `torch.X(input, other)` (TorchTensorBuiltins) and `x.X(other)` (TensorMethods);
    /// add and sub take `alpha=`, and add_, sub_, mul_, div_ write in place.
    nonisolated(unsafe) static let binary: [(String, String, (Tensor, Tensor) throws -> Tensor)] = [
        ("add", "input + other elementwise (broadcasting).", Tensor.add),
        ("sub", "input - other elementwise.", Tensor.sub),
        ("mul", "input * other elementwise.", Tensor.mul), ("div", "input / other elementwise.", Tensor.div),
        ("floor_divide", "input // other elementwise.", Tensor.floorDivide),
        ("remainder", "input % other elementwise (Python's sign rule).", Tensor.remainder),
        ("maximum", "The larger of input and other, elementwise.", Tensor.maximum),
        ("minimum", "The smaller of input and other, elementwise.", Tensor.minimum),
        ("hypot", "√(input² + other²) elementwise, without overflow in the squares.", Tensor.hypot),
        ("dot", "Dot product of two 1-D tensors.", Tensor.dot),
        ("mm", "Matrix product of two matrices.", Tensor.mm),
        ("mv", "Matrix times vector.", Tensor.mv), ("bmm", "Batched matrix product.", Tensor.bmm),
        ("outer", "Outer product of two vectors.", Tensor.outer),
    ]

    /// The pointwise family: torch.X(input) and Tensor.X().
    nonisolated(unsafe) static let pointwise: [(String, String, (Tensor) throws -> Tensor)] = [
        ("sin", "Sine of each element.", { $0.sin() }), ("cos", "Cosine of each element.", { $0.cos() }),
        ("tan", "Tangent of each element.", { $0.tan() }), ("asin", "Arcsine of each element.", { $0.asin() }),
        ("acos", "Arccosine of each element.", { $0.acos() }), ("atan", "Arctangent of each element.", { $0.atan() }),
        ("sinh", "Hyperbolic sine.", { $0.sinh() }), ("cosh", "Hyperbolic cosine.", { $0.cosh() }),
        ("rsqrt", "1/√x of each element.", { $0.rsqrt() }), ("log2", "Base-2 logarithm.", { $0.log2() }),
        ("log10", "Base-10 logarithm.", { $0.log10() }), ("log1p", "ln(1 + x), accurate near 0.", { $0.log1p() }),
        ("expm1", "eˣ - 1, accurate near 0.", { $0.expm1() }),
        ("reciprocal", "1/x of each element.", { $0.reciprocal() }),
        ("erf", "The error function.", { $0.erf() }), ("square", "x² of each element.", { $0.square() }),
        ("sign", "-1, 0 or 1 by the sign of each element.", { $0.sign() }), ("floor", "Rounded down.", { $0.floor() }),
        ("ceil", "Rounded up.", { $0.ceil() }), ("trunc", "Rounded toward zero.", { $0.trunc() }),
        ("frac", "x - trunc(x).", { $0.frac() }), ("abs", "Absolute value of each element.", { $0.abs() }),
        ("exp", "e to the power of each element.", { $0.exp() }),
        ("log", "Natural logarithm of each element.", { $0.log() }),
        ("sqrt", "Square root of each element.", { $0.sqrt() }), ("neg", "-x elementwise.", { $0.neg() }),
        ("relu", "max(0, x) elementwise.", { $0.relu() }), ("sigmoid", "1 / (1 + e^-x) elementwise.", { $0.sigmoid() }),
        ("tanh", "Hyperbolic tangent elementwise.", { $0.tanh() }),
    ]
}
