// Parallel: splits a loop over the batch (or over planes) into one chunk per thread with
// `DispatchQueue.concurrentPerform`. Thread count follows `Gemm.threads`, so `Gemm.setThreads(1)`
// makes the whole engine single-threaded.
// NOTE: GEMM is always single-threaded (see Gemm.swift), so per-image GEMMs in parallel chunks
// do not oversubscribe the cores.
// Non-goals: work stealing, nested parallelism (kernels never call these from inside a chunk).

import Dispatch

/// Wraps a value that is safe to share across the workers of one parallel loop.
struct UncheckedSendable<T>: @unchecked Sendable { let value: T }

/// How many chunks `parallelChunks` will use for `n` items.
func chunkCount(_ n: Int, minPerThread: Int = 1) -> Int {
    Swift.max(1, Swift.min(Gemm.threads, n / Swift.max(minPerThread, 1)))
}

/// Runs `body(chunk, range)` for `chunkCount(n)` contiguous ranges covering 0..<n, one per thread.
/// Chunks must write disjoint memory.
func parallelChunks(_ n: Int, minPerThread: Int = 1, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
    let t = chunkCount(n, minPerThread: minPerThread)
    if t <= 1 {
        body(0, 0..<n)
        return
    }
    withoutActuallyEscaping(body) { b in
        let box = UncheckedSendable(value: b)
        DispatchQueue.concurrentPerform(iterations: t) { chunk in
            box.value(chunk, (chunk * n / t)..<((chunk + 1) * n / t))
        }
    }
}

/// Runs `body(i)` for i in 0..<n, in contiguous chunks on up to `Gemm.threads` threads.
/// Iterations must write disjoint memory.
func parallelFor(_ n: Int, minPerThread: Int = 1, _ body: (Int) -> Void) {
    parallelChunks(n, minPerThread: minPerThread) { _, range in
        for i in range { body(i) }
    }
}
