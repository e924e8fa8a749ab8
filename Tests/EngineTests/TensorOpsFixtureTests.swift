// TensorOpsFixtureTests: the pointwise family, where/maximum/minimum, tensor clamp, prod, cumsum,
// norm, sort/argsort/topk, expand/repeat, split/chunk, several index tensors, dot/mv/mm/bmm/outer,
// compared forward and backward with PyTorch's values recorded in Fixtures/tensor_ops.json by
// scripts/torch-fixtures/tensor_ops.py (run with real PyTorch; CI reads the JSON). Also the
// grad_fn name PyTorch gives each result.

import Foundation
import XCTest

@testable import GradEngine

final class TensorOpsFixtureTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tensor_ops.json")

    struct Bad: Error, CustomStringConvertible { let description: String }

    static func tensor(_ any: Any?, requiresGrad: Bool = false) throws -> Tensor {
        guard let d = any as? [String: Any], let shape = d["shape"] as? [Int], let data = d["data"] as? [NSNumber],
            let dtype = d["dtype"] as? String
        else { throw Bad(description: "not a tensor") }
        let dt: DType = dtype == "int64" ? .int64 : (dtype == "bool" ? .bool : .float32)
        return try Tensor(
            shape: shape, data: data.map { $0.floatValue }, dtype: dt, requiresGrad: requiresGrad && dt == .float32)
    }

    /// The engine's version of one fixture op.
    func run(_ op: String, _ p: [String: Any], _ i: [String: Tensor]) throws -> Tensor {
        func x(_ k: String = "x") throws -> Tensor {
            guard let t = i[k] else { throw Bad(description: "missing input \(k)") }
            return t
        }
        let dim = p["dim"] as? Int
        switch op {
        case "sin": return try x().sin()
        case "cos": return try x().cos()
        case "tan": return try x().tan()
        case "tanh": return try x().tanh()
        case "sigmoid": return try x().sigmoid()
        case "exp": return try x().exp()
        case "expm1": return try x().expm1()
        case "abs": return try x().abs()
        case "erf": return try x().erf()
        case "atan": return try x().atan()
        case "sinh": return try x().sinh()
        case "cosh": return try x().cosh()
        case "neg": return try x().neg()
        case "square": return try x().square()
        case "sqrt": return try x().sqrt()
        case "rsqrt": return try x().rsqrt()
        case "log": return try x().log()
        case "log2": return try x().log2()
        case "log10": return try x().log10()
        case "log1p": return try x().log1p()
        case "reciprocal": return try x().reciprocal()
        case "asin": return try x().asin()
        case "acos": return try x().acos()
        case "sign": return try x().sign()
        case "floor": return try x().floor()
        case "ceil": return try x().ceil()
        case "round": return try x().round()
        case "trunc": return try x().trunc()
        case "frac": return try x().frac()
        case "clamp": return try x().clamp(min: -0.5, max: 0.5)
        case "clamp_tensor": return try x().clamp(min: x("lo"), max: x("hi"))
        case "where": return try Tensor.where(x("cond"), x("a"), x("b"))
        case "maximum": return try Tensor.maximum(x("a"), x("b"))
        case "minimum": return try Tensor.minimum(x("a"), x("b"))
        case "pow": return try Tensor.pow(x("a"), x("b"))
        case "prod": return try x().prod(dim: dim)
        case "cumsum": return try x().cumsum(dim: dim ?? 0)
        case "norm": return try x().norm(p: (p["p"] as? NSNumber)?.floatValue ?? 2, dim: dim)
        case "sort": return try x().sort(dim: dim ?? -1).values
        case "sort_indices": return try x().sort(dim: dim ?? -1, descending: p["descending"] as? Bool ?? false).indices
        case "argsort": return try x().argsort(dim: dim ?? -1)
        case "topk": return try x().topk(p["k"] as? Int ?? 1, dim: dim ?? -1).values
        case "topk_indices":
            return try x().topk(p["k"] as? Int ?? 1, dim: dim ?? -1, largest: p["largest"] as? Bool ?? true).indices
        case "expand": return try x().expand(p["sizes"] as? [Int] ?? [])
        case "repeat": return try x().repeat(p["repeats"] as? [Int] ?? [])
        case "index_pairs": return try x().index([.tensor(x("i")), .tensor(x("j"))])
        case "index_rows_cols": return try x().index([.tensor(x("i").unsqueeze(1)), .tensor(x("j"))])
        case "index_split":
            return try x().index([.tensor(x("i")), .slice(start: nil, end: nil, step: nil), .tensor(x("j"))])
        case "dot": return try Tensor.dot(x("a"), x("b"))
        case "mv": return try Tensor.mv(x("a"), x("b"))
        case "mm": return try Tensor.mm(x("a"), x("b"))
        case "bmm": return try Tensor.bmm(x("a"), x("b"))
        case "outer": return try Tensor.outer(x("a"), x("b"))
        case "matmul": return try Tensor.matmul(x("a"), x("b"))
        case "split": return try x().split(size: p["size"] as? Int ?? 1, dim: dim ?? 0)[1]
        case "chunk": return try x().chunk(p["chunks"] as? Int ?? 1, dim: dim ?? 0)[1]
        case "sum": return try x().sum(dim: dim)
        case "max": return try x().max()
        case "rsub": return try Tensor.sub(Tensor.wrappedNumber(1, dtype: .int64), x())
        default: throw Bad(description: "unknown op \(op)")
        }
    }

    func testOpsMatchPyTorch() throws {
        let root = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture)) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertGreaterThan(cases.count, 50)
        for c in cases {
            let name = c["name"] as? String ?? "?", op = c["op"] as? String ?? "?"
            let raw = c["inputs"] as? [String: Any] ?? [:]
            var inputs: [String: Tensor] = [:]
            for (k, v) in raw { inputs[k] = try Self.tensor(v, requiresGrad: true) }
            let out = try run(op, c["params"] as? [String: Any] ?? [:], inputs)
            let expected = try Self.tensor(c["output"])
            XCTAssertEqual(out.dtype, expected.dtype, "\(name): dtype")
            assertClose(out, expected, "\(name): output")
            if let fnName = c["grad_fn"] as? String {
                XCTAssertEqual(out.gradFn?.name, fnName, "\(name): grad_fn")
            }
            guard let up = c["upstream"], let grads = c["grads"] as? [String: Any] else { continue }
            try out.backward(try Self.tensor(up))
            for (k, g) in grads.sorted(by: { $0.key < $1.key }) {
                let want = try Self.tensor(g)
                let got = inputs[k]?.grad ?? Tensor.zerosLike(want)
                assertClose(got, want, "\(name): grad \(k)")
            }
        }
    }
}
