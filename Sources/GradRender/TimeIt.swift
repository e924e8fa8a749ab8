// TimeIt: `:time EXPR` in the REPL and `%timeit` in notebook lessons, as IPython's `%timeit`.
//
// First finds how many loops make one run last at least 0.2 s (1, 2, 5, 10, 20, 50, ...), then
// repeats runs (up to 7) within a time budget and reports the mean and standard deviation of the
// time per loop over the runs:
//   1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)
// Autograd recording is left as the expression would have it; results are discarded.
//
// Non-goals: garbage-collection control, setup statements.

import Foundation

public enum TimeIt {
    public struct Result: Sendable, Equatable {
        /// Seconds per loop, averaged over runs.
        public var mean: Double
        /// Standard deviation of the per-loop time across runs (0 for one run).
        public var std: Double
        public var runs: Int
        public var loops: Int
        public init(mean: Double, std: Double, runs: Int, loops: Int) {
            self.mean = mean
            self.std = std
            self.runs = runs
            self.loops = loops
        }
    }

    /// Times `body`. `budget` bounds the total seconds spent after calibration (roughly).
    public static func measure(
        budget: Double = 2.0, maxRuns: Int = 7,
        clock: () -> Double = { ProcessInfo.processInfo.systemUptime },
        _ body: () throws -> Void
    ) rethrows -> Result {
        var loops = 1
        var perRun: [Double] = []
        let ladder = [1, 2, 5]
        var k = 0
        while true {
            let t0 = clock()
            for _ in 0..<loops { try body() }
            let dt = clock() - t0
            if dt >= 0.2 || loops >= 10_000_000 {
                perRun.append(dt / Double(loops))
                break
            }
            k += 1
            loops = ladder[k % 3] * Int(pow(10, Double(k / 3)))
        }
        let runTime = perRun[0] * Double(loops)
        let runs = max(1, min(maxRuns, Int(budget / max(runTime, 1e-9))))
        for _ in 1..<runs {
            let t0 = clock()
            for _ in 0..<loops { try body() }
            perRun.append((clock() - t0) / Double(loops))
        }
        let mean = perRun.reduce(0, +) / Double(perRun.count)
        let variance =
            perRun.count > 1 ? perRun.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(perRun.count) : 0
        return Result(mean: mean, std: variance.squareRoot(), runs: perRun.count, loops: loops)
    }

    /// IPython's wording.
    public static func format(_ r: Result) -> String {
        let runs = r.runs == 1 ? "1 run" : "\(r.runs) runs"
        let loops = r.loops == 1 ? "1 loop each" : "\(r.loops) loops each"
        return "\(duration(r.mean)) ± \(duration(r.std)) per loop (mean ± std. dev. of \(runs), \(loops))"
    }

    /// Seconds with a unit and 3 significant digits: "1.23 ms", "45.6 µs", "2.5 s".
    public static func duration(_ s: Double) -> String {
        let units: [(Double, String)] = [(1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]
        for (scale, name) in units where s >= scale || scale == 1e-9 {
            return String(format: "%.3g %@", s / scale, name)
        }
        return "0 s"
    }
}
