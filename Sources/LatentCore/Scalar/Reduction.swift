/// A fold of many scalars into one that ``TensorScalar/reduce(_:by:toShape:)``
/// applies along the axes of a tensor, in loops compiled for the scalar type.
public enum Reduction: Sendable, Hashable, CaseIterable {
    /// Σ x.
    case sum
    /// The largest x, NaN if any is NaN.
    case maximum
    /// log Σ exp(x), shifted by the maximum so that nothing overflows; −∞
    /// where every term is −∞.
    case logSumExp
}
