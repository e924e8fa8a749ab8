// PySys: Python's `sys`, `exit`/`quit`, `time`, `copy`, `warnings` and `__future__`, as beginner
// scripts use them.
//
// `sys.argv` is the script path and its arguments (`gradstep run FILE.py ARGS`; `['']` in the REPL);
// `sys.exit(n)`, `exit()` and `quit()` raise SystemExit, which ends a script with status n (a
// message is printed to standard error with status 1) and leaves the REPL. `time.sleep` stops at
// Ctrl-C. `copy.deepcopy` copies lists, dicts, tuples and tensors (a tensor's copy keeps
// requires_grad and shares nothing). `warnings.warn` prints `UserWarning: ...` to standard error;
// filters are accepted and ignored.
// Non-goals: sys.stdin, sys.modules, copying models (save and load a state_dict instead).

import Foundation
import GradEngine

/// `sys`: per-interpreter `argv`, the rest fixed.
final class SysModule: ScriptObject, @unchecked Sendable {
    let fixed: Namespace
    init(_ fixed: Namespace) { self.fixed = fixed }
    override var typeName: String { "module" }
    override var repr: String { "<module 'sys' (built-in)>" }
    override var attributeNames: [String] { ["argv"] + fixed.attributeNames }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if n == "argv" { return .list(interp.argvList) }
        return try fixed.getAttribute(n, interp)
    }
}

/// `exit` / `quit`: callable, and its repr tells how to leave.
final class Quitter: ScriptObject, @unchecked Sendable {
    let name: String
    let function: Value
    init(name: String, function: Value) {
        self.name = name
        self.function = function
    }
    override var typeName: String { "Quitter" }
    override var repr: String { "Use \(name)() or Ctrl-D (i.e. EOF) to exit" }
    override func call(_ args: Args, _ interp: Interpreter) throws -> Value? { try interp.callValue(function, args) }
}

/// `sys.stdout` / `sys.stderr`: `write` and `flush`.
final class StreamObject: ScriptObject, @unchecked Sendable {
    let isError: Bool
    init(error: Bool) { isError = error }
    override var typeName: String { "TextIOWrapper" }
    override var repr: String {
        isError
            ? "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>"
            : "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>"
    }
    override var attributeNames: [String] { ["write", "flush"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        let isError = isError
        switch n {
        case "write":
            return .object(
                BuiltinFunction("write(s, /)") { b, interp in
                    guard case .string(let s)? = b.raw("s") else {
                        throw typeError("write() argument must be str, not \(b.raw("s")?.typeName ?? "None")")
                    }
                    if isError { interp.errorOutput(s) } else { interp.writeText(s) }
                    return .int(s.count)
                })
        case "flush": return .object(BuiltinFunction("flush()") { (_: Bound, _: Interpreter) in .none })
        default: return nil
        }
    }
}

/// The SystemExit that `sys.exit(code)` raises: None is status 0, an int is that status, anything
/// else is printed and gives status 1.
func systemExit(_ code: Value?) -> ScriptError {
    var e: ScriptError
    switch code {
    case nil, .none?:
        e = ScriptError(kind: "SystemExit", message: "")
        e.exitStatus = 0
    case .int(let i)?:
        e = ScriptError(kind: "SystemExit", message: "\(i)")
        e.exitStatus = Int32(truncatingIfNeeded: i)
    case .bool(let b)?:
        e = ScriptError(kind: "SystemExit", message: b ? "1" : "0")
        e.exitStatus = b ? 1 : 0
    case let v?: e = ScriptError(kind: "SystemExit", message: v.str)
    }
    return e
}

extension Interpreter {
    /// Writes text as `print(..., end='')` does: complete lines go out, the rest waits.
    func writeText(_ s: String) {
        var text = pendingOutput + s
        pendingOutput = ""
        while let nl = text.firstIndex(of: "\n") {
            output(String(text[..<nl]))
            text = String(text[text.index(after: nl)...])
        }
        pendingOutput = text
    }
}

extension BuiltinTable {
    func registerSys() {
        section = "sys, time, copy, warnings"
        let fixed = Namespace("sys")
        for name in ["exit", "quit"] {
            let f = def(
                name, "\(name)(code=None)", "Ends the program (the REPL: leaves it) with status code (None: 0).",
                "# needs a session to end\n\(name)()"
            ) { b, _ in throw systemExit(b.raw("code")) }
            // Typed without parentheses at the prompt, it says how to leave, as Python's does.
            globals[name] = .object(Quitter(name: name, function: f))
        }
        def(
            "sys.exit", "sys.exit(status=None, /)",
            "Ends the program with the status (None: 0; a message: printed, status 1).",
            "import sys\n# needs a session to end\nsys.exit(0)", in: fixed
        ) { b, _ in throw systemExit(b.raw("status")) }
        fixed.set("version", .string("3.11.7 (gradstep)"))
        fixed.set("version_info", .tuple([.int(3), .int(11), .int(7), .string("final"), .int(0)]))
        fixed.set("platform", .string("linux"))
        fixed.set("maxsize", .int(Int.max))
        fixed.set("path", .list(ListRef([.string("")])))
        fixed.set("stdout", .object(StreamObject(error: false)))
        fixed.set("stderr", .object(StreamObject(error: true)))
        def(
            "sys.getrecursionlimit", "sys.getrecursionlimit()", "The deepest nesting of calls allowed.",
            "import sys\nsys.getrecursionlimit()", in: fixed
        ) { _, interp in .int(interp.maxCallDepth) }
        def(
            "sys.setrecursionlimit", "sys.setrecursionlimit(limit, /)",
            "Accepted; gradstep keeps its own limit (RecursionError past it).",
            "import sys\nsys.setrecursionlimit(10000)", in: fixed
        ) { b, _ in
            guard try b.int("limit") >= 1 else { throw valueError("recursion limit must be greater or equal than 1") }
            return .none
        }
        modules["sys"] = .object(SysModule(fixed))

        // time
        let time = namespace("time")
        def("time.time", "time.time()", "Seconds since 1970 (a float).", "import time\nt = time.time()", in: time) {
            _, _ in
            .float(Date().timeIntervalSince1970)
        }
        for n in ["perf_counter", "monotonic", "process_time"] {
            def(
                "time.\(n)", "time.\(n)()",
                "A clock in seconds for measuring durations (differences matter, not the value).",
                "import time\nt0 = time.\(n)()", in: time
            ) { _, _ in
                .float(
                    n == "process_time"
                        ? Double(clock()) / Double(CLOCKS_PER_SEC) : ProcessInfo.processInfo.systemUptime)
            }
        }
        def(
            "time.sleep", "time.sleep(secs, /)", "Waits secs seconds (Ctrl-C stops the wait).",
            "import time\ntime.sleep(0.01)", in: time
        ) { b, interp in
            var left = try b.double("secs")
            guard left >= 0 else { throw valueError("sleep length must be non-negative") }
            guard left.isFinite else { throw ScriptError(kind: "OverflowError", message: "sleep length is too large") }
            while left > 0 {
                let step = Swift.min(left, 0.05)
                Thread.sleep(forTimeInterval: step)
                left -= step
                try interp.checkInterrupt()
                // Under a step limit (a sandboxed run) every 50 ms slept costs 50 steps, so a
                // limited program cannot sleep for long.
                if interp.stepLimit != nil {
                    interp.steps &+= 49
                    try interp.tick()
                }
            }
            return .none
        }
        def(
            "time.strftime", "time.strftime(format, /)", "The local time formatted as in C's strftime ('%H:%M:%S').",
            "import time\nlen(time.strftime('%Y')) == 4", in: time
        ) { b, _ in
            let fmt = try b.string("format")
            var t = Foundation.time(nil)
            var tmv = tm()
            localtime_r(&t, &tmv)
            var buf = [Int8](repeating: 0, count: 512)
            let n = Foundation.strftime(&buf, buf.count, fmt, &tmv)
            return .string(String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }

        // copy
        let copy = namespace("copy")
        def(
            "copy.copy", "copy.copy(x, /)", "A shallow copy: a new list/dict with the same items.",
            "import copy\ncopy.copy([1, [2]])", in: copy
        ) { b, _ in
            let x = b.raw("x") ?? .none
            switch x {
            case .list(let l): return .list(ListRef(l.items))
            case .dict(let d):
                let n = DictRef()
                for (k, v) in zip(d.keys, d.values) { try n.set(k, v) }
                return .dict(n)
            default: return x
            }
        }
        def(
            "copy.deepcopy", "copy.deepcopy(x, memo=None, /)",
            "A deep copy of lists, dicts, tuples and tensors (tensors are cloned).",
            "import copy\ncopy.deepcopy({'w': torch.ones(2)})", in: copy
        ) { b, _ in
            var memo: [ObjectIdentifier: Value] = [:]
            func deep(_ v: Value, _ depth: Int) throws -> Value {
                guard depth < 1000 else {
                    throw ScriptError(kind: "RecursionError", message: "maximum recursion depth exceeded while copying")
                }
                switch v {
                case .list(let l):
                    if let m = memo[ObjectIdentifier(l)] { return m }
                    let n = ListRef([])
                    memo[ObjectIdentifier(l)] = .list(n)
                    n.items = try l.items.map { try deep($0, depth + 1) }
                    return .list(n)
                case .dict(let d):
                    if let m = memo[ObjectIdentifier(d)] { return m }
                    let n = DictRef()
                    memo[ObjectIdentifier(d)] = .dict(n)
                    for (k, x) in zip(d.keys, d.values) { try n.set(k, try deep(x, depth + 1)) }
                    return .dict(n)
                case .tuple(let t): return .tuple(try t.map { try deep($0, depth + 1) })
                case .tensor(let t):
                    if let m = memo[ObjectIdentifier(t)] { return m }
                    let c = t.detach()
                    c.data = t.data
                    if t.requiresGrad && t.isLeaf { try c.requiresGrad(true) }
                    memo[ObjectIdentifier(t)] = .tensor(c)
                    return .tensor(c)
                case .module:
                    throw typeError(
                        "copy.deepcopy of a model is not supported by gradstep; keep its weights with "
                            + "model.state_dict() and copy.deepcopy of that dict"
                    )
                default: return v
                }
            }
            return try deep(b.raw("x") ?? .none, 0)
        }

        // warnings
        let warnings = namespace("warnings")
        def(
            "warnings.warn", "warnings.warn(message, category=None, stacklevel=1)",
            "Prints 'UserWarning: message' to standard error.",
            "import warnings\nwarnings.warn('careful')", in: warnings
        ) { b, interp in
            var kind = "UserWarning"
            if case .object(let c as ExceptionClass)? = b.value("category") { kind = c.kind }
            interp.errorOutput("\(kind): \(b.raw("message")?.str ?? "")\n")
            return .none
        }
        def(
            "warnings.filterwarnings",
            "warnings.filterwarnings(action, message='', category=None, module='', lineno=0, append=False)",
            "Accepted and ignored (gradstep prints few warnings).",
            "import warnings\nwarnings.filterwarnings('ignore')", in: warnings
        ) { _, _ in .none }
        def(
            "warnings.simplefilter", "warnings.simplefilter(action, category=None, lineno=0, append=False)",
            "Accepted and ignored (gradstep prints few warnings).", "import warnings\nwarnings.simplefilter('ignore')",
            in: warnings
        ) { _, _ in .none }

        // __future__: every feature is already on.
        let future = namespace("__future__")
        for f in [
            "annotations", "print_function", "division", "absolute_import", "unicode_literals", "generators",
            "with_statement", "nested_scopes", "generator_stop",
        ] {
            future.set(f, .object(Marker("_Feature('\(f)')", kind: "_Feature")))
        }
        for e in [
            "SystemExit", "ImportError", "ModuleNotFoundError", "FileNotFoundError", "OSError", "PermissionError",
            "FileExistsError", "IsADirectoryError", "NotADirectoryError", "UnicodeDecodeError", "IOError",
            "UnicodeError", "MemoryError", "TimeoutError", "UserWarning", "DeprecationWarning",
            "Warning", "RuntimeWarning", "FutureWarning",
        ] where globals[e] == nil {
            globals[e] = .object(ExceptionClass(e))
        }
    }
}
