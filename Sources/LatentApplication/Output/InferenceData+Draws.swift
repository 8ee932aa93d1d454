import Foundation
import LatentCore
import LatentInference

extension InferenceData {
    /// The InferenceData of a fit from its predictive draws.
    ///
    /// - Parameters:
    ///   - draws: every site's draws stacked along a first axis, as
    ///     `Predictive.draw(_:in:)` returns them.
    ///   - trace: one trace of the model (with the guide's latents or
    ///     without): it says which sites are observed, holds their data, and
    ///     gives each site's plates and event shape.
    ///   - losses: the SVI run's loss per step (negative ELBO, nats), for
    ///     the `vi` group; none leaves the group out.
    ///   - dimensions: names for a site's own axes (after `chain` and
    ///     `draw`), by site, in place of the plates' and generic names.
    ///   - createdAt: the time written as every group's `created_at`
    ///     attribute (ISO 8601); now by default.
    /// - Throws: ``InferenceDataError`` for draws without a draw axis, draws
    ///   of different counts, or dimension names of the wrong number.
    public init<Scalar: TensorScalar>(
        draws: [String: Tensor<Scalar>], trace: Trace<Scalar>, losses: [Double] = [],
        dimensions: [String: [String]] = [:], createdAt: Date = Date()
    ) throws {
        var posterior: [Variable] = [], predictive: [Variable] = [], observed: [Variable] = []
        var drawCount: Int?
        for site in trace.sites where site.distribution != nil || site.isDeterministic {
            // A deterministic site is recorded as observed (its value is
            // given), but its draws are the posterior's, as in ArviZ.
            let isData = site.isObserved && !site.isDeterministic
            if let stacked = draws[site.name] {
                guard let count = stacked.shape.first else {
                    throw InferenceDataError.draws(site: site.name, reason: "its draws have no leading draw axis")
                }
                if let drawCount, drawCount != count {
                    throw InferenceDataError.draws(site: site.name, reason: "\(count) draws where other sites have \(drawCount)")
                }
                drawCount = count
                let own = Array(stacked.shape.dropFirst())
                let names = try Self.dimensionNames(of: site, shape: own, given: dimensions[site.name])
                let variable = try Variable(
                    name: site.name, dimensions: ["chain", "draw"] + names, shape: [1, count] + own,
                    values: stacked.scalars.map(Double.init))
                if isData { predictive.append(variable) } else { posterior.append(variable) }
            }
            if isData, let value = site.value {
                let names = try Self.dimensionNames(of: site, shape: value.shape, given: dimensions[site.name])
                observed.append(try Variable(
                    name: site.name, dimensions: names, shape: value.shape, values: value.scalars.map(Double.init)))
            }
        }
        var groups = [Group(name: "posterior", variables: posterior)]
        if !predictive.isEmpty { groups.append(Group(name: "posterior_predictive", variables: predictive)) }
        if !observed.isEmpty { groups.append(Group(name: "observed_data", variables: observed)) }
        if !losses.isEmpty {
            groups.append(Group(name: "vi", variables: [
                try Variable(name: "loss", dimensions: ["step"], shape: [losses.count], values: losses),
            ]))
        }
        self.init(groups: groups, createdAt: createdAt)
    }

    /// The names of a site's own axes (one draw's value of `shape`): those
    /// `given`, else a plate's name for each batch axis a plate indexes and
    /// `SITE_dim_K` (ArviZ's default) for the others.
    static func dimensionNames<Scalar>(of site: Site<Scalar>, shape: [Int], given: [String]?) throws -> [String] {
        if let given {
            guard given.count == shape.count else {
                throw InferenceDataError.dimensionNames(site: site.name, names: given, shape: shape)
            }
            return given
        }
        let batchAxes = shape.count - (site.distribution?.eventShape.count ?? 0)
        return shape.indices.map { axis in
            // A plate's `dim` counts batch axes from the right: −1 is the last.
            let plate = axis < batchAxes ? site.plates.first { $0.dim == axis - batchAxes } : nil
            return plate?.name ?? "\(site.name)_dim_\(axis)"
        }
    }
}
