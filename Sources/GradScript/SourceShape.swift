// SourceShape.swift: what front ends ask about a piece of code without running it. Today one
// question: does the code end with an expression statement (whose value a notebook cell, a lesson
// block and the REPL show), and on which line does it start? `gradstep export --to py` wraps that
// expression in `echo(...)`, since a plain Python script shows nothing for it.
// Non-goals: a public AST.

public enum SourceShape {
    /// The 1-based line (within `source`) where the final top-level statement starts, when that
    /// statement is an expression (`x`, `model(x)`, `a, b`); nil when it is anything else, or when
    /// the code does not parse.
    public static func trailingExpressionLine(_ source: String) -> Int? {
        guard let program = try? Parser.parse(source, file: "<shape>"), let last = program.last else { return nil }
        if case .expr = last.kind { return last.line }
        return nil
    }
}
