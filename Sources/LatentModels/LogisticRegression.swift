import LatentCore
import LatentDistributions
import LatentInference

/// Bayesian logistic regression fitted on minibatches:
///     wⱼ ~ N(0, 1), b ~ N(0, 1), yᵢ ~ Bernoulli(σ(xᵢ·w + b)),
/// the likelihood under a plate that subsamples `batchSize` of the n rows
/// at each step (each scaled by n/batchSize, an unbiased estimate).
public struct LogisticRegression: Sendable {
    /// n×d covariates.
    public let covariates: Tensor<Double>
    /// n labels in {0, 1}.
    public let labels: Tensor<Double>
    /// Rows per step; n for full batches.
    public let batchSize: Int

    /// The model on `covariates` and `labels`, fitted on `batchSize` rows per step.
    /// - Throws: ``ModelError/shapeMismatch(argument:shape:expected:)`` when
    ///   the covariates are not an n×d matrix (n, d ≥ 1) or the labels not n
    ///   values, ``ModelError/nonFiniteValue(argument:)`` for a NaN or an
    ///   infinity in the covariates, ``ModelError/invalidLabel(argument:value:allowed:)``
    ///   for a label other than 0 or 1, ``ModelError/countOutOfRange(argument:value:valid:)``
    ///   for a batch size outside 1…n.
    public init(covariates: Tensor<Double>, labels: Tensor<Double>, batchSize: Int) throws {
        try ModelError.checkRegressionData(covariates: covariates, responses: labels, named: "labels")
        if let label = labels.scalars.first(where: { $0 != 0 && $0 != 1 }) {
            throw ModelError.invalidLabel(argument: "labels", value: label, allowed: "0 or 1")
        }
        try ModelError.checkCount("batchSize", batchSize, in: 1...labels.count)
        self.covariates = covariates
        self.labels = labels
        self.batchSize = batchSize
    }

    /// n rows with x ~ N(0, I), weights wⱼ ~ N(0, 1) (returned), bias −0.5,
    /// y ~ Bernoulli(σ(x·w − 0.5)).
    /// - Parameters:
    ///   - n: the number of rows.
    ///   - d: the number of covariates.
    ///   - seed: the seed of the generator all draws come from.
    /// - Returns: the n×d covariates `x`, the n labels `y` in {0, 1}, and the true `weights`.
    public static func synthetic(n: Int, d: Int, seed: UInt64) throws -> (x: Tensor<Double>, y: Tensor<Double>, weights: [Double]) {
        var generator = Xoshiro256PlusPlus(seed: seed)
        let weights = try Tensor<Double>.randomNormal([d], using: &generator)
        let x = try SyntheticData.covariates(n, d, using: &generator)
        let probability = sigmoid(try matmul(x, weights) - 0.5)
        let y = try probability.mask(greaterThan: Tensor<Double>.randomUniform([n], using: &generator))
        return (x, y, weights.scalars)
    }

    /// The model: sites `weights` (a d-vector), `bias`, and the observed `y`
    /// in the plate `data`, subsampled to `batchSize` rows when that is below n.
    public func model(_ c: ModelContext<Double>) throws {
        let d = covariates.shape[1]
        let weights = try c.sample("weights", Normal(loc: Tensor.zeros([d]), scale: Tensor(1.0)).independent(reinterpretingBatchRank: 1))
        let bias = try c.sample("bias", Normal(loc: 0.0, scale: 1.0))
        let subsample = batchSize < labels.count ? batchSize : nil
        try c.plate("data", size: labels.count, subsample: subsample) { rows in
            let x = subsample == nil ? covariates : try covariates.slices(at: rows, alongAxis: 0)
            let y = subsample == nil ? labels : try labels.slices(at: rows)
            try c.sample("y", Bernoulli(logits: matmul(x, weights) + bias), observed: y)
        }
    }

    /// What a fit reports: posterior summaries of w and b, and the speed of the loop.
    public struct Fit: Sendable {
        /// The posterior summary of the weights w.
        public let weights: PosteriorSummary
        /// The posterior summary of the bias b.
        public let bias: PosteriorSummary
        /// Steps per second of the SVI loop.
        public let stepsPerSecond: Double
    }

    /// SVI with a mean-field autoguide (TraceELBO, 1 particle, Adam 0.01),
    /// the rate cut tenfold for the last fifth of the steps.
    /// - Throws: ``ModelError/countOutOfRange(argument:value:valid:)`` for
    ///   fewer than 1 step or 2 draws.
    public func fit(steps: Int, draws: Int = 1_000, seed: UInt64 = 0, progress: ProgressReporter? = nil) throws -> Fit {
        try ModelError.checkCount("draws", draws, atLeast: 2)
        let guide = AutoNormal(model: model)
        var svi: SVI<Double, Void, Void>?
        let elapsed = try ContinuousClock().measure {
            svi = try fittedSVI(model: model, guide: guide.callAsFunction, objective: TraceELBO(), rate: 0.01,
                                steps: steps, seed: seed, progress: progress)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let samples = try Predictive(model: model, guide: guide).draw(draws, in: svi!.context)
        return Fit(weights: try PosteriorSummary(draws: samples["weights"]!), bias: try PosteriorSummary(draws: samples["bias"]!),
                   stepsPerSecond: Double(steps) / seconds)
    }
}
