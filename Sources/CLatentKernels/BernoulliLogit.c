// The Bernoulli likelihood under logits on AVX2 and FMA: the same formulas
// as Swift's `LogitLikelihood` on `VectorMath`, four Doubles or eight Floats
// to a register and each a·b + c one fused instruction.
//
// With e = exp(−|l|) ∈ (0, 1]:
//   log p(k) = −(max(∓l, 0) + log(1 + e))      (− for k = 1)
//   d/dl     = k − σ(l),  σ(l) = 1/(1 + e) for l ≥ 0, e/(1 + e) below.
#include "CLatentKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define WIDE __attribute__((target("avx2,fma"), always_inline)) static inline

// MARK: - Double

// eˣ for x ≤ 0: x = n·ln 2 + r with |r| ≤ ln 2 / 2 (n rounded by adding
// 1.5·2⁵², ln 2 in a head and a tail, each product fused so the reduction
// is exact to the tail's rounding), a degree-13 Taylor polynomial for eʳ by
// Estrin's scheme (truncation below 6·10⁻¹⁸ relative), and 2ⁿ, n ∈
// [−1022, 0], built in the exponent bits. 0 below −1022·ln 2; NaN for NaN.
WIDE __m256d exp_nonpositive_f64(__m256d x) {
    const __m256d low = _mm256_set1_pd(-708.3964185322641);
    const __m256d magic = _mm256_set1_pd(6755399441055744.0);
    __m256d clamped = _mm256_max_pd(x, low);
    __m256d shifted = _mm256_fmadd_pd(clamped, _mm256_set1_pd(1.4426950408889634), magic);
    __m256d n = _mm256_sub_pd(shifted, magic);
    __m256d r = _mm256_fnmadd_pd(n, _mm256_set1_pd(6.9314718036912381649e-1), clamped);
    r = _mm256_fnmadd_pd(n, _mm256_set1_pd(1.9082149292705877000e-10), r);
    __m256d r2 = _mm256_mul_pd(r, r), r4 = _mm256_mul_pd(r2, r2), r8 = _mm256_mul_pd(r4, r4);
    __m256d a0 = _mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 6), _mm256_set1_pd(1.0 / 2));
    __m256d a1 = _mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 120), _mm256_set1_pd(1.0 / 24));
    __m256d a2 = _mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 5040), _mm256_set1_pd(1.0 / 720));
    __m256d a3 = _mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 362880), _mm256_set1_pd(1.0 / 40320));
    __m256d a4 = _mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 39916800), _mm256_set1_pd(1.0 / 3628800));
    __m256d a5 = _mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 6227020800), _mm256_set1_pd(1.0 / 479001600));
    __m256d b0 = _mm256_fmadd_pd(r2, a1, a0), b1 = _mm256_fmadd_pd(r2, a3, a2), b2 = _mm256_fmadd_pd(r2, a5, a4);
    __m256d q = _mm256_fmadd_pd(r8, b2, _mm256_fmadd_pd(r4, b1, b0));
    __m256d p = _mm256_add_pd(_mm256_set1_pd(1), _mm256_fmadd_pd(r2, q, r));
    __m256i biased = _mm256_add_epi64(
        _mm256_sub_epi64(_mm256_castpd_si256(shifted), _mm256_castpd_si256(magic)), _mm256_set1_epi64x(1023));
    __m256d result = _mm256_mul_pd(p, _mm256_castsi256_pd(_mm256_slli_epi64(biased, 52)));
    result = _mm256_andnot_pd(_mm256_cmp_pd(x, low, _CMP_LT_OQ), result);
    return _mm256_blendv_pd(result, x, _mm256_cmp_pd(x, x, _CMP_UNORD_Q));
}

// log(1 + x) for 0 ≤ x ≤ 1 as 2·artanh(s), s = x/(2 + x) ≤ 1/3, with the
// rounding of 2 + x recovered and corrected for in s, the series in t = s²
// cut after s²⁸/31 (next term below 2·10⁻¹⁷ relative), and the result
// written x − (x²/2 − s·(x²/2 + R)) so that the leading x is exact.
WIDE __m256d log_one_plus_unit_f64(__m256d x) {
    const __m256d two = _mm256_set1_pd(2);
    __m256d denominator = _mm256_add_pd(two, x);
    __m256d lost = _mm256_add_pd(_mm256_sub_pd(two, denominator), x);
    __m256d reciprocal = _mm256_div_pd(_mm256_set1_pd(1), denominator);
    __m256d quotient = _mm256_mul_pd(x, reciprocal);
    __m256d s = _mm256_fnmadd_pd(quotient, _mm256_mul_pd(lost, reciprocal), quotient);
    __m256d t = _mm256_mul_pd(s, s), t2 = _mm256_mul_pd(t, t), t4 = _mm256_mul_pd(t2, t2), t8 = _mm256_mul_pd(t4, t4);
#define PAIR(c0, c1) _mm256_fmadd_pd(t, _mm256_set1_pd(1.0 / c1), _mm256_set1_pd(1.0 / c0))
    __m256d a0 = PAIR(3, 5), a1 = PAIR(7, 9), a2 = PAIR(11, 13), a3 = PAIR(15, 17);
    __m256d a4 = PAIR(19, 21), a5 = PAIR(23, 25), a6 = PAIR(27, 29);
#undef PAIR
    __m256d b0 = _mm256_fmadd_pd(t2, a1, a0), b1 = _mm256_fmadd_pd(t2, a3, a2);
    __m256d b2 = _mm256_fmadd_pd(t2, a5, a4), b3 = _mm256_fmadd_pd(t2, _mm256_set1_pd(1.0 / 31), a6);
    __m256d q = _mm256_fmadd_pd(t8, _mm256_fmadd_pd(t4, b3, b2), _mm256_fmadd_pd(t4, b1, b0));
    __m256d series = _mm256_mul_pd(_mm256_add_pd(t, t), q);
    __m256d half_square = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(0.5), x), x);
    return _mm256_sub_pd(x, _mm256_fnmadd_pd(s, _mm256_add_pd(half_square, series), half_square));
}

WIDE void bernoulli_logit_f64x4(const double *k, const double *l, double *value, double *derivative) {
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1);
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d x = _mm256_loadu_pd(l);
    __m256d success = _mm256_cmp_pd(_mm256_loadu_pd(k), zero, _CMP_NEQ_UQ);
    __m256d e = exp_nonpositive_f64(_mm256_or_pd(x, sign));
    __m256d signed_logit = _mm256_xor_pd(x, _mm256_and_pd(success, sign));
    // max(0, ·) keeps a NaN logit NaN (the second operand wins when either is).
    __m256d log_likelihood = _mm256_xor_pd(
        _mm256_add_pd(_mm256_max_pd(zero, signed_logit), log_one_plus_unit_f64(e)), sign);
    _mm256_storeu_pd(value, log_likelihood);
    if (!derivative) return;
    __m256d reciprocal = _mm256_div_pd(one, _mm256_add_pd(one, e));
    __m256d sigma = _mm256_blendv_pd(reciprocal, _mm256_mul_pd(e, reciprocal), _mm256_cmp_pd(x, zero, _CMP_LT_OQ));
    _mm256_storeu_pd(derivative, _mm256_sub_pd(_mm256_and_pd(success, one), sigma));
}

__attribute__((target("avx2,fma")))
long latent_bernoulli_logit_avx2_f64(
    const double *counts, const double *logits, long count, double *value, double *derivative) {
    long covered = count / 8 * 8;
    for (long i = 0; i < covered; i += 8) {
        bernoulli_logit_f64x4(counts + i, logits + i, value + i, derivative ? derivative + i : 0);
        bernoulli_logit_f64x4(counts + i + 4, logits + i + 4, value + i + 4, derivative ? derivative + i + 4 : 0);
    }
    return covered;
}

// MARK: - Float

// eˣ for x ≤ 0 in single precision: the reduction as above with ln 2 split
// for Float, a degree-7 Taylor polynomial by Horner's scheme (truncation
// below 3·10⁻⁹ relative), 2ⁿ for n ∈ [−126, 0]. 0 below −87.33.
WIDE __m256 exp_nonpositive_f32(__m256 x) {
    const __m256 low = _mm256_set1_ps(-87.33f);
    const __m256 magic = _mm256_set1_ps(12582912.0f);
    __m256 clamped = _mm256_max_ps(x, low);
    __m256 shifted = _mm256_fmadd_ps(clamped, _mm256_set1_ps(1.4426950408889634f), magic);
    __m256 n = _mm256_sub_ps(shifted, magic);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), clamped);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.1219444005469058e-4f), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1));
    __m256i biased = _mm256_add_epi32(
        _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_castps_si256(magic)), _mm256_set1_epi32(127));
    __m256 result = _mm256_mul_ps(p, _mm256_castsi256_ps(_mm256_slli_epi32(biased, 23)));
    result = _mm256_andnot_ps(_mm256_cmp_ps(x, low, _CMP_LT_OQ), result);
    return _mm256_blendv_ps(result, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

// log(1 + x) for 0 ≤ x ≤ 1 as 2·artanh(s), the series cut after s¹⁴/15
// (next term below 2·10⁻⁹ relative).
WIDE __m256 log_one_plus_unit_f32(__m256 x) {
    const __m256 two = _mm256_set1_ps(2);
    __m256 denominator = _mm256_add_ps(two, x);
    __m256 lost = _mm256_add_ps(_mm256_sub_ps(two, denominator), x);
    __m256 reciprocal = _mm256_div_ps(_mm256_set1_ps(1), denominator);
    __m256 quotient = _mm256_mul_ps(x, reciprocal);
    __m256 s = _mm256_fnmadd_ps(quotient, _mm256_mul_ps(lost, reciprocal), quotient);
    __m256 s2 = _mm256_mul_ps(s, s);
    __m256 q = _mm256_set1_ps(1.0f / 15);
    q = _mm256_fmadd_ps(q, s2, _mm256_set1_ps(1.0f / 13));
    q = _mm256_fmadd_ps(q, s2, _mm256_set1_ps(1.0f / 11));
    q = _mm256_fmadd_ps(q, s2, _mm256_set1_ps(1.0f / 9));
    q = _mm256_fmadd_ps(q, s2, _mm256_set1_ps(1.0f / 7));
    q = _mm256_fmadd_ps(q, s2, _mm256_set1_ps(1.0f / 5));
    q = _mm256_fmadd_ps(q, s2, _mm256_set1_ps(1.0f / 3));
    __m256 twice = _mm256_add_ps(s, s);
    return _mm256_fmadd_ps(_mm256_mul_ps(twice, s2), q, twice);
}

WIDE void bernoulli_logit_f32x8(const float *k, const float *l, float *value, float *derivative) {
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1);
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 x = _mm256_loadu_ps(l);
    __m256 success = _mm256_cmp_ps(_mm256_loadu_ps(k), zero, _CMP_NEQ_UQ);
    __m256 e = exp_nonpositive_f32(_mm256_or_ps(x, sign));
    __m256 signed_logit = _mm256_xor_ps(x, _mm256_and_ps(success, sign));
    __m256 log_likelihood = _mm256_xor_ps(
        _mm256_add_ps(_mm256_max_ps(zero, signed_logit), log_one_plus_unit_f32(e)), sign);
    _mm256_storeu_ps(value, log_likelihood);
    if (!derivative) return;
    __m256 reciprocal = _mm256_div_ps(one, _mm256_add_ps(one, e));
    __m256 sigma = _mm256_blendv_ps(reciprocal, _mm256_mul_ps(e, reciprocal), _mm256_cmp_ps(x, zero, _CMP_LT_OQ));
    _mm256_storeu_ps(derivative, _mm256_sub_ps(_mm256_and_ps(success, one), sigma));
}

__attribute__((target("avx2,fma")))
long latent_bernoulli_logit_avx2_f32(
    const float *counts, const float *logits, long count, float *value, float *derivative) {
    long covered = count / 8 * 8;
    for (long i = 0; i < covered; i += 8) {
        bernoulli_logit_f32x8(counts + i, logits + i, value + i, derivative ? derivative + i : 0);
    }
    return covered;
}

#else
long latent_bernoulli_logit_avx2_f64(
    const double *counts, const double *logits, long count, double *value, double *derivative) {
    return 0;
}

long latent_bernoulli_logit_avx2_f32(
    const float *counts, const float *logits, long count, float *value, float *derivative) {
    return 0;
}
#endif
