import LatentCore

/// The improper flat distribution on a constraint's set: log p(x) = 0 for
/// x in the support and −∞ outside it (Stan's prior for a parameter given
/// none). Over an unbounded set its density integrates to infinity, so it
/// serves as a prior to condition on data, never as a source of draws.
///
/// ```swift
/// let beta = try context.sample("beta", Flat(.real, eventShape: [2]))
/// let sigma = try context.sample("sigma", Flat(.positive))
/// ```
///
/// ``sample(_:using:)`` returns starting points, as Stan initialises such a
/// parameter: uniform in (−2, 2) on the unconstrained scale, mapped onto the
/// support by its bijector (``bijector(toConstraint:)``). So a model with a
/// flat site can be traced (an autoguide discovers the site that way);
/// `AutoguideInitialization.median` starts it at the image of unconstrained
/// zero, and `Predictive` without a guide refuses it.
public struct Flat<Scalar: TensorScalar>: ImproperDistribution {
    /// The set on which the density is 1 (log-density 0).
    public let support: Constraint<Scalar>
    /// The shape of independent copies.
    public let batchShape: [Int]
    /// The shape of one value.
    public let eventShape: [Int]
    /// From unconstrained space onto the support: where starting points come from.
    private let bijector: any Bijector<Scalar>

    /// Creates the improper flat distribution on `support`.
    ///
    /// - Parameters:
    ///   - support: the set of values of positive density (`.real` by
    ///     default); vector and matrix constraints (`.ordered`, `.simplex`…)
    ///     apply to the trailing axes of `eventShape`.
    ///   - eventShape: the shape of one value (`[]` for a scalar).
    ///   - batchShape: the shape of independent copies.
    /// - Throws: ``DistributionError/noBijector(constraint:)`` for an integer
    ///   or one-hot support (there is no continuous space to be flat on),
    ///   ``DistributionError/invalidParameter(distribution:parameter:requirement:value:)``
    ///   for an event with fewer axes than the constraint spans, or a
    ///   negative size.
    public init(_ support: Constraint<Scalar> = .real, eventShape: [Int] = [], batchShape: [Int] = []) throws {
        guard eventShape.count >= support.eventRank else {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: "eventShape", requirement: "of rank at least \(support.eventRank) for values that are \(support.requirement)",
                value: Double(eventShape.count))
        }
        if let negative = (batchShape + eventShape).first(where: { $0 < 0 }) {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: "shape", requirement: "non-negative in every axis", value: Double(negative))
        }
        self.bijector = try LatentDistributions.bijector(toConstraint: support)
        self.support = support
        self.eventShape = eventShape
        self.batchShape = batchShape
    }

    /// log p(x) = Σ log 1{xᵢ ∈ support} over the elements (or constraint
    /// events) of one value: 0 inside, −∞ outside. The result is constant:
    /// no gradient flows from it.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let shape = broadcastShape(value.shape, batchShape + eventShape) else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: value.shape, expected: batchShape + eventShape)
        }
        let inside = try support.mask(value.detached.expanded(to: shape))
        let elementAxes = eventShape.count - support.eventRank
        guard elementAxes > 0 else { return log(inside) }
        return try log(inside).sum(alongAxes: Array((inside.rank - elementAxes)..<inside.rank))
    }

    /// Starting points, not draws: u ~ Uniform(−2, 2) on the unconstrained
    /// scale, mapped onto the support (Stan's default initialisation).
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let unconstrained = try Tensor<Scalar>.randomUniform(
            bijector.inverseShape(drawShape(sampleShape)), lower: -2, upper: 2, using: &generator)
        return try bijector.forward(unconstrained)
    }
}
