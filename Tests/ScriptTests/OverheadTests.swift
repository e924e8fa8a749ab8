import GradEngine
import GradScript
// Measurement (not a timed assertion): the slides' training loop interpreted vs the same loop driven
// from Swift, on the same batches. Prints the ratio; run in release for meaningful numbers:
//   swift test -c release --filter OverheadTests
import XCTest

/// The slides' Net written in Swift against the engine.
final class SwiftNet: Module, @unchecked Sendable {
    let conv1: Conv2d, conv2: Conv2d, fc1: Linear, fc2: Linear
    override init() {
        conv1 = try! Conv2d(1, 10, kernelSize: 5)
        conv2 = try! Conv2d(10, 20, kernelSize: 5)
        fc1 = try! Linear(320, 50)
        fc2 = try! Linear(50, 10)
        super.init()
        registerModule("conv1", conv1)
        registerModule("conv2", conv2)
        registerModule("fc1", fc1)
        registerModule("fc2", fc2)
    }
    override func forward(_ x: Tensor) throws -> Tensor {
        var x = Functional.relu(try Functional.maxPool2d(try conv1(x), kernel: 2))
        x = Functional.relu(try Functional.maxPool2d(try conv2(x), kernel: 2))
        x = try x.view([-1, 320])
        x = Functional.relu(try fc1(x))
        x = try Functional.dropout(x, training: training)
        return try fc2(x)
    }
}

final class OverheadTests: XCTestCase {
    func testInterpretedLoopOverhead() throws {
        let steps = 40
        let interp = Interpreter()
        try interp.execute(slidesCode.components(separatedBy: "learning_rate = 0.01")[0], file: "slides.py")
        try interp.execute(
            """
            torch.manual_seed(0)
            batches = [(torch.randn(100, 1, 28, 28), torch.randint(0, 10, (100,))) for i in range(\(steps))]
            network = Net()
            optimizer = optim.SGD(network.parameters(), lr=0.01)
            """, file: "setup")
        let loop = """
            for step, (data, target) in enumerate(batches):
                output = network(data)
                loss = F.cross_entropy(output, target)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            """
        let batches: [(Tensor, Tensor)] = try XCTUnwrap(interp.global("batches")?.asArray).map {
            let p = $0.asArray ?? []
            return (p[0].asTensor!, p[1].asTensor!)
        }
        let net = SwiftNet()
        let opt = try SGD(net.parameters(), lr: 0.01)
        func swiftLoop() throws {
            for (data, target) in batches {
                let output = try net(data)
                let loss = try Functional.crossEntropy(output, target)
                opt.zeroGrad()
                try loss.backward()
                try opt.step()
            }
        }
        func time(_ f: () throws -> Void) rethrows -> Double {
            let t0 = Date()
            try f()
            return Date().timeIntervalSince(t0)
        }
        // Warm up both, then alternate and keep the best of three for each.
        try swiftLoop()
        try interp.execute(loop)
        var tScript = Double.infinity, tSwift = Double.infinity
        for _ in 0..<3 {
            tSwift = min(tSwift, try time(swiftLoop))
            tScript = min(tScript, try time { try interp.execute(loop, file: "loop") })
        }
        let ratio = tScript / tSwift
        print(
            String(
                format: "overhead: %d steps, interpreted %.3f s, Swift %.3f s, ratio %.3f (%.1f%% overhead)",
                steps, tScript, tSwift, ratio, (ratio - 1) * 100))
        XCTAssertGreaterThan(tScript, 0)
    }
}
