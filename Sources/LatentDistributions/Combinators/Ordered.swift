import LatentCore

/// The sorted values of `count` independent draws of a univariate `base`:
/// the joint distribution of its order statistics, with density
/// p(x) = K!·Πₖ p_base(xₖ) for x₁ < x₂ < … < x_K and 0 elsewhere.
///
/// This is Stan's `ordered[K] mu; mu ~ normal(0, 2);` in one line,
/// `Normal(loc: 0, scale: 2).ordered(count: K)`: Stan's density lacks the
/// constant K!, which changes no posterior. A base on the real line gives
/// support ``Constraint/ordered``, a base on the positive reals (half-normal,
/// gamma…) ``Constraint/positiveOrdered`` (Stan's `positive_ordered`); the
/// autoguides reach either through its bijector. Draws sort `count` base
/// draws, and are pathwise when the base's are (sorting permutes them).
public struct Ordered<Base: Distribution>: Distribution {
    /// The scalar type of the base distribution.
    public typealias Scalar = Base.Scalar

    /// The univariate distribution whose draws are sorted.
    public let base: Base
    /// K, the number of draws sorted into one event.
    public let count: Int
    /// Strictly increasing vectors: ``Constraint/ordered``, or
    /// ``Constraint/positiveOrdered`` for a base on the positive reals.
    public let support: Constraint<Scalar>

    /// Creates the distribution of `count` sorted independent draws of `base`.
    ///
    /// - Throws: ``DistributionError/invalidParameter(distribution:parameter:requirement:value:)``
    ///   for a base with an event shape or a count below 1;
    ///   ``DistributionError/noBijector(constraint:)`` for a base supported
    ///   elsewhere than on the real line or the positive reals.
    public init(_ base: Base, count: Int) throws {
        guard base.eventShape.isEmpty else {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: "base", requirement: "univariate (of event shape [])", value: Double(base.eventShape.count))
        }
        guard count >= 1 else {
            throw DistributionError.invalidParameter(of: Self.self, parameter: "count", requirement: "at least 1", value: Double(count))
        }
        switch base.support {
        case .real, .finite: support = .ordered
        case .positive, .nonNegative: support = .positiveOrdered
        default: throw DistributionError.noBijector(constraint: "ordered and \(base.support.requirement)")
        }
        self.base = base
        self.count = count
    }

    /// The base's batch shape.
    public var batchShape: [Int] { base.batchShape }
    /// [K]: one event holds the K sorted draws.
    public var eventShape: [Int] { [count] }

    /// log p(x) = log K! + Σₖ log p_base(xₖ) where x is strictly increasing,
    /// −∞ elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let shape = broadcastShape(value.shape, batchShape + eventShape) else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: value.shape, expected: batchShape + eventShape)
        }
        let full = try value.expanded(to: shape)
        let perDraw = try base.logProb(of: full.permuted(eventAxisBeforeBatch(rank: full.rank)))
        let total = try perDraw.sum(alongAxes: [perDraw.rank - 1 - batchShape.count]) + logFactorial
        let increasing = try Constraint<Scalar>.ordered.mask(full.detached)
        return try select(where: increasing, total, Tensor(-.infinity))
    }

    /// K base draws per event, sorted in increasing order.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try sorted(base.sample(sampleShape + [count], using: &generator))
    }

    /// log K!.
    private var logFactorial: Scalar {
        (1...count).reduce(Scalar(0)) { $0 + Scalar.log(Scalar($1)) }
    }

    /// Moves the last axis of a value (sample + batch + [K]) in front of the
    /// batch axes, where the base reads independent draws.
    private func eventAxisBeforeBatch(rank: Int) -> [Int] {
        let lead = rank - 1 - batchShape.count
        return Array(0..<lead) + [rank - 1] + Array(lead..<(rank - 1))
    }

    /// Base draws of shape sample + [K] + batch, with the K axis moved last
    /// and sorted along it: a gather, so gradients follow each draw to its
    /// place.
    private func sorted(_ draws: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let lead = draws.rank - 1 - batchShape.count
        let moved = try draws.permuted(Array(0..<lead) + Array((lead + 1)..<draws.rank) + [lead])
        let scalars = moved.scalars
        let order = stride(from: 0, to: scalars.count, by: count).flatMap { start in
            (0..<count).sorted { scalars[start + $0] < scalars[start + $1] }
        }
        return try moved.gathering(order, alongAxis: -1)
    }
}

extension Ordered: ReparameterizedDistribution where Base: ReparameterizedDistribution {
    /// K reparameterised base draws per event, sorted; gradients follow each
    /// draw to its place.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try sorted(base.rsample(sampleShape + [count], using: &generator))
    }
}

extension Distribution {
    /// The sorted values of `count` independent draws of this univariate
    /// distribution, as one event (``Ordered``): `Normal(loc: 0, scale: 2).ordered(count: 2)`
    /// is Stan's `ordered[2] mu; mu ~ normal(0, 2)`.
    public func ordered(count: Int) throws -> Ordered<Self> {
        try Ordered(self, count: count)
    }
}
