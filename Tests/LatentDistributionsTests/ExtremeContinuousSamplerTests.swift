import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// Continuous samplers at tiny and huge concentrations and degrees of
/// freedom, and at the ends of the uniform grid, against GSL's CDFs,
/// closed forms, or their normal limits where those are exact to far
/// below what the sample resolves. False-failure rates as stated in
/// ``SamplerChecks``.
@Suite("Continuous samplers at extreme parameters")
struct ExtremeContinuousSamplerTests {
    /// Edges in x for the piled-up ends of beta draws at tiny
    /// concentrations (draws within 10⁻³⁰⁸ of 0 or 1 round to the ends).
    static let betaEdges = [1e-300, 1e-100, 1e-10, 0.3, 0.5, 0.7, 1 - 1e-10]

    /// At a = b = 10⁻³, 22 % of the old draws were exactly ½ (both gammas
    /// underflowed); in log space they follow I_x(a, b) (GSL, which agrees
    /// with 50-digit mpmath to 10⁻¹⁵ at these parameters), in both precisions.
    @Test(arguments: [(1e-3, 1e-3), (1e-3, 2e-3), (0.5, 1e-3)])
    func betaAtTinyConcentrationsFollowsItsCDF(a: Double, b: Double) throws {
        let masses = SamplerChecks.binMass(
            edges: Self.betaEdges, cdf: { gsl_cdf_beta_P($0, a, b) }, upperTail: { gsl_cdf_beta_Q($0, a, b) })
        let xs = try SamplerChecks.draws(Beta(concentration1: a, concentration0: b), 20_000)
        SamplerChecks.expectBinned(xs, edges: Self.betaEdges, binMass: masses, "Beta(\(a), \(b))")
        let floats = try SamplerChecks.draws(Beta<Float>(concentration1: Float(a), concentration0: Float(b)), 20_000)
        #expect(floats.allSatisfy { $0 > 0 && $0 < 1 })
        // Float's ends: draws within 10⁻³⁸ of 0 or 1 pile up there; edges it can resolve.
        let floatEdges = [1e-30, 1e-10, 0.3, 0.5, 0.7, 1 - 1e-6]
        let floatMasses = SamplerChecks.binMass(
            edges: floatEdges, cdf: { gsl_cdf_beta_P($0, a, b) }, upperTail: { gsl_cdf_beta_Q($0, a, b) })
        SamplerChecks.expectBinned(floats, edges: floatEdges, binMass: floatMasses, "Beta<Float>(\(a), \(b))")
    }

    /// The first coordinate of Dirichlet(α) is Beta(α₁, α₀ − α₁); rows stay
    /// on the simplex, and pathwise gradients stay finite.
    @Test func dirichletAtTinyConcentrationsFollowsItsMarginal() throws {
        let alpha = [1e-3, 2e-3, 3e-3]
        let dirichlet = try Dirichlet(concentration: alpha)
        var generator = Xoshiro256PlusPlus(seed: 5)
        let rows = try dirichlet.sample([20_000], using: &generator).scalars
        let first = stride(from: 0, to: rows.count, by: 3).map { rows[$0] }
        let masses = SamplerChecks.binMass(
            edges: Self.betaEdges, cdf: { gsl_cdf_beta_P($0, 1e-3, 5e-3) }, upperTail: { gsl_cdf_beta_Q($0, 1e-3, 5e-3) })
        SamplerChecks.expectBinned(first, edges: Self.betaEdges, binMass: masses, "Dirichlet(1e-3, 2e-3, 3e-3) first coordinate")
        for row in stride(from: 0, to: rows.count, by: 3) {
            #expect(abs(rows[row] + rows[row + 1] + rows[row + 2] - 1) <= 4 * Double.ulpOfOne)
        }
        let g = try gradient(at: Tensor(alpha)) { a in
            try (Dirichlet(concentration: a).rsample([200], using: &generator) * Tensor([1.0, 2.0, 3.0])).sum()
        }
        #expect(g.isFinite)
    }

    /// LKJ(η) for D = 2: L₁₁² = 1 − r² ~ Beta(η, ½). At η = 10⁻³ it is below
    /// 10⁻¹⁶ half of the time, where y = r² used to round to 1 and L₁₁ to 0.
    @Test func lkjAtTinyConcentrationKeepsItsDiagonal() throws {
        let eta = 1e-3
        let lkj = try LKJCholesky(dimension: 2, concentration: eta)
        var generator = Xoshiro256PlusPlus(seed: 9)
        let factors = try lkj.sample([20_000], using: &generator).scalars
        let squares = stride(from: 0, to: factors.count, by: 4).map { factors[$0 + 3] * factors[$0 + 3] }
        let edges = [1e-300, 1e-100, 1e-30, 1e-16, 1e-5, 0.5]
        let masses = SamplerChecks.binMass(
            edges: edges, cdf: { gsl_cdf_beta_P($0, eta, 0.5) }, upperTail: { gsl_cdf_beta_Q($0, eta, 0.5) })
        SamplerChecks.expectBinned(squares, edges: edges, binMass: masses, "LKJ(2, 1e-3) L₁₁²")
    }

    /// Best–Fisher's envelope rounded to r = ∞ near κ = 10⁻⁸ and never
    /// accepted. Reference F(θ) = (θ + π + κ sin θ)/(2π), the CDF to first
    /// order in κ (the error, O(κ²), is below 10⁻¹⁰).
    @Test(arguments: [1e-5, 1e-8, 1e-12, 1e-17])
    func vonMisesAtTinyConcentrationIsNearlyUniform(kappa: Double) throws {
        let xs = try SamplerChecks.draws(VonMises(loc: 0, concentration: kappa), 20_000)
        SamplerChecks.expectFollows(xs, cdf: { ($0 + .pi + kappa * Double.sin($0)) / (2 * .pi) }, "VonMises(0, \(kappa))")
    }

    /// At large κ, √κ·θ is normal to O(1/κ) (and to O(1/κ) in the rejection
    /// sampler's own regime below 2⁶⁰).
    @Test(arguments: [1e10, 1e17, 0x1p61])
    func vonMisesAtHugeConcentrationIsNormal(kappa: Double) throws {
        let xs = try SamplerChecks.draws(VonMises(loc: 0, concentration: kappa), 20_000)
        let root = kappa.squareRoot()
        SamplerChecks.expectFollows(xs.map { $0 * root }, cdf: SamplerChecks.normalCDF, "VonMises(0, \(kappa))·√κ")
    }

    /// Gamma(a) standardised, (z − a)/√a, is normal to O(1/√a) (10⁻¹⁰ at
    /// a = 10²⁰): Marsaglia–Tsang's exact test, evaluated as printed, lost
    /// every digit there and thinned the tails.
    @Test(arguments: [1e12, 1e20])
    func gammaAtHugeShapeIsNormal(shape: Double) throws {
        let xs = try SamplerChecks.draws(Gamma(concentration: shape, rate: 1), 20_000)
        let root = shape.squareRoot()
        SamplerChecks.expectFollows(xs.map { ($0 - shape) / root }, cdf: SamplerChecks.normalCDF, "Gamma(\(shape)) standardised")
    }

    /// log G for G ~ Gamma(a) at a = 10⁻³, where G underflows a quarter of
    /// the time: P(log G ≤ t) = P(a, eᵗ), from GSL above t = −50 and from
    /// its leading term eᵃᵗ/Γ(a + 1) below (relative error below eᵗ).
    @Test func logGammaDrawsAtTinyShapeFollowTheirCDF() throws {
        let a = 1e-3
        var generator = Xoshiro256PlusPlus(seed: 13)
        let xs = (0..<20_000).map { _ in Double.randomLogGamma(shape: a, using: &generator) }
        SamplerChecks.expectFollows(xs, cdf: { t in
            t < -50 ? Double.exp(a * t - gsl_sf_lngamma(a + 1)) : gsl_sf_gamma_inc_P(a, Double.exp(t))
        }, "log Gamma(1e-3)")
    }

    /// E[dZ/da] = d E[Z]/da = 1 for Z ~ Gamma(a, 1): the mean implicit slope
    /// within 4.89 standard errors of 1, at a huge shape (Temme's
    /// expansion; GSL's incomplete gamma function threw there) and a tiny
    /// one (the small-draw series, where Z underflows).
    @Test(arguments: [1e-3, 0.7, 1e6, 1e12])
    func gammaSlopesAverageToOne(shape: Double) throws {
        var generator = Xoshiro256PlusPlus(seed: 17)
        let count = 20_000
        let g = try gradient(at: Tensor(shape)) { a in
            try Gamma(concentration: a, rate: Tensor(1.0)).rsample([count], using: &generator).sum()
        }
        var second = Xoshiro256PlusPlus(seed: 17)
        let draws = try Gamma(concentration: shape, rate: 1).sample([count], using: &second).scalars
        let slopes = try draws.map { z in
            z > 0 ? z * (try SpecialFunctions.gammaDrawLogShapeDerivative(shape, logDraw: Double.log(z))) : 0
        }
        let mean = slopes.reduce(0, +) / Double(count)
        let spread = slopes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
        #expect(isClose(g.scalars[0] / Double(count), mean, tolerance: 1e-12))
        #expect(abs(mean - 1) <= SamplerChecks.zBound * (spread / Double(count)).squareRoot() + 1e-12,
                "mean dZ/da = \(mean) at a = \(shape)")
    }

    /// dz/da at huge shapes against 40-digit mpmath (−(∂P/∂a)/p(z) by
    /// mpmath.diff of gammainc), generated by:
    ///     for a in [1e4, 1e6]: for u in [1e-9, 0.3, 0.5, 0.97, 1 - 1e-9]:
    ///         z = scipy.special.gammaincinv(a, u)   (gammainccinv(a, 1 − u) above ½)
    ///         print(a, z, -mp.diff(lambda s: mp.gammainc(s, 0, z, regularized=True), a)
    ///                      / mp.exp((a - 1)*mp.log(z) - z - mp.loggamma(a)))
    /// Temme's expansion to c₀ errs by about 3·10⁻³/a² (3·10⁻¹¹ and 3·10⁻¹⁵).
    @Test func gammaSlopeAtHugeShapeMatchesMpmath() throws {
        let table: [(Double, Double, Double)] = [
            (1e4, 9411.828411445864, 0.97001342982805786), (1e4, 9947.319262019584, 0.9973779482842565),
            (1e4, 9999.666668642047, 0.99999999980245468), (1e4, 10188.92334097451, 1.0094040590590703),
            (1e4, 10611.486364888995, 1.0299866718730741),
            (1e6, 994013.8461495816, 0.9970010989616431), (1e6, 999475.3579172359, 0.99973779969464837),
            (1e6, 999999.6666666864, 0.99999999999998025), (1e6, 1001881.6392220578, 1.0009403968945836),
            (1e6, 1006009.469738052, 1.0029989011012886),
        ]
        for (a, z, reference) in table {
            let slope = try z * SpecialFunctions.gammaDrawLogShapeDerivative(a, logDraw: Double.log(z))
            #expect(isRelativelyClose(slope, reference, tolerance: 1e-2 / (a * a) + 1e-14), "dz/da at a = \(a), z = \(z): \(slope)")
        }
    }

    /// The small-draw series (z ≤ 1) against 40-digit mpmath, computed as
    /// in ``gammaSlopeAtHugeShapeMatchesMpmath()``, divided by z. (GSL's
    /// central difference is off by 4·10⁻⁷ at a = 40, z = 0.999.)
    @Test(arguments: [(0.01, 1e-5, 1095.2158246714485), (0.5, 0.3, 3.3660064864961822),
                      (3.0, 0.9, 0.60377323908379522), (40.0, 0.999, 0.094883954884011481)])
    func gammaSmallDrawSlopeMatchesMpmath(a: Double, z: Double, reference: Double) throws {
        let series = try SpecialFunctions.gammaDrawLogShapeDerivative(a, logDraw: Double.log(z))
        #expect(isRelativelyClose(series, reference, tolerance: 1e-13), "a = \(a), z = \(z): \(series)")
    }

    /// Student's t at ν = 10⁸: rsample used to throw (the χ² draw's slope);
    /// it follows GSL's t CDF and its gradient in ν is finite.
    @Test func studentTAtHugeDegreesOfFreedom() throws {
        let nu = 1e8
        let t = try StudentT(degreesOfFreedom: nu, loc: 0, scale: 1)
        var generator = Xoshiro256PlusPlus(seed: 21)
        let xs = try t.rsample([20_000], using: &generator).scalars
        SamplerChecks.expectFollows(xs, cdf: { gsl_cdf_tdist_P($0, nu) }, "StudentT(1e8)")
        let g = try gradient(at: Tensor(nu)) { df in
            try (StudentT(degreesOfFreedom: df, loc: Tensor(0.0), scale: Tensor(1.0)).rsample([100], using: &generator)
                * Tensor(1.0)).sum()
        }
        #expect(g.isFinite)
    }

    /// At τ → 0 the relaxed Bernoulli is Bernoulli(σ(l)): draws 0 or 1,
    /// never NaN (σ of l/τ + L/τ was ∞ − ∞), ones within 4.89 standard
    /// errors of σ(l). Same for the relaxed one-hot categorical's rows.
    @Test func relaxedDistributionsAtVanishingTemperature() throws {
        let logit = 0.7, p = 1 / (1 + Double.exp(-0.7))
        for (draws, label) in [
            (try SamplerChecks.draws(RelaxedBernoulli(temperature: 1e-310, logits: logit), 20_000), "Double"),
            (try SamplerChecks.draws(RelaxedBernoulli<Float>(temperature: 1e-39, logits: Float(logit)), 20_000), "Float"),
        ] {
            #expect(draws.allSatisfy { $0 == 0 || $0 == 1 }, "RelaxedBernoulli at τ → 0 in \(label)")
            let ones = draws.reduce(0, +) / 20_000
            #expect(abs(ones - p) <= SamplerChecks.zBound * (p * (1 - p) / 20_000).squareRoot())
        }
        let relaxed = try RelaxedOneHotCategorical(temperature: Tensor(1e-320), logits: Tensor([0.0, 1.0, -1.0]))
        var generator = Xoshiro256PlusPlus(seed: 23)
        let rows = try relaxed.rsample([20_000], using: &generator).scalars
        #expect(rows.allSatisfy { $0 == 0 || $0 == 1 })
        let categories = stride(from: 0, to: rows.count, by: 3).map { row in Double((0..<3).first { rows[row + $0] == 1 } ?? -1) }
        let weights = [1.0, Double.exp(1), Double.exp(-1)]
        SamplerChecks.expectFollows(categories, mass: { $0 < 3 ? weights[$0] / weights.reduce(0, +) : 0 }, "RelaxedOneHot at τ → 0")
    }

    /// The noise of pathwise samplers is drawn in Double: at the very ends
    /// of the uniform grid a Float draw is as far out as a Double one (the
    /// old Float uniform rounded to 1: Exponential and Pareto gave +∞, and
    /// the logistic's upper tail stopped at 16.6 against 36.7 below).
    @Test func floatDrawsAtTheEndsOfTheUniformGridMatchDouble() throws {
        // u = 1 − 2⁻⁵³ (all ones) and u = 2⁻⁵³ (zero) on the open grid.
        let farEnd = -Double.log(0x1p-53)
        for value in [UInt64.max, 0] {
            var g = ConstantGenerator(value: value)
            let upper = value == UInt64.max
            let logistic = Double(try Logistic<Float>(loc: 0, scale: 1).rsample([1], using: &g).scalars[0])
            #expect(isClose(logistic, upper ? farEnd : -farEnd, tolerance: 1e-6), "logistic \(logistic)")
            let gumbel = Double(try Gumbel<Float>(loc: 0, scale: 1).rsample([1], using: &g).scalars[0])
            #expect(isClose(gumbel, upper ? farEnd : -Double.log(farEnd), tolerance: 1e-6), "gumbel \(gumbel)")
            let laplace = Double(try Laplace<Float>(loc: 0, scale: 1).rsample([1], using: &g).scalars[0])
            #expect(isClose(laplace, upper ? -Double.log(0x1p-52) : Double.log(0x1p-52), tolerance: 1e-6), "laplace \(laplace)")
            let exponential = Double(try Exponential<Float>(rate: 1).rsample([1], using: &g).scalars[0])
            #expect(isClose(exponential, upper ? farEnd : 0x1p-53, tolerance: 1e-6), "exponential \(exponential)")
            let pareto = Double(try Pareto<Float>(scale: 1, alpha: 1).rsample([1], using: &g).scalars[0])
            #expect(pareto.isFinite && pareto >= 1, "pareto \(pareto)")
            let weibull = Double(try Weibull<Float>(scale: 1, concentration: 0.5).rsample([1], using: &g).scalars[0])
            #expect(weibull.isFinite && weibull > 0, "weibull \(weibull)")
        }
    }
}
