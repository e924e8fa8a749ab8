// Profiler: where the time of a training step goes (GEMM, im2col/col2im, pooling, elementwise,
// autograd bookkeeping), for `gradstep bench`.
//
// Regions nest; each category is charged its *self* time (a region's time minus the regions
// inside it), so the categories add up to the measured total. When `enabled` is false a region
// costs one load and one branch.
// Non-goals: thread safety. Regions are opened only by the thread that runs ops (never inside the
// parallel workers of a kernel); profile one computation at a time.

import Foundation

/// Self-time accounting of the engine's kernels by category.
public enum Profiler {
    /// What a region of engine time is spent on.
    public enum Category: Int, CaseIterable, Sendable, CustomStringConvertible {
        case gemm, im2col, pooling, elementwise, autograd, other
        public var description: String {
            switch self {
            case .gemm: return "gemm"
            case .im2col: return "im2col/col2im"
            case .pooling: return "pooling"
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
