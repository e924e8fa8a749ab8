// `gradstep bench`: timings of the slides' network on this machine.
//   gradstep bench step  [--threads 1,2] [--steps 50] [--unfused]
//                                                          ms per training step, images/s, GFLOP/s, breakdown
//   gradstep bench train [--epochs 1] [--threads 2] [--loader tensor|per-sample]
//                                                          the slides' recipe on Fashion-MNIST, per-epoch figures
// Progress goes to standard error (a plain line every 10% of an epoch); results to standard output,
// the last line being one JSON object. Build in release for meaningful numbers.

import ArgumentParser
import Foundation
import GradBench
import GradEngine

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time training of the slides' network (build with -c release).",
        subcommands: [BenchStep.self, BenchTrain.self])
}

struct BenchStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Milliseconds per training step (batch 100), images/s, effective GFLOP/s and a time breakdown.")

    @Option(help: "Comma-separated thread counts to time.")
    var threads: String = "1,2"

    @Option(help: "Timed steps per thread count.")
    var steps: Int = 50

    @Option(help: "Images per batch.")
    var batch: Int = 100

    @Flag(help: "Run each convolution and its max pooling as two ops instead of one fused op.")
    var unfused = false

    func run() throws {
        let ts = threads.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !ts.isEmpty, ts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--threads takes positive integers separated by commas, e.g. 1,2 (got '\(threads)')")
        }
        guard steps >= 1, batch >= 1 else { throw ValidationError("--steps and --batch must be positive") }
        let r = try Benchmarks.trainStep(
            threads: ts.compactMap { $0 }, steps: steps, batchSize: batch, fusedConvPool: !unfused)
        for l in r.lines { print(l) }
        print(r.json)
    }
}

struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract:
            "Train the slides' Net on Fashion-MNIST (slides' recipe) and report per-epoch time, loss, accuracy and "
            + "peak RSS."
    )

    @Option(help: "Number of epochs.")
    var epochs: Int = 1

    @Option(help: "Number of threads.")
    var threads: Int = 2

    @Option(help: "Folder with the four IDX files (default: $GRADSTEP_DATA, else /usr/share/datasets/fashion-mnist).")
    var root: String?

    @Option(
        help: ArgumentHelp(
            "Batches from the whole dataset in one float array ('tensor') or transformed sample by sample "
                + "('per-sample', as torchvision does).")
    )
    var loader: String = "tensor"

    @Option(help: "Seed of initialisation, shuffling and dropout.")
    var seed: UInt64 = 1

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    func run() throws {
        guard epochs >= 1, threads >= 1 else { throw ValidationError("--epochs and --threads must be at least 1") }
        let assembly: BatchAssembly
        switch loader {
        case "tensor": assembly = .bulk
        case "per-sample": assembly = .perSample
        default: throw ValidationError("--loader is 'tensor' or 'per-sample' (got '\(loader)')")
        }
        let printer = PlainProgressPrinter { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let r = try Benchmarks.train(
            epochs: epochs, threads: threads, root: root, seed: seed, assembly: assembly,
            progress: quiet ? nil : { printer($0) },
            epochEnd: { row in
                print(row.line)
                fflush(nil)
            })
        print(
            String(
                format: "setup (read + decode%@ both splits): %.2f s, peak RSS after setup %.1f MiB",
                assembly == .bulk ? " + normalise" : "", r.setupSeconds, r.setupPeakRSSMiB))
        print(String(format: "peak RSS: %.1f MiB", r.peakRSSMiB))
        print(r.json)
    }
}
