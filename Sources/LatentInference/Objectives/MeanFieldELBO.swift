import LatentCore

/// The ELBO with each latent site's log p − log q replaced by −KL(q‖p) in
/// closed form where the registry has the pair (Monte Carlo otherwise):
/// the same expectation. The variance is usually lower far from the
/// optimum; near it the Monte Carlo terms cancel against the likelihood and
/// can be quieter. Assumes a mean-field guide, whose sites do not depend on
/// each other.
public final class MeanFieldELBO<Scalar: TensorScalar>: Objective {
    var estimator: ELBOEstimator<Scalar>

    /// - Parameter vectorizeParticles: as for ``TraceELBO``.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for fewer than one particle.
    public init(particles: Int = 1, baselineDecay: Scalar = 0.9, vectorizeParticles: Bool = false) throws {
        estimator = try ELBOEstimator(
            particles: particles, baselineDecay: baselineDecay, analyticKL: true, raoBlackwellized: true,
            vectorizeParticles: vectorizeParticles)
    }

    public func loss<M, G>(
        model: @escaping (ModelContext<Scalar>) throws -> M, guide: @escaping (ModelContext<Scalar>) throws -> G,
        context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        try estimator.loss(model: model, guide: guide, context: context)
    }

    public func firstNonFiniteSite() -> String? { estimator.passes.nonFiniteSite }
}
