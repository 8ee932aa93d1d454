import LatentCore
import LatentDistributions
import LatentInference
import LatentModels
import LatentTestSupport
import Testing

/// A compiled SVI step is the eager step: two runs from identical fresh
/// state (same model and data, fresh guide and objective instances, Adam,
/// the same seed), one with ``StepCompilation/automatic`` and one with
/// ``StepCompilation/off``, give the same loss at every step and the same
/// unconstrained parameters and generator state after it. The eager run is
/// the reference: the replay performs the eager step's floating-point
/// operations in the same order, so the tolerance is zero (bit patterns
/// compared; only the sign of a zero may differ). The automatic run
/// captures step 2, checks a replay against step 3 and replays steps 4–8,
/// so a replay that drifted by one ulp anywhere shows in the later losses.
@Suite("Compiled SVI steps equal eager steps")
struct CompiledStepEquivalenceTests {
    @Test("Every example model with AutoNormal and Trace ELBO", arguments: ExampleModel.allCases)
    func everyModel(_ model: ExampleModel) throws {
        try checkEquivalence(Combination(model, .autoNormal, .trace))
    }

    @Test("Every objective on eight schools with AutoNormal", arguments: ObjectiveKind.allCases)
    func everyObjective(_ objective: ObjectiveKind) throws {
        try checkEquivalence(Combination(.eightSchools, .autoNormal, objective))
    }

    @Test("Every autoguide on eight schools with Trace ELBO", arguments: GuideKind.autoguides)
    func everyAutoguide(_ guide: GuideKind) throws {
        try checkEquivalence(Combination(.eightSchools, guide, .trace))
    }

    @Test("Mixed models, guides and objectives", arguments: [
        Combination(.logisticRegressionOnMinibatches, .autoMultivariateNormal, .doublyReparameterized),
        Combination(.logisticRegressionOnMinibatches, .autoLowRankMultivariateNormal, .renyi),
        Combination(.logisticRegressionOnMinibatches, .autoNormal, .stickingTheLanding),
        Combination(.bayesianLinearRegression, .autoIAFNormal, .renyi),
        Combination(.gaussianMixture, .autoMultivariateNormal, .importanceWeighted),
        Combination(.eightSchoolsNoncentered, .autoNormal, .vectorizedTrace),
        Combination(.kidIQ, .autoLaplaceApproximation, .stickingTheLanding),
        Combination(.mesquite, .autoDelta, .traceFourParticles),
        Combination(.sblri, .autoNormal, .meanField),
        Combination(.eightSchoolsNoncentered, .autoLaplaceApproximation, .importanceWeighted),
        Combination(.lowDimensionalGaussianMixture, .autoNormal, .meanField),
        Combination(.lowDimensionalGaussianMixture, .autoDelta, .trace),
        Combination(.probabilisticPCAOnMinibatches, .written, .trace),
        Combination(.amortisedProbabilisticPCAOnMinibatches, .written, .vectorizedTrace),
    ])
    func mixed(_ combination: Combination) throws {
        try checkEquivalence(combination)
    }

    /// A discrete latent site is drawn by reading its probability and gets
    /// score-function gradients whose baseline reads the step's cost, so its
    /// step stays eager, saying why (and the two runs still agree).
    @Test("A score-function site stays eager")
    func scoreFunctionSite() throws {
        try checkEquivalence(Combination(.discreteLatent, .written, .trace))
    }
}

/// Runs `combination` compiled and eagerly for `steps` steps and compares them.
private func checkEquivalence(_ combination: Combination, steps: Int = 8) throws {
    let automatic = try combination.svi(compilation: .automatic)
    let eager = try combination.svi(compilation: .off)
    let compiledLosses = try automatic.run(steps: steps)
    let eagerLosses = try eager.run(steps: steps)
    for (step, (compiled, reference)) in zip(compiledLosses, eagerLosses).enumerated() {
        #expect(sameNumber(compiled, reference), "loss at step \(step + 1): \(compiled) against \(reference)")
    }
    let (compiledStore, eagerStore) = (automatic.context.parameters, eager.context.parameters)
    #expect(compiledStore.names == eagerStore.names)
    for name in eagerStore.names {
        let compiled = try #require(compiledStore.unconstrainedValue(name)), reference = try #require(eagerStore.unconstrainedValue(name))
        #expect(compiled.shape == reference.shape && zip(compiled.scalars, reference.scalars).allSatisfy(sameNumber),
                "\(name): \(compiled.scalars.prefix(4)) against \(reference.scalars.prefix(4))")
    }
    #expect(automatic.context.generator == eager.context.generator, "the generators end in different states")
    #expect(eager.compilationStatus == .eager(reason: "compilation is off"))
    switch (automatic.compilationStatus, combination.expectedEagerReason) {
    case (.compiled, nil): break
    case let (status, reason?): #expect(status == .eager(reason: reason))
    case let (status, nil): Issue.record("expected compiled steps, got \(status)")
    }
}

/// Whether two numbers have the same bits, up to the sign of a zero.
private func sameNumber(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a == 0 && b == 0)
}

/// One model, guide and objective, built afresh for every run.
struct Combination: Sendable, CustomTestStringConvertible {
    let model: ExampleModel
    let guide: GuideKind
    let objective: ObjectiveKind

    init(_ model: ExampleModel, _ guide: GuideKind, _ objective: ObjectiveKind) {
        self.model = model
        self.guide = guide
        self.objective = objective
    }

    var testDescription: String { "\(model), \(guide), \(objective)" }

    /// Why the automatic run stays eager, or nil when its steps compile.
    var expectedEagerReason: String? {
        // Drawing a discrete z reads its probability (a draw the program cannot replay), and its baseline reads the cost.
        model == .discreteLatent ? "a value computed in the step was read by `scalars`" : nil
    }

    /// SVI with Adam (rate 0.01) from seed 3, every part new.
    func svi(compilation: StepCompilation) throws -> SVI<Double, Void, Void> {
        let model = try self.model.model()
        let svi = SVI(model: model, guide: try guide.make(for: self.model, model: model), objective: try objective.make(),
                      optimizer: try Adam(learningRate: 0.01), context: ModelContext(seed: 3))
        svi.compilation = compilation
        return svi
    }
}

typealias ModelFunction = (ModelContext<Double>) throws -> Void

/// The example models of LatentModels on small data (the posteriordb ones
/// on their bundled data), and a test model with a discrete latent.
enum ExampleModel: Sendable, CaseIterable, CustomTestStringConvertible {
    case eightSchools
    case logisticRegression
    case logisticRegressionOnMinibatches
    case bayesianLinearRegression
    case gaussianMixture
    case probabilisticPCA
    case probabilisticPCAOnMinibatches
    case amortisedProbabilisticPCAOnMinibatches
    case eightSchoolsNoncentered
    case kidIQ
    case mesquite
    case sblri
    case lowDimensionalGaussianMixture
    case discreteLatent

    static var allCases: [ExampleModel] {
        [.eightSchools, .logisticRegression, .logisticRegressionOnMinibatches, .bayesianLinearRegression, .gaussianMixture,
         .probabilisticPCA, .eightSchoolsNoncentered, .kidIQ, .mesquite, .sblri, .lowDimensionalGaussianMixture]
    }

    var testDescription: String { "\(self)" }

    func model() throws -> ModelFunction {
        switch self {
        case .eightSchools: return EightSchools().model
        case .logisticRegression, .logisticRegressionOnMinibatches:
            let data = try LogisticRegression.synthetic(n: 200, d: 3, seed: 1)
            let batch = self == .logisticRegression ? 200 : 20
            return try LogisticRegression(covariates: data.x, labels: data.y, batchSize: batch).model
        case .bayesianLinearRegression:
            let data = try BayesianLinearRegression.synthetic(n: 30, weights: [2, -1], noise: 0.5, seed: 2)
            return try BayesianLinearRegression(covariates: data.x, responses: data.y).model
        case .gaussianMixture:
            return try GaussianMixture(data: GaussianMixture.synthetic(n: 100, seed: 4)).model
        case .probabilisticPCA: return try probabilisticPCA().model
        case .probabilisticPCAOnMinibatches: return try probabilisticPCA(batchSize: 10).model
        case .amortisedProbabilisticPCAOnMinibatches: return try probabilisticPCA(batchSize: 10, localGuide: .amortised).model
        case .eightSchoolsNoncentered:
            let data = try PosteriorData.load("eight_schools")
            return try PosteriorDatabase.EightSchools(y: Tensor(data.vector("y")), sigma: Tensor(data.vector("sigma"))).model
        case .kidIQ:
            let data = try PosteriorData.load("kidiq")
            return try PosteriorDatabase.KidIQ(kidScore: Tensor(data.vector("kid_score")), momIQ: Tensor(data.vector("mom_iq"))).model
        case .mesquite:
            let data = try PosteriorData.load("mesquite")
            let columns = try ["weight", "diam1", "diam2", "canopy_height", "total_height", "density", "group"].map { try Tensor(data.vector($0)) }
            return try PosteriorDatabase.Mesquite(
                weight: columns[0], diam1: columns[1], diam2: columns[2], canopyHeight: columns[3], totalHeight: columns[4],
                density: columns[5], group: columns[6]).model
        case .sblri:
            let data = try PosteriorData.load("sblri")
            return try PosteriorDatabase.SBLRI(x: Tensor(rows: data.matrix("X")), y: Tensor(data.vector("y"))).model
        case .lowDimensionalGaussianMixture:
            let data = try PosteriorData.load("low_dim_gauss_mix")
            return try PosteriorDatabase.LowDimensionalGaussianMixture(y: Tensor(data.vector("y"))).model
        case .discreteLatent:
            return DiscreteLatent.model
        }
    }

    /// The model's own guide, for those that come with one.
    func writtenGuide() throws -> ModelFunction? {
        switch self {
        case .probabilisticPCAOnMinibatches: return try probabilisticPCA(batchSize: 10).guide
        case .amortisedProbabilisticPCAOnMinibatches: return try probabilisticPCA(batchSize: 10, localGuide: .amortised).guide
        case .discreteLatent: return DiscreteLatent.guide
        default: return nil
        }
    }

    private func probabilisticPCA(
        batchSize: Int? = nil, localGuide: ProbabilisticPCA.LocalGuide = .perObservation
    ) throws -> ProbabilisticPCA {
        let data = try ProbabilisticPCA.synthetic(n: 40, dimension: 4, latentDimension: 2, noise: 0.4, seed: 5)
        return try ProbabilisticPCA(data: data.x, latentDimension: 2, batchSize: batchSize, localGuide: localGuide)
    }
}

/// A two-component choice z ~ Bernoulli(0.3) with a continuous shift μ ~ N(0, 1),
/// yᵢ ~ N(μ + 2z − 1, 1); its guide draws z from Bernoulli(σ(ℓ)), a site
/// without pathwise gradients.
enum DiscreteLatent {
    static let observations = Tensor([0.8, 1.4, 0.3, 1.1])

    static func model(_ c: ModelContext<Double>) throws {
        let z = try c.sample("z", Bernoulli(probs: 0.3))
        let mu = try c.sample("mu", Normal(loc: 0.0, scale: 1.0))
        try c.plate("data", size: observations.count) { _ in
            try c.sample("y", Normal(loc: mu + 2 * z - 1, scale: Tensor(1.0)), observed: observations)
        }
    }

    static func guide(_ c: ModelContext<Double>) throws {
        let logit = try c.param("z.logit", Tensor(0.0))
        let loc = try c.param("mu.loc", Tensor(0.0))
        let scale = try c.param("mu.scale", Tensor(0.5), constraint: .positive)
        try c.sample("z", Bernoulli(logits: logit))
        try c.sample("mu", Normal(loc: loc, scale: scale))
    }
}

/// The guides: every autoguide, and a model's own written guide.
enum GuideKind: Sendable, CustomTestStringConvertible {
    case autoNormal
    case autoDelta
    case autoMultivariateNormal
    case autoLowRankMultivariateNormal
    case autoLaplaceApproximation
    case autoIAFNormal
    case written

    static let autoguides: [GuideKind] = [
        .autoNormal, .autoDelta, .autoMultivariateNormal, .autoLowRankMultivariateNormal, .autoLaplaceApproximation, .autoIAFNormal,
    ]

    var testDescription: String { "\(self)" }

    /// A new instance of the guide for `model`.
    func make(for example: ExampleModel, model: @escaping ModelFunction) throws -> ModelFunction {
        switch self {
        case .autoNormal: return AutoNormal(model: model).callAsFunction
        case .autoDelta: return AutoDelta(model: model).callAsFunction
        case .autoMultivariateNormal: return AutoMultivariateNormal(model: model).callAsFunction
        case .autoLowRankMultivariateNormal: return AutoLowRankMultivariateNormal(model: model).callAsFunction
        case .autoLaplaceApproximation: return AutoLaplaceApproximation(model: model).callAsFunction
        case .autoIAFNormal: return AutoIAFNormal(model: model).callAsFunction
        case .written: return try #require(try example.writtenGuide())
        }
    }
}

/// Every objective: Trace ELBO (one particle, four, four vectorised),
/// mean-field ELBO, the importance-weighted bound with each of its
/// gradients, and a Rényi bound.
enum ObjectiveKind: Sendable, CaseIterable, CustomTestStringConvertible {
    case trace
    case traceFourParticles
    case vectorizedTrace
    case meanField
    case importanceWeighted
    case stickingTheLanding
    case doublyReparameterized
    case renyi

    var testDescription: String { "\(self)" }

    func make() throws -> any Objective<Double> {
        switch self {
        case .trace: return try TraceELBO()
        case .traceFourParticles: return try TraceELBO(particles: 4)
        case .vectorizedTrace: return try TraceELBO(particles: 4, vectorizeParticles: true)
        case .meanField: return try MeanFieldELBO()
        case .importanceWeighted: return try ImportanceWeightedELBO(particles: 4)
        case .stickingTheLanding: return try ImportanceWeightedELBO(particles: 4, gradient: .stickingTheLanding)
        case .doublyReparameterized: return try ImportanceWeightedELBO(particles: 4, gradient: .doublyReparameterized)
        case .renyi: return try RenyiELBO(alpha: 0.5, particles: 4)
        }
    }
}
