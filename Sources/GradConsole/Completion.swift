// Completion: what Tab offers at the REPL prompt.
//
// - At the start of a line, `:` completes REPL commands (`:sh` → `:show`).
// - After `:help `, builtin names and commands.
// - Everywhere else (also after `:show `, `:graph `, `:time `), the interpreter's completions:
//   variable names, builtins, `torch.`/`nn.`/`F.`/`optim.` members, attributes after a dot
//   (`x.gr` → `x.grad`) and keyword arguments of the open call.
// Candidates are full replacements of readline's current word; '.' is not a word break, so the
// word for `x.gr` is `x.gr` and a candidate is `x.grad`.
//
// Non-goals: file-name completion (turned off), fuzzy matching.

import GradScript

public final class Completer: @unchecked Sendable {
    /// The completer readline's C callback forwards to (readline has one global hook).
    nonisolated(unsafe) static var current: Completer?

    public let interpreter: Interpreter

    public init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    /// Candidates for `word`, the text readline will replace, ending at the cursor;
    /// `lineBeforeCursor` is the whole line up to the cursor.
    public func candidates(lineBeforeCursor line: String, word: String) -> [String] {
        let leading = line.drop(while: { $0 == " " })
        if leading.hasPrefix(":") {
            let parts = leading.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 1 {
                return ReplCommand.allCases.map { ":" + $0.rawValue }.filter { $0.hasPrefix(word) }
            }
            let command = String(parts[0].dropFirst())
            let rest = String(parts[1])
            if command == ReplCommand.help.rawValue {
                let names = Builtins.docs.map(\.name) + ReplCommand.allCases.map { ":" + $0.rawValue }
                return unique(names.filter { $0.hasPrefix(word) }).sorted()
            }
            return expressionCandidates(rest, word: word)
        }
        return expressionCandidates(String(line), word: word)
    }

    /// Whether a unique completion should be followed by a space: true while the first word, a
    /// `:command`, is being completed (`:sh` → `:show `, ready for its argument). Elsewhere no space
    /// is added, so `torch.` or `x.gr` → `x.grad` can go on with `.` or `(`.
    public func appendsSpace(lineBeforeCursor line: String) -> Bool {
        let leading = line.drop(while: { $0 == " " })
        return leading.hasPrefix(":") && !leading.contains(" ")
    }

    /// The interpreter's completions for `source`, turned into replacements of `word`.
    func expressionCandidates(_ source: String, word: String) -> [String] {
        let raw = interpreter.completions(for: source)
        var base = ""
        if let dot = word.lastIndex(of: ".") { base = String(word[...dot]) }
        var out: [String] = []
        for r in raw {
            if r.hasPrefix(word) {
                out.append(r)
            } else if !base.isEmpty, (base + r).hasPrefix(word) {
                out.append(base + r)
            } else if word.isEmpty {
                out.append(r)
            }
        }
        return unique(out)
    }

    private func unique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }
}
