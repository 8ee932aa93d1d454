import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// A 3-dimensional setting: μ and a lower factor L.
let mvnLoc = [0.5, -1.0, 2.0]
let mvnScaleTril: [[Double]] = [[1.2, 0, 0], [0.4, 0.8, 0], [-0.6, 0.3, 0.5]]

/// Σ = LLᵀ, computed directly.
func covarianceOf(_ l: [[Double]]) -> [[Double]] {
    let n = l.count
    return (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(0) { $0 + l[i][$1] * l[j][$1] } } }
}

/// The inverse of a small matrix by Gauss–Jordan elimination.
func inverseOf(_ matrix: [[Double]]) -> [[Double]] {
    let n = matrix.count
    var a = matrix.enumerated().map { i, row in row + (0..<n).map { $0 == i ? 1.0 : 0.0 } }
    for c in 0..<n {
        let p = (c..<n).max { abs(a[$0][c]) < abs(a[$1][c]) }!
        a.swapAt(c, p)
        let pivot = a[c][c]
        a[c] = a[c].map { $0 / pivot }
        for r in 0..<n where r != c {
            let f = a[r][c]
            a[r] = zip(a[r], a[c]).map { $0 - f * $1 }
        }
    }
    return a.map { Array($0[n...]) }
}

/// log N(x; μ, Σ) from Σ⁻¹ and det Σ computed independently of the library.
func referenceLogDensity(_ x: [Double], _ mu: [Double], _ sigma: [[Double]]) -> Double {
    let n = x.count
    let inverse = inverseOf(sigma)
    let d = zip(x, mu).map { $0 - $1 }
    var quadratic = 0.0
    for i in 0..<n { for j in 0..<n { quadratic += d[i] * inverse[i][j] * d[j] } }
    return -0.5 * quadratic - 0.5 * logAbsDeterminant(sigma) - Double(n) / 2 * Double.log(2 * .pi)
}

@Suite("Multivariate normal")
struct MultivariateNormalTests {
    let distribution = try! MultivariateNormal(loc: Tensor(mvnLoc), scaleTril: Tensor(rows: mvnScaleTril))
    let sigma = covarianceOf(mvnScaleTril)

    func draws(_ n: Int, seed: UInt64) throws -> Tensor<Double> {
        var generator = Xoshiro256PlusPlus(seed: seed)
        return try distribution.sample([n], using: &generator)
    }

    @Test func logProbMatchesAnIndependentComputation() throws {
        let x = try draws(100, seed: 1)
        let ours = try distribution.logProb(of: x).scalars
        for row in 0..<100 {
            let point = Array(x.scalars[(row * 3)..<(row * 3 + 3)])
            #expect(isClose(ours[row], referenceLogDensity(point, mvnLoc, sigma), tolerance: 1e-10))
        }
    }

    /// Marginals N(μᵢ, Σᵢᵢ) and three random projections aᵀx ~ N(aᵀμ, aᵀΣa):
    /// KS against GSL at level 1e-6 each.
    @Test func marginalsAndProjectionsAreNormal() throws {
        let x = try draws(20_000, seed: 2)
        var directions: [[Double]] = (0..<3).map { i in (0..<3).map { $0 == i ? 1.0 : 0.0 } }
        var generator = Xoshiro256PlusPlus(seed: 9)
        directions += (0..<3).map { _ in (0..<3).map { _ in Double.randomNormal(using: &generator) } }
        for a in directions {
            let projected = try matmul(x, Tensor(a)).scalars
            let mean = zip(a, mvnLoc).reduce(0) { $0 + $1.0 * $1.1 }
            var variance = 0.0
            for i in 0..<3 { for j in 0..<3 { variance += a[i] * sigma[i][j] * a[j] } }
            let test = KolmogorovSmirnov(sample: projected, cdf: { gsl_cdf_gaussian_P($0 - mean, variance.squareRoot()) })
            #expect(test.pValue > 1e-6, "direction \(a): D = \(test.statistic)")
        }
    }

    @Test func covarianceAndPrecisionInitialisersAgree() throws {
        let fromCovariance = try MultivariateNormal(loc: Tensor(mvnLoc), covariance: Tensor(rows: sigma))
        let fromPrecision = try MultivariateNormal(loc: Tensor(mvnLoc), precision: Tensor(rows: inverseOf(sigma)))
        let x = try draws(20, seed: 3)
        let reference = try distribution.logProb(of: x).scalars
        for other in [fromCovariance, fromPrecision] {
            #expect(zip(try other.logProb(of: x).scalars, reference).allSatisfy { isClose($0, $1, tolerance: 1e-10) })
        }
        #expect(zip(try distribution.covariance.scalars, sigma.joined()).allSatisfy { isClose($0, $1, tolerance: 1e-14) })
    }

    @Test func entropyMatchesMonteCarloAndBatchesBroadcast() throws {
        let logP = try distribution.logProb(of: draws(50_000, seed: 4)).scalars
        let n = Double(logP.count), estimate = -logP.reduce(0, +) / n
        let spread = logP.reduce(0) { $0 + ($1 + estimate) * ($1 + estimate) } / (n - 1)
        #expect(abs(estimate - (try distribution.entropy().scalarValue)) <= 4.89 * (spread / n).squareRoot())
        let batched = try MultivariateNormal(loc: Tensor(rows: [mvnLoc, [0, 0, 0]]), scaleTril: Tensor(rows: mvnScaleTril))
        var generator = Xoshiro256PlusPlus(seed: 5)
        #expect(batched.batchShape == [2])
        #expect(try batched.sample([4], using: &generator).shape == [4, 2, 3])
        #expect(try batched.logProb(of: Tensor(mvnLoc)).shape == [2])
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let x = try draws(3, seed: 6)
        let check = try gradientCheck(at: [Tensor(mvnLoc), Tensor(rows: mvnScaleTril)]) { a in
            try MultivariateNormal(loc: a[0], scaleTril: a[1], validating: false).logProb(of: x).sum()
        }
        #expect(check.maxRelativeError <= 1e-6)
    }

    @Test func klMatchesMonteCarloAndDiagonalCaseMatchesNormals() throws {
        let q = try MultivariateNormal(loc: Tensor([0.0, 0.0, 1.0]), scaleTril: Tensor(rows: [[2, 0, 0], [0.5, 1, 0], [0, 0.2, 0.7]]))
        let analytic = try klDivergence(distribution, q).scalarValue
        let x = try draws(200_000, seed: 7)
        let terms = try (distribution.logProb(of: x) - q.logProb(of: x)).scalars
        let n = Double(terms.count), mean = terms.reduce(0, +) / n
        let spread = (terms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        #expect(abs(analytic - mean) <= 4.89 * spread / n.squareRoot())
        #expect(abs(try klDivergence(distribution, distribution).scalarValue) <= 1e-12)
        let diagonalP = try MultivariateNormal(loc: Tensor([0.0, 1.0]), scaleTril: Tensor(rows: [[1.5, 0], [0, 0.5]]))
        let diagonalQ = try MultivariateNormal(loc: Tensor([1.0, -1.0]), scaleTril: Tensor(rows: [[1.0, 0], [0, 2.0]]))
        let normals = try klDivergence(Normal(loc: Tensor([0.0, 1.0]), scale: Tensor([1.5, 0.5])),
                                       Normal(loc: Tensor([1.0, -1.0]), scale: Tensor([1.0, 2.0]))).sum()
        #expect(isClose(try klDivergence(diagonalP, diagonalQ).scalarValue, try normals.scalarValue, tolerance: 1e-13))
    }

    @Test func invalidParametersAreNamedErrors() throws {
        #expect(throws: DistributionError.self) { try MultivariateNormal(loc: Tensor(mvnLoc), covariance: Tensor(rows: [[1, 2, 0], [2, 1, 0], [0, 0, 1]])) }
        #expect(throws: DistributionError.self) { try MultivariateNormal(loc: Tensor(mvnLoc), scaleTril: Tensor(rows: [[1, 1, 0], [0, 1, 0], [0, 0, 1]])) }
        #expect(throws: DistributionError.self) { try MultivariateNormal(loc: Tensor(mvnLoc), scaleTril: Tensor(rows: [[-1, 0, 0], [0, 1, 0], [0, 0, 1]])) }
        #expect(throws: DistributionError.self) { try MultivariateNormal(loc: Tensor([0.0, 1.0]), scaleTril: Tensor(rows: mvnScaleTril)) }
        #expect(throws: DistributionError.self) { try MultivariateNormal(loc: Tensor([0.0, .nan, 1.0]), scaleTril: Tensor(rows: mvnScaleTril)) }
    }
}
