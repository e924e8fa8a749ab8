// Gemm: the one file that talks to the BLAS-class library. Everything else calls `sgemm` here.
//
// Choice (measured on this machine, 2 vCPUs with AVX-512): oneDNN's `dnnl_sgemm` (Debian
// libdnnl-dev) selects AVX-512 kernels at run time by itself and ran the network's GEMM shapes at
// 90-170 GFLOP/s on 2 threads; Debian's OpenBLAS 0.3.21 does not recognise the CPU and falls back to
// SSE3 kernels (12-20 GFLOP/s) unless OPENBLAS_CORETYPE is set before it loads. So: oneDNN.
// oneDNN here is built with the OpenMP runtime; `setThreads` sets libgomp's thread count.

import CDNNL
import CEngineSupport

public enum Gemm {
    /// C[M,N] = alpha * op(A) @ op(B) + beta * C, row-major. op(X) = Xᵀ when trans is true.
    /// A is [M,K] (or [K,M] when transA), B is [K,N] (or [N,K] when transB).
    @inline(__always)
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                             alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        _ = dnnl_sgemm(transA ? 84 : 78, transB ? 84 : 78, Int64(m), Int64(n), Int64(k), alpha,
                       a, Int64(lda), b, Int64(ldb), beta, c, Int64(ldc))
    }

    /// Number of threads GEMM (and the engine's parallel loops) use.
    public static var threads: Int { Int(gs_get_max_threads()) }

    /// Sets the number of threads GEMM uses.
    public static func setThreads(_ n: Int) { gs_set_num_threads(Int32(max(1, n))) }
}

/// Peak resident set size of this process in MiB.
public func peakRSSMiB() -> Double { Double(gs_peak_rss_kib()) / 1024 }
