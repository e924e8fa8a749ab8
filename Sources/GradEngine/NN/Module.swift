// Module: the base class of every layer and model (PyTorch's nn.Module).
//
// A module owns parameters (leaf tensors that require grad) and child modules, both registered in
// order under names, so `namedParameters()` yields PyTorch's dotted names (`conv1.weight`, ...) in
// PyTorch's order and `description` prints the multi-line repr PyTorch prints. The script layer
// subclasses it for a learner's `class Net(nn.Module)`: it overrides `forward` and `typeName`.
//
// Buffers (BatchNorm's running statistics) are registered like parameters but never require grad;
// they are saved in `stateDict()` after the module's own parameters, as PyTorch orders them.
// A layer describes its hyper-parameters (`in_features`, `kernel_size`, `p`, ...) through
// `hyperParameters`, so the language reads them without knowing the concrete layer class.
//
// A script class deriving from a built-in layer (`class Layer(nn.Linear)`) is a module that shares
// its layer's registries (`share(registriesOf:)`): one set of names, so the layer's forward uses what
// the subclass registers and reassigns, and the subclass's state dict has the layer's keys.
//
// Non-goals: hooks, devices, dtypes.

import Foundation

/// A hyper-parameter value a layer reports (PyTorch's attribute of the same name).
public enum HyperParameter: Sendable, Equatable {
    case int(Int)
    case float(Double)
    case bool(Bool)
    /// A tuple of ints, e.g. `kernel_size=(5, 5)`.
    case ints([Int])
    case string(String)
    case none

    /// A float32 setting as the Python float it was written as (0.1, not 0.10000000149).
    public static func float32(_ f: Float) -> HyperParameter { .float(Double("\(f)") ?? Double(f)) }
}

/// A neural-network module: parameters, child modules, a forward pass, train/eval mode.
///
/// Subclasses register what they own in `init`, in the order PyTorch would create it:
/// ```swift
/// final class Net: Module {
///     let fc = Linear(4, 2)
///     override init() { super.init(); registerModule("fc", fc) }
///     override func forward(_ x: Tensor) throws -> Tensor { try fc(x) }
/// }
/// ```
open class Module: CustomStringConvertible, @unchecked Sendable {
    /// True in training mode (dropout active), false after `eval()`; a module sharing a layer's
    /// registries passes its mode on to that layer.
    public var training: Bool = true {
        didSet { core?.training = training }
    }
    /// What a module registers: its children, own parameters and own buffers, each in
    /// registration order. Shared between a script subclass of a layer and that layer.
    final class Registries {
        var children: [(name: String, module: Module)] = []
        var parameters: [(name: String, tensor: Tensor)] = []
        var buffers: [(name: String, tensor: Tensor)] = []
    }
    private var registries = Registries()
    /// The built-in layer whose registries this module shares (see `share(registriesOf:)`), if any.
    public private(set) var core: Module?
    /// The child modules, in registration order.
    public var children: [(name: String, module: Module)] { registries.children }
    /// This module's own parameters (not its children's), in registration order.
    public var ownParameters: [(name: String, tensor: Tensor)] { registries.parameters }
    /// This module's own buffers (state that is saved but not trained), in registration order.
    public var ownBuffers: [(name: String, tensor: Tensor)] { registries.buffers }

    public init() {}

    /// Makes this module share the registries of `layer` (a script class deriving from a built-in
    /// layer, after its `super().__init__(...)` made the layer): the layer's children, parameters
    /// and buffers come first, then whatever this module had registered already. From then on a
    /// registration on either is seen by both. A module shares with at most one layer.
    public func share(registriesOf layer: Module) throws {
        guard core == nil else {
            throw EngineError(typeName, "__init__ of the built-in base class was already called on this module")
        }
        guard layer !== self, layer.core == nil else {
            throw EngineError(typeName, "cannot share the registries of \(layer.typeName)")
        }
        let mine = registries
        core = layer
        registries = layer.registries
        for (n, m) in mine.children where child(n) == nil { registries.children.append((n, m)) }
        for (n, p) in mine.parameters where parameter(n) == nil { registries.parameters.append((n, p)) }
        for (n, b) in mine.buffers where buffer(n) == nil { registries.buffers.append((n, b)) }
        layer.training = training
    }

    /// The name printed in `description`: the class name (`"Conv2d"`, or a user class's name).
    open var typeName: String {
        let full = String(describing: type(of: self))
        return full.split(separator: ".").last.map(String.init) ?? full
    }

    /// The hyper-parameters shown inside the parentheses of `description` (PyTorch's `extra_repr`).
    open func extraRepr() -> String { "" }

    /// The hyper-parameters the layer exposes as attributes, in PyTorch's names
    /// (`in_features`, `kernel_size`, ...). Containers and parameter-free layers may have none.
    open var hyperParameters: [(name: String, value: HyperParameter)] { [] }

    /// The hyper-parameter called `name`, if the layer has one.
    public func hyperParameter(_ name: String) -> HyperParameter? {
        hyperParameters.first { $0.name == name }?.value
    }

    /// Called after a parameter was registered, replaced or removed (`layer.weight = ...`), so a
    /// layer can keep typed references in step. The default does nothing.
    open func parameterDidChange(_ name: String, _ t: Tensor?) {}

    /// Names of parameters `forward` cannot run without (`weight` of Linear): they may be replaced
    /// by another tensor but not removed.
    open var requiredParameters: [String] { [] }

    /// Names of parameters the layer may lack (`bias` of `Linear(..., bias=False)`): reading one
    /// that is absent gives None rather than an attribute error, as in PyTorch.
    open var optionalParameters: [String] { [] }

    /// Adds a child at the end (containers: Sequential, ModuleList); other modules refuse.
    open func appendChild(_ m: Module) throws {
        throw EngineError(typeName, "'\(typeName)' object has no attribute 'append'")
    }

    /// The forward pass. Subclasses override it; the base class throws.
    open func forward(_ x: Tensor) throws -> Tensor {
        throw EngineError(typeName, "forward() is not implemented: a Module subclass must define forward")
    }

    /// Calls `forward` (so `model(x)` reads as in PyTorch).
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try forward(x) }

    // MARK: Registration

    /// Registers (or replaces, keeping its place) a child module; `nil` removes it.
    public func registerModule(_ name: String, _ m: Module?) {
        if let i = children.firstIndex(where: { $0.name == name }) {
            if let m { registries.children[i] = (name, m) } else { registries.children.remove(at: i) }
        } else if let m {
            registries.children.append((name, m))
        }
        if let m {
            for (pname, p) in m.namedParameters() where p.label == nil || p.label == pname {
                p.label = name + "." + pname
            }
        }
    }

    /// Registers (or replaces, keeping its place) a parameter; `nil` removes it.
    /// The tensor is marked `requiresGrad` (a parameter is what an optimizer updates).
    public func registerParameter(_ name: String, _ t: Tensor?) {
        if let i = ownParameters.firstIndex(where: { $0.name == name }) {
            if let t { registries.parameters[i] = (name, t) } else { registries.parameters.remove(at: i) }
        } else if let t {
            registries.parameters.append((name, t))
        }
        if let t {
            if t.dtype == .float32, t.isLeaf { t.requiresGrad = true }
            if t.label == nil { t.label = name }
            t.isParameter = true
        }
        parameterDidChange(name, t)
        core?.parameterDidChange(name, t)
    }

    /// Registers (or replaces, keeping its place) a buffer; `nil` removes it. Buffers are saved in
    /// the state dict but are not parameters (an optimizer never sees them).
    public func registerBuffer(_ name: String, _ t: Tensor?) {
        if let i = ownBuffers.firstIndex(where: { $0.name == name }) {
            if let t { registries.buffers[i] = (name, t) } else { registries.buffers.remove(at: i) }
        } else if let t {
            registries.buffers.append((name, t))
        }
    }

    /// The own buffer registered under `name`, if any.
    public func buffer(_ name: String) -> Tensor? { ownBuffers.first { $0.name == name }?.tensor }

    /// `(dotted name, buffer)` pairs of this module and its descendants, depth-first.
    public func namedBuffers() -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        for (prefix, m) in namedModules() {
            for (n, b) in m.ownBuffers { out.append((prefix.isEmpty ? n : prefix + "." + n, b)) }
        }
        return out
    }

    /// The child registered under `name`, if any.
    public func child(_ name: String) -> Module? { children.first { $0.name == name }?.module }
    /// The own parameter registered under `name`, if any.
    public func parameter(_ name: String) -> Tensor? { ownParameters.first { $0.name == name }?.tensor }

    // MARK: Traversal

    /// Every parameter of this module and its descendants, each once, in PyTorch's order.
    public func parameters() -> [Tensor] { namedParameters().map { $0.1 } }

    /// `(dotted name, parameter)` pairs, e.g. `("conv1.weight", ...)`, depth-first in registration
    /// order, own parameters before children's; a tensor shared by two modules appears once.
    public func namedParameters() -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        var seen = Set<ObjectIdentifier>()
        for (prefix, m) in namedModules() {
            for (n, p) in m.ownParameters where seen.insert(ObjectIdentifier(p)).inserted {
                out.append((prefix.isEmpty ? n : prefix + "." + n, p))
            }
        }
        return out
    }

    /// `(dotted name, module)` for this module (name `""`) and every descendant, depth-first.
    /// Iterative, so very deep nestings cannot overflow the stack; a module reached twice appears once.
    public func namedModules() -> [(String, Module)] {
        var out: [(String, Module)] = []
        var seen = Set<ObjectIdentifier>()
        var stack: [(String, Module)] = [("", self)]
        while let (name, m) = stack.popLast() {
            guard seen.insert(ObjectIdentifier(m)).inserted else { continue }
            out.append((name, m))
            for (cn, c) in m.children.reversed() {
                stack.append((name.isEmpty ? cn : name + "." + cn, c))
            }
        }
        return out
    }

    /// This module and its descendants in the order PyTorch's `apply(fn)` visits them: each
    /// module's children (recursively) before the module itself.
    public func modulesChildrenFirst() -> [Module] {
        var out: [Module] = []
        var seen = Set<ObjectIdentifier>()
        // Iterative post-order: (module, children already pushed).
        var stack: [(Module, Bool)] = [(self, false)]
        while let (m, expanded) = stack.popLast() {
            if expanded {
                out.append(m)
                continue
            }
            guard seen.insert(ObjectIdentifier(m)).inserted else { continue }
            stack.append((m, true))
            for (_, c) in m.children.reversed() { stack.append((c, false)) }
        }
        return out
    }

    /// The number of scalar parameters (e.g. 21,840 for the slides' Net).
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    // MARK: Modes and gradients

    /// Sets training mode on this module and all descendants (PyTorch's `train(mode)`).
    @discardableResult
    public func train(_ mode: Bool = true) -> Self {
        for (_, m) in namedModules() { m.training = mode }
        return self
    }

    /// Evaluation mode (dropout off); same as `train(false)`.
    @discardableResult
    public func eval() -> Self { train(false) }

    /// Drops every parameter's gradient (PyTorch's `zero_grad()`, which sets them to None), or with
    /// `setToNone: false` fills the existing gradients with zeros.
    public func zeroGrad(setToNone: Bool = true) {
        for p in parameters() {
            if setToNone { p.grad = nil } else if let g = p.grad { g.data = [Float](repeating: 0, count: g.count) }
        }
    }

    // MARK: State dict

    /// The parameters and buffers under their dotted names, as PyTorch's `state_dict()` lists them:
    /// per module (depth-first), its own parameters then its own buffers.
    /// The tensors are the live parameters, not copies.
    public func stateDict() -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        var seen = Set<ObjectIdentifier>()
        for (prefix, m) in namedModules() {
            for (n, p) in m.ownParameters where seen.insert(ObjectIdentifier(p)).inserted {
                out.append((prefix.isEmpty ? n : prefix + "." + n, p))
            }
            for (n, b) in m.ownBuffers { out.append((prefix.isEmpty ? n : prefix + "." + n, b)) }
        }
        return out
    }

    /// Copies values into the parameters by name, all or nothing (PyTorch's `load_state_dict`).
    ///
    /// Every check runs before anything is written: a missing or unexpected name (when `strict`,
    /// the default) or a shape mismatch (always) throws one error that lists every problem, naming
    /// the tensors and shapes, and leaves the model untouched. Non-strict loads what matches by name.
    /// Returns the model's names the dict lacks and the dict's names the model lacks (PyTorch's
    /// `missing_keys`/`unexpected_keys`), the latter in `keyOrder` (the dict's own order) when given.
    @discardableResult
    public func loadStateDict(
        _ dict: [String: Tensor], strict: Bool = true, keyOrder: [String]? = nil
    ) throws
        -> (missing: [String], unexpected: [String])
    {
        // A LazyLinear not yet run takes its in_features from the checkpoint, as in PyTorch.
        for (name, m) in namedModules() {
            guard let l = m as? Linear, l.isLazy, let w = dict[name.isEmpty ? "weight" : name + ".weight"],
                w.ndim == 2, w.shape[0] == l.outFeatures
            else { continue }
            try l.materialize(w.shape[1])
        }
        let named = stateDict()
        let bufferIDs = Set(namedBuffers().map { ObjectIdentifier($0.1) })
        var problems: [String] = []
        var missing: [String] = []
        for (name, p) in named {
            guard let t = dict[name] else {
                missing.append(name)
                continue
            }
            if t.shape != p.shape {
                problems.append(
                    "size mismatch for \(name): copying a param with shape \(fmt(t.shape)) from checkpoint, the shape "
                        + "in current model is \(fmt(p.shape))"
                )
            } else if !t.dtype.isFloatingPoint && !bufferIDs.contains(ObjectIdentifier(p)) {
                problems.append("\(name): expected a float tensor, the checkpoint has \(t.dtype.rawValue)")
            }
        }
        if strict && !missing.isEmpty {
            problems.insert(
                "Missing key(s) in state_dict: " + missing.map { "\"\($0)\"" }.joined(separator: ", "), at: 0)
        }
        let known = Set(named.map { $0.0 })
        let unexpected = (keyOrder ?? dict.keys.sorted()).filter { dict[$0] != nil && !known.contains($0) }
        if strict {
            if !unexpected.isEmpty {
                problems.append(
                    "Unexpected key(s) in state_dict: " + unexpected.map { "\"\($0)\"" }.joined(separator: ", "))
            }
        }
        guard problems.isEmpty else {
            throw EngineError(
                "load_state_dict",
                "Error(s) in loading state_dict for \(typeName) (nothing was loaded):\n    "
                    + problems.joined(separator: "\n    "))
        }
        for (name, p) in named {
            if let t = dict[name] { p.data = t.data }
        }
        return (missing, unexpected)
    }

    // MARK: Printing

    /// PyTorch's repr: `Name(extra)` for a leaf, or one indented `(name): child` line per child.
    /// A module that contains itself, or a nesting deeper than `maxPrintDepth`, prints as
    /// `Name(...)` at the point where `describe()` would raise.
    public var description: String {
        (try? describe()) ?? typeName + "(...)"
    }

    /// How deep `describe()` follows child modules before it gives up (Python's recursion limit).
    public static let maxPrintDepth = 1000

    /// `description`, or a `.recursion` error for a module that contains itself or children nested
    /// more than `maxPrintDepth` deep (PyTorch raises RecursionError there). Time is linear in the
    /// printed text: each line is written once with its final indentation, and each module's
    /// `extraRepr` and print key (what ModuleList compares) are computed once (`PrintMemo`).
    public func describe() throws -> String {
        // Reprs computed inside a repr (a user module's extra_repr printing another) count towards
        // the depth too, so a module that prints itself there also ends in the error.
        let key = "gradstep.Module.describeDepth"
        let dict = Thread.current.threadDictionary
        let outer = dict[key] as? Int ?? 0
        defer { dict[key] = outer }
        var out = ""
        try describe(into: &out, indent: 0, depth: outer, memo: PrintMemo())
        return out
    }

    static func recursionError() -> EngineError {
        EngineError(
            "repr",
            "maximum recursion depth exceeded while getting the repr of a module (modules nested more than "
                + "\(Module.maxPrintDepth) deep, or a module that contains itself)",
            kind: .recursion)
    }

    private func describe(into out: inout String, indent: Int, depth: Int, memo: PrintMemo) throws {
        Thread.current.threadDictionary["gradstep.Module.describeDepth"] = depth + 1
        guard depth <= Module.maxPrintDepth else { throw Module.recursionError() }
        let extra = memo.extraRepr(of: self)
        let extraLines =
            extra.isEmpty ? [] : extra.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        out += typeName + "("
        if extraLines.isEmpty && children.isEmpty {
            out += ")"
            return
        }
        if extraLines.count == 1 && children.isEmpty {
            out += extraLines[0] + ")"
            return
        }
        let pad = "\n" + String(repeating: " ", count: indent + 2)
        for line in extraLines { out += pad + line }
        for (label, child) in try childGroups(memo, depth: depth) {
            out += pad + label
            try child.describe(into: &out, indent: indent + 2, depth: depth + 1, memo: memo)
        }
        out += "\n" + String(repeating: " ", count: indent) + ")"
    }

    /// A number that is equal for two modules exactly when their reprs are equal (memoized): the
    /// repr is a function of the type name, `extraRepr` and the children's labels and reprs.
    func printKey(_ memo: PrintMemo, depth: Int) throws -> Int {
        let id = ObjectIdentifier(self)
        if let k = memo.keys[id] { return k }
        guard depth <= Module.maxPrintDepth, memo.inProgress.insert(id).inserted else {
            throw Module.recursionError()
        }
        defer { memo.inProgress.remove(id) }
        var text = typeName + "\u{1}" + memo.extraRepr(of: self)
        for (label, child) in try childGroups(memo, depth: depth) {
            text += "\u{1}" + label + "\u{2}" + String(try child.printKey(memo, depth: depth + 1))
        }
        let k = memo.interned[text] ?? memo.interned.count
        memo.interned[text] = k
        memo.keys[id] = k
        return k
    }

    /// The children as printed: a label (`(name): `) and the module whose repr follows it.
    /// ModuleList overrides it to group repeated children (`(0-2): 3 x `).
    open func childGroups(_ memo: PrintMemo, depth: Int) throws -> [(label: String, module: Module)] {
        children.map { ("(\($0.name)): ", $0.module) }
    }
}

/// What one printing of a module tree has computed, so each module's `extraRepr` and print key are
/// computed once however often the module appears or is compared (a ModuleList nested 1,000 deep
/// took time exponential in the depth when every level printed its children again to compare them).
public final class PrintMemo {
    var keys: [ObjectIdentifier: Int] = [:]
    var interned: [String: Int] = [:]
    var inProgress: Set<ObjectIdentifier> = []
    private var extras: [ObjectIdentifier: String] = [:]

    init() {}

    func extraRepr(of m: Module) -> String {
        let id = ObjectIdentifier(m)
        if let e = extras[id] { return e }
        let e = m.extraRepr()
        extras[id] = e
        return e
    }
}
