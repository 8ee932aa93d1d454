import LatentCore
import LatentDistributions

/// Where an autoguide's locations start, per latent site (Pyro's
/// `init_to_median`, `init_to_mean`, `init_to_sample`, `init_to_feasible`,
/// `init_to_value`).
public enum AutoguideInitialization<Scalar: TensorScalar>: Sendable {
    /// The prior median: from the quantile function of each scalar where
    /// the scalars are univariate families that have one (also expanded or
    /// reinterpreted as events), else the elementwise median of 15 draws;
    /// for an improper prior (`Flat`), which has no median, the feasible
    /// point.
    case median
    /// The prior mean where the family has a finite one, else the median.
    case mean
    /// One draw from the prior.
    case sample
    /// The point unconstrained zero maps to (inside every support).
    case feasible
    /// The given values (constrained, one per named site), and the median
    /// for sites not named.
    case values([String: Tensor<Scalar>])

    /// The starting value of `site`, drawn by the model from `distribution`
    /// as `draw`, with `bijector` from unconstrained space onto its support.
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for a
    ///   given value of the wrong shape or outside the support.
    func initialValue(
        for site: String, _ distribution: any Distribution<Scalar>, draw: Tensor<Scalar>, bijector: any Bijector<Scalar>,
        using generator: inout Xoshiro256PlusPlus
    ) throws -> Tensor<Scalar> {
        switch self {
        case .sample:
            return draw.detached
        case .feasible:
            return try Self.feasible(bijector, draw: draw)
        case .mean:
            if let moments = distribution as? any DistributionWithMoments<Scalar>,
               let mean = try? moments.mean.detached.expanded(to: draw.shape), mean.isFinite, try distribution.support.contains(mean) {
                return mean
            }
            return try Self.median(distribution, draw: draw, bijector: bijector, using: &generator)
        case .median:
            return try Self.median(distribution, draw: draw, bijector: bijector, using: &generator)
        case let .values(values):
            guard let value = values[site] else {
                return try Self.median(distribution, draw: draw, bijector: bijector, using: &generator)
            }
            guard broadcastShape(value.shape, draw.shape) == draw.shape, try distribution.support.contains(value) else {
                throw InferenceError.invalidParameter(
                    name: site, reason: "initial value must have shape \(draw.shape) and be \(distribution.support.requirement)")
            }
            return try value.detached.expanded(to: draw.shape)
        }
    }

    /// The image of unconstrained zero.
    private static func feasible(_ bijector: any Bijector<Scalar>, draw: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try bijector.forward(Tensor.zeros(bijector.inverseShape(draw.shape)))
    }

    private static func median(
        _ distribution: any Distribution<Scalar>, draw: Tensor<Scalar>, bijector: any Bijector<Scalar>,
        using generator: inout Xoshiro256PlusPlus
    ) throws -> Tensor<Scalar> {
        // Stan's draws of a flat prior are starting points whose median means nothing.
        if distribution is any ImproperDistribution<Scalar> { return try feasible(bijector, draw: draw) }
        if let median = try? distribution.scalarMedians(), median.isFinite, try distribution.support.contains(median) {
            return try median.expanded(to: draw.shape)
        }
        // The elementwise median of 15 draws, as Pyro does without a quantile function.
        let draws = try distribution.sample([15], using: &generator).scalars
        let columns = draw.count
        let medians = (0..<columns).map { j in (0..<15).map { draws[$0 * columns + j] }.sorted()[7] }
        let median = try Tensor(shape: draw.shape, scalars: medians)
        // Coordinatewise medians can leave a joint support (a simplex): then the draw.
        return try distribution.support.contains(median) ? median : draw.detached
    }
}
