import CGSL

/// Pearson's χ² goodness-of-fit test of integer draws against a probability
/// mass function, with outcomes whose expected count is below 5 pooled into
/// one bin (the usual validity rule). The p-value is GSL's χ² upper tail.
public struct ChiSquareTest: Sendable {
    public let statistic: Double
    public let degreesOfFreedom: Int

    public init(draws: [Double], mass: (Int) -> Double) {
        let n = Double(draws.count)
        var counts: [Int: Int] = [:]
        for x in draws { counts[Int(x), default: 0] += 1 }
        let largest = counts.keys.max() ?? 0
        var statistic = 0.0, bins = 0
        var pooledObserved = 0.0, pooledExpected = 0.0
        var covered = 0.0
        for k in 0...max(largest, 0) {
            let expected = n * mass(k)
            covered += mass(k)
            let observed = Double(counts[k] ?? 0)
            if expected >= 5 {
                statistic += (observed - expected) * (observed - expected) / expected
                bins += 1
            } else {
                pooledObserved += observed
                pooledExpected += expected
            }
        }
        // The tail beyond the largest draw belongs to the pooled bin.
        pooledExpected += n * max(0, 1 - covered)
        if pooledExpected > 0 {
            statistic += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected
            bins += 1
        }
        self.statistic = statistic
        self.degreesOfFreedom = max(bins - 1, 1)
    }

    /// P(χ² ≥ statistic) for a sample from the hypothesised distribution.
    public var pValue: Double {
        gsl_cdf_chisq_Q(statistic, Double(degreesOfFreedom))
    }
}
