import LatentCore
import LatentDistributions
import LatentInference
import Testing

/// yᵢ ~ N(μ, 1) with a flat prior on μ.
private func flatMeanModel(_ data: Tensor<Double>) -> (ModelContext<Double>) throws -> Void {
    { context in
        let mu = try context.sample("mu", Flat(.real))
        try context.plate("data", size: data.count) { _ in
            try context.sample("y", Normal(loc: mu, scale: Tensor(1.0)), observed: data)
        }
    }
}

@Suite("Flat priors in inference")
struct FlatPriorTests {
    /// Under a flat prior the posterior of a normal mean with unit noise is
    /// N(ȳ, 1/n) exactly; AutoNormal is exact for it, so the averaged fit
    /// lands within 0.1 posterior sd of both (as for the proper prior in
    /// AutoNormalTests, with the same steps and averaging).
    @Test func autoNormalReachesTheFlatPriorPosterior() throws {
        let data = SVITests.data
        let model = flatMeanModel(data)
        let svi = SVI(model: model, guide: AutoNormal(model: model), objective: try TraceELBO(particles: 4),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 4))
        let fitted = try fitAndAverage(svi, steps: 1_500) { store in
            [try store.constrainedValue("AutoNormal.loc.mu")!.scalarValue, try store.constrainedValue("AutoNormal.scale.mu")!.scalarValue]
        }
        let n = Double(data.count)
        let (mean, sd) = (data.scalars.reduce(0, +) / n, (1 / n).squareRoot())
        #expect(abs(fitted[0] - mean) < 0.1 * sd, "fitted mean \(fitted[0]), exact \(mean)")
        #expect(abs(fitted[1] - sd) < 0.1 * sd, "fitted sd \(fitted[1]), exact \(sd)")
    }

    /// The median strategy starts a flat site at the image of unconstrained
    /// zero: 0 on the reals, e⁰ = 1 on the positive reals, (0, 1, 2) for an
    /// ordered triple (cumulative sums of 0, e⁰, e⁰).
    @Test func medianInitialisationStartsAtTheFeasiblePoint() throws {
        let model = { (c: ModelContext<Double>) throws -> Void in
            try c.sample("beta", Flat(.real, eventShape: [2]))
            try c.sample("sigma", Flat(.positive))
            try c.sample("cut", Flat(.ordered, eventShape: [3]))
        }
        let context = ModelContext<Double>(seed: 8)
        _ = try context.trace(AutoDelta(model: model, initialization: .median).callAsFunction)
        #expect(try context.parameters.constrainedValue("AutoDelta.beta")?.scalars == [0, 0])
        #expect(try context.parameters.constrainedValue("AutoDelta.sigma")?.scalars == [1])
        #expect(try context.parameters.constrainedValue("AutoDelta.cut")?.scalars == [0, 1, 2])
    }

    /// Prior predictive sampling of a model with a flat site is refused,
    /// naming the site; with a guide that supplies the site it works.
    @Test func priorPredictiveRefusesAFlatSite() throws {
        let model = flatMeanModel(SVITests.data)
        #expect(throws: InferenceError.improperPrior(site: "mu")) {
            try Predictive<Double, Void, Void>(model: model).draw(10, in: ModelContext(seed: 9))
        }
        let guide = AutoNormal(model: model)
        let draws = try Predictive(model: model, guide: guide).draw(10, in: ModelContext(seed: 9))
        #expect(draws["y"]?.shape == [10, SVITests.data.count])
    }
}
