// MethodTable: the declared methods of one builtin type (Tensor, nn.Module, optimizers, str, list,
// dict, ...). Each method is declared once, with its Python signature, a one-line summary and a
// runnable example, exactly as module-level builtins are (`BuiltinTable.def`); the same declaration
// binds the arguments (Signature.bind), feeds `:help`, `help()`, `dir()`, Tab completion and
// docs/LANGUAGE.md. Calling dispatch for every builtin method goes through `call`.
// Non-goals: per-instance methods (user classes keep their own `def`s).

import GradEngine

/// One declared method: the signature binds, the doc documents, the implementation runs.
struct MethodDecl<Receiver> {
    let signature: Signature
    let doc: BuiltinDoc
    let impl: (Receiver, Bound, Interpreter) throws -> Value
}

/// The declared methods of one builtin type, in declaration order.
final class MethodTable<Receiver>: @unchecked Sendable {
    /// The type's name as the reference shows it: `Tensor`, `Module`, `Optimizer`, `str`.
    let typeName: String
    /// The reference section the methods are listed under.
    let section: String
    private(set) var order: [String] = []
    private var table: [String: MethodDecl<Receiver>] = [:]

    init(_ typeName: String, section: String) {
        self.typeName = typeName
        self.section = section
    }

    /// Declares `typeName.name(params)`. `params` is the Python parameter list without `self`.
    func def(
        _ name: String, _ params: String, _ summary: String, _ example: String, unsupported: [String] = [],
        _ impl: @escaping (Receiver, Bound, Interpreter) throws -> Value
    ) {
        let text = "\(typeName).\(name)(\(params))"
        let sig = Signature(text, unsupported: unsupported)
        if table[name] == nil { order.append(name) }
        table[name] = MethodDecl(
            signature: sig,
            doc: BuiltinDoc(
                name: "\(typeName).\(name)", signature: text, summary: summary,
                example: example, section: section), impl: impl)
    }

    /// Declares `name` as another name of the declared method `target` (`Tensor.clip` for `clamp`).
    func alias(_ name: String, of target: String) {
        guard let d = table[target] else { return }
        let text = d.signature.text.replacingOccurrences(of: "\(typeName).\(target)(", with: "\(typeName).\(name)(")
        if table[name] == nil { order.append(name) }
        table[name] = MethodDecl(
            signature: Signature(text, unsupported: d.signature.unsupported),
            doc: BuiltinDoc(
                name: "\(typeName).\(name)", signature: text, summary: "Same as `\(target)`.",
                example: d.doc.example.replacingOccurrences(of: ".\(target)(", with: ".\(name)("),
                section: section),
            impl: d.impl)
    }

    var names: [String] { order }
    func has(_ name: String) -> Bool { table[name] != nil }
    func declaration(_ name: String) -> MethodDecl<Receiver>? { table[name] }

    /// Calls `receiver.name(args)`; nil when the type declares no such method.
    func call(_ receiver: Receiver, _ name: String, _ args: Args, _ interp: Interpreter) throws -> Value? {
        guard let d = table[name] else { return nil }
        return try d.impl(receiver, try d.signature.bind(args), interp)
    }

    /// `receiver.name` as a bound builtin method value; nil when there is no such method.
    func bound(_ receiver: Receiver, _ name: String) -> Value? {
        guard let d = table[name] else { return nil }
        return .object(BuiltinFunction(d.signature) { b, interp in try d.impl(receiver, b, interp) })
    }

    var docs: [BuiltinDoc] { order.compactMap { table[$0]?.doc } }
}
