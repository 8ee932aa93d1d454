import LatentCore

/// `base` whose log-density counts only where `mask` is non-zero: elsewhere
/// it is 0 (chosen with `select`, so a NaN or −∞ in the masked part reaches
/// neither the value nor the gradient). For missing observations and padded
/// batches.
public struct Masked<Base: Distribution>: Distribution {
    public typealias Scalar = Base.Scalar
    public let base: Base
    /// 1 (or any non-zero value) to keep, 0 to drop; broadcasts with the batch shape.
    public let mask: Tensor<Scalar>

    /// - Throws: ``DistributionError/parameterShapeMismatch(distribution:shapes:)``
    ///   when the mask does not broadcast with the batch shape.
    public init(_ base: Base, mask: Tensor<Scalar>) throws {
        guard broadcastShape(mask.shape, base.batchShape) != nil else {
            throw DistributionError.parameterShapeMismatch(of: Self.self, ["mask": mask.shape, "batch": base.batchShape])
        }
        self.base = base
        self.mask = mask
    }

    public var batchShape: [Int] { broadcastShape(mask.shape, base.batchShape) ?? base.batchShape }
    public var eventShape: [Int] { base.eventShape }
    public var support: Constraint<Scalar> { base.support }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try select(where: mask, base.logProb(of: value), Tensor(0))
    }

    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try base.sample(sampleShape, using: &generator)
    }
}

extension Masked: ReparameterizedDistribution where Base: ReparameterizedDistribution {
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try base.rsample(sampleShape, using: &generator)
    }
}

extension Distribution {
    /// This distribution with its log-density kept only where `mask` ≠ 0.
    public func masked(_ mask: Tensor<Scalar>) throws -> Masked<Self> {
        try Masked(self, mask: mask)
    }
}
