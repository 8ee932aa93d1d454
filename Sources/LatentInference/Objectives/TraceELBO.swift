import LatentCore

/// The evidence lower bound ELBO = E_q[log p(x, z) − log q(z)], estimated
/// by Monte Carlo over `particles` draws of the guide; the loss is −ELBO.
///
/// Gradients are pathwise through reparameterised guide sites. For a guide
/// site without pathwise gradients, the score-function term
/// log q(z)·(ELBO − b) is added to a surrogate loss (its value is unchanged,
/// its gradient is the REINFORCE estimator), with b a decaying average of
/// past ELBOs as a variance-reducing baseline: such sites never get silently
/// zero gradients. Inside plates, each element's cost is only the terms
/// that share its plate element (Rao-Blackwellisation, `PlateCosts`).
public final class TraceELBO<Scalar: TensorScalar>: ELBO<Scalar> {
    /// The Monte Carlo ELBO over `particles` draws of the guide.
    /// - Parameters:
    ///   - particles: K, the number of guide draws per estimate (at least 1).
    ///   - baselineDecay: γ in the score-function baselines
    ///     b ← γb + (1 − γ)c, decaying averages of past costs c (the ELBO, or
    ///     a plated site's mean element cost), each started at its first cost
    ///     (0.9 by default); used only for guide sites without pathwise gradients.
    ///   - raoBlackwellized: charge each element of a plated
    ///     non-reparameterised site only with the costs that share its plate
    ///     element (`PlateCosts`), rather than with the whole ELBO.
    ///   - vectorizeParticles: draw the K particles in one pass, inside an
    ///     outer ``ParticlePlate`` left of every plate of the model (Pyro's
    ///     `vectorize_particles`): much faster for small models, but the
    ///     model and guide must broadcast over that leading axis. Score
    ///     functions are then always Rao-Blackwellised over particles.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for fewer than one particle.
    public init(particles: Int = 1, baselineDecay: Scalar = 0.9, raoBlackwellized: Bool = true, vectorizeParticles: Bool = false) throws {
        try super.init(
            particles: particles, baselineDecay: baselineDecay, analyticKL: false,
            raoBlackwellized: raoBlackwellized || vectorizeParticles, vectorizeParticles: vectorizeParticles)
    }
}
