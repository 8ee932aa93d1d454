import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

@Suite("Independent reinterprets batch axes as event axes")
struct IndependentTests {
    let base = try! Normal(loc: Tensor(rows: [[0.0, 1.0, 2.0], [-1.0, 0.5, 3.0]]), scale: Tensor([1.0, 2.0, 0.5]))

    @Test func shapesMoveFromBatchToEvent() throws {
        let diagonal = try base.independent(reinterpretingBatchRank: 1)
        #expect(diagonal.batchShape == [2])
        #expect(diagonal.eventShape == [3])
        var generator = Xoshiro256PlusPlus(seed: 1)
        #expect(try diagonal.sample([5], using: &generator).shape == [5, 2, 3])
    }

    @Test func logProbAndEntropyAreTheBaseSummedOverTheEvent() throws {
        let diagonal = try base.independent(reinterpretingBatchRank: 1)
        var generator = Xoshiro256PlusPlus(seed: 2)
        let x = try diagonal.sample([4], using: &generator)
        let summed = try base.logProb(of: x).sum(alongAxes: [-1])
        #expect(zip(try diagonal.logProb(of: x).scalars, summed.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-14) })
        #expect(try diagonal.logProb(of: x).shape == [4, 2])
        let entropy = try base.entropy().sum(alongAxes: [-1])
        #expect(zip(try diagonal.entropy().scalars, entropy.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-14) })
    }

    @Test func klIsTheBaseKLSummedOverTheEvent() throws {
        let other = try Normal(loc: Tensor(0.0), scale: Tensor(rows: [[1.5, 1.0, 0.7], [2.0, 0.3, 1.0]]))
        let kl = try klDivergence(base.independent(reinterpretingBatchRank: 1), other.independent(reinterpretingBatchRank: 1))
        let summed = try klDivergence(base, other).sum(alongAxes: [-1])
        #expect(kl.shape == [2])
        #expect(zip(kl.scalars, summed.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-14) })
    }

    @Test func tooManyAxesIsAnError() {
        #expect(throws: DistributionError.self) { try base.independent(reinterpretingBatchRank: 3) }
    }
}
