// MemoryBudget: a bound on the values all live tensors hold together, so a session that keeps
// several large tensors gets MemoryError instead of an abort ("failed to allocate") or the OOM
// killer. Each tensor storage adds its element count when made and subtracts it when freed;
// `Tensor.checkShape` (the one size check every growing op makes) refuses a result that would take
// the total past `MemoryBudget.maxLiveElements`. Front ends set the limit from the process's
// address-space limit (ulimit -v) and the machine's memory (`MemoryBudget.suggestedLimit()`).
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

    static func add(_ n: Int) { live.add(n, ordering: .relaxed) }
    static func remove(_ n: Int) { live.subtract(n, ordering: .relaxed) }
}
