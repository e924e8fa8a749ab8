// TorchSaveBuiltins: `torch.save(obj, f)` and `torch.load(f, map_location=None, weights_only=True)`
// over the engine's safe format (Checkpoint/TorchSave.swift: safetensors plus a JSON description,
// never pickle, so loading cannot run code). Saves tensors, state dicts, optimizer state dicts and
// dicts/lists/tuples of them with numbers, strings, bools and None; `torch.load` returns the same
// structure (tensors shared in the object stay shared). `map_location` may only name the CPU.
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
            let path = try b.string("f")
            try TorchSave.save(try BuiltinTable.savedObject(b.raw("obj") ?? .none, depth: 0), to: path)
            return .none
        }
        def(
            "torch.load", "torch.load(f, map_location=None, weights_only=True)",
            "Loads what torch.save wrote (or any safetensors file, as a dict of tensors). Never unpickles.",
            "torch.save({'w': torch.ones(2)}, 'ckpt.pt')\ntorch.load('ckpt.pt')['w']", in: torch,
            unsupported: ["pickle_module", "mmap"]
        ) { b, _ in
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
            return BuiltinTable.value(try TorchSave.load(try b.string("f")))
        }
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
        case .list(let xs): return .list(ListRef(xs.map(value)))
        case .tuple(let xs): return .tuple(xs.map(value))
        case .dict(let kv):
            let d = DictRef()
            for (k, v) in kv { try? d.set(value(k), value(v)) }
            return .dict(d)
        }
    }
}
