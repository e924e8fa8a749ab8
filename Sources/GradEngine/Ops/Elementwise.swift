// Elementwise: unary maths (neg, exp, log, sqrt, abs, relu, sigmoid, tanh, clamp), `pow`, and
// comparisons, forward and backward side by side.
//   y = f(x) elementwise; backward: dx = dy * f'(x), written with x and y where that is cheaper
//   (exp: dy*y, sigmoid: dy*y*(1-y), tanh: dy*(1-y²)).
// Non-goals: in-place variants, integer overflow semantics (values are stored as Float).

import Foundation

/// A comparison for `Tensor.compare`.
public enum CompareOp: String, Sendable, CaseIterable {
    case lt, le, gt, ge, eq, ne
}

extension Tensor {
    /// Applies `f` elementwise and records `df(x, y)` = ∂y/∂x for backward.
    @inline(__always)
    static func unary(_ op: String, _ x: Tensor, dtype: DType = .float32,
                      _ f: (Float) -> Float,
                      grad df: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        Profiler.measure(.elementwise) {
            let n = x.count
            let out = [Float](unsafeUninitializedCapacity: n) { buf, done in
                x.data.withUnsafeBufferPointer { px in
                    for i in 0..<n { buf[i] = f(px[i]) }
                }
                done = n
            }
            let xs = x.data
            return result(op, shape: x.shape, data: out, dtype: dtype, inputs: [x]) { g in
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
        Tensor.unary("neg", self, dtype: dtype == .bool ? .int64 : dtype, { -$0 }, grad: { _, _ in -1 })
    }
    /// eˣ. d/dx = eˣ = y.
    public func exp() -> Tensor {
        Tensor.unary("exp", self, { Foundation.exp($0) }, grad: { _, y in y })
    }
    /// Natural log. d/dx = 1/x. (log 0 = -inf, log of a negative = nan, as in PyTorch.)
    public func log() -> Tensor {
        Tensor.unary("log", self, { Foundation.log($0) }, grad: { x, _ in 1 / x })
    }
    /// √x. d/dx = 1/(2√x).
    public func sqrt() -> Tensor {
        Tensor.unary("sqrt", self, { $0.squareRoot() }, grad: { _, y in 0.5 / y })
    }
    /// |x|. d/dx = sign(x) (0 at 0, as in PyTorch).
    public func abs() -> Tensor {
        Tensor.unary("abs", self, dtype: dtype == .bool ? .int64 : dtype, { Swift.abs($0) },
                     grad: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) })
    }
    /// max(x, 0). d/dx = 1 where x > 0, else 0.
    public func relu() -> Tensor {
        Profiler.measure(.elementwise) {
            let n = count
            let out = [Float](unsafeUninitializedCapacity: n) { buf, done in
                data.withUnsafeBufferPointer { px in reluForward(px.base, buf.base, n) }
                done = n
            }
            return Tensor.result("relu", shape: shape, data: out, dtype: dtype == .bool ? .int64 : dtype, inputs: [self]) { g in
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
        Tensor.unary("sigmoid", self, { x in
            // NOTE: split by sign so neither branch overflows exp.
            if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
            let e = Foundation.exp(x)
            return e / (1 + e)
        }, grad: { _, y in y * (1 - y) })
    }
    /// tanh(x). d/dx = 1 - y².
    public func tanh() -> Tensor {
        Tensor.unary("tanh", self, { Foundation.tanh($0) }, grad: { _, y in 1 - y * y })
    }
    /// Limits values to [min, max] (either bound optional). d/dx = 1 inside the bounds, 0 outside.
    public func clamp(min lo: Float? = nil, max hi: Float? = nil) throws -> Tensor {
        guard lo != nil || hi != nil else {
            throw EngineError("clamp", "at least one of 'min' or 'max' must not be None")
        }
        let a = lo ?? -Float.infinity, b = hi ?? Float.infinity
        return Tensor.unary("clamp", self, dtype: dtype == .bool ? .int64 : dtype,
                            { Swift.min(Swift.max($0, a), b) },
                            grad: { x, _ in (x >= a && x <= b) ? 1 : 0 })
    }

    /// aᵇ elementwise, broadcasting. ∂/∂a = b·aᵇ⁻¹, ∂/∂b = aᵇ·ln a (0 where a = 0).
    public static func pow(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let r = try binary("pow", a, b, { Foundation.pow($0, $1) },
                           da: { x, y in y == 0 ? 0 : y * Foundation.pow(x, y - 1) },
                           db: { x, y in x == 0 ? 0 : Foundation.pow(x, y) * Foundation.log(x) })
        if a.dtype != .float32 && b.dtype != .float32 { r.dtype = .int64 } else { r.dtype = .float32 }
        return r
    }

    /// Elementwise comparison with broadcasting; a bool tensor of 0/1. Not differentiable.
    public static func compare(_ a: Tensor, _ b: Tensor, _ op: CompareOp) throws -> Tensor {
        guard let outShape = Broadcast.shape(a.shape, b.shape) else {
            throw EngineError(op.rawValue, "shapes \(fmt(a.shape)) and \(fmt(b.shape)) cannot be broadcast together")
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
    while i < n { let v = x[i]; y[i] = v < 0 ? 0 : v; i += 1 }
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
    while i < n { dx[i] = y[i] > 0 ? g[i] : 0; i += 1 }
}
