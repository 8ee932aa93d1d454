import LatentCore

/// `base` whose log-density counts only where `mask` is non-zero: elsewhere
/// it is 0 (chosen with `select`, so a NaN or −∞ in the masked part reaches
/// neither the value nor the gradient). For missing observations and padded
/// batches.
public struct Masked<Base: Distribution>: Distribution {
    /// The scalar type of the base distribution.
    public typealias Scalar = Base.Scalar
    /// The distribution whose log-density is masked.
    public let base: Base
    /// 1 (or any non-zero value) to keep, 0 to drop; broadcasts with the batch shape.
    public let mask: Tensor<Scalar>

    /// Keeps the log-density of `base` only where `mask` is non-zero.
    ///
    /// - Throws: ``DistributionError/parameterShapeMismatch(distribution:shapes:)``
    ///   when the mask does not broadcast with the batch shape.
    public init(_ base: Base, mask: Tensor<Scalar>) throws {
        guard broadcastShape(mask.shape, base.batchShape) != nil else {
            throw DistributionError.parameterShapeMismatch(of: Self.self, ["mask": mask.shape, "batch": base.batchShape])
        }
        self.base = base
        self.mask = mask
    }

    /// The broadcast of the mask's shape with the base's batch shape.
    public var batchShape: [Int] { broadcastShape(mask.shape, base.batchShape) ?? base.batchShape }
    /// The base's event shape.
    public var eventShape: [Int] { base.eventShape }
    /// The base's support.
    public var support: Constraint<Scalar> { base.support }

    /// The base's log-density where the mask is non-zero, 0 elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try select(where: mask, base.logProb(of: value), Tensor(0))
    }

    /// The base's draws: the mask affects only the log-density.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try base.sample(sampleShape, using: &generator)
    }
}

extension Masked: ReparameterizedDistribution where Base: ReparameterizedDistribution {
    /// The base's reparameterised draws: the mask affects only the log-density.
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
