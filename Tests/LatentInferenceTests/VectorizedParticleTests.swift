import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

@Suite("Vectorised particles")
struct VectorizedParticleTests {
    /// ∂loss/∂m for the Normal–Normal model at (m, s): per particle it is
    /// −(−z/100 + Σ(yᵢ − z)), whose expectation is −(−m/100 + Σ(yᵢ − m)).
    /// Over 600 evaluations the vectorised K = 4 estimate averages to that
    /// (within 4.5 standard errors: false failure < 1e-5), and its variance
    /// is a quarter of the single particle's (ratio within 0.15–0.4 for
    /// 600 draws): the K particles are independent draws, averaged.
    @Test func fourVectorisedParticlesAverageFourIndependentDraws() throws {
        let data = SVITests.data
        func gradients(_ objective: TraceELBO<Double>, seed: UInt64) throws -> [Double] {
            let context = ModelContext<Double>(seed: seed)
            _ = try context.trace(normalGuide)
            context.parameters.setUnconstrainedValue("m", Tensor(0.4))
            context.parameters.setUnconstrainedValue("s", Tensor(Double.log(0.3)))
            return try (0..<600).map { _ in
                let (_, gradients) = try valueWithGradients { (scope: DifferentiationScope<Double>) in
                    try context.parameters.tracking(in: scope) {
                        try objective.loss(model: normalModel(data), guide: normalGuide, context: context)
                    }.0
                }
                return try gradients[0].scalarValue
            }
        }
        func moments(_ xs: [Double]) -> (mean: Double, variance: Double) {
            let mean = xs.reduce(0, +) / Double(xs.count)
            return (mean, xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1))
        }
        let exact = -(-0.4 / 100 + data.scalars.reduce(0) { $0 + ($1 - 0.4) })
        let vectorised = moments(try gradients(TraceELBO(particles: 4, vectorizeParticles: true), seed: 61))
        let single = moments(try gradients(TraceELBO(particles: 1), seed: 62))
        #expect(abs(vectorised.mean - exact) < 4.5 * (vectorised.variance / 600).squareRoot(), "\(vectorised.mean) vs \(exact)")
        let ratio = vectorised.variance / single.variance
        #expect(ratio > 0.15 && ratio < 0.4, "variance ratio \(ratio)")
    }

    /// At the exact posterior every importance weight is p(y): the
    /// vectorised IWAE and Rényi bounds equal log p(y) and DReG's guide
    /// gradient is zero, as in the looped estimators.
    @Test func vectorisedBoundsAreExactAtTheExactPosterior() throws {
        let data = SVITests.data
        let precision = 1.0 / 100 + Double(data.count)
        let (mean, sd) = (data.scalars.reduce(0, +) / precision, (1 / precision).squareRoot())
        let looped = try ImportanceWeightedELBO<Double>(particles: 5)
        let vectorised = try RenyiELBO<Double>(alpha: 0, particles: 5, gradient: .doublyReparameterized, vectorizeParticles: true)
        let context = ModelContext<Double>(seed: 63)
        _ = try context.trace(normalGuide)
        context.parameters.setUnconstrainedValue("m", Tensor(mean))
        context.parameters.setUnconstrainedValue("s", Tensor(Double.log(sd)))
        let reference = try looped.loss(model: normalModel(data), guide: normalGuide, context: context).scalarValue
        let (value, gradients) = try valueWithGradients { (scope: DifferentiationScope<Double>) in
            try context.parameters.tracking(in: scope) {
                try vectorised.loss(model: normalModel(data), guide: normalGuide, context: context)
            }.0
        }
        #expect(isClose(try value.scalarValue, reference, tolerance: 1e-10))
        #expect(try gradients.allSatisfy { abs(try $0.scalarValue) < 1e-8 })
    }

    /// Eight schools with AutoNormal and four vectorised particles fits
    /// the same posterior mean of μ as four looped ones (within 0.3 of
    /// μ's posterior sd of 3.3).
    @Test func eightSchoolsFitsWithVectorisedParticles() throws {
        func fittedMu(vectorize: Bool) throws -> Double {
            let model = EightSchoolsModel.model
            let guide = AutoNormal(model: model)
            let svi = SVI(model: model, guide: guide, objective: try TraceELBO(particles: 4, vectorizeParticles: vectorize),
                          optimizer: try Adam(learningRate: 0.02), context: ModelContext(seed: 64))
            return try fitAndAverage(svi, steps: 2_000) { store in [try store.constrainedValue("AutoNormal.loc.mu")!.scalarValue] }[0]
        }
        let (vectorised, looped) = (try fittedMu(vectorize: true), try fittedMu(vectorize: false))
        #expect(abs(vectorised - looped) < 0.3 * 3.3, "μ \(vectorised) vs \(looped)")
    }

    /// A model that does not broadcast over the particle axis is a typed
    /// error, not a crash.
    @Test func aModelThatDoesNotBroadcastIsAnError() throws {
        let x = try Tensor<Double>.identity(3)
        let model = { (c: ModelContext<Double>) throws -> Void in
            let w = try c.sample("w", Normal(loc: Tensor.zeros([3]), scale: Tensor(1.0)).independent(reinterpretingBatchRank: 1))
            try c.sample("y", Normal(loc: matmul(x, w), scale: Tensor(1.0)).independent(reinterpretingBatchRank: 1), observed: Tensor([1.0, 0, 1]))
        }
        let guide = AutoNormal(model: model)
        let objective = try TraceELBO<Double>(particles: 4, vectorizeParticles: true)
        #expect(throws: (any Error).self) {
            _ = try objective.loss(model: model, guide: guide.callAsFunction, context: ModelContext())
        }
    }
}

/// The eight-schools model, as in `LatentModels`, for the inference tests.
enum EightSchoolsModel {
    static let effects: [Double] = [28, 8, -3, 7, -1, 1, 18, 12]
    static let errors: [Double] = [15, 10, 16, 11, 9, 11, 10, 18]

    static func model(_ c: ModelContext<Double>) throws {
        let mu = try c.sample("mu", Normal(loc: 0.0, scale: 5.0))
        let tau = try c.sample("tau", HalfCauchy(scale: Tensor(5.0)))
        try c.plate("schools", size: 8) { _ in
            let standardized = try c.sample("theta_trans", Normal(loc: 0.0, scale: 1.0))
            try c.sample("y", Normal(loc: mu + tau * standardized, scale: Tensor(errors)), observed: Tensor(effects))
        }
    }
}
