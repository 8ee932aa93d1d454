import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// A registered pair at one setting.
struct KLCase: Sendable, CustomTestStringConvertible {
    let name: String
    let p: @Sendable () throws -> any Distribution<Double>
    let q: @Sendable () throws -> any Distribution<Double>
    var testDescription: String { name }
}

let klCases: [KLCase] = [
    KLCase(name: "Normal‖Normal", p: { try Normal(loc: 0.3, scale: 1.2) }, q: { try Normal(loc: -1, scale: 0.7) }),
    KLCase(name: "Exponential‖Exponential", p: { try Exponential(rate: Tensor(2.0)) }, q: { try Exponential(rate: Tensor(0.5)) }),
    KLCase(name: "Gamma‖Gamma", p: { try Gamma(concentration: Tensor(3.0), rate: Tensor(2.0)) },
           q: { try Gamma(concentration: Tensor(1.5), rate: Tensor(0.8)) }),
    KLCase(name: "Beta‖Beta", p: { try Beta(concentration1: Tensor(2.0), concentration0: Tensor(5.0)) },
           q: { try Beta(concentration1: Tensor(1.0), concentration0: Tensor(1.5)) }),
    KLCase(name: "Laplace‖Laplace", p: { try Laplace(loc: Tensor(0.5), scale: Tensor(1.0)) },
           q: { try Laplace(loc: Tensor(-0.3), scale: Tensor(2.0)) }),
    KLCase(name: "Uniform‖Uniform", p: { try Uniform(low: Tensor(0.2), high: Tensor(0.7)) },
           q: { try Uniform(low: Tensor(0.0), high: Tensor(2.0)) }),
    KLCase(name: "Bernoulli‖Bernoulli", p: { try Bernoulli(probs: Tensor(0.3)) }, q: { try Bernoulli(logits: Tensor(1.5)) }),
    KLCase(name: "Categorical‖Categorical", p: { try Categorical(probs: Tensor([0.2, 0.5, 0.3])) },
           q: { try Categorical(logits: Tensor([0.0, -1.0, 2.0])) }),
    KLCase(name: "Poisson‖Poisson", p: { try Poisson(rate: Tensor(4.0)) }, q: { try Poisson(rate: Tensor(6.5)) }),
    KLCase(name: "Geometric‖Geometric", p: { try Geometric(probs: Tensor(0.3)) }, q: { try Geometric(probs: Tensor(0.6)) }),
]

@Suite("KL divergences")
struct KLDivergenceTests {
    /// The analytic value against the Monte Carlo mean of log p − log q over
    /// 200,000 draws of p, within 4.89 standard errors (two-sided 1e-6).
    @Test(arguments: klCases)
    func analyticMatchesMonteCarlo(_ testCase: KLCase) throws {
        let (p, q) = (try testCase.p(), try testCase.q())
        let analytic = try klDivergence(p, q).scalarValue
        var generator = Xoshiro256PlusPlus(seed: 31)
        let x = try p.sample([200_000], using: &generator)
        let terms = try (p.logProb(of: x) - q.logProb(of: x)).scalars
        let n = Double(terms.count)
        let mean = terms.reduce(0, +) / n
        let spread = (terms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        #expect(abs(analytic - mean) <= 4.89 * spread / n.squareRoot() + 1e-9,
                "\(testCase.name): analytic \(analytic), Monte Carlo \(mean) ± \(spread / n.squareRoot())")
        // The bar as well: 1% relative error (200,000 draws put the
        // standard error well below it for these pairs).
        #expect(abs(analytic - mean) <= 0.01 * analytic, "\(testCase.name): relative error \(abs(analytic - mean) / analytic)")
        #expect(analytic > 0)
    }

    @Test(arguments: klCases)
    func klOfADistributionWithItselfIsZero(_ testCase: KLCase) throws {
        let p = try testCase.p()
        #expect(abs(try klDivergence(p, p).scalarValue) <= 1e-12)
    }

    @Test func batchShapesBroadcast() throws {
        let p = try Normal(loc: Tensor([0.0, 1.0, 2.0]), scale: Tensor(1.0))
        let q = try Normal(loc: Tensor(0.0), scale: Tensor(rows: [[1.0], [2.0]]))
        let kl = try klDivergence(p, q)
        #expect(kl.shape == [2, 3])
        #expect(isClose(try kl.scalar(at: [1, 2]), Double.log(2) + (1 + 4) / 8 - 0.5, tolerance: 1e-14))
    }

    @Test func disjointSupportsGiveInfinity() throws {
        let normal = try Normal(loc: 0.0, scale: 1.0)
        #expect(try klDivergence(normal, Exponential(rate: Tensor(1.0))).scalarValue == .infinity)
        let wide = try Uniform(low: Tensor(0.0), high: Tensor(1.0))
        let narrow = try Uniform(low: Tensor(0.25), high: Tensor(1.0))
        #expect(try klDivergence(wide, narrow).scalarValue == .infinity)
        #expect(try klDivergence(Bernoulli(probs: Tensor(0.5)), Bernoulli(probs: Tensor(1.0))).scalarValue == .infinity)
    }

    @Test func gradientsOfTheAnalyticKLMatchFiniteDifferences() throws {
        let check = try gradientCheck(at: [Tensor(0.3), Tensor(1.2), Tensor(-1.0), Tensor(0.7)]) { a in
            try klDivergence(Normal(loc: a[0], scale: a[1]), Normal(loc: a[2], scale: a[3]))
        }
        #expect(check.maxRelativeError <= 1e-6)
    }

    @Test func anUnregisteredPairIsANamedErrorAndMonteCarloEstimatesIt() throws {
        let p = try Cauchy(loc: Tensor(0.0), scale: Tensor(1.0))
        let q = try Cauchy(loc: Tensor(1.0), scale: Tensor(2.0))
        #expect(throws: DistributionError.noAnalyticKL(p: "Cauchy", q: "Cauchy")) { try klDivergence(p, q) }
        // Closed form for two Cauchys: log(((γ₁ + γ₂)² + (x₁ − x₂)²)/(4γ₁γ₂)) = log(10/8).
        var generator = Xoshiro256PlusPlus(seed: 8)
        let estimate = try monteCarloKL(p, q, samples: 400_000, using: &generator).scalarValue
        #expect(abs(estimate - Double.log(10.0 / 8)) < 0.01)
    }

    /// An Expanded distribution's KL is its base's, broadcast: the prior
    /// N(0, 1)ᵈ widened to a batch of 3 against three different Gaussians
    /// gives each one's closed-form KL.
    @Test func expandedDistributionsUseTheirBasesKL() throws {
        let loc = try Tensor(rows: [[0.5, -1.0], [0.0, 0.0], [2.0, 1.0]])
        let q = try Normal(loc: loc, scale: Tensor(0.5)).independent(reinterpretingBatchRank: 1)
        let prior = try Normal(loc: Tensor.zeros([2]), scale: Tensor(1.0)).independent(reinterpretingBatchRank: 1).expanded(to: [3])
        let kl = try klDivergence(q, prior).scalars
        // KL(N(m, 0.5²)‖N(0, 1)) = log(1/0.5) + (0.25 + m²)/2 − ½ per coordinate.
        let expected = loc.scalars.map { m in Double.log(2) + (0.25 + m * m) / 2 - 0.5 }
        for row in 0..<3 {
            #expect(isClose(kl[row], expected[2 * row] + expected[2 * row + 1], tolerance: 1e-12))
        }
    }
}
