// Adam's update in AVX2 registers: eight Floats or four Doubles at a time,
// with the square root one vector instruction (Swift's `SIMD8.squareRoot()`
// is a call per lane). No a·b + c is fused, so every element comes out with
// the bits of Swift's own lanes: the same operations in the same order,
// each rounded once.
//
//   m ← β₁m + (1 − β₁)g,  v ← β₂v + ((1 − β₂)g)g,
//   θ ← θ·decay − η(m·c₁)/(√(v·c₂) + ε)
#include "CLatentKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
long latent_adam_avx2_f32(
    float *theta, const float *gradient, float *first, float *second, long count, float beta1, float one_minus_beta1,
    float beta2, float one_minus_beta2, float rate, float correction1, float correction2, float epsilon, float decay) {
    const __m256 b1 = _mm256_set1_ps(beta1), a1 = _mm256_set1_ps(one_minus_beta1);
    const __m256 b2 = _mm256_set1_ps(beta2), a2 = _mm256_set1_ps(one_minus_beta2);
    const __m256 eta = _mm256_set1_ps(rate), c1 = _mm256_set1_ps(correction1), c2 = _mm256_set1_ps(correction2);
    const __m256 eps = _mm256_set1_ps(epsilon), keep = _mm256_set1_ps(decay);
    long covered = count / 8 * 8;
    for (long i = 0; i < covered; i += 8) {
        __m256 g = _mm256_loadu_ps(gradient + i);
        __m256 m = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(first + i)), _mm256_mul_ps(a1, g));
        __m256 v = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(second + i)), _mm256_mul_ps(_mm256_mul_ps(a2, g), g));
        __m256 step = _mm256_div_ps(
            _mm256_mul_ps(eta, _mm256_mul_ps(m, c1)), _mm256_add_ps(_mm256_sqrt_ps(_mm256_mul_ps(v, c2)), eps));
        _mm256_storeu_ps(first + i, m);
        _mm256_storeu_ps(second + i, v);
        _mm256_storeu_ps(theta + i, _mm256_sub_ps(_mm256_mul_ps(_mm256_loadu_ps(theta + i), keep), step));
    }
    return covered;
}

__attribute__((target("avx2")))
long latent_adam_avx2_f64(
    double *theta, const double *gradient, double *first, double *second, long count, double beta1,
    double one_minus_beta1, double beta2, double one_minus_beta2, double rate, double correction1, double correction2,
    double epsilon, double decay) {
    const __m256d b1 = _mm256_set1_pd(beta1), a1 = _mm256_set1_pd(one_minus_beta1);
    const __m256d b2 = _mm256_set1_pd(beta2), a2 = _mm256_set1_pd(one_minus_beta2);
    const __m256d eta = _mm256_set1_pd(rate), c1 = _mm256_set1_pd(correction1), c2 = _mm256_set1_pd(correction2);
    const __m256d eps = _mm256_set1_pd(epsilon), keep = _mm256_set1_pd(decay);
    long covered = count / 4 * 4;
    for (long i = 0; i < covered; i += 4) {
        __m256d g = _mm256_loadu_pd(gradient + i);
        __m256d m = _mm256_add_pd(_mm256_mul_pd(b1, _mm256_loadu_pd(first + i)), _mm256_mul_pd(a1, g));
        __m256d v = _mm256_add_pd(_mm256_mul_pd(b2, _mm256_loadu_pd(second + i)), _mm256_mul_pd(_mm256_mul_pd(a2, g), g));
        __m256d step = _mm256_div_pd(
            _mm256_mul_pd(eta, _mm256_mul_pd(m, c1)), _mm256_add_pd(_mm256_sqrt_pd(_mm256_mul_pd(v, c2)), eps));
        _mm256_storeu_pd(first + i, m);
        _mm256_storeu_pd(second + i, v);
        _mm256_storeu_pd(theta + i, _mm256_sub_pd(_mm256_mul_pd(_mm256_loadu_pd(theta + i), keep), step));
    }
    return covered;
}
#else
long latent_adam_avx2_f32(
    float *theta, const float *gradient, float *first, float *second, long count, float beta1, float one_minus_beta1,
    float beta2, float one_minus_beta2, float rate, float correction1, float correction2, float epsilon, float decay) {
    return 0;
}

long latent_adam_avx2_f64(
    double *theta, const double *gradient, double *first, double *second, long count, double beta1,
    double one_minus_beta1, double beta2, double one_minus_beta2, double rate, double correction1, double correction2,
    double epsilon, double decay) {
    return 0;
}
#endif
