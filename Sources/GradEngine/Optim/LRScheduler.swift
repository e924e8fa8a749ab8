// Learning-rate schedulers: StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR and
// ReduceLROnPlateau, following torch.optim.lr_scheduler (PyTorch 2.x, the recursive "chainable"
// form: each step computes the new lr from the group's current lr, in Python doubles).
//
// Making a scheduler records each group's `initial_lr` (PyTorch adds that key to the optimizer's
// param_groups) and takes step 0; `step()` then advances `lastEpoch` and writes every group's lr:
//   StepLR(step_size, γ):        lr ← lr·γ when last_epoch > 0 and last_epoch % step_size == 0
//   MultiStepLR(milestones, γ):  lr ← lr·γ^k when last_epoch is a milestone listed k times
//   ExponentialLR(γ):            lr ← lr·γ for last_epoch > 0
//   CosineAnnealingLR(T, η):     lr ← (1 + cos(π·e/T)) / (1 + cos(π·(e−1)/T)) · (lr − η) + η,
//                                or lr + (base − η)(1 − cos(π/T))/2 when (e − 1 − T) % 2T == 0
//   ReduceLROnPlateau:           lr ← max(lr·factor, min_lr) after more than `patience` epochs
//                                without improvement of the metric (rel/abs threshold), then cooldown
// Non-goals: step(epoch) (deprecated in PyTorch), LambdaLR/OneCycleLR/CyclicLR, chaining schedulers.

import Foundation

/// The base of the epoch-driven schedulers.
open class LRScheduler: @unchecked Sendable {
    public let optimizer: Optimizer
    /// Each group's lr when the scheduler was made (`initial_lr`).
    public private(set) var baseLRs: [Double]
    /// Steps taken; 0 after construction.
    public private(set) var lastEpoch: Int = -1
    /// The lrs written by the last step (PyTorch's `get_last_lr()`).
    public private(set) var lastLRs: [Double] = []

    public init(_ optimizer: Optimizer) {
        self.optimizer = optimizer
        for g in optimizer.groups where g["initial_lr"] == nil { g["initial_lr"] = g["lr"] }
        baseLRs = optimizer.groups.map { $0.number("initial_lr") }
        advance()
    }

    /// PyTorch's class name.
    open var typeName: String { "LRScheduler" }

    /// The new lr of each group at `lastEpoch` from the current ones; the subclass's rule.
    open func nextLRs(_ current: [Double]) -> [Double] { current }

    /// One scheduler step (call after `optimizer.step()`).
    public func step() { advance() }

    private func advance() {
        lastEpoch += 1
        let current = optimizer.groups.map { $0.number("lr") }
        let next = lastEpoch == 0 ? current : nextLRs(current)
        for (g, lr) in zip(optimizer.groups, next) { g["lr"] = .float(lr) }
        lastLRs = optimizer.groups.map { $0.number("lr") }
    }

    /// Puts back the position of a saved scheduler (`load_state_dict`).
    public func restore(lastEpoch e: Int, lastLRs lrs: [Double]) {
        lastEpoch = e
        lastLRs = lrs
    }
}

/// `StepLR(optimizer, step_size, gamma=0.1)`.
public final class StepLR: LRScheduler, @unchecked Sendable {
    public let stepSize: Int
    public let gamma: Double
    public init(_ optimizer: Optimizer, stepSize: Int, gamma: Double = 0.1) throws {
        guard stepSize > 0 else { throw EngineError("StepLR", "step_size must be a positive integer, got \(stepSize)") }
        self.stepSize = stepSize
        self.gamma = gamma
        super.init(optimizer)
    }
    public override var typeName: String { "StepLR" }
    public override func nextLRs(_ current: [Double]) -> [Double] {
        lastEpoch % stepSize != 0 ? current : current.map { $0 * gamma }
    }
}

/// `MultiStepLR(optimizer, milestones, gamma=0.1)`.
public final class MultiStepLR: LRScheduler, @unchecked Sendable {
    public let milestones: [Int]
    public let gamma: Double
    public init(_ optimizer: Optimizer, milestones: [Int], gamma: Double = 0.1) {
        self.milestones = milestones.sorted()
        self.gamma = gamma
        super.init(optimizer)
    }
    public override var typeName: String { "MultiStepLR" }
    public override func nextLRs(_ current: [Double]) -> [Double] {
        let k = milestones.filter { $0 == lastEpoch }.count
        return k == 0 ? current : current.map { $0 * pow(gamma, Double(k)) }
    }
}

/// `ExponentialLR(optimizer, gamma)`.
public final class ExponentialLR: LRScheduler, @unchecked Sendable {
    public let gamma: Double
    public init(_ optimizer: Optimizer, gamma: Double) {
        self.gamma = gamma
        super.init(optimizer)
    }
    public override var typeName: String { "ExponentialLR" }
    public override func nextLRs(_ current: [Double]) -> [Double] { current.map { $0 * gamma } }
}

/// `CosineAnnealingLR(optimizer, T_max, eta_min=0)`.
public final class CosineAnnealingLR: LRScheduler, @unchecked Sendable {
    public let tMax: Int
    public let etaMin: Double
    public init(_ optimizer: Optimizer, tMax: Int, etaMin: Double = 0) throws {
        guard tMax > 0 else { throw EngineError("CosineAnnealingLR", "T_max must be a positive integer, got \(tMax)") }
        self.tMax = tMax
        self.etaMin = etaMin
        super.init(optimizer)
    }
    public override var typeName: String { "CosineAnnealingLR" }
    public override func nextLRs(_ current: [Double]) -> [Double] {
        let e = lastEpoch, t = Double(tMax)
        if (e - 1 - tMax) % (2 * tMax) == 0 {
            return zip(current, baseLRs).map { lr, base in lr + (base - etaMin) * (1 - cos(Double.pi / t)) / 2 }
        }
        return current.map { lr in
            (1 + cos(Double.pi * Double(e) / t)) / (1 + cos(Double.pi * Double(e - 1) / t)) * (lr - etaMin) + etaMin
        }
    }
}

/// `ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4,
/// threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)`: `step(metric)` once per epoch.
public final class ReduceLROnPlateau: @unchecked Sendable {
    public let optimizer: Optimizer
    public let maximize: Bool
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let relative: Bool
    public let cooldown: Int
    public let minLRs: [Double]
    public let eps: Double
    public private(set) var best: Double
    public private(set) var numBadEpochs = 0
    public private(set) var cooldownCounter = 0
    public private(set) var lastEpoch = 0
    public private(set) var lastLRs: [Double]

    public init(
        _ optimizer: Optimizer, mode: String = "min", factor: Double = 0.1, patience: Int = 10,
        threshold: Double = 1e-4,
        thresholdMode: String = "rel", cooldown: Int = 0, minLRs: [Double]? = nil, minLR: Double = 0, eps: Double = 1e-8
    ) throws {
        let op = "ReduceLROnPlateau"
        guard factor < 1 else { throw EngineError(op, "Factor should be < 1.0.") }
        guard mode == "min" || mode == "max" else { throw EngineError(op, "mode \(mode) is unknown!") }
        guard thresholdMode == "rel" || thresholdMode == "abs" else {
            throw EngineError(op, "threshold mode \(thresholdMode) is unknown!")
        }
        if let m = minLRs, m.count != optimizer.groups.count {
            throw EngineError(op, "expected \(optimizer.groups.count) min_lrs, got \(m.count)")
        }
        self.optimizer = optimizer
        self.maximize = mode == "max"
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.relative = thresholdMode == "rel"
        self.cooldown = cooldown
        self.minLRs = minLRs ?? Array(repeating: minLR, count: optimizer.groups.count)
        self.eps = eps
        best = maximize ? -.infinity : .infinity
        lastLRs = optimizer.groups.map { $0.number("lr") }
    }

    public var typeName: String { "ReduceLROnPlateau" }

    func isBetter(_ a: Double) -> Bool {
        switch (maximize, relative) {
        case (false, true): return a < best * (1 - threshold)
        case (false, false): return a < best - threshold
        case (true, true): return a > best * (threshold + 1)
        case (true, false): return a > best + threshold
        }
    }

    /// One epoch's metric (e.g. the validation loss).
    public func step(_ metric: Double) {
        lastEpoch += 1
        if isBetter(metric) {
            best = metric
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        if numBadEpochs > patience {
            for (i, g) in optimizer.groups.enumerated() {
                let old = g.number("lr")
                let new = Swift.max(old * factor, minLRs[Swift.min(i, minLRs.count - 1)])
                if old - new > eps { g["lr"] = .float(new) }
            }
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        lastLRs = optimizer.groups.map { $0.number("lr") }
    }
}
