import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

@Suite("Delta, expanded and masked distributions")
struct CombinatorTests {
    @Test func deltaIsAPointMassWhoseDrawsCarryGradients() throws {
        let point = try Tensor<Double>(rows: [[1.0, 2.0], [3.0, 4.0]])
        let delta = try Delta(value: point, logDensity: Tensor(0.5), eventRank: 1)
        #expect(delta.batchShape == [2])
        #expect(delta.eventShape == [2])
        let values = try delta.logProb(of: Tensor(rows: [[1.0, 2.0], [3.0, 4.5]])).scalars
        #expect(values == [0.5, -.infinity])
        var generator = Xoshiro256PlusPlus(seed: 1)
        let g = try gradient(at: point) { v in try Delta(value: v, eventRank: 1).rsample([3], using: &generator).sum() }
        #expect(g.scalars == [3, 3, 3, 3])
        #expect(throws: DistributionError.self) { try Delta(value: Tensor([Double.nan])) }
    }

    @Test func expandedAddsIndependentLeadingCopies() throws {
        let base = try Normal(loc: Tensor([0.0, 10.0]), scale: Tensor(1.0))
        let expanded = try base.expanded(to: [500, 2])
        #expect(expanded.batchShape == [500, 2])
        var generator = Xoshiro256PlusPlus(seed: 2)
        let x = try expanded.sample(using: &generator)
        #expect(x.shape == [500, 2])
        // Copies are independent: the 500 rows are not all equal.
        let column = try x.sliced(alongAxis: 1, 0..<1).scalars
        #expect(Set(column).count == 500)
        #expect(try expanded.logProb(of: Tensor([0.0, 10.0])).shape == [500, 2])
        #expect(throws: DistributionError.self) { try base.expanded(to: [2, 3]) }
    }

    @Test func maskedLogProbIsZeroWhereMaskedWithoutNaN() throws {
        let base = try Exponential(rate: Tensor([1.0, 2.0, 3.0]))
        let masked = try base.masked(Tensor([1.0, 0.0, 1.0]))
        // −1 lies outside the support: −∞ where kept, 0 where masked.
        let values = try masked.logProb(of: Tensor([0.5, -1.0, -1.0])).scalars
        #expect(values[0] == -0.5 && values[1] == 0 && values[2] == -.infinity)
        let g = try gradient(at: Tensor([1.0, 2.0, 3.0])) { rate in
            try Exponential(rate: rate).masked(Tensor([1.0, 0.0, 1.0])).logProb(of: Tensor([0.5, -1.0, 0.2])).sum()
        }
        #expect(g.isFinite)
        #expect(g.scalars[1] == 0)
    }
}
