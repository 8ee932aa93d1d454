import LatentCore

/// A count distribution of `totalCount` trials (or successes) and a
/// success probability given as `probs` or as `logits`: ``Binomial`` and
/// ``NegativeBinomial``. Its scalar initialisers are written once here.
public protocol CountOfTrials: Distribution {
    /// Creates the distributions of `totalCount` trials (or successes) with
    /// success probability `probs`.
    ///
    /// - Parameters:
    ///   - totalCount: the number of trials (or successes).
    ///   - probs: the success probability p in [0, 1].
    ///   - validating: check the parameters against their constraints.
    /// - Throws: ``DistributionError`` for a parameter outside its constraint.
    init(totalCount: Tensor<Scalar>, probs: Tensor<Scalar>, validating: Bool) throws
    /// Creates the distributions of `totalCount` trials (or successes) with
    /// success log-odds `logits`.
    ///
    /// - Parameters:
    ///   - totalCount: the number of trials (or successes).
    ///   - logits: the log-odds l = log(p/(1 − p)) of success.
    ///   - validating: check the parameters against their constraints.
    /// - Throws: ``DistributionError`` for a parameter outside its constraint.
    init(totalCount: Tensor<Scalar>, logits: Tensor<Scalar>, validating: Bool) throws
}

extension CountOfTrials {
    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(totalCount: Scalar, probs: Scalar, validating: Bool = true) throws {
        try self.init(totalCount: Tensor(totalCount), probs: Tensor(probs), validating: validating)
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(totalCount: Scalar, logits: Scalar, validating: Bool = true) throws {
        try self.init(totalCount: Tensor(totalCount), logits: Tensor(logits), validating: validating)
    }
}
