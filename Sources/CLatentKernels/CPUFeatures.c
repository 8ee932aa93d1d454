#include "CLatentKernels.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <stdatomic.h>

// CPUID leaf 1: ECX bit 12 FMA, bit 27 OSXSAVE, bit 28 AVX. Leaf 7: EBX bit 5
// AVX2. XCR0 bits 1 and 2: the OS saves the SSE and AVX register state.
static int detect_avx2_fma(void) {
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

// 0 until first asked, then 1 (absent) or 2 (present). CPUID traps to the
// hypervisor on virtual machines, so it is asked once, not per call.
static atomic_int avx2_fma_state = 0;

int latent_cpu_has_avx2_fma(void) {
    int state = atomic_load_explicit(&avx2_fma_state, memory_order_relaxed);
    if (state == 0) {
        state = detect_avx2_fma() ? 2 : 1;
        atomic_store_explicit(&avx2_fma_state, state, memory_order_relaxed);
    }
    return state == 2;
}
#else
int latent_cpu_has_avx2_fma(void) { return 0; }
#endif
