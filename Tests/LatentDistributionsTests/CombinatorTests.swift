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

    /// Widening size-1 batch axes gives independent draws in place: loc
    /// [[0], [10]] widened to [2, 2000] (and with a leading axis of 3)
    /// has row means 0 and 10 within 5 standard errors (5/√2000 ≈ 0.11),
    /// row sds within 10% of 1, and pathwise gradients that count every copy.
    @Test func expandedWidensSizeOneAxesWithIndependentDraws() throws {
        let loc = try Tensor(rows: [[0.0], [10.0]])
        let base = try Normal(loc: loc, scale: Tensor(1.0))
        let expanded = try base.expanded(to: [3, 2, 2_000])
        var generator = Xoshiro256PlusPlus(seed: 3)
        let x = try expanded.rsample([], using: &generator)
        #expect(x.shape == [3, 2, 2_000])
        let values = x.scalars
        for copy in 0..<3 {
            for row in 0..<2 {
                let slice = Array(values[((copy * 2 + row) * 2_000)..<((copy * 2 + row + 1) * 2_000)])
                let mean = slice.reduce(0, +) / 2_000
                let sd = (slice.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 1_999).squareRoot()
                #expect(abs(mean - Double(row) * 10) < 5 / 2_000.0.squareRoot(), "mean \(mean)")
                #expect(abs(sd - 1) < 0.1, "sd \(sd)")
            }
        }
        let g = try gradient(at: loc) { l in
            try Normal(loc: l, scale: Tensor(1.0)).expanded(to: [2, 5]).rsample([], using: &generator).sum()
        }
        #expect(g.scalars == [5, 5])
        #expect(try expanded.logProb(of: Tensor(0.0)).shape == [3, 2, 2_000])
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
