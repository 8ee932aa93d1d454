import LatentCore

/// The distribution of y = f(x) for x from `base` and a bijector f, with
/// log p(y) = log p_base(f⁻¹(y)) − log |det ∂f/∂x| at x = f⁻¹(y).
///
/// A bijector acting on vectors (stick-breaking) turns the base's last batch
/// axis into an event axis: the event rank is the larger of the base's and
/// the bijector's, and the base's log-density is summed over the axes it
/// gains.
public struct TransformedDistribution<Base: Distribution>: Distribution {
    /// The scalar type of the base distribution.
    public typealias Scalar = Base.Scalar

    /// The distribution of x.
    public let base: Base
    /// The bijector f with y = f(x).
    public let bijector: any Bijector<Scalar>

    /// Creates the distribution of f(x) for x from `base` and f = `bijector`.
    ///
    /// - Throws: ``DistributionError/invalidParameter(distribution:parameter:requirement:value:)``
    ///   when the bijector spans more axes than the base has.
    public init(_ base: Base, _ bijector: any Bijector<Scalar>) throws {
        let available = base.batchShape.count + base.eventShape.count
        guard bijector.eventRank <= available else {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: "bijector",
                requirement: "acting on at most the base's \(available) axes", value: Double(bijector.eventRank))
        }
        self.base = base
        self.bijector = bijector
    }

    var eventRank: Int { Swift.max(base.eventShape.count, bijector.eventRank) }

    /// The base's batch shape without the axes the bijector turns into event axes.
    public var batchShape: [Int] { Array(base.batchShape.dropLast(eventRank - base.eventShape.count)) }
    /// The trailing event-rank axes of the bijector's forward shape of the base's
    /// batch and event shape.
    public var eventShape: [Int] {
        Array(bijector.forwardShape(base.batchShape + base.eventShape).suffix(eventRank))
    }
    /// The bijector's codomain.
    public var support: Constraint<Scalar> { bijector.codomain }

    /// log p(y) = log p_base(f⁻¹(y)) − log |det ∂f/∂x|, summed over the event axes.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let x = try bijector.inverse(value)
        let baseTerm = try sumTrailing(base.logProb(of: x), eventRank - base.eventShape.count)
        let jacobian = try sumTrailing(bijector.logAbsDetJacobian(x, value), eventRank - bijector.eventRank)
        return try baseTerm - jacobian
    }

    /// f(x) for base draws x, detached from the parameters.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try bijector.forward(base.sample(sampleShape, using: &generator)).detached
    }

    private func sumTrailing(_ x: Tensor<Scalar>, _ count: Int) throws -> Tensor<Scalar> {
        count > 0 ? try x.sum(alongAxes: Array((x.rank - count)..<x.rank)) : x
    }
}

extension TransformedDistribution: ReparameterizedDistribution where Base: ReparameterizedDistribution {
    /// f(x) for reparameterised base draws x, differentiable in the parameters.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try bijector.forward(base.rsample(sampleShape, using: &generator))
    }
}
