// Elementwise kernels written for wider vector units than the baseline
// x86-64 that the Swift code is built for (SSE2: two Doubles or four Floats
// to a register). Each is compiled for AVX2 and FMA with a per-function
// target attribute, so the package needs no compiler flags, and runs only
// where `latent_cpu_has_avx2_fma` says the CPU and the OS support those
// instructions. Swift keeps its own baseline lanes for every other machine.
#ifndef CLATENTKERNELS_H
#define CLATENTKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the CPU executes AVX2 and FMA instructions and the OS saves the
/// 256-bit registers across context switches (CPUID and XGETBV, checked
/// once per process); 0 otherwise, and always 0 off x86-64.
int latent_cpu_has_avx2_fma(void);

/// The Bernoulli log-likelihood of outcomes k ∈ {0, 1} (any nonzero k is a
/// success) under logits l, and its derivative in l, on the first
/// ⌊count/8⌋·8 elements: value = −softplus(∓l), derivative = k − σ(l), from
/// one e = exp(−|l|). Returns the number of elements written. Call only
/// when `latent_cpu_has_avx2_fma()` is 1.
long latent_bernoulli_logit_avx2_f64(
    const double *counts, const double *logits, long count, double *value, double *derivative);

/// The same in single precision.
long latent_bernoulli_logit_avx2_f32(
    const float *counts, const float *logits, long count, float *value, float *derivative);

#ifdef __cplusplus
}
#endif

#endif
