// PyArgparse: Python's `argparse` for the way training scripts use it: an ArgumentParser with
// `add_argument('--epochs', type=int, default=14, help=...)`, flags with
// `action='store_true'`/`'store_false'`/`argparse.BooleanOptionalAction`, positionals, `choices`,
// `required`, and `parse_args()` reading `sys.argv[1:]` (`gradstep run train.py --epochs 3`) or a given list.
// `-h`/`--help` prints the usage and the options and exits 0; a bad argument prints Python's
// `usage: ...` and `prog: error: ...` to standard error and exits 2, as argparse does.
// Non-goals: subparsers, argument groups, nargs other than None/'?'/'*'/'+', prefix matching.

import Foundation
import GradEngine

/// One declared argument.
struct ArgSpec {
    var flags: [String]
    var dest: String
    var action = "store"
    var type: Value?
    var defaultValue: Value = .none
    var choices: [Value]?
    var required = false
    var help: String?
    var metavar: String?
    var nargs: Value?
    var const: Value = .none
    var isPositional: Bool { !(flags.first?.hasPrefix("-") ?? false) }
    var display: String { isPositional ? (metavar ?? dest) : (metavar ?? dest.uppercased()) }
}

/// The result of parse_args: attributes named by `dest`.
final class ArgNamespace: ScriptObject, @unchecked Sendable {
    var attrs: [(String, Value)] = []
    override var typeName: String { "Namespace" }
    override var repr: String { "Namespace(" + attrs.map { "\($0)=\($1.repr)" }.joined(separator: ", ") + ")" }
    override var attributeNames: [String] { attrs.map(\.0) }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? { attrs.first { $0.0 == n }?.1 }
    override func setAttribute(_ n: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if let i = attrs.firstIndex(where: { $0.0 == n }) { attrs[i].1 = value } else { attrs.append((n, value)) }
        return true
    }
}

final class ArgumentParserObject: ScriptObject, @unchecked Sendable {
    let prog: String?
    let description: String?
    var specs: [ArgSpec] = []
    init(prog: String?, description: String?) {
        self.prog = prog
        self.description = description
    }
    override var typeName: String { "ArgumentParser" }
    override var repr: String {
        "ArgumentParser(prog=\(Value.string(prog ?? "").repr), "
            + "description=\(description.map { Value.string($0).repr } ?? "None"))"
    }
    override var attributeNames: [String] {
        ["add_argument", "parse_args", "parse_known_args", "print_help", "format_help", "set_defaults"]
    }

    func progName(_ interp: Interpreter) -> String {
        prog
            ?? ((interp.argv.first ?? "").isEmpty
                ? "gradstep" : ((interp.argv.first ?? "") as NSString).lastPathComponent)
    }

    func usage(_ interp: Interpreter) -> String {
        var parts = ["usage: \(progName(interp)) [-h]"]
        for s in specs where !s.isPositional {
            let flag = s.flags[0]
            let takes = s.action == "store" || s.action == "append"
            let item = takes ? "\(flag) \(s.display)" : flag
            parts.append(s.required ? item : "[\(item)]")
        }
        for s in specs where s.isPositional { parts.append(s.display) }
        return parts.joined(separator: " ")
    }

    func help(_ interp: Interpreter) -> String {
        var out = usage(interp) + "\n"
        if let d = description { out += "\n\(d)\n" }
        let pos = specs.filter(\.isPositional)
        if !pos.isEmpty {
            out += "\npositional arguments:\n"
            for s in pos { out += row(s.display, s.help, s) }
        }
        out += "\noptions:\n"
        out += row("-h, --help", "show this help message and exit", nil)
        for s in specs where !s.isPositional {
            let takes = s.action == "store" || s.action == "append"
            let names = s.flags.map { takes ? "\($0) \(s.display)" : $0 }.joined(separator: ", ")
            out += row(names, s.help, s)
        }
        return out
    }

    private func row(_ left: String, _ help: String?, _ s: ArgSpec?) -> String {
        var h = help ?? ""
        if let s, h.contains("%(default)s") { h = h.replacingOccurrences(of: "%(default)s", with: s.defaultValue.str) }
        let lead = "  " + left
        if h.isEmpty { return lead + "\n" }
        if lead.count <= 22 { return lead.padding(toLength: 24, withPad: " ", startingAt: 0) + h + "\n" }
        return lead + "\n" + String(repeating: " ", count: 24) + h + "\n"
    }

    func fail(_ msg: String, _ interp: Interpreter) -> ScriptError {
        interp.errorOutput(usage(interp) + "\n\(progName(interp)): error: \(msg)\n")
        var e = ScriptError(kind: "SystemExit", message: "2")
        e.exitStatus = 2
        return e
    }

    func convert(_ text: String, _ s: ArgSpec, _ interp: Interpreter) throws -> Value {
        var v: Value = .string(text)
        if let t = s.type {
            do { v = try interp.callValue(t, Args([.string(text)])) } catch {
                let tname = (t.asObject as? BuiltinFunction)?.name ?? t.typeName
                throw fail("argument \(s.flags.joined(separator: "/")): invalid \(tname) value: '\(text)'", interp)
            }
        }
        if let cs = s.choices, !cs.contains(where: { Operators.equal($0, v) }) {
            throw fail(
                "argument \(s.flags.joined(separator: "/")): invalid choice: \(v.repr) (choose from "
                    + "\(cs.map(\.repr).joined(separator: ", ")))",
                interp)
        }
        return v
    }

    func parse(_ argv: [String], _ interp: Interpreter, known: Bool) throws -> (ArgNamespace, [String]) {
        let ns = ArgNamespace()
        for s in specs {
            var d = s.defaultValue
            if s.action == "store_true", case .none = d { d = .bool(false) }
            if s.action == "store_false", case .none = d { d = .bool(true) }
            if case .string(let txt) = d, s.type != nil, !s.isPositional { d = try convert(txt, s, interp) }
            ns.attrs.append((s.dest, d))
        }
        var seen = Set<String>()
        var positionals: [String] = []
        var extras: [String] = []
        var i = 0
        while i < argv.count {
            var a = argv[i]
            i += 1
            if a == "-h" || a == "--help" {
                interp.writeText(help(interp))
                var e = ScriptError(kind: "SystemExit", message: "0")
                e.exitStatus = 0
                throw e
            }
            if a == "--" {
                positionals += argv[i...]
                break
            }
            guard a.hasPrefix("-"), a.count > 1, Double(a) == nil else {
                positionals.append(a)
                continue
            }
            var inline: String? = nil
            if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                inline = String(a[a.index(after: eq)...])
                a = String(a[..<eq])
            }
            guard let s = specs.first(where: { $0.flags.contains(a) }) else {
                if known {
                    extras.append(argv[i - 1])
                    continue
                }
                throw fail("unrecognized arguments: \(argv[(i - 1)...].joined(separator: " "))", interp)
            }
            seen.insert(s.dest)
            func set(_ v: Value) { _ = try? ns.setAttribute(s.dest, v, interp) }
            switch s.action {
            case "boolean_optional": set(.bool(!a.hasPrefix("--no-")))
            case "store_true": set(.bool(true))
            case "store_false": set(.bool(false))
            case "store_const": set(s.const)
            case "count":
                let cur = (try ns.getAttribute(s.dest, interp))?.asInt ?? 0
                set(.int(cur + 1))
            default:
                let text: String
                if let t = inline {
                    text = t
                } else {
                    guard i < argv.count, !(argv[i].hasPrefix("-") && Double(argv[i]) == nil) else {
                        if case .string("?")? = s.nargs {
                            set(s.const)
                            continue
                        }
                        throw fail("argument \(s.flags.joined(separator: "/")): expected one argument", interp)
                    }
                    text = argv[i]
                    i += 1
                }
                let v = try convert(text, s, interp)
                if s.action == "append" {
                    let cur = try ns.getAttribute(s.dest, interp)
                    if case .list(let l)? = cur { l.items.append(v) } else { set(.list(ListRef([v]))) }
                } else {
                    set(v)
                }
            }
        }
        let pos = specs.filter(\.isPositional)
        var k = 0
        for s in pos {
            if case .string("*")? = s.nargs {
                _ = try ns.setAttribute(
                    s.dest, .list(ListRef(try positionals[k...].map { try convert($0, s, interp) })), interp)
                k = positionals.count
            } else if case .string("+")? = s.nargs {
                guard k < positionals.count else {
                    throw fail("the following arguments are required: \(s.display)", interp)
                }
                _ = try ns.setAttribute(
                    s.dest, .list(ListRef(try positionals[k...].map { try convert($0, s, interp) })), interp)
                k = positionals.count
            } else if k < positionals.count {
                _ = try ns.setAttribute(s.dest, try convert(positionals[k], s, interp), interp)
                k += 1
            } else if case .string("?")? = s.nargs {
                continue
            } else {
                let missing = pos[(pos.firstIndex { $0.dest == s.dest } ?? 0)...].map(\.display)
                throw fail("the following arguments are required: " + missing.joined(separator: ", "), interp)
            }
        }
        if k < positionals.count {
            if known {
                extras += positionals[k...]
            } else {
                throw fail("unrecognized arguments: \(positionals[k...].joined(separator: " "))", interp)
            }
        }
        let missing = specs.filter { !$0.isPositional && $0.required && !seen.contains($0.dest) }
        if !missing.isEmpty {
            throw fail(
                "the following arguments are required: "
                    + "\(missing.map { $0.flags.joined(separator: "/") }.joined(separator: ", "))",
                interp)
        }
        return (ns, extras)
    }

    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        let p = self
        switch n {
        case "add_argument":
            return .object(
                BuiltinFunction(
                    "add_argument(*name_or_flags, action=None, nargs=None, const=None, default=None, type=None, "
                        + "choices=None, required=False, help=None, metavar=None, dest=None)"
                ) { b, interp in
                    let flags = try b.rest.map { v -> String in
                        guard case .string(let s) = v else { throw typeError("add_argument(): names must be strings") }
                        return s
                    }
                    guard !flags.isEmpty else { throw typeError("add_argument() needs a name or flags") }
                    var dest = b.value("dest")?.str ?? ""
                    if dest.isEmpty {
                        let long = flags.first { $0.hasPrefix("--") } ?? flags[0]
                        dest = String(long.drop { $0 == "-" }).replacingOccurrences(of: "-", with: "_")
                    }
                    var s = ArgSpec(flags: flags, dest: dest)
                    if case .object(let m as Marker)? = b.value("action"),
                        m.name == "<class 'argparse.BooleanOptionalAction'>"
                    {
                        // --flag sets True, --no-flag sets False
                        s.action = "boolean_optional"
                        s.flags += flags.filter { $0.hasPrefix("--") }.map { "--no-" + $0.dropFirst(2) }
                    } else if let a = b.value("action") {
                        guard case .string(let act) = a,
                            ["store", "store_true", "store_false", "store_const", "count", "append"].contains(act)
                        else {
                            throw valueError("add_argument(): action \(a.repr) is not supported by gradstep")
                        }
                        s.action = act
                    }
                    s.type = b.value("type")
                    s.defaultValue = b.raw("default") ?? .none
                    s.choices = try b.value("choices").map { try interp.toList($0) }
                    s.required = try b.bool("required")
                    s.help = b.value("help")?.str
                    s.metavar = b.value("metavar")?.str
                    s.nargs = b.value("nargs")
                    s.const = b.raw("const") ?? .none
                    if let nv = s.nargs, !["?", "*", "+"].contains(nv.str) {
                        throw valueError(
                            "add_argument(): nargs=\(nv.repr) is not supported by gradstep (use None, '?', '*' or '+')")
                    }
                    p.specs.append(s)
                    return .none
                })
        case "parse_args", "parse_known_args":
            return .object(
                BuiltinFunction("\(n)(args=None, namespace=None)") { b, interp in
                    let argv: [String]
                    if let a = b.value("args") {
                        argv = try interp.toList(a).map(\.str)
                    } else {
                        argv = Array(interp.argv.dropFirst())
                    }
                    let (ns, extras) = try p.parse(argv, interp, known: n == "parse_known_args")
                    return n == "parse_args"
                        ? .object(ns) : .tuple([.object(ns), .list(ListRef(extras.map(Value.string)))])
                })
        case "print_help":
            return .object(
                BuiltinFunction("print_help(file=None)") { (_: Bound, interp: Interpreter) in
                    interp.writeText(p.help(interp))
                    return .none
                })
        case "format_help":
            return .object(
                BuiltinFunction("format_help()") { (_: Bound, interp: Interpreter) in .string(p.help(interp)) })
        case "set_defaults":
            return .object(
                BuiltinFunction("set_defaults(**kwargs)") { b, _ in
                    for (k, v) in b.extra {
                        if let i = p.specs.firstIndex(where: { $0.dest == k }) {
                            p.specs[i].defaultValue = v
                        } else {
                            p.specs.append(ArgSpec(flags: ["--" + k], dest: k, defaultValue: v, help: nil))
                        }
                    }
                    return .none
                })
        default: return nil
        }
    }
}

extension BuiltinTable {
    func registerArgparse() {
        section = "argparse"
        let ap = namespace("argparse")
        def(
            "argparse.ArgumentParser",
            "argparse.ArgumentParser(prog=None, usage=None, description=None, epilog=None, formatter_class=None, "
                + "add_help=True)",
            "Command-line options of a script: add_argument('--epochs', type=int, default=3), then parse_args() reads "
                + "sys.argv.",
            "import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr', type=float, "
                + "default=0.1)\np.parse_args([])",
            in: ap
        ) { b, _ in
            .object(ArgumentParserObject(prog: b.value("prog")?.str, description: b.value("description")?.str))
        }
        ap.set(
            "Namespace",
            .object(
                BuiltinFunction("argparse.Namespace(**kwargs)") { b, _ in
                    let ns = ArgNamespace()
                    ns.attrs = b.extra
                    return .object(ns)
                }))
        for f in [
            "ArgumentDefaultsHelpFormatter", "RawTextHelpFormatter", "RawDescriptionHelpFormatter", "HelpFormatter",
            "BooleanOptionalAction",
        ] {
            ap.set(f, .object(Marker("<class 'argparse.\(f)'>", kind: "type")))
        }
    }
}
