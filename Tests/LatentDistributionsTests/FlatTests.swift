import LatentCore
import LatentDistributions
import Testing

@Suite("Flat")
struct FlatTests {
    /// log p = 0 at every point of the support, whatever its size: the
    /// density is the indicator of the set.
    @Test func logDensityIsZeroInsideTheSupport() throws {
        let real = try Flat<Double>(.real, eventShape: [2])
        #expect(try real.logProb(of: Tensor([-1e300, 4e7])).scalarValue == 0)
        let positive = try Flat<Double>(.positive, batchShape: [3])
        #expect(try positive.logProb(of: Tensor([1e-300, 1, 1e300])).scalars == [0, 0, 0])
        let ordered = try Flat<Double>(.ordered, eventShape: [3])
        #expect(try ordered.logProb(of: Tensor([-2, 0.5, 7])).scalarValue == 0)
    }

    /// Outside the support log p = −∞, per batch element, and one element
    /// outside puts its whole event outside.
    @Test func logDensityIsMinusInfinityOutsideTheSupport() throws {
        let positive = try Flat<Double>(.positive, batchShape: [3])
        #expect(try positive.logProb(of: Tensor([1, 0, -2])).scalars == [0, -.infinity, -.infinity])
        let events = try Flat<Double>(.positive, eventShape: [2])
        let values = try Tensor<Double>(rows: [[1, 2], [1, -2], [.nan, 1]])
        #expect(try events.logProb(of: values).scalars == [0, -.infinity, -.infinity])
        let ordered = try Flat<Double>(.ordered, eventShape: [3])
        #expect(try ordered.logProb(of: Tensor([0, 2, 1])).scalarValue == -.infinity)
        let interval = try Flat<Double>(.interval(lower: Tensor(-1), upper: Tensor(1)))
        #expect(try interval.logProb(of: Tensor([0.5, 1.5])).scalars == [0, -.infinity])
    }

    /// Values are shape-checked as for every family; shapes and supports
    /// that cannot be are named errors.
    @Test func shapesAndSupportsAreChecked() throws {
        let flat = try Flat<Double>(.real, eventShape: [2], batchShape: [3])
        #expect(try flat.logProb(of: Tensor.zeros([5, 3, 2])).shape == [5, 3])
        #expect(throws: DistributionError.valueShapeMismatch(distribution: "Flat", valueShape: [3], expected: [3, 2])) {
            try flat.logProb(of: Tensor.zeros([3]))
        }
        #expect(throws: DistributionError.self) { try Flat<Double>(.ordered) }
        #expect(throws: DistributionError.noBijector(constraint: "a non-negative integer")) { try Flat<Double>(.nonNegativeInteger) }
        #expect(throws: DistributionError.self) { try Flat<Double>(.real, eventShape: [-1]) }
    }

    /// `sample` gives Stan's starting points: the support's bijector applied
    /// to Uniform(−2, 2), so on the positive reals e^u ∈ (e⁻², e²) with
    /// median e⁰ = 1; of 4,000 points the share below 1 is ½ within 5
    /// binomial sds (0.04), a false failure rate below 1e-6.
    @Test func startingPointsAreStansUniformOnTheUnconstrainedScale() throws {
        var generator = Xoshiro256PlusPlus(seed: 3)
        let points = try Flat<Double>(.positive).sample([4_000], using: &generator).scalars
        #expect(points.allSatisfy { $0 > Double.exp(-2) && $0 < Double.exp(2) })
        let below = Double(points.filter { $0 < 1 }.count) / 4_000
        #expect(abs(below - 0.5) < 0.04)
        let ordered = try Flat<Double>(.ordered, eventShape: [4], batchShape: [2]).sample([10], using: &generator)
        #expect(ordered.shape == [10, 2, 4])
        #expect(try Constraint<Double>.ordered.contains(ordered))
        let simplex = try Flat<Double>(.simplex, eventShape: [3]).sample([], using: &generator)
        #expect(simplex.shape == [3])
        #expect(try Constraint<Double>.simplex.contains(simplex))
    }
}
