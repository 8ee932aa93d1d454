import LatentCore
import LatentDistributions
import Testing

/// The beta-binomial beyond the reach of the generated table's 50 digits
/// (concentrations of 10³⁰⁰, a = 10⁻³⁰⁰, n = 10¹⁷), against log P as
/// log C(n, k) + log B(k + a, n − k + b) − log B(a, b) from `mpmath.loggamma`
/// at 700 digits and the moments in closed form, in the generated table's
/// format; its settings at counts and concentrations of 10⁸ to 10¹⁵ (and
/// 10⁻³ beside 10⁹) are rows of `HighPrecisionReferenceTable.swift`.
///
/// Tolerance: that of `HighPrecisionReferenceTests` (1e-10 relative, on a
/// floor of 1 for log P and of 1e-300 for the moments).
@Suite("Beta-binomial at huge counts and concentrations")
struct BetaBinomialExtremeTests {
    static let rows: [ReferenceRow] = [
        // Beyond the generator's 50 digits (log-gammas of 7e302, or of 690
        // cancelling to 1e-299): the same formula at 700 digits. The first
        // two were −128 and NaN (a + b + n overflowed in the variance's
        // numerator), the fourth +∞, the last off by 1.6e-5.
        "BetaBinomial;1000000000000000.0 1e+300 1e+300;logProb;500000000000000.0;-17.49517955010007",
        "BetaBinomial;1000000000000000.0 1e+300 1e+300;variance;0.0;250000000000000.0",
        "BetaBinomial;1000000000000000.0 1e+300 1e+300;mean;0.0;500000000000000.0",
        "BetaBinomial;1000000000000000.0 1e-300 1.0;logProb;0.0;-3.511599205981222e-299",
        "BetaBinomial;1000000000000000.0 1e-300 1.0;logProb;7.0;-692.721438047269",
        "BetaBinomial;1e+17 10000000000.0 10000000000.0;logProb;5e+16;-27.510238978305793",
    ].map(ReferenceRow.init(line:))

    @Test(arguments: rows)
    func valueMatchesTheReference(_ row: ReferenceRow) throws {
        try HighPrecisionReferenceTests.check(row)
    }

    /// At n = 10¹⁵, a = 10⁻³, b = 10⁹ the mass spreads over some 10⁷ counts
    /// (a tail of the mixing beta's spike at 0) and no asymptotic series
    /// applies: refused with a typed error, never a sum cut short.
    @Test func entropyBeyondTheSummedWindowIsRefused() throws {
        #expect(throws: SpecialFunctionError.self) {
            try BetaBinomial(totalCount: 1e15, concentration1: 1e-3, concentration0: 1e9).entropy()
        }
    }

    /// The Gaussian limit's partials in a and b against central differences
    /// of the entropy with steps of 10⁻⁴ relative (H ≈ 25 rounds at 4e-15,
    /// so the quotient is good to 1e-10 absolute; the partials are ≈ 1e-9
    /// to 1e-8, and 1e-3 relative bounds the truncation with room).
    @Test func gaussianLimitPartialsMatchFiniteDifferences() throws {
        let (n, a, b) = (1e15, 2e8, 3e8)
        let entropy = { (a: Double, b: Double) in
            try BetaBinomial(totalCount: n, concentration1: a, concentration0: b).entropy().scalarValue
        }
        let gradient = try valueWithGradient(at: [Tensor(a), Tensor(b)]) {
            try BetaBinomial(totalCount: Tensor(n), concentration1: $0[0], concentration0: $0[1]).entropy()
        }.gradients
        let (ha, hb) = (a * 1e-4, b * 1e-4)
        let inA = try (entropy(a + ha, b) - entropy(a - ha, b)) / (2 * ha)
        let inB = try (entropy(a, b + hb) - entropy(a, b - hb)) / (2 * hb)
        let (partialA, partialB) = try (gradient[0].scalarValue, gradient[1].scalarValue)
        #expect(abs(partialA - inA) <= 1e-3 * abs(inA) + 1e-10 / ha, "∂H/∂a \(partialA) vs \(inA)")
        #expect(abs(partialB - inB) <= 1e-3 * abs(inB) + 1e-10 / hb, "∂H/∂b \(partialB) vs \(inB)")
    }

    /// At a = b the beta-binomial is symmetric, with excess kurtosis of
    /// order 1/(a + b); at a = b = 10⁸ and n = 10⁸ or 10¹⁵ the standardised
    /// draws (k − n/2)/σ are normal far beyond what 20,000 draws resolve
    /// (KS at the false-failure rate of `SamplerChecks`, fixed seed).
    @Test(arguments: [1e8, 1e15])
    func drawsAtHugeConcentrationsAreNormal(n: Double) throws {
        let distribution = try BetaBinomial(totalCount: n, concentration1: 1e8, concentration0: 1e8)
        let sd = try distribution.variance.scalarValue.squareRoot()
        let xs = try SamplerChecks.draws(distribution, 20_000)
        SamplerChecks.expectFollows(xs.map { ($0 - n / 2) / sd }, cdf: SamplerChecks.normalCDF, "BetaBinomial(\(n), 1e8, 1e8) standardised")
    }
}
