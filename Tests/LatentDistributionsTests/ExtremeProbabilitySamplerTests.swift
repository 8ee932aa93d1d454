import CGSL
import LatentCore
import LatentDistributions
import Testing

/// Samplers of the success-probability families at probabilities of 10⁻³⁰⁰
/// and logits of ±700, where p or 1 − p is below 2⁻⁵³ and the draws scale
/// by 10³⁰⁰: each against the limit law that is exact to O(p) (far below
/// what 20,000 draws resolve). False-failure rates as in ``SamplerChecks``
/// (fixed seeds).
@Suite("Success-probability samplers at extreme probabilities")
struct ExtremeProbabilitySamplerTests {
    /// Binomial(10³⁰⁰, 10⁻³⁰⁰) is Poisson(1) to O(p): Pearson χ² against
    /// GSL's Poisson mass.
    @Test func binomialOfAHugeCountAndATinyProbabilityIsPoisson() throws {
        let xs = try SamplerChecks.draws(Binomial(totalCount: 1e300, probs: 1e-300), 20_000)
        SamplerChecks.expectFollows(xs, mass: { gsl_ran_poisson_pdf(UInt32($0), 1) }, "Binomial(1e300, 1e-300)")
    }

    /// Geometric at logits −700 (p = 9.9e-305): p·K is standard
    /// exponential to O(p); KS.
    @Test func geometricAtLogitsMinusSevenHundredIsExponential() throws {
        let p = 1 / (1 + Double.exp(700))
        let xs = try SamplerChecks.draws(Geometric(logits: -700.0), 20_000)
        SamplerChecks.expectFollows(xs.map { $0 * p }, cdf: { 1 - Double.exp(-max($0, 0)) }, "Geometric(logits −700)·p")
    }

    /// NegativeBinomial(r, logits 700): 1 − p = 9.9e-305, so the Poisson
    /// rate λ = G·p/(1 − p), G ~ Gamma(r), is near 10³⁰⁴ and K·(1 − p)/p
    /// is Gamma(r, 1) to relative O(λ^(−1/2)); KS against GSL's gamma CDF.
    @Test(arguments: [0.5, 2.5])
    func negativeBinomialAtLogitsSevenHundredIsGamma(r: Double) throws {
        let q = 1 / (1 + Double.exp(700)), p = 1 / (1 + Double.exp(-700))
        let xs = try SamplerChecks.draws(NegativeBinomial(totalCount: r, logits: 700.0), 20_000)
        SamplerChecks.expectFollows(xs.map { $0 * (q / p) }, cdf: { gsl_cdf_gamma_P(max($0, 0), r, 1) }, "NegativeBinomial(\(r), logits 700)")
    }

    /// Bernoulli at probabilities within 2⁻⁵³ of 0 and 1 and at logits
    /// ±700: the outcome of probability below 10⁻¹⁶ never appears.
    @Test func bernoulliNearCertaintyNeverDrawsTheVanishingOutcome() throws {
        #expect(try SamplerChecks.draws(Bernoulli(probs: 1e-300), 20_000).allSatisfy { $0 == 0 })
        #expect(try SamplerChecks.draws(Bernoulli(logits: -700.0), 20_000).allSatisfy { $0 == 0 })
        #expect(try SamplerChecks.draws(Bernoulli(logits: 700.0), 20_000).allSatisfy { $0 == 1 })
    }
}
