// Parser: tokens -> AST, by recursive descent over Python's grammar (the subset the language has).
//
// Precedence, loosest first: lambda, `x if c else y`, or, and, not, comparisons (chained, in, is),
// |, ^, &, << >>, + -, * / // % @, unary - + ~, **, then calls/indexing/attributes.
// NOTE: the interpreter walks the tree recursively, so its depth is bounded here (`maxHeight`,
// Expr.height): `((((...))))` 10,000 deep is a SyntaxError, never a stack overflow. Left-associative
// chains (`1+1+...+1`, `a and b and ...`) are evaluated and released by loops, so a flat one of any
// length parses and runs (Expr.height does not grow along the chain).
// Non-goals: async, star-targets beyond `a, *b = ...`, type annotations' meaning.

import Foundation

struct Parser {
    var tokens: [Token]
    var lines: [String]
    let file: String
    let firstLine: Int
    var p = 0
    var depth = 0
    /// Nesting of `def` bodies being parsed, and whether the innermost one has a `yield`.
    var functionDepth = 0
    var sawYield = false
    /// Largest expression-tree height and statement nesting accepted.
    static let maxHeight = 120

    init(tokens: [Token], lines: [String], file: String, firstLine: Int) {
        self.tokens = tokens
        self.lines = lines
        self.file = file
        self.firstLine = firstLine
    }

    // MARK: entry points

    static func parse(_ source: String, file: String, firstLine: Int = 1) throws -> [Stmt] {
        let (toks, lines) = try Lexer.tokenize(source, file: file, firstLine: firstLine)
        var parser = Parser(tokens: toks, lines: lines, file: file, firstLine: firstLine)
        var out: [Stmt] = []
        while true {
            if parser.at(.newline) {
                parser.p += 1
                continue
            }
            if parser.at(.eof) { break }
            if parser.at(.indent) {
                throw parser.error("unexpected indent", kind: "IndentationError")
            }
            out.append(contentsOf: try parser.statement())
        }
        return out
    }

    /// Parses one expression; `firstLine`/`firstCol` place it in its file (an f-string's field).
    static func parseExpression(_ source: String, file: String, firstLine: Int = 1, firstCol: Int = 1) throws -> Expr {
        let (toks, lines) = try Lexer.tokenize(source, file: file, firstLine: firstLine, firstCol: firstCol)
        var parser = Parser(tokens: toks, lines: lines, file: file, firstLine: firstLine)
        while parser.at(.newline) || parser.at(.indent) { parser.p += 1 }
        let e = try parser.testList()
        while parser.at(.newline) || parser.at(.dedent) { parser.p += 1 }
        guard parser.at(.eof) else { throw parser.error("expected end of expression, got \(parser.cur.kind.display)") }
        return e
    }

    /// False while more lines could complete the text (open block, bracket, string, `\`).
    static func isComplete(_ source: String) -> Bool {
        let toks: [Token]
        do {
            toks = try Lexer.tokenize(source, file: "<input>", incompleteAware: true).tokens
        } catch is LexIncomplete {
            return false
        } catch {
            return true  // a real error: let execute report it
        }
        // A compound statement (a logical line ending in ':') continues until a blank line.
        var opensBlock = false
        var prev: TokenKind? = nil
        for t in toks {
            if t.kind == .newline, prev == .op(":") { opensBlock = true }
            prev = t.kind
        }
        guard opensBlock else { return true }
        let lastLine = source.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        return lastLine.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    // MARK: helpers

    var cur: Token { tokens[min(p, tokens.count - 1)] }
    func at(_ k: TokenKind) -> Bool { cur.kind == k }
    func atOp(_ o: String) -> Bool { cur.kind == .op(o) }
    func atKw(_ k: String) -> Bool { cur.kind == .keyword(k) }

    func sourceLine(_ l: Int) -> String? {
        let k = l - firstLine
        return k >= 0 && k < lines.count ? lines[k] : nil
    }

    func error(_ msg: String, at t: Token? = nil, kind: String = "SyntaxError") -> ScriptError {
        let t = t ?? cur
        return ScriptError(
            kind: kind, message: msg, file: file, line: t.line, column: t.col, sourceLine: sourceLine(t.line))
    }

    mutating func expectOp(_ o: String, _ context: String = "") throws {
        guard atOp(o) else {
            throw error("expected '\(o)'\(context.isEmpty ? "" : " " + context), got \(cur.kind.display)")
        }
        p += 1
    }

    mutating func acceptOp(_ o: String) -> Bool {
        if atOp(o) {
            p += 1
            return true
        }
        return false
    }

    mutating func acceptKw(_ k: String) -> Bool {
        if atKw(k) {
            p += 1
            return true
        }
        return false
    }

    mutating func name(_ context: String) throws -> String {
        guard case .name(let n) = cur.kind else {
            throw error("expected a name \(context), got \(cur.kind.display)")
        }
        p += 1
        return n
    }

    /// Builds a node, refusing trees taller than `maxHeight`.
    func node(_ k: Expr.Kind, _ t: Token) throws -> Expr {
        let e = Expr(k, t.line, t.col)
        if e.height > Parser.maxHeight {
            throw error("expression too deeply nested (more than \(Parser.maxHeight) levels)", at: t)
        }
        return e
    }

    mutating func enter() throws {
        depth += 1
        if depth > Parser.maxHeight {
            throw error("too many nested parentheses or blocks (more than \(Parser.maxHeight) levels)")
        }
    }

    // MARK: statements

    mutating func statement() throws -> [Stmt] {
        let t = cur
        if case .keyword(let k) = t.kind {
            switch k {
            case "if": return [try ifStatement()]
            case "for": return [try forStatement()]
            case "while": return [try whileStatement()]
            case "def": return [try defStatement()]
            case "class": return [try classStatement()]
            case "with": return [try withStatement()]
            case "try": return [try tryStatement()]
            default: break
            }
        }
        if atOp("@") {
            var decorators: [Expr] = []
            while acceptOp("@") {
                decorators.append(try test())
                guard at(.newline) else {
                    throw error("invalid syntax: expected end of line after the decorator, got \(cur.kind.display)")
                }
                p += 1
                while at(.newline) { p += 1 }
            }
            guard atKw("def") || atKw("class") else {
                throw error("invalid syntax: a decorator must be followed by 'def' or 'class', got \(cur.kind.display)")
            }
            let inner = atKw("def") ? try defStatement() : try classStatement()
            return [Stmt(.decorated(decorators, inner), t.line, t.col)]
        }
        return try simpleStatements()
    }

    /// `a; b; c NEWLINE`
    mutating func simpleStatements() throws -> [Stmt] {
        var out = [try smallStatement()]
        while acceptOp(";") {
            if at(.newline) || at(.eof) { break }
            out.append(try smallStatement())
        }
        guard at(.newline) || at(.eof) || at(.dedent) else {
            throw error("invalid syntax: expected end of line, got \(cur.kind.display)")
        }
        if at(.newline) { p += 1 }
        return out
    }

    mutating func smallStatement() throws -> Stmt {
        let t = cur
        if case .keyword(let k) = t.kind {
            switch k {
            case "pass":
                p += 1
                return Stmt(.pass, t.line, t.col)
            case "break":
                p += 1
                return Stmt(.breakS, t.line, t.col)
            case "continue":
                p += 1
                return Stmt(.continueS, t.line, t.col)
            case "return":
                p += 1
                if at(.newline) || at(.eof) || atOp(";") || at(.dedent) { return Stmt(.returnS(nil), t.line, t.col) }
                return Stmt(.returnS(try testList()), t.line, t.col)
            case "import":
                p += 1
                var items: [(String, String?)] = []
                repeat {
                    let mod = try dottedName()
                    var alias: String? = nil
                    if acceptKw("as") { alias = try name("after 'as'") }
                    items.append((mod, alias))
                } while acceptOp(",")
                return Stmt(.importS(items), t.line, t.col)
            case "from":
                p += 1
                let mod = try dottedName()
                guard acceptKw("import") else {
                    throw error("expected 'import' after 'from \(mod)', got \(cur.kind.display)")
                }
                var items: [(String, String?)] = []
                let paren = acceptOp("(")
                repeat {
                    if paren && atOp(")") { break }
                    if acceptOp("*") {
                        items.append(("*", nil))
                        continue
                    }
                    let n = try name("to import")
                    var alias: String? = nil
                    if acceptKw("as") { alias = try name("after 'as'") }
                    items.append((n, alias))
                } while acceptOp(",")
                if paren { try expectOp(")", "to close the import list") }
                return Stmt(.fromImport(mod, items), t.line, t.col)
            case "global", "nonlocal":
                p += 1
                var names = [try name("after '\(k)'")]
                while acceptOp(",") { names.append(try name("after ','")) }
                return Stmt(k == "global" ? .global(names) : .nonlocal(names), t.line, t.col)
            case "yield":
                p += 1
                guard functionDepth > 0 else { throw error("'yield' outside function", at: t) }
                sawYield = true
                if acceptKw("from") { return Stmt(.yieldS(try test(), from: true), t.line, t.col) }
                if at(.newline) || at(.eof) || atOp(";") || at(.dedent) {
                    return Stmt(.yieldS(nil, from: false), t.line, t.col)
                }
                return Stmt(.yieldS(try testList(), from: false), t.line, t.col)
            case "del":
                p += 1
                var targets = [try target()]
                while acceptOp(",") { targets.append(try target()) }
                return Stmt(.del(targets), t.line, t.col)
            case "assert":
                p += 1
                let c = try test()
                var msg: Expr? = nil
                if acceptOp(",") { msg = try test() }
                return Stmt(.assert(c, msg), t.line, t.col)
            case "raise":
                p += 1
                if at(.newline) || at(.eof) || atOp(";") { return Stmt(.raise(nil, cause: nil), t.line, t.col) }
                let e = try test()
                let cause = acceptKw("from") ? try test() : nil
                return Stmt(.raise(e, cause: cause), t.line, t.col)
            case "async", "await":
                throw error("'\(k)' is not supported")
            default: break
            }
        }
        let first = try testListStar()
        if atOp("="), p + 1 < tokens.count, tokens[p + 1].kind == .keyword("yield") {
            // `x = yield value`: the value sent into the generator lands in x
            p += 2
            guard functionDepth > 0 else { throw error("'yield' outside function", at: t) }
            sawYield = true
            try checkTarget(first)
            if at(.newline) || at(.eof) || atOp(";") || at(.dedent) {
                return Stmt(.yieldAssign(first, nil), t.line, t.col)
            }
            return Stmt(.yieldAssign(first, try testList()), t.line, t.col)
        }
        if atOp("=") {
            var targets = [first]
            var value = first
            while acceptOp("=") {
                value = try testListStar()
                targets.append(value)
            }
            targets.removeLast()
            for tg in targets { try checkTarget(tg) }
            return Stmt(.assign(targets, value), t.line, t.col)
        }
        if case .op(let o) = cur.kind, o.count >= 2, o.hasSuffix("="), !["==", "!=", "<=", ">="].contains(o),
            let op = BinOp(rawValue: String(o.dropLast()))
        {
            p += 1
            try checkTarget(first, augmented: true)
            let value = try testList()
            return Stmt(.augAssign(first, op, value), t.line, t.col)
        }
        if atOp(":") {
            p += 1
            _ = try test()  // annotation, ignored
            try checkTarget(first)
            var value: Expr? = nil
            if acceptOp("=") { value = try testList() }
            return Stmt(.annAssign(first, value), t.line, t.col)
        }
        return Stmt(.expr(first), t.line, t.col)
    }

    func checkTarget(_ e: Expr, augmented: Bool = false) throws {
        switch e.kind {
        case .name, .attribute, .index: return
        case .tuple(let xs), .list(let xs):
            if augmented { break }
            for x in xs { try checkTarget(x) }
            return
        case .starred(let x):
            if augmented { break }
            try checkTarget(x)
            return
        default: break
        }
        let what: String
        switch e.kind {
        case .call: what = "function call"
        case .int, .float, .string, .bool, .none: what = "literal"
        default: what = "expression"
        }
        throw ScriptError(
            kind: "SyntaxError",
            message: augmented
                ? "'\(what)' is an illegal expression for augmented assignment" : "cannot assign to \(what)",
            file: file, line: e.line, column: e.col, sourceLine: sourceLine(e.line))
    }

    mutating func dottedName() throws -> String {
        var s = try name("to import")
        while acceptOp(".") { s += "." + (try name("after '.'")) }
        return s
    }

    /// `: NEWLINE INDENT stmts DEDENT` or `: simple_stmt`.
    mutating func block(_ context: String) throws -> [Stmt] {
        try expectOp(":", "after \(context)")
        try enter()
        defer { depth -= 1 }
        if !at(.newline) {
            return try simpleStatements()
        }
        p += 1
        guard at(.indent) else {
            throw error("expected an indented block after \(context)", kind: "IndentationError")
        }
        p += 1
        var body: [Stmt] = []
        while !at(.dedent) && !at(.eof) {
            if at(.newline) {
                p += 1
                continue
            }
            if at(.indent) { throw error("unexpected indent", kind: "IndentationError") }
            body.append(contentsOf: try statement())
        }
        if at(.dedent) { p += 1 }
        return body
    }

    mutating func ifStatement() throws -> Stmt {
        let t = cur
        p += 1
        var branches: [(Expr, [Stmt])] = []
        let c = try namedTest()
        branches.append((c, try block("'if' condition")))
        var orelse: [Stmt]? = nil
        while true {
            if atKw("elif") {
                p += 1
                let c = try namedTest()
                branches.append((c, try block("'elif' condition")))
            } else if atKw("else") {
                p += 1
                orelse = try block("'else'")
                break
            } else {
                break
            }
        }
        return Stmt(.ifS(branches, orelse), t.line, t.col)
    }

    mutating func namedTest() throws -> Expr {
        let e = try namedExprTest()
        if atOp("=") { throw error("invalid syntax: '=' is assignment; use '==' to compare") }
        return e
    }

    /// `test`, or an assignment expression `name := test` where Python allows one unparenthesized
    /// (conditions, call arguments, list items, the inside of parentheses).
    mutating func namedExprTest() throws -> Expr {
        let t = cur
        let e = try test()
        guard atOp(":=") else { return e }
        guard case .name(let n) = e.kind else {
            throw error("cannot use assignment expressions with \(Parser.describeTarget(e))", at: t)
        }
        p += 1
        return try node(.walrus(n, try test()), t)
    }

    static func describeTarget(_ e: Expr) -> String {
        switch e.kind {
        case .attribute: return "attribute"
        case .index: return "subscript"
        case .tuple: return "tuple"
        case .list: return "list"
        case .call: return "function call"
        case .int, .float, .string, .bool, .none: return "literal"
        default: return "expression"
        }
    }

    mutating func forStatement() throws -> Stmt {
        let t = cur
        p += 1
        let tg = try targetList()
        guard acceptKw("in") else { throw error("expected 'in' after the 'for' target, got \(cur.kind.display)") }
        let iter = try testList()
        let body = try block("'for' statement")
        var orelse: [Stmt]? = nil
        if acceptKw("else") { orelse = try block("'else'") }
        return Stmt(.forS(tg, iter, body, orelse), t.line, t.col)
    }

    mutating func whileStatement() throws -> Stmt {
        let t = cur
        p += 1
        let c = try namedTest()
        let body = try block("'while' condition")
        var orelse: [Stmt]? = nil
        if acceptKw("else") { orelse = try block("'else'") }
        return Stmt(.whileS(c, body, orelse), t.line, t.col)
    }

    mutating func defStatement() throws -> Stmt {
        let t = cur
        p += 1
        let n = try name("after 'def'")
        try expectOp("(", "after the function name")
        let params = try paramList(closing: ")")
        try expectOp(")", "to close the parameter list")
        if acceptOp("->") { _ = try test() }
        let savedYield = sawYield
        sawYield = false
        functionDepth += 1
        let body = try block("function definition")
        functionDepth -= 1
        let fd = FunctionDef(name: n, params: params, body: body, line: t.line)
        fd.isGenerator = sawYield
        sawYield = savedYield
        return Stmt(.def(fd), t.line, t.col)
    }

    mutating func paramList(closing: String) throws -> [Param] {
        var params: [Param] = []
        var seenDefault = false
        var keywordOnly = false
        while !atOp(closing) {
            if acceptOp("*") {
                keywordOnly = true
                if atOp(",") {
                    p += 1
                    continue
                }  // bare * (keyword-only marker)
                params.append(Param(name: try name("after '*'"), defaultValue: nil, star: true))
                if closing == ")" && acceptOp(":") { _ = try test() }
            } else if acceptOp("**") {
                params.append(Param(name: try name("after '**'"), defaultValue: nil, doubleStar: true))
                if closing == ")" && acceptOp(":") { _ = try test() }
            } else if acceptOp("/") {
                // positional-only marker: ignored
            } else {
                let nt = cur
                let n = try name("for a parameter")
                if closing == ")" && acceptOp(":") { _ = try test() }
                var d: Expr? = nil
                if acceptOp("=") {
                    d = try test()
                    seenDefault = true
                } else if seenDefault && !keywordOnly {
                    throw error("non-default argument '\(n)' follows default argument", at: nt)
                }
                if params.contains(where: { $0.name == n }) {
                    throw error("duplicate argument '\(n)' in function definition", at: nt)
                }
                params.append(Param(name: n, defaultValue: d, keywordOnly: keywordOnly))
            }
            if !acceptOp(",") { break }
        }
        return params
    }

    mutating func classStatement() throws -> Stmt {
        let t = cur
        p += 1
        let n = try name("after 'class'")
        var bases: [Expr] = []
        if acceptOp("(") {
            while !atOp(")") {
                bases.append(try test())
                if !acceptOp(",") { break }
            }
            try expectOp(")", "to close the base class list")
        }
        let body = try block("class definition")
        return Stmt(.classDef(n, bases, body), t.line, t.col)
    }

    mutating func withStatement() throws -> Stmt {
        let t = cur
        p += 1
        var items: [(Expr, Expr?)] = []
        repeat {
            let e = try test()
            var tg: Expr? = nil
            if acceptKw("as") { tg = try target() }
            items.append((e, tg))
        } while acceptOp(",")
        let body = try block("'with' statement")
        return Stmt(.with(items, body), t.line, t.col)
    }

    mutating func tryStatement() throws -> Stmt {
        let t = cur
        p += 1
        let body = try block("'try'")
        var handlers: [(Expr?, String?, [Stmt])] = []
        var orelse: [Stmt]? = nil, fin: [Stmt]? = nil
        while atKw("except") {
            p += 1
            var type: Expr? = nil
            var alias: String? = nil
            if !atOp(":") {
                type = try test()
                if acceptKw("as") { alias = try name("after 'as'") }
            }
            handlers.append((type, alias, try block("'except'")))
        }
        if acceptKw("else") { orelse = try block("'else'") }
        if acceptKw("finally") { fin = try block("'finally'") }
        if handlers.isEmpty && fin == nil { throw error("expected 'except' or 'finally' block") }
        return Stmt(.tryS(body, handlers, orelse, fin), t.line, t.col)
    }

    // MARK: expressions

    /// Assignment/for targets: `a`, `a, b`, `(a, b)`, `x[i]`, `self.w`, `*rest`.
    mutating func targetList() throws -> Expr {
        let t = cur
        let first = try target()
        guard atOp(",") else { return first }
        var xs = [first]
        while acceptOp(",") {
            if atKw("in") || atOp("=") { break }
            xs.append(try target())
        }
        return try node(.tuple(xs), t)
    }

    mutating func target() throws -> Expr {
        let t = cur
        if acceptOp("*") { return try node(.starred(try bitOr()), t) }
        let e = try bitOr()
        try checkTarget(e)
        return e
    }

    /// `test (, test)* [,]` -> a tuple when there is a comma.
    mutating func testList() throws -> Expr {
        let t = cur
        let first = try test()
        guard atOp(",") else { return first }
        var xs = [first]
        while acceptOp(",") {
            if endsList() { break }
            xs.append(try test())
        }
        return try node(.tuple(xs), t)
    }

    /// Like `testList`, also allowing `*x` items (the right side of `a, *b = ...`).
    mutating func testListStar() throws -> Expr {
        let t = cur
        let first = try starOrTest()
        guard atOp(",") else { return first }
        var xs = [first]
        while acceptOp(",") {
            if endsList() { break }
            xs.append(try starOrTest())
        }
        return try node(.tuple(xs), t)
    }

    func endsList() -> Bool {
        at(.newline) || at(.eof) || atOp("=") || atOp(")") || atOp("]") || atOp("}") || atOp(";") || atOp(":")
            || (cur.kind.isAugAssign)
    }

    mutating func starOrTest() throws -> Expr {
        let t = cur
        if acceptOp("*") { return try node(.starred(try bitOr()), t) }
        return try test()
    }

    mutating func test() throws -> Expr {
        try enter()
        defer { depth -= 1 }
        let t = cur
        if atKw("lambda") {
            p += 1
            let params = try paramList(closing: ":")
            try expectOp(":", "after lambda parameters")
            return try node(.lambda(params, try test()), t)
        }
        let e = try orTest()
        if atKw("if") {
            // Only a conditional expression if an 'else' follows (not a comprehension's filter).
            let save = p
            p += 1
            let c = try orTest()
            guard acceptKw("else") else {
                p = save
                return e
            }
            let other = try test()
            return try node(.ifExp(c, e, other), t)
        }
        return e
    }

    mutating func orTest() throws -> Expr {
        var e = try andTest()
        while atKw("or") {
            let t = cur
            p += 1
            e = try node(.or(e, try andTest()), t)
        }
        return e
    }

    mutating func andTest() throws -> Expr {
        var e = try notTest()
        while atKw("and") {
            let t = cur
            p += 1
            e = try node(.and(e, try notTest()), t)
        }
        return e
    }

    mutating func notTest() throws -> Expr {
        let t = cur
        if acceptKw("not") {
            try enter()
            defer { depth -= 1 }
            return try node(.unary("not", try notTest()), t)
        }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        let t = cur
        let first = try bitOr()
        var rest: [(CmpOp, Expr)] = []
        while true {
            var op: CmpOp? = nil
            if case .op(let o) = cur.kind, let c = CmpOp(rawValue: o), !["is", "in"].contains(o) {
                op = c
                p += 1
            } else if atKw("in") {
                op = .inOp
                p += 1
            } else if atKw("not"), p + 1 < tokens.count, tokens[p + 1].kind == .keyword("in") {
                op = .notIn
                p += 2
            } else if atKw("is") {
                p += 1
                op = acceptKw("not") ? .isNot : .isOp
            }
            guard let o = op else { break }
            rest.append((o, try bitOr()))
        }
        return rest.isEmpty ? first : try node(.compare(first, rest), t)
    }

    mutating func binaryLevel(_ ops: [String: BinOp], _ next: (inout Parser) throws -> Expr) throws -> Expr {
        var e = try next(&self)
        while case .op(let o) = cur.kind, let op = ops[o] {
            let t = cur
            p += 1
            e = try node(.binary(op, e, try next(&self)), t)
        }
        return e
    }

    // The operator tables are built once (building them per call made parsing slow).
    static let bitOrOps: [String: BinOp] = ["|": .bitOr]
    static let bitXorOps: [String: BinOp] = ["^": .bitXor]
    static let bitAndOps: [String: BinOp] = ["&": .bitAnd]
    static let shiftOps: [String: BinOp] = ["<<": .lshift, ">>": .rshift]
    static let arithOps: [String: BinOp] = ["+": .add, "-": .sub]
    static let termOps: [String: BinOp] = ["*": .mul, "/": .div, "//": .floorDiv, "%": .mod, "@": .matmul]
    mutating func bitOr() throws -> Expr { try binaryLevel(Parser.bitOrOps) { try $0.bitXor() } }
    mutating func bitXor() throws -> Expr { try binaryLevel(Parser.bitXorOps) { try $0.bitAnd() } }
    mutating func bitAnd() throws -> Expr { try binaryLevel(Parser.bitAndOps) { try $0.shift() } }
    mutating func shift() throws -> Expr { try binaryLevel(Parser.shiftOps) { try $0.arith() } }
    mutating func arith() throws -> Expr { try binaryLevel(Parser.arithOps) { try $0.term() } }
    mutating func term() throws -> Expr { try binaryLevel(Parser.termOps) { try $0.factor() } }

    mutating func factor() throws -> Expr {
        let t = cur
        if case .op(let o) = cur.kind, o == "-" || o == "+" || o == "~" {
            p += 1
            try enter()
            defer { depth -= 1 }
            let operand = try factor()
            // Fold negative literals so `-1` is a constant (and `x[-1]` stays cheap).
            if o == "-" {
                if case .int(let i) = operand.kind { return try node(.int(-i), t) }
                if case .float(let d) = operand.kind { return try node(.float(-d), t) }
            }
            return try node(.unary(o, operand), t)
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let e = try primary()
        if atOp("**") {
            let t = cur
            p += 1
            try enter()
            defer { depth -= 1 }
            return try node(.binary(.pow, e, try factor()), t)
        }
        return e
    }

    mutating func primary() throws -> Expr {
        // Trailer nodes (calls, attributes, indexing) take the position where the expression starts,
        // so a caret points at `F.max_pool2d(...)`'s `F`, as Python's tracebacks do.
        let t = cur
        var e = try atom()
        while true {
            if acceptOp(".") {
                e = try node(.attribute(e, try name("after '.'")), t)
            } else if acceptOp("(") {
                e = try node(.call(e, try callArgs()), t)
            } else if acceptOp("[") {
                var items: [SubscriptItem] = []
                var tupleForm = false
                repeat {
                    if atOp("]") { break }
                    items.append(try subscriptItem())
                    if atOp(",") { tupleForm = true }
                } while acceptOp(",")
                try expectOp("]", "to close the subscript")
                if items.isEmpty { throw error("expected an index or slice inside '[]'", at: t) }
                e = try node(.index(e, items, tupleForm: tupleForm), t)
            } else {
                return e
            }
        }
    }

    mutating func subscriptItem() throws -> SubscriptItem {
        if acceptOp("...") { return .ellipsis }
        var start: Expr? = nil
        if !atOp(":") { start = try test() }
        guard acceptOp(":") else {
            guard let s = start else { throw error("expected an index") }
            return .index(s)
        }
        var stop: Expr? = nil, step: Expr? = nil
        if !atOp(":") && !atOp(",") && !atOp("]") { stop = try test() }
        if acceptOp(":") {
            if !atOp(",") && !atOp("]") { step = try test() }
        }
        return .slice(start, stop, step)
    }

    /// The rest of a dict display after its first entries: `k: v` and `**mapping` entries up to `}`.
    /// A `**mapping` entry is stored as the pair (`.starred(mapping)`, mapping).
    mutating func dictLiteral(_ first: [(Expr, Expr)], at t: Token) throws -> Expr {
        var kv = first
        while kv.isEmpty || acceptOp(",") {
            if atOp("}") { break }
            if atOp("**") {
                let st = cur
                p += 1
                let m = try test()
                kv.append((try node(.starred(m), st), m))
                continue
            }
            let k2 = try test()
            try expectOp(":", "in dict literal")
            kv.append((k2, try test()))
        }
        try expectOp("}", "to close the dict opened at line \(t.line)")
        return try node(.dict(kv), t)
    }

    mutating func callArgs() throws -> [Argument] {
        var args: [Argument] = []
        var seenKeyword = false
        while !atOp(")") {
            if acceptOp("*") {
                args.append(.star(try test()))
            } else if acceptOp("**") {
                args.append(.doubleStar(try test()))
                seenKeyword = true
            } else if case .name(let n) = cur.kind, p + 1 < tokens.count, tokens[p + 1].kind == .op("=") {
                let t = cur
                p += 2
                if args.contains(where: {
                    if case .keyword(n, _) = $0 { return true }
                    return false
                }) {
                    throw error("keyword argument repeated: \(n)", at: t)
                }
                args.append(.keyword(n, try test()))
                seenKeyword = true
            } else {
                let t = cur
                var e = try namedExprTest()
                if atKw("for") {
                    e = try comprehension(.generator, element: e, value: nil, at: t)
                }
                if seenKeyword {
                    throw error("positional argument follows keyword argument", at: t)
                }
                args.append(.positional(e))
            }
            if !acceptOp(",") { break }
        }
        try expectOp(")", "to close the call")
        return args
    }

    mutating func comprehension(_ kind: ComprehensionKind, element: Expr, value: Expr?, at t: Token) throws -> Expr {
        var clauses: [CompClause] = []
        while acceptKw("for") {
            let tg = try targetList()
            guard acceptKw("in") else { throw error("expected 'in' in comprehension, got \(cur.kind.display)") }
            let iter = try orTest()
            var conds: [Expr] = []
            while atKw("if") {
                p += 1
                conds.append(try orTest())
            }
            clauses.append(CompClause(target: tg, iter: iter, conditions: conds))
        }
        return try node(.comprehension(kind: kind, element: element, value: value, clauses: clauses), t)
    }

    mutating func atom() throws -> Expr {
        let t = cur
        switch t.kind {
        case .name(let n):
            p += 1
            return try node(.name(n), t)
        case .int(let i):
            p += 1
            return try node(.int(i), t)
        case .float(let d):
            p += 1
            return try node(.float(d), t)
        case .bytes:
            var all: [UInt8] = []
            while case .bytes(let b) = cur.kind {
                all += b
                p += 1
            }
            switch cur.kind {
            case .string, .fstring: throw error("cannot mix bytes and nonbytes literals", at: cur)
            default: return try node(.bytes(all), t)
            }
        case .string, .fstring:
            var parts: [FStringPart] = []
            var isF = false
            while true {
                if case .string(let s) = cur.kind {
                    parts.append(.text(s))
                    p += 1
                } else if case .fstring(let s, let raw, let line, let col) = cur.kind {
                    isF = true
                    parts.append(contentsOf: try FStringBody(s, raw: raw, line: line, col: col).parts(self, at: cur))
                    p += 1
                } else if case .bytes = cur.kind {
                    throw error("cannot mix bytes and nonbytes literals", at: cur)
                } else {
                    break
                }
            }
            if !isF {
                let s = parts.map {
                    if case .text(let x) = $0 { return x }
                    return ""
                }.joined()
                return try node(.string(s), t)
            }
            return try node(.fstring(parts), t)
        case .keyword("True"):
            p += 1
            return try node(.bool(true), t)
        case .keyword("False"):
            p += 1
            return try node(.bool(false), t)
        case .keyword("None"):
            p += 1
            return try node(.none, t)
        case .op("..."):
            p += 1
            return try node(.name("Ellipsis"), t)
        case .op("("):
            p += 1
            try enter()
            defer { depth -= 1 }
            if acceptOp(")") { return try node(.tuple([]), t) }
            let first = atOp("*") ? try starOrTest() : try namedExprTest()
            if atKw("for") {
                let c = try comprehension(.generator, element: first, value: nil, at: t)
                try expectOp(")", "to close the generator expression")
                return c
            }
            if acceptOp(")") { return first }
            var xs = [first]
            while acceptOp(",") {
                if atOp(")") { break }
                xs.append(try starOrTest())
            }
            try expectOp(")", "to close the parenthesis opened at line \(t.line)")
            return try node(.tuple(xs), t)
        case .op("["):
            p += 1
            try enter()
            defer { depth -= 1 }
            if acceptOp("]") { return try node(.list([]), t) }
            let first = atOp("*") ? try starOrTest() : try namedExprTest()
            if atKw("for") {
                let c = try comprehension(.list, element: first, value: nil, at: t)
                try expectOp("]", "to close the list comprehension")
                return c
            }
            var xs = [first]
            while acceptOp(",") {
                if atOp("]") { break }
                xs.append(try starOrTest())
            }
            try expectOp("]", "to close the list opened at line \(t.line)")
            return try node(.list(xs), t)
        case .op("{"):
            p += 1
            try enter()
            defer { depth -= 1 }
            if acceptOp("}") { return try node(.dict([]), t) }
            if atOp("**") { return try dictLiteral([], at: t) }
            let k = try starOrTest()
            if !atOp(":") {
                // A set: {a, b} or {x for x in xs}.
                if atKw("for") {
                    let c = try comprehension(.set, element: k, value: nil, at: t)
                    try expectOp("}", "to close the set comprehension")
                    return c
                }
                var xs = [k]
                while acceptOp(",") {
                    if atOp("}") { break }
                    xs.append(try starOrTest())
                }
                try expectOp("}", "to close the set opened at line \(t.line)")
                return try node(.set(xs), t)
            }
            try expectOp(":", "in dict literal")
            let v = try test()
            if atKw("for") {
                let c = try comprehension(.dict, element: k, value: v, at: t)
                try expectOp("}", "to close the dict comprehension")
                return c
            }
            return try dictLiteral([(k, v)], at: t)
        case .indent:
            throw error("unexpected indent", kind: "IndentationError")
        case .newline, .eof, .dedent:
            throw error("invalid syntax: expected an expression, got \(t.kind.display)")
        case .keyword(let k):
            throw error("invalid syntax: expected an expression, got '\(k)'")
        case .op(let o):
            throw error("invalid syntax: expected an expression, got '\(o)'")
        }
    }
}

extension TokenKind {
    var isAugAssign: Bool {
        if case .op(let o) = self, o.count >= 2, o.hasSuffix("="), !["==", "!=", "<=", ">="].contains(o) {
            return true
        }
        return false
    }
}
