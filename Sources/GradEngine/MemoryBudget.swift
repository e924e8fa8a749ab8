// MemoryBudget: a bound on the values all live tensors hold together, so a session that keeps
// several large tensors gets MemoryError instead of an abort ("failed to allocate") or the OOM
// killer. Each tensor storage adds its element count when made and subtracts it when freed;
// `Tensor.checkShape` (the one size check every growing op makes) refuses a result that would take
// the total past `MemoryBudget.maxLiveElements`. Front ends set the limit from the process's
// address-space limit (ulimit -v) and the machine's memory (`MemoryBudget.suggestedLimit()`).
// numpy arrays count too (two units per float64 element). Ops that make a result as large as their
// input without a check are caught after the fact (`isOverdrawn`, asked by the script layer).
// Non-goals: counting Python lists and other non-tensor memory (each has its own cap).

import Foundation
import Synchronization

public enum MemoryBudget {
    static let live = Atomic<Int>(0)

    /// Elements held by all live tensor storages (views share their storage's count).
    public static var liveElements: Int { live.load(ordering: .relaxed) }

    /// Largest total of live elements; default: no limit.
    nonisolated(unsafe) public static var maxLiveElements = Int.max

    /// Half the address space allowed by `ulimit -v` (when set) and three quarters of the
    /// machine's memory, in float32 elements: room is left for index arrays, lists and the program.
    public static func suggestedLimit() -> Int {
        var limit = Int.max
        var r = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &r) == 0, r.rlim_cur < UInt(Int.max) {
            limit = min(limit, Int(r.rlim_cur) / 2 / 4)
        }
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0, size > 0 {
            let (bytes, o) = pages.multipliedReportingOverflow(by: size)
            if !o { limit = min(limit, bytes / 4 * 3 / 4) }
        }
        return limit
    }

    /// The address-space limit (ulimit -v) in bytes, read once; nil when there is none.
    static let addressSpaceLimit: Int? = {
        var r = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &r) == 0, r.rlim_cur < UInt(Int.max) else { return nil }
        return Int(r.rlim_cur)
    }()

    /// The address space the process has mapped, in bytes (VmSize: the first field of
    /// /proc/self/statm, in pages); nil where it cannot be read.
    public static func addressSpaceInUse() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 32)
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 31) }
        guard n > 0 else { return nil }
        var pages = 0
        for b in buf[0..<n] {
            guard b >= 48 && b <= 57 else { break }
            pages = pages &* 10 &+ Int(b - 48)
        }
        return pages &* sysconf(Int32(_SC_PAGESIZE))
    }

    /// A MemoryError message when `extra` more bytes would bring the process within a reserve
    /// (1/16 of the limit, at least 64 MiB) of its address-space limit; nil otherwise or without a
    /// limit. Everything counts here, not only tensors: Python lists, strings, the program.
    public static func processMemoryProblem(extra: Int) -> String? {
        guard let limit = addressSpaceLimit, let used = addressSpaceInUse() else { return nil }
        let reserve = Swift.max(64 << 20, limit / 16)
        guard extra > limit - reserve - used else { return nil }
        return
            "out of memory: the program uses \(used >> 20) MiB of the \(limit >> 20) MiB of address space it may use "
            + "(ulimit -v)\(extra > 0 ? " and needs \(extra >> 20) MiB more" : ""); delete values you no longer need "
            + "(del x)"
    }

    /// Counts `n` float32-sized units held by something other than a tensor (a numpy array).
    public static func add(_ n: Int) { live.add(n, ordering: .relaxed) }
    /// Gives back what `add` counted.
    public static func remove(_ n: Int) { live.subtract(n, ordering: .relaxed) }

    /// The live total is past the limit. The ops that make a result as large as their input
    /// (`x.exp()`, `-x`, `x.t()`, dtype conversions) do not check before allocating; the script
    /// layer asks this after every operation and drops the result with `overdrawnError` instead,
    /// so the total never stays past the limit and the next allocation cannot abort the process.
    public static var isOverdrawn: Bool { live.load(ordering: .relaxed) > maxLiveElements }

    /// The MemoryError for an operation whose result took the total past the limit.
    public static func overdrawnError() -> EngineError {
        let held = liveElements
        return EngineError(
            "",
            "out of memory: live tensors and arrays would hold \(held / 262_144) MiB of the "
                + "\(maxLiveElements / 262_144) MiB this process may use; delete tensors you no longer need (del x)",
            kind: .memory)
    }

    /// Refuses making `units` more float32-sized units when the total would pass the limit.
    public static func reserve(_ units: Int, op: String, what: String) throws {
        let held = liveElements
        guard units <= maxLiveElements - Swift.min(held, maxLiveElements) else {
            throw EngineError(
                op,
                "out of memory: \(what) would need \(units / 262_144) MiB more, and live tensors and arrays already "
                    + "hold "
                    + "\(held / 262_144) MiB of the \(maxLiveElements / 262_144) MiB this process may use; "
                    + "delete tensors you no longer need (del x)", kind: .memory)
        }
    }
}
