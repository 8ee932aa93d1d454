import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

/// y ~ N(μ, 1) for each of the data, μ ~ N(0, 10).
func normalModel(_ data: Tensor<Double>) -> (ModelContext<Double>) throws -> Void {
    { context in
        let mu = try context.sample("mu", Normal(loc: 0.0, scale: 10.0))
        try context.plate("data", size: data.count) { _ in
            try context.sample("y", Normal(loc: mu, scale: Tensor(1.0)), observed: data)
        }
    }
}

@Suite("The model language")
struct ModelLanguageTests {
    let data = Tensor([0.5, 1.5, 2.0, -0.3])

    @Test func aTraceRecordsSitesInOrderWithTheirRoles() throws {
        let trace = try ModelContext<Double>(seed: 1).trace(normalModel(data))
        #expect(trace.sites.map(\.name) == ["mu", "y"])
        #expect(trace.latentSites.map(\.name) == ["mu"])
        #expect(trace.observedSites.map(\.name) == ["y"])
        #expect(trace["y"]?.plates.map(\.name) == ["data"])
        // The log-joint is log N(μ; 0, 10) + Σ log N(yᵢ; μ, 1).
        let mu = try trace["mu"]!.value!.scalarValue
        let expected = try Normal(loc: 0.0, scale: 10.0).logProb(of: Tensor(mu)).scalarValue
            + Normal(loc: Tensor(mu), scale: Tensor(1.0)).logProb(of: data).sum().scalarValue
        #expect(isClose(try trace.logProbSum().scalarValue, expected, tolerance: 1e-13))
    }

    @Test func namesAreUniqueWithinARunButNotAcrossRuns() throws {
        let context = ModelContext<Double>()
        #expect(throws: InferenceError.duplicateSite("z")) {
            _ = try context.trace { c in
                try c.sample("z", Normal(loc: 0.0, scale: 1.0))
                try c.sample("z", Normal(loc: 0.0, scale: 1.0))
            }
        }
        _ = try context.trace(normalModel(data))
        _ = try context.trace(normalModel(data))
    }

    @Test func badObservationsAndPlateShapesAreNamedErrors() throws {
        let context = ModelContext<Double>()
        #expect(throws: InferenceError.observationOutsideSupport(site: "rate", requirement: "non-negative")) {
            _ = try context.trace { c in try c.sample("rate", Exponential(rate: Tensor(1.0)), observed: Tensor([-1.0])) }
        }
        #expect(throws: InferenceError.plateShapeMismatch(site: "x", plate: "rows", plateSize: 3, batchShape: [2])) {
            _ = try context.trace { c in
                try c.plate("rows", size: 3) { _ in try c.sample("x", Normal(loc: Tensor([0.0, 1.0]), scale: Tensor(1.0))) }
            }
        }
        #expect(throws: InferenceError.self) {
            _ = try context.trace { c in try c.plate("empty", size: 0) { _ in } }
        }
    }

    @Test func aScalarDistributionIsWidenedOverItsPlate() throws {
        let trace = try ModelContext<Double>(seed: 2).trace { c in
            try c.plate("rows", size: 5) { _ in try c.sample("x", Normal(loc: 0.0, scale: 1.0)) }
        }
        #expect(trace["x"]?.value?.shape == [5])
        #expect(Set(trace["x"]!.value!.scalars).count == 5)
    }

    /// Subsampling scales each site by N/B, so the scaled log-likelihood is
    /// an unbiased estimate of the full one: the mean over 4,000 minibatches
    /// is within 4.89 standard errors of it.
    @Test func subsampledLogLikelihoodIsUnbiased() throws {
        var generator = Xoshiro256PlusPlus(seed: 3)
        let big = try Tensor<Double>.randomNormal([100], mean: 1, using: &generator)
        let context = ModelContext<Double>(seed: 4)
        let likelihood = { (c: ModelContext<Double>) throws -> Void in
            try c.plate("data", size: 100, subsample: 10) { indices in
                #expect(Set(indices).count == 10 && indices.allSatisfy { (0..<100).contains($0) })
                try c.sample("y", Normal(loc: Tensor(1.0), scale: Tensor(1.0)), observed: big.slices(at: indices))
            }
        }
        let estimates = try (0..<4_000).map { _ in try context.trace(likelihood).logProbSum().scalarValue }
        let full = try Normal(loc: Tensor(1.0), scale: Tensor(1.0)).logProb(of: big).sum().scalarValue
        let n = Double(estimates.count), mean = estimates.reduce(0, +) / n
        let spread = (estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        #expect(abs(mean - full) <= 4.89 * spread / n.squareRoot())
        #expect(try context.trace(likelihood)["y"]?.scale == 10)
    }

    @Test func parametersAreCreatedOnceAndConstrained() throws {
        let context = ModelContext<Double>()
        let model = { (c: ModelContext<Double>) throws -> Void in
            let scale = try c.param("scale", Tensor(2.0), constraint: .positive)
            try c.sample("x", Normal(loc: Tensor(0.0), scale: scale), observed: Tensor(1.0))
        }
        _ = try context.trace(model)
        #expect(try context.parameters.unconstrainedValue("scale")?.scalarValue == Double.log(2))
        context.parameters.setUnconstrainedValue("scale", Tensor(0.0))
        #expect(try context.trace(model)["scale"]?.value?.scalarValue == 1)
        #expect(throws: InferenceError.self) {
            _ = try ModelContext<Double>().trace { c in _ = try c.param("s", Tensor(-1.0), constraint: .positive) }
        }
    }
}

@Suite("Effect handlers")
struct HandlerTests {
    let data = Tensor([0.5, 1.5])

    @Test func conditionObservesAndReplayReusesValues() throws {
        let context = ModelContext<Double>(seed: 5)
        let conditioned = try context.trace { c in
            try c.handled(by: ConditionHandler(["mu": Tensor(0.7)])) { try normalModel(data)(c) }
        }
        #expect(conditioned["mu"]?.isObserved == true)
        #expect(try conditioned["mu"]?.value?.scalarValue == 0.7)
        let guide = try context.trace { c in try c.sample("mu", Normal(loc: 3.0, scale: 0.1)) }
        let replayed = try context.trace { c in try c.handled(by: ReplayHandler(guide)) { try normalModel(data)(c) } }
        #expect(replayed["mu"]?.value == guide["mu"]?.value)
        #expect(replayed["mu"]?.isObserved == false)
        #expect(replayed["y"]?.value == data)
    }

    @Test func scaleMaskAndBlock() throws {
        let context = ModelContext<Double>(seed: 6)
        let plain = try context.trace(normalModel(data))
        let mu = try #require(plain["mu"]?.value)
        let fixed = { (c: ModelContext<Double>) throws -> Void in
            try c.handled(by: SubstituteHandler(["mu": mu])) { try normalModel(data)(c) }
        }
        let scaled = try context.trace { c in try c.handled(by: ScaleHandler(0.5)) { try fixed(c) } }
        #expect(isClose(try scaled.logProbSum().scalarValue, 0.5 * (try plain.logProbSum().scalarValue), tolerance: 1e-13))
        let masked = try context.trace { c in try c.handled(by: MaskHandler(Tensor(0.0))) { try fixed(c) } }
        #expect(try masked.logProbSum().scalarValue == 0)
        let blocked = try context.trace { c in
            try c.handled(by: BlockHandler(hiding: { $0.name == "mu" })) { try fixed(c) }
        }
        #expect(blocked.sites.map(\.name) == ["y"])
    }

    /// The same seed gives the same latent draws and minibatches however
    /// the context's own generator has been used; another seed does not.
    @Test func seedFixesDrawsAndMinibatches() throws {
        let model = { (c: ModelContext<Double>) throws -> Void in
            try c.sample("z", Normal(loc: 0.0, scale: 1.0))
            try c.plate("rows", size: 50, subsample: 5) { _ in try c.sample("x", Normal(loc: 0.0, scale: 1.0)) }
        }
        let seeded = { (context: ModelContext<Double>, seed: UInt64) in
            try context.trace { c in try c.handled(by: SeedHandler(seed)) { try model(c) } }
        }
        let first = try seeded(ModelContext(seed: 1), 9)
        let context = ModelContext<Double>(seed: 2)
        _ = try context.trace(model)
        let second = try seeded(context, 9)
        let other = try seeded(context, 10)
        #expect(first["z"]?.value == second["z"]?.value && first["x"]?.value == second["x"]?.value)
        #expect(first["rows"]?.indices == second["rows"]?.indices)
        #expect(first["z"]?.value != other["z"]?.value)
        #expect(first["rows"]?.indices != other["rows"]?.indices)
    }

    /// Replaying a guide's trace hands the model the guide's minibatch, so
    /// local latent variables and their data line up; re-entering a plate
    /// in one run reuses its indices.
    @Test func replayedPlatesShareTheGuidesMinibatch() throws {
        let context = ModelContext<Double>(seed: 11)
        var seen: [[Int]] = []
        let model = { (c: ModelContext<Double>) throws -> Void in
            try c.plate("rows", size: 100, subsample: 7) { seen.append($0) }
            try c.plate("rows", size: 100, subsample: 7) { seen.append($0) }
        }
        let guide = try context.trace { c in try c.plate("rows", size: 100, subsample: 7) { _ in } }
        _ = try context.trace { c in try c.handled(by: ReplayHandler(guide)) { try model(c) } }
        #expect(seen == [guide["rows"]!.indices!, guide["rows"]!.indices!])
        #expect(throws: InferenceError.self) {
            _ = try context.trace { c in
                try c.plate("rows", size: 100, subsample: 7) { _ in }
                try c.plate("rows", size: 100, subsample: 8) { _ in }
            }
        }
    }

    /// ∂/∂m of the log-joint with μ substituted by a parameter m: the
    /// closed form −m/100 + Σ(yᵢ − m), through handlers and the store.
    @Test func gradientsFlowThroughHandlersToParameters() throws {
        let context = ModelContext<Double>()
        let (value, gradients) = try valueWithGradients { (scope: DifferentiationScope<Double>) in
            let (logJoint, names) = try context.parameters.tracking(in: scope) {
                try context.trace { c in
                    let m = try c.param("m", Tensor(0.4))
                    try c.handled(by: SubstituteHandler(["mu": m])) { try normalModel(data)(c) }
                }.logProbSum()
            }
            #expect(names == ["m"])
            return logJoint
        }
        #expect(value.isFinite)
        #expect(isClose(try gradients[0].scalarValue, -0.4 / 100 + (0.5 - 0.4) + (1.5 - 0.4), tolerance: 1e-13))
    }
}
