import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

@Suite("Low-rank multivariate normal")
struct LowRankMultivariateNormalTests {
    let loc = Tensor([0.5, -1.0, 2.0, 0.0])
    let factor = try! Tensor<Double>(rows: [[1.0, 0.2], [-0.5, 0.7], [0.3, -0.4], [0.0, 1.1]])
    let diagonal = Tensor([0.5, 0.2, 1.0, 0.3])

    /// The Woodbury computations against the dense MVN of the same covariance.
    @Test func densityEntropyAndKLEqualTheDenseEquivalent() throws {
        let lowRank = try LowRankMultivariateNormal(loc: loc, covarianceFactor: factor, covarianceDiagonal: diagonal)
        let dense = try MultivariateNormal(loc: loc, covariance: lowRank.covariance)
        var generator = Xoshiro256PlusPlus(seed: 1)
        let x = try dense.sample([50], using: &generator)
        #expect(zip(try lowRank.logProb(of: x).scalars, try dense.logProb(of: x).scalars).allSatisfy { isClose($0, $1, tolerance: 1e-10) })
        #expect(isClose(try lowRank.entropy().scalarValue, try dense.entropy().scalarValue, tolerance: 1e-12))
        let q = try MultivariateNormal(loc: Tensor([0.0, 0.0, 1.0, 1.0]), scaleTril: Tensor<Double>.identity(4) * 1.5)
        #expect(isClose(try klDivergence(lowRank, q).scalarValue, try klDivergence(dense, q).scalarValue, tolerance: 1e-10))
    }

    /// Draws: random projections aᵀx ~ N(aᵀμ, aᵀΣa), KS at 1e-6.
    @Test func drawsHaveTheCovariance() throws {
        let lowRank = try LowRankMultivariateNormal(loc: loc, covarianceFactor: factor, covarianceDiagonal: diagonal)
        let sigma = try lowRank.covariance
        var generator = Xoshiro256PlusPlus(seed: 2)
        let x = try lowRank.rsample([20_000], using: &generator)
        for seed in 0..<3 as Range<UInt64> {
            let a = try InputDomain.real.draw([4], seed: 40 + seed)
            let projected = try matmul(x, a).scalars
            let mean = try (a * loc).sum().scalarValue
            let variance = try matmul(a, matmul(sigma, a)).scalarValue
            let test = KolmogorovSmirnov(sample: projected, cdf: { 0.5 * SpecialFunctions.erfc(-($0 - mean) / (2 * variance).squareRoot()) })
            #expect(test.pValue > 1e-6)
        }
    }

    @Test func gradientsMatchFiniteDifferencesAndBadInputIsRejected() throws {
        let x = Tensor([0.1, 0.2, -0.3, 1.0])
        let check = try gradientCheck(at: [loc, factor, diagonal]) { a in
            try LowRankMultivariateNormal(loc: a[0], covarianceFactor: a[1], covarianceDiagonal: a[2]).logProb(of: x).sum()
        }
        #expect(check.maxRelativeError <= 1e-6)
        #expect(throws: DistributionError.self) {
            try LowRankMultivariateNormal(loc: loc, covarianceFactor: factor, covarianceDiagonal: Tensor([0.5, 0.0, 1.0, 0.3]))
        }
        #expect(throws: DistributionError.self) {
            try LowRankMultivariateNormal(loc: Tensor([0.0, 1.0]), covarianceFactor: factor, covarianceDiagonal: diagonal)
        }
    }
}
