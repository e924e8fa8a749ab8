// Exec: statements. Walks the AST, keeps scopes, unpacks targets, runs loops, defines functions
// and classes, and turns every failure into a located `ScriptError` with a short traceback.
//
// NOTE: the interrupt flag and the step budget are checked at every statement and every loop
// iteration (`tick`), so Ctrl-C stops a running loop between tensor ops and variables keep the
// values they had.
// Generators run in Generators.swift.
// Non-goals: async, `nonlocal` rebinding of enclosing scopes (treated like `global`).

import GradEngine

/// How a statement ended.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

extension Interpreter {
    // MARK: running programs

    /// What every run of user code does first: keep the source for error messages, drop a stale
    /// interrupt request, restart the step count, and (outermost run only) set the stack floor and
    /// the engine's tensor size limit (`Tensor.maxElements`; the caller restores it afterwards).
    private func beginRun(source: String, file: String, firstLine: Int) {
        remember(source, file: file, firstLine: firstLine)
        interruptFlag.store(false, ordering: .relaxed)
        steps = 0
        if callDepth == 0 {
            stackFloor = StackGuard.floor(entry: StackGuard.currentAddress())
            Tensor.maxElements = maxTensorElements
            MemoryBudget.maxLiveElements = Interpreter.liveElementLimit
            // Long engine ops (large GEMMs) ask this between rounds; not while fit finishes a batch.
            EngineInterrupt.isRequested = { [weak self] in
                guard let self else { return false }
                return self.interruptDeferred == 0 && self.interruptFlag.load(ordering: .relaxed)
            }
            // PyTorch's warnings from inside an op: on standard error, once each (Python's default filter).
            EngineWarning.handler = { [weak self] category, message in
                guard let self, self.warningsShown.insert(message).inserted else { return }
                self.errorOutput("\(category): \(message)\n")
            }
        }
    }

    func run(_ program: [Stmt], source: String, file: String, firstLine: Int) throws -> Value? {
        let savedLimit = Tensor.maxElements, savedInterrupt = EngineInterrupt.isRequested
        let savedWarning = EngineWarning.handler
        defer {
            Tensor.maxElements = savedLimit
            EngineInterrupt.isRequested = savedInterrupt
            EngineWarning.handler = savedWarning
        }
        beginRun(source: source, file: file, firstLine: firstLine)
        let savedFile = currentFile
        currentFile = file
        defer { currentFile = savedFile }
        var last: Value? = nil
        for (i, s) in program.enumerated() {
            currentLine = s.line
            do {
                if i == program.count - 1, case .expr(let e) = s.kind {
                    try tick()
                    let v = try located(s.line, s.col) { try eval(e) }
                    last = v.isNone ? nil : v
                } else {
                    let flow = try exec(s)
                    switch flow {
                    case .normal: break
                    case .breakLoop, .continueLoop:
                        throw ScriptError(kind: "SyntaxError", message: "'\(flow.keyword)' outside loop")
                    case .returned: throw ScriptError(kind: "SyntaxError", message: "'return' outside function")
                    }
                }
            } catch {
                var e = locate(error, s.line, s.col)
                if !e.frames.isEmpty {
                    // The innermost module-level statement running (inside `if`/`for`/`with`), as Python says.
                    e.frames.insert(TraceFrame(file: file, line: currentLine, function: "<module>"), at: 0)
                }
                throw e
            }
        }
        return last
    }

    func runExpression(_ e: Expr, source: String, file: String) throws -> Value {
        let savedLimit = Tensor.maxElements, savedInterrupt = EngineInterrupt.isRequested
        let savedWarning = EngineWarning.handler
        defer {
            Tensor.maxElements = savedLimit
            EngineInterrupt.isRequested = savedInterrupt
            EngineWarning.handler = savedWarning
        }
        beginRun(source: source, file: file, firstLine: 1)
        let savedFile = currentFile
        currentFile = file
        defer { currentFile = savedFile }
        do { return try eval(e) } catch { throw locate(error, e.line, e.col) }
    }

    /// Keeps the lines of `source` for error messages. NOTE: the table is updated in place
    /// (`sourceLines[file, default:]`); copying it per command made piped input quadratic.
    func remember(_ source: String, file: String, firstLine: Int) {
        for (k, l) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            sourceLines[file, default: [:]][firstLine + k] = String(l)
        }
    }

    /// Raises KeyboardInterrupt when Ctrl-C was pressed (for long loops inside one builtin call).
    func pollInterrupt() throws {
        if interruptDeferred == 0 && interruptFlag.load(ordering: .relaxed) {
            interruptFlag.store(false, ordering: .relaxed)
            throw ScriptError(kind: "KeyboardInterrupt", message: "interrupted")
        }
    }

    /// Checks the interrupt flag and the step budget; every 4,096 steps, the process's memory.
    @inline(__always)
    func tick() throws {
        steps &+= 1
        if steps & 0xFFF == 0, let message = MemoryBudget.processMemoryProblem(extra: 0) {
            // Objects that are not tensors (`l = [l]` a billion times) grow without a per-object
            // cap; stop before the address space (ulimit -v) runs out and an allocation aborts.
            throw ScriptError(kind: "MemoryError", message: message)
        }
        if interruptDeferred == 0 && interruptFlag.load(ordering: .relaxed) {
            interruptFlag.store(false, ordering: .relaxed)
            throw ScriptError(kind: "KeyboardInterrupt", message: "interrupted")
        }
        if let limit = stepLimit, steps > limit {
            throw ScriptError(
                kind: "StepLimitExceeded",
                message: "stopped after \(limit) steps (statements, loop iterations and calls)")
        }
    }

    /// Gives an error a position (the innermost one wins) and converts engine errors.
    func locate(_ error: Error, _ line: Int, _ col: Int) -> ScriptError {
        var e: ScriptError
        switch error {
        case let s as ScriptError:
            if s.line > 0 { return s }
            e = s
        case let g as EngineError:
            let kind =
                switch g.kind {
                case .memory: "MemoryError"
                case .recursion: "RecursionError"
                case .interrupt: "KeyboardInterrupt"
                case .runtime: "RuntimeError"
                case .index: "IndexError"
                case .value: "ValueError"
                case .assertion: "AssertionError"
                case .fileNotFound: "FileNotFoundError"
                }
            if g.kind == .interrupt { interruptFlag.store(false, ordering: .relaxed) }
            e = ScriptError(kind: kind, message: g.kind == .interrupt ? "interrupted" : g.description)
        default:
            e = ScriptError(kind: "RuntimeError", message: "\(error)")
        }
        e.file = currentFile
        e.line = line
        e.column = col
        e.sourceLine = sourceLines[currentFile]?[line]
        return e
    }

    /// Runs one operation; its errors get the position. A result that took the live tensors past
    /// the memory budget (an op that does not check first, `x.exp()`) is dropped with MemoryError.
    @inline(__always)
    func located<T>(_ line: Int, _ col: Int, _ body: () throws -> T) throws -> T {
        do {
            let r = try body()
            if MemoryBudget.isOverdrawn { throw MemoryBudget.overdrawnError() }
            return r
        } catch { throw locate(error, line, col) }
    }

    // MARK: statements

    func execBlock(_ body: [Stmt]) throws -> Flow {
        for s in body {
            let f = try exec(s)
            if case .normal = f { continue }
            return f
        }
        return .normal
    }

    func exec(_ s: Stmt) throws -> Flow {
        try tick()
        if let f = frame { f.line = s.line } else { currentLine = s.line }
        do {
            return try execUnlocated(s)
        } catch {
            throw locate(error, s.line, s.col)
        }
    }

    private func execUnlocated(_ s: Stmt) throws -> Flow {
        switch s.kind {
        case .expr(let e):
            _ = try eval(e)
        case .assign(let targets, let valueExpr):
            let v = try eval(valueExpr)
            for t in targets { try assign(t, v) }
        case .annAssign(let t, let valueExpr):
            if let ve = valueExpr { try assign(t, try eval(ve)) }
        case .augAssign(let target, let op, let rhsExpr):
            try augAssign(target, op, rhsExpr)
        case .ifS(let branches, let orelse):
            for (cond, body) in branches where try truthy(try eval(cond)) {
                return try execBlock(body)
            }
            if let body = orelse { return try execBlock(body) }
        case .forS(let target, let iterExpr, let body, let orelse):
            let iterable = try eval(iterExpr)
            let next = try located(iterExpr.line, iterExpr.col) { try iterate(iterable) }
            while true {
                guard let item = try located(iterExpr.line, iterExpr.col, { try next() }) else { break }
                try tick()
                try assign(target, item)
                switch try execBlock(body) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continueLoop: break
                }
            }
            if let body = orelse { return try execBlock(body) }
        case .whileS(let cond, let body, let orelse):
            while try truthy(try eval(cond)) {
                try tick()
                switch try execBlock(body) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continueLoop: break
                }
            }
            if let body = orelse { return try execBlock(body) }
        case .breakS: return .breakLoop
        case .continueS: return .continueLoop
        case .pass: break
        case .returnS(let e):
            guard frame != nil, frame?.isClassBody == false else {
                throw ScriptError(kind: "SyntaxError", message: "'return' outside function")
            }
            return .returned(try e.map { try eval($0) } ?? .none)
        case .def(let fd):
            let fn = try makeFunction(fd, lambdaBody: nil)
            try assign(Expr(.name(fd.name), s.line, s.col), .object(fn))
        case .classDef(let name, let baseExprs, let body):
            try defineClass(name, baseExprs, body, s)
        case .with(let items, let body):
            return try execWith(items[...], body)
        case .importS(let items):
            for (path, alias) in items {
                guard let mod = try findModule(path) else { throw noModule(path) }
                if let a = alias {
                    try setVar(a, mod)
                } else {
                    let top = String(path.split(separator: ".")[0])
                    guard let topMod = try findModule(top) else { throw noModule(top) }
                    try setVar(top, topMod)
                }
            }
        case .fromImport(let path, let items):
            guard let mod = try findModule(path), case .object(let ns) = mod else { throw noModule(path) }
            for (n, alias) in items {
                if n == "*" {
                    for k in ns.attributeNames where !(ns is LocalModule && k.hasPrefix("_")) {
                        try setVar(k, try ns.getAttribute(k, self) ?? .none)
                    }
                    continue
                }
                let v: Value
                // a user package's submodule that is not an attribute yet is imported now
                let local = (ns as? LocalModule).map { $0.scope.vars[n] == nil } ?? false
                let submodule = local ? try findModule(path + "." + n) : nil
                if let sub = modules[path + "." + n] ?? submodule {
                    v = sub
                } else {
                    do {
                        guard let got = try ns.getAttribute(n, self) else { throw noModule(path + "." + n) }
                        v = got
                    } catch let e as ScriptError {
                        let from = (ns as? LocalModule).map { " (\($0.file))" } ?? ""
                        throw ScriptError(
                            kind: "ImportError",
                            message: "cannot import name '\(n)' from '\(path)'\(from)"
                                + (e.message.contains("did you mean")
                                    ? "; did you mean '\(suggest(n, ns.attributeNames) ?? "")'?" : ""))
                    }
                }
                try setVar(alias ?? n, v)
            }
        case .global(let ns):
            frame?.globalNames.formUnion(ns)
        case .nonlocal(let ns):
            guard let f = frame, !f.isClassBody || f.enclosing != nil else {
                throw ScriptError(kind: "SyntaxError", message: "nonlocal declaration not allowed at module level")
            }
            for n in ns {
                var e = f.enclosing
                while let fr = e, fr.isClassBody || fr.vars[n] == nil { e = fr.enclosing }
                guard e != nil else {
                    throw ScriptError(kind: "SyntaxError", message: "no binding for nonlocal '\(n)' found")
                }
            }
            f.nonlocalNames.formUnion(ns)
        case .yieldS, .yieldAssign:
            // a generator's body runs its yields itself (Generators.swift); anywhere else is an error
            throw ScriptError(kind: "SyntaxError", message: "'yield' outside function")
        case .decorated(let decorators, let inner):
            let name: String
            switch inner.kind {
            case .def(let fd): name = fd.name
            case .classDef(let n, _, _): name = n
            default: throw ScriptError(kind: "SyntaxError", message: "a decorator must be followed by 'def' or 'class'")
            }
            // Decorators are evaluated before the definition, applied nearest first.
            let ds = try decorators.map { try eval($0) }
            _ = try exec(inner)
            var v = try lookup(name)
            for (d, de) in zip(ds, decorators).reversed() {
                v = try located(de.line, de.col) { try callValue(d, Args([v])) }
            }
            try setVar(name, v)
        case .del(let targets):
            for t in targets { try delete(t) }
        case .assert(let c, let msg):
            if !(try truthy(try eval(c))) {
                throw ScriptError(
                    kind: "AssertionError", message: try msg.map { try eval($0).str } ?? "assertion failed")
            }
        case .raise(let e, let causeExpr):
            guard let e else {
                // a bare `raise` re-raises the exception being handled
                guard let current = handling.last else {
                    throw ScriptError(kind: "RuntimeError", message: "No active exception to reraise")
                }
                throw current
            }
            var v = try eval(e)
            if case .object(let c as ClassValue) = v, c.exceptionRoot != nil { v = try instantiate(c, Args()) }
            var err: ScriptError
            switch v {
            case .object(let o as ExceptionObject): err = ScriptError(kind: o.kind, message: o.message)
            case .object(let c as ExceptionClass): err = ScriptError(kind: c.kind, message: "")
            case .object(let i as Instance) where i.cls.exceptionRoot != nil:
                err = ScriptError(kind: i.cls.name, message: try v.checkedStr())
                err.raised = RaisedException(v, i.cls)
            default: throw typeError("exceptions must derive from BaseException")
            }
            if let ce = causeExpr {
                let cause = try eval(ce)
                err.cause = CauseBox(cause)
                if case .object(let i as Instance) = v { i.attrs["__cause__"] = cause }
            }
            throw err
        case .tryS(let body, let handlers, let orelse, let fin):
            return try execTry(body, handlers, orelse, fin)
        }
        return .normal
    }

    func noModule(_ path: String) -> ScriptError {
        let known = Array(modules.keys)
        let hint =
            suggest(path, known).map { "; did you mean '\($0)'?" }
            ?? (path.hasPrefix("numpy.") ? " (gradstep's numpy has the array API and numpy.random only)" : "")
        return ScriptError(kind: "ModuleNotFoundError", message: "No module named '\(path)'\(hint)")
    }

    func execWith(_ items: ArraySlice<(Expr, Expr?)>, _ body: [Stmt]) throws -> Flow {
        guard let (e, target) = items.first else { return try execBlock(body) }
        let ctx = try eval(e)
        if let enter = try? userMethod(ctx, "__enter__"), let exit = try? userMethod(ctx, "__exit__") {
            // A user context manager: __exit__ runs however the body ends; a true result swallows the error.
            let entered = try callValue(enter, Args())
            if let t = target { try assign(t, entered) }
            let flow: Flow
            do {
                flow = try execWith(items.dropFirst(), body)
            } catch let err as ScriptError {
                let exc = exceptionValue(err)
                let kind = err.raised.map { .object($0.cls) } ?? builtinNames[err.kind] ?? .none
                if try truthy(try callValue(exit, Args([kind, exc, .none]))) { return .normal }
                throw err
            }
            _ = try callValue(exit, Args([.none, .none, .none]))
            return flow
        }
        guard case .object(let o) = ctx, let c = o as? ContextObject else {
            throw typeError(
                "'\(ctx.typeName)' object does not support the context manager protocol (use it with 'with')")
        }
        let entered = try c.enter()
        defer { c.exit() }
        if let t = target { try assign(t, entered) }
        return try execWith(items.dropFirst(), body)
    }

    func execTry(
        _ body: [Stmt], _ handlers: [(Expr?, String?, [Stmt])], _ orelse: [Stmt]?, _ fin: [Stmt]?
    ) throws -> Flow {
        // What the try statement ends with before `finally` runs: a flow, or an error to re-throw.
        var outcome: Result<Flow, Error>
        do {
            outcome = .success(try execBlock(body))
            if case .success(.normal) = outcome, let o = orelse {
                // `else` runs when the body raised nothing; its errors are not the handlers' to catch
                do { outcome = .success(try execBlock(o)) } catch { outcome = .failure(error) }
            }
        } catch let error {
            let e = error as? ScriptError ?? locate(error, 0, 0)
            outcome = .failure(e)
            do {
                for (typeExpr, alias, hbody) in handlers where try handlerMatches(typeExpr, e) {
                    if let a = alias { try setVar(a, exceptionValue(e)) }
                    handling.append(e)
                    defer { handling.removeLast() }
                    outcome = .success(try execBlock(hbody))
                    break
                }
            } catch {
                outcome = .failure(error)
            }
        }
        if let f = fin {
            // an error in `finally` replaces the pending one; a return/break there discards it
            let ff = try execBlock(f)
            if case .normal = ff {} else { return ff }
        }
        return try outcome.get()
    }

    /// Whether `except typeExpr:` catches `e` (a bare `except:` catches all but an interrupt or the
    /// step limit, which must stop the program).
    func handlerMatches(_ typeExpr: Expr?, _ e: ScriptError) throws -> Bool {
        guard let te = typeExpr else { return e.kind != "StepLimitExceeded" && e.kind != "KeyboardInterrupt" }
        let tv = try eval(te)
        return (tv.asArray ?? [tv]).contains { c in
            switch c {
            case .object(let ec as ExceptionClass):
                // a user exception is caught by the builtin one it derives from
                return ec.catches(e.raised?.cls.exceptionRoot ?? e.kind)
            case .object(let cv as ClassValue): return e.raised?.cls.isSubclass(of: cv) ?? false
            default: return false
            }
        }
    }

    /// What `except ... as e` binds: the instance raised, or an exception object for a builtin error.
    func exceptionValue(_ e: ScriptError) -> Value {
        if let r = e.raised { return r.value }
        let o = ExceptionObject(kind: e.kind, message: e.message)
        o.cause = e.cause?.value ?? .none
        return .object(o)
    }

    // MARK: names

    func lookup(_ name: String) throws -> Value {
        if let f = frame {
            if let v = f.vars[name] { return v }
            var e = f.enclosing
            while let fr = e {
                if !fr.isClassBody, let v = fr.vars[name] { return v }
                e = fr.enclosing
            }
        }
        if let v = names[name] { return v }
        if let v = builtinNames[name] { return v }
        throw nameError(name)
    }

    func nameError(_ name: String) -> ScriptError {
        var candidates = Array(names.keys) + Array(builtinNames.keys)
        var e = frame
        while let f = e {
            candidates += f.vars.keys
            e = f.enclosing
        }
        let hint = suggest(name, candidates).map { "; did you mean '\($0)'?" } ?? ""
        return ScriptError(kind: "NameError", message: "name '\(name)' is not defined\(hint)")
    }

    func setVar(_ name: String, _ v: Value) throws {
        if let f = frame, f.nonlocalNames.contains(name) {
            var e = f.enclosing
            while let fr = e {
                if !fr.isClassBody, fr.vars[name] != nil {
                    fr.vars[name] = v
                    return
                }
                e = fr.enclosing
            }
        }
        if let f = frame, !f.globalNames.contains(name) {
            f.vars[name] = v
        } else if let m = moduleScope() {
            m.vars[name] = v
        } else {
            setGlobal(name, v)
        }
    }

    // MARK: assignment

    func assign(_ target: Expr, _ v: Value) throws {
        switch target.kind {
        case .name(let n):
            try setVar(n, v)
        case .tuple(let ts), .list(let ts):
            let items = try located(target.line, target.col) { try unpack(v, ts) }
            for (t, item) in zip(ts, items) { try assign(t, item) }
        case .starred(let inner):
            try assign(inner, v)
        case .attribute(let objExpr, let n):
            let obj = try eval(objExpr)
            try located(target.line, target.col) { try setAttribute(obj, n, v) }
        case .index(let objExpr, let items, let tupleForm):
            let (obj, prefix) = try writeTarget(objExpr)
            let idx = try evalSubscript(items, tupleForm)
            try located(target.line, target.col) { try setItem(obj, Interpreter.joinIndex(prefix, idx), v) }
        default:
            throw ScriptError(kind: "SyntaxError", message: "cannot assign to expression")
        }
    }

    /// The object a subscript assignment writes into. `t[i][j] = v` (and `t[i][j] += v`) must write
    /// into t, as PyTorch's `t[i]` is a view of it: a chain of integer subscripts of a tensor is kept
    /// as the tensor and the integers (`t[i][j]` is `t[i, j]` there), so the final write goes to t.
    /// Anything else (slices, tensor indices, other objects) is evaluated as usual.
    /// NOTE: only the chained form is a view here; `r = t[i]; r[j] = v` still writes into a copy.
    func writeTarget(_ e: Expr) throws -> (Value, [Value]) {
        guard case .index(let inner, let items, let tupleForm) = e.kind else { return (try eval(e), []) }
        let (base, prefix) = try writeTarget(inner)
        let idx = try evalSubscript(items, tupleForm)
        let parts: [Value]
        if case .tuple(let xs) = idx { parts = xs } else { parts = [idx] }
        let ints = parts.allSatisfy {
            if case .int = $0 { return true }
            return false
        }
        if case .tensor = base, ints { return (base, prefix + parts) }
        let obj = prefix.isEmpty ? base : try located(e.line, e.col) { try getItem(base, .tuple(prefix)) }
        return (try located(e.line, e.col) { try getItem(obj, idx) }, [])
    }

    /// The subscript `prefix + idx` (idx alone when there is no prefix).
    static func joinIndex(_ prefix: [Value], _ idx: Value) -> Value {
        guard !prefix.isEmpty else { return idx }
        if case .tuple(let xs) = idx { return .tuple(prefix + xs) }
        return .tuple(prefix + [idx])
    }

    /// Splits `v` into `targets.count` values (one target may be starred).
    func unpack(_ v: Value, _ targets: [Expr]) throws -> [Value] {
        let items = try toList(
            v,
            limit: targets.count + 1
                + (targets.contains {
                    if case .starred = $0.kind { return true }
                    return false
                } ? Int.max / 4 : 0))
        if let si = targets.firstIndex(where: {
            if case .starred = $0.kind { return true }
            return false
        }) {
            let before = si, after = targets.count - si - 1
            guard items.count >= before + after else {
                throw valueError(
                    "not enough values to unpack (expected at least \(before + after), got \(items.count))")
            }
            return Array(items[0..<before]) + [.list(ListRef(Array(items[before..<(items.count - after)])))]
                + Array(items[(items.count - after)...])
        }
        if items.count < targets.count {
            throw valueError("not enough values to unpack (expected \(targets.count), got \(items.count))")
        }
        if items.count > targets.count {
            throw valueError("too many values to unpack (expected \(targets.count))")
        }
        return items
    }

    func augAssign(_ target: Expr, _ op: BinOp, _ rhsExpr: Expr) throws {
        switch target.kind {
        case .name(let n):
            let cur = try located(target.line, target.col) { try lookup(n) }
            let rhs = try eval(rhsExpr)
            let r = try located(target.line, target.col) { try inPlace(op, cur, rhs) }
            try setVar(n, r)
        case .attribute(let objExpr, let n):
            let obj = try eval(objExpr)
            let cur = try located(target.line, target.col) { try getAttribute(obj, n) }
            let rhs = try eval(rhsExpr)
            let r = try located(target.line, target.col) { try inPlace(op, cur, rhs) }
            try located(target.line, target.col) { try setAttribute(obj, n, r) }
        case .index(let objExpr, let items, let tupleForm):
            let (obj, prefix) = try writeTarget(objExpr)
            let idx = Interpreter.joinIndex(prefix, try evalSubscript(items, tupleForm))
            let cur = try located(target.line, target.col) { try getItem(obj, idx) }
            let rhs = try eval(rhsExpr)
            let r = try located(target.line, target.col) { try inPlace(op, cur, rhs) }
            try located(target.line, target.col) { try setItem(obj, idx, r) }
        default:
            throw ScriptError(kind: "SyntaxError", message: "illegal expression for augmented assignment")
        }
    }

    /// `a op= b`: lists extend in place; tensors update in place, as PyTorch's `add_` (through the
    /// engine's `assign`, which records the write for a non-leaf under autograd).
    func inPlace(_ op: BinOp, _ cur: Value, _ rhs: Value) throws -> Value {
        if case .list(let l) = cur, op == .add {
            l.items.append(contentsOf: try toList(rhs))
            return cur
        }
        if case .tensor(let t) = cur {
            let r = try Operators.binary(op, cur, rhs)
            guard case .tensor(let rt) = r else { return r }
            // As PyTorch's __iadd__: the engine writes in place (leaf rule, shape and dtype checks,
            // version counter) and a non-leaf keeps its history (the write is recorded).
            try t.assign(rt)
            return cur
        }
        // numpy's `a += 1` writes the array in place (so a tensor from `torch.from_numpy(a)` sees it).
        if case .object(let a as NDArray) = cur, !a.isScalar,
            case .object(let r as NDArray) = try binaryOp(op, cur, rhs)
        {
            guard r.shape == a.shape else {
                throw valueError(
                    "non-broadcastable output operand with shape \(a.shape) doesn't match the broadcast shape "
                        + "\(r.shape)")
            }
            guard r.dtype.rank <= a.dtype.rank || (r.dtype.isFloat && a.dtype.isFloat) else {
                throw typeError(
                    "Cannot cast ufunc output from dtype('\(r.dtype.rawValue)') to dtype('\(a.dtype.rawValue)') with "
                        + "casting rule 'same_kind'")
            }
            a.assign(Array(0..<a.count), r.astype(a.dtype))
            return cur
        }
        return try binaryOp(op, cur, rhs)
    }

    func delete(_ target: Expr) throws {
        switch target.kind {
        case .name(let n):
            if let f = frame, f.vars.removeValue(forKey: n) != nil { return }
            guard names.removeValue(forKey: n) != nil else { throw nameError(n) }
            nameOrder.removeAll { $0 == n }
            if tracksChangedNames { changedNames.insert(n) }
        case .index(let objExpr, let items, let tupleForm):
            let obj = try eval(objExpr)
            let idx = try evalSubscript(items, tupleForm)
            switch (obj, idx) {
            case (.list(let l), .int(let i)):
                let k = i < 0 ? i + l.items.count : i
                guard k >= 0 && k < l.items.count else {
                    throw ScriptError(kind: "IndexError", message: "list assignment index out of range")
                }
                l.items.remove(at: k)
            case (.dict(let d), _):
                guard try d.remove(idx) != nil else { throw ScriptError(kind: "KeyError", message: idx.repr) }
            case (.list(let l), .object(let sv as SliceValue)):
                let (start, stop, step) = try sv.indices(count: l.items.count)
                var drop = Set<Int>()
                var i = start
                while step > 0 ? i < stop : i > stop {
                    drop.insert(i)
                    i += step
                }
                l.items = l.items.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
            case (.object(let o), _) where o is Instance:
                guard let m = try userMethod(obj, "__delitem__") else {
                    throw typeError("'\(obj.typeName)' object doesn't support item deletion")
                }
                _ = try callValue(m, Args([idx]))
            default: throw typeError("'\(obj.typeName)' object doesn't support item deletion")
            }
        case .tuple(let ts), .list(let ts):
            for t in ts { try delete(t) }
        default:
            throw ScriptError(kind: "SyntaxError", message: "cannot delete expression")
        }
    }

    // MARK: functions and classes

    func makeFunction(_ fd: FunctionDef, lambdaBody: Expr?) throws -> UserFunction {
        let defaults = try fd.params.map { p in try p.defaultValue.map { try eval($0) } }
        var enclosing = frame
        while let f = enclosing, f.isClassBody { enclosing = f.enclosing }
        let fn = UserFunction(
            def: fd, defaults: defaults, enclosing: enclosing, file: currentFile, lambdaBody: lambdaBody)
        fn.qualname = qualifiedName(lambdaBody == nil ? fd.name : "<lambda>")
        return fn
    }

    func defineClass(_ name: String, _ baseExprs: [Expr], _ body: [Stmt], _ s: Stmt) throws {
        var bases: [ClassValue] = []
        var isModule = false
        var exceptionRoot: String? = nil
        var builtinBase: BuiltinClass? = nil
        for be in baseExprs {
            let b = try eval(be)
            switch b {
            case .object(let c as ClassValue):
                bases.append(c)
                if c.isModule { isModule = true }
            case .object(let c as BuiltinClass) where c.kind == .module && c.constructor != nil:
                guard builtinBase == nil else {
                    throw typeError("class \(name) can derive from one built-in layer class, not several")
                }
                builtinBase = c
                isModule = true
            case .object(let m as Marker) where m.name == "nn.Module":
                isModule = true
            case .object(let m as Marker) where m.name == "object":
                break
            case .object(let e as ExceptionClass):
                exceptionRoot = exceptionRoot ?? e.kind
            default:
                throw typeError(
                    "class \(name) can derive from nn.Module, a built-in layer or another class defined in the "
                        + "script, not from \(b.repr)"
                )
            }
        }
        let cls = ClassValue(name: name, bases: bases, isModule: isModule, exceptionRoot: exceptionRoot)
        cls.builtinBase = builtinBase
        if builtinBase != nil, bases.contains(where: { $0.builtinRoot != nil }) {
            throw typeError("class \(name) can derive from one built-in layer class, not several")
        }
        cls.qualname = qualifiedName(name)
        for st in body {
            if case .annAssign(let t, _) = st.kind, case .name(let n) = t.kind, !cls.annotations.contains(n) {
                cls.annotations.append(n)
            }
        }
        let classFrame = Frame(name: name, enclosing: frame, isClassBody: true)
        classFrame.qualname = qualifiedName(name)
        let saved = frame
        frame = classFrame
        defer { frame = saved }
        var order: [String] = []
        for st in body {
            let before = Set(classFrame.vars.keys)
            switch try exec(st) {
            case .normal: break
            default:
                throw ScriptError(kind: "SyntaxError", message: "'return'/'break'/'continue' outside function or loop")
            }
            for k in classFrame.vars.keys where !before.contains(k) { order.append(k) }
        }
        for k in order {
            guard let v = classFrame.vars[k] else { continue }
            if case .object(let f as UserFunction) = v { f.owner = cls }
            _ = try cls.setAttribute(k, v, self)
        }
        frame = saved
        try setVar(name, .object(cls))
    }

    func instantiate(_ cls: ClassValue, _ args: Args) throws -> Value {
        let instance: Value
        if cls.isModule {
            instance = .module(ScriptModule(cls: cls, interpreter: self))
        } else {
            let i = Instance(cls: cls)
            i.interpreter = self
            instance = .object(i)
            // an exception keeps its constructor's arguments (BaseException.__new__)
            if cls.exceptionRoot != nil {
                i.attrs["args"] = .tuple(args.positional)
                i.attrOrder.append("args")
                if cls.lookup("__init__") == nil { return instance }
            }
        }
        if let ini = cls.lookup("__init__"), let m = Interpreter.bindMethod(ini, to: instance) {
            let r = try callValue(m, args)
            guard r.isNone else { throw typeError("__init__() should return None, not '\(r.typeName)'") }
        } else if let root = cls.builtinRoot, case .module(let sm as ScriptModule) = instance {
            // no __init__ of its own: the built-in layer's constructor takes the arguments
            _ = try callValue(try builtinBaseAttribute(sm, root, "__init__"), args)
        } else if !args.isEmpty {
            throw typeError("\(cls.name)() takes no arguments")
        }
        return instance
    }

    /// Calls a user function: binds parameters, runs the body in a new frame, and adds this call
    /// to the traceback of any error that escapes.
    func callUser(_ fn: UserFunction, _ args: Args) throws -> Value {
        try tick()
        try checkStack()
        guard callDepth < maxCallDepth else {
            throw ScriptError(
                kind: "RecursionError",
                message: "maximum recursion depth exceeded (\(maxCallDepth) nested calls) in '\(fn.def.name)'")
        }
        let fd = fn.def
        let f = Frame(name: fd.name, enclosing: fn.enclosing)
        f.qualname = fn.qualname
        try bindParameters(fn, args, into: f)
        if fd.isGenerator {
            // Lazy: the body runs as values are asked for (Generators.swift).
            return .object(GeneratorIterator(GeneratorState(fn, frame: f, self)))
        }
        return try runFrame(fn, f)
    }

    /// Runs a user function's body in its prepared frame.
    private func runFrame(_ fn: UserFunction, _ f: Frame) throws -> Value {
        try checkStack()
        guard callDepth < maxCallDepth else {
            throw ScriptError(
                kind: "RecursionError",
                message: "maximum recursion depth exceeded (\(maxCallDepth) nested calls) in '\(fn.def.name)'")
        }
        let fd = fn.def
        callDepth += 1
        let savedFrame = frame, savedFile = currentFile, savedFn = currentFunction
        frame = f
        currentFile = fn.file
        currentFunction = fn
        defer {
            callDepth -= 1
            frame = savedFrame
            currentFile = savedFile
            currentFunction = savedFn
        }
        do {
            if let body = fn.lambdaBody {
                f.line = body.line
                return try located(body.line, body.col) { try eval(body) }
            }
            switch try execBlock(fd.body) {
            case .returned(let v): return v
            default: return .none
            }
        } catch var e as ScriptError {
            if e.frames.count < 200 {
                e.frames.insert(
                    TraceFrame(file: fn.file, line: f.line, function: fn.lambdaBody == nil ? fd.name : "<lambda>"),
                    at: 0)
            }
            throw e
        }
    }

    func bindParameters(_ fn: UserFunction, _ args: Args, into f: Frame) throws {
        let params = fn.def.params
        // Python names the function by its qualified name: `Net.forward()`, `main.<locals>.f()`
        let fname = fn.qualname
        var pos = args.positional[...]
        var starArgs: [Value] = []
        var kwargs: [(String, Value)] = []
        var bound = Set<String>()
        for p in params {
            if p.star {
                starArgs = Array(pos)
                pos = []
                f.vars[p.name] = .tuple(starArgs)
                bound.insert(p.name)
            } else if p.doubleStar || p.keywordOnly {
                continue
            } else if let v = pos.first {
                pos = pos.dropFirst()
                f.vars[p.name] = v
                bound.insert(p.name)
            }
        }
        if !pos.isEmpty {
            let positional = params.enumerated().filter {
                !$0.element.star && !$0.element.doubleStar && !$0.element.keywordOnly
            }
            let n = positional.count
            let required = positional.filter { fn.defaults[$0.offset] == nil }.count
            let takes = required == n ? "\(n)" : "from \(required) to \(n)"
            let given = args.positional.count
            let keywordOnly = Set(params.filter(\.keywordOnly).map(\.name))
            let kw = args.keywords.filter { keywordOnly.contains($0.0) }.count
            let also =
                kw == 0
                ? ""
                : " positional argument\(given == 1 ? "" : "s") (and \(kw) keyword-only argument\(kw == 1 ? "" : "s"))"
            throw typeError(
                "\(fname)() takes \(takes) positional argument\(n == 1 ? "" : "s") but \(given)\(also) "
                    + "\(given == 1 && kw == 0 ? "was" : "were") given"
            )
        }
        for (k, v) in args.keywords {
            if let p = params.first(where: { $0.name == k && !$0.star && !$0.doubleStar }) {
                guard !bound.contains(p.name) else {
                    throw typeError("\(fname)() got multiple values for argument '\(k)'")
                }
                f.vars[k] = v
                bound.insert(k)
            } else if params.contains(where: { $0.doubleStar }) {
                kwargs.append((k, v))
            } else {
                let hint = suggest(k, params.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw typeError("\(fname)() got an unexpected keyword argument '\(k)'\(hint)")
            }
        }
        var missing: [String] = [], missingKeywordOnly: [String] = []
        for (i, p) in params.enumerated() where !bound.contains(p.name) {
            if p.doubleStar {
                let d = DictRef()
                for (k, v) in kwargs { try d.set(.string(k), v) }
                f.vars[p.name] = .dict(d)
            } else if p.star {
                f.vars[p.name] = .tuple([])
            } else if let d = fn.defaults[i] {
                f.vars[p.name] = d
            } else if p.keywordOnly {
                missingKeywordOnly.append(p.name)
            } else {
                missing.append(p.name)
            }
        }
        // Python's words: "f() missing 2 required positional arguments: 'a' and 'b'"
        for (names, kind) in [(missing, "positional"), (missingKeywordOnly, "keyword-only")] where !names.isEmpty {
            let quoted = names.map { "'\($0)'" }
            let list =
                quoted.count == 1
                ? quoted[0]
                : quoted.count == 2
                    ? "\(quoted[0]) and \(quoted[1])"
                    : quoted.dropLast().joined(separator: ", ") + ", and " + (quoted.last ?? "")
            throw typeError(
                "\(fname)() missing \(names.count) required \(kind) argument\(names.count == 1 ? "" : "s"): \(list)")
        }
    }

    /// Python's `__qualname__` of something named `name` defined here: `f` at module level,
    /// `Net.forward` in a class body, `main.<locals>.f` inside a function.
    func qualifiedName(_ name: String) -> String {
        var f = frame
        while let fr = f, fr.name == "<comprehension>" { f = fr.enclosing }
        guard let fr = f else { return name }
        return fr.isClassBody ? "\(fr.qualname).\(name)" : "\(fr.qualname).<locals>.\(name)"
    }
}

extension Flow {
    var keyword: String {
        switch self {
        case .breakLoop: return "break"
        case .continueLoop: return "continue"
        default: return "return"
        }
    }
}
