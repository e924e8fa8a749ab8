import GradBench
import GradEngine
// Tests of Module, the layers, their PyTorch initialisation, printing and state dicts.
import XCTest

final class NNModuleTests: XCTestCase {
    func testSeedNetDescriptionIsPyTorchsRepr() throws {
        let net = try SeedNet()
        XCTAssertEqual(
            net.description,
            """
            Net(
              (conv1): Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1))
              (conv2): Conv2d(10, 20, kernel_size=(5, 5), stride=(1, 1))
              (fc1): Linear(in_features=320, out_features=50, bias=True)
              (fc2): Linear(in_features=50, out_features=10, bias=True)
            )
            """)
    }

    func testNestedSequentialDescription() throws {
        let seq = Sequential([
            try Conv2d(1, 4, kernelSize: 3, padding: 1, bias: false), ReLU(), try MaxPool2d(2),
            Flatten(), try Linear(4 * 14 * 14, 10), try Dropout(p: 0.25), Softmax(dim: 1),
            Sequential([Sigmoid(), Tanh(), try AvgPool2d(2, stride: 1)]),
        ])
        XCTAssertEqual(
            seq.description,
            """
            Sequential(
              (0): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
              (1): ReLU()
              (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
              (3): Flatten(start_dim=1, end_dim=-1)
              (4): Linear(in_features=784, out_features=10, bias=True)
              (5): Dropout(p=0.25, inplace=False)
              (6): Softmax(dim=1)
              (7): Sequential(
                (0): Sigmoid()
                (1): Tanh()
                (2): AvgPool2d(kernel_size=2, stride=1, padding=0)
              )
            )
            """)
        XCTAssertEqual(seq.namedParameters().map { $0.0 }, ["0.weight", "4.weight", "4.bias"])
    }

    func testNamedParametersInPyTorchOrder() throws {
        let net = try SeedNet()
        let names = net.namedParameters().map { $0.0 }
        XCTAssertEqual(
            names,
            [
                "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias",
            ])
        XCTAssertEqual(
            net.namedParameters().map { $0.1.shape },
            [[10, 1, 5, 5], [10], [20, 10, 5, 5], [20], [50, 320], [50], [10, 50], [10]])
        XCTAssertEqual(net.parameterCount, 21_840)
        XCTAssertTrue(net.parameters().allSatisfy { $0.requiresGrad })
        XCTAssertEqual(net.namedModules().map { $0.0 }, ["", "conv1", "conv2", "fc1", "fc2"])
        XCTAssertEqual(net.fc1.weight.label, "fc1.weight")
    }

    func testInitialisationBoundsArePyTorchs() throws {
        // kaiming_uniform(a=√5): bound = √3·√(2/(1+5))/√fan_in = 1/√fan_in; bias bound 1/√fan_in.
        XCTAssertEqual(Init.kaimingUniformBound(fanIn: 25), 0.2, accuracy: 1e-7)
        XCTAssertEqual(Init.kaimingUniformBound(fanIn: 320), Float(1 / 320.0.squareRoot()), accuracy: 1e-7)
        XCTAssertEqual(Init.biasBound(fanIn: 250), Float(1 / 250.0.squareRoot()), accuracy: 1e-7)
        RNG.manualSeed(3)
        let net = try SeedNet()
        let cases: [(Tensor, Double)] = [
            (net.conv1.weight, 25), (net.conv1.bias!, 25), (net.conv2.weight, 250),
            (net.conv2.bias!, 250), (net.fc1.weight, 320), (net.fc2.weight, 50),
        ]
        for (t, fanIn) in cases {
            let bound = Float(1 / fanIn.squareRoot())
            XCTAssertTrue(t.data.allSatisfy { abs($0) <= bound }, "values exceed ±\(bound)")
        }
        // fc1.weight has 16,000 draws: they fill the interval (max near the bound, variance bound²/3).
        let w = net.fc1.weight.data
        let bound = Float(1 / 320.0.squareRoot())
        XCTAssertGreaterThan(w.max()!, 0.99 * bound)
        XCTAssertLessThan(w.min()!, -0.99 * bound)
        let variance = w.reduce(0.0) { $0 + Double($1 * $1) } / Double(w.count)
        XCTAssertEqual(variance, Double(bound * bound) / 3, accuracy: 0.05 * Double(bound * bound) / 3)
        // Same seed, same numbers.
        RNG.manualSeed(3)
        let again = try SeedNet()
        XCTAssertEqual(again.fc1.weight.data, net.fc1.weight.data)
    }

    func testTrainEvalAndZeroGrad() throws {
        let seq = Sequential([try Linear(3, 2), Sequential([try Dropout()])])
        XCTAssertTrue(seq.namedModules().allSatisfy { $0.1.training })
        seq.eval()
        XCTAssertTrue(seq.namedModules().allSatisfy { !$0.1.training })
        seq.train()
        XCTAssertTrue(seq.namedModules().allSatisfy { $0.1.training })
        let x = try Tensor(shape: [4, 3], data: (0..<12).map { Float($0) / 10 })
        try seq(x).sum().backward()
        XCTAssertNotNil(seq.parameters()[0].grad)
        seq.zeroGrad()
        XCTAssertTrue(seq.parameters().allSatisfy { $0.grad == nil })
    }

    func testDropoutIsIdentityInEval() throws {
        let d = try Dropout(p: 0.5)
        let x = try Tensor.ones([1000])
        d.eval()
        XCTAssertEqual(try d(x).data, x.data)
        d.train()
        let y = try d(x).data
        XCTAssertTrue(y.allSatisfy { $0 == 0 || $0 == 2 })
        XCTAssertTrue(y.contains(0) && y.contains(2))
    }

    func testLinearComputesXWtPlusB() throws {
        let lin = try Linear(2, 1)
        lin.weight.data = [2, -1]
        lin.bias!.data = [0.5]
        let y = try lin(try Tensor(shape: [2, 2], data: [1, 2, 3, 4]))
        XCTAssertEqual(y.shape, [2, 1])
        XCTAssertEqual(y.data, [0.5, 2.5])
    }

    func testUserSubclassOverridesForwardAndName() throws {
        final class Tiny: Module, @unchecked Sendable {
            let fc = try! Linear(2, 2)
            override init() {
                super.init()
                registerModule("fc", fc)
            }
            override var typeName: String { "Tiny" }
            override func forward(_ x: Tensor) throws -> Tensor { Functional.relu(try fc(x)) }
        }
        let t = Tiny()
        XCTAssertEqual(t.description, "Tiny(\n  (fc): Linear(in_features=2, out_features=2, bias=True)\n)")
        XCTAssertEqual(try t(try Tensor.zeros([3, 2])).shape, [3, 2])
        // The base class's forward throws a message naming the class.
        XCTAssertThrowsError(try Module()(try Tensor.zeros([1]))) { e in
            XCTAssertTrue("\(e)".contains("forward"), "\(e)")
        }
    }

    func testLoadStateDictIsAllOrNothing() throws {
        RNG.manualSeed(1)
        let a = try SeedNet()
        let b = try SeedNet()
        let before = b.parameters().map(\.data)
        var dict = Dictionary(uniqueKeysWithValues: a.stateDict().map { ($0.0, $0.1.copy()) })
        // Wrong shape for fc2.weight and a missing conv1.bias: nothing may change.
        dict["fc2.weight"] = try Tensor.zeros([5, 50])
        dict["conv1.bias"] = nil
        dict["extra.weight"] = try Tensor.zeros([1])
        XCTAssertThrowsError(try b.loadStateDict(dict)) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("fc2.weight") && m.contains("[5, 50]") && m.contains("[10, 50]"), m)
            XCTAssertTrue(m.contains("Missing key(s)") && m.contains("conv1.bias"), m)
            XCTAssertTrue(m.contains("Unexpected key(s)") && m.contains("extra.weight"), m)
        }
        XCTAssertEqual(b.parameters().map(\.data), before)
        // A correct dict loads every tensor.
        try b.loadStateDict(Dictionary(uniqueKeysWithValues: a.stateDict().map { ($0.0, $0.1) }))
        XCTAssertEqual(b.parameters().map(\.data), a.parameters().map(\.data))
    }

    func testBadLayerArgumentsThrow() {
        XCTAssertThrowsError(try Conv2d(1, 10, kernelSize: 0))
        XCTAssertThrowsError(try Conv2d(0, 10, kernelSize: 3))
        XCTAssertThrowsError(try Linear(-1, 2))
        XCTAssertThrowsError(try Dropout(p: 1.5))
        XCTAssertThrowsError(try MaxPool2d(0))
        XCTAssertThrowsError(try Linear(310_010_000, 50)) { e in XCTAssertTrue("\(e)".contains("too large"), "\(e)") }
        XCTAssertThrowsError(try Conv2d(1 << 20, 1 << 20, kernelSize: 1 << 20))
        XCTAssertThrowsError(try SeedNet()(try Tensor.zeros([2, 3, 28, 28]))) { e in
            XCTAssertTrue("\(e)".contains("conv2d"), "\(e)")
        }
    }
}
