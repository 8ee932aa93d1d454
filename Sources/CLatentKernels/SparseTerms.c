// The nonzero terms of the rows of a mostly-zero matrix (Swift's
// `SparseRowTerms`), listed without a branch on each scalar: about one
// scalar in eight is nonzero, at random, so a branch would be mispredicted
// on most nonzeros. Every scalar's column and weight are written at the
// cursor, and the cursor moves on only past the nonzero ones. Plain C for
// the baseline x86-64.
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
