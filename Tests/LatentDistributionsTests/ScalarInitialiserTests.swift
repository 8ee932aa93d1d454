import LatentCore
import LatentDistributions
import Testing

/// One family built twice at the same setting, from plain numbers and from
/// tensors, and a value at which to compare the two log-densities.
struct ScalarInitialiserCase: Sendable, CustomTestStringConvertible {
    let name: String
    let fromScalars: @Sendable () throws -> any Distribution<Double>
    let fromTensors: @Sendable () throws -> any Distribution<Double>
    let value: @Sendable () throws -> Tensor<Double>
    var testDescription: String { name }

    init(
        _ name: String, at value: @autoclosure @escaping @Sendable () throws -> Tensor<Double>,
        _ fromScalars: @escaping @Sendable () throws -> any Distribution<Double>,
        _ fromTensors: @escaping @Sendable () throws -> any Distribution<Double>
    ) {
        self.name = name
        self.value = value
        self.fromScalars = fromScalars
        self.fromTensors = fromTensors
    }
}

/// Every family, in each of its parameterisations. The settings are asymmetric (no two parameters
/// equal), so that a scalar initialiser passing its arguments on in the
/// wrong places gives a different log-density.
let scalarInitialiserCases: [ScalarInitialiserCase] = [
    // Continuous.
    .init("Beta", at: Tensor(0.3), { try Beta(concentration1: 2.5, concentration0: 1.5) },
          { try Beta(concentration1: Tensor(2.5), concentration0: Tensor(1.5)) }),
    .init("Cauchy", at: Tensor(1.1), { try Cauchy(loc: 0.3, scale: 1.7) }, { try Cauchy(loc: Tensor(0.3), scale: Tensor(1.7)) }),
    .init("ChiSquared", at: Tensor(1.1), { try ChiSquared(degreesOfFreedom: 3.5) },
          { try ChiSquared(degreesOfFreedom: Tensor(3.5)) }),
    .init("ContinuousBernoulli(probs)", at: Tensor(0.4), { try ContinuousBernoulli(probs: 0.3) },
          { try ContinuousBernoulli(probs: Tensor(0.3)) }),
    .init("ContinuousBernoulli(logits)", at: Tensor(0.4), { try ContinuousBernoulli(logits: 0.8) },
          { try ContinuousBernoulli(logits: Tensor(0.8)) }),
    .init("Delta", at: Tensor(1.1), { try Delta(value: 1.1, logDensity: -0.7) },
          { try Delta(value: Tensor(1.1), logDensity: Tensor(-0.7)) }),
    .init("Exponential", at: Tensor(1.1), { try Exponential(rate: 1.7) }, { try Exponential(rate: Tensor(1.7)) }),
    .init("Gamma", at: Tensor(1.1), { try Gamma(concentration: 2.5, rate: 1.5) },
          { try Gamma(concentration: Tensor(2.5), rate: Tensor(1.5)) }),
    .init("Gumbel", at: Tensor(1.1), { try Gumbel(loc: 0.3, scale: 1.7) }, { try Gumbel(loc: Tensor(0.3), scale: Tensor(1.7)) }),
    .init("HalfCauchy", at: Tensor(1.1), { try HalfCauchy(scale: 1.7) }, { try HalfCauchy(scale: Tensor(1.7)) }),
    .init("HalfNormal", at: Tensor(1.1), { try HalfNormal(scale: 1.7) }, { try HalfNormal(scale: Tensor(1.7)) }),
    .init("InverseGamma", at: Tensor(1.1), { try InverseGamma(concentration: 2.5, scale: 1.5) },
          { try InverseGamma(concentration: Tensor(2.5), scale: Tensor(1.5)) }),
    .init("Laplace", at: Tensor(1.1), { try Laplace(loc: 0.3, scale: 1.7) }, { try Laplace(loc: Tensor(0.3), scale: Tensor(1.7)) }),
    .init("Logistic", at: Tensor(1.1), { try Logistic(loc: 0.3, scale: 1.7) },
          { try Logistic(loc: Tensor(0.3), scale: Tensor(1.7)) }),
    .init("LogNormal", at: Tensor(1.1), { try LogNormal(loc: 0.3, scale: 0.8) },
          { try LogNormal(loc: Tensor(0.3), scale: Tensor(0.8)) }),
    .init("Normal", at: Tensor(1.1), { try Normal(loc: 0.3, scale: 1.7) }, { try Normal(loc: Tensor(0.3), scale: Tensor(1.7)) }),
    .init("Pareto", at: Tensor(1.1), { try Pareto(scale: 0.5, alpha: 2.5) }, { try Pareto(scale: Tensor(0.5), alpha: Tensor(2.5)) }),
    .init("StudentT", at: Tensor(1.1), { try StudentT(degreesOfFreedom: 3.5, loc: 0.3, scale: 1.7) },
          { try StudentT(degreesOfFreedom: Tensor(3.5), loc: Tensor(0.3), scale: Tensor(1.7)) }),
    .init("Uniform", at: Tensor(1.1), { try Uniform(low: -0.5, high: 2.0) }, { try Uniform(low: Tensor(-0.5), high: Tensor(2.0)) }),
    .init("VonMises", at: Tensor(1.1), { try VonMises(loc: 0.3, concentration: 2.5) },
          { try VonMises(loc: Tensor(0.3), concentration: Tensor(2.5)) }),
    .init("Weibull", at: Tensor(1.1), { try Weibull(scale: 1.5, concentration: 2.5) },
          { try Weibull(scale: Tensor(1.5), concentration: Tensor(2.5)) }),
    // Discrete.
    .init("Bernoulli(probs)", at: Tensor(1.0), { try Bernoulli(probs: 0.3) }, { try Bernoulli(probs: Tensor(0.3)) }),
    .init("Bernoulli(logits)", at: Tensor(1.0), { try Bernoulli(logits: 0.8) }, { try Bernoulli(logits: Tensor(0.8)) }),
    .init("BetaBinomial", at: Tensor(2.0), { try BetaBinomial(totalCount: 7, concentration1: 2.5, concentration0: 1.5) },
          { try BetaBinomial(totalCount: Tensor(7.0), concentration1: Tensor(2.5), concentration0: Tensor(1.5)) }),
    .init("Binomial(probs)", at: Tensor(2.0), { try Binomial(totalCount: 7, probs: 0.3) },
          { try Binomial(totalCount: Tensor(7.0), probs: Tensor(0.3)) }),
    .init("Binomial(logits)", at: Tensor(2.0), { try Binomial(totalCount: 7, logits: 0.8) },
          { try Binomial(totalCount: Tensor(7.0), logits: Tensor(0.8)) }),
    .init("Geometric(probs)", at: Tensor(2.0), { try Geometric(probs: 0.3) }, { try Geometric(probs: Tensor(0.3)) }),
    .init("Geometric(logits)", at: Tensor(2.0), { try Geometric(logits: -0.4) }, { try Geometric(logits: Tensor(-0.4)) }),
    .init("NegativeBinomial(probs)", at: Tensor(2.0), { try NegativeBinomial(totalCount: 3.5, probs: 0.3) },
          { try NegativeBinomial(totalCount: Tensor(3.5), probs: Tensor(0.3)) }),
    .init("NegativeBinomial(logits)", at: Tensor(2.0), { try NegativeBinomial(totalCount: 3.5, logits: 0.8) },
          { try NegativeBinomial(totalCount: Tensor(3.5), logits: Tensor(0.8)) }),
    .init("Poisson", at: Tensor(2.0), { try Poisson(rate: 1.7) }, { try Poisson(rate: Tensor(1.7)) }),
    // Relaxed and matrix-valued.
    .init("RelaxedBernoulli(probs)", at: Tensor(0.4), { try RelaxedBernoulli(temperature: 0.7, probs: 0.3) },
          { try RelaxedBernoulli(temperature: Tensor(0.7), probs: Tensor(0.3)) }),
    .init("RelaxedBernoulli(logits)", at: Tensor(0.4), { try RelaxedBernoulli(temperature: 0.7, logits: 0.8) },
          { try RelaxedBernoulli(temperature: Tensor(0.7), logits: Tensor(0.8)) }),
    // Vector- and matrix-parameter families, from arrays.
    .init("Categorical(probs)", at: Tensor(2.0), { try Categorical(probs: [0.2, 0.5, 0.3]) },
          { try Categorical(probs: Tensor([0.2, 0.5, 0.3])) }),
    .init("Categorical(logits)", at: Tensor(1.0), { try Categorical(logits: [0.1, -0.4, 0.7]) },
          { try Categorical(logits: Tensor([0.1, -0.4, 0.7])) }),
    .init("OneHotCategorical(probs)", at: Tensor([0.0, 0, 1]), { try OneHotCategorical(probs: [0.2, 0.5, 0.3]) },
          { try OneHotCategorical(probs: Tensor([0.2, 0.5, 0.3])) }),
    .init("OneHotCategorical(logits)", at: Tensor([0.0, 1, 0]), { try OneHotCategorical(logits: [0.1, -0.4, 0.7]) },
          { try OneHotCategorical(logits: Tensor([0.1, -0.4, 0.7])) }),
    .init("Dirichlet", at: Tensor([0.2, 0.5, 0.3]), { try Dirichlet(concentration: [1.5, 2.5, 0.8]) },
          { try Dirichlet(concentration: Tensor([1.5, 2.5, 0.8])) }),
    .init("MultivariateNormal(scaleTril)", at: Tensor([0.4, -1.1]), { try MultivariateNormal(loc: [0.3, -0.2], scaleTril: [[1.5, 0], [0.4, 0.7]]) },
          { try MultivariateNormal(loc: Tensor([0.3, -0.2]), scaleTril: Tensor(rows: [[1.5, 0], [0.4, 0.7]])) }),
    .init("MultivariateNormal(covariance)", at: Tensor([0.4, -1.1]),
          { try MultivariateNormal(loc: [0.3, -0.2], covariance: [[2.0, 0.5], [0.5, 1.2]]) },
          { try MultivariateNormal(loc: Tensor([0.3, -0.2]), covariance: Tensor(rows: [[2.0, 0.5], [0.5, 1.2]])) }),
    .init("MultivariateNormal(precision)", at: Tensor([0.4, -1.1]),
          { try MultivariateNormal(loc: [0.3, -0.2], precision: [[2.0, 0.5], [0.5, 1.2]]) },
          { try MultivariateNormal(loc: Tensor([0.3, -0.2]), precision: Tensor(rows: [[2.0, 0.5], [0.5, 1.2]])) }),
    .init("LowRankMultivariateNormal", at: Tensor([0.4, -1.1]),
          { try LowRankMultivariateNormal(loc: [0.3, -0.2], covarianceFactor: [[0.5], [-0.8]], covarianceDiagonal: [1.5, 0.7]) },
          { try LowRankMultivariateNormal(loc: Tensor([0.3, -0.2]), covarianceFactor: Tensor(rows: [[0.5], [-0.8]]),
                                          covarianceDiagonal: Tensor([1.5, 0.7])) }),
    .init("RelaxedOneHotCategorical(probs)", at: Tensor([0.2, 0.5, 0.3]), { try RelaxedOneHotCategorical(temperature: 0.7, probs: [0.1, 0.6, 0.3]) },
          { try RelaxedOneHotCategorical(temperature: Tensor(0.7), probs: Tensor([0.1, 0.6, 0.3])) }),
    .init("RelaxedOneHotCategorical(logits)", at: Tensor([0.2, 0.5, 0.3]),
          { try RelaxedOneHotCategorical(temperature: 0.7, logits: [0.1, -0.4, 0.7]) },
          { try RelaxedOneHotCategorical(temperature: Tensor(0.7), logits: Tensor([0.1, -0.4, 0.7])) }),
    .init("LKJCholesky", at: try Tensor(rows: [[1, 0, 0], [0.6, 0.8, 0], [0, 0.6, 0.8]]),
          { try LKJCholesky(dimension: 3, concentration: 1.5) }, { try LKJCholesky(dimension: 3, concentration: Tensor(1.5)) }),
]

/// Every family can be built from plain numbers (scalars, arrays for vector
/// and matrix parameters), and is then the same distribution as from tensors.
@Suite("Scalar initialisers")
struct ScalarInitialiserTests {
    @Test(arguments: scalarInitialiserCases)
    func agreeWithTheTensorInitialiser(_ testCase: ScalarInitialiserCase) throws {
        let fromScalars = try testCase.fromScalars(), fromTensors = try testCase.fromTensors()
        #expect(fromScalars.batchShape == [])
        #expect(fromScalars.eventShape == fromTensors.eventShape)
        let value = try testCase.value()
        let logProb = try fromScalars.logProb(of: value).scalarValue
        #expect(logProb.isFinite)
        #expect(logProb == (try fromTensors.logProb(of: value).scalarValue))
    }

    /// The scalar forms validate as the tensor forms do, and pass
    /// `validating` on.
    @Test func validateLikeTheTensorInitialiser() throws {
        #expect(throws: DistributionError.invalidParameter(distribution: "HalfNormal", parameter: "scale", requirement: "positive", value: -1)) {
            try HalfNormal(scale: -1.0)
        }
        #expect(throws: DistributionError.invalidParameter(distribution: "Binomial", parameter: "probs", requirement: "in [0, 1]", value: 1.5)) {
            try Binomial(totalCount: 3.0, probs: 1.5)
        }
        #expect(try HalfNormal(scale: -1.0, validating: false).scale.scalarValue == -1)
        let float = try Normal<Float>(loc: 0.5, scale: 2).logProb(of: Tensor(1.5)).scalarValue
        #expect(float == (try Normal(loc: Tensor<Float>(0.5), scale: Tensor(2)).logProb(of: Tensor(1.5)).scalarValue))
    }

    /// `iid([k])` is k independent copies as one event: its log-density is
    /// the sum of the k scalar log-densities, its shapes batch [] and event
    /// [k], and its draws pathwise when the copies' are.
    @Test func iidCopiesFormOneEvent() throws {
        let prior = try Normal(loc: 0.5, scale: 10.0).iid([4])
        #expect(prior.batchShape == [] && prior.eventShape == [4])
        let x = [1.5, -20.0, 3.25, 0.0]
        let expected = try x.map { try Normal(loc: 0.5, scale: 10.0).logProb(of: Tensor($0)).scalarValue }.reduce(0, +)
        let written = x.map { -($0 - 0.5) * ($0 - 0.5) / 200 - Double.log(10) - Double.log(2 * .pi) / 2 }.reduce(0, +)
        let logProb = try prior.logProb(of: Tensor(x)).scalarValue
        #expect(abs(logProb - expected) <= 1e-12 * abs(expected))
        #expect(abs(logProb - written) <= 1e-12 * abs(written))
        #expect(try prior.logProb(of: Tensor.zeros([7, 4])).shape == [7])
        var generator = Xoshiro256PlusPlus(seed: 2)
        #expect(try prior.rsample([3], using: &generator).shape == [3, 4])
        let matrix = try HalfCauchy(scale: 2.5).iid([2, 3])
        #expect(matrix.eventShape == [2, 3])
        #expect(throws: DistributionError.self) { try Normal(loc: Tensor([0.0, 1.0]), scale: Tensor(1.0)).iid([3]) }
    }

    /// A negative size is refused by name; size 0 is an empty event whose
    /// log-density is the empty sum, 0.
    @Test func iidRefusesANegativeSize() throws {
        #expect(throws: DistributionError.invalidParameter(
            distribution: "Independent", parameter: "shape", requirement: "non-negative in every axis", value: -1)) {
            try Normal(loc: 0.0, scale: 1.0).iid([2, -1])
        }
        #expect(try Normal(loc: 0.0, scale: 1.0).iid([0]).logProb(of: Tensor<Double>.zeros([0])).scalarValue == 0)
    }
}
