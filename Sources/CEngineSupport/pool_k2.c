// pool_k2: 2×2 max pooling with stride 2 on one plane in AVX2, for GradEngine's max_pool2d.
//   forward:  y[i, j] = max of x[2i..2i+1, 2j..2j+1]; arg[i, j] = its flat index in the plane
//             (row-major window order, strict >: the first max wins ties; a NaN wins only as the
//             window's first element, as the engine's SIMD Swift path).
//   backward: dx[arg[i, j]] = dy[i, j], every other element 0 (windows do not overlap), written in
//             one pass without zeroing the plane first.
// x / dx [H, W], y / dy / arg [OH, OW], OH = H / 2, OW = W / 2 (floor).
// Rows go in blocks of 8 windows (AVX2), then 4 (SSE); a row's last block is moved left to end at
// its last window (it overlaps the one before and writes the same values again), so only rows
// narrower than 4 windows take the scalar loop (measured on the slides' net, whose rows are 12 and 4
// windows wide: the scalar tails, one unpredictable branch per comparison, were most of the time).
// Functions return 0 (and do nothing) without AVX2; the caller then runs its Swift loops.
// Non-goals: other kernel sizes or strides.

#include "CEngineSupport.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

#define INLINE static inline __attribute__((always_inline))

// Eight windows of output row i starting at column j (inputs r0/r1 = rows 2i, 2i+1).
AVX2 INLINE void fwd8(const float *r0, const float *r1, int i, int j, int W, float *yo, int *ao) {
    const __m256i lane2 = _mm256_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14);
    __m256 a0 = _mm256_loadu_ps(r0 + 2 * j), a1 = _mm256_loadu_ps(r0 + 2 * j + 8);
    __m256 c0 = _mm256_loadu_ps(r1 + 2 * j), c1 = _mm256_loadu_ps(r1 + 2 * j + 8);
    // Even / odd lanes of 16 consecutive inputs, back in order (shuffle works per 128 bits).
    __m256 ae = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a0, a1, 0x88)), 0xD8));
    __m256 ao_ = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a0, a1, 0xDD)), 0xD8));
    __m256 ce = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(c0, c1, 0x88)), 0xD8));
    __m256 co = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(c0, c1, 0xDD)), 0xD8));
    __m256i base = _mm256_add_epi32(_mm256_set1_epi32(2 * i * W + 2 * j), lane2);
    __m256 best = ae;
    __m256i idx = base;
    __m256 m = _mm256_cmp_ps(ao_, best, _CMP_GT_OQ);
    best = _mm256_blendv_ps(best, ao_, m);
    idx = _mm256_blendv_epi8(idx, _mm256_add_epi32(base, _mm256_set1_epi32(1)), _mm256_castps_si256(m));
    m = _mm256_cmp_ps(ce, best, _CMP_GT_OQ);
    best = _mm256_blendv_ps(best, ce, m);
    idx = _mm256_blendv_epi8(idx, _mm256_add_epi32(base, _mm256_set1_epi32(W)), _mm256_castps_si256(m));
    m = _mm256_cmp_ps(co, best, _CMP_GT_OQ);
    best = _mm256_blendv_ps(best, co, m);
    idx = _mm256_blendv_epi8(idx, _mm256_add_epi32(base, _mm256_set1_epi32(W + 1)), _mm256_castps_si256(m));
    _mm256_storeu_ps(yo + j, best);
    _mm256_storeu_si256((__m256i *)(ao + j), idx);
}

// Four windows of output row i starting at column j, in 128-bit lanes (the same comparisons).
AVX2 INLINE void fwd4(const float *r0, const float *r1, int i, int j, int W, float *yo, int *ao) {
    __m128 a0 = _mm_loadu_ps(r0 + 2 * j), a1 = _mm_loadu_ps(r0 + 2 * j + 4);
    __m128 c0 = _mm_loadu_ps(r1 + 2 * j), c1 = _mm_loadu_ps(r1 + 2 * j + 4);
    __m128 ae = _mm_shuffle_ps(a0, a1, 0x88), ao_ = _mm_shuffle_ps(a0, a1, 0xDD);
    __m128 ce = _mm_shuffle_ps(c0, c1, 0x88), co = _mm_shuffle_ps(c0, c1, 0xDD);
    __m128i base = _mm_add_epi32(_mm_set1_epi32(2 * i * W + 2 * j), _mm_setr_epi32(0, 2, 4, 6));
    __m128 best = ae;
    __m128i idx = base;
    __m128 m = _mm_cmpgt_ps(ao_, best);
    best = _mm_blendv_ps(best, ao_, m);
    idx = _mm_blendv_epi8(idx, _mm_add_epi32(base, _mm_set1_epi32(1)), _mm_castps_si128(m));
    m = _mm_cmpgt_ps(ce, best);
    best = _mm_blendv_ps(best, ce, m);
    idx = _mm_blendv_epi8(idx, _mm_add_epi32(base, _mm_set1_epi32(W)), _mm_castps_si128(m));
    m = _mm_cmpgt_ps(co, best);
    best = _mm_blendv_ps(best, co, m);
    idx = _mm_blendv_epi8(idx, _mm_add_epi32(base, _mm_set1_epi32(W + 1)), _mm_castps_si128(m));
    _mm_storeu_ps(yo + j, best);
    _mm_storeu_si128((__m128i *)(ao + j), idx);
}

// Columns left after the blocks of 8: the last block is moved left to end at OW (it overlaps and
// writes the same values again), so widths 4..7 and the tails of wider rows need no scalar loop.
AVX2 static void fwd_plane(const float *x, int H, int W, float *y, int *arg) {
    const int OH = H / 2, OW = W / 2;
    for (int i = 0; i < OH; i++) {
        const float *r0 = x + (long)2 * i * W, *r1 = r0 + W;
        float *yo = y + (long)i * OW;
        int *ao = arg + (long)i * OW;
        int j = 0;
        for (; j + 8 <= OW; j += 8) fwd8(r0, r1, i, j, W, yo, ao);
        if (j < OW && OW >= 8) {
            fwd8(r0, r1, i, OW - 8, W, yo, ao);
            j = OW;
        }
        for (; j + 4 <= OW; j += 4) fwd4(r0, r1, i, j, W, yo, ao);
        if (j < OW && OW >= 4) {
            fwd4(r0, r1, i, OW - 4, W, yo, ao);
            j = OW;
        }
        for (; j < OW; j++) {
            const int c = 2 * j;
            float best = r0[c];
            int bi = 2 * i * W + c;
            if (r0[c + 1] > best) { best = r0[c + 1]; bi = 2 * i * W + c + 1; }
            if (r1[c] > best) { best = r1[c]; bi = (2 * i + 1) * W + c; }
            if (r1[c + 1] > best) { best = r1[c + 1]; bi = (2 * i + 1) * W + c + 1; }
            yo[j] = best;
            ao[j] = bi;
        }
    }
}

// Backward of eight windows of output row i from column j: each of the 2×2 positions gets dy where
// it holds the argmax, else 0 (d0/d1 = rows 2i, 2i+1 of dx).
AVX2 INLINE void bwd8(const float *g, const int *a, int i, int j, int W, float *d0, float *d1) {
    const __m256i lane2 = _mm256_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14);
    const __m256 zero = _mm256_setzero_ps();
    __m256 gv = _mm256_loadu_ps(g + j);
    __m256i av = _mm256_loadu_si256((const __m256i *)(a + j));
    __m256i base = _mm256_add_epi32(_mm256_set1_epi32(2 * i * W + 2 * j), lane2);
    __m256 tl = _mm256_blendv_ps(zero, gv, _mm256_castsi256_ps(_mm256_cmpeq_epi32(av, base)));
    __m256 tr = _mm256_blendv_ps(zero, gv, _mm256_castsi256_ps(_mm256_cmpeq_epi32(av, _mm256_add_epi32(base, _mm256_set1_epi32(1)))));
    __m256 bl = _mm256_blendv_ps(zero, gv, _mm256_castsi256_ps(_mm256_cmpeq_epi32(av, _mm256_add_epi32(base, _mm256_set1_epi32(W)))));
    __m256 br = _mm256_blendv_ps(zero, gv, _mm256_castsi256_ps(_mm256_cmpeq_epi32(av, _mm256_add_epi32(base, _mm256_set1_epi32(W + 1)))));
    // Interleave left/right columns back into rows of 16.
    __m256 lo = _mm256_unpacklo_ps(tl, tr), hi = _mm256_unpackhi_ps(tl, tr);
    _mm256_storeu_ps(d0 + 2 * j, _mm256_permute2f128_ps(lo, hi, 0x20));
    _mm256_storeu_ps(d0 + 2 * j + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
    lo = _mm256_unpacklo_ps(bl, br); hi = _mm256_unpackhi_ps(bl, br);
    _mm256_storeu_ps(d1 + 2 * j, _mm256_permute2f128_ps(lo, hi, 0x20));
    _mm256_storeu_ps(d1 + 2 * j + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
}

// The same for four windows, in 128-bit lanes.
AVX2 INLINE void bwd4(const float *g, const int *a, int i, int j, int W, float *d0, float *d1) {
    const __m128 zero = _mm_setzero_ps();
    __m128 gv = _mm_loadu_ps(g + j);
    __m128i av = _mm_loadu_si128((const __m128i *)(a + j));
    __m128i base = _mm_add_epi32(_mm_set1_epi32(2 * i * W + 2 * j), _mm_setr_epi32(0, 2, 4, 6));
    __m128 tl = _mm_blendv_ps(zero, gv, _mm_castsi128_ps(_mm_cmpeq_epi32(av, base)));
    __m128 tr = _mm_blendv_ps(zero, gv, _mm_castsi128_ps(_mm_cmpeq_epi32(av, _mm_add_epi32(base, _mm_set1_epi32(1)))));
    __m128 bl = _mm_blendv_ps(zero, gv, _mm_castsi128_ps(_mm_cmpeq_epi32(av, _mm_add_epi32(base, _mm_set1_epi32(W)))));
    __m128 br = _mm_blendv_ps(zero, gv, _mm_castsi128_ps(_mm_cmpeq_epi32(av, _mm_add_epi32(base, _mm_set1_epi32(W + 1)))));
    _mm_storeu_ps(d0 + 2 * j, _mm_unpacklo_ps(tl, tr));
    _mm_storeu_ps(d0 + 2 * j + 4, _mm_unpackhi_ps(tl, tr));
    _mm_storeu_ps(d1 + 2 * j, _mm_unpacklo_ps(bl, br));
    _mm_storeu_ps(d1 + 2 * j + 4, _mm_unpackhi_ps(bl, br));
}

AVX2 static void bwd_plane(const float *dy, const int *arg, int H, int W, float *dx) {
    const int OH = H / 2, OW = W / 2;
    for (int i = 0; i < OH; i++) {
        float *d0 = dx + (long)2 * i * W, *d1 = d0 + W;
        const float *g = dy + (long)i * OW;
        const int *a = arg + (long)i * OW;
        int j = 0;
        // As the forward: a last, overlapping block instead of a scalar tail (it writes the same values).
        for (; j + 8 <= OW; j += 8) bwd8(g, a, i, j, W, d0, d1);
        if (j < OW && OW >= 8) {
            bwd8(g, a, i, OW - 8, W, d0, d1);
            j = OW;
        }
        for (; j + 4 <= OW; j += 4) bwd4(g, a, i, j, W, d0, d1);
        if (j < OW && OW >= 4) {
            bwd4(g, a, i, OW - 4, W, d0, d1);
            j = OW;
        }
        for (; j < OW; j++) {
            const int c = 2 * j;
            d0[c] = 0; d0[c + 1] = 0; d1[c] = 0; d1[c + 1] = 0;
            dx[a[j]] = g[j];
        }
        // An odd width leaves the last column outside every window.
        if (W & 1) { d0[W - 1] = 0; d1[W - 1] = 0; }
    }
    // An odd height leaves the last row outside every window.
    if (H & 1) for (int c = 0; c < W; c++) dx[(long)(H - 1) * W + c] = 0;
}

int gs_maxpool_k2s2_forward(const float *x, int H, int W, float *y, int *arg) {
    if (!gs_have_avx2_fma() || H < 2 || W < 2) return 0;
    fwd_plane(x, H, W, y, arg);
    return 1;
}

int gs_maxpool_k2s2_backward(const float *dy, const int *arg, int H, int W, float *dx) {
    if (!gs_have_avx2_fma() || H < 2 || W < 2) return 0;
    bwd_plane(dy, arg, H, W, dx);
    return 1;
}

#else
int gs_maxpool_k2s2_forward(const float *x, int H, int W, float *y, int *arg) { return 0; }
int gs_maxpool_k2s2_backward(const float *dy, const int *arg, int H, int W, float *dx) { return 0; }
#endif
