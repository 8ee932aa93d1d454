// The C surface Latent uses from GSL, CBLAS (OpenBLAS) and LAPACK (OpenBLAS).
// Not API: only LatentCore, the tests and the benchmark import this module.
#ifndef LATENT_CGSL_SHIM_H
#define LATENT_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_sf_bessel.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_eigen.h>
// Standard CBLAS prototypes; the symbols resolve to OpenBLAS at link time.
#include <gsl/gsl_cblas.h>

/// `gsl_rng_mt19937` is a mutable global in C; Swift 6 rejects reading it
/// directly, so it is reached through this function.
static inline const gsl_rng_type *latent_gsl_rng_mt19937(void) {
    return gsl_rng_mt19937;
}

/// Sets the calling thread's SSE control register to flush subnormal
/// results to zero and treat subnormal inputs as zero (FTZ and DAZ), where
/// the CPU has them: subnormal arithmetic is tens of times slower.
static inline void latent_flush_subnormals(void) {
#if defined(__x86_64__)
    unsigned int csr = __builtin_ia32_stmxcsr();
    __builtin_ia32_ldmxcsr(csr | 0x8040);
#endif
}

/// GSL's default error handler aborts the process. Latent reads GSL status
/// codes instead and turns them into Swift errors.
static inline void latent_gsl_disable_abort(void) {
    gsl_set_error_handler_off();
}

// LAPACK (Fortran calling convention), provided by OpenBLAS.
// Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix.
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);

/// glibc's `dladdr` (declared only under _GNU_SOURCE, which the Glibc module
/// is not built with), under a private name bound to the real symbol: the
/// benchmark uses it to show which library a BLAS symbol resolved to.
typedef struct {
    const char *dli_fname;
    void *dli_fbase;
    const char *dli_sname;
    void *dli_saddr;
} latent_dl_info;
int latent_dladdr(const void *address, latent_dl_info *info) __asm__("dladdr");

/// OpenBLAS's build description (version, kernel, threading).
char *openblas_get_config(void);

/// The number of threads OpenBLAS's own routines use (Latent sets 1 and
/// splits large products over its own threads).
void openblas_set_num_threads(int num_threads);

#endif
