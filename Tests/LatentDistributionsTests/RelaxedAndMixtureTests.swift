import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

@Suite("One-hot, relaxed and mixture distributions")
struct RelaxedAndMixtureTests {
    @Test func oneHotCategoricalMatchesCategorical() throws {
        let probs = Tensor([0.2, 0.5, 0.3])
        let oneHot = try OneHotCategorical(probs: probs)
        var generator = Xoshiro256PlusPlus(seed: 1)
        let x = try oneHot.sample([6_000], using: &generator)
        #expect(x.shape == [6_000, 3])
        #expect(try Constraint<Double>.oneHot.contains(x))
        let counts = try x.sum(alongAxes: [0]).scalars
        let test = ChiSquareTest(draws: try x.gathering(Array(repeating: 0, count: 6_000), alongAxis: 1).scalars.map { 1 - $0 } ,
                                 mass: { $0 == 0 ? 0.2 : 0.8 })
        #expect(test.pValue > 1e-6, "counts \(counts)")
        let values = try oneHot.logProb(of: Tensor(rows: [[0, 1, 0], [0.5, 0.5, 0]])).scalars
        #expect(isClose(values[0], Double.log(0.5), tolerance: 1e-15))
        #expect(values[1] == -.infinity)
    }

    /// The binary Concrete density (Maddison et al. 2017, eq. 23) written out
    /// directly, and KS against its CDF σ(τ·logit(y) − l).
    @Test(arguments: [(0.5, 0.3), (1.0, -1.2), (2.0, 2.0)])
    func relaxedBernoulliMatchesTheBinaryConcrete(tau: Double, logit: Double) throws {
        let relaxed = try RelaxedBernoulli(temperature: Tensor(tau), logits: Tensor(logit))
        var generator = Xoshiro256PlusPlus(seed: 2)
        let y = try relaxed.sample([20_000], using: &generator)
        let ours = try relaxed.logProb(of: y).scalars
        let alpha = Double.exp(logit)
        for (value, v) in zip(ours.prefix(200), y.scalars.prefix(200)) {
            let density = tau * alpha * Double.pow(v, -tau - 1) * Double.pow(1 - v, -tau - 1)
                / Double.pow(alpha * Double.pow(v, -tau) + Double.pow(1 - v, -tau), 2)
            #expect(isClose(value, Double.log(density), tolerance: 1e-9))
        }
        let test = KolmogorovSmirnov(sample: y.scalars, cdf: { v in 1 / (1 + Double.exp(-(tau * Double.log(v / (1 - v)) - logit))) })
        #expect(test.pValue > 1e-6)
    }

    /// With two categories the Concrete density of (y, 1 − y) is the binary
    /// one at y (times 1: one free coordinate), for any temperature.
    @Test func relaxedOneHotWithTwoCategoriesIsTheBinaryConcrete() throws {
        let (tau, l1, l2) = (0.7, 0.4, -0.9)
        let relaxed = try RelaxedOneHotCategorical(temperature: Tensor(tau), logits: Tensor([l1, l2]))
        let binary = try RelaxedBernoulli(temperature: Tensor(tau), logits: Tensor(l1 - l2))
        var generator = Xoshiro256PlusPlus(seed: 3)
        let y = try relaxed.rsample([500], using: &generator)
        #expect(try Constraint<Double>.simplex.contains(y))
        let first = try y.sliced(alongAxis: 1, 0..<1).reshaped(to: [500])
        let ours = try relaxed.logProb(of: y).scalars, theirs = try binary.logProb(of: first).scalars
        #expect(zip(ours, theirs).allSatisfy { isClose($0, $1, tolerance: 1e-9) })
        let check = try gradientCheck(at: [Tensor([l1, l2]), Tensor(tau)]) { a in
            try RelaxedOneHotCategorical(temperature: a[1], logits: a[0]).logProb(of: y.sliced(alongAxis: 0, 0..<3)).sum()
        }
        #expect(check.maxRelativeError <= 1e-6)
    }

    /// A two-component normal mixture: density against the weighted sum of
    /// GSL densities, KS against the weighted CDFs, gradients against finite
    /// differences.
    @Test func mixtureOfNormals() throws {
        let mixture = try MixtureSameFamily(
            mixture: Categorical(probs: Tensor([0.3, 0.7])),
            components: Normal(loc: Tensor([-2.0, 1.5]), scale: Tensor([0.5, 1.0])))
        #expect(mixture.batchShape == [])
        var generator = Xoshiro256PlusPlus(seed: 4)
        let x = try mixture.sample([20_000], using: &generator)
        #expect(x.shape == [20_000])
        let ours = try mixture.logProb(of: x).scalars
        for (value, v) in zip(ours.prefix(300), x.scalars.prefix(300)) {
            let density = 0.3 * gsl_ran_gaussian_pdf(v + 2, 0.5) + 0.7 * gsl_ran_gaussian_pdf(v - 1.5, 1.0)
            #expect(isClose(value, Double.log(density), tolerance: 1e-10))
        }
        let test = KolmogorovSmirnov(sample: x.scalars, cdf: { 0.3 * gsl_cdf_gaussian_P($0 + 2, 0.5) + 0.7 * gsl_cdf_gaussian_P($0 - 1.5, 1.0) })
        #expect(test.pValue > 1e-6)
        let check = try gradientCheck(at: [Tensor([0.3, 0.7]), Tensor([-2.0, 1.5]), Tensor([0.5, 1.0])]) { a in
            try MixtureSameFamily(mixture: Categorical(probs: a[0]), components: Normal(loc: a[1], scale: a[2]))
                .logProb(of: Tensor([0.1, -1.7, 2.2])).sum()
        }
        #expect(check.maxRelativeError <= 1e-6)
        #expect(throws: DistributionError.self) {
            try MixtureSameFamily(mixture: Categorical(probs: Tensor([0.3, 0.7])), components: Normal(loc: Tensor([0.0, 1.0, 2.0]), scale: Tensor(1.0)))
        }
    }
}
