import LatentCore
import LatentDistributions

/// A mean-field Gaussian guide built from the model: every latent site gets
/// independent normals on unconstrained space, mapped onto the site's
/// support through the bijector registered for it (Pyro's `AutoNormal`).
///
/// The model is run once, hidden from any enclosing trace, to discover its
/// latent sites, their shapes and supports. Parameters are named
/// `AutoNormal.loc.<site>` and `AutoNormal.scale.<site>`.
public final class AutoNormal<Scalar: TensorScalar, ModelResult>: Guide {
    let initialScale: Scalar
    private var discovery: ModelDiscovery<Scalar, ModelResult>

    /// A mean-field Gaussian guide for `model`.
    /// - Parameters:
    ///   - model: the model whose latent sites the guide covers; it is run
    ///     once, hidden from any enclosing trace, on the guide's first run to
    ///     discover them.
    ///   - initialScale: the starting standard deviation on
    ///     unconstrained space (0.1 by default, as in Pyro).
    ///   - initialization: where each `AutoNormal.loc.<site>` starts: the
    ///     unconstrained image of the site's initial value (the prior median
    ///     by default).
    public init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult, initialScale: Scalar = 0.1,
        initialization: AutoguideInitialization<Scalar> = .median
    ) {
        self.initialScale = initialScale
        discovery = ModelDiscovery(model: model, initialization: initialization)
    }

    /// The guide: one sample site per latent site of the model.
    public func callAsFunction(_ context: ModelContext<Scalar>) throws {
        for entry in try discovery.prototype(context).entries {
            let name = entry.site.name
            // The initial value is an autoclosure: computed only when the parameter is created.
            let loc = try context.param("AutoNormal.loc.\(name)", entry.bijector.inverse(entry.initialValue))
            let scale = try context.param(
                "AutoNormal.scale.\(name)", Tensor(shape: loc.shape, repeating: initialScale), constraint: .positive)
            let batchRank = entry.distribution.batchShape.count
            let base = try Normal(loc: loc, scale: scale, validating: false).independent(reinterpretingBatchRank: loc.rank - batchRank)
            try context.sample(name, TransformedDistribution(base, entry.bijector))
        }
    }
}
