// A product whose left operand is mostly zeros (Swift's
// `Kernels.sparseTimesDense`), Float, in panels of 16 columns of the right
// operand b, each one cache line of every row of b: a panel serves every
// row of c before the next is touched, so the rows of b it reads stay in
// the level-1 cache (a panel of the MNIST VAE's first layer is 784 lines),
// where a row at a time over 64 columns read them from level 2. When every
// row of b starts at the same place in a cache line, the panels start on
// b's lines (a tensor's scalars start 40 bytes into one) and the first and
// last may be partial: b read through masks that stay inside those lines,
// c through a copy of the panel's part of the row. Four rows of unit
// weights (binarised data) run together, eight independent sums in
// registers, so that the additions of one row do not wait on each other.
// Per element the terms are added in order from the same start, each
// product w·b rounded before its sum, so every element has the bits of
// `latent_combine_rows_avx2_f32` and of Swift's own lanes.
#include "CLatentKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// The columns `from ..< to` (within 0..<16) of a panel that are the
// product's, and the lanes of its two registers that hold them (all of
// them for a whole panel).
typedef struct {
    __m256i low, high;
    long from, to;
    int whole;
} panel_mask;

// Eight columns of a row of b: lanes outside the product's columns read as
// 0, through a mask, from the same cache line as the ones inside.
__attribute__((target("avx2"), always_inline)) static inline __m256 load(const float *p, __m256i mask, int whole) {
    return whole ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, mask);
}

// Where a row's sums start: its values in c when accumulating, else 0. A
// partial panel reads only its own columns of c.
__attribute__((target("avx2"), always_inline)) static inline void start(
    const float *out, int accumulate, panel_mask m, __m256 *low, __m256 *high) {
    if (!accumulate) {
        *low = *high = _mm256_setzero_ps();
    } else if (m.whole) {
        *low = _mm256_loadu_ps(out);
        *high = _mm256_loadu_ps(out + 8);
    } else {
        float row[16] = {0};
        memcpy(row + m.from, out + m.from, sizeof(float) * (size_t)(m.to - m.from));
        *low = _mm256_loadu_ps(row);
        *high = _mm256_loadu_ps(row + 8);
    }
}

// Writes a row's sums into c: only its own columns for a partial panel.
__attribute__((target("avx2"), always_inline)) static inline void finish(float *out, panel_mask m, __m256 low, __m256 high) {
    if (m.whole) {
        _mm256_storeu_ps(out, low);
        _mm256_storeu_ps(out + 8, high);
    } else {
        float row[16];
        _mm256_storeu_ps(row, low);
        _mm256_storeu_ps(row + 8, high);
        memcpy(out + m.from, row + m.from, sizeof(float) * (size_t)(m.to - m.from));
    }
}

// One row's terms on a panel: Σₜ wₜ·b[columnsₜ·ldb + 0..<16] added onto
// `low`, `high` in order (no weights: no products).
__attribute__((target("avx2"), always_inline)) static inline void one_row(
    const float *b, long ldb, const int32_t *columns, const float *weights, long terms, panel_mask m, __m256 *low,
    __m256 *high) {
    __m256 s0 = *low, s1 = *high;
    for (long t = 0; t < terms; t++) {
        const float *source = b + columns[t] * ldb;
        __m256 x0 = load(source, m.low, m.whole), x1 = load(source + 8, m.high, m.whole);
        if (weights) {
            __m256 w = _mm256_set1_ps(weights[t]);
            x0 = _mm256_mul_ps(w, x0);
            x1 = _mm256_mul_ps(w, x1);
        }
        s0 = _mm256_add_ps(s0, x0);
        s1 = _mm256_add_ps(s1, x1);
    }
    *low = s0;
    *high = s1;
}

// One row of c on the panel at `block` (b) and `out` (c), alone.
__attribute__((target("avx2"), always_inline)) static inline void single_row(
    const float *block, long ldb, const int32_t *columns, const float *weights, long terms, float *out,
    int accumulate, panel_mask m) {
    __m256 low, high;
    start(out, accumulate, m, &low, &high);
    one_row(block, ldb, columns, weights, terms, m, &low, &high);
    finish(out, m, low, high);
}

// Four rows of unit weights (terms `j[q] ..< j[q] + t[q]`) on a panel,
// their terms interleaved up to the shortest list, then each row's rest.
__attribute__((target("avx2"), always_inline)) static inline void four_rows(
    const float *block, long ldb, const int32_t *const j[4], const long t[4], float *out, long ldc, int accumulate,
    panel_mask m) {
    long shared = t[0];
    for (int q = 1; q < 4; q++)
        if (t[q] < shared) shared = t[q];
    __m256 a0, a1, b0, b1, c0, c1, d0, d1;
    start(out, accumulate, m, &a0, &a1);
    start(out + ldc, accumulate, m, &b0, &b1);
    start(out + 2 * ldc, accumulate, m, &c0, &c1);
    start(out + 3 * ldc, accumulate, m, &d0, &d1);
    for (long e = 0; e < shared; e++) {
        const float *p0 = block + j[0][e] * ldb, *p1 = block + j[1][e] * ldb;
        const float *p2 = block + j[2][e] * ldb, *p3 = block + j[3][e] * ldb;
        a0 = _mm256_add_ps(a0, load(p0, m.low, m.whole));
        b0 = _mm256_add_ps(b0, load(p1, m.low, m.whole));
        c0 = _mm256_add_ps(c0, load(p2, m.low, m.whole));
        d0 = _mm256_add_ps(d0, load(p3, m.low, m.whole));
        a1 = _mm256_add_ps(a1, load(p0 + 8, m.high, m.whole));
        b1 = _mm256_add_ps(b1, load(p1 + 8, m.high, m.whole));
        c1 = _mm256_add_ps(c1, load(p2 + 8, m.high, m.whole));
        d1 = _mm256_add_ps(d1, load(p3 + 8, m.high, m.whole));
    }
    one_row(block, ldb, j[0] + shared, 0, t[0] - shared, m, &a0, &a1);
    one_row(block, ldb, j[1] + shared, 0, t[1] - shared, m, &b0, &b1);
    one_row(block, ldb, j[2] + shared, 0, t[2] - shared, m, &c0, &c1);
    one_row(block, ldb, j[3] + shared, 0, t[3] - shared, m, &d0, &d1);
    finish(out, m, a0, a1);
    finish(out + ldc, m, b0, b1);
    finish(out + 2 * ldc, m, c0, c1);
    finish(out + 3 * ldc, m, d0, d1);
}

// The rows of b that a chunk's terms name, each once, in increasing order:
// the lines a panel reads, to be asked for while the panel before runs.
typedef struct {
    const int32_t *rows;
    long count;
} used_rows;

// Asks for the lines of `next` (the following panel, null after the last)
// in the rows of b numbered `from ..< to` among the used ones.
__attribute__((always_inline)) static inline void ask_for(const float *next, long ldb, used_rows used, long from, long to) {
    if (!next) return;
    for (long u = from; u < to; u++) _mm_prefetch((const char *)(next + used.rows[u] * ldb), _MM_HINT_T0);
}

// Every row of c on one panel, asking for the next panel's lines a share
// at a time, one share for each group of four rows.
__attribute__((target("avx2"), always_inline)) static inline void panel(
    const float *block, const float *next, long ldb, used_rows used, const int32_t *columns, const float *weights,
    const long *starts, const long *ends, const uint8_t *unit_weights, long rows, float *c, long ldc, int accumulate,
    panel_mask m) {
    long groups = (rows + 3) / 4, asked = 0;
    long r = 0;
    for (; r + 4 <= rows; r += 4) {
        long share = used.count * (r / 4 + 1) / groups;
        ask_for(next, ldb, used, asked, share);
        asked = share;
        if (unit_weights[r] && unit_weights[r + 1] && unit_weights[r + 2] && unit_weights[r + 3]) {
            const int32_t *const j[4] = {columns + starts[r], columns + starts[r + 1], columns + starts[r + 2],
                                         columns + starts[r + 3]};
            const long t[4] = {ends[r] - starts[r], ends[r + 1] - starts[r + 1], ends[r + 2] - starts[r + 2],
                               ends[r + 3] - starts[r + 3]};
            four_rows(block, ldb, j, t, c + r * ldc, ldc, accumulate, m);
            continue;
        }
        for (long q = r; q < r + 4; q++)
            single_row(block, ldb, columns + starts[q], unit_weights[q] ? 0 : weights + starts[q], ends[q] - starts[q],
                       c + q * ldc, accumulate, m);
    }
    ask_for(next, ldb, used, asked, used.count);
    for (; r < rows; r++)
        single_row(block, ldb, columns + starts[r], unit_weights[r] ? 0 : weights + starts[r], ends[r] - starts[r],
                   c + r * ldc, accumulate, m);
}

__attribute__((target("avx2"))) static void whole_panel(
    const float *block, const float *next, long ldb, used_rows used, const int32_t *columns, const float *weights,
    const long *starts, const long *ends, const uint8_t *unit_weights, long rows, float *c, long ldc, int accumulate) {
    panel_mask all = {_mm256_set1_epi32(-1), _mm256_set1_epi32(-1), 0, 16, 1};
    panel(block, next, ldb, used, columns, weights, starts, ends, unit_weights, rows, c, ldc, accumulate, all);
}

// A panel of which only columns `from ..< to` (within 0..<16) are the product's.
__attribute__((target("avx2"))) static void partial_panel(
    const float *block, const float *next, long ldb, used_rows used, const int32_t *columns, const float *weights,
    const long *starts, const long *ends, const uint8_t *unit_weights, long rows, float *c, long ldc, int accumulate,
    long from, long to) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __m256i low = _mm256_and_si256(_mm256_cmpgt_epi32(lanes, _mm256_set1_epi32((int)from - 1)),
                                   _mm256_cmpgt_epi32(_mm256_set1_epi32((int)to), lanes));
    __m256i upper = _mm256_add_epi32(lanes, _mm256_set1_epi32(8));
    __m256i high = _mm256_and_si256(_mm256_cmpgt_epi32(upper, _mm256_set1_epi32((int)from - 1)),
                                    _mm256_cmpgt_epi32(_mm256_set1_epi32((int)to), upper));
    panel_mask some = {low, high, from, to, 0};
    panel(block, next, ldb, used, columns, weights, starts, ends, unit_weights, rows, c, ldc, accumulate, some);
}

__attribute__((target("avx2"))) long latent_combine_row_panels_avx2_f32(
    const float *b, long ldb, const int32_t *columns, const float *weights, const long *starts, const long *ends,
    const uint8_t *unit_weights, long rows, long k, float *c, long ldc, long n, int accumulate) {
    // Panels on b's cache lines when every row of b starts at the same
    // place in a line; else whole panels from column 0, the rest left to
    // the caller (a mask past a row's end could reach the next page).
    int on_lines = ldb % 16 == 0;
    long first = on_lines ? -(long)(((uintptr_t)b / sizeof(float)) % 16) : 0;
    long end = on_lines ? n : n / 16 * 16;
    int32_t *rows_used = malloc(sizeof(int32_t) * (size_t)(k > 0 ? k : 1));
    uint8_t *named = calloc((size_t)(k > 0 ? k : 1), 1);
    if (!rows_used || !named) {
        free(rows_used);
        free(named);
        return 0;
    }
    for (long r = 0; r < rows; r++)
        for (long e = starts[r]; e < ends[r]; e++) named[columns[e]] = 1;
    used_rows used = {rows_used, 0};
    for (long j = 0; j < k; j++)
        if (named[j]) rows_used[used.count++] = (int32_t)j;
    // Addresses as integers: a first panel that starts before column 0
    // names scalars before b and c, which only the masks' lanes outside
    // the product's columns (never read or written) would touch.
    uintptr_t b_at = (uintptr_t)b, c_at = (uintptr_t)c;
    ask_for((const float *)(b_at + first * (long)sizeof(float)), ldb, used, 0, used.count);
    for (long column = first; column < end; column += 16) {
        long from = column < 0 ? -column : 0, to = end - column < 16 ? end - column : 16;
        const float *block = (const float *)(b_at + column * (long)sizeof(float));
        const float *next = column + 16 < end ? block + 16 : 0;
        float *out = (float *)(c_at + column * (long)sizeof(float));
        if (from == 0 && to == 16)
            whole_panel(block, next, ldb, used, columns, weights, starts, ends, unit_weights, rows, out, ldc, accumulate);
        else
            partial_panel(block, next, ldb, used, columns, weights, starts, ends, unit_weights, rows, out, ldc,
                          accumulate, from, to);
    }
    free(rows_used);
    free(named);
    return end;
}
#else
long latent_combine_row_panels_avx2_f32(
    const float *b, long ldb, const int32_t *columns, const float *weights, const long *starts, const long *ends,
    const uint8_t *unit_weights, long rows, long k, float *c, long ldc, long n, int accumulate) {
    return 0;
}
#endif
