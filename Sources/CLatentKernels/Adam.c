// Adam's update in AVX2 registers: eight Floats or four Doubles at a time,
// with the square root one vector instruction (Swift's `SIMD8.squareRoot()`
// is a call per lane). No a·b + c is fused, so every element comes out with
// the bits of Swift's own lanes: the same operations in the same order,
// each rounded once.
//
//   m ← β₁m + (1 − β₁)g,  v ← β₂v + ((1 − β₂)g)g,
//   θ ← θ·decay − η(m·c₁)/(√(v·c₂) + ε)
//
// Whether every new θ is finite comes out at no cost in memory traffic:
// θ − θ is 0 for a finite θ and NaN otherwise, and a sum of those stays 0
// only while every term is 0.
#include "CLatentKernels.h"

#if defined(__FAST_MATH__) || defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__
#error "Adam.c tells a finite θ by θ − θ = 0, which fast or finite-only math folds away"
#endif

#if defined(__x86_64__)
#include <immintrin.h>

// One definition for both precisions: `scalar`, its register type `vector`,
// the intrinsics' suffix `ps` or `pd` and the lanes to a register.
#define ADAM(name, scalar, vector, suffix, lanes)                                                                 \
    __attribute__((target("avx2"))) long name(                                                                    \
        scalar *theta, const scalar *gradient, scalar *first, scalar *second, long count,                         \
        scalar beta1, scalar one_minus_beta1, scalar beta2, scalar one_minus_beta2, scalar rate,                  \
        scalar correction1, scalar correction2, scalar epsilon, scalar decay, int *finite) {                      \
        const vector b1 = _mm256_set1_##suffix(beta1), a1 = _mm256_set1_##suffix(one_minus_beta1);                \
        const vector b2 = _mm256_set1_##suffix(beta2), a2 = _mm256_set1_##suffix(one_minus_beta2);                \
        const vector eta = _mm256_set1_##suffix(rate), c1 = _mm256_set1_##suffix(correction1);                    \
        const vector c2 = _mm256_set1_##suffix(correction2), eps = _mm256_set1_##suffix(epsilon);                 \
        const vector keep = _mm256_set1_##suffix(decay);                                                          \
        vector residue = _mm256_setzero_##suffix();                                                               \
        long covered = count / (lanes) * (lanes);                                                                 \
        for (long i = 0; i < covered; i += (lanes)) {                                                             \
            vector g = _mm256_loadu_##suffix(gradient + i);                                                       \
            vector m = _mm256_add_##suffix(_mm256_mul_##suffix(b1, _mm256_loadu_##suffix(first + i)),             \
                                           _mm256_mul_##suffix(a1, g));                                           \
            vector v = _mm256_add_##suffix(_mm256_mul_##suffix(b2, _mm256_loadu_##suffix(second + i)),            \
                                           _mm256_mul_##suffix(_mm256_mul_##suffix(a2, g), g));                   \
            vector step = _mm256_div_##suffix(                                                                    \
                _mm256_mul_##suffix(eta, _mm256_mul_##suffix(m, c1)),                                             \
                _mm256_add_##suffix(_mm256_sqrt_##suffix(_mm256_mul_##suffix(v, c2)), eps));                      \
            _mm256_storeu_##suffix(first + i, m);                                                                 \
            _mm256_storeu_##suffix(second + i, v);                                                                \
            vector next = _mm256_sub_##suffix(_mm256_mul_##suffix(_mm256_loadu_##suffix(theta + i), keep), step); \
            _mm256_storeu_##suffix(theta + i, next);                                                              \
            residue = _mm256_add_##suffix(residue, _mm256_sub_##suffix(next, next));                              \
        }                                                                                                         \
        *finite = _mm256_movemask_##suffix(_mm256_cmp_##suffix(residue, residue, _CMP_UNORD_Q)) == 0;             \
        return covered;                                                                                           \
    }

ADAM(latent_adam_avx2_f32, float, __m256, ps, 8)
ADAM(latent_adam_avx2_f64, double, __m256d, pd, 4)
#else
#define ADAM(name, scalar)                                                                                        \
    long name(scalar *theta, const scalar *gradient, scalar *first, scalar *second, long count,                   \
              scalar beta1, scalar one_minus_beta1, scalar beta2, scalar one_minus_beta2, scalar rate,            \
              scalar correction1, scalar correction2, scalar epsilon, scalar decay, int *finite) {                \
        *finite = 1;                                                                                              \
        return 0;                                                                                                 \
    }

ADAM(latent_adam_avx2_f32, float)
ADAM(latent_adam_avx2_f64, double)
#endif
