// AST: the syntax tree the parser builds and the interpreter walks.
// Every node carries its 1-based line and column, so runtime errors can point at the code.
// Non-goals: source-exact round-tripping, async.

/// Binary operators (arithmetic and bitwise).
enum BinOp: String {
    case add = "+"
    case sub = "-"
    case mul = "*"
    case div = "/"
    case floorDiv = "//"
    case mod = "%"
    case pow = "**"
    case matmul = "@"
    case bitAnd = "&"
    case bitOr = "|"
    case bitXor = "^"
    case lshift = "<<"
    case rshift = ">>"
}

/// Comparison operators (chainable: `a < b < c`).
enum CmpOp: String {
    case lt = "<"
    case le = "<="
    case gt = ">"
    case ge = ">="
    case eq = "=="
    case ne = "!="
    case isOp = "is"
    case isNot = "is not"
    case inOp = "in"
    case notIn = "not in"
}

/// One argument of a call.
enum Argument {
    case positional(Expr)
    case keyword(String, Expr)
    case star(Expr)
    case doubleStar(Expr)
}

/// One item between `[` and `]`.
enum SubscriptItem {
    case index(Expr)
    case slice(Expr?, Expr?, Expr?)
    case ellipsis
}

/// A piece of an f-string: literal text or `{expr!conv:spec}`.
enum FStringPart {
    case text(String)
    case expr(Expr, conversion: Character?, spec: [FStringPart])
}

/// An expression node.
final class Expr {
    enum Kind {
        case name(String)
        case none
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case fstring([FStringPart])
        /// A bytes literal (`b'...'`, adjacent ones joined).
        case bytes([UInt8])
        case list([Expr])
        case tuple([Expr])
        /// `{k: v, **m}`: a `**m` entry is the pair (`.starred(m)`, `m`).
        case dict([(Expr, Expr)])
        case set([Expr])
        case unary(String, Expr)  // "-", "+", "~", "not"
        case binary(BinOp, Expr, Expr)
        case compare(Expr, [(CmpOp, Expr)])
        case and(Expr, Expr)
        case or(Expr, Expr)
        case ifExp(Expr, Expr, Expr)  // cond, then, else
        case attribute(Expr, String)
        case call(Expr, [Argument])
        case index(Expr, [SubscriptItem], tupleForm: Bool)
        case lambda([Param], Expr)
        case comprehension(kind: ComprehensionKind, element: Expr, value: Expr?, clauses: [CompClause])
        case starred(Expr)
        /// `(name := value)`: assigns and yields the value (in a comprehension, to the enclosing scope).
        case walrus(String, Expr)
    }
    /// Only `deinit` changes it (to `.none`, when it unlinks a chain).
    private(set) var kind: Kind
    let line: Int
    let col: Int
    /// How deep the evaluator recurses below and including this node (bounded by the parser): the
    /// tree's height, except that a left-associative chain (`a + b - c`, `a and b and c`,
    /// `x[0][0].T`) is walked by a loop, so its left operand adds no level:
    /// height = max(left, 1 + the other operands'). A flat `1+1+...+1` of any length has height 2;
    /// `1+(1+(1+...))` grows by one per parenthesis.
    private(set) var height = 1
    init(_ kind: Kind, _ line: Int, _ col: Int) {
        self.kind = kind
        self.line = line
        self.col = col
        let all = children
        if let left = chainLeft {
            let others = all.filter { $0 !== left }.map(\.height).max() ?? 0
            self.height = max(left.height, 1 + others)
        } else {
            self.height = 1 + (all.map(\.height).max() ?? 0)
        }
    }

    /// The left operand of a node the evaluator walks as part of a chain: `.binary`, `.and`, `.or`,
    /// `.attribute` and `.index` (nil for other nodes).
    var chainLeft: Expr? {
        switch kind {
        case .binary(_, let a, _), .and(let a, _), .or(let a, _), .attribute(let a, _), .index(let a, _, _): return a
        default: return nil
        }
    }

    /// Releasing a chain of 100,000 terms recursively would take one stack frame per term: unlink
    /// the left spine in a loop instead (stopping at a node something else still holds).
    deinit {
        var next = takeLeft()
        while var e = next {
            next = nil
            guard isKnownUniquelyReferenced(&e) else { break }
            next = e.takeLeft()
        }
    }

    /// The left operand of a chain node, leaving the node empty (`.none`); nil for other nodes.
    private func takeLeft() -> Expr? {
        guard let left = chainLeft else { return nil }
        kind = .none
        return left
    }
}

enum ComprehensionKind { case list, generator, dict, set }

/// `for target in iter if cond...` inside a comprehension.
struct CompClause {
    let target: Expr
    let iter: Expr
    let conditions: [Expr]
}

/// A function parameter: name, optional default, `*args` / `**kwargs` markers.
struct Param {
    let name: String
    let defaultValue: Expr?
    var star = false
    var doubleStar = false
    /// After `*` or `*args`: only bound by keyword.
    var keywordOnly = false
}

/// A `def`.
final class FunctionDef {
    let name: String
    let params: [Param]
    let body: [Stmt]
    let line: Int
    /// The body contains `yield`: calling the function makes a generator.
    var isGenerator = false
    init(name: String, params: [Param], body: [Stmt], line: Int) {
        self.name = name
        self.params = params
        self.body = body
        self.line = line
    }
}

/// A statement node.
final class Stmt {
    enum Kind {
        case expr(Expr)
        case assign([Expr], Expr)  // targets (a = b = value), value
        case annAssign(Expr, Expr?)  // x: int = 3
        case augAssign(Expr, BinOp, Expr)
        case ifS([(Expr, [Stmt])], [Stmt]?)
        case forS(Expr, Expr, [Stmt], [Stmt]?)
        case whileS(Expr, [Stmt], [Stmt]?)
        case breakS
        case continueS
        case pass
        case returnS(Expr?)
        case def(FunctionDef)
        case classDef(String, [Expr], [Stmt])
        case with([(Expr, Expr?)], [Stmt])
        case importS([(String, String?)])  // import a.b as c, d
        case fromImport(String, [(String, String?)])
        case global([String])
        case nonlocal([String])
        case yieldS(Expr?, from: Bool)
        /// `target = yield value`: yields value; the value `send()` passes in (None for `next()`) is
        /// assigned to target when the generator resumes.
        case yieldAssign(Expr, Expr?)
        /// `@decorator` lines above a def or class (outermost first), and that statement.
        case decorated([Expr], Stmt)
        case del([Expr])
        case assert(Expr, Expr?)
        case raise(Expr?, cause: Expr?)  // raise X from Y
        case tryS([Stmt], [(Expr?, String?, [Stmt])], [Stmt]?, [Stmt]?)  // body, handlers, else, finally
    }
    let kind: Kind
    let line: Int
    let col: Int
    /// Whether a `yield` is in this statement outside nested scopes (Generators.swift runs those).
    lazy var containsYield: Bool = Stmt.hasYield(self)
    init(_ kind: Kind, _ line: Int, _ col: Int) {
        self.kind = kind
        self.line = line
        self.col = col
    }
}

extension Expr {
    /// Direct sub-expressions (used to bound the tree's height).
    var children: [Expr] {
        switch kind {
        case .name, .none, .bool, .int, .float, .string, .bytes: return []
        case .fstring(let parts):
            return parts.flatMap { p -> [Expr] in
                if case .expr(let e, _, let spec) = p {
                    return [e]
                        + spec.compactMap {
                            if case .expr(let s, _, _) = $0 { return s }
                            return nil
                        }
                }
                return []
            }
        case .list(let xs), .tuple(let xs), .set(let xs): return xs
        case .dict(let kv): return kv.flatMap { [$0.0, $0.1] }
        case .unary(_, let e), .starred(let e), .attribute(let e, _), .walrus(_, let e): return [e]
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b): return [a, b]
        case .compare(let a, let rest): return [a] + rest.map { $0.1 }
        case .ifExp(let a, let b, let c): return [a, b, c]
        case .call(let f, let args):
            return [f]
                + args.map {
                    switch $0 {
                    case .positional(let e), .keyword(_, let e), .star(let e), .doubleStar(let e): return e
                    }
                }
        case .index(let e, let items, _):
            return [e]
                + items.flatMap { item -> [Expr] in
                    switch item {
                    case .index(let x): return [x]
                    case .slice(let a, let b, let c): return [a, b, c].compactMap { $0 }
                    case .ellipsis: return []
                    }
                }
        case .lambda(let ps, let body): return ps.compactMap { $0.defaultValue } + [body]
        case .comprehension(_, let el, let v, let clauses):
            return [el] + (v.map { [$0] } ?? []) + clauses.flatMap { [$0.target, $0.iter] + $0.conditions }
        }
    }
}
