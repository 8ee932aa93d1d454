import LatentCore
import LatentDistributions
import LatentInference

extension PosteriorDatabase {
    /// `eight_schools-eight_schools_noncentered`: J estimated effects yⱼ with
    /// known standard errors σⱼ, partially pooled, written non-centred:
    ///     θ̃ ~ N(0, I_J), μ ~ N(0, 5), τ ~ HalfCauchy(5), θ = μ + τθ̃,
    ///     yⱼ ~ N(θⱼ, σⱼ).
    /// Sites: `theta_trans` (a J-vector), `mu`, `tau`, the deterministic
    /// `theta`, and the observed `y`.
    public struct EightSchools: PosteriorDatabaseModel {
        /// posteriordb's name for this posterior.
        public static let posteriorName = "eight_schools-eight_schools_noncentered"
        /// The J estimated effects.
        public let y: Tensor<Double>
        /// Their J standard errors.
        public let sigma: Tensor<Double>

        /// The model on J effects `y` and their standard errors `sigma`.
        /// - Throws: ``ModelError`` for vectors of different lengths, a
        ///   non-finite value or a standard error that is not positive.
        public init(y: Tensor<Double>, sigma: Tensor<Double>) throws {
            try PosteriorDatabase.checkVector("y", y)
            try PosteriorDatabase.checkVector("sigma", sigma, count: y.count)
            if let bad = sigma.scalars.first(where: { $0 <= 0 }) { throw ModelError.notPositive(argument: "sigma", value: bad) }
            self.y = y
            self.sigma = sigma
        }

        /// θ and its standardised draws are vectors over the schools, drawn
        /// outside the plate `schools` that indexes them in `y`.
        public var dimensionNames: [String: [String]] { ["theta_trans": ["schools"], "theta": ["schools"]] }

        /// The non-centred eight-schools model on ``y`` and ``sigma``.
        public func model(_ c: ModelContext<Double>) throws {
            let schools = y.count
            let standardized = try c.sample("theta_trans", Normal(loc: 0.0, scale: 1.0).iid([schools]))
            let mu = try c.sample("mu", Normal(loc: 0.0, scale: 5.0))
            let tau = try c.sample("tau", HalfCauchy(scale: 5.0))
            let theta = try c.deterministic("theta", standardized * tau + mu)
            try c.plate("schools", size: schools) { _ in
                try c.sample("y", Normal(loc: theta, scale: sigma), observed: y)
            }
        }
    }
}
