// TorchSave: the file format behind the language's `torch.save(obj, path)` / `torch.load(path)`.
//
// It is NOT PyTorch's pickle format and never runs code when loading: a file is a safetensors file
// (see Safetensors.swift) whose tensors are the tensors of the saved object and whose metadata key
// "gradstep.object" holds a small JSON description of everything else: the nesting of dicts, lists
// and tuples, the ints, floats, strings, bools and Nones, and for each tensor its stored name,
// dtype and requires_grad. A tensor reached twice is stored once and loads as one shared tensor.
//
// Tensors are named by their key path when the keys allow it (`fc1.weight` for a state dict,
// `model.fc1.weight` for `{'model': sd}`), else `#<n>`, so PyTorch's
// `safetensors.torch.load_file(path)` reads a saved state dict directly. `load` also reads any
// plain safetensors file (e.g. from `save(model, path)` or PyTorch's safetensors) as a dict of
// tensors, and recognises PyTorch's own `.pt` files (a zip or pickle) to say it cannot read them.
//
// A numpy array is stored as a float64 tensor (exact for its float32, int64 up to 2⁵³ and bool
// values) with a node {"t":"ndarray","name":...,"dtype":"float64"|"float32"|"int64"|"bool",
// "scalar":false}; PyTorch's torch.load refuses numpy arrays unless weights_only=False, and the
// language's torch.load does the same (TorchSaveBuiltins.swift).
//
// JSON nodes: {"t":"none"} {"t":"bool","v":true} {"t":"int","v":"12"} {"t":"float","v":"0.1"}
// {"t":"str","v":"s"} {"t":"tensor","name":"fc1.weight","dtype":"float32","requires_grad":false}
// {"t":"list"|"tuple","items":[...]} {"t":"dict","items":[[key, value], ...]}
// Non-goals: arbitrary Python objects (modules, optimizers themselves: save their state_dict()).

import Foundation

/// A value `torch.save` can store.
public indirect enum SavedObject: @unchecked Sendable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case tensor(Tensor)
    /// A numpy array (or numpy scalar): its numpy dtype name, shape and values.
    case array(dtype: String, shape: [Int], values: [Double], scalar: Bool)
    case list([SavedObject])
    case tuple([SavedObject])
    /// Insertion-ordered key/value pairs.
    case dict([(SavedObject, SavedObject)])
}

public enum TorchSave {
    static let metadataKey = "gradstep.object"
    static let formatName = "gradstep-torch-save-1"

    /// Writes `obj` to `path` atomically (a safetensors file, see the header).
    public static func save(_ obj: SavedObject, to path: String) throws {
        try AtomicFile.write(try encode(obj), to: path, op: "torch.save")
    }

    /// Whether the object holds a numpy array anywhere (PyTorch's weights_only load refuses those).
    public static func holdsArray(_ o: SavedObject) -> (found: Bool, scalar: Bool) {
        switch o {
        case .array(_, _, _, let scalar): return (true, scalar)
        case .list(let xs), .tuple(let xs):
            for x in xs where holdsArray(x).found { return holdsArray(x) }
            return (false, false)
        case .dict(let kv):
            for (k, v) in kv {
                if holdsArray(k).found { return holdsArray(k) }
                if holdsArray(v).found { return holdsArray(v) }
            }
            return (false, false)
        default: return (false, false)
        }
    }

    /// The bytes of a saved object (a safetensors file, see the header).
    public static func encode(_ obj: SavedObject) throws -> [UInt8] {
        var tensors: [(String, Tensor)] = []
        var names: [ObjectIdentifier: String] = [:]
        var used = Set<String>()
        func keyText(_ k: SavedObject) -> String? {
            switch k {
            case .string(let s) where !s.isEmpty && !s.hasPrefix("#"): return s
            case .int(let i): return String(i)
            default: return nil
            }
        }
        func encode(_ o: SavedObject, _ path: String?) -> Any {
            switch o {
            case .none: return ["t": "none"]
            case .bool(let b): return ["t": "bool", "v": b]
            case .int(let i): return ["t": "int", "v": String(i)]
            case .float(let d): return ["t": "float", "v": "\(d)"]
            case .string(let s): return ["t": "str", "v": s]
            case .tensor(let t):
                let id = ObjectIdentifier(t)
                let name: String
                if let n = names[id] {
                    name = n
                } else {
                    var n = path ?? "#\(tensors.count)"
                    if used.contains(n) || n == "__metadata__" { n = "#\(tensors.count)" }
                    used.insert(n)
                    names[id] = n
                    tensors.append((n, t))
                    name = n
                }
                return ["t": "tensor", "name": name, "dtype": t.dtype.rawValue, "requires_grad": t.requiresGrad]
            case .array(let dtype, let shape, let values, let scalar):
                let n = "#\(tensors.count)"
                guard let t = try? Tensor(shape: shape, doubles: values) else { return ["t": "none"] }
                used.insert(n)
                tensors.append((n, t))
                return ["t": "ndarray", "name": n, "dtype": dtype, "scalar": scalar] as [String: Any]
            case .list(let xs), .tuple(let xs):
                let kind: String = {
                    if case .list = o { return "list" }
                    return "tuple"
                }()
                return ["t": kind, "items": xs.enumerated().map { i, x in encode(x, path.map { p in "\(p).\(i)" }) }]
                    as [String: Any]
            case .dict(let kv):
                return [
                    "t": "dict",
                    "items": kv.map { k, v -> [Any] in
                        let sub = keyText(k).map { t in path.map { "\($0).\(t)" } ?? t }
                        return [encode(k, nil), encode(v, sub)]
                    },
                ] as [String: Any]
            }
        }
        let tree = encode(obj, nil)
        let json = try JSONSerialization.data(
            withJSONObject: ["format": formatName, "object": tree], options: [.sortedKeys])
        return try Safetensors.encode(
            tensors, metadata: [metadataKey: String(decoding: json, as: UTF8.self), "format": "pt"])
    }

    /// Reads a file written by `save` (or any safetensors file, as a dict of its tensors).
    public static func load(_ path: String) throws -> SavedObject {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw EngineError("torch.load", "\(path): cannot read the file")
        }
        return try load(bytes: [UInt8](d), name: path)
    }

    /// Reads the bytes of a saved object; `name` names the source in messages.
    public static func load(bytes: [UInt8], name: String) throws -> SavedObject {
        try checkNotPickle(Array(bytes.prefix(4)), name)
        return try decode(try Safetensors.parse(bytes, path: name, float64: true), name)
    }

    static func checkNotPickle(_ head: [UInt8], _ path: String) throws {
        let op = "torch.load"
        if head.starts(with: [0x50, 0x4B]) || head.first == 0x80 {
            throw EngineError(
                op,
                "\(path) is a PyTorch pickle checkpoint (.pt/.pth). gradstep never unpickles (it can run code); it "
                    + "reads its own safe format written by torch.save here, or a safetensors file: in PyTorch, "
                    + "save with safetensors.torch.save_file(model.state_dict(), 'model.safetensors')"
            )
        }
    }

    static func decode(_ c: Safetensors.Contents, _ path: String) throws -> SavedObject {
        let op = "torch.load"
        guard let text = c.metadata[metadataKey] else {
            return .dict(c.tensors.map { (.string($0.name), .tensor($0.tensor)) })
        }
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            root["format"] as? String == formatName, let tree = root["object"]
        else {
            throw EngineError(op, "\(path): the object description is damaged or of an unknown format")
        }
        let byName = c.dictionary
        var made: [String: Tensor] = [:]
        func bad(_ what: String) -> Error { EngineError(op, "\(path): damaged object description (\(what))") }
        func decode(_ any: Any, depth: Int) throws -> SavedObject {
            guard depth < 200 else { throw bad("nested too deeply") }
            guard let node = any as? [String: Any], let t = node["t"] as? String else {
                throw bad("a node is not an object")
            }
            switch t {
            case "none": return .none
            case "bool":
                guard let b = node["v"] as? Bool else { throw bad("bool") }
                return .bool(b)
            case "int":
                guard let s = node["v"] as? String, let i = Int(s) else { throw bad("int") }
                return .int(i)
            case "float":
                guard let s = node["v"] as? String, let d = Double(s) else { throw bad("float") }
                return .float(d)
            case "str":
                guard let s = node["v"] as? String else { throw bad("str") }
                return .string(s)
            case "tensor":
                guard let n = node["name"] as? String, let stored = byName[n] else {
                    throw bad("tensor \(node["name"] ?? "?") is missing")
                }
                if let t = made[n] { return .tensor(t) }
                let dtype = DType(rawValue: node["dtype"] as? String ?? "float32") ?? .float32
                let t =
                    dtype == .float64
                    ? try Tensor(shape: stored.shape, doubles: stored.doubleValues)
                    : try Tensor(shape: stored.shape, data: stored.data, dtype: dtype)
                if node["requires_grad"] as? Bool == true, dtype.isFloatingPoint { t.requiresGrad = true }
                made[n] = t
                return .tensor(t)
            case "ndarray":
                guard let n = node["name"] as? String, let stored = byName[n], let dtype = node["dtype"] as? String,
                    ["float64", "float32", "int64", "bool"].contains(dtype)
                else { throw bad("array \(node["name"] ?? "?")") }
                return .array(
                    dtype: dtype, shape: stored.shape, values: stored.doubleValues,
                    scalar: node["scalar"] as? Bool == true && stored.shape.isEmpty)
            case "list", "tuple":
                guard let items = node["items"] as? [Any] else { throw bad(t) }
                let xs = try items.map { try decode($0, depth: depth + 1) }
                return t == "list" ? .list(xs) : .tuple(xs)
            case "dict":
                guard let items = node["items"] as? [Any] else { throw bad("dict") }
                return .dict(
                    try items.map { item in
                        guard let pair = item as? [Any], pair.count == 2 else { throw bad("dict item") }
                        return (try decode(pair[0], depth: depth + 1), try decode(pair[1], depth: depth + 1))
                    })
            default: throw bad("unknown node type \(t)")
            }
        }
        return try decode(tree, depth: 0)
    }
}
