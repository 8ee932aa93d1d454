import LatentCore
import LatentDistributions

/// A full-rank Gaussian guide over all latent sites jointly: one
/// multivariate normal on the flat unconstrained vector of every site,
/// N(loc, LLᵀ), pushed onto each site's support by its bijector (Pyro's
/// `AutoMultivariateNormal`). It captures posterior correlations that
/// ``AutoNormal`` cannot.
///
/// The joint draw is the auxiliary site `_AutoMultivariateNormal_latent`.
/// Without a frame its parameters are `AutoMultivariateNormal.loc` and
/// `AutoMultivariateNormal.scaleTril` (initially `initialScale`·I). In a
/// ``Frame`` (what ``fit(context:settings:progress:)`` sets) they are
/// `AutoMultivariateNormal.whitenedLoc` m and
/// `AutoMultivariateNormal.whitenedScaleTril` S, with loc = c + Fm and
/// L = FS: an optimiser's steps are then in units of the frame's scales,
/// the same for every coordinate however different their posterior sds.
/// ``loc(in:)`` and ``scaleTril(in:)`` read either form.
public final class AutoMultivariateNormal<Scalar: TensorScalar, ModelResult>: Guide {
    /// A fixed affine change of variables u = c + F·w of the unconstrained
    /// vector: a centre c and a lower-triangular F with a positive
    /// diagonal, in the units of u.
    public struct Frame {
        /// c, the centre: a vector of length d.
        public let center: Tensor<Scalar>
        /// F, a d × d lower triangle with a positive diagonal.
        public let scaleTril: Tensor<Scalar>

        /// A frame u = `center` + `scaleTril`·w, both detached.
        /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` unless
        ///   `center` is a vector of length d and `scaleTril` a d × d lower
        ///   triangle with a positive diagonal.
        public init(center: Tensor<Scalar>, scaleTril: Tensor<Scalar>) throws {
            let d = center.count
            guard center.shape == [d], scaleTril.shape == [d, d], try Constraint<Scalar>.lowerCholesky.contains(scaleTril) else {
                throw InferenceError.invalidArgument(
                    name: "frame", reason: "needs a centre of shape [d] and a d × d lower triangle with a positive diagonal; "
                        + "got \(center.shape) and \(scaleTril.shape)")
            }
            self.center = center.detached
            self.scaleTril = scaleTril.detached
        }
    }

    let initialScale: Scalar
    var discovery: ModelDiscovery<Scalar, ModelResult>
    /// The frame the parameters live in, if any.
    public private(set) var frame: Frame?

    /// A full-rank Gaussian guide for `model`.
    /// - Parameters:
    ///   - model: the model whose latent sites the guide covers; it is run
    ///     once, hidden from any enclosing trace, on the guide's first run to
    ///     discover them.
    ///   - initialScale: the starting diagonal of `scaleTril`, on
    ///     unconstrained space (0.1 by default, as in Pyro).
    ///   - initialization: where `loc` starts: the unconstrained image of
    ///     each site's initial value (the prior median by default).
    public init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult, initialScale: Scalar = 0.1,
        initialization: AutoguideInitialization<Scalar> = .median
    ) {
        self.initialScale = initialScale
        discovery = ModelDiscovery(model: model, initialization: initialization)
    }

    /// Draws the joint unconstrained vector from N(loc, LLᵀ) as the auxiliary
    /// site, then each latent site from its slice, through the site's bijector.
    /// - Throws: what discovering the model's latent sites throws, and what
    ///   the model throws on its hidden run.
    public func callAsFunction(_ context: ModelContext<Scalar>) throws {
        let prototype = try discovery.prototype(context)
        let (loc, scaleTril) = try parameters(prototype.dimension, context)
        let joint = try context.auxiliarySample(
            "_AutoMultivariateNormal_latent", MultivariateNormal(loc: loc, scaleTril: scaleTril, validating: false))
        try prototype.sampleSites(from: joint, in: context)
    }

    /// From now on, parameters in `frame`, starting at m = 0 and S = I:
    /// the guide is N(c, FFᵀ) until fitted.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` when the
    ///   frame's dimension is not the model's.
    public func setFrame(_ frame: Frame, context: ModelContext<Scalar>) throws {
        let d = try discovery.prototype(context).dimension
        guard frame.center.count == d else {
            throw InferenceError.invalidArgument(
                name: "frame", reason: "has dimension \(frame.center.count); the model's unconstrained dimension is \(d)")
        }
        self.frame = frame
        for name in ["AutoMultivariateNormal.whitenedLoc", "AutoMultivariateNormal.whitenedScaleTril"] {
            context.parameters.remove(name)
        }
        _ = try context.run { try parameters(d, context) }
    }

    /// The mean of the Gaussian on the unconstrained vector.
    public func loc(in context: ModelContext<Scalar>) throws -> Tensor<Scalar> {
        try withoutGradients { try context.run { try parameters(discovery.prototype(context).dimension, context).loc.detached } }
    }

    /// The Cholesky factor of its covariance.
    public func scaleTril(in context: ModelContext<Scalar>) throws -> Tensor<Scalar> {
        try withoutGradients { try context.run { try parameters(discovery.prototype(context).dimension, context).scaleTril.detached } }
    }

    private func parameters(_ d: Int, _ context: ModelContext<Scalar>) throws -> (loc: Tensor<Scalar>, scaleTril: Tensor<Scalar>) {
        guard let frame else {
            let loc = try context.param("AutoMultivariateNormal.loc", discovery.prototype(context).initialVector())
            let scaleTril = try context.param(
                "AutoMultivariateNormal.scaleTril", Tensor<Scalar>.identity(d) * initialScale, constraint: .lowerCholesky)
            return (loc, scaleTril)
        }
        let m = try context.param("AutoMultivariateNormal.whitenedLoc", Tensor<Scalar>.zeros([d]))
        let s = try context.param("AutoMultivariateNormal.whitenedScaleTril", Tensor<Scalar>.identity(d), constraint: .lowerCholesky)
        let loc = try frame.center + matmul(frame.scaleTril, m)
        return (loc, try matmul(frame.scaleTril, s))
    }
}
