import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// One family built in both precisions from the same parameters.
struct PrecisionPair: Sendable, CustomTestStringConvertible {
    let name: String
    let double: @Sendable () throws -> any Distribution<Double>
    let float: @Sendable () throws -> any Distribution<Float>
    let cdf: @Sendable (Double) -> Double
    var testDescription: String { name }
}

let precisionPairs: [PrecisionPair] = [
    PrecisionPair(name: "Normal(1, 2)", double: { try Normal(loc: 1.0, scale: 2.0) }, float: { try Normal(loc: Float(1), scale: 2) },
                  cdf: { gsl_cdf_gaussian_P($0 - 1, 2) }),
    PrecisionPair(name: "Gamma(2.5, 1.5)", double: { try Gamma(concentration: Tensor(2.5), rate: Tensor(1.5)) },
                  float: { try Gamma(concentration: Tensor(Float(2.5)), rate: Tensor(Float(1.5))) },
                  cdf: { gsl_cdf_gamma_P($0, 2.5, 1 / 1.5) }),
    PrecisionPair(name: "Beta(2, 5)", double: { try Beta(concentration1: Tensor(2.0), concentration0: Tensor(5.0)) },
                  float: { try Beta(concentration1: Tensor(Float(2)), concentration0: Tensor(Float(5))) },
                  cdf: { gsl_cdf_beta_P($0, 2, 5) }),
    PrecisionPair(name: "StudentT(4, 0, 1)", double: { try StudentT(degreesOfFreedom: Tensor(4.0), loc: Tensor(0.0), scale: Tensor(1.0)) },
                  float: { try StudentT(degreesOfFreedom: Tensor(Float(4)), loc: Tensor(Float(0)), scale: Tensor(Float(1))) },
                  cdf: { gsl_cdf_tdist_P($0, 4) }),
    PrecisionPair(name: "ContinuousBernoulli(0.3)", double: { try ContinuousBernoulli(probs: Tensor(0.3)) },
                  float: { try ContinuousBernoulli(probs: Tensor(Float(0.3))) },
                  cdf: { x in (Double.pow(0.3, x) * Double.pow(0.7, 1 - x) - 0.7) / (0.6 - 1) }),
    PrecisionPair(name: "Laplace(0, 1)", double: { try Laplace(loc: Tensor(0.0), scale: Tensor(1.0)) },
                  float: { try Laplace(loc: Tensor(Float(0)), scale: Tensor(Float(1))) },
                  cdf: { gsl_cdf_laplace_P($0, 1) }),
]

@Suite("Float agrees with Double")
struct FloatConformanceTests {
    /// log p in Float within 1e-5 (relative, absolute below 1) of the
    /// Double value, itself checked against GSL: a few Float ulps through
    /// a handful of operations.
    @Test(arguments: precisionPairs)
    func logProbAgreesWithinOneEMinusFive(_ pair: PrecisionPair) throws {
        var generator = Xoshiro256PlusPlus(seed: 1)
        let x = try pair.double().sample([300], using: &generator)
        let asFloat = try Tensor<Float>(shape: x.shape, scalars: x.scalars.map(Float.init))
        let exact = try pair.double().logProb(of: Tensor(shape: x.shape, scalars: asFloat.scalars.map(Double.init))).scalars
        let single = try pair.float().logProb(of: asFloat).scalars
        for (f, d) in zip(single, exact) where d.isFinite {
            #expect(isClose(Double(f), d, tolerance: 1e-5), "\(pair.name): Float \(f), Double \(d)")
        }
    }

    /// Float draws pass Kolmogorov–Smirnov against GSL at level 1e-6.
    @Test(arguments: precisionPairs)
    func floatDrawsFollowTheDistribution(_ pair: PrecisionPair) throws {
        var generator = Xoshiro256PlusPlus(seed: 2)
        let x = try pair.float().sample([20_000], using: &generator).scalars.map(Double.init)
        #expect(KolmogorovSmirnov(sample: x, cdf: pair.cdf).pValue > 1e-6)
    }

    /// Bernoulli with logits in Float (eight lanes at a time, then a scalar
    /// tail: 1,003 elements) against the Double formula −softplus(∓l), and
    /// its gradient k − σ(l), over logits from −100 to 100: within 3 Float
    /// ulps of the value (or of 0, for values below the smallest normal
    /// Float) and 1e-6 of the gradient.
    @Test func bernoulliLogitsAgreeWithDouble() throws {
        let logits = (0..<1_003).map { i in Float(-100 + 200 * Double(i) / 1_002) } + [0, 1e-6, -1e-6, 17, -17]
        let outcomes = logits.indices.map { Float(($0 * 7) % 3 == 0 ? 1 : 0) }
        let l = try Tensor<Float>(shape: [logits.count], scalars: logits)
        let k = try Tensor<Float>(shape: [logits.count], scalars: outcomes)
        let gradient = try valueWithGradient(at: l) { l in try Bernoulli(logits: l).logProb(of: k).sum() }.gradient
        let values = try Bernoulli(logits: l).logProb(of: k).scalars
        for i in logits.indices {
            let (x, success) = (Double(logits[i]), outcomes[i] == 1)
            let exact = -Double.softplus(success ? -x : x)
            // Log-likelihoods below the smallest normal Float may be flushed to 0.
            let tolerance = Swift.max(3 * Double(Float(exact).ulp), Double(Float.leastNormalMagnitude))
            #expect(abs(Double(values[i]) - exact) <= tolerance, "l = \(x), k = \(success): \(values[i]) vs \(exact)")
            let slope = (success ? 1 : 0) - Double.sigmoid(x)
            #expect(abs(Double(gradient.scalars[i]) - slope) <= 1e-6, "gradient at l = \(x)")
        }
    }
}
