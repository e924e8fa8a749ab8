// REPL: the read-eval-print loop of `gradstep repl` and of a lesson's "drop into the REPL".
//
// Reads lines (readline on a terminal, plain lines otherwise), groups them into commands the way
// Python's interactive mode does, and runs them:
//   - a simple statement runs at once; an unclosed bracket continues with "... ";
//   - a compound statement (`for`, `def`, `class`, `with`, `if`, ... ending in ':') continues with
//     "... " until a blank line (an unindented line that is not `else`/`elif`/... also ends it);
//   - a trailing expression's value is echoed with its repr, unless it is None;
//   - lines starting with ':' are REPL commands (Commands.swift).
// Errors go to standard error with position and caret; the variables stay as they were.
// Ctrl-C at the prompt clears the line; during a command it interrupts it (the interpreter throws
// KeyboardInterrupt at the next statement or training step). Ctrl-D or `:quit` leaves.
// Ctrl-C is the front end's: the CLI installs the one SIGINT handler and watcher thread
// (gradstep/Interrupts.swift); the REPL only marks a command as running (`gs_set_busy`, which
// also keeps signals off this thread while it computes) and the line reader asks whether Ctrl-C
// came. When input is not a terminal, `run()` returns 1 if any command failed, and Ctrl-C ends the
// process as it would any filter (no SIGINT handler is installed then).
//
// Non-goals: the language itself (GradScript), lesson loading (GradLessons does it and hands a
// prepared Interpreter to `REPL(interpreter:)`).

import CSignals
import Foundation
import GradEngine
import GradRender
import GradScript

public final class REPL: @unchecked Sendable {
    /// The interpreter commands run in; its variables are the session's state.
    public let interpreter: Interpreter
    /// Text shown once before the first prompt on a terminal (nil: the default greeting).
    public var banner: String?
    public let output: ConsoleOutput
    public let capabilities: TerminalCapabilities
    /// Primary and continuation prompts.
    public var prompt = ">>> "
    public var continuationPrompt = "... "

    let reader: LineReader
    let watch = GradAccumulationWatch()
    let stepper = Stepper()
    lazy var progressBars = EpochProgressBars { [unowned self] p in
        let out = self.output
        return EpochProgressBars.standardBar(
            p, isTerminal: self.capabilities.stderrIsTerminal,
            columns: self.capabilities.liveColumnsFD == nil ? self.capabilities.columns : nil,
            write: { out.errorRaw($0) })
    }
    /// The last chart drawn, for `:svg PATH`.
    var lastChart: (title: String, series: [ChartSeries])?
    private var failures = 0
    /// The status asked for by exit()/sys.exit(n), which ends the session.
    private var exitStatus: Int32?
    private var held: [String: Value] = [:]
    private var heldOrder: [String] = []
    private var quitRequested = false
    /// Lines read so far (for error positions when reading a file).
    private var lineNumber = 0

    /// A REPL over `interpreter`. By default it reads standard input with readline when it is a
    /// terminal and plain lines otherwise, and writes to standard output/error.
    public init(
        interpreter: Interpreter = Interpreter(), reader: LineReader? = nil, output: ConsoleOutput = .standard(),
        capabilities: TerminalCapabilities = .detect(), history: History? = History()
    ) {
        self.interpreter = interpreter
        self.output = output
        self.capabilities = capabilities
        if let reader {
            self.reader = reader
        } else if capabilities.stdinIsTerminal {
            self.reader = ReadlineReader(history: history, completer: Completer(interpreter: interpreter))
        } else {
            self.reader = PlainReader()
        }
        connectInterpreter()
    }

    /// Routes the interpreter's printed text, rich output and training progress to this console.
    private func connectInterpreter() {
        interpreter.tracksChangedNames = true
        for (n, v) in interpreter.globals where v.asTensor != nil || v.asModule != nil {
            held[n] = v
            heldOrder.append(n)
        }
        interpreter.output = { [unowned self] text in
            self.endProgressLine()
            self.output.line(text)
        }
        interpreter.display = { [unowned self] item in
            self.endProgressLine()
            self.show(item)
        }
        interpreter.errorOutput = { [unowned self] text in
            self.endProgressLine()
            self.output.errorRaw(text)
        }
        interpreter.progress = { [unowned self] p in self.reportProgress(p) }
        interpreter.saveChart = SVGChart.saver
        interpreter.saveFigure = FigureSVG.write
    }

    /// Runs until end of input, Ctrl-D or `:quit`. Returns the exit status: 0, or 1 when input was
    /// not interactive and a command failed.
    public func run() -> Int32 {
        let interactive = reader.isInteractive
        if interactive {
            output.line(
                banner ?? "gradstep repl: Python-like tensors with autograd. :help lists commands, Ctrl-D leaves.")
        }
        if !interactive { return runPiped() }
        var buffer: [String] = []
        var firstLine = 1
        var blockMode = false
        while !quitRequested {
            let result = reader.read(prompt: buffer.isEmpty ? prompt : continuationPrompt)
            switch result {
            case .interrupted:
                buffer = []
                blockMode = false
                continue
            case .endOfInput:
                if !buffer.isEmpty { runSource(buffer, firstLine: firstLine) }
                if interactive { output.raw("\n") }
                quitRequested = true
                continue
            case .line(let line):
                lineNumber += 1
                if !buffer.isEmpty {
                    let blank = line.allSatisfy { $0 == " " || $0 == "\t" }
                    let joined = buffer.joined(separator: "\n")
                    if blockMode && !blank && !startsIndented(line) && !isBlockContinuation(line)
                        && Interpreter.isComplete(joined + "\n")
                    {
                        // A new statement after a block without the blank line: end the block,
                        // then treat this line as a fresh command.
                        runSource(buffer, firstLine: firstLine)
                        buffer = []
                        blockMode = false
                    } else {
                        buffer.append(line)
                        if Interpreter.isComplete(buffer.joined(separator: "\n")) {
                            runSource(buffer, firstLine: firstLine)
                            buffer = []
                            blockMode = false
                        }
                        continue
                    }
                }
                // A fresh command.
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                if trimmed.hasPrefix(":") {
                    let ok = runReplCommand(trimmed)
                    if !ok { failures += 1 }
                    continue
                }
                firstLine = lineNumber
                if Interpreter.isComplete(line) && !opensBlock(line) {
                    runSource([line], firstLine: firstLine)
                } else {
                    buffer = [line]
                    blockMode = opensBlock(line)
                }
            }
        }
        progressBars.end()
        if let s = exitStatus { return s }
        return (!interactive && failures > 0) ? 1 : 0
    }

    /// Whether it reads from a terminal (line editing, Ctrl-C clears the line); the front end then
    /// installs the Ctrl-C handler (gradstep/Interrupts.swift).
    public var isInteractive: Bool { reader.isInteractive }

    /// Reads input that is not a terminal (`gradstep repl < FILE`) the way Python reads a file:
    /// indentation alone ends a block, so blank and comment lines inside a `def` or `class` are
    /// part of it (LineGrouper). Lines starting with ':' between commands are REPL commands.
    private func runPiped() -> Int32 {
        var grouper = LineGrouper()
        func runAll(_ commands: [LineGrouper.Command]) {
            for c in commands where !quitRequested { runSource(c.lines, firstLine: c.firstLine) }
        }
        while !quitRequested {
            switch reader.read(prompt: prompt) {
            case .interrupted:
                continue
            case .endOfInput:
                if let c = grouper.finish() { runAll([c]) }
                quitRequested = true
            case .line(let line):
                lineNumber += 1
                if line.first == ":" && !grouper.continues(line) {
                    // A REPL command between statements (it ends a block above it).
                    if let c = grouper.finish() { runAll([c]) }
                    grouper.skipLine()
                    if !runReplCommand(line.trimmingCharacters(in: .whitespaces)) { failures += 1 }
                    continue
                }
                runAll(grouper.add(line))
            }
        }
        progressBars.end()
        if let s = exitStatus { return s }
        return failures > 0 ? 1 : 0
    }

    /// Ends the session after the current command (`:quit`).
    func requestQuit() { quitRequested = true }

    private func startsIndented(_ line: String) -> Bool { line.first == " " || line.first == "\t" }

    /// `else:`, `elif ...:`, `except`, `finally:` continue a block at the same indentation.
    private func isBlockContinuation(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces)
        return ["else", "elif", "except", "finally"].contains {
            t.hasPrefix($0) && (t.count == $0.count || !isNameChar(t[t.index(t.startIndex, offsetBy: $0.count)]))
        }
    }

    private func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// Whether a line starts a compound statement (ends with ':' outside a comment).
    private func opensBlock(_ line: String) -> Bool {
        var code = line
        if let hash = line.firstIndex(of: "#"), !line[..<hash].contains("\"") && !line[..<hash].contains("'") {
            code = String(line[..<hash])
        }
        return code.trimmingCharacters(in: .whitespaces).hasSuffix(":")
    }

    // MARK: running source

    /// Runs one command's lines; echoes the value; reports errors. Returns success.
    @discardableResult
    func runSource(_ lines: [String], firstLine: Int) -> Bool {
        let source = lines.joined(separator: "\n")
        let file = reader.isInteractive ? "<repl>" : "<stdin>"
        refreshHeld()
        labelVariables(heldGlobals)
        let tracked = watch.trackedTensors(heldGlobals)
        watch.snapshot(tracked)
        let ok = guarded {
            if let value = try interpreter.execute(source, file: file, line: reader.isInteractive ? 1 : firstLine) {
                output.line(try value.checkedRepr())
            }
        }
        refreshHeld()
        if let note = watch.check(watch.trackedTensors(heldGlobals)) { output.error(note) }
        if !ok { failures += 1 }
        return ok
    }

    /// Gives unlabelled tensors held by variables their variable's name (`w`, `conv1.weight`), so
    /// `:graph` shows names instead of "leaf" for the tensors a learner created.
    func labelVariables(_ globals: [(name: String, value: Value)]? = nil) {
        for (name, value) in globals ?? interpreter.globals {
            if let t = value.asTensor, t.isLeaf, t.label == nil {
                t.label = name
            } else if let m = value.asModule {
                for (pname, p) in m.namedParameters() where p.label == nil { p.label = pname }
            }
        }
    }

    /// Brings `held` (the globals that hold tensors or modules) up to date with what the last
    /// commands assigned. NOTE: scanning every variable per command made piped input with many
    /// variables quadratic; only the changed names are looked at.
    func refreshHeld() {
        for n in interpreter.takeChangedNames() {
            if let v = interpreter.userGlobal(n), v.asTensor != nil || v.asModule != nil {
                if held.updateValue(v, forKey: n) == nil { heldOrder.append(n) }
            } else if held.removeValue(forKey: n) != nil {
                heldOrder.removeAll { $0 == n }
            }
        }
    }

    /// The globals holding tensors or modules, in the order they were first assigned.
    var heldGlobals: [(name: String, value: Value)] { heldOrder.compactMap { n in held[n].map { (n, $0) } } }

    /// Runs `body` as a user command: Ctrl-C interrupts it, errors are printed. Returns success.
    func guarded(_ body: () throws -> Void) -> Bool {
        gs_set_busy(1)
        defer {
            gs_set_busy(0)
            progressBars.end()
        }
        do {
            try body()
            return true
        } catch let e as ScriptError where e.kind == "SystemExit" {
            // exit(), quit(), sys.exit(): leave the session (a message is printed, as Python does).
            progressBars.end()
            if e.exitStatus == nil && !e.message.isEmpty { output.error(e.message) }
            requestQuit()
            exitStatus = e.exitStatus ?? (e.message.isEmpty ? 0 : 1)
            return true
        } catch let e as ScriptError {
            progressBars.end()
            output.error(
                e.kind == "KeyboardInterrupt"
                    ? "KeyboardInterrupt" + (e.message.isEmpty ? "" : ": " + e.message) : e.description)
            return false
        } catch {
            progressBars.end()
            output.error("error: \(error)")
            return false
        }
    }

    // MARK: rich output

    /// Draw pictures on standard error (`gradstep run FILE.py`; see `show`).
    public var picturesOnStandardError = false

    /// Draws a DisplayItem from the interpreter. Pictures (images, tables, charts, figures) go to
    /// standard output, or to standard error when `picturesOnStandardError` is set (a Python file run
    /// as `python3 FILE.py` prints nothing for `plt.show()` or a picture, so `gradstep run FILE.py`
    /// keeps its standard output the program's printed text and draws pictures beside it).
    public func show(_ item: DisplayItem) {
        let mode = capabilities.colorMode
        let output =
            picturesOnStandardError
            ? ConsoleOutput(out: { self.output.errorRaw($0) }, err: { self.output.errorRaw($0) }) : self.output
        switch item {
        case .text(let s):
            self.output.line(s)
        case let .image(t, title):
            if let title { output.line(title) }
            do {
                if ImageGrid.isGrid(t.shape) {
                    output.line(try ImageGrid.render(t, colorMode: mode, columns: capabilities.columns))
                } else if let picture = Inspector.picture(t, capabilities: capabilities) {
                    output.line(picture)
                } else {
                    output.line(try Heatmap.render(t, colorMode: mode, maxColumns: capabilities.columns - 1))
                }
            } catch {
                output.error("error: \(error)")
            }
        case let .captionedImages(t, title, captions):
            if let title { output.line(title) }
            do {
                output.line(
                    try ImageGrid.render(t, colorMode: mode, columns: capabilities.columns - 1, captions: captions))
            } catch {
                output.error("error: \(error)")
            }
        case let .confusion(matrix, classNames, summary):
            output.line(summary)
            output.line(ConfusionTable.render(matrix, classNames: classNames, colorMode: mode))
        case let .figure(fig):
            output.line(
                FigureText.render(fig, colorMode: mode, columns: max(30, capabilities.columns - 1)))
        case let .lineChart(title, series):
            let s = series.map { ChartSeries(name: $0.name, values: $0.values) }
            lastChart = (title, s)
            output.line(
                LineChart.render(
                    title: title, series: s, width: max(20, min(72, capabilities.columns - 12)),
                    colorMode: mode))
        }
    }

    /// Ends a progress bar being drawn, so text printed meanwhile (e.g. "Interrupted in epoch 9 ...")
    /// starts on a line of its own.
    private func endProgressLine() { progressBars.end() }

    /// Drives the tqdm-style bar from `fit`'s reports (one bar per epoch).
    private func reportProgress(_ p: TrainingProgress) { progressBars.report(p) }
}
