// Methods: what follows a dot on modules (`parameters()`, `train()`, `eval()`, `zero_grad()`,
// `state_dict()`, ...) and on Python strings, lists and dicts (`append`, `join`, `format`, `items`, ...).
// Non-goals: the complete str/list/dict method sets.

import GradEngine

enum ModuleMethods {
    static let names = ["parameters", "named_parameters", "children", "named_children", "modules", "named_modules",
                        "train", "eval", "zero_grad", "state_dict", "load_state_dict", "forward", "training",
                        "num_parameters", "cpu", "cuda", "to", "weight", "bias", "in_features", "out_features",
                        "in_channels", "out_channels", "kernel_size", "stride", "padding", "p"]

    static func attribute(_ m: Module, _ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ params: [String] = [], _ f: @escaping (Args) throws -> Value) -> Value {
            .object(BuiltinFunction("\(m.typeName).\(name)", params: params) { a, _ in try f(a) })
        }
        switch name {
        case "training": return .bool(m.training)
        case "parameters": return method { _ in .object(IteratorObject("generator", count: nil, listIterator(m.parameters().map(Value.tensor)))) }
        case "named_parameters":
            return method { _ in .object(IteratorObject("generator", count: nil, listIterator(m.namedParameters().map { .tuple([.string($0.0), .tensor($0.1)]) }))) }
        case "children": return method { _ in .object(IteratorObject("generator", count: nil, listIterator(m.children.map { .module($0.module) }))) }
        case "named_children": return method { _ in .object(IteratorObject("generator", count: nil, listIterator(m.children.map { .tuple([.string($0.name), .module($0.module)]) }))) }
        case "modules": return method { _ in .object(IteratorObject("generator", count: nil, listIterator(m.namedModules().map { .module($0.1) }))) }
        case "named_modules": return method { _ in .object(IteratorObject("generator", count: nil, listIterator(m.namedModules().map { .tuple([.string($0.0), .module($0.1)]) }))) }
        case "train":
            return method(["mode"]) { a in
                let b = try a.bind("train", ["mode"])
                m.train(try b.bool("mode", true))
                return .module(m)
            }
        case "eval": return method { _ in m.eval(); return .module(m) }
        case "zero_grad": return method(["set_to_none"]) { _ in m.zeroGrad(); return .none }
        case "cpu", "cuda", "to": return method { _ in .module(m) }
        case "num_parameters": return method { _ in .int(m.parameterCount) }
        case "state_dict":
            return method { _ in
                let d = DictRef()
                for (k, t) in m.stateDict() { try d.set(.string(k), .tensor(t)) }
                return .dict(d)
            }
        case "load_state_dict":
            return method(["state_dict", "strict"]) { a in
                let b = try a.bind("load_state_dict", ["state_dict", "strict"], required: 1)
                guard case .dict(let d)? = b.value("state_dict") else { throw typeError("load_state_dict() expects a dict of tensors") }
                var dict: [String: Tensor] = [:]
                for (k, v) in zip(d.keys, d.values) { dict[k.str] = try toTensor(v, "state_dict['\(k.str)']") }
                try m.loadStateDict(dict, strict: try b.bool("strict", true))
                return .none
            }
        case "forward":
            return method { a in try interp.callModule(m, a) }
        default: break
        }
        if let l = m as? Linear {
            if name == "in_features" { return .int(l.inFeatures) }
            if name == "out_features" { return .int(l.outFeatures) }
        }
        if let c = m as? Conv2d {
            switch name {
            case "in_channels": return .int(c.inChannels)
            case "out_channels": return .int(c.outChannels)
            case "kernel_size": return .tuple([.int(c.kernelSize), .int(c.kernelSize)])
            case "stride": return .tuple([.int(c.stride), .int(c.stride)])
            case "padding": return .tuple([.int(c.padding), .int(c.padding)])
            default: break
            }
        }
        if let d = m as? Dropout, name == "p" { return .float(Double(d.p)) }
        return nil
    }
}

func listIterator(_ items: [Value]) -> ValueIterator {
    var it = items.makeIterator()
    return { it.next() }
}

enum BuiltinMethods {
    static func names(for v: Value) -> [String] {
        switch v {
        case .string: return ["format", "join", "split", "strip", "lower", "upper", "replace", "startswith", "endswith", "ljust", "rjust", "center", "find", "count"]
        case .list: return ["append", "extend", "pop", "insert", "index", "count", "sort", "reverse", "copy", "clear", "remove"]
        case .dict: return ["keys", "values", "items", "get", "update", "pop", "setdefault"]
        case .tuple: return ["index", "count"]
        case .float: return ["is_integer"]
        default: return []
        }
    }

    static func attribute(_ v: Value, _ name: String, _ interp: Interpreter) throws -> Value? {
        guard names(for: v).contains(name) else { return nil }
        return .object(BuiltinFunction("\(v.typeName).\(name)") { a, interp in try call(v, name, a, interp) })
    }

    static func call(_ v: Value, _ name: String, _ a: Args, _ interp: Interpreter) throws -> Value {
        let p = a.positional
        func arg(_ i: Int) throws -> Value {
            guard i < p.count else { throw typeError("\(v.typeName).\(name)() missing an argument") }
            return p[i]
        }
        switch (v, name) {
        case (.string(let s), "format"):
            return .string(try strFormat(s, a))
        case (.string(let s), "join"):
            let items = try interp.toList(try arg(0))
            return .string(try items.map { x -> String in
                guard case .string(let t) = x else { throw typeError("sequence item: expected str instance, \(x.typeName) found") }
                return t
            }.joined(separator: s))
        case (.string(let s), "split"):
            if let sepV = p.first, case .string(let sep) = sepV, !sep.isEmpty {
                return .list(ListRef(s.components(separatedBy: sep).map(Value.string)))
            }
            return .list(ListRef(s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map { .string(String($0)) }))
        case (.string(let s), "strip"): return .string(s.trimmingCharacters(in: .whitespacesAndNewlines))
        case (.string(let s), "lower"): return .string(s.lowercased())
        case (.string(let s), "upper"): return .string(s.uppercased())
        case (.string(let s), "replace"): return .string(s.replacingOccurrences(of: try arg(0).str, with: try arg(1).str))
        case (.string(let s), "startswith"): return .bool(s.hasPrefix(try arg(0).str))
        case (.string(let s), "endswith"): return .bool(s.hasSuffix(try arg(0).str))
        case (.string(let s), "find"):
            guard let r = s.range(of: try arg(0).str) else { return .int(-1) }
            return .int(s.distance(from: s.startIndex, to: r.lowerBound))
        case (.string(let s), "count"): return .int(max(0, s.components(separatedBy: try arg(0).str).count - 1))
        case (.string(let s), "ljust"), (.string(let s), "rjust"), (.string(let s), "center"):
            let w = min(try toInt(try arg(0), "width"), 10_000)
            let spec = (name == "ljust" ? "<" : (name == "rjust" ? ">" : "^")) + String(w)
            return .string(try Format.format(.string(s), spec: spec))
        case (.list(let l), "append"): l.items.append(try arg(0)); return .none
        case (.list(let l), "extend"): l.items.append(contentsOf: try interp.toList(try arg(0))); return .none
        case (.list(let l), "insert"):
            let i = try toInt(try arg(0), "index")
            let k = max(0, min(l.items.count, i < 0 ? i + l.items.count : i))
            l.items.insert(try arg(1), at: k)
            return .none
        case (.list(let l), "pop"):
            guard !l.items.isEmpty else { throw ScriptError(kind: "IndexError", message: "pop from empty list") }
            let i = try p.first.map { try toInt($0, "index") } ?? -1
            let k = i < 0 ? i + l.items.count : i
            guard k >= 0 && k < l.items.count else { throw ScriptError(kind: "IndexError", message: "pop index out of range") }
            return l.items.remove(at: k)
        case (.list(let l), "remove"):
            let x = try arg(0)
            guard let i = l.items.firstIndex(where: { Operators.equal($0, x) }) else { throw valueError("list.remove(x): x not in list") }
            l.items.remove(at: i)
            return .none
        case (.list(let l), "clear"): l.items = []; return .none
        case (.list(let l), "copy"): return .list(ListRef(l.items))
        case (.list(let l), "reverse"): l.items.reverse(); return .none
        case (.list(let l), "sort"):
            let rev = try a.keyword("reverse").map { try interp.truthy($0) } ?? false
            l.items = try sortValues(l.items, key: a.keyword("key"), reverse: rev, interp)
            return .none
        case (.list, "index"), (.tuple, "index"):
            let x = try arg(0)
            guard let i = (v.asArray ?? []).firstIndex(where: { Operators.equal($0, x) }) else { throw valueError("\(x.repr) is not in \(v.typeName)") }
            return .int(i)
        case (.list, "count"), (.tuple, "count"):
            let x = try arg(0)
            return .int((v.asArray ?? []).filter { Operators.equal($0, x) }.count)
        case (.dict(let d), "keys"): return .list(ListRef(d.keys))
        case (.dict(let d), "values"): return .list(ListRef(d.values))
        case (.dict(let d), "items"): return .list(ListRef(zip(d.keys, d.values).map { .tuple([$0, $1]) }))
        case (.dict(let d), "get"): return try d.get(try arg(0)) ?? (p.count > 1 ? p[1] : .none)
        case (.dict(let d), "setdefault"):
            if let x = try d.get(try arg(0)) { return x }
            let def = p.count > 1 ? p[1] : .none
            try d.set(p[0], def)
            return def
        case (.dict(let d), "update"):
            guard case .dict(let o) = try arg(0) else { throw typeError("dict.update() expects a dict") }
            for (k, x) in zip(o.keys, o.values) { try d.set(k, x) }
            return .none
        case (.float(let x), "is_integer"): return .bool(x == x.rounded())
        default:
            throw ScriptError(kind: "AttributeError", message: "'\(v.typeName)' object has no attribute '\(name)'")
        }
    }

    /// `"{} of {:.2f}".format(a, b)` with automatic and explicit field numbers and keyword fields.
    static func strFormat(_ s: String, _ a: Args) throws -> String {
        var out = ""
        var cs = Array(s)[...]
        var auto = 0
        while let c = cs.first {
            cs = cs.dropFirst()
            if c == "{" {
                if cs.first == "{" { out.append("{"); cs = cs.dropFirst(); continue }
                var field = ""
                while let d = cs.first, d != "}" { field.append(d); cs = cs.dropFirst() }
                guard cs.first == "}" else { throw valueError("Single '{' encountered in format string") }
                cs = cs.dropFirst()
                let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let key = parts.isEmpty ? "" : String(parts[0])
                let spec = parts.count > 1 ? String(parts[1]) : ""
                let v: Value
                if key.isEmpty {
                    guard auto < a.positional.count else { throw ScriptError(kind: "IndexError", message: "Replacement index \(auto) out of range for positional args tuple") }
                    v = a.positional[auto]
                    auto += 1
                } else if let i = Int(key) {
                    guard i >= 0 && i < a.positional.count else { throw ScriptError(kind: "IndexError", message: "Replacement index \(i) out of range for positional args tuple") }
                    v = a.positional[i]
                } else {
                    guard let kv = a.keyword(key) else { throw ScriptError(kind: "KeyError", message: "'\(key)'") }
                    v = kv
                }
                out += try Format.format(v, spec: spec)
            } else if c == "}" {
                if cs.first == "}" { cs = cs.dropFirst() }
                out.append("}")
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// Sorts values (numbers, strings, tuples) with an optional key function.
func sortValues(_ xs: [Value], key: Value?, reverse: Bool, _ interp: Interpreter) throws -> [Value] {
    var keyed: [(Value, Value)] = []
    for x in xs { keyed.append((try key.map { try interp.callValue($0, Args([x])) } ?? x, x)) }
    var failure: Error? = nil
    keyed.sort { l, r in
        do { return try Operators.order(l.0, r.0, .lt) < 0 } catch { failure = error; return false }
    }
    if let f = failure { throw f }
    let out = keyed.map(\.1)
    return reverse ? out.reversed() : out
}

import Foundation
