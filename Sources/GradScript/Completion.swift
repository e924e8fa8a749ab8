// Completion: what Tab offers at the end of a partly typed line. Names (variables, builtins,
// keywords), members after a dot (`torch.ze` -> `torch.zeros`, `x.gr` -> `x.grad`, a module's
// submodules and parameters), and keyword arguments of the call that is open (`nn.Conv2d(1, 10, ker`
// -> `kernel_size=`). Evaluating the part before the dot only reads variables: it never calls.
// Non-goals: type inference across unevaluated expressions.

extension Interpreter {
    /// Candidates that complete the end of `prefix` (whole replacements for the last token, e.g.
    /// `torch.zeros` for `torch.ze`), sorted, without duplicates. A candidate equal to the typed
    /// token stays in the list (`x` with `x` and `x_train` defined offers both, as readline does).
    public func completions(for prefix: String) -> [String] {
        let chars = Array(prefix)
        // The token being completed: identifier characters and dots at the end.
        var start = chars.count
        while start > 0,
            chars[start - 1].isLetter || chars[start - 1].isNumber || chars[start - 1] == "_" || chars[start - 1] == "."
        {
            start -= 1
        }
        let token = String(chars[start...])
        var out: [String] = []
        if let dot = token.lastIndex(of: ".") {
            let base = String(token[..<dot])
            let partial = String(token[token.index(after: dot)...])
            if let v = try? resolveForCompletion(base) {
                out = attributeNames(of: v).filter { $0.hasPrefix(partial) && !$0.hasPrefix("_") }.map {
                    base + "." + $0
                }
            }
        } else {
            var names = Set(self.names.keys).union(builtinNames.keys)
            var f = frame
            while let fr = f {
                names.formUnion(fr.vars.keys)
                f = fr.enclosing
            }
            names.formUnion([
                "for", "while", "if", "elif", "else", "def", "class", "return", "import", "from", "with",
                "break", "continue", "pass", "True", "False", "None", "and", "or", "not", "in", "lambda", "is",
            ])
            out = names.filter { $0.hasPrefix(token) }.sorted()
            // Keyword arguments of the open call.
            if let callee = openCallee(chars, before: start), let v = try? resolveForCompletion(callee),
                case .object(let o) = v
            {
                out = o.parameterNames.filter { $0.hasPrefix(token) }.map { $0 + "=" } + out
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// Looks up a dotted name (`torch.nn`, `network.conv1`) without calling anything.
    func resolveForCompletion(_ dotted: String) throws -> Value {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty else { throw nameError(dotted) }
        var v = try lookup(first)
        for p in parts.dropFirst() {
            switch v {
            case .object(let o) where o is BuiltinFunction || o is UserFunction || o is ClassValue && false:
                throw nameError(p)
            default:
                v = try getAttribute(v, p)
            }
        }
        return v
    }

    /// The dotted name before the innermost unclosed `(` that precedes `end`, if any.
    func openCallee(_ chars: [Character], before end: Int) -> String? {
        var depth = 0
        var i = end - 1
        var inString: Character? = nil
        while i >= 0 {
            let c = chars[i]
            if let q = inString {
                if c == q { inString = nil }
                i -= 1
                continue
            }
            if c == "'" || c == "\"" {
                inString = c
            } else if c == ")" || c == "]" {
                depth += 1
            } else if c == "(" || c == "[" {
                if depth == 0 {
                    guard c == "(" else { return nil }
                    var j = i
                    while j > 0,
                        chars[j - 1].isLetter || chars[j - 1].isNumber || chars[j - 1] == "_" || chars[j - 1] == "."
                    { j -= 1 }
                    let name = String(chars[j..<i])
                    return name.isEmpty ? nil : name
                }
                depth -= 1
            }
            i -= 1
        }
        return nil
    }
}
