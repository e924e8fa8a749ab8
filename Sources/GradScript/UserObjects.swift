// UserObjects: what makes a user class behave like a Python one beyond attributes and methods:
// operator methods (`__add__`/`__radd__`, `__eq__`, `__lt__`, `__neg__`, `__len__`, `__getitem__`,
// `__setitem__`, `__contains__`, `__iter__`/`__next__`, `__bool__`, `__repr__`/`__str__`, `__call__`
// is in Objects.swift), the descriptors made by `@staticmethod`, `@classmethod` and `@property`
// (with `@x.setter`), and builtin objects with operators of their own (`OperatorObject`: sets, paths).
// Non-goals: metaclasses, `__getattr__`, `__slots__`, in-place operator methods (`__iadd__`: `a += b`
// uses `__add__`, which gives the same result for values that are not mutated in place).

import GradEngine

/// A builtin object that implements binary operators itself (`a | b` on sets, `path / "x"`).
protocol OperatorObject {
    /// `self op other` (or `other op self` when `reflected`); nil when the operator does not apply.
    func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
}

/// `staticmethod(f)`: read from a class or an instance, it is `f` itself.
final class StaticMethodValue: ScriptObject, @unchecked Sendable {
    let function: Value
    init(_ f: Value) { function = f }
    override var typeName: String { "staticmethod" }
    override var repr: String { "<staticmethod(\(function.repr))>" }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? { try interp.callValue(function, args) }
}

/// `classmethod(f)`: read from a class or an instance, it is `f` bound to the class.
final class ClassMethodValue: ScriptObject, @unchecked Sendable {
    let function: Value
    init(_ f: Value) { function = f }
    override var typeName: String { "classmethod" }
    override var repr: String { "<classmethod(\(function.repr))>" }
}

/// `property(fget, fset)`: read from an instance, it is `fget(instance)`; assigned, `fset(instance, v)`.
final class PropertyValue: ScriptObject, @unchecked Sendable {
    let fget: Value?
    let fset: Value?
    init(fget: Value?, fset: Value?) {
        self.fget = fget
        self.fset = fset
    }
    override var typeName: String { "property" }
    override var repr: String { "<property object>" }
    override var attributeNames: [String] { ["setter", "getter", "fget", "fset"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "setter":
            return .object(
                BuiltinFunction("setter(fset, /)") { [fget] b, _ in
                    .object(PropertyValue(fget: fget, fset: b.raw("fset")))
                })
        case "getter":
            return .object(
                BuiltinFunction("getter(fget, /)") { [fset] b, _ in
                    .object(PropertyValue(fget: b.raw("fget"), fset: fset))
                })
        case "fget": return fget ?? .none
        case "fset": return fset ?? .none
        default: return nil
        }
    }
}

extension Interpreter {
    /// The user class of an instance of one (a plain class or an `nn.Module` subclass).
    func userClass(_ v: Value) -> ClassValue? {
        switch v {
        case .object(let i as Instance): return i.cls
        case .module(let m as ScriptModule): return m.cls
        default: return nil
        }
    }

    /// The method `name` of a user instance's class, bound to it; nil when there is none.
    func userMethod(_ v: Value, _ name: String) throws -> Value? {
        guard let cls = userClass(v), let m = cls.lookup(name) else { return nil }
        if case .object(let s as StaticMethodValue) = m { return s.function }
        return Interpreter.bindMethod(m, to: v)
    }

    /// `__repr__`/`__str__` of a user instance as text, or nil (none defined, or it failed).
    func userText(_ i: Instance, _ name: String) -> String? {
        guard let m = try? userMethod(.object(i), name), let r = try? callValue(m, Args()) else { return nil }
        if case .string(let s) = r { return s }
        return nil
    }

    /// What reading an attribute found in a class means for `receiver` (an instance, or the class itself).
    func resolveDescriptor(_ v: Value, receiver: Value) throws -> Value {
        guard case .object(let o) = v else { return v }
        switch o {
        case let s as StaticMethodValue: return s.function
        case let c as ClassMethodValue:
            let cls: Value
            if case .object(let cv as ClassValue) = receiver {
                cls = .object(cv)
            } else if let cv = userClass(receiver) {
                cls = .object(cv)
            } else {
                return v
            }
            // a classmethod written in Swift: the class goes first
            if case .object(let bf as BuiltinFunction) = c.function {
                return .object(
                    BuiltinFunction(Signature("\(bf.name)(*args, **kwargs)")) { b, interp in
                        try interp.callValue(.object(bf), Args([cls] + b.rest, b.extra))
                    })
            }
            guard case .object(let f as UserFunction) = c.function else { return c.function }
            return .object(BoundMethod(cls, f))
        case let p as PropertyValue:
            if case .object(_ as ClassValue) = receiver { return v }
            guard let g = p.fget else {
                throw ScriptError(
                    kind: "AttributeError", message: "property of '\(receiver.typeName)' object has no getter")
            }
            return try callValue(g, Args([receiver]))
        default: return v
        }
    }

    /// A property declared on the receiver's class, if `name` is one.
    func userProperty(_ receiver: Value, _ name: String) -> PropertyValue? {
        guard let cls = userClass(receiver), case .object(let p as PropertyValue)? = cls.lookup(name) else {
            return nil
        }
        return p
    }

    static let binaryMethodNames: [BinOp: String] = [
        .add: "add", .sub: "sub", .mul: "mul", .div: "truediv", .floorDiv: "floordiv", .mod: "mod", .pow: "pow",
        .matmul: "matmul", .bitAnd: "and", .bitOr: "or", .bitXor: "xor", .lshift: "lshift", .rshift: "rshift",
    ]

    /// `a op b` through user operator methods (`__add__`, then the right operand's `__radd__`) or an
    /// `OperatorObject`; nil when neither side defines the operator.
    func userBinary(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value? {
        if case .object(let o) = a, let oo = o as? OperatorObject, let r = try oo.binary(op, b, reflected: false, self)
        {
            return r
        }
        if case .object(let o) = b, let oo = o as? OperatorObject, let r = try oo.binary(op, a, reflected: true, self) {
            return r
        }
        guard userClass(a) != nil || userClass(b) != nil, let n = Interpreter.binaryMethodNames[op] else { return nil }
        if let m = try userMethod(a, "__\(n)__") {
            let r = try callValue(m, Args([b]))
            if !isNotImplemented(r) { return r }
        }
        if let m = try userMethod(b, "__r\(n)__") {
            let r = try callValue(m, Args([a]))
            if !isNotImplemented(r) { return r }
        }
        return nil
    }

    func isNotImplemented(_ v: Value) -> Bool {
        if case .object(let m as Marker) = v, m.name == "NotImplemented" { return true }
        return false
    }

    static let compareMethodNames: [CmpOp: (String, String)] = [
        .eq: ("__eq__", "__eq__"), .ne: ("__ne__", "__ne__"), .lt: ("__lt__", "__gt__"), .le: ("__le__", "__ge__"),
        .gt: ("__gt__", "__lt__"), .ge: ("__ge__", "__le__"),
    ]

    /// `a op b` for comparisons through user methods (`__eq__`, `__lt__`, ... and their mirrors).
    func userCompare(_ op: CmpOp, _ a: Value, _ b: Value) throws -> Value? {
        if case .object(let x as SetObject) = a, case .object(let y as SetObject) = b {
            switch op {
            case .eq: return .bool(x.sameItems(y))
            case .ne: return .bool(!x.sameItems(y))
            case .le: return .bool(try x.isSubset(of: y))
            case .lt: return .bool(try x.isSubset(of: y) && x.items.count < y.items.count)
            case .ge: return .bool(try y.isSubset(of: x))
            case .gt: return .bool(try y.isSubset(of: x) && y.items.count < x.items.count)
            default: return nil
            }
        }
        guard userClass(a) != nil || userClass(b) != nil, let (n, mirror) = Interpreter.compareMethodNames[op] else {
            return nil
        }
        if let m = try userMethod(a, n) {
            let r = try callValue(m, Args([b]))
            if !isNotImplemented(r) { return r }
        }
        if let m = try userMethod(b, mirror) {
            let r = try callValue(m, Args([a]))
            if !isNotImplemented(r) { return r }
        }
        if op == .ne, let m = try userMethod(a, "__eq__") {
            let r = try callValue(m, Args([b]))
            if !isNotImplemented(r) { return .bool(!(try truthy(r))) }
        }
        return nil
    }

    /// Iterates a user instance: `__iter__` (and the returned object's `__next__`), or `__getitem__`
    /// with 0, 1, 2, ... until IndexError.
    func userIterator(_ v: Value) throws -> ValueIterator? {
        if let it = try userMethod(v, "__iter__") {
            let obj = try callValue(it, Args())
            if userClass(obj) != nil {
                guard let next = try userMethod(obj, "__next__") else {
                    throw typeError("iter() returned non-iterator of type '\(obj.typeName)'")
                }
                return { [unowned self] in
                    do { return try self.callValue(next, Args()) } catch let e as ScriptError
                        where e.kind == "StopIteration"
                    { return nil }
                }
            }
            return try iterate(obj)
        }
        if let gi = try userMethod(v, "__getitem__") {
            var i = 0
            return { [unowned self] in
                do {
                    defer { i += 1 }
                    return try self.callValue(gi, Args([.int(i)]))
                } catch let e as ScriptError where e.kind == "IndexError" || e.kind == "StopIteration" { return nil }
            }
        }
        return nil
    }

    /// `len()` of a user instance through `__len__`; nil when it has none.
    func userLength(_ v: Value) throws -> Int? {
        guard let m = try userMethod(v, "__len__") else { return nil }
        let r = try callValue(m, Args())
        guard case .int(let n) = r else {
            throw typeError("'\(r.typeName)' object cannot be interpreted as an integer")
        }
        guard n >= 0 else { throw valueError("__len__() should return >= 0") }
        return n
    }
}

/// A Python set (and frozenset): unique hashable items. Iteration and printing follow insertion
/// order, except that a set of ints is kept sorted, as CPython shows small ints.
final class SetObject: ScriptObject, OperatorObject, @unchecked Sendable {
    private(set) var items = DictRef()
    let frozen: Bool
    init(_ values: [Value], frozen: Bool = false) throws {
        self.frozen = frozen
        super.init()
        for v in values { try add(v) }
    }
    func add(_ v: Value) throws {
        if try items.get(v) == nil {
            try items.set(v, .none)
            if case .int = v,
                items.keys.allSatisfy({
                    if case .int = $0 { return true }
                    return false
                })
            {
                sortInts()
            }
        }
    }
    private func sortInts() {
        let sorted = items.keys.sorted { ($0.asInt ?? 0) < ($1.asInt ?? 0) }
        let d = DictRef()
        for k in sorted { try? d.set(k, .none) }
        items = d
    }
    func contains(_ v: Value) throws -> Bool { try items.get(v) != nil }
    func remove(_ v: Value) throws -> Bool {
        guard try items.get(v) != nil else { return false }
        let d = DictRef()
        let k = try HashKey(v)
        for key in items.keys where (try? HashKey(key)) != k { try d.set(key, .none) }
        items = d
        return true
    }
    func sameItems(_ o: SetObject) -> Bool {
        items.count == o.items.count && items.keys.allSatisfy { (try? o.contains($0)) == true }
    }
    func isSubset(of o: SetObject) throws -> Bool { try items.keys.allSatisfy { try o.contains($0) } }
    override var typeName: String { frozen ? "frozenset" : "set" }
    override var repr: String {
        let inner = items.keys.map(\.repr).joined(separator: ", ")
        if frozen { return items.count == 0 ? "frozenset()" : "frozenset({\(inner)})" }
        return items.count == 0 ? "set()" : "{\(inner)}"
    }
    override func length() throws -> Int? { items.count }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var it = items.keys.makeIterator()
        return { it.next() }
    }
    override var attributeNames: [String] {
        [
            "add", "remove", "discard", "pop", "clear", "update", "union", "intersection", "difference",
            "symmetric_difference", "issubset", "issuperset", "isdisjoint", "copy",
        ]
    }
    func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o as SetObject) = other else { return nil }
        let (a, b) = reflected ? (o, self) : (self, o)
        switch op {
        case .bitOr: return .object(try SetObject(a.items.keys + b.items.keys, frozen: a.frozen))
        case .bitAnd: return .object(try SetObject(try a.items.keys.filter { try b.contains($0) }, frozen: a.frozen))
        case .sub: return .object(try SetObject(try a.items.keys.filter { !(try b.contains($0)) }, frozen: a.frozen))
        case .bitXor:
            return .object(
                try SetObject(
                    try a.items.keys.filter { !(try b.contains($0)) } + b.items.keys.filter { !(try a.contains($0)) },
                    frozen: a.frozen))
        default: return nil
        }
    }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        let s = self
        func mutating(_ sig: String, _ body: @escaping (Bound) throws -> Value) -> Value {
            .object(
                BuiltinFunction("set.\(sig)") { b, _ in
                    if s.frozen {
                        throw ScriptError(kind: "AttributeError", message: "'frozenset' object has no attribute '\(n)'")
                    }
                    return try body(b)
                })
        }
        func others(_ b: Bound) throws -> [SetObject] {
            try b.rest.map { v in
                if case .object(let o as SetObject) = v { return o }
                return try SetObject(try interp.toList(v))
            }
        }
        switch n {
        case "add":
            return mutating("add(elem, /)") { b in
                try s.add(b.raw("elem") ?? .none)
                return .none
            }
        case "remove":
            return mutating("remove(elem, /)") { b in
                let v = b.raw("elem") ?? .none
                guard try s.remove(v) else { throw ScriptError(kind: "KeyError", message: v.repr) }
                return .none
            }
        case "discard":
            return mutating("discard(elem, /)") { b in
                _ = try s.remove(b.raw("elem") ?? .none)
                return .none
            }
        case "pop":
            return mutating("pop()") { _ in
                guard let first = s.items.keys.first else {
                    throw ScriptError(kind: "KeyError", message: "'pop from an empty set'")
                }
                _ = try s.remove(first)
                return first
            }
        case "clear":
            return mutating("clear()") { _ in
                s.items = DictRef()
                return .none
            }
        case "update":
            return mutating("update(*others)") { b in
                for o in try others(b) { for k in o.items.keys { try s.add(k) } }
                return .none
            }
        case "union", "intersection", "difference", "symmetric_difference":
            let op: BinOp = ["union": .bitOr, "intersection": .bitAnd, "difference": .sub][n] ?? .bitXor
            return .object(
                BuiltinFunction("set.\(n)(*others)") { b, interp in
                    var acc: Value = .object(s)
                    for o in try others(b) {
                        guard case .object(let a as SetObject) = acc,
                            let r = try a.binary(op, .object(o), reflected: false, interp)
                        else { break }
                        acc = r
                    }
                    if case .object(let a as SetObject) = acc, a === s {
                        return .object(try SetObject(s.items.keys, frozen: s.frozen))
                    }
                    return acc
                })
        case "issubset", "issuperset", "isdisjoint":
            return .object(
                BuiltinFunction("set.\(n)(other, /)") { b, interp in
                    let o = try SetObject(try interp.toList(b.raw("other") ?? .none))
                    switch n {
                    case "issubset": return .bool(try s.isSubset(of: o))
                    case "issuperset": return .bool(try o.isSubset(of: s))
                    default: return .bool(try s.items.keys.allSatisfy { !(try o.contains($0)) })
                    }
                })
        case "copy":
            return .object(
                BuiltinFunction("set.copy()") { (_: Bound, _: Interpreter) in
                    .object(try SetObject(s.items.keys, frozen: s.frozen))
                })
        default: return nil
        }
    }
}
