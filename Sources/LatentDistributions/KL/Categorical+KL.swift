import LatentCore

extension Categorical {
    /// KL(p‖q) = Σₖ pₖ(log pₖ − log qₖ); categories with pₖ = 0 add nothing,
    /// and +∞ where qₖ = 0 < pₖ.
    /// - Throws: ``DistributionError/parameterShapeMismatch(distribution:shapes:)``
    ///   when the numbers of categories differ.
    static func kl(_ p: Categorical, _ q: Categorical) throws -> Tensor<Scalar> {
        guard p.categoryCount == q.categoryCount else {
            throw DistributionError.klShapeMismatch(p, q, ["p": p.logProbabilities.shape, "q": q.logProbabilities.shape])
        }
        return try Univariate.countTimesLog(p.probs, p.logProbabilities - q.logProbabilities).sum(alongAxes: [-1])
    }
}
