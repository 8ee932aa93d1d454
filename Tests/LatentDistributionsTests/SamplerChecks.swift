import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// The statistical checks of the extreme-parameter sampler tests. Each
/// rejects a correct sampler with probability at most `falseFailureRate`
/// (10⁻⁶, as in `ConformanceChecks`), so the whole set of about 60 checks
/// fails by chance with probability below 10⁻⁴; every seed is fixed.
enum SamplerChecks {
    static let falseFailureRate = 1e-6
    /// Two-sided normal quantile at 10⁻⁶.
    static let zBound = 4.89

    /// `count` draws of `distribution` from `seed`, as plain numbers.
    static func draws<S: TensorScalar>(_ distribution: some Distribution<S>, _ count: Int, seed: UInt64 = 20_261_129) throws -> [Double] {
        var generator = Xoshiro256PlusPlus(seed: seed)
        return try distribution.sample([count], using: &generator).scalars.map(Double.init)
    }

    /// Kolmogorov–Smirnov against a continuous CDF.
    static func expectFollows(_ xs: [Double], cdf: (Double) -> Double, _ what: String) {
        let test = KolmogorovSmirnov(sample: xs, cdf: cdf)
        #expect(test.pValue > falseFailureRate, "\(what): D = \(test.statistic), p = \(test.pValue)")
    }

    /// Pearson χ² against a mass function on 0, 1, 2, …
    static func expectFollows(_ xs: [Double], mass: (Int) -> Double, _ what: String) {
        let test = ChiSquareTest(draws: xs, mass: mass)
        #expect(test.pValue > falseFailureRate, "\(what): χ² = \(test.statistic) on \(test.degreesOfFreedom) df")
    }

    /// Pearson χ² of the counts of draws in the bins cut at `edges`
    /// (increasing; the first bin is x ≤ edges[0], the last x > edges.last),
    /// against the probabilities `binMass` gives each bin. For distributions
    /// whose draws pile up at the ends of a floating-point range, where a
    /// KS test would see ties.
    static func expectBinned(_ xs: [Double], edges: [Double], binMass: [Double], _ what: String) {
        var counts = [Double](repeating: 0, count: edges.count + 1)
        for x in xs { counts[edges.firstIndex { x <= $0 } ?? edges.count] += 1 }
        let n = Double(xs.count)
        let statistic = zip(counts, binMass).reduce(0.0) { total, pair in
            let expected = n * pair.1
            return total + (pair.0 - expected) * (pair.0 - expected) / expected
        }
        let p = gsl_cdf_chisq_Q(statistic, Double(edges.count))
        #expect(p > falseFailureRate, "\(what): χ² = \(statistic) on \(edges.count) df, counts \(counts)")
    }

    /// Probabilities of the bins cut at `edges` from a CDF and its upper
    /// tail (each bin from the tail that keeps its digits).
    static func binMass(edges: [Double], cdf: (Double) -> Double, upperTail: (Double) -> Double) -> [Double] {
        var masses = [cdf(edges[0])]
        for (low, high) in zip(edges, edges.dropFirst()) {
            masses.append(cdf(low) < 0.5 ? cdf(high) - cdf(low) : upperTail(low) - upperTail(high))
        }
        masses.append(upperTail(edges.last!))
        return masses
    }

    /// The sample mean and variance of the deviations x − center (each
    /// subtraction exact for x near center, so that counts near 10³⁰ keep
    /// their spread) within 4.89 standard errors of `mean` − center and
    /// `variance`, the variance's standard error from the fourth central
    /// moment. `rounding` is the spacing of the draws' floating-point grid:
    /// its half is allowed on the mean, and its square over 12 (the
    /// variance rounding adds) on the variance.
    static func expectMoments(
        _ xs: [Double], center: Double, mean: Double, variance: Double, rounding: Double = 0, _ what: String
    ) {
        let n = Double(xs.count)
        let deviations = xs.map { $0 - center }
        let sampleMean = deviations.reduce(0, +) / n
        let expectedMean = mean - center
        #expect(abs(sampleMean - expectedMean) <= zBound * (variance / n).squareRoot() + rounding / 2,
                "\(what): mean deviation \(sampleMean) vs \(expectedMean)")
        let squares = deviations.map { ($0 - sampleMean) * ($0 - sampleMean) }
        let sampleVariance = squares.reduce(0, +) / (n - 1)
        let fourth = squares.reduce(0) { $0 + $1 * $1 } / n
        let standardError = (max(fourth - sampleVariance * sampleVariance, 0) / n).squareRoot()
        #expect(abs(sampleVariance - variance) <= zBound * standardError + rounding * rounding / 12,
                "\(what): variance \(sampleVariance) vs \(variance)")
    }

    /// The standard normal CDF (GSL).
    static func normalCDF(_ z: Double) -> Double { gsl_cdf_ugaussian_P(z) }
}

/// A generator that returns one value forever: the draws at the very ends
/// of the uniform grid (0 gives u = 0, all ones u = 1 − 2⁻⁵³). Only for
/// samplers without rejection, which would never end on it.
struct ConstantGenerator: RandomNumberGenerator {
    let value: UInt64
    mutating func next() -> UInt64 { value }
}
