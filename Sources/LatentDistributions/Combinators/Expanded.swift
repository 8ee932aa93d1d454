import LatentCore

/// `base` repeated over new leading batch axes: independent copies with the
/// same parameters (`expand` in PyTorch for added axes).
public struct Expanded<Base: Distribution>: Distribution {
    public typealias Scalar = Base.Scalar
    public let base: Base
    public let batchShape: [Int]

    /// - Throws: ``DistributionError/parameterShapeMismatch(distribution:shapes:)``
    ///   unless `batchShape` ends with the base's batch shape (axes may only
    ///   be added in front; to widen a size-1 axis, expand the parameters).
    public init(_ base: Base, to batchShape: [Int]) throws {
        guard batchShape.count >= base.batchShape.count, Array(batchShape.suffix(base.batchShape.count)) == base.batchShape else {
            throw DistributionError.parameterShapeMismatch(
                distribution: "Expanded", shapes: ["base batch": base.batchShape, "requested": batchShape])
        }
        self.base = base
        self.batchShape = batchShape
    }

    var addedAxes: [Int] { Array(batchShape.prefix(batchShape.count - base.batchShape.count)) }

    public var eventShape: [Int] { base.eventShape }
    public var support: Constraint<Scalar> { base.support }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let shape = broadcastShape(value.shape, batchShape + eventShape) else {
            throw DistributionError.valueShapeMismatch(distribution: "Expanded", valueShape: value.shape, expected: batchShape + eventShape)
        }
        return try base.logProb(of: value).expanded(to: Array(shape.dropLast(eventShape.count)))
    }

    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try base.sample(sampleShape + addedAxes, using: &generator)
    }
}

extension Expanded: ReparameterizedDistribution where Base: ReparameterizedDistribution {
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try base.rsample(sampleShape + addedAxes, using: &generator)
    }
}

extension Distribution {
    /// Independent copies of this distribution over new leading batch axes.
    public func expanded(to batchShape: [Int]) throws -> Expanded<Self> {
        try Expanded(self, to: batchShape)
    }
}
