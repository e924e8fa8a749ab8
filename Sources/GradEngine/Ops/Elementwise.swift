// Elementwise: unary maths (neg, exp, log, sqrt, abs, relu, sigmoid, tanh, clamp and the rest of
// PyTorch's pointwise family: sin, cos, tan, rsqrt, log2, log10, log1p, expm1, sign, floor, ceil,
// round, trunc, reciprocal, erf, ...), `pow`, `where`, and comparisons, forward and backward side by side.
//   y = f(x) elementwise; backward: dx = dy * f'(x), written with x and y where that is cheaper
//   (exp: dy*y, sigmoid: dy*y*(1-y), tanh: dy*(1-y²)).
// Functions of real numbers (sin, exp, sqrt, ...) turn integer tensors into float32, as PyTorch's do;
// rounding and sign functions keep integers as they are.
// Results are rounded (float16/bfloat16) or wrapped (int8/int16/uint8) to their dtype where they are
// made (DType.swift). Non-goals: int64 beyond 2²⁴ (values are stored as Float). In-place forms: InPlace.swift.

import Foundation

/// A comparison for `Tensor.compare`.
public enum CompareOp: String, Sendable, CaseIterable {
    case lt, le, gt, ge, eq, ne
}

extension Tensor {
    /// Applies `f` elementwise and records `df(x, y)` = ∂y/∂x for backward. `dtype`: the result's
    /// dtype; nil: x's when it is floating point, else float32 (functions of real numbers).
    @inline(__always)
    static func unary(
        _ op: String, _ x: Tensor, dtype: DType? = nil, saves: Saves = .inputs,
        _ f: (Float) -> Float,
        grad df: @escaping (_ x: Float, _ y: Float) -> Float
    ) -> Tensor {
        if x.dtype == .float64, let r = unary64(op, x) { return r }
        return Profiler.measure(.elementwise) {
            let n = x.count
            let out = [Float](unsafeUninitializedCapacity: n) { buf, done in
                x.data.withUnsafeBufferPointer { px in
                    for i in 0..<n { buf[i] = f(px[i]) }
                }
                done = n
            }
            let xs = x.data
            return result(op, shape: x.shape, data: out, dtype: dtype, inputs: [x], saves: saves) { g in
                Profiler.measure(.elementwise) {
                    let gx = [Float](unsafeUninitializedCapacity: n) { buf, done in
                        xs.withUnsafeBufferPointer { px in
                            out.withUnsafeBufferPointer { py in
                                g.withUnsafeBufferPointer { pg in
                                    for i in 0..<n { buf[i] = pg[i] * df(px[i], py[i]) }
                                }
                            }
                        }
                        done = n
                    }
                    return [gx]
                }
            }
        }
    }

    /// -x. d/dx = -1.
    public func neg() -> Tensor {
        Tensor.unary("neg", self, dtype: dtype == .bool ? .int64 : dtype, saves: .none, { -$0 }, grad: { _, _ in -1 })
    }
    /// eˣ. d/dx = eˣ = y.
    public func exp() -> Tensor {
        Tensor.unary("exp", self, saves: .output, { Foundation.exp($0) }, grad: { _, y in y })
    }
    /// Natural log. d/dx = 1/x. (log 0 = -inf, log of a negative = nan, as in PyTorch.)
    public func log() -> Tensor {
        Tensor.unary("log", self, { Foundation.log($0) }, grad: { x, _ in 1 / x })
    }
    /// √x. d/dx = 1/(2√x).
    public func sqrt() -> Tensor {
        Tensor.unary("sqrt", self, saves: .output, { $0.squareRoot() }, grad: { _, y in 0.5 / y })
    }
    /// |x|. d/dx = sign(x) (0 at 0, as in PyTorch).
    public func abs() -> Tensor {
        Tensor.unary(
            "abs", self, dtype: dtype == .bool ? .int64 : dtype, { Swift.abs($0) },
            grad: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) })
    }
    /// max(x, 0). d/dx = 1 where x > 0, else 0.
    public func relu() -> Tensor {
        if dtype == .float64 { return Tensor(sharingNothing: shape, doubles: doubleValues.map { $0 < 0 ? 0 : $0 }) }
        return Profiler.measure(.elementwise) {
            let n = count
            let out = [Float](unsafeUninitializedCapacity: n) { buf, done in
                data.withUnsafeBufferPointer { px in reluForward(px.base, buf.base, n) }
                done = n
            }
            return Tensor.result(
                "relu", shape: shape, data: out, dtype: dtype == .bool ? .int64 : dtype, inputs: [self], saves: .output
            ) { g in
                Profiler.measure(.elementwise) {
                    let gx = [Float](unsafeUninitializedCapacity: n) { buf, done in
                        out.withUnsafeBufferPointer { py in
                            g.withUnsafeBufferPointer { pg in reluBackward(py.base, pg.base, buf.base, n) }
                        }
                        done = n
                    }
                    return [gx]
                }
            }
        }
    }
    /// σ(x) = 1/(1+e⁻ˣ). d/dx = y(1-y).
    public func sigmoid() -> Tensor {
        Tensor.unary(
            "sigmoid", self, saves: .output,
            { x in
                // NOTE: split by sign so neither branch overflows exp.
                if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
                let e = Foundation.exp(x)
                return e / (1 + e)
            }, grad: { _, y in y * (1 - y) })
    }
    /// tanh(x). d/dx = 1 - y².
    public func tanh() -> Tensor {
        Tensor.unary("tanh", self, saves: .output, { Foundation.tanh($0) }, grad: { _, y in 1 - y * y })
    }
    /// Limits values to [min, max] (either bound optional). d/dx = 1 inside the bounds, 0 outside.
    public func clamp(min lo: Float? = nil, max hi: Float? = nil) throws -> Tensor {
        guard lo != nil || hi != nil else {
            throw EngineError("clamp", "at least one of 'min' or 'max' must not be None")
        }
        let a = lo ?? -Float.infinity, b = hi ?? Float.infinity
        let r = Tensor.unary(
            "clamp", self, dtype: dtype == .bool ? .int64 : dtype,
            { Swift.min(Swift.max($0, a), b) },
            grad: { x, _ in (x >= a && x <= b) ? 1 : 0 })
        r.gradFn?.torchName = "ClampBackward1"
        return r
    }

    /// Limits values to [min, max] with tensor bounds (broadcasting; either optional):
    /// where(x < min, min, x), then where(y > max, max, y). The gradient goes to x inside the
    /// bounds and to the bound that was taken outside them.
    public func clamp(min lo: Tensor?, max hi: Tensor?) throws -> Tensor {
        guard lo != nil || hi != nil else {
            throw EngineError("clamp", "at least one of 'min' or 'max' must not be None")
        }
        var y = self
        if let lo { y = try Tensor.where(try Tensor.compare(y, lo, .lt), lo, y) }
        if let hi { y = try Tensor.where(try Tensor.compare(y, hi, .gt), hi, y) }
        if y !== self { y.gradFn?.torchName = "ClampBackward0" }
        return y
    }

    // MARK: the pointwise family (float results)

    /// A function of a real number: integer and bool inputs give float32 results.
    private func real(
        _ op: String, saves: Saves = .inputs, _ f: (Float) -> Float,
        grad df: @escaping (_ x: Float, _ y: Float) -> Float
    ) -> Tensor {
        Tensor.unary(op, self, saves: saves, f, grad: df)
    }

    /// sin x. d/dx = cos x.
    public func sin() -> Tensor { real("sin", { Foundation.sin($0) }, grad: { x, _ in Foundation.cos(x) }) }
    /// cos x. d/dx = -sin x.
    public func cos() -> Tensor { real("cos", { Foundation.cos($0) }, grad: { x, _ in -Foundation.sin(x) }) }
    /// tan x. d/dx = 1 + tan² x = 1 + y².
    public func tan() -> Tensor { real("tan", saves: .output, { Foundation.tan($0) }, grad: { _, y in 1 + y * y }) }
    /// asin x. d/dx = 1/√(1 - x²).
    public func asin() -> Tensor {
        real("asin", { Foundation.asin($0) }, grad: { x, _ in 1 / (1 - x * x).squareRoot() })
    }
    /// acos x. d/dx = -1/√(1 - x²).
    public func acos() -> Tensor {
        real("acos", { Foundation.acos($0) }, grad: { x, _ in -1 / (1 - x * x).squareRoot() })
    }
    /// atan x. d/dx = 1/(1 + x²).
    public func atan() -> Tensor { real("atan", { Foundation.atan($0) }, grad: { x, _ in 1 / (1 + x * x) }) }
    /// sinh x. d/dx = cosh x.
    public func sinh() -> Tensor { real("sinh", { Foundation.sinh($0) }, grad: { x, _ in Foundation.cosh(x) }) }
    /// cosh x. d/dx = sinh x.
    public func cosh() -> Tensor { real("cosh", { Foundation.cosh($0) }, grad: { x, _ in Foundation.sinh(x) }) }
    /// 1/√x. d/dx = -½ x^(-3/2) = -½ y³.
    public func rsqrt() -> Tensor {
        real("rsqrt", saves: .output, { 1 / $0.squareRoot() }, grad: { _, y in -0.5 * y * y * y })
    }
    /// log₂ x. d/dx = 1/(x ln 2).
    public func log2() -> Tensor { real("log2", { Foundation.log2($0) }, grad: { x, _ in 1 / (x * 0.693_147_18) }) }
    /// log₁₀ x. d/dx = 1/(x ln 10).
    public func log10() -> Tensor { real("log10", { Foundation.log10($0) }, grad: { x, _ in 1 / (x * 2.302_585_1) }) }
    /// ln(1 + x), accurate for small x. d/dx = 1/(1 + x).
    public func log1p() -> Tensor { real("log1p", { Foundation.log1p($0) }, grad: { x, _ in 1 / (1 + x) }) }
    /// eˣ - 1, accurate for small x. d/dx = eˣ = y + 1.
    public func expm1() -> Tensor { real("expm1", saves: .output, { Foundation.expm1($0) }, grad: { _, y in y + 1 }) }
    /// 1/x. d/dx = -1/x² = -y².
    public func reciprocal() -> Tensor { real("reciprocal", saves: .output, { 1 / $0 }, grad: { _, y in -y * y }) }
    /// The error function erf x = 2/√π ∫₀ˣ e^(-t²) dt. d/dx = 2/√π e^(-x²).
    public func erf() -> Tensor {
        real("erf", { Foundation.erf($0) }, grad: { x, _ in 1.128_379_2 * Foundation.exp(-x * x) })
    }
    /// x². d/dx = 2x.
    public func square() -> Tensor {
        let r = Tensor.unary("pow", self, dtype: dtype == .bool ? .int64 : dtype, { $0 * $0 }, grad: { x, _ in 2 * x })
        r.gradFn?.torchName = "PowBackward0"
        return r
    }

    // MARK: piecewise-constant functions (keep integers; zero gradient)

    private func stepwise(_ op: String, _ f: (Float) -> Float) -> Tensor {
        Tensor.unary(op, self, dtype: dtype == .bool ? .int64 : dtype, saves: .none, f, grad: { _, _ in 0 })
    }
    /// -1, 0 or 1 by the sign of x (0 for 0, nan for nan). d/dx = 0.
    public func sign() -> Tensor { stepwise("sign", { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0.isNaN ? .nan : 0)) }) }
    /// ⌊x⌋. d/dx = 0.
    public func floor() -> Tensor { stepwise("floor", { $0.rounded(.down) }) }
    /// ⌈x⌉. d/dx = 0.
    public func ceil() -> Tensor { stepwise("ceil", { $0.rounded(.up) }) }
    /// x rounded to the nearest integer, halves to even (PyTorch: round(2.5) = 2). d/dx = 0.
    public func round() -> Tensor { stepwise("round", { $0.rounded(.toNearestOrEven) }) }
    /// x rounded to `decimals` places (halves to even), as `torch.round(x, decimals=d)`.
    public func round(decimals: Int) -> Tensor {
        if decimals == 0 { return round() }
        let scale = Foundation.pow(10, Float(decimals))
        let r = stepwise("round", { ($0 * scale).rounded(.toNearestOrEven) / scale })
        r.gradFn?.torchName = "RoundBackward1"
        return r
    }
    /// x rounded toward zero. d/dx = 0.
    public func trunc() -> Tensor { stepwise("trunc", { $0.rounded(.towardZero) }) }
    /// x - trunc(x). d/dx = 1.
    public func frac() -> Tensor {
        Tensor.unary("frac", self, saves: .none, { $0 - $0.rounded(.towardZero) }, grad: { _, _ in 1 })
    }

    /// cond ? a : b elementwise, broadcasting all three. Backward: dy goes to a where cond holds,
    /// to b elsewhere (each summed back to its shape).
    public static func `where`(_ cond: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard let ab = Broadcast.shape(a.shape, b.shape), let outShape = Broadcast.shape(cond.shape, ab) else {
            throw EngineError(
                "where", "shapes \(fmt(cond.shape)), \(fmt(a.shape)) and \(fmt(b.shape)) cannot be broadcast together")
        }
        try checkShape(outShape, op: "where")
        let n = outShape.product
        let mc = Broadcast.indexMap(cond.shape, to: outShape)
        let ma = Broadcast.indexMap(a.shape, to: outShape), mb = Broadcast.indexMap(b.shape, to: outShape)
        let cv = cond.data, av = a.data, bv = b.data
        var take = [Bool](repeating: false, count: n)
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n {
            take[i] = cv[mc[i]] != 0
            out[i] = take[i] ? av[ma[i]] : bv[mb[i]]
        }
        let dt = DType.promote(a, b)
        let aShape = a.shape, bShape = b.shape
        return result("where", shape: outShape, data: out, dtype: dt, inputs: [a, b], saves: .none) { g in
            var ga = [Float](repeating: 0, count: n), gb = [Float](repeating: 0, count: n)
            for i in 0..<n { if take[i] { ga[i] = g[i] } else { gb[i] = g[i] } }
            return [Broadcast.reduce(ga, from: outShape, to: aShape), Broadcast.reduce(gb, from: outShape, to: bShape)]
        }
    }

    /// max(a, b) elementwise, broadcasting. The gradient goes to the larger input (halved on ties, as PyTorch).
    public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let r = try binary(
            "maximum", a, b, { Swift.max($0, $1) },
            da: { x, y in x > y ? 1 : (x == y ? 0.5 : 0) }, db: { x, y in y > x ? 1 : (x == y ? 0.5 : 0) })
        if a.dtype == .bool && b.dtype == .bool { r.dtype = .bool }
        return r
    }

    /// √(a² + b²) elementwise, broadcasting, without the overflow or underflow of squaring first
    /// (C's hypotf: hypot(3e30, 3e30) = 4.24e30 in float32). ∂/∂a = a / hypot(a, b),
    /// ∂/∂b = b / hypot(a, b): NaN at a = b = 0, as PyTorch's HypotBackward0. Like PyTorch, refuses
    /// two integer tensors (one float operand promotes the other).
    public static func hypot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        if !a.dtype.isFloatingPoint && !b.dtype.isFloatingPoint {
            throw EngineError("", "\"hypot_cpu\" not implemented for '\(DType.promote(a, b).scalarName)'")
        }
        return try binary(
            "hypot", a, b, { Foundation.hypot($0, $1) },
            da: { x, y in x / Foundation.hypot(x, y) }, db: { x, y in y / Foundation.hypot(x, y) })
    }

    /// min(a, b) elementwise, broadcasting. The gradient goes to the smaller input (halved on ties).
    public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let r = try binary(
            "minimum", a, b, { Swift.min($0, $1) },
            da: { x, y in x < y ? 1 : (x == y ? 0.5 : 0) }, db: { x, y in y < x ? 1 : (x == y ? 0.5 : 0) })
        if a.dtype == .bool && b.dtype == .bool { r.dtype = .bool }
        return r
    }

    /// aᵇ elementwise, broadcasting. ∂/∂a = b·aᵇ⁻¹, ∂/∂b = aᵇ·ln a (0 where a = 0).
    public static func pow(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let r = try binary(
            "pow", a, b, { Foundation.pow($0, $1) },
            da: { x, y in y == 0 ? 0 : y * Foundation.pow(x, y - 1) },
            db: { x, y in x == 0 ? 0 : Foundation.pow(x, y) * Foundation.log(x) })
        // PyTorch: tensor ** number is PowBackward0, tensor ** tensor PowBackward1, number ** tensor PowBackward2.
        r.gradFn?.torchName = b.isWrappedNumber ? "PowBackward0" : (a.isWrappedNumber ? "PowBackward2" : "PowBackward1")
        return r
    }

    /// Elementwise comparison with broadcasting; a bool tensor of 0/1. Not differentiable.
    public static func compare(_ a: Tensor, _ b: Tensor, _ op: CompareOp) throws -> Tensor {
        guard let outShape = Broadcast.shape(a.shape, b.shape) else {
            throw EngineError("", Broadcast.mismatchMessage(a.shape, b.shape))
        }
        try checkShape(outShape, op: op.rawValue)
        let n = outShape.product
        var out = [Float](repeating: 0, count: n)
        let av = a.data, bv = b.data
        // Row by row through the broadcast (no per-element index maps: peak = inputs + result).
        Broadcast.rows(a.shape, b.shape, to: outShape) { o, offA, offB, len, stepA, stepB in
            for j in 0..<len {
                let x = av[offA + j * stepA], y = bv[offB + j * stepB]
                let r: Bool
                switch op {
                case .lt: r = x < y
                case .le: r = x <= y
                case .gt: r = x > y
                case .ge: r = x >= y
                case .eq: r = x == y
                case .ne: r = x != y
                }
                out[o + j] = r ? 1 : 0
            }
        }
        return Tensor(unchecked: outShape, out, dtype: .bool)
    }
}

/// y = max(x, 0), eight lanes at a time. NOTE: NaN stays NaN, as in PyTorch.
@inline(__always)
func reluForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    var i = 0
    let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y)
    while i + 8 <= n {
        let v = xr.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        yr.storeBytes(of: v.replacing(with: 0, where: v .< 0), toByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    while i < n {
        let v = x[i]
        y[i] = v < 0 ? 0 : v
        i += 1
    }
}

/// dx = dy where y > 0, else 0, eight lanes at a time.
@inline(__always)
func reluBackward(_ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ n: Int) {
    var i = 0
    let yr = UnsafeRawPointer(y), gr = UnsafeRawPointer(g), dr = UnsafeMutableRawPointer(dx)
    while i + 8 <= n {
        let v = yr.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        let gv = gr.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        dr.storeBytes(of: gv.replacing(with: 0, where: .!(v .> 0)), toByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    while i < n {
        dx[i] = y[i] > 0 ? g[i] : 0
        i += 1
    }
}
