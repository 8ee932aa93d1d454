import LatentCore

extension Bernoulli {
    /// KL(Bern(p)‖Bern(q)) = p log(p/q) + (1 − p) log((1 − p)/(1 − q)), with
    /// 0·log 0 = 0 (so a certain p against any q is finite unless q excludes it).
    static func kl(_ p: Bernoulli, _ q: Bernoulli) throws -> Tensor<Scalar> {
        let (pSuccess, pFailure) = try p.parameter.logProbabilities
        let (qSuccess, qFailure) = try q.parameter.logProbabilities
        return try Univariate.countTimesLog(p.probs, pSuccess - qSuccess) + Univariate.countTimesLog(1 - p.probs, pFailure - qFailure)
    }
}
