import LatentCore
import LatentDistributions

/// A point-mass guide at learnable values of every latent site: SVI then
/// maximises the log-joint, giving the MAP estimate (Pyro's `AutoDelta`).
/// Parameters are `AutoDelta.<site>`, kept in each site's support.
public final class AutoDelta<Scalar: TensorScalar, ModelResult>: Guide {
    private var discovery: ModelDiscovery<Scalar, ModelResult>

    public init(model: @escaping (ModelContext<Scalar>) throws -> ModelResult, initialization: AutoguideInitialization<Scalar> = .median) {
        discovery = ModelDiscovery(model: model, initialization: initialization)
    }

    public func callAsFunction(_ context: ModelContext<Scalar>) throws {
        for entry in try discovery.prototype(context).entries {
            let value = try context.param("AutoDelta.\(entry.site.name)", entry.initialValue, constraint: entry.distribution.support)
            try context.sample(entry.site.name, Delta(value: value, eventRank: entry.eventRank, validating: false))
        }
    }
}
