// Creation: tensors made from a shape or a range (zeros, ones, full, arange, linspace, eye) and
// random tensors (rand, randn, randint) drawn from the one seeded generator `RNG.global`, so a
// lesson gives the same numbers on every run after `RNG.manualSeed`.
// Non-goals: PyTorch's exact random stream (same distributions, different numbers; see Random.swift).

extension Tensor {
    /// `checkShape` for a front end that fills a result's values itself before making the tensor
    /// (e.g. a Jacobian assembled row by row): call it before allocating them.
    public static func checkResultShape(_ shape: [Int], op: String) throws { try checkShape(shape, op: op) }

    /// The one size check for results: every dimension non-negative and the element count at most
    /// `maxElements`. Every op whose result can be larger than its inputs (creation, broadcasting,
    /// comparisons, matmul, linear, cat/stack, indexing with an index tensor, one_hot) calls it with
    /// the result's shape before allocating it. Too many elements is a `.memory` error (MemoryError).
    static func checkShape(_ shape: [Int], op: String) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw EngineError(op, "negative dimension in shape \(fmt(shape))")
        }
        var n = 1
        for d in shape {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow, p <= maxElements else {
                throw EngineError(op, "shape \(fmt(shape)) has too many elements (limit \(maxElements))", kind: .memory)
            }
            n = p
        }
        // A large result also needs the address space to hold it (other values use it too).
        if n >= 1 << 18, let message = MemoryBudget.processMemoryProblem(extra: n &* 4) {
            throw EngineError(op, message, kind: .memory)
        }
        let live = MemoryBudget.liveElements
        guard n <= MemoryBudget.maxLiveElements - Swift.min(live, MemoryBudget.maxLiveElements) else {
            throw EngineError(
                op,
                "out of memory: a result of shape \(fmt(shape)) would need \(n * 4 / 1_048_576) MiB more, "
                    + "and live tensors already hold \(live * 4 / 1_048_576) MiB of the "
                    + "\(MemoryBudget.maxLiveElements / 262_144) MiB this process may use; "
                    + "delete tensors you no longer need (del x)", kind: .memory)
        }
    }

    /// The largest tensor any op makes, in elements (default 2³² floats = 16 GiB). Front ends lower
    /// it: the script interpreter sets it to its `maxTensorElements` (2²⁸, 1 GiB) at every run.
    nonisolated(unsafe) public static var maxElements = 1 << 32

    /// A tensor of `shape` filled with 0.
    public static func zeros(_ shape: [Int]) throws -> Tensor {
        try full(shape, 0, op: "zeros")
    }

    /// A tensor of `shape` filled with 1.
    public static func ones(_ shape: [Int]) throws -> Tensor {
        try full(shape, 1, op: "ones")
    }

    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], _ value: Float) throws -> Tensor {
        try full(shape, value, op: "full")
    }

    static func full(_ shape: [Int], _ value: Float, op: String) throws -> Tensor {
        try checkShape(shape, op: op)
        return Tensor(unchecked: shape, [Float](repeating: value, count: shape.product))
    }

    /// A 0-d tensor holding `v`.
    public static func scalar(_ v: Float, dtype: DType = .float32) -> Tensor {
        Tensor(unchecked: [], [v], dtype: dtype)
    }

    /// Zeros with the shape and dtype of `t`.
    public static func zerosLike(_ t: Tensor) -> Tensor {
        Tensor(unchecked: t.shape, [Float](repeating: 0, count: t.count), dtype: t.dtype)
    }

    /// Ones with the shape and dtype of `t`.
    public static func onesLike(_ t: Tensor) -> Tensor {
        Tensor(unchecked: t.shape, [Float](repeating: 1, count: t.count), dtype: t.dtype)
    }

    /// `start, start+step, ...` while below `end` (above it for a negative step), 1-D.
    /// Length `ceil((end - start) / step)`. `dtype: .int64` labels the values as integers.
    public static func arange(_ start: Float, _ end: Float, _ step: Float = 1, dtype: DType = .float32) throws -> Tensor
    {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw EngineError(
                "arange", "step must be nonzero and the bounds finite (got start \(start), end \(end), step \(step))")
        }
        guard (end - start) / step >= 0 else {
            throw EngineError(
                "arange",
                "upper bound and larger bound inconsistent with step sign (start \(start), end \(end), step \(step))")
        }
        let len = ((Double(end) - Double(start)) / Double(step)).rounded(.up)
        guard len <= Double(1 << 31) else { throw EngineError("arange", "too many elements (\(len))") }
        let n = Int(len)
        guard n >= 0 else { throw EngineError("arange", "negative length (\(n))") }
        var v = [Float](repeating: 0, count: n)
        for i in 0..<n { v[i] = Float(Double(start) + Double(i) * Double(step)) }
        return Tensor(unchecked: [n], v, dtype: dtype)
    }

    /// `steps` evenly spaced values from `start` to `end` inclusive, 1-D (PyTorch's formula:
    /// the first half counts up from `start`, the second half down from `end`).
    public static func linspace(_ start: Float, _ end: Float, _ steps: Int) throws -> Tensor {
        guard steps >= 0 else { throw EngineError("linspace", "number of steps must be non-negative (got \(steps))") }
        try checkShape([steps], op: "linspace")
        if steps == 0 { return Tensor(unchecked: [0], []) }
        if steps == 1 { return Tensor(unchecked: [1], [start]) }
        let step = (end - start) / Float(steps - 1)
        var v = [Float](repeating: 0, count: steps)
        let half = steps / 2
        for i in 0..<steps {
            v[i] = i < half ? start + step * Float(i) : end - step * Float(steps - 1 - i)
        }
        return Tensor(unchecked: [steps], v)
    }

    /// `linspace` of a float64 tensor: the same formula in Double (PyTorch's float64 linspace).
    public static func linspace64(_ start: Double, _ end: Double, _ steps: Int) throws -> Tensor {
        guard steps >= 0 else { throw EngineError("linspace", "number of steps must be non-negative (got \(steps))") }
        try checkShape([steps], op: "linspace")
        if steps <= 1 { return Tensor(sharingNothing: [steps], doubles: steps == 0 ? [] : [start]) }
        let step = (end - start) / Double(steps - 1)
        let half = steps / 2
        // One rounding per value, as PyTorch's vectorised kernel (a fused multiply-add).
        let v = (0..<steps).map { i in
            i < half ? start.addingProduct(step, Double(i)) : end.addingProduct(-step, Double(steps - 1 - i))
        }
        return Tensor(sharingNothing: [steps], doubles: v)
    }

    /// The identity matrix [n, m] (m defaults to n): ones on the diagonal.
    public static func eye(_ n: Int, _ m: Int? = nil) throws -> Tensor {
        let cols = m ?? n
        guard n >= 0, cols >= 0 else { throw EngineError("eye", "negative size (\(n), \(cols))") }
        try checkShape([n, cols], op: "eye")
        var v = [Float](repeating: 0, count: n * cols)
        for i in 0..<Swift.min(n, cols) { v[i * cols + i] = 1 }
        return Tensor(unchecked: [n, cols], v)
    }

    /// Uniform samples in [0, 1) from `RNG.global`.
    public static func rand(_ shape: [Int]) throws -> Tensor {
        try checkShape(shape, op: "rand")
        var g = RNG.global
        defer { RNG.global = g }
        var v = [Float](repeating: 0, count: shape.product)
        for i in 0..<v.count { v[i] = g.uniform() }
        return Tensor(unchecked: shape, v)
    }

    /// Standard normal samples N(0, 1) from `RNG.global`.
    public static func randn(_ shape: [Int]) throws -> Tensor {
        try checkShape(shape, op: "randn")
        var g = RNG.global
        defer { RNG.global = g }
        var v = [Float](repeating: 0, count: shape.product)
        for i in 0..<v.count { v[i] = g.normal() }
        return Tensor(unchecked: shape, v)
    }

    /// Uniform integers in [low, high) from `RNG.global`, dtype int64.
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int]) throws -> Tensor {
        try checkShape(shape, op: "randint")
        guard high > low, !high.subtractingReportingOverflow(low).overflow else {
            throw EngineError(
                "randint", "random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)")
        }
        var g = RNG.global
        defer { RNG.global = g }
        var v = [Float](repeating: 0, count: shape.product)
        for i in 0..<v.count { v[i] = Float(g.int(low, high)) }
        return Tensor(unchecked: shape, v, dtype: .int64)
    }
}
