// Autograd: reverse-mode differentiation over the graph that ops record.
//
// Every op that runs while grad mode is on and has an input requiring grad records a `GradFn`:
// the op's name, its inputs, and a backward closure written beside the forward (see Ops/).
// The closure receives the upstream gradient dL/d(out) as a flat array and returns dL/d(input)
// for each input (nil for inputs that need none). `backward()` walks the graph iteratively in
// reverse topological order, so a chain of 100,000 ops does not overflow the stack, and
// accumulates into the leaves' `.grad` with `+=`, as PyTorch does.
//
// NOTE: backward closures capture `[Float]` buffers and shapes, never `Tensor`s: graph edges live
// only in `GradFn.inputs`, so releasing a graph can be done iteratively (see `GradFn.deinit`).
// NOTE: in-place writes are checked as PyTorch checks them: an op records the version of every
// tensor its backward reads (`saves`), and `backward()` raises PyTorch's "modified by an inplace
// operation" error when one has changed since, instead of computing a wrong gradient.
// NOTE: once backward has run, the graph is released (closures and saved buffers freed) and a
// small summary (op, shape, gradient norm) is kept for printing; a second backward through it
// throws, as in PyTorch, unless `retainGraph` was passed.

import Foundation

/// Whether ops record graphs. `noGrad { ... }` turns it off for a scope (PyTorch's `torch.no_grad()`).
public enum GradMode {
    nonisolated(unsafe) static var enabledFlag = true
    /// True while ops record autograd graphs.
    public static var isEnabled: Bool {
        get { enabledFlag }
        set { enabledFlag = newValue }
    }
}

/// Runs `body` with graph recording off, restoring the previous mode afterwards (even on throw).
public func noGrad<T>(_ body: () throws -> T) rethrows -> T {
    let saved = GradMode.isEnabled
    GradMode.isEnabled = false
    defer { GradMode.isEnabled = saved }
    return try body()
}

/// Backward of one op: upstream gradient (flat, shape of the output) -> gradient for each input.
public typealias BackwardFn = (_ upstream: [Float]) -> [[Float]?]

/// The record an op leaves on its result: op name, inputs, and how to send gradients back.
public final class GradFn: @unchecked Sendable {
    /// The op's name, e.g. `"conv2d"`, as shown in graphs and errors.
    public let op: String
    /// The tensors the op read (graph edges). Emptied once backward has run.
    public internal(set) var inputs: [Tensor]
    var backwardFn: BackwardFn?
    /// Summary kept after the graph is released (for `:graph` after backward).
    public internal(set) var summary: GraphNode?
    /// The tensors backward reads, with their versions when the op ran.
    var saved: [SavedTensor] = []

    init(op: String, inputs: [Tensor], backward: @escaping BackwardFn) {
        self.op = op
        self.inputs = inputs
        self.backwardFn = backward
    }

    /// PyTorch's grad_fn class name when it depends on how the op was called (`SumBackward1`
    /// for a sum over a dim, `MvBackward0` for matrix @ vector); nil: derived from `op`.
    var torchName: String?
    /// PyTorch's grad_fn class name, e.g. "MulBackward0".
    public var name: String { torchName ?? TensorFormatter.gradFnName(op) }

    /// Throws PyTorch's error when a saved tensor was modified in place after the op ran.
    func checkSavedVersions() throws {
        for s in saved where s.counter.value != s.version {
            let kind = "torch.\(s.dtype.legacyTypeName)"
            var what = "[\(kind) \(fmt(s.shape))]"
            if let fn = s.isOutput ? self : s.tensor?.gradFn {
                var n = fn.name
                if let r = n.range(of: "Backward", options: .backwards) { n = String(n[..<r.lowerBound]) }
                what += ", which is output 0 of \(n),"
            }
            throw EngineError(
                "",
                "one of the variables needed for gradient computation has been modified by an inplace operation: "
                    + "\(what) is at version \(s.counter.value); expected version \(s.version) instead. Hint: enable "
                    + "anomaly detection to find the operation that failed to compute its gradient, with "
                    + "torch.autograd.set_detect_anomaly(True, check_nan=False)."
            )
        }
    }

    /// Moves the inputs out (used to release long chains without recursion).
    func takeInputs() -> [Tensor] {
        let t = inputs
        inputs = []
        return t
    }

    deinit {
        // Release the chain below iteratively: a tensor only we hold gives up its inputs first,
        // so its own deinit has nothing left to recurse into.
        var pending = takeInputs()
        while var t = pending.popLast() {
            if isKnownUniquelyReferenced(&t), let fn = t.gradFn {
                pending.append(contentsOf: fn.takeInputs())
            }
        }
    }
}

/// A tensor an op's backward reads, and its storage version when the op ran.
struct SavedTensor {
    let counter: VersionCounter
    let version: Int
    let shape: [Int]
    let dtype: DType
    /// Weak: an op may save its own output, which holds the op's record.
    weak var tensor: Tensor?
    /// Saved as the op's own output (its error names this op, not the tensor's later record).
    var isOutput = false

    init(_ t: Tensor) {
        counter = t.versionCounter
        version = t.versionCounter.value
        shape = t.shape
        dtype = t.dtype
        tensor = t
    }
}

/// Which tensors an op's backward reads (so an in-place change to them must be caught).
struct Saves: OptionSet {
    let rawValue: Int
    /// Every input (the default: safe for any op).
    static let inputs = Saves(rawValue: 1)
    /// The op's own result (exp, sigmoid, tanh, relu, sqrt differentiate through y).
    static let output = Saves(rawValue: 2)
    /// Nothing (add, sub, reshapes, sums, indexing: backward needs only shapes).
    static let none: Saves = []
    /// Only the input at this position (0 or 1).
    static func input(_ i: Int) -> Saves { Saves(rawValue: 4 << i) }
}

extension Tensor {
    /// Makes an op's result and, when autograd is on and an input requires grad, records the op.
    ///
    /// - Parameters:
    ///   - op: the op name for graphs and errors.
    ///   - shape, data: the forward result, rounded (or wrapped) here to `dtype`.
    ///   - dtype: the result's dtype; nil: the promoted dtype of the floating-point inputs
    ///     (`DType.floatResult`), float32 when there are none. A float64 result without `doubles`
    ///     was computed in float32 and is labelled float32.
    ///   - sharing: the storage the result shares (views); `data` is then ignored.
    ///   - inputs: the tensors the op read, in the order `backward` returns their gradients.
    ///   - saves: which tensors `backward` reads, checked for in-place changes at backward time.
    ///   - name: PyTorch's grad_fn name when `op` alone does not determine it.
    ///   - backward: upstream gradient -> one gradient (or nil) per input, each of the input's size.
    static func result(
        _ op: String, shape: [Int], data: [Float], dtype: DType? = nil,
        doubles: [Double]? = nil, sharing: TensorStorage? = nil,
        inputs: [Tensor], saves: Saves = .inputs, name: String? = nil,
        backward: @escaping BackwardFn
    ) -> Tensor {
        let dtype = dtype ?? DType.floatResult(inputs)
        var out: Tensor
        if let sharing {
            out = Tensor(sharing: sharing, counter: inputs.first?.versionCounter, shape: shape, dtype: dtype)
        } else if dtype == .float64 {
            // An op that computed in Double passes `doubles`; any other result is float32 values
            // and is labelled so (never float32 numbers calling themselves float64).
            out =
                doubles.map { Tensor(sharingNothing: shape, doubles: $0) }
                ?? Tensor(unchecked: shape, data, dtype: .float32)
        } else {
            out = Tensor(unchecked: shape, data, dtype: dtype)
        }
        if GradMode.isEnabled, dtype.supportsAutograd, inputs.contains(where: { $0.requiresGrad }) {
            out.requiresGrad = true
            let fn = GradFn(op: op, inputs: inputs, backward: backward)
            fn.torchName = name
            if saves.contains(.inputs) {
                fn.saved = inputs.map(SavedTensor.init)
            } else {
                for (i, t) in inputs.enumerated() where saves.contains(.input(i)) { fn.saved.append(SavedTensor(t)) }
            }
            if saves.contains(.output) {
                var o = SavedTensor(out)
                o.isOutput = true
                fn.saved.append(o)
            }
            out.gradFn = fn
        }
        return out
    }

    /// Computes the gradients of this tensor with respect to every leaf that requires grad, and
    /// adds them to those leaves' `.grad` (PyTorch's `backward()`).
    ///
    /// - Parameter gradient: dL/d(self); may be omitted only for a one-element tensor (then 1).
    /// - Parameter retainGraph: keep the graph so backward can run through it again.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        try backward(gradient, retainGraph: retainGraph, only: nil)
    }

    /// PyTorch's `torch.autograd.grad(outputs, inputs)`: the gradients of this tensor with respect to
    /// `inputs` (nil for one the graph does not reach), computed without touching any `.grad`.
    /// Non-goal: `create_graph` (gradients of gradients).
    public func gradients(
        _ inputs: [Tensor], _ gradient: Tensor? = nil, retainGraph: Bool = false
    ) throws
        -> [Tensor?]
    {
        let ids = Set(inputs.map { ObjectIdentifier($0) })
        let saved = inputs.map { ($0.grad, $0.retainsGrad) }
        for t in inputs {
            t.grad = nil
            t.retainsGrad = true
        }
        defer {
            for (t, (g, r)) in zip(inputs, saved) {
                t.grad = g
                t.retainsGrad = r
            }
        }
        try backward(gradient, retainGraph: retainGraph, only: ids)
        return inputs.map { $0.grad }
    }

    /// `only`: when set, gradients are stored only into these tensors (leaves or not).
    func backward(_ gradient: Tensor?, retainGraph: Bool, only: Set<ObjectIdentifier>?) throws {
        // Bookkeeping time (graph walk, accumulation, release) is charged to .autograd; the ops'
        // backward kernels charge their own categories inside it.
        let profiling = Profiler.enabled
        if profiling { Profiler.begin(.autograd) }
        defer { if profiling { Profiler.end() } }
        guard requiresGrad else {
            throw EngineError("backward", "element 0 of tensors does not require grad and does not have a grad_fn")
        }
        let seed: [Float]
        if let g = gradient {
            guard g.shape == shape else {
                throw EngineError(
                    "backward", "gradient has shape \(fmt(g.shape)) but the tensor has shape \(fmt(shape))")
            }
            seed = g.data
        } else {
            guard count == 1 else {
                throw EngineError(
                    "backward", "grad can be implicitly created only for scalar outputs (shape is \(fmt(shape)))")
            }
            seed = [1]
        }
        if let fn = gradFn, fn.backwardFn == nil {
            throw EngineError(
                "backward", "trying to backward through the graph a second time (pass retain_graph=True the first time)"
            )
        }

        // Topological order by iterative DFS over gradFn.inputs.
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (t, expanded) = stack.popLast() {
            if expanded {
                order.append(t)
                continue
            }
            let id = ObjectIdentifier(t)
            if visited.contains(id) { continue }
            visited.insert(id)
            stack.append((t, true))
            if let fn = t.gradFn {
                for inp in fn.inputs where inp.requiresGrad && !visited.contains(ObjectIdentifier(inp)) {
                    if inp.gradFn != nil, inp.gradFn?.backwardFn == nil {
                        throw EngineError(
                            "backward",
                            "trying to backward through the graph a second time (pass retain_graph=True the first time)"
                        )
                    }
                    stack.append((inp, false))
                }
            }
        }

        // Reverse topological order: every tensor's gradient is complete before it is used.
        var grads: [ObjectIdentifier: [Float]] = [ObjectIdentifier(self): seed]
        var norms: [ObjectIdentifier: Float] = [:]
        for t in order.reversed() {
            let id = ObjectIdentifier(t)
            guard var g = grads.removeValue(forKey: id) else { continue }
            // Hooks (`register_hook`) see and may replace the gradient before it is used.
            for hook in t.gradHooks.map(\.fn) {
                let shape = t.shape
                if let r = try noGrad({ try hook(Tensor(unchecked: shape, g, dtype: t.dtype)) }) {
                    guard r.shape == shape, r.dtype.isFloatingPoint else {
                        throw EngineError(
                            "backward", "hook returned a gradient of shape \(fmt(r.shape)), expected \(fmt(shape))")
                    }
                    g = r.data
                }
            }
            if !t.isLeaf, t.retainsGrad, only == nil || only?.contains(id) == true {
                if let existing = t.grad {
                    addInPlace(&existing.data, g)
                } else {
                    t.grad = Tensor(unchecked: t.shape, g, dtype: t.dtype)
                }
            }
            norms[id] = l2norm(g)
            if let fn = t.gradFn, let bw = fn.backwardFn {
                try fn.checkSavedVersions()
                let inGrads = bw(g)
                for (inp, ig) in zip(fn.inputs, inGrads) {
                    guard inp.requiresGrad, var ig else { continue }
                    // A gradient has its tensor's dtype: float16/bfloat16 gradients are rounded
                    // to it, as PyTorch's backward kernels compute them in that dtype.
                    inp.dtype.makeRepresentable(&ig)
                    let iid = ObjectIdentifier(inp)
                    if var acc = grads.removeValue(forKey: iid) {
                        addInPlace(&acc, ig)
                        inp.dtype.makeRepresentable(&acc)
                        grads[iid] = acc
                    } else {
                        grads[iid] = ig
                    }
                }
            } else if t.isLeaf, only == nil || only?.contains(id) == true {
                if let existing = t.grad {
                    addInPlace(&existing.data, g)
                } else {
                    t.grad = Tensor(unchecked: t.shape, g, dtype: t.dtype)
                }
            }
        }
        if !retainGraph { releaseGraph(order: order, norms: norms) }
        // A user-defined backward (CustomFunction) that threw: report it now that the walk is over.
        if let e = CustomFunction.takePendingError() { throw e }
    }

    /// Frees closures and edges of the graph below this tensor, keeping a printable summary.
    private func releaseGraph(order: [Tensor], norms: [ObjectIdentifier: Float]) {
        let root = GraphNode.build(from: self, norms: norms)
        gradFn?.summary = root
        // Children first (order is post-order), so no release recurses deeply.
        for t in order {
            if let fn = t.gradFn {
                fn.backwardFn = nil
                fn.inputs = []
                fn.saved = []
            }
        }
    }
}

/// A printable node of a computation graph: op (or leaf label), shape, and gradient norm.
public final class GraphNode: @unchecked Sendable {
    /// The op name, or `"leaf"` / the leaf's label for inputs and parameters.
    public let op: String
    public let shape: [Int]
    /// ‖dL/d(node)‖₂ from the last backward through it, when known.
    public let gradNorm: Float?
    public let requiresGrad: Bool
    public internal(set) var children: [GraphNode]
    /// Stable id, so a node reached twice can be printed as a reference.
    public let id: Int

    init(op: String, shape: [Int], gradNorm: Float?, requiresGrad: Bool, id: Int) {
        self.op = op
        self.shape = shape
        self.gradNorm = gradNorm
        self.requiresGrad = requiresGrad
        self.children = []
        self.id = id
    }

    deinit {
        // Long chains (100,000 ops) must not be released recursively.
        var pending = children
        children = []
        while var n = pending.popLast() {
            if isKnownUniquelyReferenced(&n) {
                pending.append(contentsOf: n.children)
                n.children = []
            }
        }
    }

    /// Builds the summary DAG of the live graph below `root` (iteratively).
    static func build(from root: Tensor, norms: [ObjectIdentifier: Float]) -> GraphNode {
        var made: [ObjectIdentifier: GraphNode] = [:]
        var nextId = 0
        func node(for t: Tensor) -> GraphNode {
            if let n = made[ObjectIdentifier(t)] { return n }
            let op = t.gradFn?.op ?? (t.label ?? "leaf")
            let n = GraphNode(
                op: op, shape: t.shape, gradNorm: norms[ObjectIdentifier(t)] ?? t.grad.map { l2norm($0.data) },
                requiresGrad: t.requiresGrad, id: nextId)
            nextId += 1
            made[ObjectIdentifier(t)] = n
            return n
        }
        let top = node(for: root)
        var stack: [Tensor] = [root]
        var expanded = Set<ObjectIdentifier>()
        while let t = stack.popLast() {
            guard expanded.insert(ObjectIdentifier(t)).inserted, let fn = t.gradFn else { continue }
            let parent = node(for: t)
            if fn.inputs.isEmpty, let s = fn.summary {
                parent.children = s.children
                continue
            }
            for inp in fn.inputs {
                parent.children.append(node(for: inp))
                stack.append(inp)
            }
        }
        return top
    }
}

extension Tensor {
    /// The computation graph that produced this tensor, as a printable summary; nil for a leaf.
    public func graph() -> GraphNode? {
        guard let fn = gradFn else { return nil }
        if fn.inputs.isEmpty, let s = fn.summary { return s }
        return GraphNode.build(from: self, norms: [:])
    }
}

@inline(__always)
func l2norm(_ v: [Float]) -> Float {
    // Sixteen float lanes per block, summed in Double per block: vectorises, stays accurate.
    var s: Double = 0
    v.withUnsafeBufferPointer { p in
        let n = p.count
        var i = 0
        while i + 16 <= n {
            var acc = SIMD16<Float>()
            let end = Swift.min(n - (n - i) % 16, i + 4096)
            while i < end {
                let x = SIMD16<Float>(p[i..<(i + 16)])
                acc += x * x
                i += 16
            }
            s += Double(acc.sum())
        }
        while i < n {
            s += Double(p[i]) * Double(p[i])
            i += 1
        }
    }
    return Float(s.squareRoot())
}

/// acc += g, elementwise (gradient accumulation).
@inline(__always)
func addInPlace(_ acc: inout [Float], _ g: [Float]) {
    acc.withUnsafeMutableBufferPointer { a in
        g.withUnsafeBufferPointer { b in
            for i in 0..<a.count { a[i] += b[i] }
        }
    }
}
