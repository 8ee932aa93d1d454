import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

@Suite("LKJ Cholesky")
struct LKJCholeskyTests {
    /// For D = 2 the one correlation r = L₂₁ has (r + 1)/2 ~ Beta(η, η):
    /// p(L) = Beta density at (r + 1)/2, divided by 2 for the change of variables.
    @Test(arguments: [0.5, 1.0, 2.5])
    func twoByTwoIsAScaledBeta(eta: Double) throws {
        let lkj = try LKJCholesky(dimension: 2, concentration: Tensor(eta))
        for r in [-0.9, -0.3, 0.0, 0.45, 0.99] {
            let l = try Tensor<Double>(rows: [[1, 0], [r, (1 - r * r).squareRoot()]])
            let reference = Double.log(gsl_ran_beta_pdf((r + 1) / 2, eta, eta) / 2)
            #expect(isClose(try lkj.logProb(of: l).scalarValue, reference, tolerance: 1e-12), "η = \(eta), r = \(r)")
        }
    }

    /// η = 1 is uniform over 3×3 correlation matrices, whose set has volume
    /// π²/2: log p(I) = −log(π²/2).
    @Test func uniformThreeByThreeHasTheElliptopeVolume() throws {
        let lkj = try LKJCholesky(dimension: 3, concentration: Tensor(1.0))
        #expect(isClose(try lkj.logProb(of: Tensor<Double>.identity(3)).scalarValue, -Double.log(Double.pi * Double.pi / 2), tolerance: 1e-13))
    }

    /// Each off-diagonal correlation of C = LLᵀ has (Cᵢⱼ + 1)/2 ~
    /// Beta(η − 1 + D/2, η − 1 + D/2): KS against GSL at 1e-6 for all six.
    @Test(arguments: [0.5, 1.0, 3.0])
    func correlationMarginalsAreBeta(eta: Double) throws {
        let d = 4
        let lkj = try LKJCholesky(dimension: d, concentration: Tensor(eta))
        var generator = Xoshiro256PlusPlus(seed: 12)
        let l = try lkj.sample([10_000], using: &generator)
        #expect(try Constraint<Double>.correlationCholesky.contains(l))
        let c = try matmul(l, l.transposed())
        let shape = eta - 1 + Double(d) / 2
        for i in 1..<d {
            for j in 0..<i {
                let entries = try c.sliced(alongAxis: 1, i..<(i + 1)).sliced(alongAxis: 2, j..<(j + 1)).scalars
                let test = KolmogorovSmirnov(sample: entries.map { ($0 + 1) / 2 }, cdf: { gsl_cdf_beta_P($0, shape, shape) })
                #expect(test.pValue > 1e-6, "η = \(eta), C[\(i)][\(j)]: D = \(test.statistic)")
            }
        }
    }

    @Test func gradientInTheConcentrationAndValidation() throws {
        var generator = Xoshiro256PlusPlus(seed: 13)
        let l = try LKJCholesky(dimension: 3, concentration: Tensor(2.0)).sample([4], using: &generator)
        let check = try gradientCheck(at: [Tensor(2.0)]) { a in try LKJCholesky(dimension: 3, concentration: a[0]).logProb(of: l).sum() }
        #expect(check.maxRelativeError <= 1e-6)
        #expect(throws: DistributionError.self) { try LKJCholesky(dimension: 1, concentration: Tensor(1.0)) }
        #expect(throws: DistributionError.self) { try LKJCholesky(dimension: 3, concentration: Tensor(0.0)) }
        let notCorrelation = try Tensor<Double>(rows: [[1, 0], [0.5, 0.5]])
        #expect(try LKJCholesky(dimension: 2, concentration: Tensor(1.0)).logProb(of: notCorrelation).scalarValue == -.infinity)
    }
}
