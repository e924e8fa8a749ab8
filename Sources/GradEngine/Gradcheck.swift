// Gradcheck: compares autograd's gradients with central finite differences, for any function of
// tensors (PyTorch's torch.autograd.gradcheck, adapted to a float32 engine).
//   L(inputs) = Σ f(inputs) ⊙ u with a fixed random upstream u in [-1, 1);
//   analytic: backward of f with gradient u;  numeric: (L(x + h·e_j) - L(x - h·e_j)) / 2h,
//   with L summed in Double and h the perturbation actually representable in float32.
//   Passes when |analytic - numeric| <= atol + rtol·|numeric| for every element.
// NOTE: f is evaluated in float32, so eps trades truncation error (∝ eps²) against rounding
//   error (∝ ulp(f)/eps); 1e-3 with tolerances 1e-2 suits values of order 1. Random ops (dropout)
//   see the same draws in every evaluation: RNG.global is rewound before each call.
// Non-goals: second derivatives, complex numbers.

/// Result of `gradcheck`: per checked input, the largest difference and where.
public struct GradcheckReport: CustomStringConvertible, Sendable {
    public struct InputResult: Sendable {
        /// Position of the input in `inputs`.
        public let index: Int
        public let shape: [Int]
        /// max |analytic - numeric| over the input's elements.
        public let maxAbsDiff: Double
        /// Element with the largest excess over the tolerance (or largest difference).
        public let worstElement: Int
        public let analytic: Double
        public let numeric: Double
        public let passed: Bool
    }
    public let inputs: [InputResult]
    public var passed: Bool { inputs.allSatisfy(\.passed) }

    public var description: String {
        var s = passed ? "gradcheck passed\n" : "gradcheck FAILED\n"
        for r in inputs {
            s += "  input \(r.index) \(fmt(r.shape)): max |analytic - numeric| = \(r.maxAbsDiff)"
            s += " (worst element \(r.worstElement): analytic \(r.analytic), numeric \(r.numeric))"
            s += r.passed ? " ok\n" : " NOT OK\n"
        }
        return s
    }
}

/// Checks the gradients of `f` with respect to every input with `requiresGrad` against finite
/// differences. Inputs' `.grad` are left as they were. Throws when no input requires grad or f fails.
public func gradcheck(
    _ f: ([Tensor]) throws -> Tensor, inputs: [Tensor], eps: Double = 1e-3,
    atol: Double = 1e-2, rtol: Double = 1e-2
) throws -> GradcheckReport {
    let checked = inputs.indices.filter { inputs[$0].requiresGrad }
    guard !checked.isEmpty else {
        throw EngineError("gradcheck", "no input requires grad; set requiresGrad on the inputs to check")
    }
    let rngStart = RNG.global
    var rngAfter = rngStart
    func evaluate() throws -> Tensor {
        RNG.global = rngStart
        let y = try f(inputs)
        rngAfter = RNG.global
        return y
    }
    defer { RNG.global = rngAfter }

    // Analytic gradients with upstream u.
    let savedGrads = inputs.map(\.grad)
    defer { for (t, g) in zip(inputs, savedGrads) { t.grad = g } }
    for i in checked { inputs[i].grad = nil }
    let savedMode = GradMode.isEnabled
    GradMode.isEnabled = true
    defer { GradMode.isEnabled = savedMode }
    let y = try evaluate()
    var gen = Generator(seed: 0x6772_6164)
    let u = (0..<y.count).map { _ in gen.uniform(-1, 1) }
    guard y.requiresGrad else {
        throw EngineError(
            "gradcheck",
            "the output \(fmt(y.shape)) does not require grad: no checked input reaches it through differentiable ops")
    }
    try y.backward(Tensor(shape: y.shape, data: u))
    let analytic = checked.map { inputs[$0].grad?.data ?? [Float](repeating: 0, count: inputs[$0].count) }

    func loss() throws -> Double {
        let out = try noGrad { try evaluate() }
        guard out.count == u.count else {
            throw EngineError(
                "gradcheck", "the output changed shape from \(fmt(y.shape)) to \(fmt(out.shape)) between evaluations")
        }
        var s = 0.0
        for (a, b) in zip(out.data, u) { s += Double(a) * Double(b) }
        return s
    }

    var results: [GradcheckReport.InputResult] = []
    for (slot, i) in checked.enumerated() {
        let t = inputs[i]
        var maxDiff = 0.0, worst = 0, worstExcess = -Double.infinity
        var worstA = 0.0, worstN = 0.0
        for j in 0..<t.count {
            let orig = t.data[j]
            let plus = Float(Double(orig) + eps), minus = Float(Double(orig) - eps)
            t.data[j] = plus
            let lp = try loss()
            t.data[j] = minus
            let lm = try loss()
            t.data[j] = orig
            let numeric = (lp - lm) / (Double(plus) - Double(minus))
            let a = Double(analytic[slot][j])
            let diff = Swift.abs(a - numeric)
            maxDiff = Swift.max(maxDiff, diff)
            let excess = diff - (atol + rtol * Swift.abs(numeric))
            if excess > worstExcess {
                worstExcess = excess
                worst = j
                worstA = a
                worstN = numeric
            }
        }
        results.append(
            .init(
                index: i, shape: t.shape, maxAbsDiff: maxDiff, worstElement: worst,
                analytic: worstA, numeric: worstN, passed: worstExcess <= 0 || t.count == 0))
    }
    return GradcheckReport(inputs: results)
}
