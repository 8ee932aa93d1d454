import Foundation


/// The one-sample Kolmogorov–Smirnov test of a sample against a continuous
/// CDF.
///
/// The p-value uses the asymptotic Kolmogorov distribution
/// Q(λ) = 2 Σₖ (−1)ᵏ⁻¹ e^(−2k²λ²) at λ = (√n + 0.12 + 0.11/√n)·D
/// (Stephens 1970; Numerical Recipes §14.3), accurate for n ≥ 35. A test
/// that rejects when p < α has false-rejection rate α when the sample does
/// come from F.
public struct KolmogorovSmirnov: Sendable {
    /// sup |F̂ₙ(x) − F(x)|.
    public let statistic: Double
    /// n, the number of draws in the sample.
    public let sampleSize: Int

    /// The test of `sample` against `cdf`.
    /// - Parameters:
    ///   - sample: the draws, in any order.
    ///   - cdf: the hypothesised continuous distribution function F.
    public init(sample: [Double], cdf: (Double) -> Double) {
        let sorted = sample.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, max(Double(i + 1) / n - f, f - Double(i) / n))
        }
        statistic = d
        sampleSize = sorted.count
    }

    /// P(D ≥ observed) for a sample from the hypothesised distribution.
    public var pValue: Double {
        let root = Double(sampleSize).squareRoot()
        let lambda = (root + 0.12 + 0.11 / root) * statistic
        if lambda < 0.2 { return 1 }
        var total = 0.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * lambda * lambda)
            total += (k % 2 == 1 ? 1 : -1) * term
            if term < 1e-16 { break }
        }
        return min(1, max(0, 2 * total))
    }
}
