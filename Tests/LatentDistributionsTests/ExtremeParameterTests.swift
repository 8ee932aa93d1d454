import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// At the extremes of their parameters and supports, families give finite
/// values or the exact ±∞, never NaN, in values and in gradients.
@Suite("Extreme parameters and support boundaries")
struct ExtremeParameterTests {
    @Test func logitsOfPlusMinusOneEThirty() throws {
        let sure = try Bernoulli(logits: Tensor([1e30, -1e30]))
        #expect(try sure.logProb(of: Tensor([1.0, 0.0])).scalars == [0, 0])
        #expect(try sure.logProb(of: Tensor([0.0, 1.0])).scalars == [-1e30, -1e30])
        let g = try gradient(at: Tensor([1e30, -1e30])) { try Bernoulli(logits: $0).logProb(of: Tensor([1.0, 0.0])).sum() }
        #expect(g.isFinite)
        let categorical = try Categorical(logits: Tensor([1e30, 0, -1e30]))
        #expect(try categorical.logProb(of: Tensor([0.0])).scalars == [0])
        #expect(try categorical.logProb(of: Tensor([2.0])).scalars == [-2e30])
        let binomial = try Binomial(totalCount: Tensor(5.0), logits: Tensor(1e30))
        #expect(try binomial.logProb(of: Tensor([5.0])).scalars == [0])
    }

    @Test func probabilitiesOfExactlyZeroAndOne() throws {
        let bernoulli = try Bernoulli(probs: Tensor([0.0, 1.0]))
        #expect(try bernoulli.logProb(of: Tensor([0.0, 1.0])).scalars == [0, 0])
        #expect(try bernoulli.logProb(of: Tensor([1.0, 0.0])).scalars == [-.infinity, -.infinity])
        #expect(try bernoulli.entropy().scalars == [0, 0])
        let g = try gradient(at: Tensor([0.0, 1.0])) { try Bernoulli(probs: $0).logProb(of: Tensor([0.0, 1.0])).sum() }
        #expect(g.isFinite)
        #expect(try Binomial(totalCount: Tensor(4.0), probs: Tensor(0.0)).logProb(of: Tensor([0.0, 2.0])).scalars == [0, -.infinity])
        #expect(try Binomial(totalCount: Tensor(4.0), probs: Tensor(1.0)).logProb(of: Tensor([4.0])).scalars == [0])
        #expect(try Poisson(rate: Tensor(0.0)).logProb(of: Tensor([0.0, 1.0])).scalars == [0, -.infinity])
        #expect(try Geometric(probs: Tensor(1.0)).logProb(of: Tensor([0.0, 3.0])).scalars == [0, -.infinity])
        let categorical = try Categorical(probs: Tensor([0.5, 0.0, 0.5]))
        #expect(try categorical.logProb(of: Tensor([1.0])).scalars == [-.infinity])
        var generator = Xoshiro256PlusPlus(seed: 1)
        #expect(try categorical.sample([1_000], using: &generator).scalars.allSatisfy { $0 != 1 })
    }

    @Test func valuesOnSupportBoundaries() throws {
        // Beta(1, 8) at 0: density 8.
        #expect(isClose(try Beta(concentration1: Tensor(1.0), concentration0: Tensor(8.0)).logProb(of: Tensor([0.0])).scalars[0],
                        Double.log(8), tolerance: 1e-14))
        // Beta(2, 8) at 0 has density 0; Beta(0.5, 8) at 0 is infinite.
        #expect(try Beta(concentration1: Tensor(2.0), concentration0: Tensor(8.0)).logProb(of: Tensor([0.0, 1.0])).scalars == [-.infinity, -.infinity])
        #expect(try Beta(concentration1: Tensor(0.5), concentration0: Tensor(8.0)).logProb(of: Tensor([0.0])).scalars == [.infinity])
        // Gamma(1, β) at 0 is Exponential(β) at 0: log β.
        #expect(isClose(try Gamma(concentration: Tensor(1.0), rate: Tensor(3.0)).logProb(of: Tensor([0.0])).scalars[0],
                        Double.log(3), tolerance: 1e-14))
        let g = try gradient(at: Tensor(1.0)) { a in
            try Beta(concentration1: a, concentration0: Tensor(8.0)).logProb(of: Tensor([0.0, 0.3])).sum()
        }
        #expect(g.isFinite)
        // Outside the support: exactly −∞, and gradients stay finite.
        #expect(try Exponential(rate: Tensor(2.0)).logProb(of: Tensor([-1.0])).scalars == [-.infinity])
        let outside = try gradient(at: Tensor(2.0)) { try Exponential(rate: $0).logProb(of: Tensor([-1.0, 0.5])).sum() }
        #expect(outside.isFinite)
        #expect(try HalfCauchy(scale: Tensor(1.0)).logProb(of: Tensor([-0.1])).scalars == [-.infinity])
        #expect(try Uniform(low: Tensor(0.0), high: Tensor(1.0)).logProb(of: Tensor([1.5, 1.0])).scalars == [-.infinity, 0])
    }

    @Test func valueShapesThatDoNotBroadcastAreNamedErrors() throws {
        let normal = try Normal(loc: Tensor([0.0, 1.0, 2.0]), scale: Tensor(1.0))
        #expect(throws: DistributionError.valueShapeMismatch(distribution: "Normal", valueShape: [2], expected: [3])) {
            try normal.logProb(of: Tensor([0.0, 1.0]))
        }
        #expect(throws: DistributionError.self) { try Normal(loc: Tensor([0.0, 1.0, 2.0]), scale: Tensor([1.0, 2.0])) }
    }
}
