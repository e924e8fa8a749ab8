// conv_direct: direct (no im2col) 2-D convolution kernels for stride 1, no padding, in AVX2 + FMA,
// used by GradEngine's conv2d for layers with few input channels (the slides' conv1, C = 1), where
// im2col + a thin GEMM (M = O = 10, K = 25) wastes most of the time on copies and packing.
//   forward, one image:  y[o, i, j] = b[o] + Σ_{c,u,v} w[o, c, u, v] · x[c, i + u, j + v]
//   weight grad, one image (accumulated):  dw[o, c, u, v] += Σ_{i,j} dy[o, i, j] · x[c, i + u, j + v]
//   x [C, H, W], w / dw [O, C, kH, kW], y / dy [O, OH, OW], OH = H - kH + 1, OW = W - kW + 1.
// The functions return 0 (and do nothing) when the CPU lacks AVX2/FMA or OW < 8; the caller then
// takes the im2col + GEMM path. Compiled for AVX2 through target attributes, checked at run time,
// so the package itself still builds for baseline x86-64.
// Non-goals: stride, padding, dilation, other architectures (non-x86 builds always return 0).

#include "CEngineSupport.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

int gs_have_avx2_fma(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return cached;
}

// OT output channels × JT column blocks of 8 for output row i; columns start at js[0..JT).
AVX2 INLINE void fwd_tile(const float *x, int C, int H, int W, const float *w, int KH, int KW,
                          const float *bias, float *y, int OW, int P, int i, int o0,
                          const int *js, const int OT, const int JT) {
    __m256 acc[4][3];
    const int ckk = C * KH * KW;
    for (int t = 0; t < OT; t++) {
        __m256 b = _mm256_set1_ps(bias ? bias[o0 + t] : 0.0f);
        for (int s = 0; s < JT; s++) acc[t][s] = b;
    }
    for (int c = 0; c < C; c++) {
        for (int u = 0; u < KH; u++) {
            const float *row = x + ((size_t)c * H + i + u) * W;
            const float *wr = w + (size_t)o0 * ckk + (c * KH + u) * KW;
            for (int v = 0; v < KW; v++) {
                __m256 xv[3];
                for (int s = 0; s < JT; s++) xv[s] = _mm256_loadu_ps(row + js[s] + v);
                for (int t = 0; t < OT; t++) {
                    __m256 wv = _mm256_broadcast_ss(wr + (size_t)t * ckk + v);
                    for (int s = 0; s < JT; s++) acc[t][s] = _mm256_fmadd_ps(wv, xv[s], acc[t][s]);
                }
            }
        }
    }
    for (int t = 0; t < OT; t++)
        for (int s = 0; s < JT; s++) _mm256_storeu_ps(y + (size_t)(o0 + t) * P + i * OW + js[s], acc[t][s]);
}

#define FWD_CASE(OT, JT) fwd_tile(x, C, H, W, w, KH, KW, bias, y, OW, P, i, o0, js, OT, JT)

AVX2 static void fwd_image(const float *x, int C, int H, int W, const float *w, int O, int KH, int KW,
                           const float *bias, float *y) {
    const int OH = H - KH + 1, OW = W - KW + 1, P = OH * OW;
    const int nb = (OW + 7) / 8;
    int starts[64];
    // Column blocks of 8; the last one is moved left to end at OW (it overlaps, and rewrites the
    // same values), so no masking is needed.
    for (int b = 0; b < nb; b++) starts[b] = b * 8 + 8 <= OW ? b * 8 : OW - 8;
    for (int i = 0; i < OH; i++) {
        for (int b = 0; b < nb; b += 3) {
            const int jt = nb - b < 3 ? nb - b : 3;
            const int *js = starts + b;
            // Output channels in near-equal tiles of at most 4 (10 -> 4, 3, 3, not 4, 4, 2).
            const int tiles = (O + 3) / 4;
            for (int tile = 0, o0 = 0; tile < tiles; tile++) {
                const int ot = (O - o0) / (tiles - tile) + ((O - o0) % (tiles - tile) != 0);
                switch (ot * 4 + jt) {
                case 4 * 4 + 3: FWD_CASE(4, 3); break;
                case 4 * 4 + 2: FWD_CASE(4, 2); break;
                case 4 * 4 + 1: FWD_CASE(4, 1); break;
                case 3 * 4 + 3: FWD_CASE(3, 3); break;
                case 3 * 4 + 2: FWD_CASE(3, 2); break;
                case 3 * 4 + 1: FWD_CASE(3, 1); break;
                case 2 * 4 + 3: FWD_CASE(2, 3); break;
                case 2 * 4 + 2: FWD_CASE(2, 2); break;
                case 2 * 4 + 1: FWD_CASE(2, 1); break;
                case 1 * 4 + 3: FWD_CASE(1, 3); break;
                case 1 * 4 + 2: FWD_CASE(1, 2); break;
                default: FWD_CASE(1, 1); break;
                }
                o0 += ot;
            }
        }
    }
}

int gs_conv_direct_forward(const float *x, int C, int H, int W, const float *w, int O, int KH, int KW,
                           const float *bias, float *y) {
    const int OW = W - KW + 1;
    if (!gs_have_avx2_fma() || OW < 8 || OW > 8 * 64 || H < KH) return 0;
    fwd_image(x, C, H, W, w, O, KH, KW, bias, y);
    return 1;
}

AVX2 INLINE float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// OT output channels × VT kernel columns (v0 ..< v0 + VT) for input channel c, kernel row u;
// dwcu points at dw[0, c, u, 0].
AVX2 INLINE void dw_tile(const float *x, int H, int W, const float *dy, int OH, int OW, int P,
                         float *dwcu, int ckk, int o0, int c, int u, int v0,
                         __m256i tailMask, const int OT, const int VT) {
    __m256 acc[2][5];
    for (int t = 0; t < OT; t++)
        for (int s = 0; s < VT; s++) acc[t][s] = _mm256_setzero_ps();
    const int full = OW / 8 * 8;
    for (int i = 0; i < OH; i++) {
        const float *row = x + ((size_t)c * H + i + u) * W + v0;
        const float *g = dy + (size_t)o0 * P + i * OW;
        int j = 0;
        for (; j < full; j += 8) {
            __m256 gv[2];
            for (int t = 0; t < OT; t++) gv[t] = _mm256_loadu_ps(g + (size_t)t * P + j);
            for (int s = 0; s < VT; s++) {
                __m256 xv = _mm256_loadu_ps(row + j + s);
                for (int t = 0; t < OT; t++) acc[t][s] = _mm256_fmadd_ps(gv[t], xv, acc[t][s]);
            }
        }
        if (j < OW) {
            // Masked lanes load as zero and never touch memory past the row's last column.
            __m256 gv[2];
            for (int t = 0; t < OT; t++) gv[t] = _mm256_maskload_ps(g + (size_t)t * P + j, tailMask);
            for (int s = 0; s < VT; s++) {
                __m256 xv = _mm256_maskload_ps(row + j + s, tailMask);
                for (int t = 0; t < OT; t++) acc[t][s] = _mm256_fmadd_ps(gv[t], xv, acc[t][s]);
            }
        }
    }
    for (int t = 0; t < OT; t++)
        for (int s = 0; s < VT; s++) dwcu[(size_t)(o0 + t) * ckk + v0 + s] += hsum(acc[t][s]);
}

#define DW_CASE(OT, VT) dw_tile(x, H, W, dy, OH, OW, P, dwcu, ckk, o0, c, u, v0, mask, OT, VT)

AVX2 static void dw_image(const float *x, int C, int H, int W, const float *dy, int O, int KH, int KW,
                          float *dw) {
    const int OH = H - KH + 1, OW = W - KW + 1, P = OH * OW, ckk = C * KH * KW;
    const int rem = OW % 8;
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(rem),
                                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    for (int o0 = 0; o0 < O; o0 += 2) {
        const int ot = O - o0 < 2 ? O - o0 : 2;
        for (int c = 0; c < C; c++) {
            for (int u = 0; u < KH; u++) {
                float *dwcu = dw + (c * KH + u) * KW;
                for (int v0 = 0; v0 < KW; v0 += 5) {
                    const int vt = KW - v0 < 5 ? KW - v0 : 5;
                    switch (ot * 8 + vt) {
                    case 2 * 8 + 5: DW_CASE(2, 5); break;
                    case 2 * 8 + 4: DW_CASE(2, 4); break;
                    case 2 * 8 + 3: DW_CASE(2, 3); break;
                    case 2 * 8 + 2: DW_CASE(2, 2); break;
                    case 2 * 8 + 1: DW_CASE(2, 1); break;
                    case 1 * 8 + 5: DW_CASE(1, 5); break;
                    case 1 * 8 + 4: DW_CASE(1, 4); break;
                    case 1 * 8 + 3: DW_CASE(1, 3); break;
                    case 1 * 8 + 2: DW_CASE(1, 2); break;
                    default: DW_CASE(1, 1); break;
                    }
                }
            }
        }
    }
}

int gs_conv_direct_weight_grad(const float *x, int C, int H, int W, const float *dy, int O, int KH, int KW,
                               float *dw) {
    const int OW = W - KW + 1;
    if (!gs_have_avx2_fma() || OW < 8 || H < KH) return 0;
    dw_image(x, C, H, W, dy, O, KH, KW, dw);
    return 1;
}

// im2col / col2im for stride 1 without padding: every row of cols is OH runs of OW floats copied
// from (or added to) one input row each; AVX2 moves 8 at a time, a masked move for the tail.
AVX2 static void im2col_s1(const float *x, int C, int H, int W, int KH, int KW, float *cols, long ld) {
    const int OH = H - KH + 1, OW = W - KW + 1, full = OW / 8 * 8;
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(OW % 8),
                                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    for (int c = 0; c < C; c++)
        for (int u = 0; u < KH; u++)
            for (int v = 0; v < KW; v++) {
                float *row = cols + (long)((c * KH + u) * KW + v) * ld;
                const float *src = x + ((long)c * H + u) * W + v;
                for (int i = 0; i < OH; i++) {
                    float *d = row + (long)i * OW;
                    const float *sp = src + (long)i * W;
                    int j = 0;
                    for (; j < full; j += 8) _mm256_storeu_ps(d + j, _mm256_loadu_ps(sp + j));
                    if (j < OW) _mm256_maskstore_ps(d + j, mask, _mm256_maskload_ps(sp + j, mask));
                }
            }
}

AVX2 static void col2im_s1(const float *cols, long ld, int C, int H, int W, int KH, int KW, float *x) {
    const int OH = H - KH + 1, OW = W - KW + 1, full = OW / 8 * 8;
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(OW % 8),
                                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    for (int c = 0; c < C; c++)
        for (int u = 0; u < KH; u++)
            for (int v = 0; v < KW; v++) {
                const float *row = cols + (long)((c * KH + u) * KW + v) * ld;
                float *dst = x + ((long)c * H + u) * W + v;
                for (int i = 0; i < OH; i++) {
                    const float *s = row + (long)i * OW;
                    float *dp = dst + (long)i * W;
                    int j = 0;
                    for (; j < full; j += 8)
                        _mm256_storeu_ps(dp + j, _mm256_add_ps(_mm256_loadu_ps(dp + j), _mm256_loadu_ps(s + j)));
                    if (j < OW)
                        _mm256_maskstore_ps(dp + j, mask, _mm256_add_ps(_mm256_maskload_ps(dp + j, mask),
                                                                        _mm256_maskload_ps(s + j, mask)));
                }
            }
}

int gs_im2col_s1(const float *x, int C, int H, int W, int KH, int KW, float *cols, long ld) {
    if (!gs_have_avx2_fma() || H < KH || W < KW) return 0;
    im2col_s1(x, C, H, W, KH, KW, cols, ld);
    return 1;
}

int gs_col2im_s1(const float *cols, long ld, int C, int H, int W, int KH, int KW, float *x) {
    if (!gs_have_avx2_fma() || H < KH || W < KW) return 0;
    col2im_s1(cols, ld, C, H, W, KH, KW, x);
    return 1;
}

#else
int gs_im2col_s1(const float *x, int C, int H, int W, int KH, int KW, float *cols, long ld) { return 0; }
int gs_col2im_s1(const float *cols, long ld, int C, int H, int W, int KH, int KW, float *x) { return 0; }
int gs_have_avx2_fma(void) { return 0; }
int gs_conv_direct_forward(const float *x, int C, int H, int W, const float *w, int O, int KH, int KW,
                           const float *bias, float *y) { return 0; }
int gs_conv_direct_weight_grad(const float *x, int C, int H, int W, const float *dy, int O, int KH, int KW,
                               float *dw) { return 0; }
#endif
