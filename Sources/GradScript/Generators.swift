// Generators: a `def` with `yield` runs lazily, as in Python. Calling it makes a generator; each
// `next()` runs the body until the next `yield` and hands out that value, so endless generators
// (`while True: yield x`) work with `next`, `zip` and `itertools.islice`, and printing in the body
// interleaves with the consumer's output.
//
// How: `yield` is a statement in this language (`yield v`, `yield from g`, `x = yield v`; never
// inside an expression), so only the compound
// statements that contain one need to stop half-way. The generator keeps an explicit stack of them
// (`Activation`: a block with its next statement, a `for` with its live iterator, a `while`, a `try`
// in one of its phases, a `with` waiting for its exit, a `yield from`), and every statement without
// a `yield` runs through the ordinary `exec`. `break`, `continue`, `return` and errors unwind this
// stack as `exec` would unwind the Swift one: loops stop `break`/`continue`, `try` runs its handlers
// and its `finally`, `with` calls `__exit__`.
// Generator expressions `(f(x) for x in xs if c)` are lazy too (`LazyComprehension`).
//
// `gen.send(value)` resumes the body with value as the result of the `x = yield v` it waits at.
// Non-goals: `yield` inside a larger expression (`print((yield x))`), `throw()`,
// async generators. A generator that is dropped unfinished is not closed (Python would run its
// `finally` blocks when it is collected).

import GradEngine

/// How a piece of a generator's body ended (`exec`'s `Flow`, plus an error).
private enum Completion {
    case breakLoop
    case continueLoop
    case returned
    case error(ScriptError)
}

/// One open compound statement of a suspended generator body.
private enum Activation {
    /// Statements, and the index of the next one to run.
    case block([Stmt], Int)
    case forLoop(target: Expr, next: ValueIterator, at: Expr, body: [Stmt], orelse: [Stmt]?)
    case whileLoop(cond: Expr, body: [Stmt], orelse: [Stmt]?)
    case tryStmt(body: [Stmt], handlers: [(Expr?, String?, [Stmt])], orelse: [Stmt]?, fin: [Stmt]?, phase: TryPhase)
    /// A `with` whose body is running: `exit(error)` is called when it ends (nil: no error);
    /// it returns true when the error is swallowed.
    case with(exit: (ScriptError?) throws -> Bool)
    case yieldFrom(ValueIterator)
}

private enum TryPhase {
    case start, body, handler, orelse
    /// Running `finally`; what to carry on with afterwards (nil: nothing pending).
    case finally(Completion?)
}

/// The state of one generator: its frame and the stack of open statements.
final class GeneratorState {
    let function: UserFunction
    let frame: Frame
    private var stack: [Activation]
    private(set) var finished = false
    private var running = false
    private var started = false
    weak var interpreter: Interpreter?

    init(_ fn: UserFunction, frame: Frame, _ interp: Interpreter) {
        function = fn
        self.frame = frame
        stack = [.block(fn.def.body, 0)]
        interpreter = interp
    }

    var name: String { function.def.name }

    /// The target of the `x = yield v` the body is suspended at (nil: a plain `yield`, or not started).
    private var sendTarget: Expr?
    /// What the next resumption assigns to `sendTarget`.
    private var sentValue: Value = .none

    /// The next value, or nil when the body has ended (Python's StopIteration).
    func resume(_ interp: Interpreter) throws -> Value? {
        try send(.none, interp)
    }

    /// `send(value)`: resumes the body with value as the result of the `yield` it is suspended at.
    func send(_ value: Value, _ interp: Interpreter) throws -> Value? {
        if !started && !value.isNone && !finished {
            throw typeError("can't send non-None value to a just-started generator")
        }
        sentValue = value
        return try resume(interp, unwinding: nil)
    }

    /// `close()`: unwinds the body with GeneratorExit, so `finally` blocks and `with` exits run.
    func close(_ interp: Interpreter) throws {
        guard started, !finished else {
            finished = true
            return
        }
        let exit = ScriptError(kind: "GeneratorExit", message: "")
        do {
            if try resume(interp, unwinding: .error(exit)) != nil {
                finished = true
                throw ScriptError(kind: "RuntimeError", message: "generator ignored GeneratorExit")
            }
        } catch let e as ScriptError where e.kind == "GeneratorExit" {}
    }

    private func resume(_ interp: Interpreter, unwinding: Completion?) throws -> Value? {
        guard !finished else { return nil }
        guard !running else { throw valueError("generator already executing") }
        running = true
        started = true
        defer { running = false }
        return try interp.runGenerator(self) {
            do {
                let v = try self.run(interp, unwinding: unwinding)
                if v == nil { self.finish() }
                return v
            } catch {
                self.finish()
                throw error
            }
        }
    }

    private func finish() {
        finished = true
        stack = []
    }

    /// Runs until a `yield` (its value) or the end of the body (nil).
    private func run(_ interp: Interpreter, unwinding first: Completion?) throws -> Value? {
        var pending = first
        if let target = sendTarget {
            // the suspended `x = yield v` completes: x gets what was sent (None for next())
            sendTarget = nil
            let v = sentValue
            sentValue = .none
            if pending == nil {
                do {
                    try interp.located(target.line, target.col) { try interp.assign(target, v) }
                } catch {
                    pending = .error(scriptError(error, interp))
                }
            }
        }
        while true {
            if let c = pending {
                pending = nil
                if try unwind(c, interp) { return nil }
                continue
            }
            guard let top = stack.last else { return nil }
            switch top {
            case .block(let stmts, let i):
                guard i < stmts.count else {
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1] = .block(stmts, i + 1)
                let s = stmts[i]
                do {
                    if !s.containsYield {
                        switch try interp.exec(s) {
                        case .normal: break
                        case .breakLoop: pending = .breakLoop
                        case .continueLoop: pending = .continueLoop
                        case .returned: pending = .returned
                        }
                    } else if let v = try start(s, interp) {
                        return v
                    }
                } catch {
                    pending = .error(scriptError(error, interp))
                }
            default:
                do {
                    if let v = try advance(interp) { return v }
                } catch {
                    pending = .error(scriptError(error, interp))
                }
            }
        }
    }

    private func scriptError(_ error: Error, _ interp: Interpreter) -> ScriptError {
        error as? ScriptError ?? interp.locate(error, frame.line, 0)
    }

    /// Begins a statement that contains a `yield`: a `yield` gives its value; a compound statement
    /// is pushed (its first step runs next).
    private func start(_ s: Stmt, _ interp: Interpreter) throws -> Value? {
        try interp.tick()
        frame.line = s.line
        return try interp.located(s.line, s.col) { () throws -> Value? in
            switch s.kind {
            case .yieldAssign(let target, let e):
                let v = try e.map { try interp.eval($0) } ?? .none
                sendTarget = target
                return v
            case .yieldS(let e, let from):
                let v = try e.map { try interp.eval($0) } ?? .none
                if from {
                    stack.append(.yieldFrom(try interp.iterate(v)))
                    return nil
                }
                return v
            case .ifS(let branches, let orelse):
                for (cond, body) in branches where try interp.truthy(try interp.eval(cond)) {
                    stack.append(.block(body, 0))
                    return nil
                }
                if let body = orelse { stack.append(.block(body, 0)) }
            case .forS(let target, let iterExpr, let body, let orelse):
                let next = try interp.iterate(try interp.eval(iterExpr))
                stack.append(.forLoop(target: target, next: next, at: iterExpr, body: body, orelse: orelse))
            case .whileS(let cond, let body, let orelse):
                stack.append(.whileLoop(cond: cond, body: body, orelse: orelse))
            case .tryS(let body, let handlers, let orelse, let fin):
                stack.append(.tryStmt(body: body, handlers: handlers, orelse: orelse, fin: fin, phase: .start))
            case .with(let items, let body):
                for (e, target) in items {
                    let exit = try enterContext(try interp.eval(e), target, interp)
                    stack.append(.with(exit: exit))
                }
                stack.append(.block(body, 0))
            default:
                throw ScriptError(kind: "SyntaxError", message: "'yield' inside this statement is not supported")
            }
            return nil
        }
    }

    /// Enters a context manager (a user class with `__enter__`/`__exit__`, or a builtin one such as
    /// `torch.no_grad()`) and returns how to leave it.
    private func enterContext(
        _ ctx: Value, _ target: Expr?, _ interp: Interpreter
    ) throws -> (ScriptError?) throws ->
        Bool
    {
        if let enter = try? interp.userMethod(ctx, "__enter__"), let exit = try? interp.userMethod(ctx, "__exit__") {
            let entered = try interp.callValue(enter, Args())
            if let t = target { try interp.assign(t, entered) }
            return { err in
                guard let err else {
                    _ = try interp.callValue(exit, Args([.none, .none, .none]))
                    return false
                }
                let exc = interp.exceptionValue(err)
                let kind = err.raised.map { .object($0.cls) } ?? interp.builtinNames[err.kind] ?? .none
                return try interp.truthy(try interp.callValue(exit, Args([kind, exc, .none])))
            }
        }
        guard case .object(let o) = ctx, let c = o as? ContextObject else {
            throw typeError(
                "'\(ctx.typeName)' object does not support the context manager protocol (use it with 'with')")
        }
        let entered = try c.enter()
        if let t = target {
            do { try interp.assign(t, entered) } catch {
                c.exit()
                throw error
            }
        }
        return { _ in
            c.exit()
            return false
        }
    }

    /// The compound statement on top of the stack takes its next step: it is starting, or the
    /// block it pushed has just ended normally.
    private func advance(_ interp: Interpreter) throws -> Value? {
        guard let top = stack.last else { return nil }
        switch top {
        case .block: return nil
        case .forLoop(let target, let next, let at, let body, let orelse):
            guard let item = try interp.located(at.line, at.col, { try next() }) else {
                stack.removeLast()
                if let o = orelse { stack.append(.block(o, 0)) }
                return nil
            }
            try interp.tick()
            try interp.assign(target, item)
            stack.append(.block(body, 0))
        case .whileLoop(let cond, let body, let orelse):
            if try interp.located(cond.line, cond.col, { try interp.truthy(try interp.eval(cond)) }) {
                try interp.tick()
                stack.append(.block(body, 0))
            } else {
                stack.removeLast()
                if let o = orelse { stack.append(.block(o, 0)) }
            }
        case .tryStmt(let body, let handlers, let orelse, let fin, let phase):
            switch phase {
            case .start:
                stack[stack.count - 1] = .tryStmt(
                    body: body, handlers: handlers, orelse: orelse, fin: fin, phase: .body)
                stack.append(.block(body, 0))
            case .body:
                if let o = orelse {
                    stack[stack.count - 1] = .tryStmt(
                        body: body, handlers: handlers, orelse: orelse, fin: fin, phase: .orelse)
                    stack.append(.block(o, 0))
                } else {
                    enterFinally(nil)
                }
            case .handler, .orelse:
                enterFinally(nil)
            case .finally(let pending):
                stack.removeLast()
                if let c = pending, try unwind(c, interp) { return nil }
            }
        case .with(let exit):
            stack.removeLast()
            _ = try exit(nil)
        case .yieldFrom(let next):
            if let v = try next() { return v }
            stack.removeLast()
        }
        return nil
    }

    /// Replaces the `try` on top by its `finally` (carrying `c` on afterwards), or pops it when it
    /// has none. Returns the completion still to unwind, if any.
    @discardableResult
    private func enterFinally(_ c: Completion?) -> Completion? {
        guard case .tryStmt(let body, let handlers, let orelse, let fin, _) = stack.last else { return c }
        guard let f = fin else {
            stack.removeLast()
            return c
        }
        stack[stack.count - 1] = .tryStmt(body: body, handlers: handlers, orelse: orelse, fin: fin, phase: .finally(c))
        stack.append(.block(f, 0))
        return nil
    }

    /// Unwinds the stack for `c` until something absorbs it (a loop for break/continue, a handler
    /// or `with` for an error, a `finally` that must run first). Returns true when the body is over.
    private func unwind(_ first: Completion, _ interp: Interpreter) throws -> Bool {
        var c = first
        while let top = stack.last {
            switch top {
            case .block, .yieldFrom:
                stack.removeLast()
            case .forLoop, .whileLoop:
                switch c {
                case .breakLoop:
                    stack.removeLast()
                    return false
                case .continueLoop:
                    return false
                default:
                    stack.removeLast()
                }
            case .tryStmt(let body, let handlers, let orelse, let fin, let phase):
                switch phase {
                case .start, .body:
                    if case .error(let e) = c {
                        do {
                            for (typeExpr, alias, hbody) in handlers where try interp.handlerMatches(typeExpr, e) {
                                if let a = alias {
                                    try interp.setVar(a, interp.exceptionValue(e))
                                }
                                stack[stack.count - 1] = .tryStmt(
                                    body: body, handlers: handlers, orelse: orelse, fin: fin, phase: .handler)
                                stack.append(.block(hbody, 0))
                                return false
                            }
                        } catch {
                            c = .error(scriptError(error, interp))
                        }
                    }
                    guard let rest = enterFinally(c) else { return false }
                    c = rest
                case .handler, .orelse:
                    guard let rest = enterFinally(c) else { return false }
                    c = rest
                case .finally:
                    // an error, break or return inside `finally` replaces what was pending
                    stack.removeLast()
                }
            case .with(let exit):
                stack.removeLast()
                do {
                    if case .error(let e) = c {
                        if try exit(e) { return false }
                    } else {
                        _ = try exit(nil)
                    }
                } catch {
                    c = .error(scriptError(error, interp))
                }
            }
        }
        switch c {
        case .error(let e): throw e
        case .returned: return true
        case .breakLoop, .continueLoop:
            throw ScriptError(kind: "SyntaxError", message: "'\(c.isBreak ? "break" : "continue")' outside loop")
        }
    }
}

extension Completion {
    fileprivate var isBreak: Bool {
        if case .breakLoop = self { return true }
        return false
    }
}

/// The generator object a generator function returns: an iterator with `send` and `close`.
final class GeneratorIterator: IteratorObject, @unchecked Sendable {
    let state: GeneratorState
    init(_ state: GeneratorState) {
        self.state = state
        // NOTE: strong: a `for` loop keeps only this closure, not the generator object.
        super.init("generator") {
            guard let interp = state.interpreter else { return nil }
            return try state.resume(interp)
        }
    }
    override var repr: String { "<generator object \(state.name)>" }
    override var attributeNames: [String] { ["send", "close", "__next__", "__iter__", "__name__"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        let state = state
        switch n {
        case "__name__", "__qualname__": return .string(state.name)
        case "__next__":
            return .object(
                BuiltinFunction("__next__()") { _, interp in
                    guard let v = try state.resume(interp) else {
                        throw ScriptError(kind: "StopIteration", message: "")
                    }
                    return v
                })
        case "send":
            // the value lands in the `x = yield ...` the body is suspended at (a plain `yield` drops it)
            return .object(
                BuiltinFunction("send(value, /)") { b, interp in
                    guard let v = try state.send(b.raw("value") ?? .none, interp) else {
                        throw ScriptError(kind: "StopIteration", message: "")
                    }
                    return v
                })
        case "close":
            return .object(
                BuiltinFunction("close()") { _, interp in
                    try state.close(interp)
                    return .none
                })
        case "__iter__":
            return .object(BuiltinFunction("__iter__()") { [self] _, _ in .object(self) })
        default: return nil
        }
    }
}

/// A generator expression's iterator: the first `for`'s iterable is evaluated at once (as in
/// Python), everything else as items are asked for.
final class LazyComprehension {
    private let element: Expr
    private let clauses: [CompClause]
    private let scope: Frame
    private var iterators: [ValueIterator]
    private var done = false

    init(element: Expr, clauses: [CompClause], scope: Frame, first: @escaping ValueIterator) {
        self.element = element
        self.clauses = clauses
        self.scope = scope
        iterators = [first]
    }

    func next(_ interp: Interpreter) throws -> Value? {
        guard !done else { return nil }
        let saved = interp.frame
        interp.frame = scope
        defer { interp.frame = saved }
        do {
            while let it = iterators.last {
                let k = iterators.count - 1
                let c = clauses[k]
                guard let item = try interp.located(c.iter.line, c.iter.col, { try it() }) else {
                    iterators.removeLast()
                    continue
                }
                try interp.tick()
                try interp.assign(c.target, item)
                var ok = true
                for cond in c.conditions where !(try interp.truthy(try interp.eval(cond))) {
                    ok = false
                    break
                }
                guard ok else { continue }
                if k == clauses.count - 1 { return try interp.eval(element) }
                let inner = clauses[k + 1].iter
                iterators.append(
                    try interp.located(inner.line, inner.col) { try interp.iterate(try interp.eval(inner)) })
            }
        } catch {
            done = true
            throw error
        }
        done = true
        return nil
    }
}

extension Interpreter {
    /// Runs a step of a generator in its own frame and file, as a call would, restoring the
    /// caller's afterwards; an error gets the generator's line in its traceback.
    func runGenerator(_ g: GeneratorState, _ body: () throws -> Value?) throws -> Value? {
        try checkStack()
        guard callDepth < maxCallDepth else {
            throw ScriptError(
                kind: "RecursionError",
                message: "maximum recursion depth exceeded (\(maxCallDepth) nested calls) in '\(g.name)'")
        }
        callDepth += 1
        let savedFrame = frame, savedFile = currentFile, savedFn = currentFunction
        frame = g.frame
        currentFile = g.function.file
        currentFunction = g.function
        defer {
            callDepth -= 1
            frame = savedFrame
            currentFile = savedFile
            currentFunction = savedFn
        }
        do {
            return try body()
        } catch var e as ScriptError {
            if e.frames.count < 200 {
                e.frames.insert(TraceFrame(file: g.function.file, line: g.frame.line, function: g.name), at: 0)
            }
            throw e
        }
    }
}

extension Stmt {
    /// Whether a `yield` is in this statement, outside nested `def`s and classes (their own scopes).
    static func hasYield(_ s: Stmt) -> Bool {
        switch s.kind {
        case .yieldS, .yieldAssign: return true
        case .ifS(let branches, let orelse):
            return branches.contains { $0.1.contains(where: \.containsYield) }
                || (orelse?.contains(where: \.containsYield) ?? false)
        case .forS(_, _, let body, let orelse), .whileS(_, let body, let orelse):
            return body.contains(where: \.containsYield) || (orelse?.contains(where: \.containsYield) ?? false)
        case .with(_, let body): return body.contains(where: \.containsYield)
        case .tryS(let body, let handlers, let orelse, let fin):
            return body.contains(where: \.containsYield) || handlers.contains { $0.2.contains(where: \.containsYield) }
                || (orelse?.contains(where: \.containsYield) ?? false)
                || (fin?.contains(where: \.containsYield) ?? false)
        default: return false
        }
    }
}
