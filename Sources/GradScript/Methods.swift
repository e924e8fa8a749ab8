// Methods: what follows a dot on modules (`parameters()`, `train()`, `eval()`, `zero_grad()`,
// `state_dict()`, ...) and on Python strings, lists and dicts (`append`, `join`, `format`, `items`, ...).
// Non-goals: the complete str/list/dict method sets.

import Foundation
import GradEngine

enum ModuleMethods {
    /// Layer attributes read by `attribute` (the methods are declared in `methods`).
    static let attributes = [
        "training", "weight", "bias", "in_features", "out_features", "in_channels", "out_channels",
        "kernel_size", "stride", "padding", "p", "num_features", "eps", "momentum", "output_size", "dim",
    ]
    static var names: [String] { attributes + methods.names }

    /// Every method of nn.Module (and so of every layer and user model), declared once.
    nonisolated(unsafe) static let methods: MethodTable<Module> = {
        let m = MethodTable<Module>("Module", section: "Module methods")
        let net = "net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))\n"
        func generator(_ items: [Value]) -> Value {
            .object(IteratorObject("generator", count: nil, listIterator(items)))
        }
        m.def(
            "parameters", "recurse=True",
            "The parameters (weights and biases), in registration order: give them to an optimizer.",
            net + "[p.shape for p in net.parameters()]"
        ) { mod, _, _ in generator(mod.parameters().map(Value.tensor)) }
        m.def(
            "named_parameters", "prefix='', recurse=True", "(name, parameter) pairs, names as in the state dict.",
            net + "[name for name, p in net.named_parameters()]"
        ) { mod, _, _ in
            generator(mod.namedParameters().map { .tuple([.string($0.0), .tensor($0.1)]) })
        }
        m.def("children", "", "The direct submodules.", net + "list(net.children())[1]") { mod, _, _ in
            generator(mod.children.map { .module($0.module) })
        }
        m.def(
            "named_children", "", "(name, submodule) pairs of the direct submodules.",
            net + "[n for n, c in net.named_children()]"
        ) { mod, _, _ in
            generator(mod.children.map { .tuple([.string($0.name), .module($0.module)]) })
        }
        m.def("modules", "", "This module and every submodule, depth first.", net + "len(list(net.modules()))") {
            mod, _, _ in
            generator(mod.namedModules().map { .module($0.1) })
        }
        m.def(
            "named_modules", "", "(name, module) pairs of this module and every submodule.",
            net + "[n for n, _ in net.named_modules()]"
        ) { mod, _, _ in
            generator(mod.namedModules().map { .tuple([.string($0.0), .module($0.1)]) })
        }
        m.def("train", "mode=True", "Training mode (dropout active); returns the module.", net + "net.train()") {
            mod, b, _ in
            mod.train(try b.bool("mode"))
            return .module(mod)
        }
        m.def("eval", "", "Evaluation mode (dropout off); returns the module.", net + "net.eval()") { mod, _, _ in
            mod.eval()
            return .module(mod)
        }
        m.def("zero_grad", "set_to_none=True", "Clears the gradients of every parameter.", net + "net.zero_grad()") {
            mod, b, _ in
            mod.zeroGrad(setToNone: try b.bool("set_to_none", true))
            return .none
        }
        m.def("cpu", "", "The module itself (gradstep runs on the CPU).", net + "net.cpu()") { mod, _, _ in .module(mod)
        }
        m.def(
            "cuda", "device=None", "Refused: gradstep runs on the CPU only.",
            "# x.cuda() raises: Torch not compiled with CUDA enabled"
        ) { _, _, _ in
            throw ScriptError(kind: "AssertionError", message: "Torch not compiled with CUDA enabled")
        }
        m.def("to", "*args, **kwargs", "The module itself on the CPU: to('cpu'), to(device).", net + "net.to('cpu')") {
            mod, b, _ in
            for v in b.rest + b.extra.map(\.1) {
                if case .string(let s) = v, s != "cpu" {
                    throw ScriptError(
                        kind: "RuntimeError", message: "gradstep runs on the CPU only; device '\(s)' is not available")
                }
            }
            return .module(mod)
        }
        m.def("num_parameters", "", "The number of trainable values (gradstep's helper).", net + "net.num_parameters()")
        { mod, _, _ in .int(mod.parameterCount) }
        m.def(
            "state_dict", "", "A dict of every parameter and buffer by name (a snapshot to save or load).",
            net + "list(net.state_dict().keys())"
        ) { mod, _, _ in
            let d = DictRef()
            d.isOrdered = true  // an OrderedDict, as PyTorch's (it prints as one)
            // detached, as PyTorch's state_dict()
            for (k, t) in mod.stateDict() { try d.set(.string(k), .tensor(t.detach())) }
            return .dict(d)
        }
        m.def(
            "load_state_dict", "state_dict, strict=True",
            "Copies the parameters from a dict made by state_dict(); returns the missing and unexpected keys.",
            net + "net.load_state_dict(net.state_dict())"
        ) { mod, b, _ in
            guard case .dict(let d)? = b.value("state_dict") else {
                throw typeError("load_state_dict() expects a dict of tensors")
            }
            var dict: [String: Tensor] = [:]
            for (k, v) in zip(d.keys, d.values) { dict[k.str] = try toTensor(v, "state_dict['\(k.str)']") }
            let r = try mod.loadStateDict(dict, strict: try b.bool("strict"), keyOrder: d.keys.map { $0.str })
            return .object(IncompatibleKeys(missing: r.missing, unexpected: r.unexpected))
        }
        m.def(
            "apply", "fn",
            "Calls fn on every submodule (children first) and then on the module itself; returns the module.",
            "def init_weights(m):\n    if isinstance(m, nn.Linear):\n        nn.init.zeros_(m.bias)\n" + net
                + "net.apply(init_weights)"
        ) { mod, b, interp in
            let fn = b.raw("fn") ?? .none
            for sub in mod.modulesChildrenFirst() { _ = try interp.callValue(fn, Args([.module(sub)])) }
            return .module(mod)
        }
        m.def(
            "requires_grad_", "requires_grad=True",
            "Turns gradient tracking of every parameter on or off (freezing); returns the module.",
            net + "net.requires_grad_(False)\nnet[0].weight.requires_grad"
        ) { mod, b, _ in
            let flag = try b.bool("requires_grad", true)
            for p in mod.parameters() { try p.requiresGrad(flag) }
            return .module(mod)
        }
        m.def(
            "buffers", "recurse=True",
            "The buffers (saved state that is not trained, e.g. BatchNorm's running statistics).",
            "bn = nn.BatchNorm1d(2)\n[b.shape for b in bn.buffers()]"
        ) { mod, _, _ in
            generator(mod.namedBuffers().map { .tensor($0.1) })
        }
        m.def(
            "named_buffers", "prefix='', recurse=True", "(name, buffer) pairs.",
            "bn = nn.BatchNorm1d(2)\n[n for n, b in bn.named_buffers()]"
        ) { mod, _, _ in
            generator(mod.namedBuffers().map { .tuple([.string($0.0), .tensor($0.1)]) })
        }
        m.def(
            "add_module", "name, module", "Registers a submodule under a name (same as assigning self.name = module).",
            net + "net.add_module('out', nn.Sigmoid())\nnet"
        ) { mod, b, interp in
            try interp.setModuleAttribute(mod, try b.string("name"), b.raw("module") ?? .none)
            return .none
        }
        m.def(
            "register_buffer", "name, tensor, persistent=True",
            "Registers a tensor saved with the module but not trained.",
            net + "net.register_buffer('steps', torch.zeros(1))\nlist(net.state_dict().keys())[-1]", unsupported: []
        ) { mod, b, _ in
            guard try b.bool("persistent", true) else {
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "register_buffer(persistent=False) is not supported by gradstep")
            }
            mod.registerBuffer(try b.string("name"), try b.optTensor("tensor"))
            return .none
        }
        m.def(
            "register_parameter", "name, param",
            "Registers a parameter under a name (same as assigning self.name = nn.Parameter(...)).",
            net + "net.register_parameter('scale', nn.Parameter(torch.ones(1)))"
        ) { mod, b, _ in
            mod.registerParameter(try b.string("name"), try b.optTensor("param"))
            return .none
        }
        m.def(
            "append", "module", "ModuleList / Sequential: adds a module at the end; returns the container.",
            "layers = nn.ModuleList()\nlayers.append(nn.Linear(2, 2))"
        ) { mod, b, _ in
            guard let sub = b.value("module")?.asModule else {
                throw typeError("append(): \(b.raw("module")?.typeName ?? "None") is not a Module subclass")
            }
            try mod.appendChild(sub)
            return .module(mod)
        }
        m.def(
            "extend", "modules", "ModuleList / Sequential: adds several modules at the end; returns the list.",
            "layers = nn.ModuleList()\nlayers.extend([nn.Linear(2, 2), nn.ReLU()])"
        ) { mod, b, interp in
            for v in try interp.toList(b.raw("modules") ?? .none) {
                guard let sub = v.asModule else { throw typeError("extend(): \(v.typeName) is not a Module subclass") }
                try mod.appendChild(sub)
            }
            return .module(mod)
        }
        m.def(
            "forward", "*args, **kwargs", "Runs the module on its input (what calling the module does).",
            net + "net.forward(torch.ones(1, 2)).shape"
        ) { mod, b, interp in
            try interp.callModule(mod, Args(b.rest, b.extra))
        }
        return m
    }()

    /// A layer's hyper-parameter as the Python value PyTorch holds (`kernel_size` is `(5, 5)`).
    static func hyperValue(_ h: HyperParameter) -> Value {
        switch h {
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .bool(let b): return .bool(b)
        case .ints(let xs): return .tuple(xs.map(Value.int))
        case .string(let s): return .string(s)
        case .none: return .none
        }
    }

    static func attribute(_ m: Module, _ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "training" { return .bool(m.training) }
        if let f = methods.bound(m, name) { return f }
        if let h = m.hyperParameter(name) { return hyperValue(h) }
        return nil
    }
}

func listIterator(_ items: [Value]) -> ValueIterator {
    var it = items.makeIterator()
    return { it.next() }
}

/// The declared methods of Python's str, list, tuple, dict and float values.
enum BuiltinMethods {
    static func names(for v: Value) -> [String] {
        switch v {
        case .string: return str.names
        case .list: return list.names
        case .dict: return dict.names
        case .tuple: return tuple.names
        case .float: return float.names
        default: return []
        }
    }

    static func attribute(_ v: Value, _ name: String, _ interp: Interpreter) throws -> Value? {
        switch v {
        case .string(let s): return str.bound(s, name)
        case .list(let l): return list.bound(l, name)
        case .dict(let d): return dict.bound(d, name)
        case .tuple(let t): return tuple.bound(t, name)
        case .float(let x): return float.bound(x, name)
        default: return nil
        }
    }

    static var tables: [[BuiltinDoc]] { [str.docs, list.docs, tuple.docs, dict.docs, float.docs] }

    nonisolated(unsafe) static let str: MethodTable<String> = {
        let m = MethodTable<String>("str", section: "str methods")
        m.def(
            "format", "*args, **kwargs", "Fills `{}` fields with the arguments (format specs as in f-strings).",
            "'{} of {:.2f}'.format('loss', 0.25)"
        ) { s, b, _ in .string(try strFormat(s, b.rest, b.extra)) }
        m.def(
            "join", "iterable, /", "The strings of iterable joined with this string between them.",
            "', '.join(['a', 'b'])"
        ) { s, b, interp in
            let items = try interp.toList(b.raw("iterable") ?? .none)
            return .string(
                try items.enumerated().map { i, x -> String in
                    guard case .string(let t) = x else {
                        throw typeError("sequence item \(i): expected str instance, \(x.typeName) found")
                    }
                    return t
                }.joined(separator: s))
        }
        m.def("split", "sep=None, maxsplit=-1", "The words (split on whitespace, or on sep).", "'a b  c'.split()") {
            s, b, _ in
            let maxsplit = try b.int("maxsplit")
            if let sep = b.value("sep") {
                guard case .string(let sp) = sep else { throw typeError("must be str or None, not \(sep.typeName)") }
                guard !sp.isEmpty else { throw valueError("empty separator") }
                var parts = s.components(separatedBy: sp)
                if maxsplit >= 0, parts.count - 1 > maxsplit {
                    parts = Array(parts[..<maxsplit]) + [parts[maxsplit...].joined(separator: sp)]
                }
                return .list(ListRef(parts.map(Value.string)))
            }
            let words = s.split(
                maxSplits: maxsplit >= 0 ? maxsplit : Int.max, omittingEmptySubsequences: true,
                whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            return .list(ListRef(words.map { .string(String($0)) }))
        }
        m.def("strip", "chars=None, /", "Without leading and trailing whitespace (or chars).", "'  hi  '.strip()") {
            s, b, _ in
            if let c = b.value("chars") {
                let set = Set(c.str)
                return .string(String(s.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed()))
            }
            return .string(s.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        m.def("lower", "", "The string in lower case.", "'ReLU'.lower()") { s, _, _ in .string(s.lowercased()) }
        m.def("upper", "", "The string in upper case.", "'relu'.upper()") { s, _, _ in .string(s.uppercased()) }
        m.def("find", "sub, /", "The index of the first occurrence of sub, or -1.", "'hello'.find('l')") { s, b, _ in
            guard let r = s.range(of: try b.string("sub")) else { return .int(-1) }
            return .int(s.distance(from: s.startIndex, to: r.lowerBound))
        }
        m.def("count", "sub, /", "The number of non-overlapping occurrences of sub.", "'banana'.count('an')") {
            s, b, _ in
            .int(max(0, s.components(separatedBy: try b.string("sub")).count - 1))
        }
        for (name, align, summary) in [
            ("ljust", "<", "Padded on the right to width."), ("rjust", ">", "Padded on the left to width."),
            ("center", "^", "Centred in width."),
        ] {
            m.def(name, "width, fillchar=' ', /", summary, "'ab'.\(name)(6)") { s, b, _ in
                // Longer than Format's limit: MemoryError there (it was cut to 10,000 silently).
                let w = Swift.max(0, try b.int("width"))
                let fill = try b.string("fillchar")
                guard fill.count == 1 else { throw typeError("The fill character must be exactly one character long") }
                return .string(try Format.format(.string(s), spec: fill + align + String(w)))
            }
        }
        addStrMethods(m)
        return m
    }()

    nonisolated(unsafe) static let list: MethodTable<ListRef> = {
        let m = MethodTable<ListRef>("list", section: "list methods")
        m.def("append", "object, /", "Adds object at the end.", "xs = [1]\nxs.append(2)\nxs") { l, b, _ in
            l.items.append(b.raw("object") ?? .none)
            return .none
        }
        m.def("extend", "iterable, /", "Adds the items of iterable at the end.", "xs = [1]\nxs.extend([2, 3])\nxs") {
            l, b, interp in
            l.items.append(contentsOf: try interp.toList(b.raw("iterable") ?? .none))
            return .none
        }
        m.def("insert", "index, object, /", "Inserts object before index.", "xs = [1, 3]\nxs.insert(1, 2)\nxs") {
            l, b, _ in
            let i = try b.int("index")
            let k = max(0, min(l.items.count, i < 0 ? i + l.items.count : i))
            l.items.insert(b.raw("object") ?? .none, at: k)
            return .none
        }
        m.def(
            "pop", "index=-1, /", "Removes and returns the item at index (the last by default).",
            "xs = [1, 2]\nxs.pop()"
        ) { l, b, _ in
            guard !l.items.isEmpty else { throw ScriptError(kind: "IndexError", message: "pop from empty list") }
            let i = try b.int("index")
            let k = i < 0 ? i + l.items.count : i
            guard k >= 0 && k < l.items.count else {
                throw ScriptError(kind: "IndexError", message: "pop index out of range")
            }
            return l.items.remove(at: k)
        }
        m.def("remove", "value, /", "Removes the first item equal to value.", "xs = [1, 2, 1]\nxs.remove(1)\nxs") {
            l, b, interp in
            let x = b.raw("value") ?? .none
            guard let i = try l.items.firstIndex(where: { try interp.valuesEqual($0, x) }) else {
                throw valueError("list.remove(x): x not in list")
            }
            l.items.remove(at: i)
            return .none
        }
        m.def("clear", "", "Removes every item.", "xs = [1]\nxs.clear()\nxs") { l, _, _ in
            l.items = []
            return .none
        }
        m.def("copy", "", "A shallow copy.", "[1, 2].copy()") { l, _, _ in .list(ListRef(l.items)) }
        m.def("reverse", "", "Reverses the list in place.", "xs = [1, 2]\nxs.reverse()\nxs") { l, _, _ in
            l.items.reverse()
            return .none
        }
        m.def("sort", "*, key=None, reverse=False", "Sorts the list in place.", "xs = [3, 1, 2]\nxs.sort()\nxs") {
            l, b, interp in
            l.items = try sortValues(
                l.items, key: b.value("key"), reverse: try interp.truthy(b.raw("reverse") ?? .none), interp)
            return .none
        }
        m.def("index", "value, /", "The index of the first item equal to value.", "[5, 6].index(6)") { l, b, interp in
            let x = b.raw("value") ?? .none
            guard let i = try l.items.firstIndex(where: { try interp.valuesEqual($0, x) }) else {
                throw valueError("\(x.repr) is not in list")
            }
            return .int(i)
        }
        m.def("count", "value, /", "The number of items equal to value.", "[1, 2, 1].count(1)") { l, b, interp in
            let x = b.raw("value") ?? .none
            return .int(try l.items.filter { try interp.valuesEqual($0, x) }.count)
        }
        return m
    }()

    nonisolated(unsafe) static let tuple: MethodTable<[Value]> = {
        let m = MethodTable<[Value]>("tuple", section: "tuple methods")
        m.def("index", "value, /", "The index of the first item equal to value.", "(5, 6).index(6)") { t, b, interp in
            let x = b.raw("value") ?? .none
            guard let i = try t.firstIndex(where: { try interp.valuesEqual($0, x) }) else {
                throw valueError("tuple.index(x): x not in tuple")
            }
            return .int(i)
        }
        m.def("count", "value, /", "The number of items equal to value.", "(1, 2, 1).count(1)") { t, b, interp in
            let x = b.raw("value") ?? .none
            return .int(try t.filter { try interp.valuesEqual($0, x) }.count)
        }
        return m
    }()

    nonisolated(unsafe) static let dict: MethodTable<DictRef> = {
        let m = MethodTable<DictRef>("dict", section: "dict methods")
        // Lists that print as Python's views: dict_keys([...]) (odict_keys for an OrderedDict such as a state_dict).
        func view(_ d: DictRef, _ kind: String) -> String { (d.isOrdered ? "odict_" : "dict_") + kind }
        m.def("keys", "", "The keys, in insertion order.", "{'a': 1}.keys()") { d, _, _ in
            .list(ListRef(d.keys, view: view(d, "keys")))
        }
        m.def("values", "", "The values, in insertion order.", "{'a': 1}.values()") { d, _, _ in
            .list(ListRef(d.values, view: view(d, "values")))
        }
        m.def("items", "", "The (key, value) pairs, in insertion order.", "{'a': 1}.items()") { d, _, _ in
            .list(ListRef(zip(d.keys, d.values).map { .tuple([$0, $1]) }, view: view(d, "items")))
        }
        m.def("get", "key, default=None, /", "The value for key, or default.", "{'a': 1}.get('b', 0)") { d, b, _ in
            try d.get(b.raw("key") ?? .none) ?? (b.raw("default") ?? .none)
        }
        m.def(
            "setdefault", "key, default=None, /", "The value for key, inserting default first if absent.",
            "d = {}\nd.setdefault('a', 1)"
        ) { d, b, _ in
            let k = b.raw("key") ?? .none
            if let x = try d.get(k) { return x }
            let def = b.raw("default") ?? .none
            try d.set(k, def)
            return def
        }
        m.def(
            "update", "other=None, /, **kwargs", "Adds the pairs of other (a dict) and of the keyword arguments.",
            "d = {'a': 1}\nd.update(b=2)\nd"
        ) { d, b, interp in
            if let o = b.value("other") {
                if case .dict(let od) = o {
                    for (k, x) in zip(od.keys, od.values) { try d.set(k, x) }
                } else {
                    for pair in try interp.toList(o) {
                        guard let kv = pair.asArray, kv.count == 2 else {
                            throw valueError("dictionary update sequence element has wrong length")
                        }
                        try d.set(kv[0], kv[1])
                    }
                }
            }
            for (k, x) in b.extra { try d.set(.string(k), x) }
            return .none
        }
        m.def("popitem", "", "Removes and returns the last (key, value) pair inserted.", "d = {'a': 1}\nd.popitem()") {
            d, _, _ in
            guard let k = d.keys.last else {
                throw ScriptError(
                    kind: "KeyError",
                    message: "'popitem(): dictionary is "
                        + "empty'")
            }
            let v = try d.remove(k) ?? .none
            return .tuple([k, v])
        }
        m.def("copy", "", "A shallow copy.", "{'a': 1}.copy()") { d, _, _ in
            let c = DictRef()
            for (k, v) in zip(d.keys, d.values) { try c.set(k, v) }
            return .dict(c)
        }
        m.def("clear", "", "Removes every pair.", "d = {'a': 1}\nd.clear()\nd") { d, _, _ in
            for k in d.keys { try d.remove(k) }
            return .none
        }
        m.def(
            "pop", "key, default=None, /", "Removes key and returns its value (or default; KeyError without one).",
            "d = {'a': 1}\nd.pop('a')"
        ) { d, b, _ in
            let k = b.raw("key") ?? .none
            if let x = try d.remove(k) { return x }
            if b.passed("default") { return b.raw("default") ?? .none }
            throw ScriptError(kind: "KeyError", message: k.repr)
        }
        return m
    }()

    nonisolated(unsafe) static let float: MethodTable<Double> = {
        let m = MethodTable<Double>("float", section: "float methods")
        m.def("is_integer", "", "Whether the float has no fractional part.", "(2.0).is_integer()") { x, _, _ in
            .bool(x == x.rounded())
        }
        return m
    }()

    /// `"{} of {:.2f}".format(a, b)` with automatic and explicit field numbers and keyword fields.
    static func strFormat(_ s: String, _ positional: [Value], _ keywords: [(String, Value)]) throws -> String {
        var out = ""
        var cs = Array(s)[...]
        var auto = 0
        while let c = cs.first {
            cs = cs.dropFirst()
            if c == "{" {
                if cs.first == "{" {
                    out.append("{")
                    cs = cs.dropFirst()
                    continue
                }
                // the field up to its matching '}' (a spec may hold nested fields: '{:>{w}}')
                var field = ""
                var depth = 0
                while let d = cs.first, d != "}" || depth > 0 {
                    if d == "{" { depth += 1 }
                    if d == "}" { depth -= 1 }
                    field.append(d)
                    cs = cs.dropFirst()
                }
                guard cs.first == "}" else { throw valueError("Single '{' encountered in format string") }
                cs = cs.dropFirst()
                let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                var key = parts.isEmpty ? "" : String(parts[0])
                var spec = parts.count > 1 ? String(parts[1]) : ""
                var conversion: Character? = nil
                if key.count >= 2, key.dropLast().last == "!", let c = key.last {
                    conversion = c
                    key = String(key.dropLast(2))
                }
                func value(_ key: String) throws -> Value {
                    if key.isEmpty {
                        guard auto < positional.count else {
                            throw ScriptError(
                                kind: "IndexError",
                                message: "Replacement index \(auto) out of range for positional args tuple")
                        }
                        auto += 1
                        return positional[auto - 1]
                    } else if let i = Int(key) {
                        guard i >= 0 && i < positional.count else {
                            throw ScriptError(
                                kind: "IndexError",
                                message: "Replacement index \(i) out of range for positional args tuple")
                        }
                        return positional[i]
                    }
                    guard let kv = keywords.first(where: { $0.0 == key })?.1 else {
                        throw ScriptError(kind: "KeyError", message: "'\(key)'")
                    }
                    return kv
                }
                // `{0[1]}`, `{cfg[lr]}`: a field name may index its argument (ints index sequences,
                // other text is a dict key, as in Python)
                var accessors: [String] = []
                if let open = key.firstIndex(of: "["), key.hasSuffix("]") {
                    accessors = key[key.index(after: open)..<key.index(before: key.endIndex)]
                        .components(separatedBy: "][")
                    key = String(key[..<open])
                }
                var v = try value(key)
                for a in accessors {
                    switch v {
                    case .list, .tuple:
                        let items = v.asArray ?? []
                        guard let i = Int(a), i >= 0, i < items.count else {
                            throw ScriptError(
                                kind: Int(a) == nil ? "TypeError" : "IndexError",
                                message: Int(a) == nil
                                    ? "list indices must be integers or slices, not str" : "list index out of range")
                        }
                        v = items[i]
                    case .dict(let d):
                        guard let x = try d.get(Int(a).map(Value.int) ?? .string(a)) else {
                            throw ScriptError(kind: "KeyError", message: Value.string(a).repr)
                        }
                        v = x
                    default: throw typeError("'\(v.typeName)' object is not subscriptable")
                    }
                }
                if spec.contains("{") {
                    var resolved = "", inner: String? = nil
                    for ch in spec {
                        if ch == "{" {
                            inner = ""
                        } else if ch == "}", let k = inner {
                            resolved += try value(k).str
                            inner = nil
                        } else if inner != nil {
                            inner?.append(ch)
                        } else {
                            resolved.append(ch)
                        }
                    }
                    spec = resolved
                }
                if conversion == "r" { v = .string(try v.checkedRepr()) }
                if conversion == "s" { v = .string(try v.checkedStr()) }
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
extension Interpreter {
    /// `a == b` as containers decide it (`in`, `list.index`, `count`, `remove`): the same object,
    /// or equal by the user's `__eq__` for user objects, or by Python's equality.
    func valuesEqual(_ a: Value, _ b: Value) throws -> Bool {
        if Operators.identical(a, b) { return true }
        if a.mayDefineOperators || b.mayDefineOperators { return try truthy(try compare(.eq, a, b)) }
        return Operators.equal(a, b)
    }

    /// `a < b` as Python decides it for sorting, `min` and `max`: user objects by their own
    /// `__lt__` (or a `cmp_to_key` key), everything else by Python's ordering.
    func lessThan(_ a: Value, _ b: Value) throws -> Bool {
        if a.mayDefineOperators || b.mayDefineOperators { return try truthy(try compare(.lt, a, b)) }
        return try Operators.order(a, b, .lt) < 0
    }
}

func sortValues(_ xs: [Value], key: Value?, reverse: Bool, _ interp: Interpreter) throws -> [Value] {
    var keyed: [(Value, Value)] = []
    for x in xs { keyed.append((try key.map { try interp.callValue($0, Args([x])) } ?? x, x)) }
    var failure: Error? = nil
    keyed.sort { l, r in
        do {
            return try interp.lessThan(l.0, r.0)
        } catch {
            failure = error
            return false
        }
    }
    if let f = failure { throw f }
    let out = keyed.map(\.1)
    return reverse ? out.reversed() : out
}
