// The nonzero terms of the rows of a mostly-zero matrix (Swift's
// `SparseRowTerms`), listed without a branch on each scalar: about one
// scalar in eight is nonzero, at random, so a branch would be mispredicted
// on most nonzeros. Every scalar's column and weight are written at the
// cursor, and the cursor moves on only past the nonzero ones. Plain C for
// the baseline x86-64, and (below) eight scalars at a time with AVX2.
#include "CLatentKernels.h"

#include <string.h>

// The tests run on the bit patterns, as integers: a Float compare branches
// or chains conditional moves on the parity flag (NaN), which made the flag
// for weights of 1 a dependency through every scalar. A scalar is nonzero
// unless its bits, sign aside, are all zero (NaN counts as nonzero).
#define ROW_TERMS(name, scalar, bits, one)                                                        \
    long name(const scalar *line, long k, int32_t *columns, scalar *weights, int *unit_weights) { \
        long count = 0;                                                                           \
        bits other = 0;                                                                           \
        for (long j = 0; j < k; j++) {                                                            \
            scalar weight = line[j];                                                              \
            bits pattern;                                                                         \
            memcpy(&pattern, &weight, sizeof pattern);                                            \
            bits nonzero = (pattern << 1) != 0;                                                   \
            columns[count] = (int32_t)j;                                                          \
            weights[count] = weight;                                                              \
            count += (long)nonzero;                                                               \
            other |= nonzero & (pattern != (one));                                                \
        }                                                                                         \
        *unit_weights = other == 0;                                                               \
        return count;                                                                             \
    }

ROW_TERMS(latent_row_terms_f32, float, uint32_t, 0x3F800000u)
ROW_TERMS(latent_row_terms_f64, double, uint64_t, 0x3FF0000000000000ull)

#if defined(__x86_64__)
#include <immintrin.h>

// For each set of nonzero lanes among eight (a bit each), their lane
// numbers in increasing order, then zeros: the permutation that packs
// those lanes to the front of a register.
static uint8_t packed_lanes[256][8];

__attribute__((constructor)) static void fill_packed_lanes(void) {
    for (int mask = 0; mask < 256; mask++) {
        int next = 0;
        for (int lane = 0; lane < 8; lane++)
            if (mask >> lane & 1) packed_lanes[mask][next++] = (uint8_t)lane;
    }
}

// Eight scalars at a time: one compare for their nonzero lanes, then their
// columns and weights packed to the front of two registers (`vpermd`) and
// stored whole at the cursor, which moves on by the number of nonzeros.
// The stores stay inside the lists: the cursor never passes the column
// being read, so eight entries from it end at most at k.
__attribute__((target("avx2"))) long latent_row_terms_avx2_f32(
    const float *line, long k, int32_t *columns, float *weights, int *unit_weights) {
    const __m256i zero = _mm256_setzero_si256(), one = _mm256_set1_epi32(0x3F800000), all = _mm256_set1_epi32(-1);
    __m256i other = zero;
    long count = 0, j = 0;
    for (; j + 8 <= k; j += 8) {
        __m256i pattern = _mm256_loadu_si256((const __m256i *)(line + j));
        __m256i is_zero = _mm256_cmpeq_epi32(_mm256_slli_epi32(pattern, 1), zero);
        int nonzero = ~_mm256_movemask_ps(_mm256_castsi256_ps(is_zero)) & 0xFF;
        other = _mm256_or_si256(other, _mm256_andnot_si256(is_zero, _mm256_xor_si256(_mm256_cmpeq_epi32(pattern, one), all)));
        __m256i lanes = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)packed_lanes[nonzero]));
        _mm256_storeu_si256((__m256i *)(columns + count), _mm256_add_epi32(lanes, _mm256_set1_epi32((int)j)));
        _mm256_storeu_si256((__m256i *)(weights + count), _mm256_permutevar8x32_epi32(pattern, lanes));
        count += __builtin_popcount((unsigned)nonzero);
    }
    int unit = _mm256_testz_si256(other, other);
    int rest_unit;
    long rest = latent_row_terms_f32(line + j, k - j, columns + count, weights + count, &rest_unit);
    for (long t = count; t < count + rest; t++) columns[t] += (int32_t)j;
    *unit_weights = unit && rest_unit;
    return count + rest;
}
#else
long latent_row_terms_avx2_f32(const float *line, long k, int32_t *columns, float *weights, int *unit_weights) {
    return latent_row_terms_f32(line, k, columns, weights, unit_weights);
}
#endif
