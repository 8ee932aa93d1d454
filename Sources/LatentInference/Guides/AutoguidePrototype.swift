import LatentCore
import LatentDistributions

/// What an autoguide learns about a model from one hidden run: its latent
/// sites, their supports, their bijectors from unconstrained space, and
/// where each sits in one flat unconstrained vector.
struct AutoguidePrototype<Scalar: TensorScalar> {
    struct Entry {
        let site: Site<Scalar>
        let distribution: any Distribution<Scalar>
        let bijector: any Bijector<Scalar>
        /// The shape of the site's value in unconstrained space.
        let unconstrainedShape: [Int]
        /// Its slice of the flat vector.
        let range: Range<Int>
    }

    let entries: [Entry]
    var dimension: Int { entries.last?.range.upperBound ?? 0 }

    /// Runs `model` once, hidden from enclosing handlers.
    init<R>(model: (ModelContext<Scalar>) throws -> R, context: ModelContext<Scalar>) throws {
        let trace = try context.handled(by: BlockHandler()) { try context.trace(model) }
        var start = 0
        var entries: [Entry] = []
        for site in trace.latentSites {
            guard let distribution = site.distribution, let value = site.value else { continue }
            let bijector = try bijector(toConstraint: distribution.support)
            let shape = bijector.inverseShape(value.shape)
            let size = shape.reduce(1, *)
            entries.append(Entry(site: site, distribution: distribution, bijector: bijector, unconstrainedShape: shape,
                                 range: start..<(start + size)))
            start += size
        }
        self.entries = entries
    }

    /// The flat unconstrained vector at the prior draws of the hidden run.
    func initialVector() throws -> Tensor<Scalar> {
        let parts = try entries.map { try $0.bijector.inverse($0.site.value!.detached).flattened() }
        return parts.isEmpty ? Tensor([]) : try Tensor.concatenating(parts)
    }

    /// Each site's constrained value from the flat vector, with the log
    /// density correction −log |det J| of its bijector, as a Delta site: so
    /// the guide's log-density is that of the pushed-forward distribution.
    func sampleSites(from vector: Tensor<Scalar>, in context: ModelContext<Scalar>) throws {
        for entry in entries {
            let unconstrained = try vector.sliced(alongAxis: -1, entry.range).reshaped(to: entry.unconstrainedShape)
            let value = try entry.bijector.forward(unconstrained)
            let jacobian = try entry.bijector.logAbsDetJacobian(unconstrained, value).sum()
            let eventRank = entry.distribution.batchShape.count + entry.distribution.eventShape.count
            try context.sample(entry.site.name, Delta(value: value, logDensity: -jacobian, eventRank: eventRank, validating: false))
        }
    }
}
