import LatentCore
import LatentDistributions

/// A Gaussian guide on the flat unconstrained vector of every latent site
/// with covariance diag(s)(FFᵀ + I)diag(s), F of shape D×rank: correlations
/// at a cost that grows with D·rank² rather than D³, for models with many
/// latent variables (Pyro's `AutoLowRankMultivariateNormal`).
///
/// The joint draw is the auxiliary site `_AutoLowRankMultivariateNormal_latent`;
/// parameters are `AutoLowRankMultivariateNormal.loc`, `.scale` (positive,
/// initially `initialScale`) and `.covarianceFactor` (initially
/// N(0, 0.25/rank) entries, so the starting covariance is near
/// `initialScale`²·I).
public final class AutoLowRankMultivariateNormal<Scalar: TensorScalar, ModelResult>: Guide {
    let rank: Int?
    let initialScale: Scalar
    private var discovery: ModelDiscovery<Scalar, ModelResult>

    /// A low-rank-plus-diagonal Gaussian guide for `model`.
    /// - Parameters:
    ///   - model: the model whose latent sites the guide covers; it is run
    ///     once, hidden from any enclosing trace, on the guide's first run to
    ///     discover them.
    ///   - rank: the factor's columns; ⌈√D⌉ when nil, as in Pyro.
    ///   - initialScale: the starting value of every element of the scale s, on
    ///     unconstrained space (0.1 by default, as in Pyro).
    ///   - initialization: where `loc` starts: the unconstrained image of
    ///     each site's initial value (the prior median by default).
    public init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult, rank: Int? = nil, initialScale: Scalar = 0.1,
        initialization: AutoguideInitialization<Scalar> = .median
    ) {
        self.rank = rank
        self.initialScale = initialScale
        discovery = ModelDiscovery(model: model, initialization: initialization)
    }

    /// Draws the joint unconstrained vector from the low-rank Gaussian as the
    /// auxiliary site, then each latent site from its slice, through the
    /// site's bijector.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for a rank
    ///   outside 1…D, and what the model throws on its hidden run.
    public func callAsFunction(_ context: ModelContext<Scalar>) throws {
        let prototype = try discovery.prototype(context)
        let d = prototype.dimension
        let columns = rank ?? Int(Double(d).squareRoot().rounded(.up))
        guard (1...d).contains(columns) else {
            throw InferenceError.invalidArgument(name: "rank", reason: "must be in 1…\(d) (the latent dimension), got \(columns)")
        }
        let loc = try context.param("AutoLowRankMultivariateNormal.loc", prototype.initialVector())
        let scale = try context.param(
            "AutoLowRankMultivariateNormal.scale", Tensor(shape: [d], repeating: initialScale), constraint: .positive)
        let factor = try context.param(
            "AutoLowRankMultivariateNormal.covarianceFactor",
            Tensor<Scalar>.randomNormal([d, columns], standardDeviation: Scalar(0.5 / Double(columns).squareRoot()),
                                        using: &context.generator))
        let joint = try context.auxiliarySample(
            "_AutoLowRankMultivariateNormal_latent",
            LowRankMultivariateNormal(
                loc: loc, covarianceFactor: factor * scale.reshaped(to: [d, 1]), covarianceDiagonal: scale * scale, validating: false))
        try prototype.sampleSites(from: joint, in: context)
    }
}
