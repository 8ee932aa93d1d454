import LatentCore
import LatentDistributions
import LatentInference
import Testing

/// Data that change between steps, read through a ``StepInput``: the step
/// compiles, and every replay sees the step's own data, so the losses and
/// parameters are those of eager SVI fed the same data, to the bit.
@Suite("Step inputs: data that change between steps")
struct StepInputTests {
    /// Minibatch b of 10 observations (4 for the last, b = 9), different
    /// for every b, so that a replay of stale data would change the losses.
    static func batch(_ b: Int) throws -> Tensor<Double> {
        var generator = Xoshiro256PlusPlus(seed: 100 + UInt64(b))
        return try Tensor<Double>.randomNormal([b == 9 ? 4 : 10], mean: 1.5, using: &generator)
    }

    /// SVI on y ~ N(μ, 1) over a plate of 200 observations seen through
    /// minibatches, with the data read through `input`.
    static func svi(_ input: StepInput<Double>, compilation: StepCompilation) throws -> SVI<Double, Void, Void> {
        let model: (ModelContext<Double>) throws -> Void = { context in
            let mu = try context.sample("mu", Normal(loc: 0.0, scale: 10.0))
            let data = input.tensor
            try context.plate("data", size: 200, subsampleIndices: Array(0..<data.count)) { _ in
                try context.sample("y", Normal(loc: mu, scale: Tensor(1.0)), observed: data)
            }
        }
        let svi = SVI(model: model, guide: normalGuide, objective: try TraceELBO(),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 3))
        svi.compilation = compilation
        return svi
    }

    /// Three passes over ten minibatches, the last one smaller (its steps
    /// run eagerly, the others replay), against the same with compilation
    /// off: the same losses and parameters to the bit.
    @Test func replaysSeeEachStepsData() throws {
        let (compiledInput, eagerInput) = (StepInput(try Self.batch(0)), StepInput(try Self.batch(0)))
        let compiled = try Self.svi(compiledInput, compilation: .automatic)
        let eager = try Self.svi(eagerInput, compilation: .off)
        for step in 0..<30 {
            let data = try Self.batch(step % 10)
            compiledInput.value = data
            eagerInput.value = data
            try compiled.step()
            try eager.step()
        }
        expectCompiledMatchesEager(compiled, eager, parameters: ["m", "s"])
    }

    /// The same model with the data captured as a plain constant (read
    /// from a variable the closure holds) cannot replay stale data either:
    /// the check of the first replay against an eager step sees the
    /// difference and keeps the model eager, saying why.
    @Test func dataReadAroundTheInputIsCaughtByTheCheck() throws {
        let input = StepInput(try Self.batch(0))
        let model: (ModelContext<Double>) throws -> Void = { context in
            let mu = try context.sample("mu", Normal(loc: 0.0, scale: 10.0))
            try context.sample("y", Normal(loc: mu, scale: Tensor(1.0)), observed: input.value)
        }
        let svi = SVI(model: model, guide: normalGuide, objective: try TraceELBO(),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 3))
        for step in 0..<6 {
            input.value = try Self.batch(step % 9)
            try svi.step()
        }
        guard case let .eager(reason) = svi.compilationStatus else {
            Issue.record("replayed data the step no longer reads: \(svi.compilationStatus)")
            return
        }
        #expect(reason.contains("differed"))
    }
}
