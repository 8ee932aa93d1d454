import LatentCore

/// A finite mixture of components from one family:
/// p(x) = Σₖ πₖ pₖ(x), computed as logsumexp(log πₖ + log pₖ(x)). The
/// components' rightmost batch axis (of size K) indexes them; the mixing
/// weights are a ``Categorical`` over K with the remaining batch shape.
public struct MixtureSameFamily<Components: Distribution>: Distribution {
    /// The scalar type of the components.
    public typealias Scalar = Components.Scalar

    /// The mixing weights πₖ, a categorical over the K components.
    public let mixture: Categorical<Scalar>
    /// The K components, indexed by their rightmost batch axis.
    public let components: Components

    /// Creates the mixture Σₖ πₖ pₖ of `components` with weights from `mixture`.
    ///
    /// - Throws: ``DistributionError/parameterShapeMismatch(distribution:shapes:)``
    ///   unless the components' last batch axis has the mixture's K entries
    ///   and the other batch axes broadcast.
    public init(mixture: Categorical<Scalar>, components: Components) throws {
        guard let k = components.batchShape.last, k == mixture.categoryCount,
              broadcastShape(mixture.batchShape, Array(components.batchShape.dropLast())) != nil
        else {
            throw DistributionError.parameterShapeMismatch(
                of: Self.self, ["mixture": mixture.logProbabilities.shape, "components batch": components.batchShape])
        }
        self.mixture = mixture
        self.components = components
    }

    /// The broadcast of the mixture's batch shape with the components' batch
    /// shape without its component axis.
    public var batchShape: [Int] {
        broadcastShape(mixture.batchShape, Array(components.batchShape.dropLast())) ?? mixture.batchShape
    }
    /// The components' event shape.
    public var eventShape: [Int] { components.eventShape }
    /// The components' support.
    public var support: Constraint<Scalar> { components.support }

    /// log Σₖ πₖ pₖ(x): x gains a component axis in front of its event axes.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let spread = try value.expandingShape(at: value.rank - eventShape.count)
        let joint = try components.logProb(of: spread) + mixture.logProbabilities
        return try joint.logSumExp(alongAxes: [-1])
    }

    /// A component index from the mixture, then that component's draw.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let choice = try mixture.sample(sampleShape, using: &generator).expanded(to: sampleShape + batchShape)
        let draws = try components.sample(sampleShape, using: &generator)
            .expanded(to: sampleShape + batchShape + [mixture.categoryCount] + eventShape)
        let eventSize = Swift.max(eventShape.reduce(1, *), 1)
        let k = mixture.categoryCount
        let all = draws.scalars
        let picked = choice.scalars.enumerated().flatMap { position, index in
            let start = (position * k + Int(index)) * eventSize
            return all[start..<(start + eventSize)]
        }
        return try Tensor(shape: sampleShape + batchShape + eventShape, scalars: Array(picked))
    }
}
