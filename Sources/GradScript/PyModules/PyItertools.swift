// PyItertools: Python's `itertools` (count, cycle, repeat, chain, islice, product, permutations,
// combinations, zip_longest, accumulate) and `collections` (OrderedDict, defaultdict, Counter,
// namedtuple, deque) as beginner scripts use them.
// `count`, `cycle` and `repeat` are lazy (endless ones stop where the loop stops); the others
// that need all their input read it first. An OrderedDict, a defaultdict and a Counter are dicts
// that print as Python 3.11 prints them (`OrderedDict([('a', 1)])`, `defaultdict(<class 'int'>, {...})`,
// `Counter({...})`, most common first); a deque is PyDeque.swift's.
// Non-goals: groupby, tee, starmap, ChainMap.

import GradEngine

/// A callable with attributes of its own (`itertools.chain` and `chain.from_iterable`).
final class FunctionWithAttributes: ScriptObject, @unchecked Sendable {
    let function: Value
    let attrs: [String: Value]
    init(_ f: Value, _ attrs: [String: Value]) {
        function = f
        self.attrs = attrs
    }
    override var typeName: String { function.typeName }
    override var repr: String { function.repr }
    override var attributeNames: [String] { Array(attrs.keys) }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? { attrs[n] }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? { try interp.callValue(function, args) }
}

/// A `collections.namedtuple` class: calling it makes a `NamedTupleValue`.
final class NamedTupleClass: ScriptObject, @unchecked Sendable {
    let name: String
    let fields: [String]
    let defaults: [Value]
    init(name: String, fields: [String], defaults: [Value]) {
        self.name = name
        self.fields = fields
        self.defaults = defaults
    }
    override var typeName: String { "type" }
    override var repr: String { "<class '__main__.\(name)'>" }
    override var attributeNames: [String] { ["_fields"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        n == "_fields" ? .tuple(fields.map(Value.string)) : (n == "__name__" ? .string(name) : nil)
    }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        var vals = [Value?](repeating: nil, count: fields.count)
        guard args.positional.count <= fields.count else {
            throw typeError(
                "\(name)() takes \(fields.count) positional arguments but \(args.positional.count) were given")
        }
        for (i, v) in args.positional.enumerated() { vals[i] = v }
        for (k, v) in args.keywords {
            guard let i = fields.firstIndex(of: k) else {
                throw typeError("\(name)() got an unexpected keyword argument '\(k)'")
            }
            guard vals[i] == nil else { throw typeError("\(name)() got multiple values for argument '\(k)'") }
            vals[i] = v
        }
        let firstDefault = fields.count - defaults.count
        for i in vals.indices where vals[i] == nil {
            guard i >= firstDefault else { throw typeError("\(name)() missing required argument: '\(fields[i])'") }
            vals[i] = defaults[i - firstDefault]
        }
        return .object(NamedTupleValue(cls: self, items: vals.map { $0 ?? .none }))
    }
}

/// An instance of a namedtuple: a tuple whose items are also attributes.
final class NamedTupleValue: ScriptObject, @unchecked Sendable {
    let cls: NamedTupleClass
    let items: [Value]
    init(cls: NamedTupleClass, items: [Value]) {
        self.cls = cls
        self.items = items
    }
    override var typeName: String { cls.name }
    override var repr: String {
        "\(cls.name)(" + zip(cls.fields, items).map { "\($0)=\($1.repr)" }.joined(separator: ", ") + ")"
    }
    override var attributeNames: [String] { cls.fields + ["_asdict", "_replace"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if let i = cls.fields.firstIndex(of: n) { return items[i] }
        if n == "_asdict" {
            return .object(
                BuiltinFunction("_asdict()") { [self] (_: Bound, _: Interpreter) in
                    let d = DictRef()
                    for (k, v) in zip(self.cls.fields, self.items) { try d.set(.string(k), v) }
                    return .dict(d)
                })
        }
        return nil
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        try interp.sequenceItem(items, index, "tuple", make: { .tuple($0) })
    }
    override func length() throws -> Int? { items.count }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var it = items.makeIterator()
        return { it.next() }
    }
}

extension BuiltinTable {
    func registerItertools() {
        section = "itertools, collections"
        let it = namespace("itertools")
        def(
            "itertools.count", "itertools.count(start=0, step=1)", "start, start+step, ... without end.",
            "import itertools\nlist(zip(itertools.count(), 'ab'))", in: it
        ) { b, _ in
            var cur = b.raw("start") ?? .int(0)
            let step = b.raw("step") ?? .int(1)
            // The error of making the next value (OverflowError past 2**63 - 1), raised when asked for.
            var pending: Error?
            return .object(
                IteratorObject("count") {
                    if let pending { throw pending }
                    let value = cur
                    do { cur = try Operators.binary(.add, cur, step) } catch { pending = error }
                    return value
                })
        }
        def(
            "itertools.cycle", "itertools.cycle(iterable, /)", "The items again and again.",
            "import itertools\nlist(zip(range(5), itertools.cycle('ab')))", in: it
        ) { b, interp in
            let items = try interp.toList(b.raw("iterable") ?? .none)
            var i = 0
            return .object(
                IteratorObject("cycle") {
                    guard !items.isEmpty else { return nil }
                    defer { i = (i + 1) % items.count }
                    return items[i]
                })
        }
        def(
            "itertools.repeat", "itertools.repeat(object, times=None)", "The object, times times (or without end).",
            "import itertools\nlist(itertools.repeat(7, 3))", in: it
        ) { b, _ in
            let v = b.raw("object") ?? .none
            var left = try b.optInt("times")
            return .object(
                IteratorObject("repeat") {
                    if let l = left {
                        guard l > 0 else { return nil }
                        left = l - 1
                    }
                    return v
                })
        }
        let chain = def(
            "itertools.chain", "itertools.chain(*iterables)", "The items of each iterable in turn.",
            "import itertools\nlist(itertools.chain([1, 2], (3,)))", in: it
        ) { b, interp in
            try BuiltinTable.chained(b.rest, interp)
        }
        let fromIterable = def(
            "itertools.chain.from_iterable", "itertools.chain.from_iterable(iterable, /)",
            "chain over the iterables an iterable yields.",
            "import itertools\nlist(itertools.chain.from_iterable([[1], [2, 3]]))", in: Namespace("itertools.chain")
        ) { b, interp in
            try BuiltinTable.chained(try interp.toList(b.raw("iterable") ?? .none), interp)
        }
        it.set("chain", .object(FunctionWithAttributes(chain, ["from_iterable": fromIterable])))
        def(
            "itertools.islice", "itertools.islice(iterable, *args)",
            "Items start..stop (step) of an iterable: islice(it, stop) or islice(it, start, stop, step).",
            "import itertools\nlist(itertools.islice(itertools.count(), 2, 8, 2))", in: it
        ) { b, interp in
            let a = b.rest
            guard (1...3).contains(a.count) else {
                throw typeError("islice expected 2 to 4 arguments, got \(a.count + 1)")
            }
            func opt(_ v: Value) throws -> Int? { v.isNone ? nil : try toInt(v, "islice() argument") }
            let start = a.count > 1 ? try opt(a[0]) ?? 0 : 0
            let stop = a.count > 1 ? try opt(a[1]) : try opt(a[0])
            let step = a.count > 2 ? try opt(a[2]) ?? 1 : 1
            guard start >= 0, (stop ?? 0) >= 0, step >= 1 else {
                throw valueError("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
            }
            let next = try interp.iterate(b.raw("iterable") ?? .none)
            var i = 0, nextWanted = start
            return .object(
                IteratorObject("islice") {
                    while true {
                        if let s = stop, nextWanted >= s { return nil }
                        guard let x = try next() else { return nil }
                        defer { i += 1 }
                        if i == nextWanted {
                            nextWanted += step
                            return x
                        }
                    }
                })
        }
        def(
            "itertools.product", "itertools.product(*iterables, repeat=1)",
            "Every tuple taking one item from each iterable.",
            "import itertools\nlist(itertools.product([0, 1], 'ab'))", in: it
        ) { b, interp in
            var pools = try b.rest.map { try interp.toList($0) }
            let r = try b.int("repeat")
            guard r >= 0 else { throw valueError("repeat argument cannot be negative") }
            // At most 10 million items (tuples × their length) in all, checked before each step
            // grows the list (and before `repeat` copies the pools).
            let tooMany = ScriptError(kind: "MemoryError", message: "itertools.product: too many tuples")
            guard r <= 10_000_000, pools.count * r <= 10_000_000 else { throw tooMany }
            pools = Array(repeating: pools, count: r).flatMap { $0 }
            var out: [[Value]] = [[]]
            for (depth, p) in pools.enumerated() {
                let (tuples, o1) = out.count.multipliedReportingOverflow(by: p.count)
                let (items, o2) = tuples.multipliedReportingOverflow(by: depth + 1)
                guard !o1, !o2, items <= 10_000_000 else { throw tooMany }
                out = out.flatMap { prefix in p.map { prefix + [$0] } }
            }
            var i = out.makeIterator()
            return .object(IteratorObject("product") { i.next().map { .tuple($0) } })
        }
        for name in ["permutations", "combinations"] {
            def(
                "itertools.\(name)", "itertools.\(name)(iterable, r=None)",
                name == "permutations" ? "Every ordering of r items." : "Every choice of r items, in input order.",
                "import itertools\nlist(itertools.\(name)([1, 2, 3], 2))", in: it
            ) { b, interp in
                let pool = try interp.toList(b.raw("iterable") ?? .none)
                let r = try b.optInt("r") ?? (name == "permutations" ? pool.count : -1)
                guard r >= 0 else {
                    throw typeError(
                        name == "combinations"
                            ? "combinations() missing required argument 'r' (pos 2)" : "r must be non-negative")
                }
                var out: [[Int]] = []
                func walk(_ chosen: [Int], _ from: Int) throws {
                    if chosen.count == r {
                        out.append(chosen)
                        return
                    }
                    // Counted in items (tuples × r): 10 million tuples of 50 took 4 GB.
                    let (items, overflow) = out.count.multipliedReportingOverflow(by: Swift.max(r, 1))
                    if overflow || items > 10_000_000 {
                        throw ScriptError(kind: "MemoryError", message: "itertools.\(name): too many tuples")
                    }
                    for i in (name == "combinations" ? from : 0)..<pool.count
                    where name == "combinations" || !chosen.contains(i) {
                        try walk(chosen + [i], i + 1)
                    }
                }
                if r <= pool.count { try walk([], 0) }
                var i = out.makeIterator()
                return .object(IteratorObject(name) { i.next().map { .tuple($0.map { pool[$0] }) } })
            }
        }
        def(
            "itertools.zip_longest", "itertools.zip_longest(*iterables, fillvalue=None)",
            "Like zip, to the longest, filling with fillvalue.",
            "import itertools\nlist(itertools.zip_longest([1, 2], 'a'))", in: it
        ) { b, interp in
            let its = try b.rest.map { try interp.iterate($0) }
            let fill = b.raw("fillvalue") ?? .none
            var done = [Bool](repeating: false, count: its.count)
            return .object(
                IteratorObject("zip_longest") {
                    var row: [Value] = []
                    for (k, next) in its.enumerated() {
                        if !done[k], let x = try next() {
                            row.append(x)
                        } else {
                            done[k] = true
                            row.append(fill)
                        }
                    }
                    return done.allSatisfy { $0 } ? nil : .tuple(row)
                })
        }
        def(
            "itertools.accumulate", "itertools.accumulate(iterable, func=None, *, initial=None)",
            "Running totals (or running func).",
            "import itertools\nlist(itertools.accumulate([1, 2, 3]))", in: it
        ) { b, interp in
            let next = try interp.iterate(b.raw("iterable") ?? .none)
            let f = b.value("func")
            var acc: Value? = b.value("initial")
            var sentInitial = acc == nil
            return .object(
                IteratorObject("accumulate") {
                    if !sentInitial {
                        sentInitial = true
                        return acc
                    }
                    guard let x = try next() else { return nil }
                    if let a = acc {
                        acc = try f.map { try interp.callValue($0, Args([a, x])) } ?? interp.binaryOp(.add, a, x)
                    } else {
                        acc = x
                    }
                    return acc
                })
        }

        let col = namespace("collections")
        def(
            "collections.OrderedDict", "collections.OrderedDict(*args, **kwargs)",
            "A dict (dicts keep insertion order).",
            "import collections\ncollections.OrderedDict([('a', 1)])", in: col
        ) { b, interp in
            let d = try BuiltinTable.makeDict(b, interp, sources: b.rest)
            if case .dict(let ref) = d { ref.isOrdered = true }
            return d
        }
        def(
            "collections.defaultdict", "collections.defaultdict(default_factory=None, *args, **kwargs)",
            "A dict that makes a missing key's value by calling default_factory (int, list, ...).",
            "import collections\nd = collections.defaultdict(list)\nd['a'].append(1)\nd", in: col
        ) { b, interp in
            guard case .dict(let d) = try BuiltinTable.makeDict(b, interp, sources: b.rest) else { return .none }
            if let f = b.value("default_factory") { d.defaultFactory = f }
            return .dict(d)
        }
        def(
            "collections.Counter", "collections.Counter(iterable=None, /, **kwds)",
            "Counts of the items (a dict; missing keys count 0; most_common(n)).",
            "import collections\ncollections.Counter('abca').most_common(1)", in: col
        ) { b, interp in
            let d = DictRef()
            d.isCounter = true
            if let src = b.value("iterable") {
                if case .dict(let o) = src {
                    for (k, v) in zip(o.keys, o.values) { try d.set(k, v) }
                } else {
                    let next = try interp.iterate(src)
                    while let x = try next() {
                        let cur = try d.get(x) ?? .int(0)
                        try d.set(x, try Operators.binary(.add, cur, .int(1)))
                    }
                }
            }
            for (k, v) in b.extra { try d.set(.string(k), v) }
            return .dict(d)
        }
        def(
            "collections.namedtuple",
            "collections.namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)",
            "A tuple class whose items have names: Point = namedtuple('Point', ['x', 'y']).",
            "import collections\nPoint = collections.namedtuple('Point', 'x y')\nPoint(1, y=2)", in: col
        ) { b, interp in
            let name = try b.string("typename")
            let raw = b.raw("field_names") ?? .none
            let fields: [String]
            if case .string(let s) = raw {
                fields = s.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
            } else {
                fields = try interp.toList(raw).map { v in
                    guard case .string(let s) = v else { throw typeError("Type names and field names must be strings") }
                    return s
                }
            }
            let defaults = try b.value("defaults").map { try interp.toList($0) } ?? []
            guard defaults.count <= fields.count else { throw typeError("Got more default values than field names") }
            return .object(NamedTupleClass(name: name, fields: fields, defaults: defaults))
        }
        def(
            "collections.deque", "collections.deque(iterable=(), maxlen=None)",
            "A list to use from both ends: append/appendleft, pop/popleft; a full deque (maxlen) drops from the "
                + "other end.",
            "import collections\ncollections.deque([1, 2, 3], maxlen=2)", in: col
        ) { b, interp in
            let items = try interp.toList(b.raw("iterable") ?? .tuple([]))
            let m = try b.optInt("maxlen")
            if let m, m < 0 { throw valueError("maxlen must be non-negative") }
            return .object(DequeObject(items, maxlen: m))
        }
    }

    static func chained(_ iterables: [Value], _ interp: Interpreter) throws -> Value {
        var queue = iterables[...]
        var cur: ValueIterator? = nil
        return .object(
            IteratorObject("chain") {
                while true {
                    if let c = cur, let x = try c() { return x }
                    guard let nextIterable = queue.popFirst() else { return nil }
                    cur = try interp.iterate(nextIterable)
                }
            })
    }

    /// A dict from `(mapping-or-pairs, **kwargs)` as `dict(...)` builds it: each of `sources` (a
    /// dict, or an iterable of pairs) in order, then the keyword arguments `b.extra`.
    static func makeDict(_ b: Bound, _ interp: Interpreter, sources: [Value]) throws -> Value {
        let d = DictRef()
        for src in sources {
            if case .dict(let o) = src {
                for (k, v) in zip(o.keys, o.values) { try d.set(k, v) }
            } else {
                for pair in try interp.toList(src) {
                    guard let kv = pair.asArray, kv.count == 2 else {
                        throw valueError("dictionary update sequence element has wrong length")
                    }
                    try d.set(kv[0], kv[1])
                }
            }
        }
        for (k, v) in b.extra { try d.set(.string(k), v) }
        return .dict(d)
    }
}
