import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

@Suite("AutoNormal")
struct AutoNormalTests {
    /// On the Normal–Normal model the mean-field Gaussian is exact: its
    /// location and scale reach the analytic posterior.
    @Test func matchesTheNormalNormalPosterior() throws {
        let data = SVITests.data
        let guide = AutoNormal(model: normalModel(data))
        let svi = SVI(model: normalModel(data), guide: guide, objective: try TraceELBO(particles: 4),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 4))
        let fitted = try fitAndAverage(svi, steps: 1_500) { store in
            [try store.constrainedValue("AutoNormal.loc.mu")!.scalarValue, try store.constrainedValue("AutoNormal.scale.mu")!.scalarValue]
        }
        let precision = 1.0 / 100 + Double(data.count)
        let (mean, sd) = (data.scalars.reduce(0, +) / precision, (1 / precision).squareRoot())
        #expect(abs(fitted[0] - mean) < 0.1 * sd)
        #expect(abs(fitted[1] - sd) < 0.1 * sd)
    }

    /// λ ~ Gamma(2, 1), yᵢ ~ Poisson(λ): the posterior is Gamma(2 + Σy, 1 + n).
    /// AutoNormal fits a log-normal through the exp bijector; with Σy ≈ 120
    /// the log-gamma posterior is nearly normal, so its mean lands within 2%
    /// of the exact posterior mean.
    @Test func aPositiveLatentGoesThroughItsBijector() throws {
        let values: [Double] = [4, 6, 5, 7, 3, 6, 5, 4, 8, 5, 6, 4, 5, 7, 6, 5, 4, 6, 5, 5, 6, 4, 7, 3]
        let counts = Tensor(values)
        let model = { (c: ModelContext<Double>) throws -> Void in
            let rate = try c.sample("rate", Gamma(concentration: Tensor(2.0), rate: Tensor(1.0)))
            try c.plate("counts", size: counts.count) { _ in
                try c.sample("y", Poisson(rate: rate), observed: counts)
            }
        }
        let guide = AutoNormal(model: model)
        let svi = SVI(model: model, guide: guide, objective: try TraceELBO(particles: 4),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 5))
        let means = try fitAndAverage(svi, steps: 1_500) { store in
            let mu = try store.constrainedValue("AutoNormal.loc.rate")!.scalarValue
            let s = try store.constrainedValue("AutoNormal.scale.rate")!.scalarValue
            return [Double.exp(mu + s * s / 2)]
        }
        let exact = (2 + counts.scalars.reduce(0, +)) / (1 + Double(counts.count))
        let fitted = means[0]
        #expect(abs(fitted - exact) < 0.02 * exact, "fitted \(fitted), exact \(exact)")
    }

    /// Each strategy puts the location where it says, on the unconstrained
    /// scale of λ ~ Gamma(2, 1): median 1.67835 (GSL's gamma quantile),
    /// mean 2, feasible e⁰ = 1, a given 3; a given value outside the support
    /// is a named error.
    @Test func initialisationStrategiesPlaceTheLocation() throws {
        let model = { (c: ModelContext<Double>) throws -> Void in
            try c.sample("rate", Gamma(concentration: Tensor(2.0), rate: Tensor(1.0)))
        }
        let expected: [(AutoguideInitialization<Double>, Double)] = [
            (.median, 1.678346990016661), (.mean, 2), (.feasible, 1), (.values(["rate": Tensor(3.0)]), 3),
        ]
        for (strategy, value) in expected {
            let context = ModelContext<Double>(seed: 7)
            _ = try context.trace(AutoNormal(model: model, initialization: strategy).callAsFunction)
            let loc = try context.parameters.constrainedValue("AutoNormal.loc.rate")!.scalarValue
            #expect(isClose(Double.exp(loc), value, tolerance: 1e-9), "\(strategy)")
        }
        #expect(throws: InferenceError.self) {
            _ = try ModelContext<Double>().trace(AutoDelta(model: model, initialization: .values(["rate": Tensor(-1.0)])).callAsFunction)
        }
    }

    /// μ and ν independent with N(0, 10²) priors and unit-noise data: an
    /// AutoNormal over the model with ν hidden covers μ, a hand-written
    /// guide covers ν, and together they reach both analytic posteriors.
    @Test func anAutoguideAndAHandWrittenGuideShareAModel() throws {
        let (first, second) = (SVITests.data, try SVITests.data * 0.5 - 1)
        let model = { (c: ModelContext<Double>) throws -> Void in
            let mu = try c.sample("mu", Normal(loc: 0.0, scale: 10.0))
            let nu = try c.sample("nu", Normal(loc: 0.0, scale: 10.0))
            try c.plate("data", size: first.count) { _ in
                try c.sample("y", Normal(loc: mu, scale: Tensor(1.0)), observed: first)
                try c.sample("z", Normal(loc: nu, scale: Tensor(1.0)), observed: second)
            }
        }
        let automatic = AutoNormal(model: hiding(["nu"], in: model))
        let guide = { (c: ModelContext<Double>) throws -> Void in
            try automatic(c)
            try c.sample("nu", Normal(loc: c.param("nu.loc", Tensor(0.0)), scale: c.param("nu.scale", Tensor(1.0), constraint: .positive)))
        }
        let svi = SVI(model: model, guide: guide, objective: try TraceELBO(particles: 4),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 8))
        let fitted = try fitAndAverage(svi, steps: 1_500) { store in
            try ["AutoNormal.loc.mu", "AutoNormal.scale.mu", "nu.loc", "nu.scale"].map { try store.constrainedValue($0)!.scalarValue }
        }
        #expect(!svi.context.parameters.names.contains("AutoNormal.loc.nu"))
        let precision = 1.0 / 100 + Double(first.count)
        let sd = (1 / precision).squareRoot()
        for (index, data) in [first, second].enumerated() {
            let mean = data.scalars.reduce(0, +) / precision
            #expect(abs(fitted[2 * index] - mean) < 0.1 * sd, "mean \(index)")
            #expect(abs(fitted[2 * index + 1] - sd) < 0.1 * sd, "sd \(index)")
        }
    }

    @Test func aSimplexLatentGetsDrawsOnTheSimplex() throws {
        let model = { (c: ModelContext<Double>) throws -> Void in
            let weights = try c.sample("weights", Dirichlet(concentration: Tensor([2.0, 3.0, 4.0])))
            try c.sample("choice", Categorical(probs: weights), observed: Tensor(1.0))
        }
        let guide = AutoNormal(model: model)
        let context = ModelContext<Double>(seed: 6)
        for _ in 0..<5 {
            let draw = try context.trace { c in try guide(c) }["weights"]!.value!
            #expect(try Constraint<Double>.simplex.contains(draw))
        }
        let svi = SVI(model: model, guide: guide, objective: try TraceELBO(particles: 2), optimizer: try Adam(learningRate: 0.05),
                      context: context)
        let losses = try svi.run(steps: 300)
        #expect(losses.allSatisfy { $0.isFinite })
    }
}
