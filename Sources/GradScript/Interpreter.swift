// Interpreter: the public face of the language. Front ends (REPL, lesson runner) create one,
// set `output`/`display`/`progress`, and call `execute` with source text. Variables persist across
// calls, as in a Python session. The statement/expression evaluation itself lives in Exec.swift and
// Eval.swift; builtins in Builtins*.swift.
//
// Non-goals: threads inside the language, the full Python data model.

import Foundation
import GradEngine
import GradFigure
import Synchronization

/// Runs script source, keeping variables between calls.
public final class Interpreter: @unchecked Sendable {
    /// Where `print(...)` writes (one call per printed line, without its newline).
    public var output: (String) -> Void = { print($0) }
    /// Where text for standard error goes (`sys.stderr.write`, `warnings.warn`), as is (newlines included).
    public var errorOutput: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    /// Where rich output (images, charts, tables) goes; front ends render it.
    public var display: (DisplayItem) -> Void = { item in
        if case .text(let s) = item { print(s) }
    }
    /// Writes a line chart as an SVG file at a path, atomically (`plot(..., save=PATH)`); front ends
    /// set it (GradRender's `SVGChart.saver`), since drawing is theirs. Nil: saving is refused with a message.
    public var saveChart:
        ((_ title: String, _ series: [(name: String, values: [Double])], _ path: String) throws -> Void)?
    /// Writes a matplotlib figure as an SVG file at a path (`plt.savefig`); front ends set it
    /// (GradRender's `FigureSVG.write`). Nil: saving is refused with a message.
    public var saveFigure: ((_ figure: Figure, _ path: String) throws -> Void)?
    /// matplotlib.pyplot's open figures (Pyplot.swift).
    lazy var pyplot = PyplotState()
    /// Called by `fit` after every training step.
    public var progress: ((TrainingProgress) -> Void)?

    /// Stop with an error after this many statements/loop iterations/calls in one `execute` (nil: no limit).
    public var stepLimit: Int?
    /// Largest number of elements a tensor-creation builtin may allocate (guards against typos like 10**10).
    public var maxTensorElements: Int = 1 << 28
    /// Maximum depth of nested user function calls (RecursionError beyond it).
    public var maxCallDepth: Int = 200

    let interruptFlag = Atomic<Bool>(false)
    /// User globals and their first-assignment order.
    var names: [String: Value] = [:]
    var nameOrder: [String] = []
    /// Builtin names visible without import (torch, nn, F, print, relu, ...).
    var builtinNames: [String: Value] = [:]
    /// Importable modules by dotted name ("torch", "torch.nn", "torchvision.datasets", ...).
    var modules: [String: Value] = [:]
    /// The running function's scope (nil at module level).
    var frame: Frame?
    /// The file of the code running now, and source lines per file for error messages.
    var currentFile = "<repl>"
    var sourceLines: [String: [Int: String]] = [:]
    /// Line of the innermost module-level statement running now (first traceback entry).
    var currentLine = 0
    /// Engine warnings already printed (each is shown once, as Python's default warning filter does).
    var warningsShown = Set<String>()
    var callDepth = 0
    /// Stack address below which calls raise RecursionError (see StackGuard.swift).
    var stackFloor = 0
    /// The user function running now (for `super()` without arguments).
    var currentFunction: UserFunction?
    /// The errors whose `except` blocks are running, innermost last (a bare `raise` re-raises it).
    var handling: [ScriptError] = []
    /// Text printed with `end=''` that waits for the rest of its line.
    var pendingOutput = ""
    var steps = 0
    /// While positive, an interrupt request is left for the running builtin to honour (`fit` finishes
    /// its batch, so a user model's `forward` must not throw `KeyboardInterrupt` half-way through a step).
    var interruptDeferred = 0
    /// The training setup registered by `trainer(...)`, used by the REPL's `:step`/`:undo`.
    public internal(set) var currentTrainer: Trainer?

    /// The most float32 values all tensors together may hold (see GradEngine's MemoryBudget).
    nonisolated(unsafe) public static var liveElementLimit = MemoryBudget.suggestedLimit()

    public init() {
        let table = BuiltinTable.shared
        builtinNames = table.globals
        builtinNames["__name__"] = .string("__main__")
        modules = table.modules
    }

    /// Runs `source` (one or more statements). Returns the value of a trailing expression statement
    /// unless it is None, so a front end can echo it as Python's REPL does.
    @discardableResult
    public func execute(_ source: String, file: String = "<repl>", line: Int = 1) throws -> Value? {
        let program = try Parser.parse(source, file: file, firstLine: line)
        return try run(program, source: source, file: file, firstLine: line)
    }

    /// Evaluates one expression and returns its value.
    public func evaluate(_ expr: String) throws -> Value {
        let e = try Parser.parseExpression(expr, file: "<expr>")
        return try runExpression(e, source: expr, file: "<expr>")
    }

    /// Text printed with `end=''` and not yet ended by a newline; taking it clears it (a front end
    /// writes it out when the program ends, as Python flushes at exit).
    public func takePendingOutput() -> String {
        defer { pendingOutput = "" }
        return pendingOutput
    }

    /// `sys.argv`: the script path as given and its arguments (`[""]` in the REPL, as in Python).
    public var argv: [String] = [""] {
        didSet { argvList = ListRef(argv.map(Value.string)) }
    }
    /// The list `sys.argv` returns (one shared list, so a script may change it).
    lazy var argvList = ListRef(argv.map(Value.string))

    /// The state of Python's `random` module (CPython's generator; see PyRandom.swift).
    lazy var pyRandom = PyMersenneTwister()

    /// The user's variables (not the builtins), in the order they were first assigned.
    public var globals: [(name: String, value: Value)] {
        nameOrder.compactMap { n in names[n].map { (n, $0) } }
    }

    /// The text of line `line` of `file` as it was run (nil when that code never ran here).
    public func sourceLine(file: String, line: Int) -> String? { sourceLines[file]?[line] }

    /// Reads a variable (user or builtin).
    public func global(_ name: String) -> Value? { names[name] ?? builtinNames[name] }

    /// Sets a variable, as `name = value` would (front ends use it to provide `train_loader`, ...).
    public func setGlobal(_ name: String, _ value: Value) {
        if names.updateValue(value, forKey: name) == nil { nameOrder.append(name) }
        if tracksChangedNames { changedNames.insert(name) }
    }

    /// When true, the names of globals assigned or deleted are collected for `takeChangedNames`, so a
    /// front end can look at what a command changed instead of scanning every variable.
    public var tracksChangedNames = false
    var changedNames = Set<String>()

    /// The globals assigned or deleted since the last call (with `tracksChangedNames`), in no order.
    public func takeChangedNames() -> Set<String> {
        defer { changedNames = [] }
        return changedNames
    }

    /// A user variable (not a builtin), if it exists.
    public func userGlobal(_ name: String) -> Value? { names[name] }

    /// Asks the running statement to stop: it throws `KeyboardInterrupt` at the next statement,
    /// loop iteration, call or training step. Safe to call from any thread or a signal handler's helper.
    public func interrupt() {
        interruptFlag.store(true, ordering: .relaxed)
    }

    /// Runs `body` with interrupts left pending: user code (a model's `forward`) called inside does
    /// not raise `KeyboardInterrupt`, so a front end can finish a training step and then stop
    /// (check `interruptPending`). `fit` does the same internally.
    public func withInterruptsDeferred<T>(_ body: () throws -> T) rethrows -> T {
        interruptDeferred += 1
        defer { interruptDeferred -= 1 }
        return try body()
    }

    /// Whether `interrupt()` was called and nothing has consumed it yet; `clear` consumes it.
    public func interruptPending(clear: Bool) -> Bool {
        clear ? interruptFlag.exchange(false, ordering: .relaxed) : interruptFlag.load(ordering: .relaxed)
    }

    /// Throws `KeyboardInterrupt` (and clears the request) when `interrupt()` was called since the
    /// last check. Front ends that call `execute` many times in a row (`:time`) check between calls,
    /// since each `execute` starts with a clear flag.
    public func checkInterrupt() throws {
        if interruptFlag.exchange(false, ordering: .relaxed) {
            throw ScriptError(kind: "KeyboardInterrupt", message: "interrupted")
        }
    }

    /// False while a block is open (`for ...:` without its body, an unclosed bracket, a trailing `\`),
    /// so a front end shows a `...` prompt and reads more lines; true when `source` is a whole command.
    public static func isComplete(_ source: String) -> Bool {
        Parser.isComplete(source)
    }
}
