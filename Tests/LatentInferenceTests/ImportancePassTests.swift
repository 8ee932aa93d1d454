import Foundation
import LatentCore
import LatentDistributions
import LatentInference
import Testing

/// log N(x; μ, σ), written out: the independent reference for the passes' log weights.
private func normalLogDensity(_ x: Double, _ mu: Double, _ sigma: Double) -> Double {
    -0.5 * log(2 * Double.pi) - log(sigma) - 0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)
}

/// μ ~ N(0, 1), y ~ N(μ, 1) observed at 0.8.
private func conjugate(_ c: ModelContext<Double>) throws {
    let mu = try c.sample("mu", Normal(loc: 0.0, scale: 1.0))
    try c.sample("y", Normal(loc: mu, scale: Tensor(1.0)), observed: Tensor(0.8))
}

/// q(μ) = N(0.3, 0.7), no parameters.
private func fixedGuide(_ c: ModelContext<Double>) throws {
    try c.sample("mu", Normal(loc: 0.3, scale: 0.7))
}

/// The error's argument name when `body` throws ``InferenceError/invalidArgument(name:reason:)``.
private func invalidArgumentName(_ body: () throws -> Void) -> String? {
    do {
        try body()
    } catch let InferenceError.invalidArgument(name, _) {
        return name
    } catch {
        return "another error: \(error)"
    }
    return nil
}

@Suite("The importance pass and the model transformers")
struct ImportancePassTests {
    @Test func logWeightIsTheLogJointMinusTheGuideDensityAtTheDraw() throws {
        let context = ModelContext<Double>(seed: 3)
        for _ in 0..<5 {
            let pass = try ImportancePass(model: conjugate, guide: fixedGuide, context: context)
            let z = try #require(pass.guideTrace["mu"]?.value).scalarValue
            #expect(try pass.modelTrace["mu"]?.value?.scalarValue == z)
            let expected = normalLogDensity(z, 0, 1) + normalLogDensity(0.8, z, 1) - normalLogDensity(z, 0.3, 0.7)
            #expect(abs(try pass.logWeight().scalarValue - expected) < 1e-12)
            #expect(abs(try pass.logWeightTerms().scalarValue - expected) < 1e-12)
        }
    }

    @Test func particlePlateGivesOneLogWeightPerParticle() throws {
        let context = ModelContext<Double>(seed: 4)
        let plate = ParticlePlate<Double>(size: 6, dim: -1)
        let pass = try plate.run(in: context) { try ImportancePass(model: conjugate, guide: fixedGuide, context: context) }
        let draws = try #require(pass.guideTrace["mu"]?.value).scalars
        #expect(draws.count == 6)
        let terms = try pass.logWeightTerms()
        #expect(terms.shape == [6])
        let perParticle = try plate.perParticle(pass.modelTrace) - plate.perParticle(pass.guideTrace)
        for (k, z) in draws.enumerated() {
            let expected = normalLogDensity(z, 0, 1) + normalLogDensity(0.8, z, 1) - normalLogDensity(z, 0.3, 0.7)
            #expect(abs(terms.scalars[k] - expected) < 1e-12)
            #expect(abs(perParticle.scalars[k] - expected) < 1e-12)
        }
        #expect(abs(try pass.logWeight().scalarValue - terms.sum().scalarValue) < 1e-10)
    }

    @Test func disagreeingGuidesAreNamed() throws {
        let context = ModelContext<Double>()
        #expect(throws: InferenceError.guideMismatch(site: "mu", reason: "the model has this latent site but the guide does not")) {
            _ = try ImportancePass(model: conjugate, guide: { (_: ModelContext<Double>) in }, context: context)
        }
        let extra = { (c: ModelContext<Double>) throws in
            try fixedGuide(c)
            try c.sample("sigma", LogNormal(loc: Tensor(0.0), scale: Tensor(1.0)))
        }
        #expect(throws: InferenceError.guideMismatch(site: "sigma", reason: "the guide has this site but the model does not")) {
            _ = try ImportancePass(model: conjugate, guide: extra, context: context)
        }
    }

    @Test func aNonFiniteLogWeightNamesItsSite() throws {
        let impossible = { (c: ModelContext<Double>) throws in
            try conjugate(c)
            try c.factor("wall", Tensor(-Double.infinity))
        }
        let pass = try ImportancePass(model: impossible, guide: fixedGuide, context: ModelContext())
        #expect(try !pass.logWeight().isFinite)
        #expect(pass.firstNonFiniteSite() == "wall")
        #expect(throws: InferenceError.nonFiniteLogWeight(site: "wall")) {
            _ = try GuideDiagnostics(model: impossible, guide: fixedGuide, context: ModelContext(), samples: 100)
        }
        let objective = try TraceELBO<Double>()
        #expect(try !objective.loss(model: impossible, guide: fixedGuide, context: ModelContext()).isFinite)
        #expect(objective.firstNonFiniteSite() == "wall")
    }

    @Test func replayingGivesTheModelTheRecordedDraws() throws {
        let context = ModelContext<Double>(seed: 5)
        let recorded = try context.trace(fixedGuide)
        let replayed = try context.trace(replaying(recorded, in: conjugate))
        #expect(try replayed["mu"]?.value?.scalarValue == recorded["mu"]?.value?.scalarValue)
        #expect(try replayed["y"]?.value?.scalarValue == 0.8)
    }

    /// log N(2; m, 1) at m = 0.5 has derivative y − m = 1.5 in m; with the
    /// parameter detached the value is the same and the derivative 0.
    @Test func detachingParametersCutsOnlyTheirGradient() throws {
        let model = { (c: ModelContext<Double>) throws in
            let m = try c.param("m", Tensor(0.5))
            try c.sample("y", Normal(loc: m, scale: Tensor(1.0)), observed: Tensor(2.0))
        }
        let context = ModelContext<Double>()
        _ = try context.trace(model)
        func valueAndSlope(_ program: @escaping (ModelContext<Double>) throws -> Void) throws -> (Double, Double) {
            let result = try valueWithGradients { (scope: DifferentiationScope<Double>) in
                try context.parameters.tracking(in: scope) { try context.trace(program).logProbSum() }.0
            }
            return (try result.value.scalarValue, try result.gradients[0].scalarValue)
        }
        let (value, slope) = try valueAndSlope(model)
        let (detachedValue, detachedSlope) = try valueAndSlope(detachingParameters(in: model))
        #expect(abs(value - normalLogDensity(2, 0.5, 1)) < 1e-12)
        #expect(detachedValue == value)
        #expect(abs(slope - 1.5) < 1e-12)
        #expect(detachedSlope == 0)
    }

    @Test func badArgumentsAreNamedAsArguments() throws {
        #expect(invalidArgumentName { _ = try TraceELBO<Double>(particles: 0) } == "particles")
        #expect(invalidArgumentName { _ = try MeanFieldELBO<Double>(particles: -1) } == "particles")
        #expect(invalidArgumentName { _ = try ImportanceWeightedELBO<Double>(particles: 0) } == "particles")
        #expect(invalidArgumentName { _ = try RenyiELBO<Double>(alpha: 1, particles: 2) } == "alpha")
        #expect(invalidArgumentName { _ = try RenyiELBO<Double>(alpha: 0.5, particles: 2, gradient: .doublyReparameterized) } == "gradient")
        #expect(invalidArgumentName { _ = try Adam<Double>(learningRate: -1) } == "learningRate")
        #expect(invalidArgumentName { _ = try Adam<Double>(weightDecay: -1) } == "weightDecay")
        #expect(invalidArgumentName { _ = try SGD<Double>(learningRate: 0.1, nesterov: true) } == "nesterov")
        #expect(invalidArgumentName {
            _ = try GuideDiagnostics(model: conjugate, guide: fixedGuide, context: ModelContext(), samples: 10)
        } == "samples")
        #expect(invalidArgumentName { _ = try PosteriorSummary(draws: Tensor<Double>([1.0])) } == "draws")
    }
}
