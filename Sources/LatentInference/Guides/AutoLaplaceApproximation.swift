import LatentCore
import LatentDistributions

/// The Laplace approximation (Pyro's `AutoLaplaceApproximation`): SVI with
/// this guide finds the mode û of f(u) = log p(x, T(u)) + log |det J_T(u)|
/// on the flat unconstrained vector u of every latent site (a point mass,
/// like ``AutoDelta`` but in unconstrained space); then
/// ``laplaceApproximation(context:)`` returns the Gaussian N(û, H⁻¹) with
/// H = −∇²f(û), as a fitted ``AutoMultivariateNormal``.
///
/// The point is the auxiliary site `_AutoLaplaceApproximation_latent`; its
/// parameter is `AutoLaplaceApproximation.loc`.
public final class AutoLaplaceApproximation<Scalar: TensorScalar, ModelResult>: Guide {
    private var discovery: ModelDiscovery<Scalar, ModelResult>

    /// A Laplace-approximation guide for `model`.
    /// - Parameters:
    ///   - model: the model whose latent sites the guide covers; it is run
    ///     once, hidden from any enclosing trace, on the guide's first run to
    ///     discover them.
    ///   - initialization: where `AutoLaplaceApproximation.loc` starts: the
    ///     unconstrained image of each site's initial value (the prior median
    ///     by default).
    public init(model: @escaping (ModelContext<Scalar>) throws -> ModelResult, initialization: AutoguideInitialization<Scalar> = .median) {
        discovery = ModelDiscovery(model: model, initialization: initialization)
    }

    /// Draws the point `AutoLaplaceApproximation.loc` as the auxiliary site,
    /// then each latent site from its slice of it, through the site's bijector.
    /// - Throws: what discovering the model's latent sites throws, and what
    ///   the model throws on its hidden run.
    public func callAsFunction(_ context: ModelContext<Scalar>) throws {
        let prototype = try discovery.prototype(context)
        let loc = try context.param("AutoLaplaceApproximation.loc", prototype.initialVector())
        let point = try context.auxiliarySample("_AutoLaplaceApproximation_latent", Delta(value: loc, eventRank: 1, validating: false))
        try prototype.sampleSites(from: point, in: context)
    }

    /// N(û, H⁻¹) at the current point û, as an ``AutoMultivariateNormal``
    /// whose `loc` and `scaleTril` parameters are set in `context`'s store.
    /// The Hessian is ``UnconstrainedLogDensity/negativeHessian(at:)``.
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` before
    ///   the guide has run, or when H is not positive definite (û is not
    ///   an isolated mode: fit longer).
    public func laplaceApproximation(context: ModelContext<Scalar>) throws -> AutoMultivariateNormal<Scalar, ModelResult> {
        guard let prototype = discovery.discovered, let mode = context.parameters.unconstrainedValue("AutoLaplaceApproximation.loc") else {
            throw InferenceError.invalidParameter(name: "AutoLaplaceApproximation.loc", reason: "run SVI with the guide first")
        }
        let density = UnconstrainedLogDensity(model: discovery.model, context: context, prototype: prototype)
        let scaleTril: Tensor<Scalar>
        do {
            scaleTril = try laplaceScaleTril(negativeHessian: density.negativeHessian(at: mode.scalars), dimension: prototype.dimension)
        } catch {
            throw InferenceError.invalidParameter(
                name: "AutoLaplaceApproximation.loc", reason: "−∇²log p is not positive definite there: not an isolated mode; fit longer")
        }
        let gaussian = AutoMultivariateNormal(model: discovery.model)
        _ = try context.trace { try gaussian($0) }
        try context.parameters.setConstrainedValue("AutoMultivariateNormal.loc", mode)
        try context.parameters.setConstrainedValue("AutoMultivariateNormal.scaleTril", scaleTril)
        return gaussian
    }
}
