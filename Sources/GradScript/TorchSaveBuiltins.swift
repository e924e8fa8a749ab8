// TorchSaveBuiltins: `torch.save(obj, f)` and `torch.load(f, map_location=None, weights_only=True)`
// over the engine's safe format (Checkpoint/TorchSave.swift: safetensors plus a JSON description,
// never pickle, so loading cannot run code). Saves tensors, state dicts, optimizer state dicts and
// dicts/lists/tuples of them with numbers, strings, bools and None; `torch.load` returns the same
// structure (tensors shared in the object stay shared). `map_location` may only name the CPU.
// `f` is a path (str or Path) or a file opened in binary mode ('wb' to save, 'rb' to load), as in
// PyTorch. numpy arrays are saved too; loading them needs `weights_only=False`, as PyTorch 2.6+
// refuses them by default (its UnpicklingError is reproduced; no code can run either way here).
// Non-goals: saving modules or optimizers themselves (PyTorch pickles them; save `state_dict()`).

import GradEngine

extension BuiltinTable {
    func registerTorchSave(_ torch: Namespace) {
        section = "checkpoints"
        def(
            "torch.save", "torch.save(obj, f)",
            "Saves tensors, state dicts and dicts/lists of them to a file (a safe format: safetensors plus a JSON "
                + "description, not pickle).",
            "torch.save({'w': torch.ones(2), 'epoch': 3}, 'ckpt.pt')", in: torch,
            unsupported: ["pickle_module", "pickle_protocol", "_use_new_zipfile_serialization"]
        ) { b, _ in
            let obj = try BuiltinTable.savedObject(b.raw("obj") ?? .none, depth: 0)
            switch b.raw("f") {
            case .object(let f as StreamFile)?:
                guard f.binary || !f.writable else {
                    throw typeError("write() argument must be str, not memoryview")
                }
                try f.writeAll(try TorchSave.encode(obj))
            case .object(let f as FileObject)?:
                throw ScriptError(kind: "UnsupportedOperation", message: f.closed ? "closed file" : "not writable")
            case let v:
                let path = try PyOS.pathString(v, "torch.save()")
                if PyOS.isDir(path) == true {
                    throw ScriptError(kind: "IsADirectoryError", message: "[Errno 21] Is a directory: '\(path)'")
                }
                try TorchSave.save(obj, to: path)
            }
            return .none
        }
        def(
            "torch.load", "torch.load(f, map_location=None, weights_only=None)",
            "Loads what torch.save wrote (or any safetensors file, as a dict of tensors). Never unpickles; numpy "
                + "arrays need weights_only=False, as in PyTorch.",
            "torch.save({'w': torch.ones(2)}, 'ckpt.pt')\ntorch.load('ckpt.pt')['w']", in: torch,
            unsupported: ["pickle_module", "mmap"]
        ) { b, interp in
            if let m = b.value("map_location") {
                let ok: Bool
                switch m {
                case .string(let s): ok = s == "cpu"
                case .dict: ok = true
                default: ok = m.typeName == "device" || m.str == "cpu" || m.repr.contains("cpu")
                }
                guard ok else {
                    throw ScriptError(
                        kind: "RuntimeError",
                        message: "torch.load(): gradstep runs on the CPU only; map_location=\(m.repr) is not available")
                }
            }
            let loaded: SavedObject
            switch b.raw("f") {
            case .object(let f as StreamFile)?:
                let bytes = try f.readBytes(nil)
                if !f.binary { _ = try BytesObject.decode(bytes, encoding: f.encoding) }
                loaded = try TorchSave.load(bytes: bytes, name: f.path)
            case .object(let f as FileObject)?:
                throw ScriptError(
                    kind: "UnicodeDecodeError",
                    message: "torch.load(): \(Value.string(f.path).repr) is open in text mode; open it with 'rb'")
            case let v:
                let path = try PyOS.pathString(v, "torch.load()")
                switch PyOS.isDir(path) {
                case nil:
                    throw ScriptError(
                        kind: "FileNotFoundError", message: "[Errno 2] No such file or directory: '\(path)'")
                case true?:
                    throw ScriptError(kind: "IsADirectoryError", message: "[Errno 21] Is a directory: '\(path)'")
                case false?: loaded = try TorchSave.load(path)
                }
            }
            // None means PyTorch's default, True
            let weightsOnly = try b.value("weights_only").map { $0.isNone ? true : try interp.truthy($0) } ?? true
            let held = TorchSave.holdsArray(loaded)
            if weightsOnly && held.found { throw BuiltinTable.weightsOnlyError(scalar: held.scalar) }
            return BuiltinTable.value(loaded)
        }
    }

    /// PyTorch 2.6+'s refusal of a numpy array under `weights_only=True` (its default), in its words.
    static func weightsOnlyError(scalar: Bool) -> ScriptError {
        let global = "numpy._core.multiarray." + (scalar ? "scalar" : "_reconstruct")
        return ScriptError(
            kind: "UnpicklingError",
            message: "Weights only load failed. This file can still be loaded, to do so you have two options, do "
                + "those steps only if you trust the source of the checkpoint. \n\t(1) In PyTorch 2.6, we changed "
                + "the default value of the `weights_only` argument in `torch.load` from `False` to `True`. "
                + "Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result "
                + "in arbitrary code execution. Do it only if you got the file from a trusted source.\n\t(2) "
                + "Alternatively, to load with `weights_only=True` please check the recommended steps in the "
                + "following error message.\n\tWeightsUnpickler error: Unsupported global: GLOBAL \(global) was "
                + "not an allowed global by default. Please use `torch.serialization.add_safe_globals([\(global)])` "
                + "or the `torch.serialization.safe_globals([\(global)])` context manager to allowlist this global "
                + "if you trust this class/function.\n\nCheck the documentation of torch.load to learn more about "
                + "types accepted by default with weights_only https://pytorch.org/docs/stable/generated/"
                + "torch.load.html.")
    }

    static func savedObject(_ v: Value, depth: Int) throws -> SavedObject {
        guard depth < 100 else { throw valueError("torch.save(): the object is nested too deeply") }
        switch v {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .tensor(let t): return .tensor(t)
        case .object(let a as NDArray):
            return .array(dtype: a.dtype.rawValue, shape: a.shape, values: a.doubles, scalar: a.isScalar)
        case .list(let l): return .list(try l.items.map { try savedObject($0, depth: depth + 1) })
        case .tuple(let t): return .tuple(try t.map { try savedObject($0, depth: depth + 1) })
        case .dict(let d):
            return .dict(
                try zip(d.keys, d.values).map {
                    (try savedObject($0, depth: depth + 1), try savedObject($1, depth: depth + 1))
                })
        case .module(let m):
            throw typeError(
                "torch.save(): gradstep saves state, not objects: save \(m.typeName)'s model.state_dict() and load it "
                    + "with model.load_state_dict(torch.load(path))"
            )
        case .object(let o):
            if o is OptimizerObject {
                throw typeError(
                    "torch.save(): save the optimizer's optimizer.state_dict() (and load it with "
                        + "optimizer.load_state_dict)"
                )
            }
            throw typeError(
                "torch.save(): cannot save a \(o.typeName) (tensors, numbers, strings, None and lists/tuples/dicts of "
                    + "them can be saved)"
            )
        }
    }

    static func value(_ o: SavedObject) -> Value {
        switch o {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .tensor(let t): return .tensor(t)
        case .array(let dtype, let shape, let values, let scalar):
            switch NPDType(rawValue: dtype) ?? .float64 {
            case .int64:
                return .object(NDArray(ints: values.map { Int(exactly: $0) ?? 0 }, shape: shape, scalar: scalar))
            case .bool: return .object(NDArray(bools: values.map { $0 != 0 }, shape: shape, scalar: scalar))
            case let d: return .object(NDArray(doubles: values, shape: shape, dtype: d, scalar: scalar))
            }
        case .list(let xs): return .list(ListRef(xs.map(value)))
        case .tuple(let xs): return .tuple(xs.map(value))
        case .dict(let kv):
            let d = DictRef()
            for (k, v) in kv { try? d.set(value(k), value(v)) }
            return .dict(d)
        }
    }
}
