import LatentCore

/// A count distribution of `totalCount` trials (or successes) and a
/// success probability given as `probs` or as `logits`: ``Binomial`` and
/// ``NegativeBinomial``. Its scalar initialisers are written once here.
public protocol CountOfTrials: Distribution {
    init(totalCount: Tensor<Scalar>, probs: Tensor<Scalar>, validating: Bool) throws
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
