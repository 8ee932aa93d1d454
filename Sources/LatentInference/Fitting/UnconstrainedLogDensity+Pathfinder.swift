import LatentCore
import LatentDistributions

/// Pathfinder's draws of a model's posterior, site by site.
public struct PathfinderDraws<Scalar: TensorScalar>: Sendable {
    /// Every latent site's constrained draws, stacked along a new leading
    /// axis of length `pathfinder.draws`.
    public let sites: [String: Tensor<Scalar>]
    /// The paths, their ELBOs and chosen normals, and k̂ of the pooled
    /// importance weights (below 0.7: the draws can be trusted; see
    /// ``Pathfinder``).
    public let result: PathfinderResult<Scalar>
}

extension UnconstrainedLogDensity {
    /// Runs `pathfinder` on f from its own starts (uniform in (−r, r)ᵈ on
    /// the unconstrained scale, as Stan starts), with `context`'s generator,
    /// and maps its draws onto each site's support.
    ///
    ///     let density = try UnconstrainedLogDensity(model: model, context: ModelContext(seed: 1))
    ///     let draws = try density.pathfinder()
    ///     print(draws.result.paretoK ?? .nan, draws.sites["sigma"]!.mean())
    ///
    /// A point where a family's parameters are out of range (an underflow
    /// at an extreme u) counts as f = −∞ there.
    /// - Throws: what ``Pathfinder`` throws when every path fails, and
    ///   whatever the model throws otherwise.
    public func pathfinder(_ pathfinder: Pathfinder<Scalar>? = nil) throws -> PathfinderDraws<Scalar> {
        let pathfinder = try pathfinder ?? Pathfinder()
        var generator = context.generator
        defer { context.generator = generator }
        let result = try pathfinder.run(dimension: dimension, logDensity: valueOrMinusInfinity, using: &generator)
        let perDraw = try result.draws.map { try constrainedValues(at: $0) }
        var sites: [String: Tensor<Scalar>] = [:]
        for site in self.sites {
            sites[site.name] = try Tensor.stacking(perDraw.map { $0[site.name]! })
        }
        return PathfinderDraws(sites: sites, result: result)
    }

    /// f and ∇f, or −∞ where a family's parameters leave their range.
    func valueOrMinusInfinity(at u: [Scalar]) throws -> (value: Scalar, gradient: [Scalar]) {
        do {
            return try valueWithGradient(at: u)
        } catch is DistributionError {
            return (-.infinity, [Scalar](repeating: .nan, count: u.count))
        }
    }
}
