import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

/// L-BFGS and Pathfinder on models, against closed forms. The model:
/// λ ~ Gamma(a, b), yᵢ ~ N(0, 1/√λ), whose posterior is
/// Gamma(a + n/2, b + S/2) with S = Σyᵢ²: mean α/β, sd √α/β, mode
/// (α − 1)/β, and on u = log λ the mode of f is at λ = α/β (the Jacobian
/// adds u) with −f''(û) = α.
@Suite("L-BFGS and Pathfinder on models")
struct ModelLevelOptimizationTests {
    let y = (0..<40).map { i in 0.8 * Double.sin(Double(i) * 1.3) + 0.1 }
    let a = 2.0, b = 1.5
    var alpha: Double { a + Double(y.count) / 2 }
    var beta: Double { b + y.reduce(0) { $0 + $1 * $1 } / 2 }

    /// Stops on the absolute gradient and step tests only.
    var exactSearch: LBFGS<Double> {
        get throws { try LBFGS(relativeObjectiveTolerance: 0, relativeGradientTolerance: 0) }
    }

    func model(_ c: ModelContext<Double>) throws {
        let precision = try c.sample("precision", Gamma(concentration: a, rate: b))
        _ = try c.sample("y", Normal(loc: Tensor(0.0), scale: 1 / sqrt(precision)), observed: Tensor(y))
    }

    /// MAP by L-BFGS through AutoDelta: the posterior mode (α − 1)/β. With
    /// the relative tests off the search stops at |∇f| < 1e-8 or a step
    /// below 1e-8, so the mode is right to about 1e-8/f'' ≈ 1e-8.
    @Test func lbfgsFindsTheMAPThroughAutoDelta() throws {
        let guide = AutoDelta(model: model)
        let context = ModelContext<Double>(seed: 1)
        let objective = try TraceELBO<Double>()
        let result = try exactSearch.minimize(context.parameters) {
            try objective.loss(model: model, guide: guide.callAsFunction, context: context)
        }
        #expect(result.termination.isConverged, "\(result.termination)")
        let mode = try context.parameters.constrainedValue("AutoDelta.precision")!.scalarValue
        #expect(isClose(mode, (alpha - 1) / beta, tolerance: 1e-7), "\(mode) vs \((alpha - 1) / beta)")
    }

    /// The Laplace guide's mode by L-BFGS, then its Gaussian: on u = log λ
    /// the mode is log(α/β) and the sd 1/√α (the search as above; the
    /// Hessian's differences add about 1e-10).
    @Test func lbfgsGivesTheLaplaceApproximationsMode() throws {
        let guide = AutoLaplaceApproximation(model: model)
        let context = ModelContext<Double>(seed: 2)
        let objective = try TraceELBO<Double>()
        try exactSearch.minimize(context.parameters) {
            try objective.loss(model: model, guide: guide.callAsFunction, context: context)
        }
        let gaussian = try guide.laplaceApproximation(context: context)
        let (loc, sd) = (try gaussian.loc(in: context).scalarValue, try gaussian.scaleTril(in: context).scalars[0])
        #expect(isClose(loc, Double.log(alpha / beta), tolerance: 1e-7), "\(loc) vs \(Double.log(alpha / beta))")
        #expect(isClose(sd, 1 / alpha.squareRoot(), tolerance: 1e-7), "\(sd) vs \(1 / alpha.squareRoot())")
    }

    /// Pathfinder's resampled draws of λ: their mean within 4 standard
    /// errors (√α/β/√M, M = 1,000 draws, inflated by 1.5 for resampling
    /// with replacement) of α/β; false-failure rate below 1e-3.
    @Test func pathfindersDrawsMatchTheGammaPosterior() throws {
        let density = try UnconstrainedLogDensity(model: model, context: ModelContext(seed: 3))
        let draws = try density.pathfinder()
        let lambda = draws.sites["precision"]!.scalars
        #expect(lambda.count == 1_000)
        let mean = lambda.reduce(0, +) / Double(lambda.count)
        let standardError = 1.5 * alpha.squareRoot() / beta / Double(lambda.count).squareRoot()
        #expect(abs(mean - alpha / beta) < 4 * standardError, "\(mean) vs \(alpha / beta)")
        #expect((draws.result.paretoK ?? 1) < 0.7, "k̂ \(draws.result.paretoK ?? .nan)")
    }

    @Test func aLossThatReadsNoParameterIsRefused() throws {
        #expect(throws: InferenceError.self) {
            try LBFGS<Double>().minimize(ParameterStore()) { Tensor(1.0) }
        }
    }
}
