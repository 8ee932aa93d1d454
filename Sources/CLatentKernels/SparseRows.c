// Sums of rows of a dense matrix, the inner step of a product whose left
// operand is mostly zeros (Swift's `Kernels.sparseTimesDense`), in AVX2
// registers: 64 Float or 32 Double columns held in eight registers across
// all the terms, so that each term costs loads of b only. Per column the
// terms are added in order from the same start, each product w·b rounded
// before its sum (nothing fused), so every element has the bits of Swift's
// own lanes.
#include "CLatentKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define WIDE __attribute__((target("avx2"), always_inline)) static inline

// How many terms ahead the 64-column loop asks for the rows it will read.
#define PREFETCH_DISTANCE 6

// MARK: - Float

WIDE __m256 term_f32(const float *source, const float *weights, long t) {
    __m256 value = _mm256_loadu_ps(source);
    return weights ? _mm256_mul_ps(_mm256_set1_ps(weights[t]), value) : value;
}

WIDE long combine_rows_f32(
    const float *b, long ldb, const int32_t *rows, const float *weights, long terms, float *row, long n, int accumulate) {
    long column = 0;
    for (; column + 64 <= n; column += 64) {
        __m256 s[8];
        for (int r = 0; r < 8; r++) s[r] = accumulate ? _mm256_loadu_ps(row + column + 8 * r) : _mm256_setzero_ps();
        for (long t = 0; t < terms; t++) {
            const float *source = b + rows[t] * ldb + column;
            // The rows a later term reads are at random: ask for them ahead.
            const float *ahead = b + rows[t + PREFETCH_DISTANCE < terms ? t + PREFETCH_DISTANCE : t] * ldb + column;
            for (int line = 0; line < 4; line++) _mm_prefetch((const char *)(ahead + 16 * line), _MM_HINT_T0);
            for (int r = 0; r < 8; r++) s[r] = _mm256_add_ps(s[r], term_f32(source + 8 * r, weights, t));
        }
        for (int r = 0; r < 8; r++) _mm256_storeu_ps(row + column + 8 * r, s[r]);
    }
    for (; column + 8 <= n; column += 8) {
        __m256 s = accumulate ? _mm256_loadu_ps(row + column) : _mm256_setzero_ps();
        for (long t = 0; t < terms; t++) s = _mm256_add_ps(s, term_f32(b + rows[t] * ldb + column, weights, t));
        _mm256_storeu_ps(row + column, s);
    }
    return column;
}

__attribute__((target("avx2")))
long latent_combine_rows_avx2_f32(
    const float *b, long ldb, const int32_t *rows, const float *weights, long terms, float *row, long n, int accumulate) {
    // Two copies, so that the unit-weight loop has no multiplication in it.
    return weights ? combine_rows_f32(b, ldb, rows, weights, terms, row, n, accumulate)
                   : combine_rows_f32(b, ldb, rows, 0, terms, row, n, accumulate);
}

// MARK: - Double

WIDE __m256d term_f64(const double *source, const double *weights, long t) {
    __m256d value = _mm256_loadu_pd(source);
    return weights ? _mm256_mul_pd(_mm256_set1_pd(weights[t]), value) : value;
}

WIDE long combine_rows_f64(
    const double *b, long ldb, const int32_t *rows, const double *weights, long terms, double *row, long n, int accumulate) {
    long column = 0;
    for (; column + 32 <= n; column += 32) {
        __m256d s[8];
        for (int r = 0; r < 8; r++) s[r] = accumulate ? _mm256_loadu_pd(row + column + 4 * r) : _mm256_setzero_pd();
        for (long t = 0; t < terms; t++) {
            const double *source = b + rows[t] * ldb + column;
            for (int r = 0; r < 8; r++) s[r] = _mm256_add_pd(s[r], term_f64(source + 4 * r, weights, t));
        }
        for (int r = 0; r < 8; r++) _mm256_storeu_pd(row + column + 4 * r, s[r]);
    }
    for (; column + 4 <= n; column += 4) {
        __m256d s = accumulate ? _mm256_loadu_pd(row + column) : _mm256_setzero_pd();
        for (long t = 0; t < terms; t++) s = _mm256_add_pd(s, term_f64(b + rows[t] * ldb + column, weights, t));
        _mm256_storeu_pd(row + column, s);
    }
    return column;
}

__attribute__((target("avx2")))
long latent_combine_rows_avx2_f64(
    const double *b, long ldb, const int32_t *rows, const double *weights, long terms, double *row, long n, int accumulate) {
    return weights ? combine_rows_f64(b, ldb, rows, weights, terms, row, n, accumulate)
                   : combine_rows_f64(b, ldb, rows, 0, terms, row, n, accumulate);
}
#else
long latent_combine_rows_avx2_f32(
    const float *b, long ldb, const int32_t *rows, const float *weights, long terms, float *row, long n, int accumulate) {
    return 0;
}

long latent_combine_rows_avx2_f64(
    const double *b, long ldb, const int32_t *rows, const double *weights, long terms, double *row, long n, int accumulate) {
    return 0;
}
#endif
