// Profiler: where the time of a training step goes (oneDNN's sgemm, the direct convolution kernels,
// im2col/col2im, pooling, the rest of a convolution op, elementwise, autograd bookkeeping), for
// `gradstep bench`.
//
// Regions nest; each category is charged its *self* time (a region's time minus the regions
// inside it), so the categories add up to the measured total. When `enabled` is false a region
// costs one load and one branch.
// A convolution op is one region (`convOther`); its workers time each sgemm call, im2col/col2im,
// direct kernel and pooling pass (`ChunkTimes`), and the chunk with the most measured time has its
// parts moved to their categories: what stays in `convOther` is the op's glue (bias fills, copies
// of dy into groups, bias sums, the reduction of per-thread partial sums, scratch allocation) and
// the wait for the slower thread. So "sgemm" counts time inside `dnnl_sgemm` only.
// Non-goals: thread safety. Regions are opened only by the thread that runs ops (never inside the
// parallel workers of a kernel); profile one computation at a time.

import Foundation

/// Self-time accounting of the engine's kernels by category.
public enum Profiler {
    /// What a region of engine time is spent on.
    public enum Category: Int, CaseIterable, Sendable, CustomStringConvertible {
        /// Time inside oneDNN's `dnnl_sgemm` (convolutions, linear layers, matmul).
        case gemm
        /// The direct AVX2 convolution kernels (no im2col; the slides' conv1): a GEMM's work, not a GEMM.
        case convDirect
        case im2col, pooling
        /// The rest of a convolution op (see the header).
        case convOther
        case elementwise, autograd, other
        public var description: String {
            switch self {
            case .gemm: return "sgemm"
            case .convDirect: return "conv direct"
            case .im2col: return "im2col/col2im"
            case .pooling: return "pooling"
            case .convOther: return "conv other"
            case .elementwise: return "elementwise"
            case .autograd: return "autograd"
            case .other: return "other"
            }
        }
    }

    /// Turns accounting on or off (off by default).
    nonisolated(unsafe) public static var enabled = false

    nonisolated(unsafe) static var nanos = [UInt64](repeating: 0, count: Category.allCases.count)
    nonisolated(unsafe) static var calls = [Int](repeating: 0, count: Category.allCases.count)
    /// Open regions: category, start time, time spent in nested regions.
    nonisolated(unsafe) static var open: [(cat: Int, start: UInt64, child: UInt64)] = []

    /// Runs `body`, charging its self time to `category` when profiling is on.
    @inline(__always)
    public static func measure<T>(_ category: Category, _ body: () throws -> T) rethrows -> T {
        if !enabled { return try body() }
        begin(category)
        defer { end() }
        return try body()
    }

    @inline(never)
    static func begin(_ c: Category) {
        open.append((c.rawValue, DispatchTime.now().uptimeNanoseconds, 0))
    }

    @inline(never)
    static func end() {
        guard let r = open.popLast() else { return }
        let elapsed = DispatchTime.now().uptimeNanoseconds &- r.start
        nanos[r.cat] &+= elapsed &- Swift.min(elapsed, r.child)
        calls[r.cat] += 1
        if !open.isEmpty { open[open.count - 1].child &+= elapsed }
    }

    /// Moves already-charged time from one category to another (for work timed inside parallel
    /// workers, e.g. col2im inside the conv backward's GEMM region). No-op when disabled.
    static func reassign(_ ns: UInt64, from: Category, to: Category) {
        guard enabled else { return }
        let moved = Swift.min(ns, nanos[from.rawValue])
        nanos[from.rawValue] -= moved
        nanos[to.rawValue] += moved
        calls[to.rawValue] += 1
    }

    /// Per-chunk times of the parts of one parallel op (sgemm, direct kernels, im2col, pooling, ...),
    /// measured inside its workers; `charge(from:)` moves the parts of the chunk with the most
    /// measured time out of the op's region category. Allocates nothing unless profiling is on.
    struct ChunkTimes: @unchecked Sendable {
        let chunks: Int
        let nanos: UnsafeMutablePointer<UInt64>?
        static let width = Category.allCases.count

        init(chunks: Int) {
            self.chunks = chunks
            if enabled {
                let p = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(1, chunks) * Self.width)
                p.initialize(repeating: 0, count: Swift.max(1, chunks) * Self.width)
                nanos = p
            } else {
                nanos = nil
            }
        }

        /// Adds the time since `start` (a `stamp()`; 0 when profiling is off) to `category` of `chunk`.
        @inline(__always)
        func add(_ chunk: Int, _ category: Category, since start: UInt64) {
            guard start != 0, let nanos else { return }
            nanos[chunk * Self.width + category.rawValue] &+= stamp() &- start
        }

        /// Adds `ns` nanoseconds to `category` of `chunk`.
        @inline(__always)
        func add(_ chunk: Int, _ category: Category, nanos ns: UInt64) {
            guard let nanos else { return }
            nanos[chunk * Self.width + category.rawValue] &+= ns
        }

        /// Moves the busiest chunk's parts from `region` to their own categories, and frees the storage.
        func charge(from region: Category) {
            guard let nanos else { return }
            defer { nanos.deallocate() }
            var best = 0, bestSum: UInt64 = 0
            for c in 0..<chunks {
                var sum: UInt64 = 0
                for k in 0..<Self.width { sum &+= nanos[c * Self.width + k] }
                if sum > bestSum { (best, bestSum) = (c, sum) }
            }
            for k in Category.allCases where k != region {
                let ns = nanos[best * Self.width + k.rawValue]
                if ns > 0 { reassign(ns, from: region, to: k) }
            }
        }
    }

    /// Nanoseconds since an arbitrary origin, or 0 when profiling is off (for timing inside workers).
    @inline(__always)
    static func stamp() -> UInt64 { enabled ? DispatchTime.now().uptimeNanoseconds : 0 }

    /// Clears the totals.
    public static func reset() {
        nanos = [UInt64](repeating: 0, count: Category.allCases.count)
        calls = [Int](repeating: 0, count: Category.allCases.count)
        open = []
    }

    /// Seconds and region count per category since the last `reset()`.
    public static var breakdown: [(category: Category, seconds: Double, calls: Int)] {
        Category.allCases.map { ($0, Double(nanos[$0.rawValue]) / 1e9, calls[$0.rawValue]) }
    }

    /// A small table: category, milliseconds, share of the profiled total.
    public static func report(perStep steps: Int = 1) -> String {
        let rows = breakdown
        let total = rows.reduce(0) { $0 + $1.seconds }
        var s = ""
        for r in rows where r.calls > 0 {
            let ms = r.seconds * 1000 / Double(Swift.max(1, steps))
            let pct = total > 0 ? 100 * r.seconds / total : 0
            let name = r.category.description.padding(toLength: 14, withPad: " ", startingAt: 0)
            s += "  " + name + String(format: " %8.3f ms  %5.1f%%\n", ms, pct)
        }
        return s
    }
}
