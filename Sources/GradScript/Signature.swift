// Signature: a builtin's Python signature, parsed once from its declaration text
// (`torch.zeros(*size, dtype=None, requires_grad=False)`) and used as the only binder of its
// arguments. Binding follows Python's rules and words:
//   positional arguments fill the positional parameters in order, the rest go to `*args`;
//   keywords match parameters by name, the rest go to `**kwargs`;
//   `zeros() got an unexpected keyword argument 'requires_grd'; did you mean 'requires_grad'?`
//   `Linear.__init__() missing 1 required positional argument: 'out_features'`
//   `zeros(): keyword argument 'layout' is not supported by gradstep` (a declared `unsupported:` name)
// Defaults written in the signature (None, True, 0.5, 'mean', (0.9, 0.999), ...) are the values the
// implementation reads: the declaration is the one place a default lives.
// Non-goals: annotations, defaults that are not literals (write `None` and document the meaning).

import GradEngine

/// The parameters of a declared builtin, and Python's binding of a call's arguments to them.
struct Signature: Sendable {
    enum Kind: Sendable { case positionalOnly, positionalOrKeyword, varPositional, keywordOnly, varKeyword }

    struct Param: @unchecked Sendable {
        let name: String
        let kind: Kind
        /// The default as a value; nil when the parameter is required (or `*args`/`**kwargs`).
        let defaultValue: Value?
        var isRequired: Bool { defaultValue == nil && (kind != .varPositional && kind != .varKeyword) }
    }

    /// The name as declared: `torch.zeros`, `nn.Linear`, `Tensor.view`.
    let qualifiedName: String
    /// The name Python's messages use: `zeros`, `Linear.__init__`, `view`.
    let messageName: String
    let params: [Param]
    /// Keywords PyTorch accepts that gradstep does not: refused by name, never dropped.
    let unsupported: [String]
    /// The declaration text, as written.
    let text: String

    /// Parses `name(params)`. A malformed declaration is a programming error caught by the tests
    /// that parse every declaration (`SignatureTests`); it parses to the parameters it could read.
    init(_ text: String, unsupported: [String] = []) {
        self.text = text
        self.unsupported = unsupported
        let open = text.firstIndex(of: "(") ?? text.endIndex
        let name = String(text[..<open]).trimmingCharacters(in: .whitespaces)
        qualifiedName = name
        let short = String(name.split(separator: ".").last ?? Substring(name))
        let isClass = short.first.map { $0.isUppercase } ?? false
        messageName =
            isClass && name.split(separator: ".").count > 1 && !name.hasPrefix("Tensor.") ? "\(short).__init__" : short
        var inner = ""
        if open < text.endIndex, let close = text.lastIndex(of: ")"), close > open {
            inner = String(text[text.index(after: open)..<close])
        }
        var ps: [Param] = []
        var kind = Kind.positionalOrKeyword
        for raw in Signature.splitTopLevel(inner) {
            let p = raw.trimmingCharacters(in: .whitespaces)
            if p.isEmpty { continue }
            if p == "/" {
                ps = ps.map { Param(name: $0.name, kind: .positionalOnly, defaultValue: $0.defaultValue) }
                continue
            }
            if p == "*" {
                kind = .keywordOnly
                continue
            }
            if p.hasPrefix("**") {
                ps.append(Param(name: String(p.dropFirst(2)), kind: .varKeyword, defaultValue: nil))
                continue
            }
            if p.hasPrefix("*") {
                ps.append(Param(name: String(p.dropFirst()), kind: .varPositional, defaultValue: nil))
                kind = .keywordOnly
                continue
            }
            if let eq = p.firstIndex(of: "=") {
                let n = String(p[..<eq]).trimmingCharacters(in: .whitespaces)
                let d = String(p[p.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                ps.append(Param(name: n, kind: kind, defaultValue: Signature.literal(d) ?? Value.none))
            } else {
                ps.append(Param(name: p, kind: kind, defaultValue: nil))
            }
        }
        params = ps
    }

    /// Names a caller may pass as keywords (completion offers them as `name=`).
    var keywordNames: [String] {
        params.filter { $0.kind == .positionalOrKeyword || $0.kind == .keywordOnly }.map(\.name)
    }

    /// Binds a call's arguments as Python would, or throws Python's TypeError.
    func bind(_ args: Args) throws -> Bound {
        var values = [Value?](repeating: nil, count: params.count)
        var given = [Bool](repeating: false, count: params.count)
        var rest: [Value] = []
        var extra: [(String, Value)] = []
        let positionalSlots = params.indices.filter {
            params[$0].kind == .positionalOnly || params[$0].kind == .positionalOrKeyword
        }
        let hasVarPositional = params.contains { $0.kind == .varPositional }
        let hasVarKeyword = params.contains { $0.kind == .varKeyword }
        for (i, v) in args.positional.enumerated() {
            if i < positionalSlots.count {
                values[positionalSlots[i]] = v
                given[positionalSlots[i]] = true
            } else if hasVarPositional {
                rest.append(v)
            } else {
                throw tooManyPositional(args.positional.count, positionalSlots)
            }
        }
        for (k, v) in args.keywords {
            if let i = params.firstIndex(where: {
                $0.name == k && ($0.kind == .positionalOrKeyword || $0.kind == .keywordOnly)
            }) {
                if given[i] { throw typeError("\(messageName)() got multiple values for argument '\(k)'") }
                values[i] = v
                given[i] = true
            } else if qualifiedName.contains("."),
                let i = params.firstIndex(where: { $0.name == k && $0.kind == .varPositional })
            {
                // PyTorch's convention: `torch.zeros(size=(2, 3))` names the `*size` parameter (not
                // Python's: `print(values=3)` is an error).
                if !rest.isEmpty || given[i] {
                    throw typeError("\(messageName)() got multiple values for argument '\(k)'")
                }
                rest = [v]
                given[i] = true
            } else if unsupported.contains(k) {
                throw typeError("\(messageName)(): keyword argument '\(k)' is not supported by gradstep")
            } else if hasVarKeyword {
                if extra.contains(where: { $0.0 == k }) {
                    throw typeError("\(messageName)() got multiple values for keyword argument '\(k)'")
                }
                extra.append((k, v))
            } else if params.contains(where: { $0.name == k && $0.kind == .varPositional }) {
                throw typeError("'\(k)' is an invalid keyword argument for \(messageName)()")
            } else if params.contains(where: { $0.name == k && $0.kind == .positionalOnly }) {
                throw typeError(
                    "\(messageName)() got some positional-only arguments passed as keyword arguments: '\(k)'")
            } else {
                let hint = suggest(k, keywordNames + unsupported).map { "; did you mean '\($0)'?" } ?? ""
                throw typeError("\(messageName)() got an unexpected keyword argument '\(k)'\(hint)")
            }
        }
        let missing = params.indices.filter { !given[$0] && params[$0].isRequired }
        if !missing.isEmpty {
            let keywordOnly = missing.allSatisfy { params[$0].kind == .keywordOnly }
            let names = missing.map { "'\(params[$0].name)'" }
            let list =
                names.count == 1
                ? names[0]
                : names.dropLast().joined(separator: ", ") + (names.count > 2 ? "," : "") + " and " + (names.last ?? "")
            throw typeError(
                "\(messageName)() missing \(missing.count) required \(keywordOnly ? "keyword-only" : "positional") "
                    + "argument\(missing.count == 1 ? "" : "s"): \(list)"
            )
        }
        for i in params.indices where !given[i] { values[i] = params[i].defaultValue }
        return Bound(
            fname: qualifiedName, names: params.map(\.name), values: values, given: given, rest: rest, extra: extra)
    }

    private func tooManyPositional(_ n: Int, _ slots: [Int]) -> ScriptError {
        let selfCount = messageName.hasSuffix(".__init__") ? 1 : 0
        let most = slots.count + selfCount
        let least = slots.filter { params[$0].isRequired }.count + selfCount
        let takes =
            least == most
            ? "\(most) positional argument\(most == 1 ? "" : "s")"
            : "from \(least) to \(most) positional arguments"
        let were = n + selfCount
        return typeError("\(messageName)() takes \(takes) but \(were) \(were == 1 ? "was" : "were") given")
    }

    /// Splits on commas outside brackets and quotes.
    static func splitTopLevel(_ s: String) -> [String] {
        var out: [String] = [], cur = "", depth = 0
        var quote: Character? = nil
        for c in s {
            if let q = quote {
                cur.append(c)
                if c == q { quote = nil }
                continue
            }
            if c == "'" || c == "\"" { quote = c }
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1 }
            if c == "," && depth == 0 {
                out.append(cur)
                cur = ""
                continue
            }
            cur.append(c)
        }
        out.append(cur)
        return out
    }

    /// A default value written in a signature: None, True, False, ints, floats, 'strings', tuples.
    static func literal(_ s: String) -> Value? {
        let t = s.trimmingCharacters(in: .whitespaces)
        switch t {
        case "None": return Value.none
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "inf", "math.inf", "float('inf')": return .float(.infinity)
        default: break
        }
        if let i = Int(t) { return .int(i) }
        if let d = Double(t) { return .float(d) }
        if t.count >= 2, let f = t.first, f == "'" || f == "\"", t.last == f {
            let body = String(t.dropFirst().dropLast())
            return .string(body.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t"))
        }
        if t.hasPrefix("("), t.hasSuffix(")") {
            let inner = String(t.dropFirst().dropLast())
            let items = splitTopLevel(inner).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var vals: [Value] = []
            for i in items {
                guard let v = literal(i) else { return nil }
                vals.append(v)
            }
            return .tuple(vals)
        }
        if t.hasPrefix("["), t.hasSuffix("]") {
            let items = splitTopLevel(String(t.dropFirst().dropLast())).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            var vals: [Value] = []
            for i in items {
                guard let v = literal(i) else { return nil }
                vals.append(v)
            }
            return .list(ListRef(vals))
        }
        return nil
    }
}
