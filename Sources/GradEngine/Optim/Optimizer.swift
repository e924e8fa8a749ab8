// Optimizer: the base class of SGD, Adam/AdamW, RMSprop, Adagrad and Adadelta (PyTorch's
// torch.optim.Optimizer).
//
// An optimizer holds the parameters it updates, grouped in parameter groups (PyTorch's
// `param_groups`: each group has its own options such as `lr`, `momentum`, and a learning-rate
// scheduler or `g['lr'] = 0.01` changes them between steps), and, per parameter, a state: a step
// count and named buffers (`momentum_buffer`, `exp_avg`, `exp_avg_sq`, `square_avg`, ...), created
// lazily on the first step exactly as PyTorch creates them. Subclasses read their hyper-parameters
// from the parameter's group on every step, so a changed option takes effect at the next step.
// The state is public so the REPL and lessons can show it; `snapshot()` / `restore(_:)` copy it
// (and the groups' options) out and back for `:step` / `:undo`.
//
// Non-goals: closures passed to `step`, `maximize`, `foreach`/`fused` (speed variants in PyTorch:
// same results), sparse gradients.

import Foundation

/// Per-parameter optimizer state: PyTorch's `optimizer.state[p]`.
public struct ParamState: Sendable, Equatable {
    /// Number of updates this parameter has received (Adam's `step`; SGD counts too).
    public var step: Int = 0
    /// Named buffers, each with the parameter's element count, e.g. `"momentum_buffer"`.
    public var buffers: [String: [Float]] = [:]
    public init(step: Int = 0, buffers: [String: [Float]] = [:]) {
        self.step = step
        self.buffers = buffers
    }
}

/// An option of a parameter group, typed as Python holds it (`momentum: 0` is an int, `lr: 0.1` a float).
public enum OptionValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    case float(Double)
    case bool(Bool)
    /// A pair of floats, e.g. Adam's `betas`.
    case pair(Double, Double)
    case none

    /// A float32 value as the Python float it was written as (0.1, not 0.10000000149).
    public static func float32(_ f: Float) -> OptionValue { .float(Double("\(f)") ?? Double(f)) }

    /// The value as a number (ints and bools too); nil for pairs and None.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// Python's repr: `0`, `0.1`, `1e-08`, `True`, `(0.9, 0.999)`, `None`.
    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .float(let d): return OptionValue.pyFloat(d)
        case .bool(let b): return b ? "True" : "False"
        case .pair(let a, let b): return "(\(OptionValue.pyFloat(a)), \(OptionValue.pyFloat(b)))"
        case .none: return "None"
        }
    }

    /// Python's repr of a float (shortest round-trip digits, `1e-08`, `1.0`, `inf`).
    public static func pyFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        var s = "\(d)"
        if let e = s.firstIndex(of: "e") {
            let mant = s[..<e], ex = Int(s[s.index(after: e)...]) ?? 0
            s =
                "\(mant.hasSuffix(".0") ? String(mant.dropLast(2)) : String(mant))e" + (ex < 0 ? "-" : "+")
                + (abs(ex) < 10 ? "0" : "") + "\(abs(ex))"
        }
        return s
    }
}

/// One parameter group: which parameters (indices into `Optimizer.params`) and their options,
/// in PyTorch's key order (`lr` first). Options can be changed between steps.
public final class ParamGroup: @unchecked Sendable {
    public let indices: [Int]
    public private(set) var options: [(name: String, value: OptionValue)]

    init(indices: [Int], options: [(name: String, value: OptionValue)]) {
        self.indices = indices
        self.options = options
    }

    /// The option called `name`; setting a new name appends it.
    public subscript(_ name: String) -> OptionValue? {
        get { options.first { $0.name == name }?.value }
        set {
            if let i = options.firstIndex(where: { $0.name == name }) {
                if let v = newValue { options[i].value = v } else { options.remove(at: i) }
            } else if let v = newValue {
                options.append((name, v))
            }
        }
    }

    /// A numeric option (0 when absent or not a number).
    public func number(_ name: String) -> Double { self[name]?.number ?? 0 }
}

/// A copy of an optimizer's state and its groups' options (not of the parameters).
public struct OptimizerSnapshot: Sendable, Equatable {
    /// The first group's learning rate.
    public let lr: Float
    /// Every group's options, by name.
    public let groupOptions: [[String: OptionValue]]
    public let state: [ParamState]
}

/// Base class: parameters in groups, per-parameter state; subclasses implement `update`.
open class Optimizer: CustomStringConvertible, @unchecked Sendable {
    /// Every parameter updated by `step()`, group after group, in the order given.
    public private(set) var params: [Tensor]
    /// The parameter groups (PyTorch's `param_groups`).
    public private(set) var groups: [ParamGroup] = []
    /// The group of each parameter, parallel to `params`.
    public private(set) var groupOf: [Int] = []
    /// One state per parameter, parallel to `params`.
    public internal(set) var state: [ParamState]

    /// Several groups: each group's own options override `defaults` (PyTorch's
    /// `SGD([{'params': a}, {'params': b, 'lr': 1e-3}], lr=1e-2)`).
    public init(
        groups specs: [(params: [Tensor], options: [String: OptionValue])],
        defaults: [(name: String, value: OptionValue)]
    ) throws {
        params = []
        state = []
        guard !specs.isEmpty, specs.contains(where: { !$0.params.isEmpty }) else {
            throw EngineError("optimizer", "optimizer got an empty parameter list")
        }
        for spec in specs { try addParamGroup(spec.params, spec.options, defaults: defaults) }
    }

    /// Adds a group (PyTorch's `add_param_group`), checking that no parameter is in two groups.
    public func addParamGroup(
        _ ps: [Tensor], _ options: [String: OptionValue],
        defaults: [(name: String, value: OptionValue)]? = nil
    ) throws {
        var seen = Set(params.map { ObjectIdentifier($0) })
        for (i, p) in ps.enumerated() {
            guard seen.insert(ObjectIdentifier(p)).inserted else {
                throw EngineError(
                    "optimizer",
                    "some parameters appear in more than one parameter group (parameter \(params.count + i), "
                        + "\(p.label ?? "shape " + fmt(p.shape)))"
                )
            }
            guard p.isLeaf else {
                throw EngineError(
                    "optimizer",
                    "can't optimize a non-leaf Tensor (parameter \(params.count + i), made by "
                        + "\(p.gradFn?.op ?? "an op"))"
                )
            }
        }
        let base = defaults ?? groups.first.map { g in g.options } ?? []
        var opts = base
        for (k, v) in options {
            if let i = opts.firstIndex(where: { $0.name == k }) { opts[i].value = v } else { opts.append((k, v)) }
        }
        for (k, v) in opts { try validate(k, v) }
        let g = ParamGroup(indices: Array(params.count..<(params.count + ps.count)), options: opts)
        groups.append(g)
        params += ps
        groupOf += Array(repeating: groups.count - 1, count: ps.count)
        state += Array(repeating: ParamState(), count: ps.count)
    }

    /// Checks one option's value (PyTorch's `Invalid learning rate: -1`); subclasses add theirs.
    open func validate(_ name: String, _ value: OptionValue) throws {
        if name == "lr" {
            guard let lr = value.number, lr >= 0, lr.isFinite else {
                throw EngineError("optimizer", "Invalid learning rate: \(value)")
            }
        }
    }

    /// PyTorch's class name, e.g. `"SGD"`.
    open var typeName: String { "Optimizer" }

    /// The first group's learning rate; setting it sets every group's.
    public var lr: Float {
        get { Float(groups.first?.number("lr") ?? 0) }
        set { for g in groups { g["lr"] = .float32(newValue) } }
    }

    /// Option `name` of parameter `i`'s group, as a Float (the precision PyTorch's kernels use).
    public func option(_ i: Int, _ name: String) -> Float { Float(groups[groupOf[i]].number(name)) }
    /// Option `name` of parameter `i`'s group, as a Double (for scalars PyTorch computes in Python).
    public func optionDouble(_ i: Int, _ name: String) -> Double { groups[groupOf[i]].number(name) }

    /// The first group's options as `(name, Python repr)` in alphabetical order (for metadata).
    open var hyperParameters: [(String, String)] {
        (groups.first?.options ?? []).map { ($0.name, $0.value.description) }.sorted { $0.0 < $1.0 }
    }

    /// Applies one update to parameter `i` with gradient `g` (both flat); the subclass's rule.
    open func update(_ i: Int, _ p: inout [Float], _ g: [Float]) {}

    /// Updates every parameter that has a gradient; parameters without `.grad` are skipped, as in PyTorch.
    public func step() throws {
        for (i, p) in params.enumerated() {
            guard let g = p.grad else { continue }
            guard g.count == p.count else {
                throw EngineError(
                    "\(typeName).step",
                    "gradient of \(p.label ?? "parameter \(i)") has \(g.count) values but the parameter has shape "
                        + "\(fmt(p.shape))"
                )
            }
            state[i].step += 1
            update(i, &p.data, g.data)
        }
    }

    /// Drops every parameter's gradient (PyTorch's `zero_grad()`, set_to_none=True), or with
    /// `setToNone: false` fills the existing gradients with zeros.
    public func zeroGrad(setToNone: Bool = true) {
        for p in params {
            if setToNone { p.grad = nil } else if let g = p.grad { g.data = [Float](repeating: 0, count: g.count) }
        }
    }

    /// A copy of the state and every group's options.
    public func snapshot() -> OptimizerSnapshot {
        OptimizerSnapshot(
            lr: lr,
            groupOptions: groups.map {
                Dictionary($0.options.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            },
            state: state)
    }

    /// Puts back a snapshot taken from this optimizer (or one with the same parameter shapes).
    public func restore(_ s: OptimizerSnapshot) throws {
        guard s.state.count == params.count else {
            throw EngineError(
                "\(typeName).restore",
                "snapshot has state for \(s.state.count) parameters, this optimizer has \(params.count)")
        }
        for (i, st) in s.state.enumerated() {
            for (k, b) in st.buffers where b.count != params[i].count {
                throw EngineError(
                    "\(typeName).restore",
                    "buffer \(k) of parameter \(i) has \(b.count) values, the parameter has shape "
                        + "\(fmt(params[i].shape))"
                )
            }
        }
        if s.groupOptions.count == groups.count {
            for (g, opts) in zip(groups, s.groupOptions) { for (k, v) in opts { g[k] = v } }
        } else {
            lr = s.lr
        }
        state = s.state
    }

    /// Replaces the state of parameter `i` (used when loading a checkpoint). Buffers must match the size.
    public func setState(_ i: Int, _ st: ParamState) throws {
        guard params.indices.contains(i) else {
            throw EngineError("\(typeName).set_state", "parameter index \(i) out of range (0..<\(params.count))")
        }
        for (k, b) in st.buffers where b.count != params[i].count {
            throw EngineError(
                "\(typeName).set_state",
                "buffer \(k) has \(b.count) values, parameter \(i) has shape \(fmt(params[i].shape))")
        }
        state[i] = st
    }

    /// Loads PyTorch's `optimizer.load_state_dict` contents: every group's options (same number of
    /// groups and of parameters per group) and per-parameter states. All checks run before anything changes.
    public func loadState(
        groupOptions: [[(name: String, value: OptionValue)]], groupSizes: [Int], states: [Int: ParamState]
    ) throws {
        let op = "\(typeName).load_state_dict"
        guard groupOptions.count == groups.count else {
            throw EngineError(
                op,
                "loaded state dict has a different number of parameter groups (\(groupOptions.count), the optimizer "
                    + "has \(groups.count))"
            )
        }
        guard groupSizes == groups.map(\.indices.count) else {
            throw EngineError(
                op, "loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
        }
        for (i, st) in states {
            guard params.indices.contains(i) else {
                throw EngineError(op, "state for parameter \(i), the optimizer has \(params.count)")
            }
            for k in st.buffers.keys.sorted() where !stateKeys.buffers.contains(k) {
                // Dropping it would lose state without a word (a renamed momentum buffer).
                throw EngineError(
                    op,
                    "state '\(k)' of parameter \(i): \(typeName) keeps no such buffer (it keeps "
                        + (stateKeys.buffers.isEmpty ? "none" : stateKeys.buffers.joined(separator: ", "))
                        + "); nothing was loaded")
            }
            for (k, b) in st.buffers where b.count != params[i].count {
                throw EngineError(
                    op,
                    "state '\(k)' of parameter \(i) has \(b.count) values, the parameter has shape "
                        + "\(fmt(params[i].shape))"
                )
            }
        }
        for opts in groupOptions { for (k, v) in opts { try validate(k, v) } }
        for (g, opts) in zip(groups, groupOptions) { for (k, v) in opts { g[k] = v } }
        state = params.indices.map { states[$0] ?? ParamState() }
    }

    /// Which buffers (state keys) this optimizer's state_dict holds per parameter, in PyTorch's order,
    /// and whether `step` is among them (SGD has none).
    open var stateKeys: (step: Bool, buffers: [String]) { (true, []) }

    /// PyTorch's repr: `SGD (\nParameter Group 0\n    lr: 0.01\n ...)`, options sorted by name.
    public var description: String {
        var s = "\(typeName) ("
        for (gi, g) in groups.enumerated() {
            s += "\nParameter Group \(gi)\n"
            for (k, v) in g.options.sorted(by: { $0.name < $1.name }) { s += "    \(k): \(v)\n" }
        }
        return s + ")"
    }

    /// The state per parameter: step count and each buffer's L2 norm, one line per parameter.
    public var stateDescription: String {
        var lines = ["\(typeName) state (\(params.count) parameters)"]
        for (i, p) in params.enumerated() {
            let st = state[i]
            let name = p.label ?? "param \(i)"
            if st.step == 0 && st.buffers.isEmpty {
                lines.append("  \(name) \(fmt(p.shape)): no state yet")
                continue
            }
            var line = "  \(name) \(fmt(p.shape)): step \(st.step)"
            for k in st.buffers.keys.sorted() {
                line += ", ‖\(k)‖ = " + Optimizer.num(l2norm(st.buffers[k] ?? []))
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `defaults` with the given options replacing (or, for new names, following) them.
    public static func merge(
        _ defaults: [(name: String, value: OptionValue)], _ options: [String: OptionValue]
    ) -> [(name: String, value: OptionValue)] {
        var out = defaults
        for (k, v) in options.sorted(by: { $0.key < $1.key }) {
            if let i = out.firstIndex(where: { $0.name == k }) { out[i].value = v } else { out.append((k, v)) }
        }
        return out
    }

    /// A number as PyTorch's default holds it: an int when integral and the default is an int.
    public static func value(_ f: Float, intLike: Bool) -> OptionValue {
        intLike && f == f.rounded() && abs(f) < 1e15 ? .int(Int(f)) : .float32(f)
    }

    /// Throws PyTorch's `Invalid <what> value: v` unless `ok`.
    func check(_ ok: Bool, _ what: String, _ v: OptionValue) throws {
        guard ok else { throw EngineError(typeName, "Invalid \(what): \(v)") }
    }

    /// PyTorch's options every optimizer lists: `foreach`, `maximize`, `differentiable`, ...
    /// (always at their defaults here; see the non-goals).
    static func flags(_ names: [String]) -> [(name: String, value: OptionValue)] {
        names.map { n in (n, ["foreach", "fused"].contains(n) ? .none : .bool(false)) }
    }

    /// Formats a hyper-parameter as Python prints it: `0.01`, `0`, `1e-08`.
    static func num(_ v: Float) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        let d = Double(v)
        // Shortest decimal of the float, as Python's repr of the float32-rounded value would be close to.
        var s = "\(v)"
        if abs(d) < 1e-4, let e = s.firstIndex(of: "e") {
            let mant = s[..<e], ex = Int(s[s.index(after: e)...]) ?? 0
            s = "\(mant)e" + (ex < 0 ? "-" : "+") + (abs(ex) < 10 ? "0" : "") + "\(abs(ex))"
        }
        return s
    }
}
