import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// log φ(x) for N(μ, σ²), written out.
private func normalLogDensity(_ x: Double, loc: Double = 0, scale: Double = 1) -> Double {
    let z = (x - loc) / scale
    return -z * z / 2 - Double.log(scale) - Double.log(2 * .pi) / 2
}

@Suite("Ordered (order statistics)")
struct OrderedTests {
    /// For K = 2 standard normals p(x₁, x₂) = 2φ(x₁)φ(x₂) on x₁ < x₂ and 0
    /// otherwise; for K = 3 the constant is 3! = 6. The sums of a few logs
    /// agree to rounding (1e-12 relative).
    @Test func densityIsKFactorialTimesTheProductOnTheOrderedRegion() throws {
        let pair = try Normal(loc: 0.0, scale: 1.0).ordered(count: 2)
        let inside = try pair.logProb(of: Tensor([-0.3, 1.2])).scalarValue
        let expected = Double.log(2) + normalLogDensity(-0.3) + normalLogDensity(1.2)
        #expect(isClose(inside, expected, tolerance: 1e-12), "\(inside) vs \(expected)")
        #expect(try pair.logProb(of: Tensor([1.2, -0.3])).scalarValue == -.infinity)
        #expect(try pair.logProb(of: Tensor([0.5, 0.5])).scalarValue == -.infinity)
        let triple = try Normal(loc: 1.0, scale: 2.0).ordered(count: 3)
        let three = try triple.logProb(of: Tensor([-1.0, 0.5, 4.0])).scalarValue
        let reference = Double.log(6) + [-1.0, 0.5, 4.0].map { normalLogDensity($0, loc: 1, scale: 2) }.reduce(0, +)
        #expect(isClose(three, reference, tolerance: 1e-12))
        #expect(triple.support.requirement == Constraint<Double>.ordered.requirement)
    }

    /// The density integrates to 1: 2φ(x₁)φ(x₂) over x₁ < x₂ by the
    /// midpoint rule on [−7, 7]² with step h = 0.025. The cells on the
    /// diagonal lie half inside: they count at half weight, at the density's
    /// limit from inside (x ± 1e-9), so that the rule's error is O(h²) for
    /// this smooth integrand; 1e-4 bounds it (tails beyond 7 are 1e-12).
    @Test func densityIntegratesToOne() throws {
        let pair = try Normal(loc: 0.0, scale: 1.0).ordered(count: 2)
        let h = 0.025
        let grid = (0..<560).map { -7 + (Double($0) + 0.5) * h }
        var points: [Double] = []
        for a in grid { for b in grid where a != b { points += [a, b] } }
        let offDiagonal = try exp(pair.logProb(of: Tensor(shape: [points.count / 2, 2], scalars: points))).sum().scalarValue
        let diagonal = try exp(pair.logProb(of: Tensor(shape: [grid.count, 2], scalars: grid.flatMap { [$0 - 1e-9, $0 + 1e-9] })))
        let total = try (offDiagonal + diagonal.sum().scalarValue / 2) * h * h
        #expect(abs(total - 1) < 1e-4, "∫ p = \(total)")
    }

    /// The larger of two standard normals has mean 1/√π and variance
    /// 1 − 1/π; the smaller mean −1/√π. With 20,000 draws 5 standard errors
    /// are 0.029 (a false failure rate below 1e-6).
    @Test func theMaximumOfTwoNormalsHasMeanOneOverRootPi() throws {
        var generator = Xoshiro256PlusPlus(seed: 11)
        let draws = try Normal(loc: 0.0, scale: 1.0).ordered(count: 2).sample([20_000], using: &generator)
        #expect(try Constraint<Double>.ordered.contains(draws))
        let larger = try draws.sliced(alongAxis: 1, 1..<2).mean().scalarValue
        let smaller = try draws.sliced(alongAxis: 1, 0..<1).mean().scalarValue
        let tolerance = 5 * (1 - 1 / Double.pi).squareRoot() / 20_000.0.squareRoot()
        #expect(abs(larger - 1 / Double.pi.squareRoot()) < tolerance)
        #expect(abs(smaller + 1 / Double.pi.squareRoot()) < tolerance)
    }

    /// The k-th of K sorted draws has CDF P(at least k draws ≤ x); for the
    /// maximum of three that is Φ(x)³ and for the minimum 1 − (1 − Φ(x))³.
    /// Kolmogorov–Smirnov against GSL's Φ, rejecting at p < 1e-6.
    @Test func sortedDrawsFollowTheOrderStatisticCDFs() throws {
        var generator = Xoshiro256PlusPlus(seed: 12)
        let draws = try Normal(loc: 0.0, scale: 1.0).ordered(count: 3).sample([5_000], using: &generator)
        let maximum = try draws.sliced(alongAxis: 1, 2..<3).scalars
        let minimum = try draws.sliced(alongAxis: 1, 0..<1).scalars
        let phi = { (x: Double) in gsl_cdf_ugaussian_P(x) }
        #expect(KolmogorovSmirnov(sample: maximum, cdf: { Double.pow(phi($0), 3) }).pValue > 1e-6)
        #expect(KolmogorovSmirnov(sample: minimum, cdf: { 1 - Double.pow(1 - phi($0), 3) }).pValue > 1e-6)
        #expect(KolmogorovSmirnov(sample: maximum, cdf: phi).pValue < 1e-6)
    }

    /// A base on the positive reals gives the positive-ordered support:
    /// density 3!·Π 2φ(xₖ/σ)/σ for half-normals, −∞ off the region, and
    /// draws inside it.
    @Test func aPositiveBaseGivesPositiveOrderedValues() throws {
        let ordered = try HalfNormal(scale: 1.5).ordered(count: 3)
        #expect(ordered.support.requirement == Constraint<Double>.positiveOrdered.requirement)
        let x = [0.2, 0.7, 2.0]
        let reference = Double.log(6) + x.map { Double.log(2) + normalLogDensity($0, scale: 1.5) }.reduce(0, +)
        #expect(isClose(try ordered.logProb(of: Tensor(x)).scalarValue, reference, tolerance: 1e-12))
        #expect(try ordered.logProb(of: Tensor([-0.2, 0.7, 2.0])).scalarValue == -.infinity)
        var generator = Xoshiro256PlusPlus(seed: 13)
        #expect(try Constraint<Double>.positiveOrdered.contains(ordered.sample([200], using: &generator)))
        let bijector = try bijector(toConstraint: ordered.support)
        #expect(bijector is PositiveOrderedBijector<Double>)
    }

    /// Each base batch element is ordered on its own: the batch log-density
    /// equals the unbatched one with that element's location.
    @Test func batchesOfBasesAreOrderedSeparately() throws {
        let batched = try Normal(loc: Tensor([0.0, 5.0]), scale: Tensor(1.0)).ordered(count: 3)
        #expect(batched.batchShape == [2] && batched.eventShape == [3])
        var generator = Xoshiro256PlusPlus(seed: 14)
        let draws = try batched.sample([10], using: &generator)
        #expect(draws.shape == [10, 2, 3])
        #expect(try Constraint<Double>.ordered.contains(draws))
        #expect(try draws.sliced(alongAxis: 1, 1..<2).mean().scalarValue > 3)
        let value = try Tensor<Double>(rows: [[-1, 0, 1], [4, 5, 7]])
        let logProb = try batched.logProb(of: value).scalars
        for (index, loc) in [0.0, 5.0].enumerated() {
            let single = try Normal(loc: loc, scale: 1.0).ordered(count: 3).logProb(of: value.slices(at: [index])).scalars
            #expect(isClose(logProb[index], single[0], tolerance: 1e-12))
        }
    }

    /// Sorting permutes draws, so pathwise gradients pass through it: for
    /// x = μ + σε sorted, ∂Σx/∂μ = the number of values and ∂Σx/∂σ = Σε,
    /// exactly.
    @Test func sortedDrawsCarryPathwiseGradients() throws {
        var generator = Xoshiro256PlusPlus(seed: 15)
        let (loc, scale) = (Tensor(0.3), Tensor(1.7))
        var draws = Tensor<Double>(0)
        let (_, gradients) = try valueWithGradient(at: [loc, scale]) { p in
            draws = try Normal(loc: p[0], scale: p[1]).ordered(count: 2).rsample([50], using: &generator)
            return draws.sum()
        }
        #expect(try gradients[0].scalarValue == 100)
        let noise = try ((draws.detached - 0.3) / 1.7).sum().scalarValue
        #expect(isClose(try gradients[1].scalarValue, noise, tolerance: 1e-12))
    }

    /// Bases that cannot be ordered, counts below 1 and misshapen values are
    /// named errors.
    @Test func badInputIsRejected() throws {
        #expect(throws: DistributionError.noBijector(constraint: "ordered and in [0, 1]")) {
            try Beta(concentration1: 2.0, concentration0: 2.0).ordered(count: 2)
        }
        #expect(throws: DistributionError.invalidParameter(distribution: "Ordered", parameter: "count", requirement: "at least 1", value: 0)) {
            try Normal(loc: 0.0, scale: 1.0).ordered(count: 0)
        }
        #expect(throws: DistributionError.self) { try Normal(loc: 0.0, scale: 1.0).ordered(count: 2).logProb(of: Tensor([1.0, 2, 3])) }
    }
}
