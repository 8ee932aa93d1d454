import LatentCore

/// The bijector from unconstrained space onto `constraint`: what an
/// autoguide composes with a Gaussian to place a guide on a constrained
/// latent variable (`biject_to` in PyTorch and Pyro).
///
/// | constraint | bijector |
/// | --- | --- |
/// | real, finite | identity |
/// | positive, nonNegative | exp |
/// | unitInterval | sigmoid |
/// | interval(a, b) | a + (b − a)σ(x) |
/// | greaterThan(a), greaterThanOrEqual(a) | a + eˣ |
/// | simplex | stick-breaking |
/// | ordered | y₀ = x₀, yᵢ = yᵢ₋₁ + exp(xᵢ) |
/// | positiveOrdered | y₀ = exp(x₀), yᵢ = yᵢ₋₁ + exp(xᵢ) |
/// | lowerCholesky | exp on the diagonal |
/// | correlationCholesky | tanh partial correlations, rows to unit length |
/// | positiveDefinite | lower Cholesky, then L ↦ LLᵀ |
///
/// - Throws: ``DistributionError/noBijector(constraint:)`` for integer and
///   one-hot supports: discrete variables are not transformed (they are
///   enumerated or given score-function gradients).
public func bijector<S>(toConstraint constraint: Constraint<S>) throws -> any Bijector<S> {
    switch constraint {
    case .real, .finite: return IdentityBijector()
    case .positive, .nonNegative: return ExpBijector()
    case .unitInterval: return SigmoidBijector()
    case let .interval(lower, upper): return try IntervalBijector(lower: lower, upper: upper)
    case let .greaterThan(lower), let .greaterThanOrEqual(lower): return LowerBoundBijector(lower: lower)
    case .simplex: return StickBreakingBijector()
    case .ordered: return OrderedBijector()
    case .positiveOrdered: return PositiveOrderedBijector()
    case .lowerCholesky: return LowerCholeskyBijector()
    case .correlationCholesky: return CorrelationCholeskyBijector()
    case .positiveDefinite: return ComposedBijector([LowerCholeskyBijector(), CholeskyOuterProductBijector()])
    case .integerInterval, .nonNegativeInteger, .oneHot:
        throw DistributionError.noBijector(constraint: constraint.requirement)
    }
}
