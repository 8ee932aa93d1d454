import LatentCore
import LatentDistributions
import Testing

/// The gamma family (Gamma, χ², inverse gamma) where its parameters or
/// arguments leave the range of the naive formulas: a rate of 1e-300 that
/// makes βx underflow, shapes of 10⁶ and 10²⁰, quantiles below the smallest
/// Double, and the gradients of the rewritten functions.
///
/// References are closed forms where one exists, otherwise mpmath at 50
/// digits (P(a, x) = xᵃe⁻ˣ/Γ(a + 1)·₁F₁(1; a + 1; x) and mpmath's upper
/// incomplete gamma, quantiles by Newton's method on them to 1e-30).
/// Tolerance 1e-11 relative (1e-11 absolute for log-densities and entropies
/// of order 1): a value formed as the exponential of logarithms of size
/// ~1400 (log 1e-600) carries ~1400ε ≈ 3e-13 of rounding; the failures
/// guarded against are wrong in the leading digit, infinite or NaN.
@Suite("Gamma family at the extremes")
struct GammaFamilyExtremeTests {
    static func close(_ value: Double, _ exact: Double, relative: Double = 1e-11, floor: Double = 1e-300) -> Bool {
        abs(value - exact) <= relative * max(floor, abs(exact))
    }

    static func gamma(_ a: Double, _ b: Double) throws -> Gamma<Double> { try Gamma(concentration: a, rate: b) }

    /// β = x = 1e-300: βx = 1e-600 underflows. Closed forms at a = ½:
    /// log p = −½ log π, F = erf(√(βx)) = 2·1e-300/√π (to 1e-600 relative),
    /// and F⁻¹(1e-300) = (√π·1e-300/2)²/β = π/4·1e-300.
    @Test func underflowingScaledValueKeepsItsDigits() throws {
        let g = try Self.gamma(0.5, 1e-300)
        #expect(Self.close(try g.logProb(of: Tensor(1e-300)).scalarValue, -0.5 * Double.log(Double.pi), floor: 1))
        #expect(Self.close(try g.cdf(Tensor(1e-300)).scalarValue, 2e-300 / Double.pi.squareRoot()))
        #expect(Self.close(try g.icdf(Tensor(1e-300)).scalarValue, Double.pi / 4 * 1e-300))
    }

    /// Gamma(0.001, 1): P ≈ xᵃ/Γ(1 + a), so F⁻¹(½) = (½Γ(1.001))¹⁰⁰⁰
    /// = 5.244206408277979e-302 (mpmath) and F⁻¹(1e-10) = 1e-10000·… is 0.
    @Test func tinyShapeQuantilesFollowTheSeries() throws {
        let g = try Self.gamma(0.001, 1)
        #expect(Self.close(try g.icdf(Tensor(0.5)).scalarValue, 5.244206408277979e-302))
        #expect(try g.icdf(Tensor(1e-10)).scalarValue == 0)
        let inverse = try InverseGamma(concentration: 0.001, scale: 1)
        #expect(Self.close(try inverse.icdf(Tensor(0.5)).scalarValue, 1 / 5.244206408277979e-302))
        #expect(try inverse.icdf(Tensor(0.9)).scalarValue == .infinity)
    }

    /// Shapes of 10⁶ and 10²⁰: the CDF at 1e-300 and 1e200 (0 and 1 far
    /// beyond Double's range), the median a − ⅓ + 8/(405a) (DLMF 8.12),
    /// tail quantiles (mpmath), log p at 1e-300 and the entropy (mpmath).
    @Test func hugeShapes() throws {
        let g = try Self.gamma(1e6, 1e6)
        #expect(try g.cdf(Tensor(1e-300)).scalarValue == 0)
        #expect(try g.cdf(Tensor(1e200)).scalarValue == 1)
        #expect(Self.close(try g.icdf(Tensor(0.5)).scalarValue, (1e6 - 1.0 / 3 + 8 / 405e6) / 1e6))
        #expect(Self.close(try g.icdf(Tensor(1e-300)).scalarValue, 0.9634086539398657))
        #expect(Self.close(try g.icdf(Tensor(1e-100)).scalarValue, 0.9788768023233158))
        let huge = try Self.gamma(1e20, 1)
        #expect(try huge.cdf(Tensor(1e200)).scalarValue == 1)
        #expect(Self.close(try huge.icdf(Tensor(0.5)).scalarValue, 1e20))
        #expect(Self.close(try huge.logProb(of: Tensor(1e-300)).scalarValue, -7.358272297580946e+22))
        #expect(Self.close(try huge.entropy().scalarValue, 24.44478946314513, floor: 1))
        let chi = try ChiSquared(degreesOfFreedom: 2e6)
        #expect(Self.close(try chi.icdf(Tensor(0.5)).scalarValue, 2 * (1e6 - 1.0 / 3 + 8 / 405e6)))
    }

    /// InverseGamma(10⁶, 10⁶): log p near the mode (mpmath), where the
    /// direct formula cancels terms of 1.4e7, and upper quantiles (mpmath).
    @Test func inverseGammaAtHugeShape() throws {
        let d = try InverseGamma(concentration: 1e6, scale: 1e6)
        #expect(Self.close(try d.logProb(of: Tensor(0.999999000001)).scalarValue, 5.988817162443964, floor: 1))
        #expect(Self.close(try d.icdf(Tensor(1e-300)).scalarValue, 0.96385016628382))
        #expect(Self.close(try d.icdf(Tensor(0.5)).scalarValue, 1.0000003333334246))
        #expect(try d.cdf(Tensor(1e-300)).scalarValue == 0)
        #expect(try d.cdf(Tensor(1e200)).scalarValue == 1)
    }

    /// Central differences (h = 1e-5 relative, error ~1e-10) against the
    /// partials of log p, the entropy and the quantiles, at ordinary and
    /// small shapes; 1e-6 is far above that error and far below a wrong rule.
    @Test(arguments: [(0.7, 2.0, 0.3), (3.0, 0.5, 4.0), (40.0, 3.0, 12.0)])
    func gradientsMatchFiniteDifferences(_ a: Double, _ b: Double, _ x: Double) throws {
        let value = Tensor(x)
        let checks = [
            try gradientCheck(at: [Tensor(a), Tensor(b), value]) { v in
                try Gamma(concentration: v[0], rate: v[1]).logProb(of: v[2])
            },
            try gradientCheck(at: [Tensor(a), Tensor(b), value]) { v in
                try InverseGamma(concentration: v[0], scale: v[1]).logProb(of: v[2])
            },
            try gradientCheck(at: [Tensor(a), Tensor(b)]) { v in try Gamma(concentration: v[0], rate: v[1]).entropy() },
            try gradientCheck(at: [Tensor(a), Tensor(b), Tensor(0.3)]) { v in
                try Gamma(concentration: v[0], rate: v[1]).icdf(v[2])
            },
            try gradientCheck(at: [Tensor(a), Tensor(b), Tensor(0.8)]) { v in
                try InverseGamma(concentration: v[0], scale: v[1]).icdf(v[2])
            },
        ]
        for (index, check) in checks.enumerated() {
            #expect(check.maxRelativeError <= 1e-6, "check \(index): \(check.analytic) vs \(check.numeric)")
        }
    }
}
