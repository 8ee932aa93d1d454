import LatentCore
import LatentDistributions

/// A point-mass guide at learnable values of every latent site: SVI then
/// maximises the log-joint, giving the MAP estimate (Pyro's `AutoDelta`).
/// Parameters are `AutoDelta.<site>`, kept in each site's support.
public final class AutoDelta<Scalar: TensorScalar, ModelResult>: Guide {
    private var discovery: ModelDiscovery<Scalar, ModelResult>

    /// A point-mass guide for `model`.
    /// - Parameters:
    ///   - model: the model whose latent sites the guide covers; it is run
    ///     once, hidden from any enclosing trace, on the guide's first run to
    ///     discover them.
    ///   - initialization: where each `AutoDelta.<site>` starts (the prior
    ///     median by default).
    public init(model: @escaping (ModelContext<Scalar>) throws -> ModelResult, initialization: AutoguideInitialization<Scalar> = .median) {
        discovery = ModelDiscovery(model: model, initialization: initialization)
    }

    /// Draws each latent site as a point mass at its parameter `AutoDelta.<site>`.
    /// - Throws: what discovering the model's latent sites throws (a model
    ///   without latent sites, a discrete latent site), and what the model
    ///   throws on its hidden run.
    public func callAsFunction(_ context: ModelContext<Scalar>) throws {
        for entry in try discovery.prototype(context).entries {
            let value = try context.param("AutoDelta.\(entry.site.name)", entry.initialValue, constraint: entry.distribution.support)
            try context.sample(entry.site.name, Delta(value: value, eventRank: entry.eventRank, validating: false))
        }
    }
}
