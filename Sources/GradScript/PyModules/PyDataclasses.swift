// PyDataclasses: Python's `dataclasses` as tutorials use it for configs and records: `@dataclass`
// (with `eq`, `order`, `frozen`, `repr`, `init`), `field(default=..., default_factory=...)`,
// `asdict`, `astuple`, `fields`, `replace`. The fields are the class body's annotated names, in order,
// after those of dataclass bases; `__post_init__` runs after the generated `__init__`.
// Non-goals: `kw_only`, `slots`, `InitVar`/`ClassVar` annotations, `field(metadata=...)`.

import GradEngine

/// A method written in Swift that a class holds (the methods `@dataclass` generates): read
/// through an instance, it is bound to it.
final class NativeMethod: ScriptObject, BindsAsMethod, @unchecked Sendable {
    let name: String
    let impl: (Value, Args, Interpreter) throws -> Value
    init(_ name: String, _ impl: @escaping (Value, Args, Interpreter) throws -> Value) {
        self.name = name
        self.impl = impl
    }
    override var typeName: String { "function" }
    override var repr: String { "<function \(name)>" }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        guard let receiver = args.positional.first else {
            throw typeError("\(name)() missing 1 required positional argument: 'self'")
        }
        return try impl(receiver, Args(Array(args.positional.dropFirst()), args.keywords), interp)
    }
    func bound(to receiver: Value) -> Value {
        .object(
            BuiltinFunction("\(name)(*args, **kwargs)") { [self] b, interp in
                try self.impl(receiver, Args(b.rest, b.extra), interp)
            })
    }
}

/// `field(...)` in a dataclass body: how a field gets its default.
final class FieldSpec: ScriptObject, @unchecked Sendable {
    let defaultValue: Value?
    let factory: Value?
    let inInit: Bool
    let inRepr: Bool
    let compare: Bool
    init(defaultValue: Value?, factory: Value?, inInit: Bool, inRepr: Bool, compare: Bool) {
        self.defaultValue = defaultValue
        self.factory = factory
        self.inInit = inInit
        self.inRepr = inRepr
        self.compare = compare
    }
    override var typeName: String { "Field" }
    override var repr: String { "Field(default=\(defaultValue?.repr ?? "MISSING"))" }
}

/// One field of a dataclass.
struct DataField {
    let name: String
    let defaultValue: Value?
    let factory: Value?
    var inInit = true
    var inRepr = true
    var compare = true
    var hasDefault: Bool { defaultValue != nil || factory != nil }
}

/// What `dataclasses.fields()` returns for a field (`f.name`, `f.default`).
final class FieldInfo: ScriptObject, @unchecked Sendable {
    let field: DataField
    init(_ f: DataField) { field = f }
    override var typeName: String { "Field" }
    override var repr: String { "Field(name='\(field.name)')" }
    override var attributeNames: [String] { ["name", "default", "default_factory"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "name": return .string(field.name)
        case "default": return field.defaultValue ?? .none
        case "default_factory": return field.factory ?? .none
        default: return nil
        }
    }
}

extension BuiltinTable {
    func registerDataclasses() {
        section = "dataclasses"
        let dc = namespace("dataclasses")
        def(
            "dataclasses.dataclass",
            "dataclasses.dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, "
                + "frozen=False)",
            "A class decorator: __init__, __repr__ and __eq__ made from the annotated fields.",
            "from dataclasses import dataclass\n@dataclass\nclass P:\n    x: int\n    y: int = 0\nP(1)", in: dc,
            unsupported: ["match_args", "kw_only", "slots", "weakref_slot"]
        ) { b, _ in
            let options = DataclassOptions(
                initMethod: try b.bool("init"), repr: try b.bool("repr"), eq: try b.bool("eq"),
                order: try b.bool("order"), unsafeHash: try b.bool("unsafe_hash"), frozen: try b.bool("frozen"))
            if let c = b.value("cls") {
                guard case .object(let cls as ClassValue) = c else { throw typeError("dataclass() expects a class") }
                try BuiltinTable.makeDataclass(cls, options)
                return c
            }
            return .object(
                BuiltinFunction("wrap(cls, /)") { b2, _ in
                    guard case .object(let cls as ClassValue)? = b2.raw("cls") else {
                        throw typeError("dataclass() expects a class")
                    }
                    try BuiltinTable.makeDataclass(cls, options)
                    return .object(cls)
                })
        }
        def(
            "dataclasses.field",
            "dataclasses.field(*, default=None, default_factory=None, init=True, repr=True, "
                + "compare=True)",
            "How a dataclass field gets its default: a value, or a function called for each instance.",
            "from dataclasses import dataclass, field\n@dataclass\nclass C:\n    xs: list = "
                + "field(default_factory=list)\nC()",
            in: dc, unsupported: ["hash", "metadata", "kw_only"]
        ) { b, _ in
            if b.passed("default") && b.value("default_factory") != nil {
                throw valueError("cannot specify both default and default_factory")
            }
            return .object(
                FieldSpec(
                    defaultValue: b.passed("default") ? (b.raw("default") ?? .none) : nil,
                    factory: b.value("default_factory"), inInit: try b.bool("init"), inRepr: try b.bool("repr"),
                    compare: try b.bool("compare")))
        }
        func instanceFields(_ v: Value, _ fname: String) throws -> (Instance, [DataField]) {
            guard case .object(let i as Instance) = v, let fields = i.cls.dataclassFields else {
                throw typeError("\(fname)() should be called on dataclass instances")
            }
            return (i, fields)
        }
        def(
            "dataclasses.asdict", "dataclasses.asdict(obj)", "The fields as a dict (nested dataclasses too).",
            "from dataclasses import dataclass, asdict\n@dataclass\nclass P:\n    x: int = 1\nasdict(P())", in: dc,
            unsupported: ["dict_factory"]
        ) { b, interp in
            try BuiltinTable.dataclassValue(b.raw("obj") ?? .none, asDict: true, interp, depth: 0)
        }
        def(
            "dataclasses.astuple", "dataclasses.astuple(obj)", "The fields as a tuple (nested dataclasses too).",
            "from dataclasses import dataclass, astuple\n@dataclass\nclass P:\n    x: int = 1\nastuple(P())", in: dc,
            unsupported: ["tuple_factory"]
        ) { b, interp in
            try BuiltinTable.dataclassValue(b.raw("obj") ?? .none, asDict: false, interp, depth: 0)
        }
        def(
            "dataclasses.fields", "dataclasses.fields(class_or_instance)", "The fields of a dataclass (`f.name`).",
            "from dataclasses import dataclass, fields\n@dataclass\nclass P:\n    x: int = 1\n[f.name for f in "
                + "fields(P)]",
            in: dc
        ) { b, _ in
            let v = b.raw("class_or_instance") ?? .none
            let cls: ClassValue?
            switch v {
            case .object(let c as ClassValue): cls = c
            case .object(let i as Instance): cls = i.cls
            default: cls = nil
            }
            guard let fields = cls?.dataclassFields else {
                throw typeError("must be called with a dataclass type or instance")
            }
            return .tuple(fields.map { .object(FieldInfo($0)) })
        }
        def(
            "dataclasses.replace", "dataclasses.replace(obj, /, **changes)",
            "A copy of a dataclass instance with some fields changed.",
            "from dataclasses import dataclass, replace\n@dataclass\nclass P:\n    x: int = 1\nreplace(P(), "
                + "x=2)", in: dc
        ) { b, interp in
            let (i, fields) = try instanceFields(b.raw("obj") ?? .none, "replace")
            var kws: [(String, Value)] = []
            for f in fields where f.inInit {
                if let c = b.extra.first(where: { $0.0 == f.name }) {
                    kws.append(c)
                } else {
                    kws.append((f.name, i.attrs[f.name] ?? .none))
                }
            }
            for (k, _) in b.extra where !fields.contains(where: { $0.name == k }) {
                throw typeError("\(i.cls.name).__init__() got an unexpected keyword argument '\(k)'")
            }
            return try interp.instantiate(i.cls, Args([], kws))
        }
    }

    struct DataclassOptions {
        var initMethod = true, repr = true, eq = true, order = false, unsafeHash = false, frozen = false
    }

    /// `asdict`/`astuple`: fields of dataclass instances, recursively through lists, tuples and dicts.
    static func dataclassValue(_ v: Value, asDict: Bool, _ interp: Interpreter, depth: Int) throws -> Value {
        guard depth < 200 else {
            throw ScriptError(
                kind: "RecursionError",
                message: "maximum recursion depth "
                    + "exceeded")
        }
        switch v {
        case .object(let i as Instance):
            guard let fields = i.cls.dataclassFields else { return v }
            let values = try fields.map {
                try dataclassValue(i.attrs[$0.name] ?? .none, asDict: asDict, interp, depth: depth + 1)
            }
            if !asDict { return .tuple(values) }
            let d = DictRef()
            for (f, x) in zip(fields, values) { try d.set(.string(f.name), x) }
            return .dict(d)
        case .list(let l):
            return .list(ListRef(try l.items.map { try dataclassValue($0, asDict: asDict, interp, depth: depth + 1) }))
        case .tuple(let t):
            return .tuple(try t.map { try dataclassValue($0, asDict: asDict, interp, depth: depth + 1) })
        case .dict(let d):
            let out = DictRef()
            for (k, x) in zip(d.keys, d.values) {
                try out.set(k, try dataclassValue(x, asDict: asDict, interp, depth: depth + 1))
            }
            return .dict(out)
        default: return v
        }
    }

    /// Turns `cls` into a dataclass: collects its fields and adds the generated methods.
    static func makeDataclass(_ cls: ClassValue, _ o: DataclassOptions) throws {
        var fields: [DataField] = []
        for base in cls.bases.reversed() {
            for f in base.dataclassFields ?? [] where !fields.contains(where: { $0.name == f.name }) {
                fields.append(f)
            }
        }
        for name in cls.annotations {
            var f: DataField
            if case .object(let spec as FieldSpec)? = cls.attrs[name] {
                f = DataField(name: name, defaultValue: spec.defaultValue, factory: spec.factory)
                f.inInit = spec.inInit
                f.inRepr = spec.inRepr
                f.compare = spec.compare
                // the class attribute is the plain default afterwards, as in Python
                if let d = spec.defaultValue { cls.attrs[name] = d } else { cls.attrs[name] = nil }
            } else {
                if case .list? = cls.attrs[name] { throw mutableDefault(name, "list") }
                if case .dict? = cls.attrs[name] { throw mutableDefault(name, "dict") }
                f = DataField(name: name, defaultValue: cls.attrs[name], factory: nil)
            }
            if let i = fields.firstIndex(where: { $0.name == name }) { fields[i] = f } else { fields.append(f) }
        }
        var sawDefault = false
        for f in fields where f.inInit {
            if f.hasDefault {
                sawDefault = true
            } else if sawDefault {
                throw typeError("non-default argument '\(f.name)' follows default argument")
            }
        }
        cls.dataclassFields = fields
        cls.frozen = o.frozen
        func set(_ n: String, _ v: Value) {
            if cls.attrs.updateValue(v, forKey: n) == nil { cls.attrOrder.append(n) }
        }
        let name = cls.name
        if o.initMethod && cls.attrs["__init__"] == nil {
            set(
                "__init__",
                .object(
                    NativeMethod("__init__") { receiver, args, interp in
                        try initialise(receiver, args, fields, name, interp)
                    }))
        }
        if o.repr && cls.attrs["__repr__"] == nil {
            set(
                "__repr__",
                .object(
                    NativeMethod("__repr__") { receiver, _, _ in
                        guard case .object(let i as Instance) = receiver else { return .string("") }
                        let parts = try fields.filter(\.inRepr).map {
                            "\($0.name)=\(try (i.attrs[$0.name] ?? .none).checkedRepr())"
                        }
                        return .string("\(i.cls.name)(" + parts.joined(separator: ", ") + ")")
                    }))
        }
        func key(_ v: Value) -> Value? {
            guard case .object(let i as Instance) = v, i.cls === cls else { return nil }
            return .tuple(fields.filter(\.compare).map { i.attrs[$0.name] ?? .none })
        }
        if o.eq && cls.attrs["__eq__"] == nil {
            set(
                "__eq__",
                .object(
                    NativeMethod("__eq__") { receiver, args, interp in
                        guard let a = key(receiver), let b = args.positional.first.flatMap(key) else {
                            return interp.builtinNames["NotImplemented"] ?? .none
                        }
                        return try interp.compare(.eq, a, b)
                    }))
        }
        if o.order {
            for (n, op) in [("__lt__", CmpOp.lt), ("__le__", .le), ("__gt__", .gt), ("__ge__", .ge)] {
                set(
                    n,
                    .object(
                        NativeMethod(n) { receiver, args, interp in
                            guard let a = key(receiver), let b = args.positional.first.flatMap(key) else {
                                return interp.builtinNames["NotImplemented"] ?? .none
                            }
                            return try interp.compare(op, a, b)
                        }))
            }
        }
        if (o.frozen && o.eq) || o.unsafeHash {
            set(
                "__hash__",
                .object(
                    NativeMethod("__hash__") { receiver, _, _ in
                        guard let k = key(receiver) else { return .int(0) }
                        return .int(try HashKey(k).hashValue)
                    }))
        }
    }

    private static func mutableDefault(_ name: String, _ type: String) -> ScriptError {
        valueError("mutable default <class '\(type)'> for field \(name) is not allowed: use default_factory")
    }

    /// The generated `__init__`: binds the fields as parameters in order, fills defaults and
    /// factories, then calls `__post_init__` when the class has one.
    private static func initialise(
        _ receiver: Value, _ args: Args, _ fields: [DataField], _ name: String, _ interp: Interpreter
    ) throws -> Value {
        guard case .object(let i as Instance) = receiver else { return .none }
        let params = fields.filter(\.inInit)
        let fname = "\(name).__init__"
        guard args.positional.count <= params.count else {
            throw typeError(
                "\(fname)() takes \(params.count + 1) positional argument\(params.isEmpty ? "" : "s") but "
                    + "\(args.positional.count + 1) were given"
            )
        }
        var values: [String: Value] = [:]
        for (p, v) in zip(params, args.positional) { values[p.name] = v }
        for (k, v) in args.keywords {
            guard params.contains(where: { $0.name == k }) else {
                throw typeError("\(fname)() got an unexpected keyword argument '\(k)'")
            }
            guard values[k] == nil else { throw typeError("\(fname)() got multiple values for argument '\(k)'") }
            values[k] = v
        }
        let missing = params.filter { values[$0.name] == nil && !$0.hasDefault }.map { "'\($0.name)'" }
        if !missing.isEmpty {
            let list =
                missing.count == 1
                ? missing[0]
                : missing.dropLast().joined(separator: ", ") + (missing.count > 2 ? "," : "") + " and "
                    + (missing.last ?? "")
            throw typeError(
                "\(fname)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): "
                    + "\(list)")
        }
        for f in fields {
            let v: Value
            if let given = values[f.name] {
                v = given
            } else if let factory = f.factory {
                v = try interp.callValue(factory, Args())
            } else if let d = f.defaultValue {
                v = d
            } else {
                continue
            }
            if i.attrs.updateValue(v, forKey: f.name) == nil { i.attrOrder.append(f.name) }
        }
        if let post = try interp.userMethod(receiver, "__post_init__") { _ = try interp.callValue(post, Args()) }
        return .none
    }
}
