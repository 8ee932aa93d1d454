import LatentCore
import LatentDistributions
import Testing

/// LKJ(D, η) at concentrations from 10⁻³ to 10³⁰⁰, against 50-digit mpmath
/// values of the defining formula (`Tools/multivariate_references.py`).
@Suite("LKJ Cholesky at extreme concentrations")
struct LKJCholeskyExtremeTests {
    /// (D, η, c, log p): log p at the D×D factor whose row i is c, …, c,
    /// √(1 − i c²) (the identity for c = 0).
    static let references: [(Int, Double, Double, Double)] = [
        (2, 0.001, 0.0, -6.909139930809522),
        (2, 0.001, 0.1, -6.899099645291874),
        (2, 1.0, 0.0, -0.69314718055994531),
        (2, 1.0, 0.1, -0.69314718055994531),
        (2, 1000000.0, 0.0, 6.335390211057437),
        (2, 1000000.0, 0.1, -10043.990412954509),
        (2, 1e+300, 0.0, 344.81539900618215),
        (2, 1e+300, 0.1, -1.0050335853501421e+298),
        (10, 0.001, 0.0, -14.991525639675484),
        (10, 0.001, 0.1, -15.141029300509941),
        (10, 1.0, 0.0, 0.38233199079380641),
        (10, 1.0, 0.1, -0.23167262864287444),
        (10, 1000000.0, 0.0, 285.09261949750591),
        (10, 1000000.0, 0.1, -464680.98094594822),
        (10, 1e+300, 0.0, 15516.692955278197),
        (10, 1e+300, 0.1, -4.6496592452675084e+299),
    ]

    static func factor(dimension d: Int, offDiagonal c: Double) throws -> Tensor<Double> {
        try Tensor(rows: (0..<d).map { i in
            (0..<d).map { j in j < i ? c : j == i ? (1 - Double(i) * (c * c)).squareRoot() : 0 }
        })
    }

    /// Tolerance 1e-10·max(1, |log p|): the normaliser is a sum of D − 1
    /// terms of order log η each, so 1e-10 leaves a margin of 10⁵ roundings;
    /// summing log-gammas as the definition reads lost 2.8e-9 at D = 2,
    /// η = 10⁶ (4e-10 of the value), 5.2e-8 at D = 10, and gave −6.4e286
    /// for 344.8 at η = 10³⁰⁰.
    @Test(arguments: references)
    func logProbMatchesTheDefiningFormula(_ row: (Int, Double, Double, Double)) throws {
        let (d, eta, c, exact) = row
        let value = try LKJCholesky(dimension: d, concentration: eta).logProb(of: Self.factor(dimension: d, offDiagonal: c))
            .scalarValue
        #expect(abs(value - exact) <= 1e-10 * max(1, abs(exact)), "LKJ(\(d), \(eta)) at c = \(c): \(value), exact \(exact)")
    }

    /// d log p/dη against central differences of the log-density at η = 10⁶,
    /// (relative step 1e-5, so a step of 10 moves log p by about 0.1, far above its rounding).
    @Test func concentrationGradientAtLargeConcentration() throws {
        let l = try Self.factor(dimension: 4, offDiagonal: 0.1)
        let check = try gradientCheck(at: [Tensor(1e6)]) { a in
            try LKJCholesky(dimension: 4, concentration: a[0]).logProb(of: l)
        }
        #expect(check.maxRelativeError <= 1e-6)
    }

    /// Draws are valid Cholesky factors of correlation matrices with a finite
    /// log-density: at η = 10⁻³ a fifth of them had a diagonal entry that
    /// rounded to 0 (455 of 2,000 at D = 10), and at η = 10⁻³⁰⁰ all of them.
    @Test(arguments: [(2, 1e-3), (10, 1e-3), (10, 1e-300), (10, 1e6), (10, 1e300)])
    func drawsStayInTheSupport(dimension: Int, eta: Double) throws {
        let lkj = try LKJCholesky(dimension: dimension, concentration: eta)
        var generator = Xoshiro256PlusPlus(seed: 21)
        let l = try lkj.sample([2_000], using: &generator)
        let valid = try Constraint<Double>.correlationCholesky.mask(l).scalars
        #expect(valid.allSatisfy { $0 == 1 }, "LKJ(\(dimension), \(eta)): \(valid.filter { $0 == 0 }.count) invalid draws")
        let logP = try lkj.logProb(of: l).scalars
        #expect(logP.allSatisfy { $0.isFinite }, "LKJ(\(dimension), \(eta)): \(logP.filter { !$0.isFinite }.count) non-finite log p")
    }
}
