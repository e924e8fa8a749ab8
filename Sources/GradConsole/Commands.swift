// Commands: the REPL's `:` commands (`:help`, `:vars`, `:show`, `:graph`, `:time`, `:step`,
// `:undo`, `:quit`), their help text and their dispatch. Each returns whether it succeeded, so a
// script fed through standard input fails (exit 1) when a command did.
//
// Non-goals: the renderers themselves (Heatmap, GraphTree, ...) and the training step logic
// (Stepper.swift).

import Foundation
import GradEngine
import GradRender
import GradScript

/// A REPL command, typed with a leading ':'.
public enum ReplCommand: String, CaseIterable, Sendable {
    case help, vars, show, graph, time, step, undo, svg, quit

    /// Usage line and one-sentence description.
    public var usage: (String, String) {
        switch self {
        case .help: return (":help [NAME]", "list commands and builtins, or show NAME's signature, doc and example")
        case .vars: return (":vars", "list variables with type, shape and gradient status")
        case .show:
            return (
                ":show EXPR", "values, shape, statistics, gradient and a picture of a tensor (or a model's parameters)"
            )
        case .graph:
            return (":graph EXPR", "the computation graph that produced a tensor, with gradient norms after backward()")
        case .time: return (":time EXPR", "run EXPR repeatedly and print mean ± std per run, as %timeit")
        case .step:
            return (
                ":step [N]", "take N optimizer steps (default 1) of the current training setup and print what changed"
            )
        case .undo: return (":undo", "put back what the last :step changed: parameters, optimizer state, data position")
        case .svg: return (":svg PATH", "save the last chart drawn (plot(...)) as an SVG file")
        case .quit: return (":quit", "leave the REPL (Ctrl-D does too)")
        }
    }
}

extension REPL {
    /// Runs a `:command` line. Returns success.
    func runReplCommand(_ line: String) -> Bool {
        let body = line.dropFirst()
        let parts = body.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let name = parts.first.map(String.init) ?? ""
        let arg = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""
        guard let command = ReplCommand(rawValue: name) ?? (name == "q" || name == "exit" ? .quit : nil) else {
            let close = ReplCommand.allCases.map(\.rawValue).filter { $0.hasPrefix(String(name.prefix(2))) }
            let hint = close.isEmpty ? "" : " (did you mean :\(close[0])?)"
            output.error("unknown command :\(name)\(hint); :help lists the commands")
            return false
        }
        switch command {
        case .help:
            if arg.isEmpty {
                output.line(helpOverview())
                return true
            }
            if let text = helpFor(arg) {
                output.line(text)
                return true
            }
            return reportMissingHelp(arg)
        case .vars:
            output.line(Inspector.vars(interpreter))
            return true
        case .show:
            return withExpression(arg, command) { value in
                output.line(Inspector.show(arg, value, capabilities: capabilities))
            }
        case .graph:
            return withExpression(arg, command) { value in
                guard let t = value.asTensor else {
                    output.error(":graph needs a tensor; \(arg) is a \(value.typeName)")
                    throw CommandFailed()
                }
                labelVariables()
                guard let g = t.graph() else {
                    output.line(
                        "\(arg) is a leaf tensor \(shapeText(t.shape)): no op recorded it, so there is no graph"
                            + (t.requiresGrad ? "" : " (and it does not require grad)"))
                    return
                }
                output.line(GraphTree.render(g))
            }
        case .time:
            guard !arg.isEmpty else {
                output.error("usage: \(command.usage.0)")
                return false
            }
            var result: TimeIt.Result?
            let ok = guarded {
                result = try TimeIt.measure {
                    try interpreter.checkInterrupt()  // Ctrl-C between runs (each execute clears the flag)
                    _ = try interpreter.execute(arg, file: "<time>")
                }
            }
            if let result { output.line(TimeIt.format(result)) }
            return ok
        case .step:
            let n: Int
            if arg.isEmpty {
                n = 1
            } else if let k = Int(arg), k >= 1, k <= 100_000 {
                n = k
            } else {
                output.error(":step takes a number of steps from 1 to 100000, got '\(arg)'")
                return false
            }
            return stepper.step(n, repl: self)
        case .undo:
            return stepper.undo(repl: self)
        case .svg:
            guard !arg.isEmpty else {
                output.error("usage: \(command.usage.0)")
                return false
            }
            guard let chart = lastChart else {
                output.error(":svg: no chart drawn yet; plot(history) or plot([...]) draws one")
                return false
            }
            do {
                try SVGChart.write(title: chart.title, series: chart.series, to: arg)
                output.line("saved \(arg)")
                return true
            } catch {
                output.error(":svg: \(error)")
                return false
            }
        case .quit:
            requestQuit()
            return true
        }
    }

    /// Evaluates `arg` as an expression and hands the value to `body`; reports errors.
    private func withExpression(_ arg: String, _ command: ReplCommand, _ body: (Value) throws -> Void) -> Bool {
        guard !arg.isEmpty else {
            output.error("usage: \(command.usage.0)")
            return false
        }
        var value: Value?
        guard guarded({ value = try interpreter.evaluate(arg) }), let value else { return false }
        do { try body(value) } catch is CommandFailed { return false } catch {
            output.error("error: \(error)")
            return false
        }
        return true
    }

    private func reportMissingHelp(_ name: String) -> Bool {
        let names = Builtins.docs.map(\.name)
        let close = names.filter { $0.lowercased().contains(name.lowercased()) }.prefix(5)
        output.error(
            "no help for '\(name)'"
                + (close.isEmpty ? "; :help lists what there is" : "; did you mean: " + close.joined(separator: ", ")))
        return false
    }

    /// `:help` with no argument.
    func helpOverview() -> String {
        var lines = ["Commands:"]
        let w = ReplCommand.allCases.map { $0.usage.0.count }.max() ?? 0
        for c in ReplCommand.allCases {
            let (u, d) = c.usage
            lines.append("  " + u + String(repeating: " ", count: w - u.count + 2) + d)
        }
        lines.append("")
        lines.append("Anything else runs as Python-like code; an expression's value is printed.")
        lines.append("Blocks (for, def, class, if, with) continue with '...' until a blank line.")
        lines.append("Tab completes names, attributes (x.gr<Tab>), keyword arguments and commands.")
        let names = Builtins.docs.map(\.name)
        if !names.isEmpty {
            lines.append("")
            lines.append("Builtins (:help NAME for one):")
            lines.append(columns(names, width: capabilities.columns))
        }
        return lines.joined(separator: "\n")
    }

    /// `:help NAME`: a builtin's signature, summary and example, or a command's usage.
    func helpFor(_ name: String) -> String? {
        let key = name.hasPrefix(":") ? String(name.dropFirst()) : name
        if let c = ReplCommand(rawValue: key),
            name.hasPrefix(":") || Builtins.docs.first(where: { $0.name == name }) == nil
        {
            return "\(c.usage.0)\n    \(c.usage.1)" + (c == .step ? "\n\n" + Stepper.setupHelp : "")
        }
        let docs = Builtins.docs
        guard
            let doc = docs.first(where: { $0.name == name })
                ?? docs.first(where: { $0.name.hasSuffix("." + name) })
        else { return nil }
        var text = doc.signature + "\n    " + doc.summary
        if !doc.example.isEmpty {
            text +=
                "\n\nExample:\n"
                + doc.example.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n")
        }
        return text
    }

    /// Names in columns fitting `width`.
    private func columns(_ names: [String], width: Int) -> String {
        let cellW = (names.map(\.count).max() ?? 0) + 2
        let perRow = max(1, (width - 2) / cellW)
        var lines: [String] = []
        var i = 0
        while i < names.count {
            let row = names[i..<min(names.count, i + perRow)]
            var line = "  " + row.map { $0 + String(repeating: " ", count: cellW - $0.count) }.joined()
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
            i += perRow
        }
        return lines.joined(separator: "\n")
    }
}

/// A command failed after it already printed why.
struct CommandFailed: Error {}
