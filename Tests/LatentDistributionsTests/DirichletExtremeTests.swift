import LatentCore
import LatentDistributions
import Testing

/// Dirichlet(α) at concentrations from 10⁻³⁰⁰ to 10²⁰⁰, against 50-digit
/// mpmath values (`Tools/multivariate_references.py`).
@Suite("Dirichlet at extreme concentrations")
struct DirichletExtremeTests {
    /// (α, Var xₖ): the closed form αₖ(α₀ − αₖ)/(α₀²(α₀ + 1)). It used to
    /// be NaN at 10⁻³⁰⁰ (0/0) and at 10²⁰⁰ (∞/∞). Tolerance 1e-14 relative:
    /// four roundings of a product and quotients, no cancellation.
    static let variances: [([Double], [Double])] = [
        ([1e-300, 1e-300, 1e-300], [0.22222222222222222, 0.22222222222222222, 0.22222222222222222]),
        ([1e-3, 1e-3, 1e-3], [0.22155754957350172, 0.22155754957350172, 0.22155754957350172]),
        ([1e200, 1e200, 1e200], [7.4074074074074076e-202, 7.4074074074074076e-202, 7.4074074074074076e-202]),
        ([1e8, 1e8, 1e8], [7.4074073827160495e-10, 7.4074073827160495e-10, 7.4074073827160495e-10]),
    ]

    @Test(arguments: variances)
    func varianceMatchesTheClosedForm(_ row: ([Double], [Double])) throws {
        let (alpha, exact) = row
        let variance = try Dirichlet(concentration: alpha).variance.scalars
        for (value, reference) in zip(variance, exact) {
            #expect(abs(value - reference) <= 1e-14 * reference, "Dirichlet\(alpha): \(value), exact \(reference)")
        }
    }

    /// Draws lie strictly inside the simplex, in both precisions, so that
    /// their log-density is finite: at α = 10⁻³ most coordinates used to
    /// round to 0, where log p = +∞ (the binned marginal law is checked in
    /// ``ExtremeContinuousSamplerTests``).
    @Test(arguments: [[1e-3, 1e-3, 1e-3], [1e-300, 1e-300, 1e-300], [1e-3, 1e6], [1e8, 1e8, 1e8]])
    func drawsStayInsideTheSimplex(alpha: [Double]) throws {
        let dirichlet = try Dirichlet(concentration: alpha)
        var generator = Xoshiro256PlusPlus(seed: 22)
        let x = try dirichlet.sample([2_000], using: &generator)
        #expect(x.scalars.allSatisfy { $0 > 0 && $0 <= 1 })
        #expect(try Constraint<Double>.simplex.contains(x))
        let logP = try dirichlet.logProb(of: x).scalars
        #expect(logP.allSatisfy { $0.isFinite }, "Dirichlet\(alpha): \(logP.filter { !$0.isFinite }.count) non-finite log p")
        guard alpha.allSatisfy({ Float($0) > 0 }) else { return }
        let floats = try Dirichlet<Float>(concentration: alpha.map(Float.init)).sample([2_000], using: &generator)
        #expect(floats.scalars.allSatisfy { $0 > 0 && $0 <= 1 })
    }
}
