import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// Count samplers at huge and tiny rates, counts and probabilities: exact
/// draws (χ² against GSL's mass functions or a closed form) where the
/// reference exists, the normal limit or the first two moments (4.89
/// standard errors) where only those can be computed. False-failure rates
/// as stated in ``SamplerChecks``.
@Suite("Count samplers at extreme parameters")
struct ExtremeCountSamplerTests {
    /// Counts beyond Int's range used to trap in a Double → Int conversion.
    /// Their draws are exact integers rounded to the nearest Double, so
    /// their deviations from the mean are checked on that grid.
    @Test func countsBeyondTwoToTheFiftyThreeAreDrawnWithoutTrapping() throws {
        let poisson = try SamplerChecks.draws(Poisson(rate: 1e19), 4_000)
        SamplerChecks.expectMoments(poisson, center: 1e19, mean: 1e19, variance: 1e19, rounding: 2_048, "Poisson(1e19)")
        let binomial = try SamplerChecks.draws(Binomial(totalCount: 1e30, probs: 0.5), 4_000)
        // Draws near 5·10²⁹ are 2⁴⁶ apart; the standard deviation is 5·10¹⁴.
        SamplerChecks.expectMoments(binomial, center: 5e29, mean: 5e29, variance: 2.5e29, rounding: 0x1p46, "Binomial(1e30, ½)")
        let negative = try SamplerChecks.draws(NegativeBinomial(totalCount: 1e30, probs: 0.5), 4_000)
        // Mean rp/(1 − p) = 10³⁰, variance rp/(1 − p)² = 2·10³⁰; draws near 10³⁰ are 2⁴⁷ apart.
        SamplerChecks.expectMoments(negative, center: 1e30, mean: 1e30, variance: 2e30, rounding: 0x1p47, "NegativeBinomial(1e30, ½)")
    }

    /// With validation switched off, an infinite rate or count gives ∞ or
    /// NaN, never a trap.
    @Test func unvalidatedInfiniteParametersDoNotTrap() throws {
        var generator = Xoshiro256PlusPlus(seed: 1)
        #expect(try Poisson(rate: Double.infinity, validating: false).sample([3], using: &generator).scalars == [.infinity, .infinity, .infinity])
        let binomial = try Binomial(totalCount: Double.infinity, probs: 0.5, validating: false).sample([2], using: &generator).scalars
        #expect(binomial.allSatisfy { $0.isNaN })
    }

    /// Inversion below rate 10, PTRS from 10 on, against GSL's mass function.
    @Test(arguments: [0.5, 9.99, 10, 10.5, 1_000, 1e6])
    func poissonFollowsItsMass(rate: Double) throws {
        let xs = try SamplerChecks.draws(Poisson(rate: rate), 20_000)
        SamplerChecks.expectFollows(xs, mass: { gsl_ran_poisson_pdf(UInt32($0), rate) }, "Poisson(\(rate))")
    }

    /// At λ ≥ 10¹⁵ no mass function is available in double precision; the
    /// standardised draws (k − λ)/√λ are normal to within about 1/√λ (the
    /// skewness, and the spacing 1/√λ of the standardised lattice), far
    /// below what 20,000 draws resolve. The former inversion needed an
    /// incomplete gamma function there, which threw.
    @Test(arguments: [1e15, 0x1p60])
    func poissonAtHugeRatesIsNormalToItsResolution(rate: Double) throws {
        let xs = try SamplerChecks.draws(Poisson(rate: rate), 20_000)
        let root = rate.squareRoot()
        SamplerChecks.expectFollows(xs.map { ($0 - rate) / root }, cdf: SamplerChecks.normalCDF, "Poisson(\(rate)) standardised")
    }

    /// n ≥ 10⁷ used to throw (an incomplete beta function out of
    /// iterations); p near 1 is drawn as n minus its complement.
    @Test(arguments: [(20.0, 0.5), (1_000.0, 0.995), (1e7, 0.3), (1e9, 1e-6), (4e9, 2.5e-9)])
    func binomialFollowsItsMass(n: Double, p: Double) throws {
        let xs = try SamplerChecks.draws(Binomial(totalCount: n, probs: p), 20_000)
        SamplerChecks.expectFollows(xs, mass: { gsl_ran_binomial_pdf(UInt32($0), p, UInt32(n)) }, "Binomial(\(n), \(p))")
    }

    /// Beyond GSL's 32-bit counts: n·p small, against the closed form
    /// P(k) = Πⱼ₌₀^(k−1) (n − j)/(j + 1) · pᵏ · (1 − p)ⁿ⁻ᵏ (exact for small k);
    /// and p within 10⁻¹⁶ of 1 given as logits, whose failures follow
    /// Binomial(n, σ(−l)), which σ(l) rounded to 1 used to lose.
    @Test func binomialAtHugeCountsAndProbabilitiesNearOne() throws {
        let n = 1e12, p = 5e-12
        let xs = try SamplerChecks.draws(Binomial(totalCount: n, probs: p), 20_000)
        SamplerChecks.expectFollows(xs, mass: { Self.binomialMass($0, n: n, p: p) }, "Binomial(1e12, 5e-12)")
        // n = 2⁵³, the largest count whose draws near n are all whole Doubles.
        let logit = 38.0, total = 0x1p53
        let q = 1 / (1 + Double.exp(logit))
        let counts = try SamplerChecks.draws(Binomial(totalCount: total, logits: logit), 20_000)
        let failures = counts.map { total - $0 }
        SamplerChecks.expectFollows(failures, mass: { Self.binomialMass($0, n: total, p: q) }, "failures of Binomial(2⁵³, logits 38)")
    }

    /// BTRS at counts where only the normal limit is computable: 1/σ below 10⁻⁸.
    @Test(arguments: [(1e15, 0.5), (0x1p60, 0.3)])
    func binomialAtHugeCountsIsNormalToItsResolution(n: Double, p: Double) throws {
        let xs = try SamplerChecks.draws(Binomial(totalCount: n, probs: p), 20_000)
        let mean = n * p, sd = (n * p * (1 - p)).squareRoot()
        SamplerChecks.expectFollows(xs.map { ($0 - mean) / sd }, cdf: SamplerChecks.normalCDF, "Binomial(\(n), \(p)) standardised")
    }

    /// GSL counts failures before n successes of probability P: ours with
    /// P = 1 − p, n = r. A gamma–Poisson mixture at a huge and a tiny r.
    @Test(arguments: [(1e6, 0.3), (1e-3, 0.5), (2.5, 0.999)])
    func negativeBinomialFollowsItsMass(r: Double, p: Double) throws {
        let xs = try SamplerChecks.draws(NegativeBinomial(totalCount: r, probs: p), 20_000)
        SamplerChecks.expectFollows(xs, mass: { gsl_ran_negative_binomial_pdf(UInt32($0), 1 - p, r) }, "NegativeBinomial(\(r), \(p))")
    }

    /// At a = b = 10⁻³ the draws of p are 0 or 1 to within 10⁻³⁰⁰ about
    /// half of the time; the old ratio of two underflowed gammas gave the
    /// mean ½ instead. Reference P(k) = C(n, k) B(k + a, n − k + b)/B(a, b).
    @Test func betaBinomialAtTinyConcentrationsFollowsItsMass() throws {
        let (n, a, b) = (10.0, 1e-3, 1e-3)
        let xs = try SamplerChecks.draws(BetaBinomial(totalCount: n, concentration1: a, concentration0: b), 20_000)
        SamplerChecks.expectFollows(xs, mass: { k in
            let k = Double(k)
            return Double.exp(gsl_sf_lnchoose(UInt32(n), UInt32(k)) + gsl_sf_lnbeta(k + a, n - k + b) - gsl_sf_lnbeta(a, b))
        }, "BetaBinomial(10, 1e-3, 1e-3)")
    }

    /// BetaBinomial(n, 1, 1) is uniform on 0…n; at n = 10⁸ it used to be
    /// NaN (the binomial sampler threw). k/n against the continuous uniform
    /// (off by at most 1/n = 10⁻⁸).
    @Test func betaBinomialAtAHundredMillionTrialsIsUniform() throws {
        let n = 1e8
        let xs = try SamplerChecks.draws(BetaBinomial(totalCount: n, concentration1: 1, concentration0: 1), 20_000)
        SamplerChecks.expectFollows(xs.map { $0 / n }, cdf: { min(max($0, 0), 1) }, "BetaBinomial(1e8, 1, 1)/n")
    }

    /// p·K for K ~ Geometric(p) is exponential to O(p); at p = 10⁻¹² far
    /// below what 20,000 draws resolve.
    @Test func geometricAtTinyProbabilityIsExponential() throws {
        let p = 1e-12
        let xs = try SamplerChecks.draws(Geometric(probs: p), 20_000)
        SamplerChecks.expectFollows(xs.map { $0 * p }, cdf: { 1 - Double.exp(-max($0, 0)) }, "Geometric(1e-12)·p")
    }

    /// Logits −800 give p = e⁻⁸⁰⁰, whose draws (mean e⁸⁰⁰) are all beyond
    /// the largest Double: +∞, never NaN. A zero generator gives the
    /// uniform draw at the end of the grid, where log u / log(1 − p) was 0/0.
    @Test func geometricBeyondTheLargestDoubleIsInfinite() throws {
        var generator = ConstantGenerator(value: 0)
        let draws = try Geometric(logits: -800.0).sample([4], using: &generator).scalars
        #expect(draws == [.infinity, .infinity, .infinity, .infinity])
    }

    /// Binomial(n, p) mass at small k, as a running product (no large
    /// log-gamma terms to cancel).
    static func binomialMass(_ k: Int, n: Double, p: Double) -> Double {
        var coefficient = 1.0
        for j in 0..<k { coefficient *= (n - Double(j)) / Double(j + 1) }
        return coefficient * Double.pow(p, Double(k)) * Double.exp((n - Double(k)) * Double.log(onePlus: -p))
    }
}
