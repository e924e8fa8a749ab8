// Checkpoint: saving and loading a model (and its optimizer) as safetensors files.
//
// Layout, chosen so PyTorch can load the model file directly:
//   net.safetensors        the model's parameters under PyTorch's names (`conv1.weight`, ...), F32;
//                          metadata {"format": "pt", "model": <typeName>}. In Python:
//                          `model.load_state_dict(safetensors.torch.load_file("net.safetensors"))`.
//   net.optim.safetensors  the optimizer's state (only when an optimizer is saved): one tensor per
//                          parameter buffer named `<param name>.<buffer>` (e.g.
//                          `conv1.weight.momentum_buffer`, `fc1.bias.exp_avg`), and metadata
//                          {"format": "gradstep-optimizer-1", "optimizer": "SGD", "lr": ..., the other
//                          hyper-parameters, "step.<param name>": "<count>"}.
// The two files are written as one save (AtomicFile): both temporary files are complete before
// either replaces its target, so a full disk changes neither. Both carry the same
// `gradstep_save_id` in their metadata, and load refuses an optimizer file from another save.
// Loading reads and checks both files completely before changing anything, so a missing tensor, a
// shape mismatch, a hostile learning rate or a corrupt file leaves the model and optimizer untouched.
//
// Non-goals: PyTorch's pickle `.pt` format; saving modules' structure (only parameters are stored).

import Foundation

/// Model and optimizer checkpoints in the safetensors format.
public enum Checkpoint {
    /// Saves named tensors to a safetensors file, atomically.
    public static func save(_ named: [(String, Tensor)], to path: String, metadata: [String: String] = [:]) throws {
        try Safetensors.write(named, metadata: metadata, to: path)
    }

    /// Loads every tensor of a safetensors file by name.
    public static func load(_ path: String) throws -> [String: Tensor] {
        try Safetensors.read(path).dictionary
    }

    /// The companion file holding optimizer state: `net.safetensors` → `net.optim.safetensors`.
    public static func optimizerPath(for path: String) -> String {
        if path.hasSuffix(".safetensors") {
            return String(path.dropLast(".safetensors".count)) + ".optim.safetensors"
        }
        return path + ".optim.safetensors"
    }

    /// Saves the model's parameters to `path` and, when given, the optimizer's state next to it
    /// (`optimizerPath(for:)`). Returns the paths written.
    @discardableResult
    public static func save(model: Module, optimizer: Optimizer? = nil, to path: String) throws -> [String] {
        let modelMeta = ["format": "pt", "model": model.typeName]
        guard let opt = optimizer else {
            try save(model.stateDict(), to: path, metadata: modelMeta)
            return [path]
        }
        let id = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        var (tensors, meta) = optimizerState(opt, names: names(for: opt, in: model))
        meta[saveIDKey] = id
        let op = optimizerPath(for: path)
        try AtomicFile.write(
            [
                (
                    path,
                    try Safetensors.encode(
                        model.stateDict(), metadata: modelMeta.merging([saveIDKey: id]) { a, _ in a })
                ),
                (op, try Safetensors.encode(tensors, metadata: meta)),
            ], op: "save")
        return [path, op]
    }

    /// Metadata key naming the save a model file and its optimizer file came from.
    static let saveIDKey = "gradstep_save_id"

    /// Loads parameters from `path` into `model` and, when given, the optimizer state from its
    /// companion file. Everything is read and checked first; on any error nothing changes.
    public static func load(into model: Module, optimizer: Optimizer? = nil, from path: String) throws {
        let modelContents = try Safetensors.read(path)
        let dict = modelContents.dictionary
        var pending: [(Int, ParamState)] = []
        var lr: Float? = nil
        if let opt = optimizer {
            let opath = optimizerPath(for: path)
            let contents = try Safetensors.read(opath)
            if let a = modelContents.metadata[saveIDKey], let b = contents.metadata[saveIDKey], a != b {
                throw EngineError(
                    "load",
                    "\(opath) was saved with a different model file than \(path) (the save was interrupted, or the "
                        + "files come from two saves); nothing was loaded"
                )
            }
            (pending, lr) = try parseOptimizerState(contents, for: opt, names: names(for: opt, in: model), path: opath)
        }
        try validate(dict, for: model, path: path)
        try model.loadStateDict(dict)  // all-or-nothing, already validated
        if let opt = optimizer {
            for (i, st) in pending { try opt.setState(i, st) }
            if let lr { opt.lr = lr }
        }
    }

    /// Checks `dict` against the model without loading (same rules as `loadStateDict`), naming the file.
    static func validate(_ dict: [String: Tensor], for model: Module, path: String) throws {
        do {
            let probe = model.namedParameters()
            var problems: [String] = []
            for (n, p) in probe {
                if let t = dict[n] { if t.shape != p.shape { problems.append(n) } } else { problems.append(n) }
            }
            if !problems.isEmpty || Set(dict.keys) != Set(probe.map { $0.0 }) {
                // Let loadStateDict produce the detailed message; it will throw before writing anything.
                try model.loadStateDict(dict)
            }
        } catch let e as EngineError {
            throw EngineError("load", "\(path): \(e.message)")
        }
    }

    /// The names the optimizer's parameters have in `model` (`param.<i>` for ones not in it).
    static func names(for opt: Optimizer, in model: Module) -> [String] {
        var byId: [ObjectIdentifier: String] = [:]
        for (n, p) in model.namedParameters() { byId[ObjectIdentifier(p)] = n }
        return opt.params.enumerated().map { byId[ObjectIdentifier($0.element)] ?? "param.\($0.offset)" }
    }

    /// The optimizer's state as named tensors plus metadata (hyper-parameters and step counts).
    public static func optimizerState(_ opt: Optimizer, names: [String]) -> ([(String, Tensor)], [String: String]) {
        var tensors: [(String, Tensor)] = []
        var meta: [String: String] = ["format": "gradstep-optimizer-1", "optimizer": opt.typeName]
        for (k, v) in opt.hyperParameters { meta[k] = v }
        meta["lr"] = "\(opt.lr)"
        for (i, st) in opt.state.enumerated() {
            meta["step." + names[i]] = String(st.step)
            for k in st.buffers.keys.sorted() {
                tensors.append(("\(names[i]).\(k)", Tensor(unchecked: opt.params[i].shape, st.buffers[k] ?? [])))
            }
        }
        return (tensors, meta)
    }

    static func parseOptimizerState(
        _ c: Safetensors.Contents, for opt: Optimizer, names: [String],
        path: String
    ) throws -> ([(Int, ParamState)], Float?) {
        guard c.metadata["format"] == "gradstep-optimizer-1" else {
            throw EngineError(
                "load",
                "\(path): not a gradstep optimizer state file (metadata format is \(c.metadata["format"] ?? "missing"))"
            )
        }
        guard c.metadata["optimizer"] == opt.typeName else {
            throw EngineError(
                "load", "\(path): holds \(c.metadata["optimizer"] ?? "unknown") state, the optimizer is \(opt.typeName)"
            )
        }
        let dict = c.dictionary
        var used = Set<String>()
        var out: [(Int, ParamState)] = []
        var problems: [String] = []
        let known = opt.stateKeys.buffers
        for (i, name) in names.enumerated() {
            var st = ParamState()
            if let s = c.metadata["step." + name] {
                // Bounded as load_state_dict's: a count near Int.max would wrap at the next step.
                if let step = Int(s), step >= 0, step < 1_000_000_000_000_000 {
                    st.step = step
                } else {
                    problems.append("invalid step count \(s) for \(name)")
                }
            } else {
                problems.append("missing step count for \(name)")
            }
            let prefix = name + "."
            for (k, t) in dict
            where k.hasPrefix(prefix)
                && !names.contains(where: { $0 != name && k.hasPrefix($0 + ".") && $0.count > name.count })
            {
                let buf = String(k.dropFirst(prefix.count))
                used.insert(k)
                // A buffer the optimizer does not keep would be dropped without a word: refuse it.
                guard known.contains(buf) else {
                    problems.append(
                        "\(k): \(opt.typeName) keeps no buffer named '\(buf)' (it keeps "
                            + (known.isEmpty ? "none" : known.joined(separator: ", ")) + ")")
                    continue
                }
                guard t.shape == opt.params[i].shape else {
                    problems.append(
                        "\(k) has shape \(fmt(t.shape)), parameter \(name) has shape \(fmt(opt.params[i].shape))")
                    continue
                }
                st.buffers[buf] = t.data
            }
            out.append((i, st))
        }
        let unexpected = Set(dict.keys).subtracting(used).sorted()
        if !unexpected.isEmpty { problems.append("unexpected tensor(s): " + unexpected.joined(separator: ", ")) }
        guard problems.isEmpty else {
            throw EngineError(
                "load",
                "\(path): optimizer state does not match (nothing was loaded):\n    "
                    + problems.joined(separator: "\n    "))
        }
        var lr: Float? = nil
        if let text = c.metadata["lr"] {
            guard let v = Float(text), v.isFinite, v >= 0 else {
                throw EngineError(
                    "load",
                    "\(path): invalid learning rate \(text) (it must be a finite number >= 0); nothing was loaded")
            }
            lr = v
        }
        return (out, lr)
    }
}
