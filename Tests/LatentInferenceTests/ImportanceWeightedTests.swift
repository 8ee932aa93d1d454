import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

/// μ ~ N(0, 1), y ~ N(μ, 1) observed once: the posterior is N(y/2, 1/2)
/// and the evidence p(y) = N(y; 0, √2).
private func conjugateModel(_ y: Double) -> (ModelContext<Double>) throws -> Void {
    { c in
        let mu = try c.sample("mu", Normal(loc: 0.0, scale: 1.0))
        try c.sample("y", Normal(loc: mu, scale: Tensor(1.0)), observed: Tensor(y))
    }
}

/// The loss and its gradient by parameter name, with the guide at (m, s).
private func lossAndGradients(
    _ objective: any Objective<Double>, y: Double, m: Double, s: Double, seed: UInt64
) throws -> (loss: Double, gradients: [String: Double]) {
    let context = ModelContext<Double>(seed: seed)
    _ = try context.trace(normalGuide)
    context.parameters.setUnconstrainedValue("m", Tensor(m))
    context.parameters.setUnconstrainedValue("s", Tensor(Double.log(s)))
    var names: [String] = []
    let (value, gradients) = try valueWithGradients { (scope: DifferentiationScope<Double>) in
        let (loss, tracked) = try context.parameters.tracking(in: scope) {
            try objective.loss(model: conjugateModel(y), guide: normalGuide, context: context)
        }
        names = tracked
        return loss
    }
    return (try value.scalarValue, Dictionary(uniqueKeysWithValues: zip(names, try gradients.map { try $0.scalarValue })))
}

@Suite("Importance-weighted and Rényi bounds")
struct ImportanceWeightedTests {
    let y = 1.2
    var logEvidence: Double { try! Normal(loc: 0.0, scale: 2.0.squareRoot()).logProb(of: Tensor(y)).scalarValue }

    /// At the exact posterior every weight p(y, z)/q(z) equals p(y), so
    /// every bound is log p(y) whatever the draws, and STL and DReG give
    /// exactly zero guide gradient while the standard estimator does not.
    @Test func atTheExactPosteriorEveryBoundIsTheLogEvidence() throws {
        let (m, s) = (y / 2, 0.5.squareRoot())
        let objectives: [any Objective<Double>] = [
            try TraceELBO(particles: 1), try ImportanceWeightedELBO(particles: 5),
            try RenyiELBO(alpha: 0.5, particles: 5), try RenyiELBO(alpha: -1, particles: 3),
        ]
        for objective in objectives {
            let (loss, _) = try lossAndGradients(objective, y: y, m: m, s: s, seed: 3)
            #expect(isClose(loss, -logEvidence, tolerance: 1e-12), "\(type(of: objective))")
        }
        for estimator in [ImportanceGradient.stickingTheLanding, .doublyReparameterized] {
            let (_, gradients) = try lossAndGradients(ImportanceWeightedELBO(particles: 4, gradient: estimator), y: y, m: m, s: s, seed: 4)
            #expect(gradients.values.allSatisfy { abs($0) < 1e-12 }, "\(estimator): \(gradients)")
        }
        let (_, standard) = try lossAndGradients(ImportanceWeightedELBO(particles: 4), y: y, m: m, s: s, seed: 4)
        #expect(abs(standard["s"]!) > 1e-3)
    }

    /// K = 3 draws zₖ = m + sεₖ under one seed, normalised weights w̃ₖ.
    /// By hand, ∂log wₖ/∂m = y − 2zₖ at fixed ε, and the frozen-q path
    /// derivative is y − 2zₖ + (zₖ − m)/s², so ∂loss/∂m is
    /// −Σ w̃ₖ(y − 2zₖ) (standard), −Σ w̃ₖ(y − 2zₖ + (zₖ−m)/s²) (STL) and
    /// −Σ w̃ₖ²(y − 2zₖ + (zₖ−m)/s²) (DReG); all to 1e-9.
    @Test func threeParticleGradientsEqualTheHandDerivedOnes() throws {
        let (m, s, seed) = (0.1, 0.8, UInt64(7))
        let context = ModelContext<Double>(seed: seed)
        _ = try context.trace(normalGuide)
        context.parameters.setUnconstrainedValue("m", Tensor(m))
        context.parameters.setUnconstrainedValue("s", Tensor(Double.log(s)))
        // The objective draws z₁, z₂, z₃ from the context's generator in this order.
        let z = try (0..<3).map { _ in try context.trace(normalGuide)["mu"]!.value!.scalarValue }
        let logW = try z.map { zk in
            try Normal(loc: zk, scale: 1.0).logProb(of: Tensor(y)).scalarValue
                + Normal(loc: 0.0, scale: 1.0).logProb(of: Tensor(zk)).scalarValue
                - Normal(loc: m, scale: s).logProb(of: Tensor(zk)).scalarValue
        }
        let top = logW.max()!
        let total = logW.reduce(0) { $0 + Double.exp($1 - top) }
        let w = logW.map { Double.exp($0 - top) / total }
        let direct = z.map { y - 2 * $0 }
        let frozen = z.map { y - 2 * $0 + ($0 - m) / (s * s) }
        let expected: [(ImportanceGradient, Double)] = [
            (.standard, -zip(w, direct).reduce(0) { $0 + $1.0 * $1.1 }),
            (.stickingTheLanding, -zip(w, frozen).reduce(0) { $0 + $1.0 * $1.1 }),
            (.doublyReparameterized, -zip(w, frozen).reduce(0) { $0 + $1.0 * $1.0 * $1.1 }),
        ]
        for (estimator, dm) in expected {
            let (loss, gradients) = try lossAndGradients(ImportanceWeightedELBO(particles: 3, gradient: estimator), y: y, m: m, s: s, seed: seed)
            #expect(isClose(loss, -(top + Double.log(total / 3)), tolerance: 1e-12))
            #expect(isClose(gradients["m"]!, dm, tolerance: 1e-9), "\(estimator)")
        }
    }

    /// E[L₁] ≤ E[L₁₀] ≤ log p(y) (Burda et al., theorem 1), at a guide far
    /// from the posterior: the gaps (≈ 0.5 nats for K = 1) are many
    /// standard errors of 400 evaluations (false failure < 1e-6).
    @Test func moreParticlesGiveATighterBound() throws {
        func meanAndError(_ particles: Int) throws -> (Double, Double) {
            let objective = try ImportanceWeightedELBO<Double>(particles: particles)
            let bounds = try (0..<400).map { try -lossAndGradients(objective, y: y, m: 0, s: 1, seed: UInt64(100 + $0)).loss }
            let mean = bounds.reduce(0, +) / 400
            let variance = bounds.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 399
            return (mean, (variance / 400).squareRoot())
        }
        let (one, oneError) = try meanAndError(1)
        let (ten, tenError) = try meanAndError(10)
        #expect(one + 5 * (oneError + tenError) < ten, "L1 \(one), L10 \(ten)")
        #expect(ten < logEvidence + 5 * tenError, "L10 \(ten), log p \(logEvidence)")
        #expect(logEvidence - one > 0.3)
    }

    /// DReG is unbiased for the IWAE gradient: over 1,000 seeds its mean
    /// ∂/∂m and ∂/∂s agree with the standard estimator's within 5 combined
    /// standard errors, and it is the quieter one for the scale.
    @Test func doublyReparameterizedGradientsAreUnbiasedAndQuieter() throws {
        func moments(_ estimator: ImportanceGradient, _ name: String) throws -> (mean: Double, variance: Double) {
            let objective = try ImportanceWeightedELBO<Double>(particles: 8, gradient: estimator)
            let draws = try (0..<1_000).map { try lossAndGradients(objective, y: y, m: 0.2, s: 1.1, seed: UInt64(5_000 + $0)).gradients[name]! }
            let mean = draws.reduce(0, +) / 1_000
            return (mean, draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 999)
        }
        for name in ["m", "s"] {
            let standard = try moments(.standard, name)
            let dreg = try moments(.doublyReparameterized, name)
            let error = ((standard.variance + dreg.variance) / 1_000).squareRoot()
            #expect(abs(standard.mean - dreg.mean) < 5 * error, "\(name): \(standard) vs \(dreg)")
            if name == "s" { #expect(dreg.variance < standard.variance, "\(dreg.variance) vs \(standard.variance)") }
        }
    }

    /// The IWAE optimum over a family that holds the posterior is the
    /// posterior: SVI with DReG gradients reaches N(Σy/(n + 1/100), …).
    @Test func fittingWithDReGReachesTheAnalyticPosterior() throws {
        let data = SVITests.data
        let svi = SVI(model: normalModel(data), guide: normalGuide,
                      objective: try ImportanceWeightedELBO(particles: 4, gradient: .doublyReparameterized),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 8))
        let fitted = try fitAndAverage(svi, steps: 1_000) { store in
            [try store.constrainedValue("m")!.scalarValue, try store.constrainedValue("s")!.scalarValue]
        }
        let precision = 1.0 / 100 + Double(data.count)
        let (mean, sd) = (data.scalars.reduce(0, +) / precision, (1 / precision).squareRoot())
        #expect(abs(fitted[0] - mean) < 0.1 * sd, "m = \(fitted[0]), posterior mean \(mean)")
        #expect(abs(fitted[1] - sd) < 0.1 * sd, "s = \(fitted[1]), posterior sd \(sd)")
    }

    @Test func badSettingsAreNamedErrors() throws {
        #expect(throws: InferenceError.self) { try RenyiELBO<Double>(alpha: 1, particles: 2) }
        #expect(throws: InferenceError.self) { try RenyiELBO<Double>(alpha: 0.5, particles: 2, gradient: .doublyReparameterized) }
        #expect(throws: InferenceError.self) { try ImportanceWeightedELBO<Double>(particles: 0) }
        let discreteGuide = { (c: ModelContext<Double>) throws -> Void in
            try c.sample("mu", Bernoulli(probs: Tensor(0.5)))
        }
        let objective = try ImportanceWeightedELBO<Double>(particles: 2, gradient: .stickingTheLanding)
        #expect(throws: InferenceError.self) {
            _ = try objective.loss(model: conjugateModel(y), guide: discreteGuide, context: ModelContext())
        }
    }
}
