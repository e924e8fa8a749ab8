// Float64: double-precision arithmetic for float64 tensors, as PyTorch computes them.
//   - elementwise + - * / ** maximum minimum (broadcasting) on a float64 result, computed in Double;
//   - the pointwise functions (exp, log, sqrt, sin, tanh, sigmoid, abs, ...) of a float64 tensor;
//   - matmul / mm / mv / dot / bmm of two float64 tensors (Double accumulation, in index order);
//   - PyTorch's dtype errors when a float64 operand meets a float32 one in a matrix product
//     (`expected m1 and m2 to have the same dtype, but got: double != float`).
// Sums and means are in Reductions.swift (Double for float64). Ops not listed here compute in
// float32 and label their result float32 (see Conversion.swift): never float32 values called float64.
// `binaryDoubles` also gives int8/int16/uint8 results their exact values before they wrap (Arithmetic.swift).
// Non-goals: autograd through float64 (gradstep refuses requires_grad on float64 tensors, and an op
// mixing a float32 tensor that requires grad with a float64 one says so), speed (plain loops).

import Foundation

extension Tensor {
    /// The float64 form of the pointwise ops that `unary` runs, by op name.
    static let float64Unary: [String: @Sendable (Double) -> Double] = [
        "neg": { -$0 }, "exp": { Foundation.exp($0) }, "log": { Foundation.log($0) }, "sqrt": { $0.squareRoot() },
        "abs": { Swift.abs($0) }, "tanh": { Foundation.tanh($0) },
        "sigmoid": { x in x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x)) },
        "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) }, "tan": { Foundation.tan($0) },
        "asin": { Foundation.asin($0) }, "acos": { Foundation.acos($0) }, "atan": { Foundation.atan($0) },
        "sinh": { Foundation.sinh($0) }, "cosh": { Foundation.cosh($0) }, "rsqrt": { 1 / $0.squareRoot() },
        "log2": { Foundation.log2($0) }, "log10": { Foundation.log10($0) }, "log1p": { Foundation.log1p($0) },
        "expm1": { Foundation.expm1($0) }, "reciprocal": { 1 / $0 }, "erf": { Foundation.erf($0) },
        "pow": { $0 * $0 },  // square()
        "sign": { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0.isNaN ? .nan : 0)) }, "floor": { $0.rounded(.down) },
        "ceil": { $0.rounded(.up) }, "round": { $0.rounded(.toNearestOrEven) },
        "trunc": { $0.rounded(.towardZero) }, "frac": { $0 - $0.rounded(.towardZero) },
    ]

    /// The float64 form of the broadcasting binary ops, by op name.
    static let float64Binary: [String: @Sendable (Double, Double) -> Double] = [
        "add": { $0 + $1 }, "sub": { $0 - $1 }, "mul": { $0 * $1 }, "div": { $0 / $1 },
        "pow": { Foundation.pow($0, $1) }, "maximum": { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) },
        "minimum": { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) },
    ]

    /// The error for an op that would need autograd through float64.
    static func float64AutogradError(_ op: String) -> EngineError {
        EngineError(
            "",
            "\(op): autograd for float64 ('Double') tensors is not implemented in gradstep; call .float() on the "
                + "float64 operand"
        )
    }

    /// `op(a, b)` in Double with broadcasting, as a float64 tensor; nil when `op` has no float64 form.
    static func binary64(_ op: String, _ a: Tensor, _ b: Tensor, outShape: [Int]) throws -> Tensor? {
        guard float64Binary[op] != nil else { return nil }
        if GradMode.isEnabled && (a.requiresGrad || b.requiresGrad) { throw float64AutogradError(op) }
        guard let out = binaryDoubles(op, a, b, outShape: outShape) else { return nil }
        return Tensor(sharingNothing: outShape, doubles: out)
    }

    /// The values of `op(a, b)` computed in Double with broadcasting (exact for integers below
    /// 2⁵³); nil when `op` has no Double form. Not differentiable.
    static func binaryDoubles(_ op: String, _ a: Tensor, _ b: Tensor, outShape: [Int]) -> [Double]? {
        guard let f = float64Binary[op] else { return nil }
        let av = a.doubleValues, bv = b.doubleValues
        let n = outShape.product
        var out = [Double](repeating: 0, count: n)
        if a.shape == outShape && b.shape == outShape {
            for i in 0..<n { out[i] = f(av[i], bv[i]) }
        } else {
            let ma = Broadcast.indexMap(a.shape, to: outShape), mb = Broadcast.indexMap(b.shape, to: outShape)
            for i in 0..<n { out[i] = f(av[ma[i]], bv[mb[i]]) }
        }
        return out
    }

    /// A pointwise op of a float64 tensor in Double; nil when `op` has no float64 form.
    static func unary64(_ op: String, _ x: Tensor) -> Tensor? {
        guard x.dtype == .float64, let f = float64Unary[op] else { return nil }
        return Tensor(sharingNothing: x.shape, doubles: x.doubleValues.map(f))
    }

    /// PyTorch's error when the operands of a matrix product have different dtypes and one is
    /// float64, float16 or bfloat16 (the message depends on the operands' ranks, as PyTorch's
    /// kernels word it).
    static func checkMatmulDTypes(_ a: Tensor, _ b: Tensor) throws {
        func strict(_ d: DType) -> Bool { d == .float64 || d.isReducedFloat }
        guard a.dtype != b.dtype, strict(a.dtype) || strict(b.dtype) else { return }
        let an = a.dtype.scalarName, bn = b.dtype.scalarName
        if a.ndim == 1 && b.ndim == 1 {
            throw EngineError("", "dot : expected both vectors to have same dtype, but found \(an) and \(bn)")
        }
        if a.ndim == 2 && b.ndim == 1 {
            throw EngineError("", "addmv input tensors must have the same dtype, but got \(bn), \(an), and \(bn)")
        }
        if a.ndim <= 2 && b.ndim == 2 {
            throw EngineError(
                "",
                "expected m1 and m2 to have the same dtype, but got: \(a.dtype.cppName) != \(b.dtype.cppName)")
        }
        throw EngineError("", "expected scalar type \(an) but found \(bn)")
    }

    /// PyTorch's errors when a layer's input, weight and bias differ in dtype (F.conv2d): the bias
    /// is named first ("Input type (c10::Half) and bias type (float) should be the same"), then the
    /// weight ("expected scalar type Half but found Float").
    public static func checkLayerDTypes(_ x: Tensor, weight: Tensor, bias: Tensor?) throws {
        if let bias, bias.dtype != x.dtype {
            throw EngineError(
                "", "Input type (\(x.dtype.cppName)) and bias type (\(bias.dtype.cppName)) should be the same")
        }
        if weight.dtype != x.dtype {
            throw EngineError("", "expected scalar type \(x.dtype.scalarName) but found \(weight.dtype.scalarName)")
        }
    }

    /// Batched [nb, m, k] @ [nb, k, n] in Double (`mapA`/`mapB`: the broadcast batch of each operand).
    static func matmul64(
        _ a: Tensor, _ b: Tensor, m: Int, k: Int, n: Int, nb: Int, mapA: [Int], mapB: [Int], outShape: [Int]
    ) throws -> Tensor {
        if GradMode.isEnabled && (a.requiresGrad || b.requiresGrad) { throw float64AutogradError("matmul") }
        let av = a.doubleValues, bv = b.doubleValues
        var out = [Double](repeating: 0, count: nb * m * n)
        for i in 0..<nb {
            let oa = mapA[i] * m * k, ob = mapB[i] * k * n, oc = i * m * n
            for r in 0..<m {
                for c in 0..<n {
                    var s = 0.0
                    for j in 0..<k { s += av[oa + r * k + j] * bv[ob + j * n + c] }
                    out[oc + r * n + c] = s
                }
            }
            if i % 64 == 63 { try EngineInterrupt.check("matmul") }
        }
        return Tensor(sharingNothing: outShape, doubles: out)
    }
}
