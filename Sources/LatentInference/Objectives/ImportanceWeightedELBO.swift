import LatentCore

/// The importance-weighted bound log( (1/K) Σₖ p(x, zₖ)/q(zₖ) ) (Burda et
/// al. 2016): tighter than the ELBO, and → log p(x) as K grows. The Rényi
/// bound at α = 0, with DReG gradients available.
public final class ImportanceWeightedELBO<Scalar: TensorScalar>: RenyiELBO<Scalar> {
    /// The importance-weighted bound over `particles` draws of the guide.
    /// - Parameters:
    ///   - particles: K, the number of guide draws per estimate (at least 1).
    ///   - gradient: the gradient estimator (``ImportanceGradient``);
    ///     `.doublyReparameterized` gives DReG.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for fewer than one particle.
    public init(particles: Int, gradient: ImportanceGradient = .standard) throws {
        try super.init(alpha: 0, particles: particles, gradient: gradient)
    }
}
