import LatentCore
import LatentDistributions
import LatentInference

/// Eight schools (Rubin 1981): estimated coaching effects yⱼ with known
/// standard errors σⱼ, partially pooled through a hierarchical normal
/// model written non-centred (so SVI does not fight the funnel):
///     μ ~ N(0, 5), τ ~ HalfCauchy(5), θ̃ⱼ ~ N(0, 1), θⱼ = μ + τθ̃ⱼ, yⱼ ~ N(θⱼ, σⱼ).
public struct EightSchools: Sendable {
    /// The estimated effects, in SAT points.
    public static let effects: [Double] = [28, 8, -3, 7, -1, 1, 18, 12]
    /// Their standard errors, in SAT points.
    public static let standardErrors: [Double] = [15, 10, 16, 11, 9, 11, 10, 18]

    /// The model on the published data, ``effects`` and ``standardErrors``.
    public init() {}

    /// The model: sites `mu`, `tau`, and in the plate `schools` the
    /// standardised effects `theta_trans`, the deterministic `theta` and the observed `y`.
    public func model(_ c: ModelContext<Double>) throws {
        let mu = try c.sample("mu", Normal(loc: 0.0, scale: 5.0))
        let tau = try c.sample("tau", HalfCauchy(scale: Tensor(5.0)))
        try c.plate("schools", size: Self.effects.count) { _ in
            let standardized = try c.sample("theta_trans", Normal(loc: 0.0, scale: 1.0))
            let theta = try c.deterministic("theta", mu + tau * standardized)
            try c.sample("y", Normal(loc: theta, scale: Tensor(Self.standardErrors)), observed: Tensor(Self.effects))
        }
    }

    /// What a fit reports: posterior summaries of μ, τ and θ, and the guide's diagnostics.
    public struct Fit: Sendable {
        /// The posterior summary of the population mean effect μ, in SAT points.
        public let mu: PosteriorSummary
        /// The posterior summary of the between-school standard deviation τ, in SAT points.
        public let tau: PosteriorSummary
        /// The posterior summary of the eight school effects θ, in SAT points.
        public let theta: PosteriorSummary
        /// The fitted guide's importance-sampling diagnostics (Pareto k̂, log marginal likelihood).
        public let diagnostics: GuideDiagnostics
        /// The mean loss (negative ELBO, in nats) over the last 100 steps.
        public let finalLoss: Double
    }

    /// SVI with a mean-field autoguide (TraceELBO, 4 particles by default,
    /// Adam 0.02, the rate cut tenfold for the last fifth) for `steps`
    /// steps, then `draws` posterior draws.
    /// - Throws: ``ModelError/countOutOfRange(argument:value:valid:)`` for
    ///   fewer than 1 step, 1 particle or 2 draws.
    public func fit(
        steps: Int, particles: Int = 4, draws: Int = 4_000, seed: UInt64 = 0, progress: ProgressReporter? = nil
    ) throws -> Fit {
        try ModelError.checkCount("draws", draws, atLeast: 2)
        try ModelError.checkCount("particles", particles, atLeast: 1)
        let guide = AutoNormal(model: model)
        let svi = try fittedSVI(model: model, guide: guide.callAsFunction, objective: TraceELBO(particles: particles), rate: 0.02,
                                steps: steps, seed: seed, progress: progress)
        let losses = svi.losses
        let samples = try Predictive(model: model, guide: guide).draw(draws, in: svi.context)
        return Fit(
            mu: try PosteriorSummary(draws: samples["mu"]!), tau: try PosteriorSummary(draws: samples["tau"]!),
            theta: try PosteriorSummary(draws: samples["theta"]!), diagnostics: try svi.diagnostics(),
            finalLoss: losses.suffix(100).reduce(0, +) / Double(Swift.min(100, losses.count)))
    }
}
