// PyLanguage: builtins that belong to the Python language itself rather than to a module:
// `staticmethod`, `classmethod`, `property`, `set`, `frozenset`, `id`, `hash`, `issubclass`, `slice`,
// `callable`, `vars`, `ord`, `chr`, `divmod`, `pow`, `hex`, `bin`, `oct`, `NotImplemented`.
// Non-goals: `eval`/`exec`/`open`/`input` (scripts do not read or run other text).

import Foundation
import GradEngine

extension BuiltinTable {
    func registerLanguage() {
        section = "Python builtins"
        def(
            "staticmethod", "staticmethod(function, /)",
            "A method that gets no self (`@staticmethod` above a def in a class).",
            "class A:\n    @staticmethod\n    def twice(x):\n        return 2 * x\nA.twice(3)"
        ) { b, _ in
            .object(StaticMethodValue(b.raw("function") ?? .none))
        }
        def(
            "classmethod", "classmethod(function, /)",
            "A method that gets the class as its first argument (`@classmethod`).",
            "class A:\n    n = 2\n    @classmethod\n    def make(cls):\n        return cls.n\nA.make()"
        ) { b, _ in
            .object(ClassMethodValue(b.raw("function") ?? .none))
        }
        def(
            "property", "property(fget=None, fset=None, fdel=None, doc=None)",
            "An attribute computed by a method (`@property`, `@x.setter`).",
            "class A:\n    @property\n    def size(self):\n        return 3\nA().size"
        ) { b, _ in
            .object(PropertyValue(fget: b.value("fget"), fset: b.value("fset")))
        }
        for (name, frozen) in [("set", false), ("frozenset", true)] {
            def(
                name, "\(name)(iterable=(), /)", "A \(frozen ? "frozen " : "")set of the unique items.",
                "\(name)([3, 1, 3])"
            ) { b, interp in
                .object(try SetObject(try interp.toList(b.raw("iterable") ?? .tuple([])), frozen: frozen))
            }
        }
        def(
            "vars", "vars(object, /)",
            "The attributes of an object as a dict (`vars(args)` after argparse; a class instance's fields).",
            "import argparse\nvars(argparse.Namespace(lr=0.1))"
        ) { b, _ in
            let d = DictRef()
            switch b.raw("object") {
            case .object(let ns as ArgNamespace)?:
                for (k, v) in ns.attrs { try d.set(.string(k), v) }
            case .object(let i as Instance)?:
                for k in i.attrOrder { if let v = i.attrs[k] { try d.set(.string(k), v) } }
            case let v?:
                throw typeError("vars() argument must have __dict__ attribute (gradstep: \(v.typeName) has none)")
            case nil: throw typeError("vars() takes exactly one argument (0 given)")
            }
            return .dict(d)
        }
        def("id", "id(obj, /)", "A number that identifies the object while it exists.", "id([]) > 0") { b, _ in
            let v = b.raw("obj") ?? .none
            func ident(_ o: AnyObject) -> Int {
                Int(truncatingIfNeeded: UInt(bitPattern: ObjectIdentifier(o).hashValue)) & Int.max
            }
            switch v {
            case .list(let l): return .int(ident(l))
            case .dict(let d): return .int(ident(d))
            case .tensor(let t): return .int(ident(t))
            case .module(let m): return .int(ident(m))
            case .object(let o): return .int(ident(o))
            default: return .int((try? HashKey(v).hashValue).map { $0 & Int.max } ?? 0)
            }
        }
        def(
            "hash", "hash(obj, /)",
            "The hash of a hashable value (equal values hash alike; an int is its own hash).",
            "hash((1, 2)) == hash((1, 2))"
        ) { b, _ in
            let v = b.raw("obj") ?? .none
            let k = try HashKey(v)
            switch k {
            case .int(let i) where i != -1 && i.magnitude < (1 << 61) - 1: return .int(i)
            case .custom(let u): return .int(u.hash)
            default: return .int(k.hashValue == -1 ? -2 : k.hashValue)
            }
        }
        def(
            "issubclass", "issubclass(cls, classinfo, /)",
            "Whether cls is classinfo or derives from it (or from one in a tuple of classes).",
            "class A:\n    pass\nclass B(A):\n    pass\nissubclass(B, A)"
        ) { b, _ in
            let cls = b.raw("cls") ?? .none
            let info = b.raw("classinfo") ?? .none
            return .bool(try (info.asArray ?? [info]).contains { try BuiltinTable.isSubclass(cls, $0) })
        }
        def(
            "slice", "slice(start_or_stop, stop=None, step=None, /)",
            "The slice object a[start:stop:step] uses (slice(stop) alone is slice(None, stop, None)).",
            "[0, 1, 2, 3][slice(1, None, 2)]"
        ) { b, _ in
            let first = b.raw("start_or_stop") ?? .none
            if !b.passed("stop") { return .object(SliceValue(.none, first, .none)) }
            return .object(SliceValue(first, b.raw("stop") ?? .none, b.raw("step") ?? .none))
        }
        def("callable", "callable(obj, /)", "Whether obj can be called.", "callable(print)") { b, interp in
            switch b.raw("obj") ?? .none {
            case .module: return .bool(true)
            case .object(let o):
                if o is BuiltinFunction || o is UserFunction || o is BoundMethod || o is ClassValue
                    || o is ExceptionClass || o is StaticMethodValue
                {
                    return .bool(true)
                }
                if let cls = interp.userClass(.object(o)) { return .bool(cls.lookup("__call__") != nil) }
                return .bool(o.parameterNames.isEmpty == false)
            default: return .bool(false)
            }
        }
        def("ord", "ord(c, /)", "The Unicode code point of a one-character string.", "ord('a')") { b, _ in
            let s = try b.string("c")
            guard s.unicodeScalars.count == 1, let u = s.unicodeScalars.first else {
                throw typeError("ord() expected a character, but string of length \(s.count) found")
            }
            return .int(Int(u.value))
        }
        def("chr", "chr(i, /)", "The one-character string of a Unicode code point.", "chr(97)") { b, _ in
            let i = try b.int("i")
            guard i >= 0, i <= 0x10FFFF, let u = Unicode.Scalar(UInt32(i)) else {
                throw valueError("chr() arg not in range(0x110000)")
            }
            return .string(String(Character(u)))
        }
        def("divmod", "divmod(a, b, /)", "The pair (a // b, a % b).", "divmod(7, 2)") { b, _ in
            let x = b.raw("a") ?? .none, y = b.raw("b") ?? .none
            return .tuple([try Operators.binary(.floorDiv, x, y), try Operators.binary(.mod, x, y)])
        }
        def("pow", "pow(base, exp, mod=None)", "base ** exp (modulo mod when given, for ints).", "pow(2, 10)") { b, _ in
            let base = b.raw("base") ?? .none, e = b.raw("exp") ?? .none
            if let m = b.value("mod") {
                guard let x = base.asInt, var k = e.asInt, let n = m.asInt, n != 0, k >= 0 else {
                    throw typeError("pow() 3rd argument needs ints and a non-negative exponent")
                }
                // In unsigned arithmetic modulo |n| (full-width products: no overflow for any Int),
                // then Python's sign: the result takes the sign of n.
                let modulus = n.magnitude
                func mulmod(_ a: UInt, _ b: UInt) -> UInt {
                    let p = a.multipliedFullWidth(by: b)
                    return modulus.dividingFullWidth((p.high, p.low)).remainder
                }
                var xm = x.magnitude % modulus
                if x < 0 && xm != 0 { xm = modulus - xm }
                var r: UInt = 1 % modulus
                while k > 0 {
                    if k & 1 == 1 { r = mulmod(r, xm) }
                    xm = mulmod(xm, xm)
                    k >>= 1
                }
                if n < 0 && r != 0 { return .int(-Int(modulus - r)) }
                return .int(Int(r))
            }
            return try Operators.binary(.pow, base, e)
        }
        for (name, radix, prefix) in [("hex", 16, "0x"), ("bin", 2, "0b"), ("oct", 8, "0o")] {
            def(
                name, "\(name)(x, /)", "The integer written in base \(radix) with the '\(prefix)' prefix.",
                "\(name)(10)"
            ) { b, _ in
                let i = try b.int("x")
                let digits = String(i.magnitude, radix: radix)
                return .string((i < 0 ? "-" : "") + prefix + digits)
            }
        }
        globals["NotImplemented"] = .object(Marker("NotImplemented", kind: "NotImplementedType"))
    }
}

extension BuiltinTable {
    /// `issubclass(a, b)` for the classes a script meets: user classes (and the builtin exception
    /// a user exception derives from), builtin exception classes, builtin library classes.
    static func isSubclass(_ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case (.object(let x as ClassValue), .object(let y as ClassValue)): return x.isSubclass(of: y)
        case (.object(let x as ClassValue), .object(let e as ExceptionClass)):
            return x.exceptionRoot.map { e.catches($0) } ?? false
        case (.object(let x as ExceptionClass), .object(let e as ExceptionClass)): return e.catches(x.kind)
        case (.object(let x as BuiltinClass), .object(let y as BuiltinClass)):
            var c: BuiltinClass? = x
            while let k = c {
                if k === y { return true }
                c = k.base
            }
            return false
        case (.object(let x as BuiltinFunction), .object(let y as BuiltinFunction)) where x.isType && y.isType:
            return x === y || (x.name == "bool" && y.name == "int")
        case (_, .object(let m as Marker)) where m.name == "object": return true
        case (.object(let o), _) where o.typeName == "type": return false
        default: throw typeError("issubclass() arg 1 must be a class")
        }
    }
}
