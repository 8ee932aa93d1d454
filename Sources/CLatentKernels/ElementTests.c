// The membership tests of scalar constraints (Swift's `ElementTest`) over
// eight Floats to an AVX2 register: the support of every observation is
// checked on every training step, a minibatch of images at a time. The
// same tests as Swift's lanes: NaN fails every one; whole numbers are
// those that truncation leaves unchanged (every Float of magnitude 2²³ or
// more is whole).
#include "CLatentKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
long latent_count_outside_avx2_f32(const float *x, long count, int kind, float lower, float upper) {
    const __m256 l = _mm256_set1_ps(lower), u = _mm256_set1_ps(upper);
    __m256i failed = _mm256_setzero_si256();
    for (long i = 0; i + 8 <= count; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        // Ordered comparisons are false for NaN, so "inside" excludes NaN.
        __m256 inside;
        switch (kind) {
        case LATENT_TEST_NOT_NAN: inside = _mm256_cmp_ps(v, v, _CMP_EQ_OQ); break;
        case LATENT_TEST_ABOVE_STRICT: inside = _mm256_cmp_ps(v, l, _CMP_GT_OQ); break;
        case LATENT_TEST_ABOVE: inside = _mm256_cmp_ps(v, l, _CMP_GE_OQ); break;
        case LATENT_TEST_BETWEEN:
            inside = _mm256_and_ps(_mm256_cmp_ps(v, l, _CMP_GE_OQ), _mm256_cmp_ps(v, u, _CMP_LE_OQ));
            break;
        default:
            inside = _mm256_and_ps(_mm256_cmp_ps(v, l, _CMP_GE_OQ), _mm256_cmp_ps(v, u, _CMP_LE_OQ));
            inside = _mm256_and_ps(inside, _mm256_cmp_ps(_mm256_round_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC), v, _CMP_EQ_OQ));
            break;
        }
        // A lane outside adds 1: the all-ones mask of "inside" is −1 as an integer, so add 1 + mask.
        failed = _mm256_add_epi32(failed, _mm256_add_epi32(_mm256_set1_epi32(1), _mm256_castps_si256(inside)));
    }
    int lanes[8];
    _mm256_storeu_si256((__m256i *)lanes, failed);
    long total = 0;
    for (int r = 0; r < 8; r++) total += lanes[r];
    return total;
}
#else
long latent_count_outside_avx2_f32(const float *x, long count, int kind, float lower, float upper) { return 0; }
#endif
