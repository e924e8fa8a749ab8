// Parallel: splits a loop over the batch (or over planes) into one chunk per thread with
// `DispatchQueue.concurrentPerform`. Thread count follows `Gemm.threads`, so `Gemm.setThreads(1)`
// makes the whole engine single-threaded.
// Non-goals: work stealing, nested parallelism (kernels never call parallelFor from inside one).

import Dispatch

/// Wraps a value that is safe to share across the workers of one parallel loop.
struct UncheckedSendable<T>: @unchecked Sendable { let value: T }

/// Runs `body(i)` for i in 0..<n, in contiguous chunks on up to `Gemm.threads` threads.
/// Iterations must write disjoint memory.
func parallelFor(_ n: Int, minPerThread: Int = 1, _ body: (Int) -> Void) {
    let t = Swift.min(Gemm.threads, n / Swift.max(minPerThread, 1))
    if t <= 1 {
        for i in 0..<n { body(i) }
        return
    }
    withoutActuallyEscaping(body) { b in
        let box = UncheckedSendable(value: b)
        DispatchQueue.concurrentPerform(iterations: t) { chunk in
            let lo = chunk * n / t, hi = (chunk + 1) * n / t
            for i in lo..<hi { box.value(i) }
        }
    }
}
