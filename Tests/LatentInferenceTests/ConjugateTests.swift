import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

/// A conjugate model, a guide from the posterior's family, and the exact
/// posterior mean and sd.
struct ConjugateCase: Sendable, CustomTestStringConvertible {
    let name: String
    let model: @Sendable (ModelContext<Double>) throws -> Void
    let guide: @Sendable (ModelContext<Double>) throws -> Void
    /// The guide's mean and sd from its fitted parameters.
    let guideMoments: @Sendable (ParameterStore<Double>) throws -> [Double]
    let posteriorMean: Double
    let posteriorSD: Double
    var testDescription: String { name }

    static let flips: [Double] = [1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1,
                                  1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0]
    static let counts: [Double] = [4, 6, 5, 7, 3, 6, 5, 4, 8, 5, 6, 4, 5, 7, 6, 5, 4, 6, 5, 5, 6, 4, 7, 3]

    /// p ~ Beta(2, 2), 40 flips with h heads: p | x ~ Beta(2 + h, 2 + 40 − h).
    static let betaBernoulli: ConjugateCase = {
        let heads = flips.reduce(0, +)
        let (a, b) = (2 + heads, 2 + Double(flips.count) - heads)
        return ConjugateCase(
            name: "Beta–Bernoulli",
            model: { c in
                let p = try c.sample("p", Beta(concentration1: Tensor(2.0), concentration0: Tensor(2.0)))
                try c.plate("flips", size: flips.count) { _ in try c.sample("x", Bernoulli(probs: p), observed: Tensor(flips)) }
            },
            // Beta(μκ, (1 − μ)κ): mean μ and concentration κ are far better
            // conditioned for the optimiser than (a, b).
            guide: { c in
                let mean = try c.param("mean", Tensor(0.5), constraint: .unitInterval)
                let concentration = try c.param("concentration", Tensor(2.0), constraint: .positive)
                try c.sample("p", Beta(concentration1: mean * concentration, concentration0: (1 - mean) * concentration))
            },
            guideMoments: { store in
                let mean = try store.constrainedValue("mean")!.scalarValue
                let concentration = try store.constrainedValue("concentration")!.scalarValue
                return [mean, (mean * (1 - mean) / (concentration + 1)).squareRoot()]
            },
            posteriorMean: a / (a + b), posteriorSD: (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot())
    }()

    /// λ ~ Gamma(2, 1), n Poisson counts: λ | y ~ Gamma(2 + Σy, 1 + n).
    static let gammaPoisson: ConjugateCase = {
        let (shape, rate) = (2 + counts.reduce(0, +), 1 + Double(counts.count))
        return ConjugateCase(
            name: "Gamma–Poisson",
            model: { c in
                let rate = try c.sample("rate", Gamma(concentration: Tensor(2.0), rate: Tensor(1.0)))
                try c.plate("counts", size: counts.count) { _ in try c.sample("y", Poisson(rate: rate), observed: Tensor(counts)) }
            },
            // Gamma((m/s)², m/s²): parameterised by its mean m and sd s.
            guide: { c in
                let mean = try c.param("mean", Tensor(1.0), constraint: .positive)
                let sd = try c.param("sd", Tensor(1.0), constraint: .positive)
                let ratio = try mean / sd
                try c.sample("rate", Gamma(concentration: ratio * ratio, rate: ratio / sd))
            },
            guideMoments: { store in [try store.constrainedValue("mean")!.scalarValue, try store.constrainedValue("sd")!.scalarValue] },
            posteriorMean: shape / rate, posteriorSD: shape.squareRoot() / rate)
    }()

    /// μ ~ N(0, 10), yᵢ ~ N(μ, 1): μ | y ~ N(Σy/(n + 1/100), 1/√(n + 1/100)).
    static let normalNormal: ConjugateCase = {
        let data = SVITests.data
        let precision = 1.0 / 100 + Double(data.count)
        return ConjugateCase(
            name: "Normal–Normal", model: { try normalModel(data)($0) }, guide: { try normalGuide($0) },
            guideMoments: { store in [try store.constrainedValue("m")!.scalarValue, try store.constrainedValue("s")!.scalarValue] },
            posteriorMean: data.scalars.reduce(0, +) / precision, posteriorSD: (1 / precision).squareRoot())
    }()
}

/// Every objective whose optimum over a family holding the posterior is
/// the posterior.
enum ObjectiveChoice: String, CaseIterable, Sendable {
    case trace, meanField, renyiHalf, importanceWeightedDReG, stickingTheLanding

    func make() throws -> any Objective<Double> {
        switch self {
        case .trace: try TraceELBO(particles: 4)
        case .meanField: try MeanFieldELBO(particles: 4)
        case .renyiHalf: try RenyiELBO(alpha: 0.5, particles: 4)
        case .importanceWeightedDReG: try ImportanceWeightedELBO(particles: 4, gradient: .doublyReparameterized)
        case .stickingTheLanding: try ImportanceWeightedELBO(particles: 1, gradient: .stickingTheLanding)
        }
    }
}

@Suite("Conjugate models reach the analytic posterior under every objective")
struct ConjugateTests {
    /// SVI (Adam 0.05, 1,500 steps, then 600 averaged at 0.005): the
    /// guide's mean within 0.1 posterior sd of the exact mean and its sd
    /// within 10% of the exact sd. (The averaged stochastic optimum wanders
    /// by a few hundredths of a posterior sd at this rate.)
    @Test(arguments: [ConjugateCase.betaBernoulli, .gammaPoisson, .normalNormal], ObjectiveChoice.allCases)
    func reachesThePosterior(_ conjugate: ConjugateCase, _ objective: ObjectiveChoice) throws {
        let svi = SVI(model: conjugate.model, guide: conjugate.guide, objective: try objective.make(),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 51))
        let moments = try fitAndAverage(svi, steps: 1_500, averaging: 600, read: conjugate.guideMoments)
        #expect(abs(moments[0] - conjugate.posteriorMean) < 0.1 * conjugate.posteriorSD,
                "mean \(moments[0]) vs \(conjugate.posteriorMean)")
        #expect(abs(moments[1] / conjugate.posteriorSD - 1) < 0.1, "sd \(moments[1]) vs \(conjugate.posteriorSD)")
    }
}
