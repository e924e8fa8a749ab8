// LocalImports: `import helper` / `from data_utils import Corpus` of a Python file of the user's, as
// Python finds it on sys.path[0]: next to the running script (its `__file__`), or in the current
// folder at the REPL. `import pkg.mod` reads pkg/mod.py (pkg/__init__.py runs first when there is
// one). A module runs once; later imports get the same module object, as from Python's sys.modules.
//
// A module's top-level names live in its own scope (a Frame): its functions and classes see them,
// `import helper` binds a module object whose attributes are that scope (read and written live),
// and `__name__` is the module's name, so its `if __name__ == '__main__':` block does not run.
// Built-in modules (torch, numpy, os, ...) come first. Errors inside a module report its file and line.
// A circular import gets the module as far as it has run, as in Python.
// Non-goals: relative imports (`from . import x`), `importlib`, reloading, sys.path edits, modules larger than 4 MiB.

import Foundation
import GradEngine

/// A module loaded from a user's .py file.
final class LocalModule: ScriptObject, @unchecked Sendable {
    let name: String
    let file: String
    let scope: Frame
    init(name: String, file: String, scope: Frame) {
        self.name = name
        self.file = file
        self.scope = scope
    }
    override var typeName: String { "module" }
    override var repr: String { "<module '\(name)' from '\(file)'>" }
    override var attributeNames: [String] { scope.vars.keys.sorted() }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if let v = scope.vars[n] { return v }
        throw ScriptError(kind: "AttributeError", message: "module '\(name)' has no attribute '\(n)'")
    }
    override func setAttribute(_ n: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        scope.vars[n] = value
        return true
    }
}

extension Interpreter {
    /// A built-in module, or a user's module file found as Python would find it (nil: none).
    func findModule(_ path: String) throws -> Value? {
        if let m = modules[path] { return m }
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard
            parts.allSatisfy({ p in
                guard let f = p.first, f == "_" || f.isLetter else { return false }
                return p.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
            })
        else { return nil }
        var parent: LocalModule? = nil
        if parts.count > 1 {
            guard case .object(let p as LocalModule)? = try findModule(parts.dropLast().joined(separator: ".")) else {
                return nil
            }
            parent = p
        }
        let base: String
        if let p = parent {
            base = (p.file as NSString).deletingLastPathComponent
        } else if case .string(let f)? = names["__file__"], f.hasSuffix(".py") {
            let d = (f as NSString).deletingLastPathComponent
            base = d.isEmpty ? "." : d
        } else {
            base = "."
        }
        let last = parts[parts.count - 1]
        let file: String
        if PyOS.isDir(base + "/" + last + ".py") == false {
            file = base + "/" + last + ".py"
        } else if PyOS.isDir(base + "/" + last) == true {
            // a package: its __init__.py, or an empty namespace package
            file = base + "/" + last + "/__init__.py"
        } else {
            return nil
        }
        let scope = Frame(name: "<module>", enclosing: nil)
        scope.isModuleScope = true
        scope.vars["__name__"] = .string(path)
        scope.vars["__file__"] = .string(file)
        let module = LocalModule(name: path, file: file, scope: scope)
        if PyOS.isDir(file) == false {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ScriptError(kind: "PermissionError", message: "[Errno 13] Permission denied: '\(file)'")
            }
            guard data.count <= 4 << 20 else {
                throw ScriptError(kind: "ImportError", message: "\(file) is larger than 4 MiB")
            }
            guard let source = String(data: data, encoding: .utf8) else {
                throw ScriptError(
                    kind: "SyntaxError", message: "(unicode error) \(file) is not UTF-8 text")
            }
            // registered before it runs, as in sys.modules: a circular import gets the module as far as
            // it has run; a module that fails is forgotten
            modules[path] = .object(module)
            do { try runModule(source, file: file, in: scope) } catch {
                modules[path] = nil
                throw error
            }
        }
        modules[path] = .object(module)
        parent?.scope.vars[last] = .object(module)
        return .object(module)
    }

    /// The user module whose code is running (the outermost frame of the chain), if any: `global`
    /// names of its functions live there.
    func moduleScope() -> Frame? {
        var f = frame
        while let fr = f {
            if fr.isModuleScope { return fr }
            f = fr.enclosing
        }
        return nil
    }

    /// Runs a module's statements in its own scope, its file and lines in tracebacks.
    private func runModule(_ text: String, file: String, in scope: Frame) throws {
        // Python reads source with universal newlines and skips a UTF-8 BOM, as `gradstep run` does for the
        // script: udacity's helper.py has Windows line ends
        let source = (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
            .replacingOccurrences(of: "\r\n", with: "\n")
        let program = try Parser.parse(source, file: file, firstLine: 1)
        remember(source, file: file, firstLine: 1)
        try checkStack()
        guard callDepth < maxCallDepth else {
            throw ScriptError(kind: "RecursionError", message: "maximum recursion depth exceeded importing \(file)")
        }
        let savedFrame = frame, savedFile = currentFile, savedLine = currentLine
        callDepth += 1
        frame = scope
        currentFile = file
        defer {
            callDepth -= 1
            frame = savedFrame
            currentFile = savedFile
            currentLine = savedLine
        }
        for s in program {
            scope.line = s.line
            do {
                switch try exec(s) {
                case .normal: break
                case .returned: throw ScriptError(kind: "SyntaxError", message: "'return' outside function")
                case let flow: throw ScriptError(kind: "SyntaxError", message: "'\(flow.keyword)' outside loop")
                }
            } catch {
                var e = locate(error, s.line, s.col)
                if e.frames.count < 200 {
                    e.frames.insert(TraceFrame(file: file, line: scope.line, function: "<module>"), at: 0)
                }
                throw e
            }
        }
    }
}
