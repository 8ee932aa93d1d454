// A product whose left operand is mostly zeros (Swift's
// `Kernels.sparseTimesDense`), Float, in panels of 16 columns of the right
// operand b, each one cache line of every row of b: a panel serves every
// row of c before the next is touched, so the rows of b it reads stay in
// the level-1 cache (a panel of the MNIST VAE's first layer is 784 lines),
// where a row at a time over 64 columns read them from level 2. When every
// row of b starts at the same place in a cache line, the panels start on
// b's lines (a tensor's scalars start 40 bytes into one) and the first and
// last may be partial: b read through masks that stay inside those lines,
// c through a copy of the panel's part of the row. Four rows run
// together, eight independent sums in registers, so that the additions of
// one row do not wait on each other: with no multiplications when all four
// have unit weights (binarised data), else each term times its weight
// (grey levels; one row alone waited three cycles on each addition, and
// the Gaussian VAE's first layer ran no faster than dense).
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

// One term of a row on a panel: the row of b at `p`, times its weight
// `w` when `weighted` (rounded before it is added).
__attribute__((target("avx2"), always_inline)) static inline __m256 term(
    const float *p, __m256i mask, int whole, int weighted, float w) {
    __m256 x = load(p, mask, whole);
    return weighted ? _mm256_mul_ps(_mm256_set1_ps(w), x) : x;
}

// Four rows (terms `j[q] ..< j[q] + t[q]`, weights `w[q]` when `weighted`,
// else all 1) on a panel, their terms interleaved up to the shortest list,
// then each row's rest. A weight of 1 multiplies exactly, so rows of unit
// weights may run weighted beside others and keep their bits.
__attribute__((target("avx2"), always_inline)) static inline void four_rows(
    const float *block, long ldb, const int32_t *const j[4], const float *const w[4], int weighted, const long t[4],
    float *out, long ldc, int accumulate, panel_mask m) {
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
        float w0 = weighted ? w[0][e] : 1, w1 = weighted ? w[1][e] : 1;
        float w2 = weighted ? w[2][e] : 1, w3 = weighted ? w[3][e] : 1;
        a0 = _mm256_add_ps(a0, term(p0, m.low, m.whole, weighted, w0));
        b0 = _mm256_add_ps(b0, term(p1, m.low, m.whole, weighted, w1));
        c0 = _mm256_add_ps(c0, term(p2, m.low, m.whole, weighted, w2));
        d0 = _mm256_add_ps(d0, term(p3, m.low, m.whole, weighted, w3));
        a1 = _mm256_add_ps(a1, term(p0 + 8, m.high, m.whole, weighted, w0));
        b1 = _mm256_add_ps(b1, term(p1 + 8, m.high, m.whole, weighted, w1));
        c1 = _mm256_add_ps(c1, term(p2 + 8, m.high, m.whole, weighted, w2));
        d1 = _mm256_add_ps(d1, term(p3 + 8, m.high, m.whole, weighted, w3));
    }
    one_row(block, ldb, j[0] + shared, weighted ? w[0] + shared : 0, t[0] - shared, m, &a0, &a1);
    one_row(block, ldb, j[1] + shared, weighted ? w[1] + shared : 0, t[1] - shared, m, &b0, &b1);
    one_row(block, ldb, j[2] + shared, weighted ? w[2] + shared : 0, t[2] - shared, m, &c0, &c1);
    one_row(block, ldb, j[3] + shared, weighted ? w[3] + shared : 0, t[3] - shared, m, &d0, &d1);
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
        const int32_t *const j[4] = {columns + starts[r], columns + starts[r + 1], columns + starts[r + 2],
                                     columns + starts[r + 3]};
        const float *const w[4] = {weights + starts[r], weights + starts[r + 1], weights + starts[r + 2],
                                   weights + starts[r + 3]};
        const long t[4] = {ends[r] - starts[r], ends[r + 1] - starts[r + 1], ends[r + 2] - starts[r + 2],
                           ends[r + 3] - starts[r + 3]};
        if (unit_weights[r] && unit_weights[r + 1] && unit_weights[r + 2] && unit_weights[r + 3])
            four_rows(block, ldb, j, w, 0, t, c + r * ldc, ldc, accumulate, m);
        else
            four_rows(block, ldb, j, w, 1, t, c + r * ldc, ldc, accumulate, m);
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

// The masks of a panel of which only columns `from ..< to` (within
// 0..<16) are the product's.
__attribute__((target("avx2"), always_inline)) static inline panel_mask mask_of(long from, long to) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __m256i low = _mm256_and_si256(_mm256_cmpgt_epi32(lanes, _mm256_set1_epi32((int)from - 1)),
                                   _mm256_cmpgt_epi32(_mm256_set1_epi32((int)to), lanes));
    __m256i upper = _mm256_add_epi32(lanes, _mm256_set1_epi32(8));
    __m256i high = _mm256_and_si256(_mm256_cmpgt_epi32(upper, _mm256_set1_epi32((int)from - 1)),
                                    _mm256_cmpgt_epi32(_mm256_set1_epi32((int)to), upper));
    panel_mask some = {low, high, from, to, from == 0 && to == 16};
    return some;
}

// A panel of which only columns `from ..< to` (within 0..<16) are the product's.
__attribute__((target("avx2"))) static void partial_panel(
    const float *block, const float *next, long ldb, used_rows used, const int32_t *columns, const float *weights,
    const long *starts, const long *ends, const uint8_t *unit_weights, long rows, float *c, long ldc, int accumulate,
    long from, long to) {
    panel(block, next, ldb, used, columns, weights, starts, ends, unit_weights, rows, c, ldc, accumulate,
          mask_of(from, to));
}

// Copies a panel's lines of the used rows of b (`used`, all at or after
// `first_row`) into `pack`, row j at 16·(j − first_row): one line each,
// one after another, so that they spread over the level-1 cache's sets.
// In place, a row of 512 Floats (2 KiB) put every line of a panel in the
// same 2 of its 64 sets, and the panel was read from level 3.
__attribute__((target("avx2"))) static void pack_panel(
    const float *block, long ldb, used_rows used, long first_row, float *pack, long from, long to) {
    panel_mask m = mask_of(from, to);
    for (long u = 0; u < used.count; u++) {
        const float *source = block + used.rows[u] * ldb;
        float *row = pack + (used.rows[u] - first_row) * 16;
        _mm256_store_ps(row, load(source, m.low, m.whole));
        _mm256_store_ps(row + 8, load(source + 8, m.high, m.whole));
    }
}

// At most this many rows of b in one pass over the panels: a panel's
// lines of them (64 bytes a row) then fit a 32 KiB level-1 cache beside
// the rows of c being written. The MNIST VAE's first layer (784 rows) in
// one pass read its panels from level 2, slower than dense `sgemm`.
#define SEGMENT_ROWS 384

__attribute__((target("avx2"))) long latent_combine_row_panels_avx2_f32(
    const float *b, long ldb, const int32_t *columns, const float *weights, const long *starts, const long *ends,
    const uint8_t *unit_weights, long rows, long k, float *c, long ldc, long n, int accumulate) {
    // Panels on b's cache lines when every row of b starts at the same
    // place in a line; else whole panels from column 0, the rest left to
    // the caller (a mask past a row's end could reach the next page).
    int on_lines = ldb % 16 == 0;
    long first = on_lines ? -(long)(((uintptr_t)b / sizeof(float)) % 16) : 0;
    long end = on_lines ? n : n / 16 * 16;
    long count = rows > 0 ? rows : 1;
    int32_t *rows_used = malloc(sizeof(int32_t) * (size_t)(k > 0 ? k : 1));
    uint8_t *named = calloc((size_t)(k > 0 ? k : 1), 1);
    long *segment_starts = malloc(sizeof(long) * (size_t)count), *segment_ends = malloc(sizeof(long) * (size_t)count);
    // Rows of b a multiple of 128 Floats (512 bytes) apart put a panel's
    // lines in at most 8 of the level-1 cache's 64 sets: copied first.
    int packing = on_lines && ldb % 128 == 0;
    float *pack = packing ? aligned_alloc(64, sizeof(float) * 16 * SEGMENT_ROWS) : 0;
    if (!rows_used || !named || !segment_starts || !segment_ends || (packing && !pack)) {
        free(pack);
        free(rows_used);
        free(named);
        free(segment_starts);
        free(segment_ends);
        return 0;
    }
    for (long r = 0; r < rows; r++)
        for (long e = starts[r]; e < ends[r]; e++) named[columns[e]] = 1;
    long used_count = 0;
    for (long j = 0; j < k; j++)
        if (named[j]) rows_used[used_count++] = (int32_t)j;
    for (long r = 0; r < rows; r++) segment_ends[r] = starts[r];
    // Addresses as integers: a first panel that starts before column 0
    // names scalars before b and c, which only the masks' lanes outside
    // the product's columns (never read or written) would touch.
    uintptr_t b_at = (uintptr_t)b, c_at = (uintptr_t)c;
    // The rows of b in segments of at most SEGMENT_ROWS, each a pass over
    // all the panels: each row's terms in a segment (its columns ascend)
    // added onto the sums the passes before left in c, so every element's
    // terms are still added in order from the same start.
    long segments = (k + SEGMENT_ROWS - 1) / SEGMENT_ROWS, used_from = 0;
    for (long segment = 0; segment < segments; segment++) {
        long last_row = k * (segment + 1) / segments;
        for (long r = 0; r < rows; r++) {
            long e = segment_starts[r] = segment_ends[r];
            while (e < ends[r] && columns[e] < last_row) e++;
            segment_ends[r] = e;
        }
        long used_to = used_from;
        while (used_to < used_count && rows_used[used_to] < last_row) used_to++;
        used_rows used = {rows_used + used_from, used_to - used_from};
        used_from = used_to;
        int adding = accumulate || segment > 0;
        long first_row = k * segment / segments;
        // Row j of the packed panel is at packed + 16·j.
        const float *packed = (const float *)((uintptr_t)pack - (uintptr_t)(first_row * 16 * (long)sizeof(float)));
        if (!pack) ask_for((const float *)(b_at + first * (long)sizeof(float)), ldb, used, 0, used.count);
        for (long column = first; column < end; column += 16) {
            long from = column < 0 ? -column : 0, to = end - column < 16 ? end - column : 16;
            const float *block = (const float *)(b_at + column * (long)sizeof(float));
            const float *next = !pack && column + 16 < end ? block + 16 : 0;
            float *out = (float *)(c_at + column * (long)sizeof(float));
            if (pack) pack_panel(block, ldb, used, first_row, pack, from, to);
            const float *source = pack ? packed : block;
            long stride = pack ? 16 : ldb;
            if (from == 0 && to == 16)
                whole_panel(source, next, stride, used, columns, weights, segment_starts, segment_ends, unit_weights,
                            rows, out, ldc, adding);
            else
                partial_panel(source, next, stride, used, columns, weights, segment_starts, segment_ends,
                              unit_weights, rows, out, ldc, adding, from, to);
        }
    }
    free(rows_used);
    free(named);
    free(segment_starts);
    free(segment_ends);
    free(pack);
    return end;
}
#else
long latent_combine_row_panels_avx2_f32(
    const float *b, long ldb, const int32_t *columns, const float *weights, const long *starts, const long *ends,
    const uint8_t *unit_weights, long rows, long k, float *c, long ldc, long n, int accumulate) {
    return 0;
}
#endif
