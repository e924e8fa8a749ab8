// PyTyping: Python's `typing` module, so type-hinted code runs: `from typing import List, Optional`,
// `def f(x: torch.Tensor) -> Tuple[int, ...]:`, `T = TypeVar('T')`, `cast(int, x)`.
// Annotations have no meaning at run time here, as in Python (the parser reads and drops them); the
// names only need to exist and to be subscriptable (`Dict[str, List[int]]` prints as Python prints it).
// Non-goals: `isinstance` against typing forms, `NamedTuple`/`TypedDict`/`Protocol`/`Generic` as
// base classes, `get_type_hints`.

/// A typing special form (`typing.List`) or one subscripted (`typing.List[int]`).
final class TypingForm: ScriptObject, @unchecked Sendable {
    let name: String
    init(_ name: String) { self.name = name }
    override var typeName: String { "_SpecialForm" }
    override var repr: String { name }
    override var attributeNames: [String] { ["__name__"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        guard n == "__name__" || n == "_name" else { return nil }
        let base = name.split(separator: "[").first.map(String.init) ?? name
        return .string(String(base.split(separator: ".").last ?? Substring(base)))
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let args: [Value]
        if case .tuple(let xs) = index { args = xs } else { args = [index] }
        return .object(TypingForm("\(name)[\(args.map(TypingForm.argText).joined(separator: ", "))]"))
    }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? {
        throw typeError("Type \(name) cannot be instantiated")
    }

    /// How a type prints inside `typing.X[...]`: `int`, `torch.Tensor`, `...`, `NoneType`.
    static func argText(_ v: Value) -> String {
        switch v {
        case .none: return "NoneType"
        case .list(let l): return "[" + l.items.map(argText).joined(separator: ", ") + "]"
        case .string(let s): return "ForwardRef('\(s)')"
        case .object(let f as BuiltinFunction) where f.isType: return f.signature.messageName
        case .object(let c as ClassValue): return "__main__." + c.name
        case .object(let t as TypingForm): return t.name
        case .object(let m as Marker) where m.name.hasPrefix("<class '") && m.name.hasSuffix("'>"):
            return String(m.name.dropFirst(8).dropLast(2))
        default:
            let r = v.repr
            if r == "Ellipsis" { return "..." }
            if r.hasPrefix("<class '") && r.hasSuffix("'>") { return String(r.dropFirst(8).dropLast(2)) }
            return r
        }
    }
}

extension BuiltinTable {
    func registerTyping() {
        section = "typing"
        let typing = namespace("typing")
        for n in [
            "Any", "List", "Tuple", "Dict", "Set", "FrozenSet", "Optional", "Union", "Callable", "Iterable",
            "Iterator", "Sequence", "Mapping", "MutableMapping", "Type", "Generator", "Literal", "ClassVar",
            "Final", "Deque", "DefaultDict", "OrderedDict", "Counter", "NoReturn", "Annotated", "Collection",
            "Hashable", "Sized", "AnyStr", "Text", "SupportsInt", "SupportsFloat", "MutableSequence",
        ] {
            typing.set(n, .object(TypingForm("typing.\(n)")))
        }
        typing.set("TYPE_CHECKING", .bool(false))
        def(
            "typing.cast", "typing.cast(typ, val)", "Returns val unchanged (a hint for type checkers).",
            "from typing import cast\ncast(int, 3)", in: typing
        ) { b, _ in b.raw("val") ?? .none }
        def(
            "typing.TypeVar", "typing.TypeVar(name, *constraints, bound=None, covariant=False, contravariant=False)",
            "A type variable for generic hints (no effect at run time).", "from typing import TypeVar\nTypeVar('T')",
            in: typing
        ) { b, _ in .object(TypingForm("~" + (try b.string("name")))) }
        for n in ["overload", "final", "no_type_check", "runtime_checkable"] {
            def(
                "typing.\(n)", "typing.\(n)(func, /)", "A decorator for type checkers: returns func unchanged.",
                "from typing import \(n)", in: typing
            ) { b, _ in b.raw("func") ?? .none }
        }
    }
}
