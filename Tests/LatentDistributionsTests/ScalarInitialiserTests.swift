import LatentCore
import LatentDistributions
import Testing

/// One family built twice at the same setting, from scalars and from rank-0
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

/// Every family whose parameters are scalars, in each of its
/// parameterisations. The settings are asymmetric (no two parameters
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
    .init("LKJCholesky", at: try Tensor(rows: [[1, 0, 0], [0.6, 0.8, 0], [0, 0.6, 0.8]]),
          { try LKJCholesky(dimension: 3, concentration: 1.5) }, { try LKJCholesky(dimension: 3, concentration: Tensor(1.5)) }),
]

/// Every family with scalar parameters can be built from plain numbers, and
/// is then the same distribution as from rank-0 tensors.
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
}
