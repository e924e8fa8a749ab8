// Benchmarks: timing of the slides' network, for `gradstep bench step` and `gradstep bench train`.
//
// `trainStep` times full training steps (forward, cross entropy, backward, SGD) on batches of 100
// random images for each thread count, then profiles a few more steps with `Profiler` for the
// breakdown. `train` runs the slides' recipe on Fashion-MNIST (ToTensor, Normalize(0.1307, 0.3081),
// batch 100 shuffled, SGD lr 0.01, cross entropy) through `fit`, evaluating on the test split after
// every epoch, and records peak RSS after each epoch to show memory stays flat.
// The results carry printable lines and a one-line JSON object; nothing is printed here.
//
// Non-goals: statistical repetition (run the command again), comparison runs of PyTorch.

import Foundation
import GradEngine

/// Benchmarks of the slides' network.
public enum Benchmarks {
    /// Multiply-adds per image of the forward pass: conv1 144,000 + conv2 320,000 + fc1 16,000 + fc2 500.
    public static let forwardMACsPerImage = 480_500.0
    /// FLOPs per image of one training step: forward (2·480,500) + weight gradients (2·480,500)
    /// + input gradients of conv2, fc1, fc2 (2·336,500); conv1's input gradient is not needed.
    public static let trainingFLOPsPerImage = 2 * (480_500.0 + 480_500.0 + 336_500.0)

    /// One thread count's timing of training steps.
    public struct StepRow: Sendable {
        public let threads: Int
        public let msPerStep: Double
        public let imagesPerSecond: Double
        public let gflops: Double
        /// Profiled milliseconds per step by category (sgemm, conv direct, im2col/col2im, pooling, ...).
        public let breakdown: [(category: String, ms: Double)]
    }

    /// Result of `trainStep`.
    public struct StepResult: Sendable {
        public let batchSize: Int
        public let steps: Int
        public let rows: [StepRow]

        /// Printable lines: one per thread count, then each breakdown.
        public var lines: [String] {
            var out = [
                "slides' Net, training step (forward + cross entropy + backward + SGD), batch \(batchSize), \(steps) "
                    + "timed steps"
            ]
            for r in rows {
                out.append(
                    String(
                        format: "threads %d: %.2f ms/step, %.0f images/s, %.1f GFLOP/s effective",
                        r.threads, r.msPerStep, r.imagesPerSecond, r.gflops))
            }
            for r in rows where !r.breakdown.isEmpty {
                let total = r.breakdown.reduce(0) { $0 + $1.ms }
                out.append("breakdown, threads \(r.threads) (profiled steps, ms/step):")
                for b in r.breakdown {
                    out.append(
                        "  " + b.category.padding(toLength: 14, withPad: " ", startingAt: 0)
                            + String(format: " %8.3f ms  %5.1f%%", b.ms, total > 0 ? 100 * b.ms / total : 0))
                }
                // The issue's "GEMM share": oneDNN's sgemm alone, and with the direct convolution
                // kernels that do conv1's multiply-adds without im2col (the compute kernels).
                let ms = { (name: String) in r.breakdown.first { $0.category == name }?.ms ?? 0 }
                let sgemm = ms(Profiler.Category.gemm.description)
                let kernels = sgemm + ms(Profiler.Category.convDirect.description)
                out.append(
                    String(
                        format: "  share of the step: sgemm %.1f%%, compute kernels (sgemm + conv direct) %.1f%%",
                        total > 0 ? 100 * sgemm / total : 0, total > 0 ? 100 * kernels / total : 0))
            }
            return out
        }

        public var json: String {
            let rs = rows.map { r in
                let b = r.breakdown.map { "\"\($0.category)\": \(String(format: "%.4f", $0.ms))" }.joined(
                    separator: ", ")
                return String(
                    format: "{\"threads\": %d, \"ms_per_step\": %.4f, \"images_per_s\": %.1f, \"gflops\": %.2f, ",
                    r.threads, r.msPerStep, r.imagesPerSecond, r.gflops)
                    + "\"breakdown_ms\": {\(b)}}"
            }
            return "{\"bench\": \"step\", \"batch\": \(batchSize), \"steps\": \(steps), \"rows\": ["
                + rs.joined(separator: ", ") + "]}"
        }
    }

    /// Times `steps` training steps of the slides' Net per thread count (after `warmup` steps),
    /// then profiles `profileSteps` more for the breakdown. Inputs are random N(0, 1) images.
    /// `fusedConvPool: false` runs each convolution and its max pooling as two ops (for comparison).
    public static func trainStep(
        threads: [Int] = [1, 2], steps: Int = 50, batchSize: Int = 100,
        warmup: Int = 5, profileSteps: Int = 10, fusedConvPool: Bool = true
    ) throws -> StepResult {
        guard steps >= 1, batchSize >= 1 else { throw EngineError("bench", "steps and batch size must be positive") }
        guard threads.allSatisfy({ $0 >= 1 }) else {
            throw EngineError("bench", "thread counts must be positive, got \(threads)")
        }
        let savedThreads = Gemm.threads
        defer { Gemm.setThreads(savedThreads) }
        let savedRNG = RNG.global
        defer { RNG.global = savedRNG }
        RNG.manualSeed(1)
        let x = try Tensor.randn([batchSize, 1, 28, 28])
        let y = try Tensor.randint(0, 10, [batchSize])
        var rows: [StepRow] = []
        for t in threads {
            Gemm.setThreads(t)
            RNG.manualSeed(1)
            let model = try SeedNet(fusedConvPool: fusedConvPool)
            let opt = try SGD(model.parameters(), lr: 0.01)
            func step() throws {
                opt.zeroGrad()
                let loss = try Functional.crossEntropy(try model(x), y)
                try loss.backward()
                try opt.step()
            }
            for _ in 0..<warmup { try step() }
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<steps { try step() }
            let secs = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            var breakdown: [(category: String, ms: Double)] = []
            if profileSteps > 0 {
                Profiler.reset()
                Profiler.enabled = true
                defer { Profiler.enabled = false }
                let p0 = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<profileSteps { try step() }
                let psecs = Double(DispatchTime.now().uptimeNanoseconds - p0) / 1e9
                let b = Profiler.breakdown
                breakdown = b.filter { $0.calls > 0 }.map {
                    ($0.category.description, $0.seconds * 1000 / Double(profileSteps))
                }
                let accounted = b.reduce(0) { $0 + $1.seconds }
                breakdown.append(("unprofiled", max(0, psecs - accounted) * 1000 / Double(profileSteps)))
                Profiler.reset()
            }
            let ms = secs * 1000 / Double(steps)
            let ips = Double(batchSize * steps) / secs
            rows.append(
                StepRow(
                    threads: t, msPerStep: ms, imagesPerSecond: ips,
                    gflops: ips * trainingFLOPsPerImage / 1e9, breakdown: breakdown))
        }
        return StepResult(batchSize: batchSize, steps: steps, rows: rows)
    }

    /// One epoch of `train`.
    public struct EpochRow: Sendable {
        public let epoch: Int
        public let trainSeconds: Double
        public let testSeconds: Double
        public let trainLoss: Double
        public let testLoss: Double
        public let testAccuracy: Double
        /// Peak RSS of the process after this epoch (MiB).
        public let peakRSSMiB: Double

        public var line: String {
            String(
                format:
                    "epoch %d: train_s=%.2f test_s=%.2f train_loss_avg=%.4f test_loss=%.4f test_acc=%.2f%% "
                    + "peak_rss=%.1f MiB",
                epoch, trainSeconds, testSeconds, trainLoss, testLoss, 100 * testAccuracy, peakRSSMiB)
        }
    }

    /// Result of `train`.
    public struct TrainResult: Sendable {
        public let threads: Int
        public let dataset: String
        public let assembly: BatchAssembly
        public let trainSamples: Int
        public let testSamples: Int
        /// Seconds to read, decode and normalise both splits.
        public let setupSeconds: Double
        /// Peak RSS once both splits are in memory, before training (MiB).
        public let setupPeakRSSMiB: Double
        public let rows: [EpochRow]
        public let peakRSSMiB: Double

        public var json: String {
            let eps = rows.map {
                String(
                    format:
                        "{\"epoch\": %d, \"train_s\": %.3f, \"test_s\": %.3f, \"train_loss\": %.5f, \"test_loss\": "
                        + "%.5f, \"test_acc\": %.4f, \"peak_rss_mib\": %.1f}",
                    $0.epoch, $0.trainSeconds, $0.testSeconds, $0.trainLoss, $0.testLoss, $0.testAccuracy, $0.peakRSSMiB
                )
            }
            return String(
                format:
                    "{\"bench\": \"train\", \"dataset\": \"%@\", \"loader\": \"%@\", \"threads\": %d, \"batch\": 100, "
                    + "\"lr\": 0.01, \"setup_s\": %.3f, \"setup_peak_rss_mib\": %.1f, ",
                dataset, assembly == .bulk ? "tensor" : "per-sample", threads, setupSeconds, setupPeakRSSMiB)
                + "\"epochs\": [" + eps.joined(separator: ", ") + "], "
                + String(format: "\"peak_rss_mib\": %.1f}", peakRSSMiB)
        }
    }

    /// Trains the slides' Net with the slides' recipe for `epochs` epochs on `threads` threads.
    /// `progress` receives per-batch progress, `epochEnd` each finished epoch's row.
    /// `assembly`: `.bulk` is the "whole dataset in one tensor" configuration; `.perSample` transforms
    /// every sample from its bytes as torchvision's loader does (memory: bytes only).
    public static func train(
        epochs: Int = 1, threads: Int = 2, root: String? = nil, seed: UInt64 = 1,
        assembly: BatchAssembly = .bulk,
        shouldStop: @escaping () -> Bool = { false },
        progress: ((TrainingProgress) -> Void)? = nil,
        epochEnd: ((EpochRow) -> Void)? = nil
    ) throws -> TrainResult {
        guard epochs >= 1 else { throw EngineError("bench", "epochs must be at least 1, got \(epochs)") }
        guard threads >= 1 else { throw EngineError("bench", "threads must be at least 1, got \(threads)") }
        let savedThreads = Gemm.threads
        defer { Gemm.setThreads(savedThreads) }
        Gemm.setThreads(threads)
        RNG.manualSeed(seed)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let tf: [Transform] = [ToTensor(), Normalize(0.1307, 0.3081)]
        let trainSet = try Datasets.fashionMNIST(root: root, train: true, transforms: tf)
        let testSet = try Datasets.fashionMNIST(root: root, train: false, transforms: tf)
        if assembly == .bulk {
            try trainSet.prepareBulk()
            try testSet.prepareBulk()
        }
        let setup = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        let setupRSS = peakRSSMiB()
        let trainLoader = try DataLoader(trainSet, batchSize: 100, shuffle: true, seed: seed, assembly: assembly)
        let testLoader = try DataLoader(testSet, batchSize: 100, shuffle: false, assembly: assembly)
        let model = try SeedNet()
        let opt = try SGD(model.parameters(), lr: 0.01)
        var rows: [EpochRow] = []
        let hooks = TrainingHooks(
            progress: progress, shouldStop: shouldStop,
            epochEnd: { rec in
                let row = EpochRow(
                    epoch: rec.epoch, trainSeconds: rec.trainSeconds, testSeconds: rec.testSeconds ?? 0,
                    trainLoss: rec.trainLoss, testLoss: rec.testLoss ?? .nan,
                    testAccuracy: rec.testAccuracy ?? .nan, peakRSSMiB: peakRSSMiB())
                rows.append(row)
                epochEnd?(row)
            })
        _ = try fit(
            model: model, optimizer: opt, loader: trainLoader, epochs: epochs, hooks: hooks, validation: testLoader)
        return TrainResult(
            threads: threads, dataset: trainSet.source, assembly: assembly, trainSamples: trainSet.count,
            testSamples: testSet.count, setupSeconds: setup, setupPeakRSSMiB: setupRSS, rows: rows,
            peakRSSMiB: peakRSSMiB())
    }
}
