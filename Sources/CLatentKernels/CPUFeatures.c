#include "CLatentKernels.h"

#if defined(__x86_64__)
#include <cpuid.h>

// CPUID leaf 1: ECX bit 12 FMA, bit 27 OSXSAVE, bit 28 AVX. Leaf 7: EBX bit 5
// AVX2. XCR0 bits 1 and 2: the OS saves the SSE and AVX register state.
int latent_cpu_has_avx2_fma(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned needed = (1u << 12) | (1u << 27) | (1u << 28);
    if ((ecx & needed) != needed) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6u) != 6u) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & (1u << 5)) != 0;
}
#else
int latent_cpu_has_avx2_fma(void) { return 0; }
#endif
