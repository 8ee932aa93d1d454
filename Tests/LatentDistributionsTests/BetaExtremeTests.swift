import LatentCore
import LatentDistributions
import Testing

/// The Beta and beta-binomial evaluations that were rewritten to keep their
/// digits at large concentrations and counts: quantiles that terminate and
/// invert the CDF, and analytic partials that agree with finite differences.
/// The values themselves are checked against 50-digit references in
/// ``HighPrecisionReferenceTests``.
@Suite("Beta and beta-binomial at extreme parameters")
struct BetaExtremeTests {
    /// The quantile terminates and inverts the CDF at concentrations up to
    /// 10⁷ and probabilities down to 1e-300. Tolerance: the quantile is
    /// solved to a few ulps of log x, and F(x) moves by x·p(x) ≤ a·F
    /// relative per relative change of x in the lower tail (a up to 10⁷,
    /// so 1e-16·10⁷·(few ulps) ≈ 1e-8 relative); 1e-7 leaves a margin of 10.
    @Test(arguments: [(1e6, 1e6), (0.5, 1e6), (1e6, 0.5), (1e7, 3e7), (2.0, 5.0), (0.001, 0.001)])
    func quantileInvertsTheCDF(_ shapes: (Double, Double)) throws {
        let (a, b) = shapes
        let beta = try Beta(concentration1: a, concentration0: b)
        for p in [1e-300, 1e-100, 1e-20, 1e-10, 0.1, 0.5, 0.9, 1 - 1e-10] {
            let x = try beta.icdf(Tensor(p)).scalarValue
            #expect(x >= 0 && x <= 1, "Beta(\(a), \(b)).icdf(\(p)) = \(x)")
            guard x > 0, x < 1 else { continue }
            if p <= 0.5 {
                let back = try SpecialFunctions.regularizedBeta(a, b, x)
                #expect(abs(back - p) <= 1e-7 * p, "Beta(\(a), \(b)): F(F⁻¹(\(p))) = \(back)")
            } else {
                let back = try SpecialFunctions.regularizedBeta(b, a, 1 - x)
                #expect(abs(back - (1 - p)) <= 1e-7 * (1 - p), "Beta(\(a), \(b)): 1 − F(F⁻¹(\(p))) = \(back)")
            }
        }
    }

    /// Where the quantile lies below the least Double (x ≈ 10⁻⁶⁹⁹ for
    /// Beta(0.001, 0.001) at 0.1, from I_x ≈ xᵃ/(a B(a, b))) it is 0, and
    /// symmetrically 1; Beta(1, 1) is the identity down to 1e-300, to the
    /// solver's stopping step of 4 ulp of |log x| (6e-13 relative at 1e-300).
    @Test func quantilesBeyondTheDoublesRoundToTheEnds() throws {
        let tiny = try Beta(concentration1: 0.001, concentration0: 0.001)
        #expect(try tiny.icdf(Tensor(0.1)).scalarValue == 0)
        #expect(try tiny.icdf(Tensor(0.9)).scalarValue == 1)
        let uniform = try Beta(concentration1: 1.0, concentration0: 1.0)
        for p in [1e-300, 1e-100, 1e-20] {
            let x = try uniform.icdf(Tensor(p)).scalarValue
            #expect(abs(x - p) <= 1e-12 * p, "Beta(1, 1).icdf(\(p)) = \(x)")
        }
    }

    /// Central differences with a relative step of 1e-5 agree with the
    /// analytic partials to O(h²) ≈ 1e-10 relative plus rounding of the
    /// log-density over 2h (1e-16·|log p|/1e-5 ≈ 1e-9 at |log p| ≈ 100);
    /// 1e-6 is the harness's usual bound. Points are away from the mode
    /// a/(a + b), where ∂/∂a nearly vanishes and a relative bound is void.
    @Test(arguments: [(2.0, 5.0, 0.3), (0.5, 0.5, 0.01), (40.0, 70.0, 0.4), (3e4, 5e4, 0.3)])
    func betaLogDensityPartialsMatchFiniteDifferences(_ point: (Double, Double, Double)) throws {
        let (a, b, x) = point
        let check = try gradientCheck(at: [Tensor(a), Tensor(b), Tensor(x)]) { v in
            try Beta(concentration1: v[0], concentration0: v[1]).logProb(of: v[2])
        }
        #expect(check.maxRelativeError <= 1e-6)
    }

    /// ∂H/∂a = −(a − 1)ψ₁(a) + (a + b − 2)ψ₁(a + b) against central
    /// differences, on both branches of the entropy (a, b below and above 10);
    /// the bound as for the density.
    @Test(arguments: [(2.0, 5.0), (0.5, 0.5), (0.5, 200.0), (40.0, 70.0), (3e3, 5e3)])
    func betaEntropyPartialsMatchFiniteDifferences(_ shapes: (Double, Double)) throws {
        let check = try gradientCheck(at: [Tensor(shapes.0), Tensor(shapes.1)]) { v in
            try Beta(concentration1: v[0], concentration0: v[1]).entropy()
        }
        #expect(check.maxRelativeError <= 1e-6)
    }

    /// The entropy's two forms agree where both hold (a, b just above 10,
    /// where the direct form has not yet lost digits): 1e-12 absolute.
    @Test func betaEntropyFormsAgreeAtTheirBoundary() throws {
        for (a, b) in [(10.0, 10.0), (12.0, 30.0), (15.0, 1e3)] {
            let direct = try SpecialFunctions.logBeta(a, b) - (a - 1) * SpecialFunctions.digamma(a)
                - (b - 1) * SpecialFunctions.digamma(b) + (a + b - 2) * SpecialFunctions.digamma(a + b)
            let entropy = try SpecialFunctions.betaEntropy(a, b)
            #expect(abs(entropy - direct) <= 1e-12 * max(1, abs(direct)), "Beta(\(a), \(b)): \(entropy) vs \(direct)")
        }
    }

    /// The beta-binomial log-mass's partials in a and b against central
    /// differences, on both of its forms (a + b below and above n); bound as above.
    @Test(arguments: [(10.0, 2.0, 3.0, 4.0), (1e4, 0.5, 2.0, 30.0), (2000.0, 3e4, 5e4, 700.0), (50.0, 300.0, 200.0, 20.0)])
    func betaBinomialPartialsMatchFiniteDifferences(_ point: (Double, Double, Double, Double)) throws {
        let (n, a, b, k) = point
        let check = try gradientCheck(at: [Tensor(a), Tensor(b)]) { v in
            try BetaBinomial(totalCount: Tensor(n), concentration1: v[0], concentration0: v[1]).logProb(of: Tensor(k))
        }
        #expect(check.maxRelativeError <= 1e-6)
    }

    /// The two forms of the log-mass agree with the plain sum of log-gammas
    /// at moderate arguments, where that sum is still exact to ~1e-13, and
    /// the masses of a small case sum to 1.
    @Test func betaBinomialLogMassMatchesLogGammas() throws {
        for (n, a, b) in [(10.0, 2.0, 3.0), (30.0, 50.0, 70.0), (100.0, 0.3, 0.7), (40.0, 20.0, 21.0)] {
            var total = 0.0
            for k in stride(from: 0.0, through: n, by: 1) {
                let lg = SpecialFunctions.logGamma
                let plain = lg(n + 1) - lg(k + 1) - lg(n - k + 1) + lg(k + a) + lg(n - k + b) - lg(n + a + b)
                    + lg(a + b) - lg(a) - lg(b)
                let mass = SpecialFunctions.logBetaBinomialMass(k, totalCount: n, a, b)
                #expect(abs(mass - plain) <= 1e-12 * max(1, abs(plain)), "BetaBinomial(\(n), \(a), \(b)) at \(k)")
                total += Double.exp(mass)
            }
            #expect(abs(total - 1) <= 1e-12)
        }
    }
}
