internal import CGSL

/// Makes this thread flush subnormal floating-point results to zero (and
/// read subnormal inputs as zero), as most deep-learning frameworks' CPU
/// kernels do: training drives some values (Adam's second moments, tiny
/// gradients) into the subnormal range, where x86 arithmetic is tens of
/// times slower. Values below ~1.2e-38 (Float) or ~2.2e-308 (Double) become
/// 0. The `latent` command calls it; the library never does on its own.
public func flushSubnormalsToZero() {
    latent_flush_subnormals()
}
