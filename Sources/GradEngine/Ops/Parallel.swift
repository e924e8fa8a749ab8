// Parallel: splits a loop over the batch (or over planes) into one contiguous chunk per thread.
// Thread count follows `Gemm.threads`, so `Gemm.setThreads(1)` makes the whole engine
// single-threaded.
// NOTE: the engine keeps its own small pool of worker threads (started on first use) instead of
// DispatchQueue.concurrentPerform: on a busy machine libdispatch's Linux thread pool often left
// the second chunk to the calling thread (measured: the caller ran 95% of the work with 2 threads).
// NOTE: GEMM is always single-threaded (see Gemm.swift), so per-image GEMMs in parallel chunks
// do not oversubscribe the cores.
// Non-goals: work stealing, nested parallelism (a call from inside a chunk, or while another
// thread's parallel loop runs, simply runs serially).

import CEngineSupport
import Foundation

/// Wraps a value that is safe to share across the workers of one parallel loop.
struct UncheckedSendable<T>: @unchecked Sendable { let value: T }

/// Worker threads that each run one chunk of the current parallel loop.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    private let entry = NSLock()  // one parallel loop at a time
    private var starts: [DispatchSemaphore] = []
    private let done = DispatchSemaphore(value: 0)
    private var job: ((Int) -> Void)?

    /// Runs `body(0..<t)` with chunk 0 on the caller and the others on workers; false when the
    /// pool is busy (then the caller should run the loop serially).
    func run(_ t: Int, _ body: (Int) -> Void) -> Bool {
        guard entry.try() else { return false }
        defer { entry.unlock() }
        while starts.count < t - 1 {
            let sem = DispatchSemaphore(value: 0), index = starts.count + 1
            starts.append(sem)
            let thread = Thread { [unowned self] in
                gs_block_async_signals()  // signals go to the front end's threads, never mid-kernel
                while true {
                    WorkerPool.wait(sem, spinMicroseconds: 300)
                    self.job?(index)
                    self.done.signal()
                }
            }
            thread.name = "gradstep-worker-\(index)"
            thread.start()
        }
        withoutActuallyEscaping(body) { b in
            job = b
            for i in 0..<(t - 1) { starts[i].signal() }
            b(0)
            for _ in 0..<(t - 1) { WorkerPool.wait(done, spinMicroseconds: 2000) }
            job = nil
        }
        return true
    }
}

extension WorkerPool {
    /// Waits for `sem`, polling it for up to `spinMicroseconds` before sleeping.
    /// NOTE: a worker that just finished a chunk polls briefly because the next parallel loop of a
    /// training step usually follows within a fraction of a millisecond, and waking a sleeping
    /// thread on a busy machine took up to milliseconds (measured: 2 threads no faster than 1).
    static func wait(_ sem: DispatchSemaphore, spinMicroseconds: UInt64) {
        let deadline = DispatchTime.now().uptimeNanoseconds + spinMicroseconds * 1000
        var spins = 0
        while sem.wait(timeout: .now()) != .success {
            spins += 1
            if spins & 63 == 0 && DispatchTime.now().uptimeNanoseconds > deadline {
                sem.wait()
                return
            }
        }
    }
}

/// How many chunks `parallelChunks` will use for `n` items.
func chunkCount(_ n: Int, minPerThread: Int = 1) -> Int {
    Swift.max(1, Swift.min(Gemm.threads, n / Swift.max(minPerThread, 1)))
}

/// Runs `body(chunk, range)` for `chunkCount(n)` contiguous ranges covering 0..<n, one per thread.
/// Chunks must write disjoint memory.
func parallelChunks(_ n: Int, minPerThread: Int = 1, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
    let t = chunkCount(n, minPerThread: minPerThread)
    let ranges = { (chunk: Int) in (chunk * n / t)..<((chunk + 1) * n / t) }
    if t <= 1 || !WorkerPool.shared.run(t, { chunk in body(chunk, ranges(chunk)) }) {
        for chunk in 0..<t { body(chunk, ranges(chunk)) }
    }
}

/// Runs `body(i)` for i in 0..<n, in contiguous chunks on up to `Gemm.threads` threads.
/// Iterations must write disjoint memory.
func parallelFor(_ n: Int, minPerThread: Int = 1, _ body: (Int) -> Void) {
    parallelChunks(n, minPerThread: minPerThread) { _, range in
        for i in range { body(i) }
    }
}
