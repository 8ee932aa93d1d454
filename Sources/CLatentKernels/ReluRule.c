// relu's derivative rule in AVX2 registers (Swift's `DerivativeRules`):
// g where the saved input is above 0, +0 elsewhere (a NaN input too), as a
// mask and an AND, so no branch. Swift's scalar loop branched on each
// input's sign and mispredicted about every other element of a hidden
// layer, some 3 ns an element. The kept g are g's own bits, and adding
// is one rounded sum, so the results are the scalar loop's bits.
#include "CLatentKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define RELU_RULE(name, scalar, vector, suffix, lanes)                                                        \
    __attribute__((target("avx2"))) long name(                                                                \
        const scalar *g, const scalar *saved, scalar *target, long count, int adding) {                       \
        const vector zero = _mm256_setzero_##suffix();                                                        \
        long i = 0;                                                                                           \
        for (; i + (lanes) <= count; i += (lanes)) {                                                          \
            vector above = _mm256_cmp_##suffix(_mm256_loadu_##suffix(saved + i), zero, _CMP_GT_OQ);          \
            vector kept = _mm256_and_##suffix(above, _mm256_loadu_##suffix(g + i));                          \
            if (adding) kept = _mm256_add_##suffix(_mm256_loadu_##suffix(target + i), kept);                 \
            _mm256_storeu_##suffix(target + i, kept);                                                         \
        }                                                                                                     \
        return i;                                                                                             \
    }

RELU_RULE(latent_relu_rule_avx2_f32, float, __m256, ps, 8)
RELU_RULE(latent_relu_rule_avx2_f64, double, __m256d, pd, 4)
#else
long latent_relu_rule_avx2_f32(const float *g, const float *saved, float *target, long count, int adding) { return 0; }
long latent_relu_rule_avx2_f64(const double *g, const double *saved, double *target, long count, int adding) { return 0; }
#endif
