import LatentCore
import LatentDistributions
import LatentInference

extension PosteriorDatabase {
    /// `kidiq-kidscore_momiq`: children's test scores regressed on their
    /// mothers' IQ, with Stan's flat prior on the coefficients:
    ///     β ~ Flat(ℝ²), σ ~ HalfCauchy(2.5),
    ///     kid_scoreᵢ ~ N(β₁ + β₂·mom_iqᵢ, σ).
    /// Sites: `beta` (a 2-vector), `sigma`, and the observed `kid_score`.
    public struct KidIQ: PosteriorDatabaseModel {
        /// posteriordb's name for this posterior.
        public static let posteriorName = "kidiq-kidscore_momiq"
        /// The children's scores.
        public let kidScore: Tensor<Double>
        /// Their mothers' IQs, as published (uncentred).
        public let momIQ: Tensor<Double>
        /// [1, mom_iqᵢ] by rows.
        private let design: Tensor<Double>

        /// The model on the children's scores `kidScore` and their mothers' IQs `momIQ`.
        /// - Throws: ``ModelError`` for vectors of different lengths or a
        ///   non-finite value.
        public init(kidScore: Tensor<Double>, momIQ: Tensor<Double>) throws {
            try PosteriorDatabase.checkVector("kidScore", kidScore)
            try PosteriorDatabase.checkVector("momIQ", momIQ, count: kidScore.count)
            self.kidScore = kidScore
            self.momIQ = momIQ
            design = try PosteriorDatabase.designMatrix([momIQ])
        }

        /// The regression of ``kidScore`` on ``momIQ``.
        public func model(_ c: ModelContext<Double>) throws {
            let beta = try c.sample("beta", Flat(.real, eventShape: [2]))
            let sigma = try c.sample("sigma", HalfCauchy(scale: 2.5))
            try c.plate("children", size: kidScore.count) { _ in
                try c.sample("kid_score", Normal(loc: matmul(design, beta), scale: sigma), observed: kidScore)
            }
        }
    }
}
