import LatentCore
import LatentDistributions
import Testing

/// A registered pair with its exact divergence.
struct KLReference: Sendable, CustomTestStringConvertible {
    let pair: KLCase
    let exact: Double
    var testDescription: String { pair.name }

    init(_ name: String, _ exact: Double, p: @escaping @Sendable () throws -> any Distribution<Double>,
         q: @escaping @Sendable () throws -> any Distribution<Double>) {
        pair = KLCase(name: name, p: p, q: q)
        self.exact = exact
    }
}

/// The registered KL divergences at scale ratios of 10^±150 and shapes of
/// 10⁻³ and 10⁸, against 50-digit mpmath values of their closed forms
/// (`Tools/multivariate_references.py`), and at identical or nearly
/// identical arguments.
@Suite("KL divergences at extreme parameters")
struct KLExtremeTests {
    static func isotropic(_ s: Double) throws -> MultivariateNormal<Double> {
        try MultivariateNormal(loc: [0, 0], scaleTril: [[s, 0], [0, s]])
    }

    static func lowRank(_ s: Double) throws -> LowRankMultivariateNormal<Double> {
        try LowRankMultivariateNormal(loc: [0, 0], covarianceFactor: [[s], [0]], covarianceDiagonal: [s * s, s * s])
    }

    static let references: [KLReference] = [
        KLReference("Normal(0, 1e150)‖Normal(0, 1)", 4.9999999999999998e+299,
                    p: { try Normal(loc: 0.0, scale: 1e150) }, q: { try Normal(loc: 0.0, scale: 1.0) }),
        KLReference("Normal(0, 1e-150)‖Normal(0, 1)", 344.88776394910685,
                    p: { try Normal(loc: 0.0, scale: 1e-150) }, q: { try Normal(loc: 0.0, scale: 1.0) }),
        KLReference("Normal(0, 1e-150)‖Normal(1e-150, 1e-150)", 0.5,
                    p: { try Normal(loc: 0.0, scale: 1e-150) }, q: { try Normal(loc: 1e-150, scale: 1e-150) }),
        KLReference("Exponential(1e150)‖Exponential(1)", 344.38776394910685,
                    p: { try Exponential(rate: 1e150) }, q: { try Exponential(rate: 1.0) }),
        KLReference("Exponential(1e-150)‖Exponential(1)", 9.9999999999999999e+149,
                    p: { try Exponential(rate: 1e-150) }, q: { try Exponential(rate: 1.0) }),
        KLReference("Laplace(0, 1e150)‖Laplace(1, 1)", 9.9999999999999998e+149,
                    p: { try Laplace(loc: 0.0, scale: 1e150) }, q: { try Laplace(loc: 1.0, scale: 1.0) }),
        KLReference("Laplace(0, 1e-150)‖Laplace(1, 1)", 345.38776394910685,
                    p: { try Laplace(loc: 0.0, scale: 1e-150) }, q: { try Laplace(loc: 1.0, scale: 1.0) }),
        KLReference("Laplace(0, 1e-150)‖Laplace(1e-150, 1e-150)", 0.36787944117144232,
                    p: { try Laplace(loc: 0.0, scale: 1e-150) }, q: { try Laplace(loc: 1e-150, scale: 1e-150) }),
        KLReference("Gamma(2, 1e150)‖Gamma(2, 1e-150)", 1379.5510557964274,
                    p: { try Gamma(concentration: 2.0, rate: 1e150) }, q: { try Gamma(concentration: 2.0, rate: 1e-150) }),
        KLReference("Gamma(2, 1e-150)‖Gamma(2, 1e150)", 1.9999999999999999e+300,
                    p: { try Gamma(concentration: 2.0, rate: 1e-150) }, q: { try Gamma(concentration: 2.0, rate: 1e150) }),
        KLReference("Gamma(1e-3, 1)‖Gamma(1e8, 1)", 101799625251.37711,
                    p: { try Gamma(concentration: 1e-3, rate: 1.0) }, q: { try Gamma(concentration: 1e8, rate: 1.0) }),
        KLReference("Gamma(1e8, 1)‖Gamma(1e-3, 1)", 100000014.68016004,
                    p: { try Gamma(concentration: 1e8, rate: 1.0) }, q: { try Gamma(concentration: 1e-3, rate: 1.0) }),
        KLReference("Beta(1e-3, 1e-3)‖Beta(1, 1)", 991.40237857123448,
                    p: { try Beta(concentration1: 1e-3, concentration0: 1e-3) }, q: { try Beta(concentration1: 1.0, concentration0: 1.0) }),
        KLReference("Beta(1, 1)‖Beta(1e-3, 1e-3)", 5.6029008170083474,
                    p: { try Beta(concentration1: 1.0, concentration0: 1.0) }, q: { try Beta(concentration1: 1e-3, concentration0: 1e-3) }),
        KLReference("Poisson(1e-150)‖Poisson(1e150)", 9.9999999999999998e+149,
                    p: { try Poisson(rate: 1e-150) }, q: { try Poisson(rate: 1e150) }),
        KLReference("Poisson(1e150)‖Poisson(1e-150)", 6.8977552789821369e+152,
                    p: { try Poisson(rate: 1e150) }, q: { try Poisson(rate: 1e-150) }),
        KLReference("MVN(0, 1e150²I)‖MVN(0, I)", 9.9999999999999996e+299, p: { try isotropic(1e150) }, q: { try isotropic(1) }),
        KLReference("MVN(0, 1e-150²I)‖MVN(0, I)", 689.77552789821371, p: { try isotropic(1e-150) }, q: { try isotropic(1) }),
        KLReference("LowRank(1e150)‖MVN(0, I)", 1.4999999999999999e+300, p: { try lowRank(1e150) }, q: { try isotropic(1) }),
        KLReference("LowRank(1e-150)‖MVN(0, I)", 689.42895430793373, p: { try lowRank(1e-150) }, q: { try isotropic(1) }),
    ]

    /// Tolerance 1e-10 relative: the closed forms at these arguments add a
    /// few terms of which the largest is the result (no cancellation), and
    /// those of ``ScalarKLExtremeTests`` between nearby parameters are sums
    /// of non-negative remainders formed from the parameters' differences,
    /// so each is good to a few roundings of itself; 1e-10 is the suite's
    /// common bar.
    @Test(arguments: references + ScalarKLExtremeTests.references)
    func valueMatchesTheClosedForm(_ reference: KLReference) throws {
        let value = try klDivergence(reference.pair.p(), reference.pair.q()).scalarValue
        #expect(abs(value - reference.exact) <= 1e-10 * abs(reference.exact), "\(reference.pair.name): \(value), exact \(reference.exact)")
    }

    /// KL(p‖p) is exactly 0, never a small negative, for every registered
    /// pair at extreme parameters. The low-rank normal, registered against
    /// the dense one only, is taken against the same Gaussian in dense form:
    /// 0 to within 4 ulps of 1 (the rounding of tr(Σ₂⁻¹Σ₁) − D), never below.
    /// The nearby-parameter pairs of ``ScalarKLExtremeTests`` include a
    /// uniform whose width b − a overflows.
    @Test(arguments: references + ScalarKLExtremeTests.references)
    func divergenceFromItselfIsExactlyZero(_ reference: KLReference) throws {
        let p = try reference.pair.p()
        guard let lowRank = p as? LowRankMultivariateNormal<Double> else {
            #expect(try klDivergence(p, p).scalarValue == 0)
            return
        }
        let dense = try MultivariateNormal(loc: lowRank.loc, covariance: lowRank.covariance)
        let value = try klDivergence(lowRank, dense).scalarValue
        #expect(value >= 0 && value <= 4 * Double.ulpOfOne, "\(reference.pair.name): \(value)")
    }

    /// Near-identical pairs: never negative, and within 4 ulps of 1 of the
    /// exact value, the rounding of the terms of order 1 that cancel in the
    /// closed forms. Bernoulli(0.3)‖Bernoulli(0.3 + 10⁻⁹) gave −8.3e-17
    /// (exact 2.38e-18); the low-rank pair −1.9e-16 (exact 0).
    @Test func nearlyIdenticalPairsAreNeverNegative() throws {
        let bernoulli = try klDivergence(Bernoulli(probs: 0.3), Bernoulli(probs: 0.3 + 1e-9)).scalarValue
        #expect(bernoulli >= 0 && abs(bernoulli - 2.3809525075919022e-18) <= 4 * Double.ulpOfOne)
        let lowRank = try LowRankMultivariateNormal(loc: [0.1, 0.2], covarianceFactor: [[1.0], [0.5]], covarianceDiagonal: [0.3, 0.7])
        let dense = try MultivariateNormal(loc: lowRank.loc, covariance: lowRank.covariance)
        let pair = try klDivergence(lowRank, dense).scalarValue
        #expect(pair >= 0 && pair <= 4 * Double.ulpOfOne)
    }
}
