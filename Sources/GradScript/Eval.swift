// Eval: expressions. Names, literals, operators (Operators.swift), attribute access, calls with
// keyword arguments, indexing and slicing (`x[:, 1:3]`, `output.max(dim=1)[1]`), comprehensions,
// f-strings, and iteration over ranges, lists, tensors, data loaders.
// Non-goals: descriptors, `__getattr__` hooks, generators (generator expressions are eager).

import GradEngine

extension Interpreter {
    func eval(_ e: Expr) throws -> Value {
        switch e.kind {
        case .name(let n):
            return try located(e.line, e.col) { try lookup(n) }
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .bytes(let b): return .object(BytesObject(b))
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .fstring(let parts):
            return .string(try formatParts(parts))
        case .list(let xs):
            return .list(ListRef(try evalItems(xs)))
        case .tuple(let xs):
            return .tuple(try evalItems(xs))
        case .set(let xs):
            let items = try evalItems(xs)
            return try located(e.line, e.col) { .object(try SetObject(items)) }
        case .dict(let kv):
            let d = DictRef()
            for (k, v) in kv {
                if case .starred = k.kind {
                    let m = try eval(v)
                    guard case .dict(let src) = m else { throw typeError("'\(m.typeName)' object is not a mapping") }
                    for (mk, mv) in zip(src.keys, src.values) { try d.set(mk, mv) }
                    continue
                }
                let kv = try eval(k)
                let vv = try eval(v)
                try located(k.line, k.col) { try d.set(kv, vv) }
            }
            return .dict(d)
        case .unary(let op, let x):
            let v = try eval(x)
            if op == "not" { return .bool(!(try located(e.line, e.col) { try truthy(v) })) }
            return try located(e.line, e.col) {
                if userClass(v) != nil,
                    let m = try userMethod(v, ["-": "__neg__", "+": "__pos__", "~": "__invert__"][op] ?? "")
                {
                    return try callValue(m, Args())
                }
                if case .tensor(let t) = v { try checkRoom(t.count, Args()) }
                return try Operators.unary(op, v)
            }
        case .binary, .and, .or, .attribute, .index:
            return try evalChain(e)
        case .compare(let first, let rest):
            var left = try eval(first)
            var result: Value = .bool(true)
            for (op, rexpr) in rest {
                let right = try eval(rexpr)
                result = try located(rexpr.line, rexpr.col) { try compare(op, left, right) }
                if rest.count > 1, !(try truthy(result)) { return result }
                left = right
            }
            return result
        case .ifExp(let c, let a, let b):
            return try truthy(try eval(c)) ? try eval(a) : try eval(b)
        case .call(let fexpr, let argExprs):
            return try evalCall(e, fexpr, argExprs)
        case .lambda(let params, let body):
            let fd = FunctionDef(name: "<lambda>", params: params, body: [], line: e.line)
            return .object(try makeFunction(fd, lambdaBody: body))
        case .comprehension(let kind, let element, let value, let clauses):
            return try evalComprehension(kind, element, value, clauses, e)
        case .starred:
            throw ScriptError(
                kind: "SyntaxError", message: "can't use starred expression here", file: currentFile, line: e.line,
                column: e.col, sourceLine: sourceLines[currentFile]?[e.line])
        case .walrus(let name, let valueExpr):
            let v = try eval(valueExpr)
            // inside a comprehension the name belongs to the scope that contains it, as in Python
            var target = frame
            while let f = target, f.name == "<comprehension>" { target = f.enclosing }
            let saved = frame
            frame = target
            defer { frame = saved }
            try setVar(name, v)
            return v
        }
    }

    /// A left-associative chain `a + b - c * d ...`, `a and b and c`, `x[0][1].T`: a loop over its
    /// left spine (innermost first), so a flat chain of any length takes one level of recursion, not
    /// one per term. `and`/`or` short-circuit as in Python: `x and y` is x if x is falsy, else y.
    func evalChain(_ e: Expr) throws -> Value {
        var spine: [Expr] = [e]
        var leftmost = e
        while let left = leftmost.chainLeft {
            spine.append(left)
            leftmost = left
        }
        spine.removeLast()  // the leftmost operand, evaluated on its own
        var value = try eval(leftmost)
        // The truth of `value` once asked (`x and y and z` with a falsy x asks it once, as Python).
        var truth: Bool? = nil
        for node in spine.reversed() {
            switch node.kind {
            case .binary(let op, _, let b):
                let bv = try eval(b)
                let av = value
                value = try located(node.line, node.col) { try binaryOp(op, av, bv) }
                truth = nil
            case .and(let a, let b), .or(let a, let b):
                let av = value
                let t = try truth ?? located(a.line, a.col) { try truthy(av) }
                truth = t
                var isAnd = false
                if case .and = node.kind { isAnd = true }
                if t == isAnd {  // `and` goes on when truthy, `or` when falsy
                    value = try eval(b)
                    truth = nil
                }
            case .attribute(_, let n):
                let obj = value
                value = try located(node.line, node.col) { try getAttribute(obj, n) }
                truth = nil
            case .index(_, let items, let tupleForm):
                let obj = value
                let idx = try evalSubscript(items, tupleForm)
                value = try located(node.line, node.col) { try getItem(obj, idx) }
                truth = nil
            default:
                break
            }
        }
        return value
    }

    /// `a op b`: user operator methods and operator objects first, then Python's and torch's rules.
    func binaryOp(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value {
        if a.mayDefineOperators || b.mayDefineOperators, let r = try userBinary(op, a, b) { return r }
        return try Operators.binary(op, a, b)
    }

    func evalItems(_ xs: [Expr]) throws -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(xs.count)
        for x in xs {
            if case .starred(let inner) = x.kind {
                let v = try eval(inner)
                out.append(contentsOf: try located(x.line, x.col) { try toList(v) })
            } else {
                out.append(try eval(x))
            }
        }
        return out
    }

    func evalCall(_ e: Expr, _ fexpr: Expr, _ argExprs: [Argument]) throws -> Value {
        try checkStack()
        var args = Args()
        // Method call: evaluate the receiver once and dispatch without a bound-method object.
        var receiver: Value? = nil
        var method = ""
        var callee: Value = .none
        if case .attribute(let objExpr, let n) = fexpr.kind {
            receiver = try eval(objExpr)
            method = n
        } else {
            callee = try eval(fexpr)
        }
        for a in argExprs {
            switch a {
            case .positional(let x): args.positional.append(try eval(x))
            case .keyword(let k, let x): args.keywords.append((k, try eval(x)))
            case .star(let x):
                let v = try eval(x)
                args.positional.append(contentsOf: try located(x.line, x.col) { try toList(v) })
            case .doubleStar(let x):
                let v = try eval(x)
                guard case .dict(let d) = v else {
                    throw typeError("argument after ** must be a mapping, not \(v.typeName)")
                }
                for (k, val) in zip(d.keys, d.values) {
                    guard case .string(let ks) = k else { throw typeError("keywords must be strings") }
                    args.keywords.append((ks, val))
                }
            }
        }
        return try located(e.line, e.col) {
            if let r = receiver {
                if case .tensor(let t) = r, TensorMethods.methods.has(method) {
                    try tick()
                    if !Self.noCopyMethods.contains(method) { try checkRoom(t.count, args) }
                    return try TensorMethods.methods.call(t, method, args, self) ?? .none
                }
                callee = try getAttribute(r, method)
            }
            switch callee {
            case .object(let f as BuiltinFunction) where !Self.noCopyBuiltins.contains(f.name): try checkRoom(0, args)
            case .module(let m) where !(m is ScriptModule): try checkRoom(0, args)
            default: break
            }
            return try callValue(callee, args)
        }
    }

    /// Under `ulimit -v`, a builtin op on a large tensor may need as much again for its result, and
    /// a failed allocation aborts the process: with too little address space left (a huge list, or
    /// other tensors, hold it) the call is refused with MemoryError first. Calls that make no copy
    /// (`print`, `len`, `x.size()`, ...) and the script's own functions (their ops check) are exempt.
    func checkRoom(_ receiverCount: Int, _ args: Args) throws {
        var largest = receiverCount
        for a in args.positional { if case .tensor(let t) = a { largest = max(largest, t.count) } }
        guard largest >= 1 << 18, let message = MemoryBudget.processMemoryProblem(extra: largest &* 4) else { return }
        throw ScriptError(kind: "MemoryError", message: message)
    }

    static let noCopyMethods: Set<String> = [
        "size", "dim", "numel", "nelement", "ndimension", "item", "element_size", "is_contiguous", "stride",
        "requires_grad_", "retain_grad", "register_hook",
    ]
    static let noCopyBuiltins: Set<String> = [
        "print", "len", "type", "isinstance", "id", "repr", "str", "format", "hasattr", "getattr", "setattr",
    ]

    func callValue(_ f: Value, _ args: Args) throws -> Value {
        switch f {
        case .object(let o):
            if let r = try o.call(args, self) { return r }
            throw typeError("'\(o.typeName)' object is not callable")
        case .module(let m):
            return try callModule(m, args)
        default:
            throw typeError("'\(f.typeName)' object is not callable")
        }
    }

    /// `model(x)`: a user module runs its `forward` with all arguments; an engine layer takes one tensor.
    func callModule(_ m: Module, _ args: Args) throws -> Value {
        if let sm = m as? ScriptModule {
            guard case .object(let o)? = sm.cls.lookup("forward"), let fwd = o as? UserFunction else {
                if let core = sm.core { return try callModule(core, args) }
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "\(sm.typeName) has no forward method: define 'def forward(self, x):' in the class")
            }
            var a = args
            a.positional.insert(.module(m), at: 0)
            return try callUser(fwd, a)
        }
        if let r = try callRecurrent(m, args) { return r }
        guard args.positional.count == 1, args.keywords.isEmpty else {
            throw typeError(
                "\(m.typeName).forward() takes 1 tensor argument but \(args.positional.count + args.keywords.count) "
                    + "were given"
            )
        }
        let x = try toTensor(args.positional[0], "\(m.typeName)(): input")
        try tick()
        return .tensor(try m.forward(x))
    }

    // MARK: attributes

    func getAttribute(_ obj: Value, _ name: String) throws -> Value {
        if name == "__class__" { return classValue(of: obj) }
        switch obj {
        case .tensor(let t):
            if let v = try TensorMethods.attribute(t, name, self) { return v }
        case .module(let m):
            if m is ScriptModule {
                if let p = userProperty(obj, name) { return try resolveDescriptor(.object(p), receiver: obj) }
                return try resolveDescriptor(try moduleAttribute(obj, name, skipUser: false), receiver: obj)
            }
            return try moduleAttribute(obj, name, skipUser: false)
        case .object(let o):
            if o is Instance || o is ClassValue {
                if let p = userProperty(obj, name) { return try resolveDescriptor(.object(p), receiver: obj) }
                if let v = try o.getAttribute(name, self) { return try resolveDescriptor(v, receiver: obj) }
            }
            if let v = try o.getAttribute(name, self) { return v }
            let hint = suggest(name, o.attributeNames).map { "; did you mean '\($0)'?" } ?? ""
            throw ScriptError(
                kind: "AttributeError", message: "'\(o.typeName)' object has no attribute '\(name)'\(hint)")
        case .dict(let d) where d.isCounter && (name == "update" || name == "subtract"):
            // counting: an iterable adds 1 per item, a mapping adds its counts (subtract takes them away)
            let sign = name == "update" ? 1 : -1
            return .object(
                BuiltinFunction("Counter.\(name)(iterable=None, /, **kwds)") { b, interp in
                    func add(_ k: Value, _ n: Value) throws {
                        let signed = sign == 1 ? n : try Operators.binary(.mul, n, .int(-1))
                        try d.set(k, try Operators.binary(.add, try d.get(k) ?? .int(0), signed))
                    }
                    if case .dict(let o)? = b.value("iterable") {
                        for (k, v) in zip(o.keys, o.values) { try add(k, v) }
                    } else if let src = b.value("iterable") {
                        let next = try interp.iterate(src)
                        while let x = try next() { try add(x, .int(1)) }
                    }
                    for (k, v) in b.extra { try add(.string(k), v) }
                    return .none
                })
        case .dict(let d) where d.isCounter && name == "total":
            return .object(
                BuiltinFunction("Counter.total()") { _, _ in
                    try d.values.reduce(Value.int(0)) { try Operators.binary(.add, $0, $1) }
                })
        case .dict(let d) where d.isCounter && name == "most_common":
            return .object(
                BuiltinFunction("Counter.most_common(n=None)") { b, _ in
                    let pairs = zip(d.keys, d.values).enumerated().sorted { x, y in
                        let a = x.element.1.asDouble ?? 0, c = y.element.1.asDouble ?? 0
                        return a != c ? a > c : x.offset < y.offset
                    }.map { Value.tuple([$0.element.0, $0.element.1]) }
                    let n = try b.optInt("n") ?? pairs.count
                    return .list(ListRef(Array(pairs.prefix(Swift.max(0, n)))))
                })
        default:
            if let v = try BuiltinMethods.attribute(obj, name, self) { return v }
        }
        let candidates = attributeNames(of: obj)
        let hint = suggest(name, candidates).map { "; did you mean '\($0)'?" } ?? ""
        throw ScriptError(kind: "AttributeError", message: "'\(obj.typeName)' object has no attribute '\(name)'\(hint)")
    }

    /// Names available after `obj.` (completion, suggestions).
    func attributeNames(of obj: Value) -> [String] {
        switch obj {
        case .tensor: return TensorMethods.attributeNames
        case .module(let m):
            var n = m.children.map(\.name) + m.ownParameters.map(\.name)
            if let sm = m as? ScriptModule { n += sm.attrOrder + sm.cls.attributeNames }
            return n + ModuleMethods.names
        case .object(let o): return o.attributeNames
        default: return BuiltinMethods.names(for: obj)
        }
    }

    func setAttribute(_ obj: Value, _ name: String, _ v: Value) throws {
        if let p = userProperty(obj, name) {
            guard let f = p.fset else {
                throw ScriptError(
                    kind: "AttributeError", message: "property '\(name)' of '\(obj.typeName)' object has no setter")
            }
            _ = try callValue(f, Args([obj, v]))
            return
        }
        switch obj {
        case .module(let m):
            try setModuleAttribute(m, name, v)
        case .tensor(let t):
            switch name {
            case "requires_grad":
                guard case .bool(let b) = v else { throw typeError("requires_grad must be a bool") }
                try t.requiresGrad(b)
            case "grad":
                if case .none = v {
                    t.grad = nil
                    return
                }
                let g = try toTensor(v, "assigned grad")
                guard g.shape == t.shape else {
                    throw ScriptError(
                        kind: "RuntimeError",
                        message:
                            "assigned grad has data of a different size: \(shapeText(g.shape)) vs \(shapeText(t.shape))"
                    )
                }
                t.grad = g
            case "data":
                let d = try toTensor(v, "assigned data")
                guard d.count == t.count else {
                    throw ScriptError(
                        kind: "RuntimeError",
                        message:
                            "assigned data has \(d.count) elements, the tensor has \(t.count) (shape "
                            + "\(shapeText(t.shape)))"
                    )
                }
                t.data = d.data
            default:
                throw ScriptError(
                    kind: "AttributeError",
                    message: "'Tensor' object attribute '\(name)' is read-only or does not exist")
            }
        case .object(let o):
            if try o.setAttribute(name, v, self) { return }
            throw ScriptError(
                kind: "AttributeError", message: "cannot set attribute '\(name)' of '\(o.typeName)' object")
        default:
            throw ScriptError(
                kind: "AttributeError", message: "'\(obj.typeName)' object attribute '\(name)' is read-only")
        }
    }

    // MARK: indexing

    /// The value of what is inside `[...]`: one item, or a tuple of items (slices become `SliceValue`s).
    func evalSubscript(_ items: [SubscriptItem], _ tupleForm: Bool) throws -> Value {
        var vals: [Value] = []
        for it in items {
            switch it {
            case .index(let x): vals.append(try eval(x))
            case .slice(let a, let b, let c):
                vals.append(
                    .object(
                        SliceValue(
                            try a.map { try eval($0) } ?? .none,
                            try b.map { try eval($0) } ?? .none,
                            try c.map { try eval($0) } ?? .none)))
            case .ellipsis: vals.append(.object(EllipsisValue.shared))
            }
        }
        return (vals.count == 1 && !tupleForm) ? vals[0] : .tuple(vals)
    }

    func getItem(_ obj: Value, _ idx: Value) throws -> Value {
        switch obj {
        case .tensor(let t):
            return .tensor(try t.index(try tensorIndexItems(idx)))
        case .list(let l):
            return try sequenceItem(l.items, idx, "list", make: { .list(ListRef($0)) })
        case .tuple(let xs):
            return try sequenceItem(xs, idx, "tuple", make: { .tuple($0) })
        case .string(let s):
            // Python indexes code points (a decomposed 'é' is two), not Swift's grapheme clusters
            let cs = Array(s.unicodeScalars)
            return try sequenceItem(
                cs.map { .string(String($0)) }, idx, "string", make: { .string($0.map(\.str).joined()) })
        case .dict(let d):
            if let v = try d.get(idx) { return v }
            if let f = d.defaultFactory {
                let v = try callValue(f, Args())
                try d.set(idx, v)
                return v
            }
            if d.isCounter {
                _ = try HashKey(idx)
                return .int(0)
            }
            throw ScriptError(kind: "KeyError", message: idx.repr)
        case .module(let m):
            let i = try toInt(idx, "module index")
            let k = i < 0 ? i + m.children.count : i
            guard k >= 0 && k < m.children.count else {
                throw ScriptError(
                    kind: "IndexError",
                    message: "index \(i) is out of range for \(m.typeName) with \(m.children.count) modules")
            }
            return .module(m.children[k].module)
        case .object(let o):
            if o is Instance, let m = try userMethod(obj, "__getitem__") { return try callValue(m, Args([idx])) }
            if let v = try o.getItem(idx, self) { return v }
            throw typeError("'\(o.typeName)' object is not subscriptable")
        default:
            throw typeError("'\(obj.typeName)' object is not subscriptable")
        }
    }

    func sequenceItem(_ xs: [Value], _ idx: Value, _ what: String, make: ([Value]) -> Value) throws -> Value {
        if case .object(let sv as SliceValue) = idx {
            let (start, stop, step) = try sv.indices(count: xs.count)
            var out: [Value] = []
            var i = start
            while step > 0 ? i < stop : i > stop {
                out.append(xs[i])
                i += step
            }
            return make(out)
        }
        let i = try toInt(idx, "\(what) indices")
        let k = i < 0 ? i + xs.count : i
        guard k >= 0 && k < xs.count else {
            throw ScriptError(kind: "IndexError", message: "\(what) index out of range")
        }
        return xs[k]
    }

    func setItem(_ obj: Value, _ idx: Value, _ v: Value) throws {
        switch obj {
        case .tensor(let t):
            let value = try toTensor(v, "assigned value")
            // The engine checks PyTorch's in-place rules (one message) and records the write.
            try t.setIndex(try tensorIndexItems(idx), to: value)
        case .list(let l):
            if case .object(let sv as SliceValue) = idx {
                // l[a:b] = items replaces that run (any length); an extended slice needs as many items
                let items = try toList(v)
                let (start, stop, step) = try sv.indices(count: l.items.count)
                if step == 1 {
                    l.items.replaceSubrange(start..<max(start, stop), with: items)
                    return
                }
                let targets = Array(stride(from: start, to: stop, by: step))
                guard targets.count == items.count else {
                    throw valueError(
                        "attempt to assign sequence of size \(items.count) to extended slice of size \(targets.count)")
                }
                for (k, x) in zip(targets, items) { l.items[k] = x }
                return
            }
            let i = try toInt(idx, "list indices")
            let k = i < 0 ? i + l.items.count : i
            guard k >= 0 && k < l.items.count else {
                throw ScriptError(kind: "IndexError", message: "list assignment index out of range")
            }
            l.items[k] = v
        case .dict(let d):
            try d.set(idx, v)
        case .module(let module) where (module.core ?? module) is Sequential || (module.core ?? module) is ModuleList:
            // seq[i] = module (PyTorch's Sequential/ModuleList __setitem__), also on a subclass of one
            let container = module.core ?? module
            guard case .module(let m) = v else {
                throw typeError("\(v.typeName) is not a Module subclass")
            }
            let i = try toInt(idx, "\(module.typeName) index")
            if let s = container as? Sequential { try s.setModule(at: i, m) }
            if let l = container as? ModuleList { try l.setModule(at: i, m) }
        case .object(let o):
            if o is Instance, let m = try userMethod(obj, "__setitem__") {
                _ = try callValue(m, Args([idx, v]))
                return
            }
            if try o.setItem(idx, v, self) { return }
            throw typeError("'\(o.typeName)' object does not support item assignment")
        default:
            throw typeError("'\(obj.typeName)' object does not support item assignment")
        }
    }

    /// Converts a subscript value into the engine's index items.
    func tensorIndexItems(_ idx: Value) throws -> [IndexItem] {
        let parts: [Value]
        if case .tuple(let xs) = idx { parts = xs } else { parts = [idx] }
        return try parts.map { p -> IndexItem in
            switch p {
            case .int, .bool: return .at(try toInt(p, "tensor index"))
            case .none: return .newAxis
            case .object(let sv as SliceValue):
                return .slice(start: try sv.optInt(sv.start), end: try sv.optInt(sv.stop), step: try sv.optInt(sv.step))
            case .object(let o) where o is EllipsisValue: return .ellipsis
            case .tensor(let t):
                if t.count == 1 && t.dtype == .int64 && t.ndim == 0 { return .at(int64Value(t.data[0])) }
                return .tensor(t)
            case .list:
                return .tensor(try tensorFromNested(p))
            case .object(let r) where r is RangeObject:
                // x[range(n), y]: a range indexes like the list of its integers
                return .tensor(try tensorFromNested(.list(ListRef(try toList(p))), dtype: .int64))
            case .object(let a as NDArray) where a.dtype == .int64 || a.dtype == .bool:
                // numpy integers (`np.random.randint(n)`, `np.where(...)[0][k]`) and integer/bool arrays
                if a.isScalar && a.dtype == .int64 { return .at(try toInt(p, "tensor index")) }
                return .tensor(try a.toTensor("tensor index"))
            default:
                throw typeError(
                    "only integers, slices (`:`), ellipsis (`...`), None and integer or boolean tensors are valid "
                        + "tensor indices (got \(p.typeName))"
                )
            }
        }
    }

    // MARK: iteration

    /// An iterator over a value, or a TypeError if it is not iterable.
    func iterate(_ v: Value) throws -> ValueIterator {
        switch v {
        case .list(let l):
            var i = 0
            return {
                guard i < l.items.count else { return nil }
                defer { i += 1 }
                return l.items[i]
            }
        case .tuple(let xs):
            var it = xs.makeIterator()
            return { it.next() }
        case .string(let s):
            var it = s.unicodeScalars.makeIterator()
            return { it.next().map { .string(String($0)) } }
        case .dict(let d):
            var it = d.keys.makeIterator()
            return { it.next() }
        case .tensor(let t):
            guard t.ndim > 0 else { throw typeError("iteration over a 0-d tensor") }
            var i = 0
            let n = t.shape[0]
            return {
                guard i < n else { return nil }
                defer { i += 1 }
                return .tensor(try t.index([.at(i)]))
            }
        case .module(let m):
            var it = m.children.makeIterator()
            return { it.next().map { .module($0.module) } }
        case .object(let o):
            if o is Instance, let it = try userIterator(v) { return it }
            if let it = try o.makeIterator(self) { return it }
            throw typeError("'\(o.typeName)' object is not iterable")
        default:
            throw typeError("'\(v.typeName)' object is not iterable")
        }
    }

    /// All items of an iterable (bounded by `limit` to stop runaway unpacking).
    func toList(_ v: Value, limit: Int = Int.max) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let xs): return xs
        default:
            // A known length over the cap fails at once (list(range(10**9)) once grew to 400 MB first).
            if limit == Int.max, case .object(let o) = v, let n = try? o.length(), n > 10_000_000 {
                throw ScriptError(kind: "MemoryError", message: "sequence too long")
            }
            let next = try iterate(v)
            var out: [Value] = []
            while let x = try next() {
                out.append(x)
                if out.count >= limit { break }
                if out.count % 4096 == 0 { try tick() }
                if out.count > 10_000_000 { throw ScriptError(kind: "MemoryError", message: "sequence too long") }
            }
            return out
        }
    }

    // MARK: truth and comparison

    func truthy(_ v: Value) throws -> Bool {
        switch v {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let xs): return !xs.isEmpty
        case .dict(let d): return d.count > 0
        case .tensor(let t):
            guard t.count == 1 else {
                throw ScriptError(
                    kind: "RuntimeError",
                    message:
                        "Boolean value of Tensor with more than one value is ambiguous (shape \(shapeText(t.shape))); "
                        + "use .any() or .all()"
                )
            }
            return t.data[0] != 0
        case .module: return true
        case .object(let o):
            if let b = try o.truthValue() { return b }
            if o is Instance {
                if let m = try userMethod(v, "__bool__") { return try truthy(try callValue(m, Args())) }
                if let n = try userLength(v) { return n > 0 }
                return true
            }
            if let n = try o.length() { return n > 0 }
            return true
        }
    }

    func compare(_ op: CmpOp, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .isOp: return .bool(Operators.identical(a, b))
        case .isNot: return .bool(!Operators.identical(a, b))
        case .inOp: return .bool(try contains(b, a))
        case .notIn: return .bool(!(try contains(b, a)))
        default:
            if a.mayDefineOperators || b.mayDefineOperators, let r = try userCompare(op, a, b) { return r }
            return try Operators.compare(op, a, b)
        }
    }

    func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .string(let s):
            guard case .string(let sub) = item else {
                throw typeError("'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .dict(let d): return try d.get(item) != nil
        case .object(let b as BytesObject): return try b.contains(item)
        case .object(let s as SetObject): return try s.contains(item)
        case .object(let r as RangeObject):
            // An int (or bool) in a range is arithmetic, as in Python: `2**62 in range(2**63 - 1)`
            // would otherwise walk 2**62 values. Other items (floats) compare one by one below.
            if case .int(let i) = item { return r.contains(i) }
            if case .bool(let b) = item { return r.contains(b ? 1 : 0) }
            let next = try iterate(container)
            while let x = try next() {
                if try valuesEqual(x, item) { return true }
            }
            return false
        case .object(let o) where o is Instance:
            if let m = try userMethod(container, "__contains__") { return try truthy(try callValue(m, Args([item]))) }
            let next = try iterate(container)
            while let x = try next() {
                if try truthy(try compare(.eq, x, item)) { return true }
            }
            return false
        case .tensor(let t):
            let x = try toDouble(item, "'in' on a tensor")
            return t.data.contains { Double($0) == x }
        default:
            let next = try iterate(container)
            while let x = try next() {
                if try valuesEqual(x, item) { return true }
            }
            return false
        }
    }

    // MARK: comprehensions and f-strings

    func evalComprehension(
        _ kind: ComprehensionKind, _ element: Expr, _ value: Expr?, _ clauses: [CompClause], _ e: Expr
    ) throws -> Value {
        // Comprehension variables live in their own scope, as in Python 3.
        let scope = Frame(name: "<comprehension>", enclosing: frame)
        if let f = frame { scope.globalNames = f.globalNames }
        if kind == .generator, let first = clauses.first {
            // lazy: only the first iterable is evaluated now, as in Python
            let it = try located(first.iter.line, first.iter.col) { try iterate(try eval(first.iter)) }
            let lazy = LazyComprehension(element: element, clauses: clauses, scope: scope, first: it)
            return .object(
                IteratorObject("generator") { [weak self] in
                    guard let self else { return nil }
                    return try lazy.next(self)
                })
        }
        let saved = frame
        frame = scope
        defer { frame = saved }
        var out: [Value] = []
        let d = DictRef()
        func loop(_ k: Int) throws {
            if k == clauses.count {
                if kind == .dict, let ve = value {
                    try d.set(try eval(element), try eval(ve))
                } else {
                    out.append(try eval(element))
                }
                return
            }
            let c = clauses[k]
            let next = try located(c.iter.line, c.iter.col) { try iterate(try eval(c.iter)) }
            while let item = try next() {
                try tick()
                try assign(c.target, item)
                var ok = true
                for cond in c.conditions where !(try truthy(try eval(cond))) {
                    ok = false
                    break
                }
                if ok { try loop(k + 1) }
            }
        }
        try loop(0)
        switch kind {
        case .list: return .list(ListRef(out))
        case .set: return .object(try SetObject(out))
        case .dict: return .dict(d)
        case .generator: return .list(ListRef(out))  // (a generator with no clause cannot be parsed)
        }
    }

    func formatParts(_ parts: [FStringPart]) throws -> String {
        var s = ""
        for p in parts {
            switch p {
            case .text(let t): s += t
            case .expr(let e, let conv, let specParts):
                let v = try eval(e)
                let spec = try formatParts(specParts)
                try located(e.line, e.col) {
                    if conv == "r" {
                        s += Format.apply(.string(try v.checkedRepr()), spec: spec)
                    } else if conv == "s" {
                        s += Format.apply(.string(try v.checkedStr()), spec: spec)
                    } else {
                        s += try Format.format(v, spec: spec)
                    }
                }
            }
        }
        return s
    }
}

/// A slice `a:b:c` inside `[...]`.
final class SliceValue: ScriptObject, @unchecked Sendable {
    let start: Value, stop: Value, step: Value
    init(_ a: Value, _ b: Value, _ c: Value) {
        start = a
        stop = b
        step = c
    }
    override var typeName: String { "slice" }
    override var repr: String { "slice(\(start.repr), \(stop.repr), \(step.repr))" }
    func optInt(_ v: Value) throws -> Int? {
        if case .none = v { return nil }
        return try toInt(v, "slice indices")
    }
    /// Python's `slice.indices(n)`: clamped start, stop and step.
    func indices(count n: Int) throws -> (Int, Int, Int) {
        let st = try optInt(step) ?? 1
        guard st != 0 else { throw valueError("slice step cannot be zero") }
        func clamp(_ v: Int?, _ def: Int) -> Int {
            guard var x = v else { return def }
            if x < 0 { x += n }
            if st > 0 { return Swift.min(Swift.max(x, 0), n) }
            return Swift.min(Swift.max(x, -1), n - 1)
        }
        let a = clamp(try optInt(start), st > 0 ? 0 : n - 1)
        let b = clamp(try optInt(stop), st > 0 ? n : -1)
        return (a, b, st)
    }
}

/// `...` in an index.
final class EllipsisValue: ScriptObject, @unchecked Sendable {
    static let shared = EllipsisValue()
    override var typeName: String { "ellipsis" }
    override var repr: String { "Ellipsis" }
}
