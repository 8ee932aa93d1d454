import LatentCore
import LatentDistributions

/// What an autoguide learns about a model from one hidden run: its latent
/// sites, their supports, their bijectors from unconstrained space, where
/// each sits in one flat unconstrained vector, and where it starts.
struct AutoguidePrototype<Scalar: TensorScalar> {
    struct Entry {
        let site: Site<Scalar>
        let distribution: any Distribution<Scalar>
        let bijector: any Bijector<Scalar>
        /// The starting value, constrained, as the initialisation chose it.
        let initialValue: Tensor<Scalar>
        /// The shape of the site's value in unconstrained space.
        let unconstrainedShape: [Int]
        /// Its slice of the flat vector.
        let range: Range<Int>
    }

    let entries: [Entry]
    var dimension: Int { entries.last?.range.upperBound ?? 0 }

    /// Runs `model` once, hidden from enclosing handlers.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for a
    ///   model without latent sites, ``InferenceError/guideMismatch(site:reason:)``
    ///   naming a latent site whose support has no bijector (a discrete
    ///   one), ``InferenceError/invalidParameter(name:reason:)`` for an
    ///   initial value that does not fit.
    init<R>(
        model: (ModelContext<Scalar>) throws -> R, context: ModelContext<Scalar>, initialization: AutoguideInitialization<Scalar>
    ) throws {
        let trace = try context.outsidePlates { try context.handled(by: BlockHandler()) { try context.trace(model) } }
        var start = 0
        var entries: [Entry] = []
        for site in trace.latentSites {
            guard let distribution = site.distribution, let value = site.value else { continue }
            let bijector: any Bijector<Scalar>
            do {
                bijector = try LatentDistributions.bijector(toConstraint: distribution.support)
            } catch DistributionError.noBijector {
                throw InferenceError.guideMismatch(
                    site: site.name,
                    reason: "an autoguide covers continuous latent sites only, and this one's values are "
                        + "\(distribution.support.requirement) (no bijector from unconstrained space); observe it or sum it out")
            }
            let initial = try initialization.initialValue(
                for: site.name, distribution, draw: value, bijector: bijector, using: &context.generator)
            let shape = bijector.inverseShape(value.shape)
            let size = shape.reduce(1, *)
            entries.append(Entry(site: site, distribution: distribution, bijector: bijector, initialValue: initial,
                                 unconstrainedShape: shape, range: start..<(start + size)))
            start += size
        }
        guard !entries.isEmpty else {
            throw InferenceError.invalidArgument(name: "model", reason: "has no latent sites for an autoguide to cover")
        }
        self.entries = entries
    }

    /// The flat unconstrained vector at the initial values.
    func initialVector() throws -> Tensor<Scalar> {
        try Tensor.concatenating(entries.map { try $0.bijector.inverse($0.initialValue).flattened() })
    }

    /// Each site's constrained value from the flat vector, with the log
    /// density correction −log |det J| of its bijector, as a Delta site: so
    /// the guide's log-density is that of the pushed-forward distribution.
    /// `extraLogDensity` (a flow's −log |det J|) is added to the first site.
    func sampleSites(from vector: Tensor<Scalar>, in context: ModelContext<Scalar>, extraLogDensity: Tensor<Scalar>? = nil) throws {
        for (index, entry) in entries.enumerated() {
            let unconstrained = try vector.sliced(alongAxis: -1, entry.range).reshaped(to: entry.unconstrainedShape)
            let value = try entry.bijector.forward(unconstrained)
            var logDensity = try -entry.bijector.logAbsDetJacobian(unconstrained, value).sum()
            if index == 0, let extraLogDensity { logDensity = try logDensity + extraLogDensity }
            try context.sample(entry.site.name, Delta(value: value, logDensity: logDensity, eventRank: entry.eventRank, validating: false))
        }
    }
}

extension AutoguidePrototype.Entry {
    /// The site's batch and event axes together: one Delta event.
    var eventRank: Int { distribution.batchShape.count + distribution.eventShape.count }
}
