import LatentCore
import LatentDistributions

/// A full-rank Gaussian guide over all latent sites jointly: one
/// multivariate normal on the flat unconstrained vector of every site,
/// N(loc, LLᵀ), pushed onto each site's support by its bijector (Pyro's
/// `AutoMultivariateNormal`). It captures posterior correlations that
/// ``AutoNormal`` cannot.
///
/// The joint draw is the auxiliary site `_AutoMultivariateNormal_latent`;
/// parameters are `AutoMultivariateNormal.loc` and
/// `AutoMultivariateNormal.scaleTril` (initially `initialScale`·I).
public final class AutoMultivariateNormal<Scalar: TensorScalar, ModelResult>: Guide {
    let initialScale: Scalar
    private var discovery: ModelDiscovery<Scalar, ModelResult>

    public init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult, initialScale: Scalar = 0.1,
        initialization: AutoguideInitialization<Scalar> = .median
    ) {
        self.initialScale = initialScale
        discovery = ModelDiscovery(model: model, initialization: initialization)
    }

    public func callAsFunction(_ context: ModelContext<Scalar>) throws {
        let prototype = try discovery.prototype(context)
        let d = prototype.dimension
        let loc = try context.param("AutoMultivariateNormal.loc", prototype.initialVector())
        let scaleTril = try context.param(
            "AutoMultivariateNormal.scaleTril", Tensor<Scalar>.identity(d) * initialScale, constraint: .lowerCholesky)
        let joint = try context.auxiliarySample(
            "_AutoMultivariateNormal_latent", MultivariateNormal(loc: loc, scaleTril: scaleTril, validating: false))
        try prototype.sampleSites(from: joint, in: context)
    }
}
