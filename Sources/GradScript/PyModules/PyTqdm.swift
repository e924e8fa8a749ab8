// PyTqdm: the `tqdm` progress-bar package as course notebooks use it (`for x, y in tqdm(loader):`,
// `trange(epochs)`, `with tqdm(total=n) as bar: bar.update(1)`, `bar.set_postfix(loss=...)`,
// `tqdm.write(...)`), also as `tqdm.auto` and `tqdm.notebook`, so such programs run unchanged.
// The wrapped iterable is iterated exactly as without tqdm, and what goes to standard output
// (`tqdm.write`) is as Python's. Python's tqdm draws its bar on standard error; here one summary line
// per finished bar goes there (`desc: 100% 10/10`), not the live redraws.
// Non-goals: the live bar, rate and time estimates, nested bar positions.

import GradEngine

/// One progress bar: an iterator over the wrapped iterable that counts its items.
final class TqdmObject: ContextObject, @unchecked Sendable {
    let iterable: Value?
    var total: Int?
    var desc: String
    var n = 0
    let leave: Bool
    private var closed = false

    init(iterable: Value?, total: Int?, desc: String, leave: Bool) {
        self.iterable = iterable
        self.total = total
        self.desc = desc
        self.leave = leave
        super.init("tqdm", enter: { .none }, exit: {})
    }
    override var typeName: String { "tqdm" }
    override var repr: String { summary }
    override var attributeNames: [String] {
        [
            "update", "set_description", "set_postfix", "set_postfix_str", "close", "refresh", "reset", "n", "total",
            "write",
        ]
    }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? { nil }
    override func enter() throws -> Value { .object(self) }
    override func exit() { finish(nil) }
    override func length() throws -> Int? { total }

    var summary: String {
        let prefix = desc.isEmpty ? "" : desc + ": "
        guard let t = total, t > 0 else { return "\(prefix)\(n)it" }
        return "\(prefix)\(Int(100 * Double(n) / Double(t)))% \(n)/\(t)"
    }

    /// Writes the bar's last state to standard error once, as tqdm leaves a finished bar.
    func finish(_ interp: Interpreter?) {
        guard !closed else { return }
        closed = true
        if leave, let interp { interp.errorOutput(summary + "\n") }
    }

    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        guard let src = iterable else { throw typeError("'tqdm' object is not iterable (it has no iterable)") }
        let next = try interp.iterate(src)
        return { [self] in
            guard let v = try next() else {
                finish(interp)
                return nil
            }
            n += 1
            return v
        }
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func fn(_ sig: String, _ body: @escaping (Bound) throws -> Value) -> Value {
            .object(BuiltinFunction("tqdm.\(sig)") { b, _ in try body(b) })
        }
        switch name {
        case "n": return .int(n)
        case "total": return total.map(Value.int) ?? .none
        case "desc": return .string(desc)
        case "update":
            return fn("update(n=1)") { [self] b in
                n += try b.int("n")
                return .none
            }
        case "set_description", "set_description_str":
            return fn("\(name)(desc=None, refresh=True)") { [self] b in
                desc = b.value("desc")?.str ?? ""
                return .none
            }
        case "set_postfix", "set_postfix_str", "refresh", "clear", "unpause":
            return fn("\(name)(*args, **kwargs)") { _ in .none }
        case "reset":
            return fn("reset(total=None)") { [self] b in
                n = 0
                if let t = try b.optInt("total") { total = t }
                return .none
            }
        case "close":
            return fn("close()") { [self] _ in
                finish(interp)
                return .none
            }
        case "write": return BuiltinTable.tqdmWrite
        default: return nil
        }
    }
}

extension BuiltinTable {
    /// `tqdm.write(s)`: prints s on standard output (tqdm's way to print without breaking a bar).
    nonisolated(unsafe) static let tqdmWrite = Value.object(
        BuiltinFunction("tqdm.write(s, file=None, end='\\n', nolock=False)") { b, interp in
            interp.writeText((b.raw("s")?.str ?? "") + (b.value("end")?.str ?? "\n"))
            return .none
        })

    func registerTqdm() {
        section = "tqdm"
        let signature =
            "tqdm(iterable=None, desc=None, total=None, leave=True, file=None, ncols=None, mininterval=0.1, "
            + "maxinterval=10.0, miniters=None, ascii=None, disable=False, unit='it', unit_scale=False, "
            + "dynamic_ncols=False, smoothing=0.3, bar_format=None, initial=0, position=None, postfix=None, "
            + "unit_divisor=1000, colour=None, **kwargs)"
        let make: (Bound, Interpreter) throws -> Value = { b, interp in
            let it = b.value("iterable")
            var total = try b.optInt("total")
            if total == nil, let it { total = try interp.userLength(it) ?? (try? BuiltinTable.length(of: it)) }
            let bar = TqdmObject(
                iterable: it, total: total, desc: b.value("desc")?.str ?? "",
                leave: try b.bool("leave") && !(try b.bool("disable")))
            bar.n = try b.int("initial")
            return .object(bar)
        }
        var namespaces: [Namespace] = []
        for path in ["tqdm", "tqdm.auto", "tqdm.notebook", "tqdm.std"] {
            let ns = namespace(path)
            namespaces.append(ns)
            let t = FunctionWithAttributes(
                def(
                    "\(path).tqdm", signature,
                    "Wraps an iterable to show progress; iterating it gives the same items (the bar itself: one "
                        + "summary line on standard error).",
                    "from \(path) import tqdm\nsum(x for x in tqdm(range(4)))", in: ns, global: false, make),
                ["write": BuiltinTable.tqdmWrite])
            ns.set("tqdm", .object(t))
            def(
                "\(path).trange", "trange(*args, **kwargs)", "tqdm(range(*args), **kwargs).",
                "from \(path) import trange\nlist(trange(3))", in: ns
            ) { b, interp in
                let r = try interp.callValue(interp.builtinNames["range"] ?? .none, Args(b.rest))
                let n = try BuiltinTable.length(of: r)
                let desc = b.extra.first { $0.0 == "desc" }?.1.str ?? ""
                return .object(TqdmObject(iterable: r, total: n, desc: desc, leave: true))
            }
        }
        for (i, ns) in namespaces.enumerated() where i > 0 {
            namespaces[0].set(ns.name.split(separator: ".").last.map(String.init) ?? "", .object(ns))
        }
    }

    /// The length of a builtin sized value (range, list, ...), nil when it has none.
    static func length(of v: Value) throws -> Int? {
        switch v {
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .string(let s): return s.unicodeScalars.count
        case .dict(let d): return d.count
        case .tensor(let t): return t.ndim > 0 ? t.shape[0] : nil
        case .object(let o): return try o.length()
        default: return nil
        }
    }
}
