import LatentCore
import LatentDistributions
import LatentInference

extension PosteriorDatabase {
    /// `low_dim_gauss_mix-low_dim_gauss_mix`: a two-component normal mixture
    /// with ordered means, as Stan writes it:
    ///     μ ~ N(0, 2²) ordered (μ₁ < μ₂), σₖ ~ HalfNormal(2), θ ~ Beta(5, 5),
    ///     yₙ ~ θ N(μ₁, σ₁) + (1 − θ) N(μ₂, σ₂).
    /// Stan's `ordered[2] mu; mu ~ normal(0, 2)` is the density of the
    /// ordered pair up to the constant log 2!, which ``/LatentDistributions/Ordered`` includes.
    /// Sites: `mu` and `sigma` (2-vectors), `theta`, and the observed `y`.
    public struct LowDimensionalGaussianMixture: PosteriorDatabaseModel {
        /// posteriordb's name for this posterior.
        public static let posteriorName = "low_dim_gauss_mix-low_dim_gauss_mix"
        /// The N observations.
        public let y: Tensor<Double>

        /// The model on the observations `y`.
        /// - Throws: ``ModelError`` for an empty or non-finite `y`.
        public init(y: Tensor<Double>) throws {
            try PosteriorDatabase.checkVector("y", y)
            self.y = y
        }

        /// The two-component mixture with ordered means, on ``y``.
        public func model(_ c: ModelContext<Double>) throws {
            let mu = try c.sample("mu", Normal(loc: 0.0, scale: 2.0).ordered(count: 2))
            let sigma = try c.sample("sigma", HalfNormal(scale: 2.0).iid([2]))
            let theta = try c.sample("theta", Beta(concentration1: 5.0, concentration0: 5.0))
            let weights = try Tensor.stacking([theta, 1 - theta])
            let likelihood = try MixtureSameFamily(mixture: Categorical(logits: log(weights)), components: Normal(loc: mu, scale: sigma))
            try c.plate("data", size: y.count) { _ in
                try c.sample("y", likelihood, observed: y)
            }
        }
    }
}
