import LatentCore

extension Geometric {
    /// KL(Geom(p₁)‖Geom(p₂)) = log(p₁/p₂) + ((1 − p₁)/p₁)·log((1 − p₁)/(1 − p₂)),
    /// the second factor being E[K] under the first.
    static func kl(_ p: Geometric, _ q: Geometric) throws -> Tensor<Scalar> {
        let (pSuccess, pFailure) = try p.parameter.logProbabilities
        let (qSuccess, qFailure) = try q.parameter.logProbabilities
        let expectedFailures = try (1 - p.probs) / p.probs
        return try pSuccess - qSuccess + Univariate.countTimesLog(expectedFailures, pFailure - qFailure)
    }
}
