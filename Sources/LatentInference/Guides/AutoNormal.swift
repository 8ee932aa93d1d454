import LatentCore
import LatentDistributions

/// A mean-field Gaussian guide built from the model: every latent site gets
/// independent normals on unconstrained space, mapped onto the site's
/// support through the bijector registered for it (Pyro's `AutoNormal`).
///
/// The model is run once, hidden from any enclosing trace, to discover its
/// latent sites, their shapes and supports. Parameters are named
/// `AutoNormal.loc.<site>` and `AutoNormal.scale.<site>`.
public final class AutoNormal<Scalar: TensorScalar, ModelResult> {
    /// Where the location parameters start.
    public enum Initialization: Sendable {
        /// The prior median of scalar sites (a draw for vector sites).
        case median
        /// A draw from the prior.
        case sample
    }

    let model: (ModelContext<Scalar>) throws -> ModelResult
    let initialScale: Scalar
    let initialization: Initialization
    private var prototype: Trace<Scalar>?

    /// - Parameter initialScale: the starting standard deviation on
    ///   unconstrained space (0.1 by default, as in Pyro).
    public init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult, initialScale: Scalar = 0.1,
        initialization: Initialization = .median
    ) {
        self.model = model
        self.initialScale = initialScale
        self.initialization = initialization
    }

    /// The guide: one sample site per latent site of the model.
    public func callAsFunction(_ context: ModelContext<Scalar>) throws {
        let sites = try latentSites(context)
        for site in sites {
            guard let distribution = site.distribution, let value = site.value else { continue }
            let bijector = try bijector(toConstraint: distribution.support)
            // The initial value is an autoclosure: computed only when the parameter is created.
            let loc = try context.param("AutoNormal.loc.\(site.name)", bijector.inverse(initialValue(site, distribution, value, context)))
            let scale = try context.param(
                "AutoNormal.scale.\(site.name)", Tensor(shape: loc.shape, repeating: initialScale), constraint: .positive)
            let batchRank = distribution.batchShape.count
            let base = try Normal(loc: loc, scale: scale, validating: false).independent(reinterpretingBatchRank: loc.rank - batchRank)
            try context.sample(site.name, TransformedDistribution(base, bijector))
        }
    }

    /// The model's latent sites, from a run hidden from enclosing handlers.
    private func latentSites(_ context: ModelContext<Scalar>) throws -> [Site<Scalar>] {
        if prototype == nil {
            prototype = try context.handled(by: BlockHandler()) { try context.trace(model) }
        }
        return prototype!.latentSites
    }

    private func initialValue(
        _ site: Site<Scalar>, _ distribution: any Distribution<Scalar>, _ value: Tensor<Scalar>, _ context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar> {
        guard initialization == .median, distribution.eventShape.isEmpty else { return value.detached }
        if let quantiles = distribution as? any DistributionWithCDF<Scalar> {
            let median = try quantiles.icdf(Tensor(0.5)).detached
            if median.isFinite { return try median.expanded(to: value.shape) }
        }
        // The elementwise median of 15 draws, as Pyro does without a quantile function.
        let draws = try distribution.sample([15], using: &context.generator)
        let columns = value.count
        let scalars = draws.scalars
        let medians = (0..<columns).map { j in (0..<15).map { scalars[$0 * columns + j] }.sorted()[7] }
        return try Tensor(shape: value.shape, scalars: medians)
    }
}
