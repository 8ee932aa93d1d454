/// An operation on two scalars that ``TensorScalar`` applies to matching
/// scalars of two tensors, or of a tensor and a scalar, in one loop compiled
/// for the scalar type (see ``ElementwiseFunction``).
public enum ElementwiseOperation: Sendable, Hashable, CaseIterable {
    /// a + b.
    case add
    /// a − b.
    case subtract
    /// a · b.
    case multiply
    /// a / b.
    case divide
    /// aᵇ.
    case pow
    /// The smaller of a and b, NaN if either is NaN.
    case minimum
    /// The larger of a and b, NaN if either is NaN.
    case maximum
    /// 1 where a < b, else 0.
    case isLess
    /// 1 where a > b, else 0.
    case isGreater
    /// 1 where a = b, else 0.
    case isEqual
}
