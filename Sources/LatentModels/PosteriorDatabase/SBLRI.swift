import LatentCore
import LatentDistributions
import LatentInference

extension PosteriorDatabase {
    /// `sblri-blr`: Bayesian linear regression without an intercept,
    ///     β ~ N(0, 10² I_D), σ ~ HalfNormal(10), y ~ N(Xβ, σ² I).
    /// Sites: `beta` (a D-vector), `sigma`, and the observed `y`.
    public struct SBLRI: PosteriorDatabaseModel {
        /// posteriordb's name for this posterior.
        public static let posteriorName = "sblri-blr"
        /// The N×D design matrix X.
        public let x: Tensor<Double>
        /// The N responses.
        public let y: Tensor<Double>

        /// The model on the design matrix `x` and the responses `y`.
        /// - Throws: ``ModelError`` when X is not an N×D matrix for the N
        ///   responses, or for a non-finite value.
        public init(x: Tensor<Double>, y: Tensor<Double>) throws {
            try ModelError.checkRegressionData(covariates: x, responses: y, named: "y")
            try ModelError.checkFinite("y", y)
            self.x = x
            self.y = y
        }

        /// The regression of ``y`` on ``x`` without an intercept.
        public func model(_ c: ModelContext<Double>) throws {
            let beta = try c.sample("beta", Normal(loc: 0.0, scale: 10.0).iid([x.shape[1]]))
            let sigma = try c.sample("sigma", HalfNormal(scale: 10.0))
            try c.plate("data", size: y.count) { _ in
                try c.sample("y", Normal(loc: matmul(x, beta), scale: sigma), observed: y)
            }
        }
    }
}
