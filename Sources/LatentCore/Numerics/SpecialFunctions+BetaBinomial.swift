/// The beta-binomial log-mass as differences of log-gammas at nearby
/// arguments, so that it keeps its digits at counts of 10¹⁵ and at
/// concentrations of 10⁶, where the log-gammas it is made of are 10¹⁶ or 10⁷.
extension SpecialFunctions {
    /// log P(k) = log C(n, k) + log B(k + a, n − k + b) − log B(a, b) for
    /// integers 0 ≤ k ≤ n and a, b > 0 (NaN outside), with f = n − k and
    /// D(x, h) = log Γ(x + h) − log Γ(x) (``logGammaDifference(_:_:)``):
    ///
    /// - for a + b ≤ n, D(k + 1, a − 1) + D(f + 1, b − 1) − D(n + 1, a + b − 1) − log B(a, b):
    ///   the count-sized log-gammas cancel inside each D (exact at a = b = 1);
    /// - otherwise log C(n, k) + D(a, k) + D(b, f) − D(a + b, n), with
    ///   log C(n, k) = −log(n + 1) − log B(k + 1, f + 1): the
    ///   concentration-sized log-gammas cancel inside each D.
    ///
    /// Each term is then of the size of the counts (or concentrations) times
    /// a logarithm; where counts and concentrations are both large (10⁸ and
    /// beyond) that is still far above the result, and digits are lost.
    public static func logBetaBinomialMass(_ k: Double, totalCount n: Double, _ a: Double, _ b: Double) -> Double {
        guard k >= 0, k <= n, a > 0, b > 0 else { return .nan }
        let f = n - k
        if a + b <= n {
            guard let normaliser = try? logBeta(a, b) else { return .nan }
            return logGammaDifference(k + 1, a - 1) + logGammaDifference(f + 1, b - 1)
                - logGammaDifference(n + 1, a + b - 1) - normaliser
        }
        guard let coefficient = try? logBeta(k + 1, f + 1) else { return .nan }
        return -Double.log(n + 1) - coefficient
            + logGammaDifference(a, k) + logGammaDifference(b, f) - logGammaDifference(a + b, n)
    }
}
