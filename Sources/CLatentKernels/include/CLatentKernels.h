// Elementwise kernels written for wider vector units than the baseline
// x86-64 that the Swift code is built for (SSE2: two Doubles or four Floats
// to a register). Each is compiled for AVX2 and FMA with a per-function
// target attribute, so the package needs no compiler flags, and runs only
// where `latent_cpu_has_avx2_fma` says the CPU and the OS support those
// instructions. Swift keeps its own baseline lanes for every other machine.
#ifndef CLATENTKERNELS_H
#define CLATENTKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The work of one parallel region: `body(context, index)` for one index.
typedef void (*latent_pool_body)(void *context, long index);

/// Runs `body(context, i)` for every i in 0..<count, once each, on the
/// calling thread and on `workers` worker threads (started at the first
/// call and kept; they spin a fifth of a millisecond between regions, then
/// sleep). Returns when every index is done. A call from inside a region
/// runs its indices in order on its own thread. Returns 0 without running
/// anything when another thread's region holds the pool, when count
/// exceeds 32,767 or when no worker could be started: the caller then runs
/// the indices another way; 1 otherwise.
int latent_pool_run(long workers, long count, void *context, latent_pool_body body);

/// 1 when the CPU executes AVX2 and FMA instructions and the OS saves the
/// 256-bit registers across context switches (CPUID and XGETBV); 0
/// otherwise, and always 0 off x86-64. CPUID traps to the hypervisor on a
/// virtual machine: ask once (Swift's `VectorLanes.fastest` keeps the answer).
int latent_cpu_has_avx2_fma(void);

/// The processors this process may run on (its affinity mask: the core
/// `mpirun` bound it to, the cores `taskset` or a container allows); 0 when
/// the mask cannot be read.
int latent_allowed_cpus(void);

/// The Bernoulli log-likelihood of outcomes k ∈ {0, 1} (any nonzero k is a
/// success) under logits l, and its derivative in l, on the first
/// ⌊count/8⌋·8 elements: value = −softplus(∓l), derivative = k − σ(l), from
/// one e = exp(−|l|); a NULL derivative is neither computed nor written.
/// Returns the number of elements written. Call only when
/// `latent_cpu_has_avx2_fma()` is 1.
long latent_bernoulli_logit_avx2_f64(
    const double *counts, const double *logits, long count, double *value, double *derivative);

/// The same in single precision.
long latent_bernoulli_logit_avx2_f32(
    const float *counts, const float *logits, long count, float *value, float *derivative);

/// Adam's update, m ← β₁m + (1 − β₁)g, v ← β₂v + ((1 − β₂)g)g,
/// θ ← θ·decay − η(m·c₁)/(√(v·c₂) + ε), in place on the first ⌊count/8⌋·8
/// Floats, with c₁, c₂ the bias corrections 1/(1 − βᵢᵗ) and decay 1 − ηλ.
/// Nothing is fused, so the result has the bits of the same formula in
/// Swift. Sets `*finite` to 1 when every new θ it wrote is finite, else
/// to 0. Returns the number of elements updated. Call only when
/// `latent_cpu_has_avx2_fma()` is 1.
long latent_adam_avx2_f32(
    float *theta, const float *gradient, float *first, float *second, long count, float beta1, float one_minus_beta1,
    float beta2, float one_minus_beta2, float rate, float correction1, float correction2, float epsilon, float decay, int *finite);

/// The same on the first ⌊count/4⌋·4 Doubles.
long latent_adam_avx2_f64(
    double *theta, const double *gradient, double *first, double *second, long count, double beta1,
    double one_minus_beta1, double beta2, double one_minus_beta2, double rate, double correction1, double correction2,
    double epsilon, double decay, int *finite);

/// row[j] ← (row[j] if accumulate, else 0) + Σₜ wₜ·b[rowsₜ·ldb + j] for
/// the first columns j of a row of n, the terms added in order, each wₜ·b
/// rounded before it is added (no weights: wₜ = 1 and no products), so the
/// result has the bits of the same sums in Swift. Returns the number of
/// leading columns written (a multiple of 8). Call only when
/// `latent_cpu_has_avx2_fma()` is 1.
long latent_combine_rows_avx2_f32(
    const float *b, long ldb, const int32_t *rows, const float *weights, long terms, float *row, long n, int accumulate);

/// The same in double precision (a multiple of 4 columns).
long latent_combine_rows_avx2_f64(
    const double *b, long ldb, const int32_t *rows, const double *weights, long terms, double *row, long n, int accumulate);

/// Rows `rows` of a sparse product in Float: row r of c (at c + r·ldc) ←
/// (itself if accumulate, else 0) + Σₜ wₜ·b[columnsₜ·ldb + j] over row r's
/// terms `starts[r] ..< ends[r]` of `columns` (each < k) and `weights` (no
/// products where `unit_weights[r]` is nonzero), in panels of 16 columns,
/// each panel over every row before the next: per element the bits of
/// `latent_combine_rows_avx2_f32`. Writes every column j < n when ldb is a
/// multiple of 16 (the panels then on b's cache lines), else the leading
/// multiple of 16; returns how many (0 when it could not allocate its
/// working lists). Call only when `latent_cpu_has_avx2_fma()` is 1.
long latent_combine_row_panels_avx2_f32(
    const float *b, long ldb, const int32_t *columns, const float *weights, const long *starts, const long *ends,
    const uint8_t *unit_weights, long rows, long k, float *c, long ldc, long n, int accumulate);

/// The nonzero terms of one row of k scalars: writes each nonzero's column
/// and weight in order (`columns` and `weights` need room for k), sets
/// `*unit_weights` to whether every nonzero is 1, and returns their number.
long latent_row_terms_f32(const float *line, long k, int32_t *columns, float *weights, int *unit_weights);

/// `latent_row_terms_f32` eight scalars at a time in AVX2 registers: the
/// same lists and flag. Call only when `latent_cpu_has_avx2_fma()` is 1.
long latent_row_terms_avx2_f32(const float *line, long k, int32_t *columns, float *weights, int *unit_weights);

/// relu's derivative rule on the first ⌊count/8⌋·8 Floats: target[i] ←
/// (target[i] + when `adding`) g[i] where saved[i] > 0, else +0 (NaN
/// included), with the bits of the same select and sum in Swift. Returns
/// the number of elements written. Call only when `latent_cpu_has_avx2_fma()` is 1.
long latent_relu_rule_avx2_f32(const float *g, const float *saved, float *target, long count, int adding);

/// The same on the first ⌊count/4⌋·4 Doubles.
long latent_relu_rule_avx2_f64(const double *g, const double *saved, double *target, long count, int adding);

/// The same in double precision.
long latent_row_terms_f64(const double *line, long k, int32_t *columns, double *weights, int *unit_weights);

/// The kinds of test of `latent_count_outside_avx2_f32`.
enum {
    LATENT_TEST_NOT_NAN = 0,
    LATENT_TEST_ABOVE_STRICT = 1,
    LATENT_TEST_ABOVE = 2,
    LATENT_TEST_BETWEEN = 3,
    LATENT_TEST_WHOLE_BETWEEN = 4
};

/// How many of the first `count` Floats of `x` (a multiple of 8) fail the
/// test `kind`: not NaN; x > lower; x ≥ lower; lower ≤ x ≤ upper; or a
/// whole number with lower ≤ x ≤ upper. NaN fails every test. Call only
/// when `latent_cpu_has_avx2_fma()` is 1.
long latent_count_outside_avx2_f32(const float *x, long count, int kind, float lower, float upper);

#ifdef __cplusplus
}
#endif

#endif
