#ifndef GRADSTEP_CENGINESUPPORT_H
#define GRADSTEP_CENGINESUPPORT_H
/// Sets the number of OpenMP threads oneDNN uses (libgomp's omp_set_num_threads).
void gs_set_num_threads(int n);
/// The number of OpenMP threads oneDNN will use.
int gs_get_max_threads(void);
/// Peak resident set size of this process, in KiB (getrusage).
long gs_peak_rss_kib(void);
/// glibc malloc: blocks up to 32 MiB come from the heap (not a fresh mmap each time) and up to
/// 64 MiB of freed heap stays mapped, so a training step's multi-MB activations reuse warm pages
/// instead of page-faulting and zeroing them on every step. No-op when MALLOC_TRIM_THRESHOLD_ or
/// MALLOC_MMAP_THRESHOLD_ is set, and on other C libraries.
void gs_tune_malloc(void);
/// Blocks the asynchronous signals a front end may handle (SIGINT, SIGWINCH, SIGTERM, SIGHUP,
/// SIGQUIT, SIGTSTP, SIGCONT, SIGUSR1/2, SIGALRM, SIGCHLD) on the calling thread for good, so the
/// engine's worker threads never run a handler in the middle of a kernel; the process still
/// gets them on a thread that has them unblocked.
void gs_block_async_signals(void);
/// Blocks the same signals on the calling thread until the matching `gs_async_signals_release`
/// restores the previous mask. Holds nest (only the outermost pair changes the mask, so a kernel
/// can hold once around many GEMMs) and cost nothing on threads that called
/// gs_block_async_signals. Around every dnnl_sgemm: a signal handled on a thread inside it
/// corrupted glibc's heap (see Gemm.swift).
void gs_async_signals_hold(void);
void gs_async_signals_release(void);
/// 1 when the CPU has AVX2 and FMA (the direct convolution kernels need them).
int gs_have_avx2_fma(void);
/// Direct convolution, stride 1, no padding, one image: y[o,i,j] = b[o] + Σ w[o,c,u,v]·x[c,i+u,j+v].
/// x [C,H,W], w [O,C,KH,KW], bias [O] or NULL, y [O,H-KH+1,W-KW+1]. Returns 0 (nothing done) when
/// unsupported (no AVX2/FMA, or output width < 8).
int gs_conv_direct_forward(const float *x, int C, int H, int W, const float *w, int O, int KH, int KW,
                           const float *bias, float *y);
/// Weight gradient of one image, accumulated: dw[o,c,u,v] += Σ_{i,j} dy[o,i,j]·x[c,i+u,j+v].
/// Returns 0 (nothing done) when unsupported, as gs_conv_direct_forward.
int gs_conv_direct_weight_grad(const float *x, int C, int H, int W, const float *dy, int O, int KH, int KW,
                               float *dw);
/// im2col of one image, stride 1, no padding: cols[(c·KH+u)·KW+v, i·OW+j] = x[c, i+u, j+v], rows
/// `ld` floats apart. Returns 0 (nothing done) without AVX2.
int gs_im2col_s1(const float *x, int C, int H, int W, int KH, int KW, float *cols, long ld);
/// The adjoint: x[c, i+u, j+v] += cols[(c·KH+u)·KW+v, i·OW+j]. Returns 0 (nothing done) without AVX2.
int gs_col2im_s1(const float *cols, long ld, int C, int H, int W, int KH, int KW, float *x);
/// 2×2 max pooling, stride 2, one plane: y [H/2, W/2] and the argmax's flat index in the plane
/// (first max on ties). Returns 0 (nothing done) without AVX2.
int gs_maxpool_k2s2_forward(const float *x, int H, int W, float *y, int *arg);
/// Its backward on one plane: dx[arg] = dy, all else 0 (whole plane written, no zeroing needed).
/// Returns 0 (nothing done) without AVX2.
int gs_maxpool_k2s2_backward(const float *dy, const int *arg, int H, int W, float *dx);
#endif
