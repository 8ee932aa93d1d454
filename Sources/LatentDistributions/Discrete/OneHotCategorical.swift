import LatentCore

/// The categorical distribution with one-hot vectors as values: a draw is
/// the K-vector with a 1 at the chosen category. The event shape is [K].
public struct OneHotCategorical<Scalar: TensorScalar>: DistributionWithMoments, DistributionWithEntropy {
    /// The categorical distribution over the indices of the hot entry.
    public let categorical: Categorical<Scalar>

    /// Creates one-hot categorical distributions from probabilities along the
    /// last axis, normalised by their sum.
    ///
    /// - Parameters:
    ///   - probs: non-negative weights of shape `batchShape + [K]`.
    ///   - validating: check the weights (on by default; switch off only for
    ///     speed in trusted code).
    /// - Throws: as ``Categorical/init(probs:validating:)-(Tensor<Scalar>,_)``.
    public init(probs: Tensor<Scalar>, validating: Bool = true) throws {
        categorical = try Categorical(probs: probs, validating: validating)
    }

    /// Creates one-hot categorical distributions from unnormalised
    /// log-probabilities along the last axis.
    ///
    /// - Parameters:
    ///   - logits: log-weights of shape `batchShape + [K]` (−∞ rules a
    ///     category out).
    ///   - validating: check the logits (on by default; switch off only for
    ///     speed in trusted code).
    /// - Throws: as ``Categorical/init(logits:validating:)-(Tensor<Scalar>,_)``.
    public init(logits: Tensor<Scalar>, validating: Bool = true) throws {
        categorical = try Categorical(logits: logits, validating: validating)
    }

    /// The same from plain numbers: one distribution over `probs.count`
    /// categories, of batch shape [].
    public init(probs: [Scalar], validating: Bool = true) throws {
        try self.init(probs: Tensor(probs), validating: validating)
    }

    /// The same from plain numbers: one distribution, of batch shape [].
    public init(logits: [Scalar], validating: Bool = true) throws {
        try self.init(logits: Tensor(logits), validating: validating)
    }

    /// The batch shape of the underlying categorical distribution.
    public var batchShape: [Int] { categorical.batchShape }
    /// [K]: each draw is a one-hot K-vector.
    public var eventShape: [Int] { [categorical.categoryCount] }
    /// One-hot vectors.
    public var support: Constraint<Scalar> { .oneHot }
    /// The category probabilities p, of shape `batchShape + [K]`.
    public var mean: Tensor<Scalar> { get throws { categorical.probs } }
    /// p(1 − p) per entry, with 1 − p = −expm1(log p): the sum of the other
    /// categories to its last digit where p is within 2⁻⁵³ of 1.
    public var variance: Tensor<Scalar> { get throws { try categorical.probs * -expm1(categorical.logProbabilities) } }
    /// The entropy of the underlying categorical distribution.
    public func entropy() throws -> Tensor<Scalar> { try categorical.entropy() }

    /// Σₖ xₖ log pₖ for a one-hot x; −∞ for anything else.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let shape = broadcastShape(value.shape, batchShape + eventShape) else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: value.shape, expected: batchShape + eventShape)
        }
        let isOneHot = try support.mask(value)
        let picked = try Univariate.countTimesLog(value.expanded(to: shape), categorical.logProbabilities).sum(alongAxes: [-1])
        return try select(where: isOneHot, picked, Tensor(-.infinity))
    }

    /// Categorical draws turned into one-hot K-vectors.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let indices = try categorical.sample(sampleShape, using: &generator)
        let k = categorical.categoryCount
        let rows = indices.scalars.flatMap { index in (0..<k).map { $0 == Int(index) ? Scalar(1) : 0 } }
        return try Tensor(shape: indices.shape + [k], scalars: rows)
    }
}
