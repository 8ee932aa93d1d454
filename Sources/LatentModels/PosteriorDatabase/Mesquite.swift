import LatentCore
import LatentDistributions
import LatentInference

extension PosteriorDatabase {
    /// `mesquite-logmesquite`: the log weight of mesquite bushes regressed on
    /// the logs of their dimensions and planting density and on their group,
    /// with Stan's flat priors:
    ///     β ~ Flat(ℝ⁷), σ ~ Flat(0, ∞),
    ///     log weightᵢ ~ N(β₁ + β₂ log diam1ᵢ + β₃ log diam2ᵢ + β₄ log canopy_heightᵢ
    ///                     + β₅ log total_heightᵢ + β₆ log densityᵢ + β₇ groupᵢ, σ).
    /// Sites: `beta` (a 7-vector), `sigma`, and the observed `log_weight`.
    public struct Mesquite: PosteriorDatabaseModel {
        /// posteriordb's name for this posterior.
        public static let posteriorName = "mesquite-logmesquite"
        /// log weightᵢ.
        public let logWeight: Tensor<Double>
        /// [1, log diam1ᵢ, log diam2ᵢ, log canopy_heightᵢ, log total_heightᵢ,
        /// log densityᵢ, groupᵢ] by rows.
        public let design: Tensor<Double>

        /// The data as published: positive measurements, and the group of
        /// each bush (0 or 1).
        /// - Throws: ``ModelError`` for vectors of different lengths or a
        ///   value whose logarithm is not finite (a measurement that is not
        ///   positive), named by its argument.
        public init(
            weight: Tensor<Double>, diam1: Tensor<Double>, diam2: Tensor<Double>, canopyHeight: Tensor<Double>,
            totalHeight: Tensor<Double>, density: Tensor<Double>, group: Tensor<Double>
        ) throws {
            let measured = [("weight", weight), ("diam1", diam1), ("diam2", diam2), ("canopyHeight", canopyHeight),
                            ("totalHeight", totalHeight), ("density", density)]
            try PosteriorDatabase.checkVector("group", group)
            for (name, values) in measured {
                try PosteriorDatabase.checkVector(name, values, count: group.count)
                try ModelError.checkFinite("log(\(name))", log(values))
            }
            logWeight = log(weight)
            design = try PosteriorDatabase.designMatrix(measured.dropFirst().map { log($0.1) } + [group])
        }

        /// The regression of ``logWeight`` on the columns of ``design``.
        public func model(_ c: ModelContext<Double>) throws {
            let beta = try c.sample("beta", Flat(.real, eventShape: [7]))
            let sigma = try c.sample("sigma", Flat(.positive))
            try c.plate("bushes", size: logWeight.count) { _ in
                try c.sample("log_weight", Normal(loc: matmul(design, beta), scale: sigma), observed: logWeight)
            }
        }
    }
}
