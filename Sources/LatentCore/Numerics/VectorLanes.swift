internal import CLatentKernels

/// The vector units that run the bulk of an elementwise kernel: the package
/// is built for baseline x86-64 (SSE2), and its hottest kernels also exist
/// in C compiled for AVX2 and FMA (`CLatentKernels`), chosen at run time.
@usableFromInline
package enum VectorLanes: Sendable {
    /// Swift's `SIMD8` lanes, built for baseline x86-64.
    case baseline
    /// The C kernels compiled for AVX2 and FMA.
    case wide

    /// `wide` where CPUID says the CPU and the OS support AVX2 and FMA
    /// (asked once per process: CPUID is slow on a virtual machine), `baseline` everywhere else.
    @usableFromInline
    package static let fastest: VectorLanes = latent_cpu_has_avx2_fma() != 0 ? .wide : .baseline
}
