// Gemm: the one file that talks to the BLAS-class library. Everything else calls `sgemm` here.
//
// Choice, measured on this project's machine (AMD EPYC, 2 vCPUs, AVX2, no AVX-512) with
// scripts/gemm-compare.c on the network's shapes, 1 thread: oneDNN's `dnnl_sgemm` (Debian
// libdnnl-dev, which picks its kernels for the CPU at run time) ran them at 75-92 GFLOP/s;
// Debian's OpenBLAS 0.3.21 at 35-75 GFLOP/s by default and 43-81 with OPENBLAS_CORETYPE=Haswell
// (which must be set before the library loads). oneDNN was fastest on every shape, so: oneDNN.
// oneDNN here is built with the OpenMP runtime, but every call runs it single-threaded: the engine
// splits work across `threads` itself (conv per image, large GEMMs by row blocks, on
// the worker pool in Ops/Parallel.swift). Measured on 2 shared vCPUs: a 2-thread OpenMP team spins
// between calls and, with the net's many small GEMMs, cost 2-3x more CPU per training step than
// single-threaded GEMMs in parallel chunks.
// NOTE: no signal handler may run on a thread while it is inside dnnl_sgemm: measured, a handled
// signal there corrupts glibc's heap ("corrupted size vs. prev_size" at a free() inside
// dnnl_sgemm) or the results (NaN); EngineTests' SignalSafetyTests failed 6 of 6 runs without the
// hold below. Ctrl-C during fit at the REPL aborted gradstep that way in 11 of 80 runs (and 3 of
// 40 with one engine thread); scripts/signal-gemm.c reproduces it with oneDNN alone. So `sgemm`
// holds the asynchronous signals for the duration of the call; they are delivered right after
// it, or on another thread that has them unblocked. Cost, measured: 240 ns per block+restore
// pair; `gradstep bench step` before and after, three alternating rounds, differed by less than
// the machine's run-to-run noise.

import CDNNL
import CEngineSupport
import Synchronization

public enum Gemm {
    /// C[M,N] = alpha * op(A) @ op(B) + beta * C, row-major. op(X) = Xᵀ when trans is true.
    /// A is [M,K] (or [K,M] when transA), B is [K,N] (or [N,K] when transB).
    @inline(__always)
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        // Leading dimensions too small for the shapes would make any GEMM read and write out of
        // bounds. The engine's callers never pass them; if one ever did, C is filled with NaN
        // (visibly wrong, never left uninitialised) and `failures` counts it.
        guard lda >= Swift.max(1, transA ? m : k), ldb >= Swift.max(1, transB ? k : n), ldc >= Swift.max(1, n) else {
            for i in 0..<m {
                (c + i * Swift.max(ldc, 0)).update(repeating: .nan, count: Swift.min(n, Swift.max(ldc, 0)))
            }
            failures.add(1, ordering: .relaxed)
            return
        }
        // OpenMP's thread count is per thread: keep every calling thread at 1.
        if gs_get_max_threads() != 1 { gs_set_num_threads(1) }
        gs_async_signals_hold()
        let status = dnnl_sgemm(
            transA ? transposed : notTransposed, transB ? transposed : notTransposed,
            Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb), beta, c, Int64(ldc))
        gs_async_signals_release()
        if status != dnnl_success {
            // oneDNN refused (e.g. out of memory for its packing buffers): C is as it was, so the
            // plain loop below computes the same product; `fallbacks` counts such calls.
            fallbacks.add(1, ordering: .relaxed)
            referenceSgemm(
                transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// Runs `body` with the asynchronous signals held on this thread, so the many small GEMMs of a
    /// convolution change the signal mask once instead of twice each (holds nest; see the NOTE
    /// above). Measured on the slides' net: ~460 pthread_sigmask calls per training step otherwise.
    @inline(__always)
    public static func holdingSignals<T>(_ body: () throws -> T) rethrows -> T {
        gs_async_signals_hold()
        defer { gs_async_signals_release() }
        return try body()
    }

    /// oneDNN's transposition flags (BLAS's characters): 'T' uses the operand transposed, 'N' as is.
    static let transposed = CChar(UInt8(ascii: "T")), notTransposed = CChar(UInt8(ascii: "N"))

    /// GEMMs oneDNN refused (status other than dnnl_success) and the plain loop computed instead.
    public static let fallbacks = Atomic<Int>(0)
    /// GEMMs called with leading dimensions too small for their shapes (C filled with NaN).
    public static let failures = Atomic<Int>(0)

    /// The same product as `sgemm` by the definition, C = alpha·op(A)·op(B) + beta·C, in plain
    /// loops (double accumulation): the fallback when oneDNN refuses, and the tests' reference.
    public static func referenceSgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var acc = 0.0
                for p in 0..<k {
                    let x = transA ? a[p * lda + i] : a[i * lda + p]
                    let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                    acc += Double(x) * Double(y)
                }
                let old = beta == 0 ? 0 : beta * c[i * ldc + j]
                c[i * ldc + j] = alpha * Float(acc) + old
            }
        }
    }

    nonisolated(unsafe) static var threadCount = max(1, Int(gs_get_max_threads()))

    /// Number of threads the engine's kernels (parallel GEMMs, conv, pooling) use; default: cores.
    public static var threads: Int { threadCount }

    /// Sets the number of threads the engine's kernels use.
    public static func setThreads(_ n: Int) { threadCount = max(1, n) }

    /// `sgemm` split into row blocks (or column blocks when M is small) over `threads`, each block
    /// a single-threaded GEMM. Only products of 4M multiply-adds or more are split (below that the
    /// threads' wake-up costs about as much as the work saved).
    ///
    /// With `interruptible`, products of 2³⁰ multiply-adds or more (a 1024³ matmul; about 20-40 ms
    /// of work here) run in rounds of row blocks, each round split over the threads, and stop early
    /// when `EngineInterrupt.isRequested()` says so between rounds; C is then only partly computed,
    /// and the caller must throw (`EngineInterrupt.check`). Backward passes do not ask for it.
    public static func sgemmParallel(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
        interruptible: Bool = false
    ) {
        let macs = m.multipliedReportingOverflow(by: n).partialValue.multipliedReportingOverflow(by: k)
        if interruptible, macs.overflow || macs.partialValue >= roundMACs, m >= 2 {
            let rows = max(1, roundMACs / max(1, n * k))
            var r0 = 0
            while r0 < m {
                if EngineInterrupt.isRequested() { return }
                let r = min(rows, m - r0)
                sgemmSplit(
                    transA: transA, transB: transB, m: r, n: n, k: k, alpha: alpha,
                    a: transA ? a + r0 : a + r0 * lda, lda: lda, b: b, ldb: ldb,
                    beta: beta, c: c + r0 * ldc, ldc: ldc)
                r0 += r
            }
            return
        }
        sgemmSplit(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }

    /// Multiply-adds per interruptible round of a large GEMM.
    static let roundMACs = 1 << 30

    static func sgemmSplit(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let t = threads
        if t <= 1 || m * n * k < 1 << 22 || (m < 2 * t && n < 2 * t) {
            sgemm(
                transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        let byRows = m >= n || n < 2 * t
        let cb = UncheckedSendable(value: c)
        parallelChunks(byRows ? m : n) { _, r in
            if byRows {
                sgemm(
                    transA: transA, transB: transB, m: r.count, n: n, k: k, alpha: alpha,
                    a: transA ? a + r.lowerBound : a + r.lowerBound * lda, lda: lda, b: b, ldb: ldb,
                    beta: beta, c: cb.value + r.lowerBound * ldc, ldc: ldc)
            } else {
                sgemm(
                    transA: transA, transB: transB, m: m, n: r.count, k: k, alpha: alpha, a: a, lda: lda,
                    b: transB ? b + r.lowerBound * ldb : b + r.lowerBound, ldb: ldb,
                    beta: beta, c: cb.value + r.lowerBound, ldc: ldc)
            }
        }
    }
}

/// Peak resident set size of this process in MiB.
public func peakRSSMiB() -> Double { Double(gs_peak_rss_kib()) / 1024 }
