import LatentCore

/// The ELBO with each latent site's log p − log q replaced by −KL(q‖p) in
/// closed form where the registry has the pair (Monte Carlo otherwise):
/// the same expectation. The variance is usually lower far from the
/// optimum; near it the Monte Carlo terms cancel against the likelihood and
/// can be quieter. Assumes a mean-field guide, whose sites do not depend on
/// each other.
public final class MeanFieldELBO<Scalar: TensorScalar>: ELBO<Scalar> {
    /// The ELBO with closed-form KL terms, over `particles` draws of the guide.
    /// - Parameters:
    ///   - particles: K, the number of guide draws per estimate (at least 1).
    ///   - baselineDecay: γ in the score-function baselines
    ///     b ← γb + (1 − γ)c, as for ``TraceELBO`` (0.9 by default).
    ///   - vectorizeParticles: as for ``TraceELBO``.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for fewer than one particle.
    public init(particles: Int = 1, baselineDecay: Scalar = 0.9, vectorizeParticles: Bool = false) throws {
        try super.init(
            particles: particles, baselineDecay: baselineDecay, analyticKL: true, raoBlackwellized: true,
            vectorizeParticles: vectorizeParticles)
    }
}
