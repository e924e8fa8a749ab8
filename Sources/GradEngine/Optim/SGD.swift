// SGD: stochastic gradient descent with momentum, dampening, weight decay and Nesterov momentum,
// following torch.optim.SGD's update rule exactly (same order of operations, float32 arithmetic).
//
// Non-goals: `maximize`, foreach/fused variants (same results, different speed in PyTorch).

/// PyTorch's SGD. For each parameter p with gradient g, at step t:
///
///     g ← g + weight_decay · p                          (if weight_decay ≠ 0)
///     b ← g                                  at t = 1   (if momentum ≠ 0)
///     b ← momentum · b + (1 − dampening) · g at t > 1
///     g ← g + momentum · b  (nesterov)   or   g ← b
///     p ← p − lr · g
///
/// The buffer `b` is the state's `"momentum_buffer"`.
public final class SGD: Optimizer, @unchecked Sendable {
    public var momentum: Float
    public var dampening: Float
    public var weightDecay: Float
    public var nesterov: Bool

    public init(_ params: [Tensor], lr: Float, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false) throws {
        guard momentum >= 0 else { throw EngineError("SGD", "Invalid momentum value: \(momentum)") }
        guard weightDecay >= 0 else { throw EngineError("SGD", "Invalid weight_decay value: \(weightDecay)") }
        guard !nesterov || (momentum > 0 && dampening == 0) else {
            throw EngineError("SGD", "Nesterov momentum requires a momentum and zero dampening")
        }
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        try super.init(params, lr: lr)
    }

    public override var typeName: String { "SGD" }

    public override var hyperParameters: [(String, String)] {
        [("dampening", Optimizer.num(dampening)), ("lr", Optimizer.num(lr)),
         ("momentum", Optimizer.num(momentum)), ("nesterov", nesterov ? "True" : "False"),
         ("weight_decay", Optimizer.num(weightDecay))]
    }

    public override func update(_ i: Int, _ p: inout [Float], _ grad: [Float]) {
        let n = p.count
        let lr = self.lr, wd = weightDecay, mom = momentum, damp = 1 - dampening
        var g = grad
        if wd != 0 {
            for j in 0..<n { g[j] = g[j] + wd * p[j] }          // d_p = d_p.add(p, alpha=wd)
        }
        if mom != 0 {
            if var b = state[i].buffers.removeValue(forKey: "momentum_buffer") {
                for j in 0..<n { b[j] = b[j] * mom + damp * g[j] }   // buf.mul_(momentum).add_(d_p, alpha=1-dampening)
                if nesterov {
                    for j in 0..<n { g[j] = g[j] + mom * b[j] }
                } else {
                    g = b
                }
                state[i].buffers["momentum_buffer"] = b
            } else {
                state[i].buffers["momentum_buffer"] = g            // buf = clone(d_p)
                if nesterov {
                    let b = g
                    for j in 0..<n { g[j] = g[j] + mom * b[j] }
                }
            }
        }
        let a = -lr
        p.withUnsafeMutableBufferPointer { pp in
            g.withUnsafeBufferPointer { gg in
                for j in 0..<n { pp[j] = pp[j] + a * gg[j] }        // p.add_(d_p, alpha=-lr)
            }
        }
    }
}
