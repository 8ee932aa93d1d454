import LatentCore
import LatentDistributions
import LatentInference

/// Bayesian linear regression with unknown noise:
///     wⱼ ~ N(0, priorScale), b ~ N(0, priorScale), σ ~ HalfNormal(1),
///     yᵢ ~ N(xᵢ·w + b, σ).
/// With σ fixed (``noiseScale``) the posterior of (w, b) is Gaussian in
/// closed form, which the tests use as the reference.
public struct BayesianLinearRegression: Sendable {
    /// n×d covariates.
    public let covariates: Tensor<Double>
    /// n responses.
    public let responses: Tensor<Double>
    /// The standard deviation of the normal prior on each weight and on the bias.
    public let priorScale: Double
    /// σ when known; nil puts the HalfNormal(1) prior on it.
    public let noiseScale: Double?

    /// The model on `covariates` and `responses`.
    /// - Parameters:
    ///   - covariates: the n×d matrix x.
    ///   - responses: the n responses y.
    ///   - priorScale: the prior standard deviation of w and b (10 by default).
    ///   - noiseScale: σ when known; nil (the default) puts the HalfNormal(1) prior on it.
    /// - Throws: ``ModelError/shapeMismatch(argument:shape:expected:)`` when
    ///   the covariates are not an n×d matrix (n, d ≥ 1) or the responses not
    ///   n values, ``ModelError/nonFiniteValue(argument:)`` for a NaN or an
    ///   infinity in either, ``ModelError/notPositive(argument:value:)`` for
    ///   a scale that is not positive.
    public init(covariates: Tensor<Double>, responses: Tensor<Double>, priorScale: Double = 10, noiseScale: Double? = nil) throws {
        try ModelError.checkRegressionData(covariates: covariates, responses: responses, named: "responses")
        try ModelError.checkFinite("responses", responses)
        try ModelError.checkPositive("priorScale", priorScale)
        if let noiseScale { try ModelError.checkPositive("noiseScale", noiseScale) }
        self.covariates = covariates
        self.responses = responses
        self.priorScale = priorScale
        self.noiseScale = noiseScale
    }

    /// n draws from the model at known weights, bias 1 and noise σ:
    /// x ~ N(0, I), y = x·w + 1 + σε.
    public static func synthetic(n: Int, weights: [Double], noise: Double, seed: UInt64) throws -> (x: Tensor<Double>, y: Tensor<Double>) {
        var generator = Xoshiro256PlusPlus(seed: seed)
        let x = try SyntheticData.covariates(n, weights.count, using: &generator)
        let y = try matmul(x, Tensor(weights)) + 1 + Tensor<Double>.randomNormal([n], standardDeviation: noise, using: &generator)
        return (x, y)
    }

    /// The model: sites `weights` (a d-vector), `bias`, `sigma` unless
    /// ``noiseScale`` is set, and the observed `y` in the plate `data`.
    public func model(_ c: ModelContext<Double>) throws {
        let d = covariates.shape[1]
        let weights = try c.sample("weights", Normal(loc: Tensor.zeros([d]), scale: Tensor(priorScale)).independent(reinterpretingBatchRank: 1))
        let bias = try c.sample("bias", Normal(loc: 0.0, scale: priorScale))
        let sigma = try noiseScale.map { Tensor($0) } ?? c.sample("sigma", HalfNormal(scale: Tensor(1.0)))
        try c.plate("data", size: responses.count) { _ in
            try c.sample("y", Normal(loc: matmul(covariates, weights) + bias, scale: sigma), observed: responses)
        }
    }

    /// What a fit reports: posterior summaries by site and the guide's diagnostics.
    public struct Fit: Sendable {
        /// Summaries by site: `weights`, `bias`, and `sigma` when unknown.
        public let summaries: [String: PosteriorSummary]
        /// The fitted guide's importance-sampling diagnostics (Pareto k̂, log marginal likelihood).
        public let diagnostics: GuideDiagnostics
    }

    /// SVI with a full-rank autoguide (TraceELBO, 4 particles, Adam 0.02, the rate
    /// cut tenfold for the last fifth of the steps),
    /// then `draws` posterior draws.
    /// - Throws: ``ModelError/countOutOfRange(argument:value:valid:)`` for
    ///   fewer than 1 step or 2 draws.
    public func fit(steps: Int, draws: Int = 2_000, seed: UInt64 = 0, progress: ProgressReporter? = nil) throws -> Fit {
        try ModelError.checkCount("draws", draws, atLeast: 2)
        let guide = AutoMultivariateNormal(model: model)
        let svi = try fittedSVI(model: model, guide: guide.callAsFunction, objective: TraceELBO(particles: 4), rate: 0.02,
                                steps: steps, seed: seed, progress: progress)
        let samples = try Predictive(model: model, guide: guide).draw(draws, in: svi.context)
        var summaries: [String: PosteriorSummary] = [:]
        for name in ["weights", "bias", "sigma"] {
            if let site = samples[name] { summaries[name] = try PosteriorSummary(draws: site) }
        }
        return Fit(summaries: summaries, diagnostics: try svi.diagnostics())
    }
}
