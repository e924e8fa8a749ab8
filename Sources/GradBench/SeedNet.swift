// SeedNet: the slides' network written in Swift, for the benchmarks (`gradstep bench`) and the
// engine's tests. It is not bound in the language: lessons define `class Net(nn.Module)` themselves.
//
//   conv1 1→10 k5 → max-pool 2 → relu → conv2 10→20 k5 → max-pool 2 → relu → view [N, 320]
//   → fc1 320→50 → relu → dropout 0.5 (training only) → fc2 50→10 (logits)
//   [N, 1, 28, 28] → [N, 10, 24, 24] → [N, 10, 12, 12] → [N, 20, 8, 8] → [N, 20, 4, 4] → [N, 320] → [N, 50] → [N, 10]
// Parameter names are PyTorch's for the slides' `class Net(nn.Module)`, so checkpoints load there.
// Each convolution, the max pooling and the ReLU after it run as one op (`Functional.conv2dMaxPool2d`
// with `relu: true`, the same bits as the three ops; `fusedConvPool: false` runs them apart, for
// comparison).
// Non-goals: other architectures.

import GradEngine

/// The slides' `Net` (prints as `Net(...)`, 21,840 parameters).
public final class SeedNet: Module, @unchecked Sendable {
    public let conv1: Conv2d
    public let conv2: Conv2d
    public let fc1: Linear
    public let fc2: Linear

    /// Dropout probability before fc2 (the slides use F.dropout's default, 0.5).
    public let dropoutP: Float
    /// Whether conv + max pooling + ReLU run as one op (default) or as three.
    public let fusedConvPool: Bool

    /// Creates the layers in PyTorch's order (conv1, conv2, fc1, fc2), initialised from `RNG.global`.
    public init(dropoutP: Float = 0.5, fusedConvPool: Bool = true) throws {
        conv1 = try Conv2d(1, 10, kernelSize: 5)
        conv2 = try Conv2d(10, 20, kernelSize: 5)
        fc1 = try Linear(320, 50)
        fc2 = try Linear(50, 10)
        guard dropoutP >= 0, dropoutP <= 1 else {
            throw EngineError("Net", "dropout probability has to be between 0 and 1, but got \(dropoutP)")
        }
        self.dropoutP = dropoutP
        self.fusedConvPool = fusedConvPool
        super.init()
        registerModule("conv1", conv1)
        registerModule("conv2", conv2)
        registerModule("fc1", fc1)
        registerModule("fc2", fc2)
    }

    public override var typeName: String { "Net" }

    /// x [N, 1, 28, 28] → logits [N, 10].
    public override func forward(_ x: Tensor) throws -> Tensor {
        var h = try convPoolReLU(conv1, x)
        h = try convPoolReLU(conv2, h)
        h = try h.view([-1, 320])
        h = Functional.relu(try fc1(h))
        h = try Functional.dropout(h, p: dropoutP, training: training)
        return try fc2(h)
    }

    /// relu(max_pool2d(conv(x), 2)), fused or not.
    private func convPoolReLU(_ conv: Conv2d, _ x: Tensor) throws -> Tensor {
        guard fusedConvPool else { return Functional.relu(try Functional.maxPool2d(try conv(x), kernel: 2)) }
        return try Functional.conv2dMaxPool2d(
            x, weight: conv.weight, bias: conv.bias, stride: conv.stride, padding: conv.padding, pool: 2, relu: true)
    }
}
