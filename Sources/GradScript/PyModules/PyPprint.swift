// PyPprint: Python's `pprint.pprint` / `pprint.pformat`, as tutorials use them on a state_dict or a
// dict of hyper-parameters (`from pprint import pprint; pprint(model.state_dict())`).
// The layout is CPython 3.11's PrettyPrinter: an object whose repr fits in `width` columns (minus the
// indent and the closing brackets still to come) is written as its repr; else a dict, list, tuple or
// OrderedDict is split one item per line, each item laid out the same way. Plain dicts print with their
// keys sorted (sort_dicts=True), also inside the one-line repr.
// Non-goals: stream=, depth=, compact=, underscore_numbers=, splitting long strings and bytes, sets,
// PrettyPrinter objects.

import GradEngine

extension BuiltinTable {
    func registerPprint() {
        section = "pprint"
        let pp = namespace("pprint")
        let params = "object, stream=None, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True"
        def(
            "pprint.pprint", "pprint.pprint(\(params))",
            "Prints object, splitting dicts, lists and tuples over lines when they do not fit in width columns.",
            "from pprint import pprint\npprint({'b': [1, 2], 'a': 3})", in: pp,
            unsupported: ["stream", "depth", "compact"]
        ) { b, interp in
            var printer = try PrettyPrinter(b)
            let text = try printer.format(b.value("object") ?? .none)
            interp.output(interp.pendingOutput + text)
            interp.pendingOutput = ""
            return .none
        }
        def(
            "pprint.pformat",
            "pprint.pformat(object, indent=1, width=80, depth=None, *, compact=False, "
                + "sort_dicts=True)",
            "The text pprint.pprint would print, as a str.",
            "import pprint\npprint.pformat([1, 2])", in: pp, unsupported: ["depth", "compact"]
        ) { b, _ in
            var printer = try PrettyPrinter(b)
            return .string(try printer.format(b.value("object") ?? .none))
        }
    }
}

/// CPython's pprint.PrettyPrinter (3.11), for the built-in containers.
private struct PrettyPrinter {
    let indentPerLevel: Int
    let width: Int
    let sortDicts: Bool
    var out = ""

    init(_ b: Bound) throws {
        indentPerLevel = try b.int("indent", 1)
        width = try b.int("width", 80)
        sortDicts = try b.bool("sort_dicts", true)
        guard indentPerLevel >= 0 else { throw valueError("indent must be >= 0") }
        guard width > 0 else { throw valueError("width must be != 0") }
    }

    mutating func format(_ v: Value) throws -> String {
        out = ""
        try format(v, indent: 0, allowance: 0, depth: 0)
        return out
    }

    static func isPlainDict(_ d: DictRef) -> Bool { !d.isOrdered && d.defaultFactory == nil && !d.isCounter }

    /// repr, with plain dicts' keys sorted (CPython's _safe_repr).
    func repr(_ v: Value, depth: Int) throws -> String {
        guard depth < 100 else {
            throw ScriptError(
                kind: "RecursionError",
                message: "pprint: object nested too "
                    + "deeply")
        }
        switch v {
        case .list(let l) where l.view == nil:
            return try "[" + l.items.map { try repr($0, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .tuple(let xs):
            let inner = try xs.map { try repr($0, depth: depth + 1) }.joined(separator: ", ")
            return "(" + inner + (xs.count == 1 ? ",)" : ")")
        case .dict(let d) where PrettyPrinter.isPlainDict(d):
            let pairs = try items(d)
            return try "{"
                + pairs.map { try repr($0.0, depth: depth + 1) + ": " + repr($0.1, depth: depth + 1) }
                .joined(separator: ", ") + "}"
        default:
            return try v.checkedRepr()
        }
    }

    /// The dict's items, sorted by key when sort_dicts (numbers by value, strings alphabetically, other keys
    /// by type name then insertion order, roughly CPython's _safe_key).
    func items(_ d: DictRef) throws -> [(Value, Value)] {
        let pairs = Array(zip(d.keys, d.values))
        guard sortDicts, PrettyPrinter.isPlainDict(d) else { return pairs }
        return pairs.enumerated().sorted { x, y in
            let a = x.element.0, b = y.element.0
            switch (a, b) {
            case (.string(let s), .string(let t)):
                return s != t
                    ? s.unicodeScalars.lexicographicallyPrecedes(
                        t.unicodeScalars) : x.offset < y.offset
            default:
                if let p = a.asDouble, let q = b.asDouble, a.typeName != "str", b.typeName != "str" {
                    return p != q ? p < q : x.offset < y.offset
                }
                return a.typeName != b.typeName ? a.typeName < b.typeName : x.offset < y.offset
            }
        }.map(\.element)
    }

    mutating func format(_ v: Value, indent: Int, allowance: Int, depth: Int) throws {
        let rep = try repr(v, depth: depth)
        guard rep.unicodeScalars.count > width - indent - allowance else {
            out += rep
            return
        }
        switch v {
        case .list(let l) where l.view == nil:
            out += "["
            try formatItems(l.items, indent: indent, allowance: allowance + 1, depth: depth)
            out += "]"
        case .tuple(let xs):
            out += "("
            let end = xs.count == 1 ? ",)" : ")"
            try formatItems(xs, indent: indent, allowance: allowance + end.count, depth: depth)
            out += end
        case .dict(let d) where PrettyPrinter.isPlainDict(d):
            out += "{"
            if indentPerLevel > 1 { out += String(repeating: " ", count: indentPerLevel - 1) }
            let pairs = try items(d)
            let inner = indent + indentPerLevel
            for (i, (k, x)) in pairs.enumerated() {
                let last = i == pairs.count - 1
                let kr = try repr(k, depth: depth + 1)
                out += kr + ": "
                try format(x, indent: inner + kr.count + 2, allowance: last ? allowance + 1 : 1, depth: depth + 1)
                if !last { out += ",\n" + String(repeating: " ", count: inner) }
            }
            out += "}"
        case .dict(let d) where d.isOrdered && !d.keys.isEmpty:
            // OrderedDict(<its items as a list of pairs>)
            out += "OrderedDict("
            let pairs: [Value] = zip(d.keys, d.values).map { .tuple([$0, $1]) }
            try format(.list(ListRef(pairs)), indent: indent + 12, allowance: allowance + 1, depth: depth + 1)
            out += ")"
        default:
            out += rep
        }
    }

    mutating func formatItems(_ items: [Value], indent: Int, allowance: Int, depth: Int) throws {
        let inner = indent + indentPerLevel
        if indentPerLevel > 1 { out += String(repeating: " ", count: indentPerLevel - 1) }
        for (i, x) in items.enumerated() {
            let last = i == items.count - 1
            if i > 0 { out += ",\n" + String(repeating: " ", count: inner) }
            try format(x, indent: inner, allowance: last ? allowance : 1, depth: depth + 1)
        }
    }
}
