/// What was wrong with a distribution or the values given to it.
public enum DistributionError: Error, Equatable, CustomStringConvertible {
    /// A parameter violates its constraint (or is NaN); `value` is the first
    /// offending scalar.
    case invalidParameter(distribution: String, parameter: String, requirement: String, value: Double)
    /// Parameters whose shapes do not broadcast together.
    case parameterShapeMismatch(distribution: String, shapes: [String: [Int]])
    /// A value whose shape does not broadcast with `batchShape + eventShape`.
    case valueShapeMismatch(distribution: String, valueShape: [Int], expected: [Int])
    /// No analytic KL divergence is registered for this pair.
    case noAnalyticKL(p: String, q: String)
    /// No bijector from unconstrained space reaches this constraint.
    case noBijector(constraint: String)

    /// Whether this is an ``invalidParameter(distribution:parameter:requirement:value:)``
    /// whose offending value is NaN or ±∞: inside a fit, the mark of a run
    /// that diverged (a scale driven to ∞) rather than of a model in error.
    public var isNonFiniteParameter: Bool {
        if case let .invalidParameter(_, _, _, value) = self { return !value.isFinite }
        return false
    }

    /// A message naming the distribution, the offending parameter or shape, and
    /// what was expected.
    public var description: String {
        switch self {
        case let .invalidParameter(distribution, parameter, requirement, value):
            "\(distribution): parameter '\(parameter)' must be \(requirement), got \(value)"
        case let .parameterShapeMismatch(distribution, shapes):
            "\(distribution): parameter shapes do not broadcast: "
                + shapes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        case let .valueShapeMismatch(distribution, valueShape, expected):
            "\(distribution): value of shape \(valueShape) does not broadcast with batch × event shape \(expected)"
        case let .noBijector(constraint):
            "no bijector from unconstrained space onto values that are \(constraint)"
        case let .noAnalyticKL(p, q):
            "no analytic KL(\(p) ‖ \(q)) is registered; estimate it by Monte Carlo with monteCarloKL(_:_:samples:using:)"
        }
    }
}
