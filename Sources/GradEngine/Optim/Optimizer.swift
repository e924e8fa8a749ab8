// Optimizer: the base class of SGD and Adam (PyTorch's torch.optim.Optimizer, one param group).
//
// An optimizer holds the parameters it updates and, per parameter, a state: a step count and named
// buffers (`momentum_buffer`, `exp_avg`, `exp_avg_sq`), created lazily on the first step exactly as
// PyTorch creates them. The state is public so the REPL and lessons can show it, and `snapshot()` /
// `restore(_:)` copy it out and back for `:step` / `:undo`.
//
// Non-goals: several parameter groups, closures passed to `step`, learning-rate schedulers.

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

/// A copy of an optimizer's state and learning rate (not of the parameters).
public struct OptimizerSnapshot: Sendable, Equatable {
    public let lr: Float
    public let state: [ParamState]
}

/// Base class: parameters, learning rate, per-parameter state; subclasses implement `update`.
open class Optimizer: CustomStringConvertible, @unchecked Sendable {
    /// The parameters updated by `step()`, in the order given.
    public let params: [Tensor]
    /// The learning rate; settable between steps.
    public var lr: Float
    /// One state per parameter, parallel to `params`.
    public internal(set) var state: [ParamState]

    public init(_ params: [Tensor], lr: Float) throws {
        guard !params.isEmpty else {
            throw EngineError("optimizer", "optimizer got an empty parameter list")
        }
        guard lr >= 0, lr.isFinite else {
            throw EngineError("optimizer", "Invalid learning rate: \(lr)")
        }
        var seen = Set<ObjectIdentifier>()
        for (i, p) in params.enumerated() {
            guard seen.insert(ObjectIdentifier(p)).inserted else {
                throw EngineError("optimizer", "parameter \(i) (\(p.label ?? "shape " + fmt(p.shape))) appears more than once")
            }
            guard p.isLeaf else {
                throw EngineError("optimizer", "can't optimize a non-leaf Tensor (parameter \(i), made by \(p.gradFn?.op ?? "an op"))")
            }
        }
        self.params = params
        self.lr = lr
        self.state = Array(repeating: ParamState(), count: params.count)
    }

    /// PyTorch's class name, e.g. `"SGD"`.
    open var typeName: String { "Optimizer" }

    /// The hyper-parameters as `(name, value)` in PyTorch's alphabetical order.
    open var hyperParameters: [(String, String)] { [("lr", Optimizer.num(lr))] }

    /// Applies one update to parameter `i` with gradient `g` (both flat); the subclass's rule.
    open func update(_ i: Int, _ p: inout [Float], _ g: [Float]) {}

    /// Updates every parameter that has a gradient; parameters without `.grad` are skipped, as in PyTorch.
    public func step() throws {
        for (i, p) in params.enumerated() {
            guard let g = p.grad else { continue }
            guard g.count == p.count else {
                throw EngineError("\(typeName).step", "gradient of \(p.label ?? "parameter \(i)") has \(g.count) values but the parameter has shape \(fmt(p.shape))")
            }
            state[i].step += 1
            update(i, &p.data, g.data)
        }
    }

    /// Drops every parameter's gradient (PyTorch's `zero_grad()`, set_to_none=True).
    public func zeroGrad() {
        for p in params { p.grad = nil }
    }

    /// A copy of the state and learning rate.
    public func snapshot() -> OptimizerSnapshot { OptimizerSnapshot(lr: lr, state: state) }

    /// Puts back a snapshot taken from this optimizer (or one with the same parameter shapes).
    public func restore(_ s: OptimizerSnapshot) throws {
        guard s.state.count == params.count else {
            throw EngineError("\(typeName).restore", "snapshot has state for \(s.state.count) parameters, this optimizer has \(params.count)")
        }
        for (i, st) in s.state.enumerated() {
            for (k, b) in st.buffers where b.count != params[i].count {
                throw EngineError("\(typeName).restore", "buffer \(k) of parameter \(i) has \(b.count) values, the parameter has shape \(fmt(params[i].shape))")
            }
        }
        lr = s.lr
        state = s.state
    }

    /// Replaces the state of parameter `i` (used when loading a checkpoint). Buffers must match the size.
    public func setState(_ i: Int, _ st: ParamState) throws {
        guard params.indices.contains(i) else {
            throw EngineError("\(typeName).set_state", "parameter index \(i) out of range (0..<\(params.count))")
        }
        for (k, b) in st.buffers where b.count != params[i].count {
            throw EngineError("\(typeName).set_state", "buffer \(k) has \(b.count) values, parameter \(i) has shape \(fmt(params[i].shape))")
        }
        state[i] = st
    }

    /// PyTorch's repr: `SGD (\nParameter Group 0\n    lr: 0.01\n ...)`.
    public var description: String {
        var s = "\(typeName) (\nParameter Group 0\n"
        for (k, v) in hyperParameters { s += "    \(k): \(v)\n" }
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
