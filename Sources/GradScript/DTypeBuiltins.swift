// DTypeBuiltins: the `torch` functions about dtypes, as PyTorch 2.15 has them: `torch.finfo` and
// `torch.iinfo` (the limits of a dtype, printed as PyTorch prints them), `torch.promote_types`,
// `torch.result_type`, `torch.can_cast`, `torch.is_floating_point` and `torch.get_default_dtype`.
// The rules themselves live in the engine (GradEngine/DType.swift); this file only binds them.
// Non-goals: `torch.set_default_dtype` (the default stays float32), complex dtypes.

import Foundation
import GradEngine

/// `torch.finfo(dtype)` / `torch.iinfo(dtype)`: a dtype's limits as attributes (`eps`, `max`, ...).
final class DTypeInfoObject: ScriptObject, @unchecked Sendable {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }

    override var typeName: String { dtype.isFloatingPoint ? "finfo" : "iinfo" }

    override var attributeNames: [String] {
        dtype.isFloatingPoint
            ? ["bits", "dtype", "eps", "max", "min", "resolution", "smallest_normal", "tiny"]
            : ["bits", "dtype", "max", "min"]
    }

    /// `%g` as Python's `'{:g}'.format` writes it (PyTorch's repr of finfo/iinfo uses it).
    static func g(_ v: Double) -> String { String(format: "%g", v) }

    override var repr: String {
        if let f = dtype.floatInfo {
            let g = DTypeInfoObject.g
            return "finfo(resolution=\(g(f.resolution)), min=\(g(-f.max)), max=\(g(f.max)), eps=\(g(f.eps)), "
                + "smallest_normal=\(g(f.tiny)), tiny=\(g(f.tiny)), dtype=\(dtype.rawValue))"
        }
        guard let i = dtype.intInfo else { return "iinfo(dtype=\(dtype.rawValue))" }
        let g = DTypeInfoObject.g
        return "iinfo(min=\(g(Double(i.min))), max=\(g(Double(i.max))), dtype=\(dtype.rawValue))"
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "dtype" { return .string(dtype.rawValue) }
        if let f = dtype.floatInfo {
            switch name {
            case "bits": return .int(f.bits)
            case "eps": return .float(f.eps)
            case "max": return .float(f.max)
            case "min": return .float(-f.max)
            case "tiny", "smallest_normal": return .float(f.tiny)
            case "resolution": return .float(f.resolution)
            default: return nil
            }
        }
        guard let i = dtype.intInfo else { return nil }
        switch name {
        case "bits": return .int(i.bits)
        case "max": return .int(Int(i.max))
        case "min": return .int(Int(i.min))
        default: return nil
        }
    }
}

extension BuiltinTable {
    func registerDTypes(torch: Namespace) {
        let saved = section
        section = "torch: dtypes"
        defer { section = saved }
        def(
            "torch.finfo", "torch.finfo(type=None)",
            "The limits of a floating-point dtype (bits, eps, max, min, tiny, resolution); float32 by default.",
            "torch.finfo(torch.float16).max", in: torch
        ) { b, _ in
            let d = try BuiltinTable.dtype(b.value("type")) ?? .float32
            guard d.isFloatingPoint else {
                throw typeError(
                    "torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'")
            }
            return .object(DTypeInfoObject(d))
        }
        def(
            "torch.iinfo", "torch.iinfo(type)", "The limits of an integer dtype (bits, min, max).",
            "torch.iinfo(torch.uint8).max", in: torch
        ) { b, _ in
            guard let d = try BuiltinTable.dtype(b.value("type")), d.isInteger else {
                throw typeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
            }
            return .object(DTypeInfoObject(d))
        }
        def(
            "torch.promote_types", "torch.promote_types(type1, type2)",
            "The smallest dtype both convert to (uint8 and int8 give int16, float16 and bfloat16 float32).",
            "torch.promote_types(torch.uint8, torch.int8)", in: torch
        ) { b, _ in
            guard let a = try BuiltinTable.dtype(b.value("type1")), let c = try BuiltinTable.dtype(b.value("type2"))
            else { throw typeError("promote_types(): argument 'type1' and 'type2' must be torch.dtype") }
            return .object(Marker.dtype(DType.promoteTypes(a, c).torchName))
        }
        def(
            "torch.result_type", "torch.result_type(tensor1, tensor2)",
            "The dtype of an arithmetic op on the two (tensors or Python numbers), by PyTorch's promotion.",
            "torch.result_type(torch.tensor([1], dtype=torch.uint8), 2.5)", in: torch
        ) { b, _ in
            let x = try b.tensor("tensor1"), y = try b.tensor("tensor2")
            return .object(Marker.dtype(DType.promote(x, y).torchName))
        }
        def(
            "torch.can_cast", "torch.can_cast(from_, to)",
            "Whether PyTorch's casting rule allows from_ to to (no float to integer, no integer to bool).",
            "torch.can_cast(torch.float32, torch.int32)", in: torch
        ) { b, _ in
            guard let f = try BuiltinTable.dtype(b.value("from_")), let t = try BuiltinTable.dtype(b.value("to")) else {
                throw typeError("can_cast(): arguments 'from_' and 'to' must be torch.dtype")
            }
            func category(_ d: DType) -> Int { d == .bool ? 0 : (d.isInteger ? 1 : 2) }
            return .bool(category(f) <= category(t))
        }
        def(
            "torch.is_floating_point", "torch.is_floating_point(input)",
            "Whether the tensor's dtype is a floating-point one.", "torch.is_floating_point(torch.ones(2))",
            in: torch
        ) { b, _ in .bool(try b.tensor("input").dtype.isFloatingPoint) }
        def(
            "torch.get_default_dtype", "torch.get_default_dtype()",
            "torch.float32, the dtype of float tensors made without dtype=.", "torch.get_default_dtype()", in: torch
        ) { _, _ in .object(Marker.dtype(DType.float32.torchName)) }
    }
}
