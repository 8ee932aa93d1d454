import LatentCore
import LatentDistributions
import Testing

/// Parameters are finite unless ∞ is a value the family computes with
/// (logits: the certain outcomes): ±∞ anywhere else is refused with the
/// typed error naming the family, the parameter and "finite" (counts,
/// by their "non-negative integer", which excludes ∞).
@Suite("Infinite parameters")
struct InfiniteParameterTests {
    /// Each family and parameter that must be finite, built with +∞ (or
    /// −∞ for locations) in that parameter and ordinary values elsewhere.
    static let refused: [(family: String, parameter: String, value: Double, build: @Sendable (Double) throws -> Void)] = [
        ("Normal", "loc", .infinity, { _ = try Normal(loc: $0, scale: 1.0) }),
        ("Normal", "loc", -.infinity, { _ = try Normal(loc: $0, scale: 1.0) }),
        ("Normal", "scale", .infinity, { _ = try Normal(loc: 0.0, scale: $0) }),
        ("LogNormal", "scale", .infinity, { _ = try LogNormal(loc: 0.0, scale: $0) }),
        ("Laplace", "loc", .infinity, { _ = try Laplace(loc: $0, scale: 1.0) }),
        ("Gumbel", "scale", .infinity, { _ = try Gumbel(loc: 0.0, scale: $0) }),
        ("Logistic", "loc", -.infinity, { _ = try Logistic(loc: $0, scale: 1.0) }),
        ("Cauchy", "scale", .infinity, { _ = try Cauchy(loc: 0.0, scale: $0) }),
        ("HalfNormal", "scale", .infinity, { _ = try HalfNormal(scale: $0) }),
        ("HalfCauchy", "scale", .infinity, { _ = try HalfCauchy(scale: $0) }),
        ("Exponential", "rate", .infinity, { _ = try Exponential(rate: $0) }),
        ("Gamma", "concentration", .infinity, { _ = try Gamma(concentration: $0, rate: 1.0) }),
        ("Gamma", "rate", .infinity, { _ = try Gamma(concentration: 1.0, rate: $0) }),
        ("InverseGamma", "scale", .infinity, { _ = try InverseGamma(concentration: 2.0, scale: $0) }),
        ("ChiSquared", "degreesOfFreedom", .infinity, { _ = try ChiSquared(degreesOfFreedom: $0) }),
        ("Beta", "concentration0", .infinity, { _ = try Beta(concentration1: 1.0, concentration0: $0) }),
        ("StudentT", "degreesOfFreedom", .infinity, { _ = try StudentT(degreesOfFreedom: $0, loc: 0.0, scale: 1.0) }),
        ("Weibull", "concentration", .infinity, { _ = try Weibull(scale: 1.0, concentration: $0) }),
        ("Pareto", "alpha", .infinity, { _ = try Pareto(scale: 1.0, alpha: $0) }),
        ("Poisson", "rate", .infinity, { _ = try Poisson(rate: $0) }),
        ("NegativeBinomial", "totalCount", .infinity, { _ = try NegativeBinomial(totalCount: $0, probs: 0.5) }),
        ("BetaBinomial", "concentration1", .infinity, { _ = try BetaBinomial(totalCount: 3.0, concentration1: $0, concentration0: 1.0) }),
        ("Categorical", "probs", .infinity, { _ = try Categorical(probs: Tensor([0.5, $0])) }),
        ("Dirichlet", "concentration", .infinity, { _ = try Dirichlet(concentration: [1.0, $0]) }),
        ("LKJCholesky", "concentration", .infinity, { _ = try LKJCholesky(dimension: 3, concentration: $0) }),
        ("MultivariateNormal", "loc", .infinity, { _ = try MultivariateNormal(loc: [0.0, $0], scaleTril: [[1.0, 0.0], [0.0, 1.0]]) }),
        ("MultivariateNormal", "scaleTril", .infinity, { _ = try MultivariateNormal(loc: [0.0, 0.0], scaleTril: [[1.0, 0.0], [$0, 1.0]]) }),
        ("RelaxedBernoulli", "temperature", .infinity, { _ = try RelaxedBernoulli(temperature: $0, logits: 0.0) }),
        ("RelaxedOneHotCategorical", "temperature", .infinity, {
            _ = try RelaxedOneHotCategorical(temperature: Tensor($0), logits: Tensor([0.0, 1.0]))
        }),
    ]

    @Test func infiniteParametersAreRefused() throws {
        for entry in Self.refused {
            #expect(throws: DistributionError.invalidParameter(
                distribution: entry.family, parameter: entry.parameter, requirement: "finite", value: entry.value),
                "\(entry.family)(\(entry.parameter): \(entry.value))") { try entry.build(entry.value) }
        }
        for count in [Double.infinity, -.infinity] {
            #expect(throws: DistributionError.invalidParameter(
                distribution: "Binomial", parameter: "totalCount", requirement: "a non-negative integer", value: count)) {
                try Binomial(totalCount: count, probs: 0.5)
            }
        }
    }

    /// ±∞ logits are the certain outcomes (or an outcome ruled out), which
    /// the families compute exactly, and they sample them.
    @Test func infiniteLogitsRemainAccepted() throws {
        var generator = Xoshiro256PlusPlus(seed: 2)
        #expect(try Bernoulli(logits: Tensor([Double.infinity, -.infinity])).sample([3], using: &generator).scalars == [1, 0, 1, 0, 1, 0])
        #expect(try Binomial(totalCount: 7.0, logits: Double.infinity).sample([2], using: &generator).scalars == [7, 7])
        #expect(try Binomial(totalCount: 7.0, logits: -Double.infinity).sample([2], using: &generator).scalars == [0, 0])
        #expect(try Geometric(logits: Double.infinity).sample([2], using: &generator).scalars == [0, 0])
        #expect(try Categorical(logits: Tensor([0.0, -.infinity])).sample([4], using: &generator).scalars == [0, 0, 0, 0])
        #expect(try NegativeBinomial(totalCount: 2.0, logits: -Double.infinity).sample([2], using: &generator).scalars == [0, 0])
    }
}
