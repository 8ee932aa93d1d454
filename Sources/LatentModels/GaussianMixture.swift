import LatentCore
import LatentDistributions
import LatentInference

/// A two-component Gaussian mixture on real data, the assignments summed
/// out exactly (no discrete latent to sample):
///     π ~ Dirichlet(2, 2), μ₁ ~ N(0, 10), δ ~ HalfNormal(10), μ₂ = μ₁ + δ,
///     sₖ ~ LogNormal(0, 1), yᵢ ~ π₁N(μ₁, s₁) + π₂N(μ₂, s₂).
/// Writing μ₂ as μ₁ plus a positive gap orders the components, which
/// removes the label-switching symmetry that would otherwise split the
/// posterior into two mirror modes.
public struct GaussianMixture: Sendable {
    /// The n observations y.
    public let data: Tensor<Double>

    /// The model on the observations `data`.
    /// - Throws: ``ModelError/shapeMismatch(argument:shape:expected:)`` for
    ///   data that is not a non-empty vector, ``ModelError/nonFiniteValue(argument:)``
    ///   for a NaN or an infinity in it.
    public init(data: Tensor<Double>) throws {
        guard data.rank == 1, data.count > 0 else {
            throw ModelError.shapeMismatch(argument: "data", shape: data.shape, expected: "[n] with n ≥ 1")
        }
        try ModelError.checkFinite("data", data)
        self.data = data
    }

    /// n draws from weights `weights`, means `locs` and scales `scales`
    /// (two of each), by choosing a component then drawing from it.
    /// - Throws: ``ModelError`` for n < 1, or parameters that are not two
    ///   each, or scales that are not positive.
    public static func synthetic(
        n: Int, weights: [Double] = [0.3, 0.7], locs: [Double] = [-2, 2.5], scales: [Double] = [0.6, 1], seed: UInt64
    ) throws -> Tensor<Double> {
        try ModelError.checkCount("n", n, atLeast: 1)
        for (name, values) in [("weights", weights), ("locs", locs), ("scales", scales)] where values.count != 2 {
            throw ModelError.shapeMismatch(argument: name, shape: [values.count], expected: "[2], one per component")
        }
        for scale in scales { try ModelError.checkPositive("scales", scale) }
        var generator = Xoshiro256PlusPlus(seed: seed)
        let values = (0..<n).map { _ in
            let k = Double.randomUniform(using: &generator) < weights[0] ? 0 : 1
            return locs[k] + scales[k] * Double.randomNormal(using: &generator)
        }
        return Tensor(values)
    }

    /// The model: sites `weights` (π), `lower_loc` (μ₁), `gap` (δ), the
    /// deterministic `locs`, `scales`, and the observed `y` in the plate `data`.
    public func model(_ c: ModelContext<Double>) throws {
        let weights = try c.sample("weights", Dirichlet(concentration: Tensor([2.0, 2.0])))
        let lower = try c.sample("lower_loc", Normal(loc: 0.0, scale: 10.0))
        let gap = try c.sample("gap", HalfNormal(scale: Tensor(10.0)))
        let locs = try c.deterministic("locs", Tensor.stacking([lower, lower + gap]))
        let scales = try c.sample("scales", LogNormal(loc: Tensor.zeros([2]), scale: Tensor(1.0)).independent(reinterpretingBatchRank: 1))
        let mixture = try MixtureSameFamily(mixture: Categorical(probs: weights), components: Normal(loc: locs, scale: scales))
        try c.plate("data", size: data.count) { _ in
            try c.sample("y", mixture, observed: data)
        }
    }

    /// What a fit reports: posterior summaries of the weights, means and scales, and the guide's diagnostics.
    public struct Fit: Sendable {
        /// The posterior summary of the mixture weights π.
        public let weights: PosteriorSummary
        /// The posterior summary of the component means (μ₁, μ₂), μ₁ < μ₂.
        public let locs: PosteriorSummary
        /// The posterior summary of the component scales s.
        public let scales: PosteriorSummary
        /// The fitted guide's importance-sampling diagnostics (Pareto k̂, log marginal likelihood).
        public let diagnostics: GuideDiagnostics
    }

    /// SVI with a full-rank autoguide (TraceELBO, 4 particles, Adam 0.02, the rate
    /// cut tenfold for the last fifth of the steps).
    /// - Throws: ``ModelError/countOutOfRange(argument:value:valid:)`` for
    ///   fewer than 1 step or 2 draws.
    public func fit(steps: Int, draws: Int = 2_000, seed: UInt64 = 0, progress: ProgressReporter? = nil) throws -> Fit {
        try ModelError.checkCount("draws", draws, atLeast: 2)
        let guide = AutoMultivariateNormal(model: model)
        let svi = try fittedSVI(model: model, guide: guide.callAsFunction, objective: TraceELBO(particles: 4), rate: 0.02,
                                steps: steps, seed: seed, progress: progress)
        let samples = try Predictive(model: model, guide: guide).draw(draws, in: svi.context)
        return Fit(weights: try PosteriorSummary(draws: samples["weights"]!), locs: try PosteriorSummary(draws: samples["locs"]!),
                   scales: try PosteriorSummary(draws: samples["scales"]!), diagnostics: try svi.diagnostics())
    }
}
