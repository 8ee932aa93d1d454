import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

let dirichletSettings: [[Double]] = [[1, 1, 1], [0.5, 2, 5, 0.3], [20, 30, 10]]

@Suite("Dirichlet")
struct DirichletTests {
    static func draws(_ alpha: [Double], _ n: Int, seed: UInt64) throws -> Tensor<Double> {
        var generator = Xoshiro256PlusPlus(seed: seed)
        return try Dirichlet(concentration: Tensor(alpha)).sample([n], using: &generator)
    }

    @Test(arguments: dirichletSettings)
    func logProbMatchesGSL(alpha: [Double]) throws {
        let x = try Self.draws(alpha, 200, seed: 1)
        let ours = try Dirichlet(concentration: Tensor(alpha)).logProb(of: x).scalars
        let k = alpha.count
        for (row, value) in ours.enumerated() {
            let theta = Array(x.scalars[(row * k)..<((row + 1) * k)])
            let reference = alpha.withUnsafeBufferPointer { a in
                theta.withUnsafeBufferPointer { t in gsl_ran_dirichlet_lnpdf(k, a.baseAddress, t.baseAddress) }
            }
            #expect(isClose(value, reference, tolerance: 1e-10))
        }
    }

    /// Each marginal xₖ ~ Beta(αₖ, α₀ − αₖ): KS against GSL at level 1e-6.
    @Test(arguments: dirichletSettings)
    func marginalsAreBeta(alpha: [Double]) throws {
        let x = try Self.draws(alpha, 20_000, seed: 2)
        let total = alpha.reduce(0, +)
        for (k, a) in alpha.enumerated() {
            let column = try x.sliced(alongAxis: 1, k..<(k + 1)).scalars
            let test = KolmogorovSmirnov(sample: column, cdf: { gsl_cdf_beta_P($0, a, total - a) })
            #expect(test.pValue > 1e-6, "α = \(alpha), marginal \(k): D = \(test.statistic)")
        }
        #expect(try Constraint<Double>.simplex.contains(x))
    }

    @Test(arguments: dirichletSettings)
    func momentsAndEntropyMatchMonteCarlo(alpha: [Double]) throws {
        let distribution = try Dirichlet(concentration: Tensor(alpha))
        let x = try Self.draws(alpha, 50_000, seed: 3)
        let n = 50_000.0
        let mean = try distribution.mean.scalars, variance = try distribution.variance.scalars
        let sampleMean = try x.mean(alongAxes: [0]).scalars
        for k in alpha.indices {
            #expect(abs(sampleMean[k] - mean[k]) <= 4.89 * (variance[k] / n).squareRoot())
        }
        let logP = try distribution.logProb(of: x).scalars
        let estimate = -logP.reduce(0, +) / n
        let spread = logP.reduce(0) { $0 + ($1 + estimate) * ($1 + estimate) } / (n - 1)
        let entropy = try distribution.entropy().scalarValue
        // Rounding slack for a constant log-density (Dirichlet(1, 1, 1) is uniform).
        #expect(abs(estimate - entropy) <= 4.89 * (spread / n).squareRoot() + 1e-9 * max(1, abs(entropy)))
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let x = try Self.draws([2, 3, 4], 3, seed: 4)
        let check = try gradientCheck(at: [Tensor([2.0, 3.0, 4.0])]) { a in
            try Dirichlet(concentration: a[0]).logProb(of: x).sum()
        }
        #expect(check.maxRelativeError <= 1e-6)
    }

    /// ∂E[x]/∂α through the normalised gamma draws, against the gradient of
    /// the closed-form mean: 30 batches, Student t bound at 1e-6.
    @Test func pathwiseGradientsAreUnbiased() throws {
        let alpha = Tensor([0.7, 2.0, 4.0])
        let exact = try gradient(at: alpha) { a in try Dirichlet(concentration: a).mean.sliced(alongAxis: 0, 0..<1).sum() }.scalars
        var generator = Xoshiro256PlusPlus(seed: 5)
        var estimates: [[Double]] = []
        for _ in 0..<30 {
            estimates.append(try gradient(at: alpha) { a in
                try Dirichlet(concentration: a).rsample([1_000], using: &generator).sliced(alongAxis: 1, 0..<1).mean()
            }.scalars)
        }
        for k in 0..<3 {
            let values = estimates.map { $0[k] }
            let average = values.reduce(0, +) / 30
            let spread = (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / 29).squareRoot()
            #expect(abs(average - exact[k]) <= 6.17 * spread / 30.0.squareRoot(), "∂E[x₀]/∂α\(k): \(exact[k]) vs \(average)")
        }
    }

    @Test func klMatchesMonteCarloAndIsZeroForItself() throws {
        let p = try Dirichlet(concentration: Tensor([2.0, 3.0, 1.5])), q = try Dirichlet(concentration: Tensor([1.0, 1.0, 4.0]))
        let analytic = try klDivergence(p, q).scalarValue
        let x = try Self.draws([2, 3, 1.5], 200_000, seed: 6)
        let terms = try (p.logProb(of: x) - q.logProb(of: x)).scalars
        let n = Double(terms.count), mean = terms.reduce(0, +) / n
        let spread = (terms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        #expect(abs(analytic - mean) <= 4.89 * spread / n.squareRoot())
        #expect(abs(try klDivergence(p, p).scalarValue) <= 1e-12)
    }

    @Test func invalidConcentrationsAndOffSimplexValues() throws {
        #expect(throws: DistributionError.self) { try Dirichlet(concentration: Tensor([1.0, 0.0])) }
        #expect(throws: DistributionError.self) { try Dirichlet(concentration: Tensor([1.0, .nan])) }
        #expect(throws: DistributionError.self) { try Dirichlet(concentration: Tensor(2.0)) }
        let distribution = try Dirichlet(concentration: Tensor([1.0, 8.0]))
        let values = try distribution.logProb(of: Tensor(rows: [[0.5, 0.6], [0.0, 1.0]])).scalars
        #expect(values[0] == -.infinity)
        // Dirichlet(1, 8) at (0, 1) is Beta(1, 8) at 0: density 8, finite.
        #expect(isClose(values[1], Double.log(8), tolerance: 1e-14))
    }
}
