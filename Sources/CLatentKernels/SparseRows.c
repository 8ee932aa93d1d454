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

// How many terms ahead the widest loop asks for the rows it will read.
#define PREFETCH_DISTANCE 6

// One definition for both precisions: `scalar`, its register type `vector`,
// the intrinsics' suffix `ps` or `pd` and the lanes to a register. Eight
// registers span 256 bytes of a row (64 Floats or 32 Doubles), four cache
// lines. Two copies of the loop, so that the unit-weight one has no
// multiplication in it.
#define COMBINE_ROWS(name, scalar, vector, suffix, lanes)                                                      \
    __attribute__((target("avx2"), always_inline)) static inline vector name##_term(                          \
        const scalar *source, const scalar *weights, long t) {                                                 \
        vector value = _mm256_loadu_##suffix(source);                                                         \
        return weights ? _mm256_mul_##suffix(_mm256_set1_##suffix(weights[t]), value) : value;                 \
    }                                                                                                          \
                                                                                                               \
    __attribute__((target("avx2"), always_inline)) static inline long name##_loop(                             \
        const scalar *b, long ldb, const int32_t *rows, const scalar *weights, long terms, scalar *row, long n, \
        int accumulate) {                                                                                      \
        long column = 0;                                                                                       \
        for (; column + 8 * (lanes) <= n; column += 8 * (lanes)) {                                             \
            vector s[8];                                                                                       \
            for (int r = 0; r < 8; r++)                                                                        \
                s[r] = accumulate ? _mm256_loadu_##suffix(row + column + (lanes) * r) : _mm256_setzero_##suffix(); \
            for (long t = 0; t < terms; t++) {                                                                 \
                const scalar *source = b + rows[t] * ldb + column;                                             \
                /* The rows a later term reads are at random: ask for them ahead. */                           \
                const scalar *ahead = b + rows[t + PREFETCH_DISTANCE < terms ? t + PREFETCH_DISTANCE : t] * ldb + column; \
                for (int line = 0; line < 4; line++) _mm_prefetch((const char *)ahead + 64 * line, _MM_HINT_T0); \
                for (int r = 0; r < 8; r++)                                                                    \
                    s[r] = _mm256_add_##suffix(s[r], name##_term(source + (lanes) * r, weights, t));           \
            }                                                                                                  \
            for (int r = 0; r < 8; r++) _mm256_storeu_##suffix(row + column + (lanes) * r, s[r]);              \
        }                                                                                                      \
        for (; column + (lanes) <= n; column += (lanes)) {                                                     \
            vector s = accumulate ? _mm256_loadu_##suffix(row + column) : _mm256_setzero_##suffix();           \
            for (long t = 0; t < terms; t++)                                                                   \
                s = _mm256_add_##suffix(s, name##_term(b + rows[t] * ldb + column, weights, t));               \
            _mm256_storeu_##suffix(row + column, s);                                                           \
        }                                                                                                      \
        return column;                                                                                         \
    }                                                                                                          \
                                                                                                               \
    __attribute__((target("avx2"))) long name(                                                                 \
        const scalar *b, long ldb, const int32_t *rows, const scalar *weights, long terms, scalar *row, long n, \
        int accumulate) {                                                                                      \
        return weights ? name##_loop(b, ldb, rows, weights, terms, row, n, accumulate)                         \
                       : name##_loop(b, ldb, rows, 0, terms, row, n, accumulate);                              \
    }

COMBINE_ROWS(latent_combine_rows_avx2_f32, float, __m256, ps, 8)
COMBINE_ROWS(latent_combine_rows_avx2_f64, double, __m256d, pd, 4)
#else
#define COMBINE_ROWS(name, scalar)                                                                             \
    long name(const scalar *b, long ldb, const int32_t *rows, const scalar *weights, long terms, scalar *row,  \
              long n, int accumulate) {                                                                        \
        return 0;                                                                                              \
    }

COMBINE_ROWS(latent_combine_rows_avx2_f32, float)
COMBINE_ROWS(latent_combine_rows_avx2_f64, double)
#endif
