// Tests of SGD and Adam against PyTorch's update rules (hand-computed in double) and the
// `sgd_step` PyTorch fixture.
import Foundation
import GradEngine
import XCTest

final class OptimTests: XCTestCase {
    /// Fixture folder: $GRADSTEP_FIXTURES, else ../shared/fixtures next to the repo.
    static var fixtures: String {
        if let v = ProcessInfo.processInfo.environment["GRADSTEP_FIXTURES"], !v.isEmpty { return v }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/fixtures").path
    }

    static func tensor(_ any: Any?) throws -> Tensor {
        let d = try XCTUnwrap(any as? [String: Any])
        let shape = try XCTUnwrap(d["shape"] as? [Int])
        let data = try XCTUnwrap(d["data"] as? [Double]).map { Float($0) }
        return try Tensor(shape: shape, data: data)
    }

    /// Every `sgd_step` case: p_after = p − lr·grad by torch.optim.SGD. float64 cases are computed in
    /// float32 here (the engine has no float64) and compared at float32 tolerance.
    func testSGDMatchesPyTorchFixture() throws {
        let path = Self.fixtures + "/sgd_step.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XCTSkip("fixture \(path) not found")
        }
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertFalse(cases.isEmpty)
        for c in cases {
            let name = c["name"] as? String ?? "?"
            let params = try XCTUnwrap(c["params"] as? [String: Any])
            let inputs = try XCTUnwrap(c["inputs"] as? [String: Any])
            let outputs = try XCTUnwrap(c["outputs"] as? [String: Any])
            let keys = inputs.keys.filter { $0.hasPrefix("param.") }.sorted()
            var ps: [Tensor] = []
            for k in keys {
                let p = try Self.tensor(inputs[k])
                try p.requiresGrad(true)
                p.grad = try Self.tensor(inputs["grad." + k.dropFirst("param.".count)])
                ps.append(p)
            }
            let opt = try SGD(
                ps, lr: Float(params["lr"] as? Double ?? 0.01),
                momentum: Float(params["momentum"] as? Double ?? 0),
                weightDecay: Float(params["weight_decay"] as? Double ?? 0))
            try opt.step()
            for (k, p) in zip(keys, ps) {
                let want = try Self.tensor(outputs[k])
                XCTAssertEqual(p.shape, want.shape)
                var worst: Float = 0
                for (a, b) in zip(p.data, want.data) {
                    // PyTorch may differ from a non-fused evaluation by 1 ulp.
                    XCTAssertLessThanOrEqual(abs(a - b), 1e-7 + 2 * b.ulp, "\(name) \(k): \(a) vs \(b)")
                    worst = max(worst, abs(a - b))
                }
                XCTAssertLessThan(worst, 1e-5, "\(name) \(k)")
            }
        }
    }

    /// PyTorch's SGD rule in double, for `steps` steps with the given gradients.
    func referenceSGD(
        _ p0: [Double], grads: [[Double]], lr: Double, momentum: Double, dampening: Double,
        wd: Double, nesterov: Bool
    ) -> [Double] {
        var p = p0
        var buf: [Double]? = nil
        for g0 in grads {
            var g = zip(g0, p).map { $0 + wd * $1 }
            if momentum != 0 {
                if let b = buf {
                    buf = zip(b, g).map { momentum * $0 + (1 - dampening) * $1 }
                } else {
                    buf = g
                }
                g = nesterov ? zip(g, buf!).map { $0 + momentum * $1 } : buf!
            }
            p = zip(p, g).map { $0 - lr * $1 }
        }
        return p
    }

    func testSGDMomentumDampeningWeightDecayNesterov() throws {
        let p0: [Float] = [0.5, -1.25, 2.0, 0.1]
        let grads: [[Float]] = [
            [0.1, -0.2, 0.3, 0.0], [0.05, 0.4, -0.1, 1.0], [-0.3, 0.2, 0.2, -0.5], [0.0, 0.1, -0.4, 0.2],
        ]
        let configs: [(Float, Float, Float, Bool)] = [
            (0.9, 0.1, 0.01, false), (0.9, 0, 0, true), (0.5, 0, 0.1, true), (0, 0, 0.05, false),
        ]
        for (mom, damp, wd, nest) in configs {
            let p = try Tensor(shape: [4], data: p0, requiresGrad: true)
            let opt = try SGD([p], lr: 0.1, momentum: mom, dampening: damp, weightDecay: wd, nesterov: nest)
            for g in grads {
                p.grad = try Tensor(shape: [4], data: g)
                try opt.step()
            }
            let want = referenceSGD(
                p0.map(Double.init), grads: grads.map { $0.map(Double.init) }, lr: 0.1,
                momentum: Double(mom), dampening: Double(damp), wd: Double(wd), nesterov: nest)
            for (a, b) in zip(p.data, want) {
                XCTAssertEqual(
                    Double(a), b, accuracy: 1e-6, "momentum \(mom) dampening \(damp) wd \(wd) nesterov \(nest)")
            }
            XCTAssertEqual(opt.state[0].step, 4)
            XCTAssertEqual(opt.state[0].buffers["momentum_buffer"] != nil, mom != 0)
        }
    }

    func testAdamMatchesPyTorchRule() throws {
        let p0: [Float] = [0.5, -1.25, 2.0]
        let grads: [[Float]] = [
            [0.1, -0.2, 0.3], [0.05, 0.4, -0.1], [-0.3, 0.2, 0.2], [0.0, 0.1, -0.4], [1.0, -1.0, 0.5],
        ]
        for wd in [Float(0), 0.1] {
            let p = try Tensor(shape: [3], data: p0, requiresGrad: true)
            let opt = try Adam([p], lr: 0.01, betas: (0.9, 0.999), eps: 1e-8, weightDecay: wd)
            var ref = p0.map(Double.init)
            var m = [0.0, 0, 0], v = [0.0, 0, 0]
            for (t, g) in grads.enumerated() {
                p.grad = try Tensor(shape: [3], data: g)
                try opt.step()
                let step = Double(t + 1)
                for j in 0..<3 {
                    let gj = Double(g[j]) + Double(wd) * ref[j]
                    m[j] = 0.9 * m[j] + 0.1 * gj
                    v[j] = 0.999 * v[j] + 0.001 * gj * gj
                    let mhat = m[j] / (1 - pow(0.9, step))
                    let denom = (v[j] / (1 - pow(0.999, step))).squareRoot() + 1e-8
                    ref[j] -= 0.01 * mhat / denom
                }
                for j in 0..<3 {
                    XCTAssertEqual(Double(p.data[j]), ref[j], accuracy: 2e-6, "step \(t + 1) wd \(wd)")
                }
            }
            XCTAssertEqual(opt.state[0].step, 5)
            XCTAssertEqual(Set(opt.state[0].buffers.keys), ["exp_avg", "exp_avg_sq"])
        }
    }

    func testParametersWithoutGradAreSkippedAndZeroGradClears() throws {
        let a = try Tensor(shape: [2], data: [1, 2], requiresGrad: true)
        let b = try Tensor(shape: [2], data: [3, 4], requiresGrad: true)
        a.grad = try Tensor(shape: [2], data: [1, 1])
        let opt = try SGD([a, b], lr: 0.5, momentum: 0.9)
        try opt.step()
        XCTAssertEqual(a.data, [0.5, 1.5])
        XCTAssertEqual(b.data, [3, 4])
        XCTAssertEqual(opt.state[1].step, 0)
        opt.zeroGrad()
        XCTAssertNil(a.grad)
    }

    func testSnapshotRestoreGivesIdenticalContinuation() throws {
        let p = try Tensor(shape: [3], data: [1, 2, 3], requiresGrad: true)
        let opt = try Adam([p], lr: 0.1)
        p.grad = try Tensor(shape: [3], data: [0.3, -0.1, 0.2])
        try opt.step()
        let snap = opt.snapshot()
        let pSaved = p.data
        try opt.step()
        let after1 = p.data
        let state1 = opt.state
        p.data = pSaved
        try opt.restore(snap)
        XCTAssertEqual(opt.state[0].step, 1)
        try opt.step()
        XCTAssertEqual(p.data, after1)
        XCTAssertEqual(opt.state, state1)
    }

    func testDescriptionsAndBadArguments() throws {
        let p = try Tensor(shape: [1], data: [0], requiresGrad: true)
        let sgd = try SGD([p], lr: 0.01, momentum: 0.9)
        XCTAssertEqual(
            sgd.description,
            """
            SGD (
            Parameter Group 0
                dampening: 0
                differentiable: False
                foreach: None
                fused: None
                lr: 0.01
                maximize: False
                momentum: 0.9
                nesterov: False
                weight_decay: 0
            )
            """)  // print(torch.optim.SGD(params, lr=0.01, momentum=0.9)) in torch 2.15
        XCTAssertTrue(sgd.stateDescription.contains("no state yet"))
        XCTAssertThrowsError(try SGD([p], lr: -1))
        XCTAssertThrowsError(try SGD([], lr: 0.1))
        XCTAssertThrowsError(try SGD([p, p], lr: 0.1))
        XCTAssertThrowsError(try SGD([p], lr: 0.1, nesterov: true))
        XCTAssertThrowsError(try Adam([p], betas: (1.0, 0.999)))
        let other = try Tensor(shape: [2], data: [0, 0], requiresGrad: true)
        let snap = try SGD([other, p], lr: 0.1).snapshot()
        XCTAssertThrowsError(try sgd.restore(snap))
    }
}
