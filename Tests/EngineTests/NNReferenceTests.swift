// NNReferenceTests: the nn/optim engine parts against PyTorch's own outputs, recorded in
// Tests/Fixtures/nn-torch.json by scripts/record-nn-reference.py (torch 2.15): optimizers' update
// rules over three steps, learning-rate schedules, the extra losses (values and gradients),
// adaptive average pooling, batch norm (training, running statistics, eval), nn.init's gains and
// fans, and container reprs. Tolerances: float32 (1e-5 + 1e-4·|x|) unless stated.

import Foundation
import GradEngine
import XCTest

final class NNReferenceTests: XCTestCase {
    nonisolated(unsafe) static let fixture: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/nn-torch.json")
        guard let d = try? Data(contentsOf: url), let j = try? JSONSerialization.jsonObject(with: d) as? [String: Any]
        else { return [:] }
        return j
    }()

    func section(_ k: String) throws -> [String: Any] {
        try XCTUnwrap(
            Self.fixture[k] as? [String: Any], "fixture section \(k) missing (run scripts/record-nn-reference.py)")
    }
    func floats(_ v: Any?) -> [Float] { (v as? [Any] ?? []).map { Float(($0 as? NSNumber)?.doubleValue ?? .nan) } }
    func doubles(_ v: Any?) -> [Double] { (v as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
    func ints(_ v: Any?) -> [Int] { (v as? [Any] ?? []).map { ($0 as? NSNumber)?.intValue ?? -1 } }
    func tensor(_ v: Any?, _ shape: [Int]) throws -> Tensor { try Tensor(shape: shape, data: floats(v)) }

    func testOptimizersMatchPyTorchOverThreeSteps() throws {
        let cases = try section("optimizers")
        func make(_ name: String, _ ps: [Tensor]) throws -> Optimizer {
            let g: [(params: [Tensor], options: [String: OptionValue])] = [(ps, [:])]
            switch name {
            case "sgd_momentum_nesterov_wd":
                return try SGD(
                    groups: g,
                    options: [
                        "lr": .float(0.1), "momentum": .float(0.9), "nesterov": .bool(true),
                        "weight_decay": .float(0.01),
                    ])
            case "sgd_dampening":
                return try SGD(
                    groups: g, options: ["lr": .float(0.05), "momentum": .float(0.5), "dampening": .float(0.3)])
            case "adam_wd": return try Adam(groups: g, options: ["lr": .float(0.01), "weight_decay": .float(0.1)])
            case "adamw": return try AdamW(groups: g, options: ["lr": .float(0.01)])
            case "rmsprop": return try RMSprop(groups: g, options: ["lr": .float(0.01)])
            case "rmsprop_centered_momentum_wd":
                return try RMSprop(
                    groups: g,
                    options: [
                        "lr": .float(0.01), "momentum": .float(0.9), "centered": .bool(true),
                        "weight_decay": .float(0.05),
                    ])
            case "adagrad_lr_decay_wd":
                return try Adagrad(
                    groups: g,
                    options: [
                        "lr": .float(0.1), "lr_decay": .float(0.01), "weight_decay": .float(0.02),
                        "initial_accumulator_value": .float(0.1),
                    ])
            case "adadelta": return try Adadelta(groups: g)
            case "adadelta_lr_wd":
                return try Adadelta(
                    groups: g, options: ["lr": .float(0.5), "rho": .float(0.8), "weight_decay": .float(0.1)])
            default: throw XCTSkip("unknown optimizer case \(name)")
            }
        }
        XCTAssertEqual(cases.count, 9)
        for (name, any) in cases.sorted(by: { $0.key < $1.key }) {
            let c = try XCTUnwrap(any as? [String: Any])
            let initial = try XCTUnwrap(c["init"] as? [Any])
            let p0 = try tensor(initial[0], [2, 3]), p1 = try tensor(initial[1], [2])
            let opt = try make(name, [p0, p1])
            let grads = try XCTUnwrap(c["grads"] as? [[Any]]), after = try XCTUnwrap(c["after"] as? [[Any]])
            for s in 0..<grads.count {
                p0.grad = try tensor(grads[s][0], [2, 3])
                p1.grad = try tensor(grads[s][1], [2])
                try opt.step()
                assertClose(p0, try tensor(after[s][0], [2, 3]), "\(name) step \(s + 1) p0")
                assertClose(p1, try tensor(after[s][1], [2]), "\(name) step \(s + 1) p1")
            }
            XCTAssertEqual(opt.description, c["repr"] as? String, name)
        }
    }

    func testSchedulersMatchPyTorch() throws {
        let cases = try section("schedulers")
        let metrics = doubles(Self.fixture["plateau_metrics"])
        for (name, any) in cases.sorted(by: { $0.key < $1.key }) {
            let c = try XCTUnwrap(any as? [String: Any])
            let p = try Tensor(shape: [1], data: [0], requiresGrad: true)
            let opt = try SGD([p], lr: 0.1)
            var lrs = [opt.groups[0].number("lr")]
            var plateau: ReduceLROnPlateau?
            var sched: LRScheduler?
            switch name {
            case "step": sched = try StepLR(opt, stepSize: 3, gamma: 0.5)
            case "multistep": sched = MultiStepLR(opt, milestones: [2, 5, 5, 9], gamma: 0.1)
            case "exponential": sched = ExponentialLR(opt, gamma: 0.9)
            case "cosine": sched = try CosineAnnealingLR(opt, tMax: 5, etaMin: 0.001)
            case "plateau": plateau = try ReduceLROnPlateau(opt, factor: 0.5, patience: 2, cooldown: 1)
            default: XCTFail("unknown scheduler case \(name)")
            }
            for i in 0..<12 {
                if let plateau { plateau.step(metrics[i]) } else { sched?.step() }
                lrs.append(opt.groups[0].number("lr"))
            }
            let expected = doubles(c["lrs"])
            XCTAssertEqual(lrs.count, expected.count, name)
            for (a, e) in zip(lrs, expected) { XCTAssertEqual(a, e, accuracy: 1e-15 + 1e-12 * abs(e), name) }
            if name != "plateau" {
                XCTAssertEqual(opt.description, c["repr"] as? String, "\(name): initial_lr joins the group")
            }
        }
    }

    func testLossesMatchPyTorch() throws {
        let s = try section("losses")
        let cases = try XCTUnwrap(s["cases"] as? [String: Any])
        XCTAssertEqual(cases.count, 12)
        for (key, any) in cases.sorted(by: { $0.key < $1.key }) {
            let c = try XCTUnwrap(any as? [String: Any])
            let parts = key.split(separator: "/").map(String.init)
            let red = try XCTUnwrap(Reduction(rawValue: parts[1]))
            let x = try tensor(s["input"], [8]).requiresGrad(true)
            let t = try tensor(parts[0] == "bce_with_logits" ? s["target_binary"] : s["target"], [8]).requiresGrad(true)
            let y: Tensor
            switch parts[0] {
            case "l1": y = try Functional.l1Loss(x, t, reduction: red)
            case "smooth_l1": y = try Functional.smoothL1Loss(x, t, reduction: red)
            case "smooth_l1_beta0.5": y = try Functional.smoothL1Loss(x, t, reduction: red, beta: 0.5)
            default: y = try Functional.binaryCrossEntropyWithLogits(x, t, reduction: red)
            }
            assertClose(y, try tensor(c["value"], ints(c["shape"])), key)
            try y.backward(red == .none ? try Tensor(shape: [8], data: (1...8).map { Float($0) / 4 }) : nil)
            assertClose(try XCTUnwrap(x.grad), try tensor(c["grad_input"], [8]), "\(key) d/dinput")
            assertClose(try XCTUnwrap(t.grad), try tensor(c["grad_target"], [8]), "\(key) d/dtarget")
        }
    }

    func testAdaptiveAvgPoolMatchesPyTorch() throws {
        let s = try section("adaptive_avg_pool2d")
        let cases = try XCTUnwrap(s["cases"] as? [String: Any])
        let sizes: [String: (Int?, Int?)] = [
            "3x4": (3, 4), "Nonex2": (nil, 2), "1": (1, 1), "5x7": (5, 7), "7x9": (7, 9),
        ]
        for (key, any) in cases.sorted(by: { $0.key < $1.key }) {
            let c = try XCTUnwrap(any as? [String: Any])
            let x = try tensor(s["input"], ints(s["shape"])).requiresGrad(true)
            let y = try Functional.adaptiveAvgPool2d(x, outputSize: try XCTUnwrap(sizes[key]))
            let shape = ints(c["shape"])
            assertClose(y, try tensor(c["value"], shape), "adaptive_avg_pool2d \(key)")
            try y.backward(try Tensor(shape: shape, data: (0..<y.count).map { Float($0 + 1) / 10 }))
            assertClose(
                try XCTUnwrap(x.grad), try tensor(c["grad"], ints(s["shape"])), "adaptive_avg_pool2d \(key) grad")
        }
    }

    func testBatchNormMatchesPyTorch() throws {
        let s = try section("batchnorm")
        for (key, any) in s.sorted(by: { $0.key < $1.key }) {
            let c = try XCTUnwrap(any as? [String: Any])
            let shape = ints(c["shape"])
            let features = shape[1]
            let bn =
                key == "2d"
                ? try BatchNorm(features, spatialDims: 2)
                : key == "1d"
                    ? try BatchNorm(features, spatialDims: 1)
                    : try BatchNorm(features, spatialDims: 1, eps: 1e-3, momentum: 0.3)
            let w = try XCTUnwrap(bn.parameter("weight")), b = try XCTUnwrap(bn.parameter("bias"))
            w.data = floats(c["weight"])
            b.data = floats(c["bias"])
            let x = try tensor(c["input"], shape).requiresGrad(true)
            let y = try bn(x)
            assertClose(y, try tensor(c["train_out"], shape), "\(key) train output")
            try y.backward(try tensor(c["upstream"], shape))
            assertClose(try XCTUnwrap(x.grad), try tensor(c["grad_input"], shape), atol: 1e-4, "\(key) d/dx")
            assertClose(try XCTUnwrap(w.grad), try tensor(c["grad_weight"], [features]), atol: 1e-4, "\(key) d/dweight")
            assertClose(try XCTUnwrap(b.grad), try tensor(c["grad_bias"], [features]), atol: 1e-4, "\(key) d/dbias")
            _ = try bn(x.detach())
            assertClose(
                try XCTUnwrap(bn.buffer("running_mean")), try tensor(c["running_mean"], [features]),
                "\(key) running_mean")
            assertClose(
                try XCTUnwrap(bn.buffer("running_var")), try tensor(c["running_var"], [features]), "\(key) running_var")
            XCTAssertEqual(bn.buffer("num_batches_tracked")?.data, [Float(c["num_batches_tracked"] as? Int ?? -1)])
            bn.eval()
            let xe = x.detach()
            try xe.requiresGrad(true)
            let ye = try bn(xe)
            assertClose(ye, try tensor(c["eval_out"], shape), "\(key) eval output")
            try ye.backward(try tensor(c["upstream"], shape))
            assertClose(try XCTUnwrap(xe.grad), try tensor(c["eval_grad_input"], shape), "\(key) eval d/dx")
            XCTAssertEqual(bn.stateDict().map(\.0), (c["state_dict_keys"] as? [String]) ?? [], key)
            XCTAssertEqual(bn.description, c["repr"] as? String, key)
        }
    }

    func testInitGainsAndFansMatchPyTorch() throws {
        let s = try section("init")
        let gains = try XCTUnwrap(s["gains"] as? [String: Double])
        for (k, e) in gains {
            let parts = k.split(separator: ":").map(String.init)
            XCTAssertEqual(try NNInit.gain(parts[0], parts.count > 1 ? Double(parts[1]) : nil), e, accuracy: 1e-15, k)
        }
        let fans = try XCTUnwrap(s["fans"] as? [String: [Int]])
        for (k, e) in fans {
            let f = try NNInit.fans(k.split(separator: "x").compactMap { Int($0) }, "test")
            XCTAssertEqual([f.fanIn, f.fanOut], e, k)
        }
        XCTAssertThrowsError(try NNInit.fans([3], "nn.init.xavier_uniform_"))
        XCTAssertThrowsError(try NNInit.gain("softplus"))
        // The draws are ours (different generator), the bound is PyTorch's: all within ±b, spread near it.
        let w = try Tensor(shape: [200, 100], data: [Float](repeating: 0, count: 20_000))
        try NNInit.xavierUniform(w, gain: 2)
        let b = Float(2 * (6.0 / 300).squareRoot())
        XCTAssertLessThanOrEqual(w.data.map(abs).max() ?? 0, b)
        XCTAssertGreaterThan(w.data.map(abs).max() ?? 0, 0.99 * b)
        try NNInit.kaimingNormal(w, mode: "fan_out", nonlinearity: "relu")
        let std = (w.data.map { Double($0) * Double($0) }.reduce(0, +) / 20_000).squareRoot()
        XCTAssertEqual(std, (2.0 / 200).squareRoot(), accuracy: 0.03 * (2.0 / 200).squareRoot())
    }

    func testContainerReprsMatchPyTorch() throws {
        let s = try section("reprs")
        let list = ModuleList(try (0..<3).map { _ in try Linear(2, 2) } + [ReLU(), try Linear(2, 3)])
        XCTAssertEqual(list.description, s["modulelist"] as? String)
        let named = try Sequential(named: [("fc", try Linear(2, 2)), ("act", ReLU()), ("drop", try Dropout2d(p: 0.25))])
        XCTAssertEqual(named.description, s["sequential_named"] as? String)
        let pools = Sequential([
            try AdaptiveAvgPool2d((nil, 7)), try AdaptiveAvgPool2d((1, 1), single: true), try AdaptiveAvgPool2d((2, 3)),
            Identity(), LogSoftmax(dim: 1),
        ])
        XCTAssertEqual(pools.description, s["pools"] as? String)
    }

    func testReassignedParameterIsUsedByForward() throws {
        let l = try Linear(2, 1)
        let w = try Tensor(shape: [1, 2], data: [3, 4])
        l.registerParameter("weight", w)
        l.registerParameter("bias", nil)
        let y = try l(try Tensor(shape: [1, 2], data: [1, 1]))
        XCTAssertEqual(y.data, [7])
        XCTAssertTrue(l.parameters().count == 1 && l.parameters()[0] === w)
        XCTAssertEqual(l.extraRepr(), "in_features=2, out_features=1, bias=False")
    }
}
