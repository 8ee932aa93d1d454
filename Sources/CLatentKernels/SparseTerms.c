// The nonzero terms of the rows of a mostly-zero matrix (Swift's
// `SparseRowTerms`), listed without a branch on each scalar: about one
// scalar in eight is nonzero, at random, so a branch would be mispredicted
// on most nonzeros. Every scalar's column and weight are written at the
// cursor, and the cursor moves on only past the nonzero ones. Plain C for
// the baseline x86-64 (a compare of a Float in Swift branches on NaN).
#include "CLatentKernels.h"

#define ROW_TERMS(name, scalar)                                                                  \
    long name(const scalar *line, long k, int32_t *columns, scalar *weights, int *unit_weights) { \
        long count = 0;                                                                           \
        int unit = 1;                                                                             \
        for (long j = 0; j < k; j++) {                                                            \
            scalar weight = line[j];                                                              \
            columns[count] = (int32_t)j;                                                          \
            weights[count] = weight;                                                              \
            count += weight != 0;                                                                 \
            unit &= (weight == 0) | (weight == 1);                                                \
        }                                                                                         \
        *unit_weights = unit;                                                                     \
        return count;                                                                             \
    }

ROW_TERMS(latent_row_terms_f32, float)
ROW_TERMS(latent_row_terms_f64, double)

#define COLUMN_TERMS(name, scalar)                                                                         \
    void name(const scalar *a, long m, long k, long count, long *next, int32_t *columns, scalar *weights,  \
              unsigned char *unit_weights) {                                                               \
        for (long j = 0; j < k; j++) {                                                                     \
            const scalar *line = a + j * m;                                                                \
            for (long r = 0; r < count; r++) {                                                             \
                scalar weight = line[r];                                                                   \
                columns[next[r]] = (int32_t)j;                                                             \
                weights[next[r]] = weight;                                                                 \
                next[r] += weight != 0;                                                                    \
                unit_weights[r] &= (weight == 0) | (weight == 1);                                          \
            }                                                                                              \
        }                                                                                                  \
    }

COLUMN_TERMS(latent_column_terms_f32, float)
COLUMN_TERMS(latent_column_terms_f64, double)
