// PyFunctools: Python's `functools` as tutorials use it: `reduce`, `partial`, `wraps` and
// `update_wrapper` (for decorators that keep the wrapped function's name), `lru_cache` and `cache`
// (memoising decorators, also on methods), `cmp_to_key` and `total_ordering`.
// Arguments of a cached call must be hashable (TypeError otherwise, as in Python); the cache keys on
// the positional and keyword arguments as written, so `f(1)` and `f(a=1)` are two entries, as in CPython.
// Non-goals: `singledispatch`, `partialmethod`, `cached_property`, `typed=True` caches.

import GradEngine

/// An object found on a class that becomes something else when read through an instance, as a
/// function becomes a bound method (`lru_cache` wrappers, the methods `total_ordering` adds).
protocol BindsAsMethod {
    func bound(to receiver: Value) -> Value
}

extension Interpreter {
    /// What a class attribute `v` is when read through `receiver`: a user function or a
    /// `BindsAsMethod` object bound to it; nil when `v` is a plain attribute.
    static func bindMethod(_ v: Value, to receiver: Value) -> Value? {
        guard case .object(let o) = v else { return nil }
        if let f = o as? UserFunction { return .object(BoundMethod(receiver, f)) }
        if let b = o as? BindsAsMethod { return b.bound(to: receiver) }
        return nil
    }
}

/// `functools.partial(func, *args, **keywords)`: calling it calls `func` with the stored arguments
/// first, then the new ones (new keywords override stored ones).
final class PartialObject: ScriptObject, @unchecked Sendable {
    let function: Value
    let args: [Value]
    let keywords: [(String, Value)]
    init(_ f: Value, _ args: [Value], _ keywords: [(String, Value)]) {
        function = f
        self.args = args
        self.keywords = keywords
    }
    override var typeName: String { "functools.partial" }
    override var repr: String {
        let parts = [function.repr] + args.map(\.repr) + keywords.map { "\($0.0)=\($0.1.repr)" }
        return "functools.partial(" + parts.joined(separator: ", ") + ")"
    }
    override var attributeNames: [String] { ["func", "args", "keywords"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "func": return function
        case "args": return .tuple(args)
        case "keywords":
            let d = DictRef()
            for (k, v) in keywords { try d.set(.string(k), v) }
            return .dict(d)
        default: return nil
        }
    }
    override func call(_ a: Args, _ interp: Interpreter) throws -> Value? {
        var kws = keywords.filter { k in !a.keywords.contains { $0.0 == k.0 } }
        kws += a.keywords
        return try interp.callValue(function, Args(args + a.positional, kws))
    }
    override var parameterNames: [String] {
        guard case .object(let o) = function else { return [] }
        return o.parameterNames
    }
}

/// The function `lru_cache`/`cache` returns: calls with arguments seen before return the stored
/// result without calling the function again. With a `maxsize`, the least recently used entry is
/// dropped when the cache is full.
final class CachedFunction: ScriptObject, BindsAsMethod, @unchecked Sendable {
    let function: Value
    let maxsize: Int?
    private var cache = DictRef()
    private var hits = 0, misses = 0
    init(_ f: Value, maxsize: Int?) {
        function = f
        self.maxsize = maxsize
    }
    override var typeName: String { "functools._lru_cache_wrapper" }
    override var repr: String { function.repr }
    override var attributeNames: [String] { ["cache_info", "cache_clear", "__wrapped__", "__name__"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "__wrapped__": return function
        case "cache_info":
            return .object(
                BuiltinFunction("cache_info()") { [self] (_: Bound, _: Interpreter) in
                    .object(
                        NamedTupleValue(
                            cls: CachedFunction.cacheInfo,
                            items: [
                                .int(self.hits), .int(self.misses), self.maxsize.map(Value.int) ?? .none,
                                .int(self.cache.count),
                            ]))
                })
        case "cache_clear":
            return .object(
                BuiltinFunction("cache_clear()") { [self] (_: Bound, _: Interpreter) in
                    self.cache = DictRef()
                    self.hits = 0
                    self.misses = 0
                    return .none
                })
        default:
            guard case .object(let o) = function else { return nil }
            return try o.getAttribute(n, interp)
        }
    }
    static let cacheInfo = NamedTupleClass(
        name: "CacheInfo", fields: ["hits", "misses", "maxsize", "currsize"], defaults: [])

    override func call(_ a: Args, _ interp: Interpreter) throws -> Value? {
        try lookup(a, receiver: nil, interp)
    }

    /// The cached result for these arguments (with the instance first when called as a method).
    func lookup(_ a: Args, receiver: Value?, _ interp: Interpreter) throws -> Value {
        var args = a
        if let r = receiver { args.positional.insert(r, at: 0) }
        let key = Value.tuple([.tuple(args.positional), .tuple(args.keywords.map { .tuple([.string($0.0), $0.1]) })])
        if let hit = try cache.get(key) {
            hits += 1
            if maxsize != nil {
                // most recently used goes last
                try cache.remove(key)
                try cache.set(key, hit)
            }
            return hit
        }
        misses += 1
        let r = try interp.callValue(function, args)
        if let m = maxsize {
            guard m > 0 else { return r }
            if cache.count >= m, let oldest = cache.keys.first { try cache.remove(oldest) }
        }
        try cache.set(key, r)
        return r
    }

    func bound(to receiver: Value) -> Value {
        .object(
            BuiltinFunction("cached_method(*args, **kwargs)") {
                [self] b, interp in try self.lookup(Args(b.rest, b.extra), receiver: receiver, interp)
            })
    }
}

/// A key made by `cmp_to_key(mycmp)`: compares with others by the sign of `mycmp(a, b)`.
final class ComparisonKey: ScriptObject, @unchecked Sendable {
    let value: Value
    let cmp: Value
    weak var interpreter: Interpreter?
    init(_ value: Value, _ cmp: Value, _ interp: Interpreter) {
        self.value = value
        self.cmp = cmp
        interpreter = interp
    }
    override var typeName: String { "functools.KeyWrapper" }
    override var repr: String { "<functools.KeyWrapper object>" }
    override func compareOp(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard case .object(let a as ComparisonKey) = lhs, case .object(let b as ComparisonKey) = rhs,
            let interp = interpreter
        else { return nil }
        let r = try interp.callValue(cmp, Args([a.value, b.value]))
        let sign = try Operators.order(r, .int(0), .lt)
        switch op {
        case .lt: return .bool(sign < 0)
        case .le: return .bool(sign <= 0)
        case .gt: return .bool(sign > 0)
        case .ge: return .bool(sign >= 0)
        case .eq: return .bool(sign == 0)
        case .ne: return .bool(sign != 0)
        default: return nil
        }
    }
}

/// A comparison method `total_ordering` derives from the one the class defines (`__lt__` gives
/// `a <= b` as `a < b or a == b`, and so on).
final class DerivedComparison: ScriptObject, BindsAsMethod, @unchecked Sendable {
    let name: String
    let impl: (Value, Value, Interpreter) throws -> Value
    init(_ name: String, _ impl: @escaping (Value, Value, Interpreter) throws -> Value) {
        self.name = name
        self.impl = impl
    }
    override var typeName: String { "function" }
    override var repr: String { "<function \(name)>" }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        let b = try Signature("\(name)(self, other, /)").bind(args)
        return try impl(b.raw("self") ?? .none, b.raw("other") ?? .none, interp)
    }
    func bound(to receiver: Value) -> Value {
        .object(
            BuiltinFunction("\(name)(other, /)") { [self] b, interp in
                try self.impl(receiver, b.raw("other") ?? .none, interp)
            })
    }
}

extension BuiltinTable {
    func registerFunctools() {
        section = "functools"
        let ft = namespace("functools")
        def(
            "functools.reduce", "functools.reduce(function, iterable, initial=None, /)",
            "Folds the items from the left: function(function(a, b), c) ...",
            "from functools import reduce\nreduce(lambda a, b: a * b, [1, 2, 3, 4])", in: ft
        ) { b, interp in
            let f = b.raw("function") ?? .none
            let next = try interp.iterate(b.raw("iterable") ?? .none)
            var acc: Value
            if b.passed("initial") {
                acc = b.raw("initial") ?? .none
            } else {
                guard let first = try next() else {
                    throw typeError("reduce() of empty iterable with no initial value")
                }
                acc = first
            }
            while let x = try next() {
                try interp.tick()
                acc = try interp.callValue(f, Args([acc, x]))
            }
            return acc
        }
        def(
            "functools.partial", "functools.partial(func, /, *args, **keywords)",
            "func with some arguments fixed: partial(f, 2)(3) is f(2, 3).",
            "from functools import partial\npartial(pow, 2)(10)", in: ft
        ) { b, _ in
            let f = b.raw("func") ?? .none
            guard BuiltinTable.isCallable(f) else { throw typeError("the first argument must be callable") }
            return .object(PartialObject(f, b.rest, b.extra))
        }
        func copyNames(_ wrapper: Value, _ wrapped: Value, _ interp: Interpreter) throws -> Value {
            for n in ["__module__", "__name__", "__qualname__", "__doc__"] {
                if let v = try? interp.getAttribute(wrapped, n) { try? interp.setAttribute(wrapper, n, v) }
            }
            try? interp.setAttribute(wrapper, "__wrapped__", wrapped)
            return wrapper
        }
        def(
            "functools.update_wrapper", "functools.update_wrapper(wrapper, wrapped)",
            "Gives wrapper the name and docstring of wrapped (and `__wrapped__`); returns wrapper.",
            "import functools\ndef f():\n    'doc'\ndef g():\n    pass\nfunctools.update_wrapper(g, f).__name__",
            in: ft, unsupported: ["assigned", "updated"]
        ) { b, interp in
            try copyNames(b.raw("wrapper") ?? .none, b.raw("wrapped") ?? .none, interp)
        }
        def(
            "functools.wraps", "functools.wraps(wrapped)",
            "A decorator for a wrapper function: it keeps the wrapped function's name and docstring.",
            "import functools\ndef logged(fn):\n    @functools.wraps(fn)\n    def wrapper(*a):\n        return "
                + "fn(*a)\n    return wrapper\nlogged(abs).__name__",
            in: ft, unsupported: ["assigned", "updated"]
        ) { b, _ in
            let wrapped = b.raw("wrapped") ?? .none
            return .object(
                BuiltinFunction("update_wrapper(wrapper, /)") { b2, interp in
                    try copyNames(b2.raw("wrapper") ?? .none, wrapped, interp)
                })
        }
        def(
            "functools.lru_cache", "functools.lru_cache(maxsize=128, typed=False)",
            "A decorator that remembers the results of the last maxsize calls (None: all of them).",
            "from functools import lru_cache\n@lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n "
                + "- 1) + fib(n - 2)\nfib(60)",
            in: ft
        ) { b, _ in
            if try b.bool("typed") { throw valueError("lru_cache(typed=True) is not supported by gradstep") }
            // `@lru_cache` without parentheses passes the function itself as maxsize
            if let f = b.value("maxsize"), BuiltinTable.isCallable(f) {
                return .object(CachedFunction(f, maxsize: 128))
            }
            let maxsize = try b.optInt("maxsize").map { Swift.max(0, $0) }
            return .object(
                BuiltinFunction("decorating_function(user_function, /)") { b2, _ in
                    .object(CachedFunction(b2.raw("user_function") ?? .none, maxsize: maxsize))
                })
        }
        def(
            "functools.cache", "functools.cache(user_function, /)",
            "A decorator that remembers the result of every call (lru_cache(maxsize=None)).",
            "from functools import cache\n@cache\ndef square(n):\n    return n * n\nsquare(12)", in: ft
        ) { b, _ in
            .object(CachedFunction(b.raw("user_function") ?? .none, maxsize: nil))
        }
        def(
            "functools.cmp_to_key", "functools.cmp_to_key(mycmp, /)",
            "A key function for sorted() from an old-style comparison (negative, zero or positive).",
            "from functools import cmp_to_key\nsorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a))", in: ft
        ) { b, interp in
            let cmp = b.raw("mycmp") ?? .none
            return .object(
                BuiltinFunction("K(obj, /)") { b2, interp in .object(ComparisonKey(b2.raw("obj") ?? .none, cmp, interp))
                }
            )
        }
        def(
            "functools.total_ordering", "functools.total_ordering(cls, /)",
            "A class decorator: from __eq__ and one of __lt__, __le__, __gt__, __ge__ it adds the other three.",
            "from functools import total_ordering\n@total_ordering\nclass V:\n    def __init__(self, v):\n        "
                + "self.v = v\n    def __eq__(self, o):\n        return self.v == o.v\n    def __lt__(self, o):\n      "
                + "  return self.v < o.v\nV(1) >= V(2)",
            in: ft
        ) { b, _ in
            guard case .object(let cls as ClassValue)? = b.raw("cls") else {
                throw typeError("total_ordering() expects a class")
            }
            try BuiltinTable.completeOrdering(cls)
            return .object(cls)
        }
    }

    static func isCallable(_ v: Value) -> Bool {
        switch v {
        case .module: return true
        case .object(let o):
            if o is BuiltinFunction || o is UserFunction || o is BoundMethod || o is ClassValue || o is PartialObject
                || o is CachedFunction || o is ExceptionClass || o is StaticMethodValue || o is FunctionWithAttributes
            {
                return true
            }
            if let i = o as? Instance { return i.cls.lookup("__call__") != nil }
            return !o.parameterNames.isEmpty
        default: return false
        }
    }

    /// `total_ordering`: the missing comparisons, each from the root one the class defines and `==`.
    static func completeOrdering(_ cls: ClassValue) throws {
        let order = ["__lt__", "__le__", "__gt__", "__ge__"]
        guard let root = order.first(where: { cls.lookup($0) != nil }) else {
            throw valueError("must define at least one ordering operation: < > <= >=")
        }
        func call(_ name: String, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Value {
            guard let m = try interp.userMethod(a, name) else { return .object(Marker("NotImplemented", kind: "")) }
            return try interp.callValue(m, Args([b]))
        }
        func eq(_ a: Value, _ b: Value, _ interp: Interpreter) throws -> Bool {
            try interp.truthy(try interp.compare(.eq, a, b))
        }
        // Python's derivations (functools._convert): each in terms of the root and ==.
        func r(_ a: Value, _ b: Value, _ i: Interpreter) throws -> Bool { try i.truthy(try call(root, a, b, i)) }
        func either(_ a: Value, _ b: Value, _ i: Interpreter) throws -> Value {
            if try r(a, b, i) { return .bool(true) }
            return .bool(try eq(a, b, i))
        }
        func neither(_ a: Value, _ b: Value, _ i: Interpreter) throws -> Value {
            if try r(a, b, i) { return .bool(false) }
            return .bool(!(try eq(a, b, i)))
        }
        func strictly(_ a: Value, _ b: Value, _ i: Interpreter) throws -> Value {
            if try eq(a, b, i) { return .bool(false) }
            return .bool(try r(a, b, i))
        }
        func notOrEqual(_ a: Value, _ b: Value, _ i: Interpreter) throws -> Value {
            if !(try r(a, b, i)) { return .bool(true) }
            return .bool(try eq(a, b, i))
        }
        func not(_ a: Value, _ b: Value, _ i: Interpreter) throws -> Value { .bool(!(try r(a, b, i))) }
        let derived: [String: (Value, Value, Interpreter) throws -> Value]
        switch root {
        case "__lt__": derived = ["__gt__": neither, "__le__": either, "__ge__": not]
        case "__le__": derived = ["__ge__": notOrEqual, "__lt__": strictly, "__gt__": not]
        case "__gt__": derived = ["__lt__": neither, "__ge__": either, "__le__": not]
        default: derived = ["__le__": notOrEqual, "__gt__": strictly, "__lt__": not]
        }
        for n in order where cls.lookup(n) == nil {
            guard let impl = derived[n] else { continue }
            if cls.attrs.updateValue(.object(DerivedComparison(n, impl)), forKey: n) == nil { cls.attrOrder.append(n) }
        }
    }
}
