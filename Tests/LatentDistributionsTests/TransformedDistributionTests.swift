import CGSL
import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

@Suite("Transformed distributions")
struct TransformedDistributionTests {
    /// exp of a normal is a log-normal: densities agree to rounding, and
    /// draws pass KS against GSL's log-normal CDF.
    @Test func expOfANormalIsALogNormal() throws {
        let normal = try Normal(loc: Tensor(0.4), scale: Tensor(0.9))
        let transformed = try TransformedDistribution(normal, ExpBijector())
        let reference = try LogNormal(loc: Tensor(0.4), scale: Tensor(0.9))
        var generator = Xoshiro256PlusPlus(seed: 4)
        let y = try transformed.sample([20_000], using: &generator)
        let ours = try transformed.logProb(of: y).scalars, theirs = try reference.logProb(of: y).scalars
        #expect(zip(ours, theirs).allSatisfy { isClose($0, $1, tolerance: 1e-12) })
        let test = KolmogorovSmirnov(sample: y.scalars, cdf: { gsl_cdf_lognormal_P($0, 0.4, 0.9) })
        #expect(test.pValue > 1e-6)
    }

    /// Stick-breaking a batch of 3 normals gives one distribution on the
    /// 4-simplex: the batch axis becomes the event, the density integrates
    /// the change of variables, and draws lie on the simplex.
    @Test func stickBreakingMakesAVectorEvent() throws {
        let normal = try Normal(loc: Tensor([0.1, -0.3, 0.5]), scale: Tensor(1.0))
        let simplex = try TransformedDistribution(normal, StickBreakingBijector())
        #expect(simplex.batchShape == [])
        #expect(simplex.eventShape == [4])
        var generator = Xoshiro256PlusPlus(seed: 5)
        let y = try simplex.rsample([7], using: &generator)
        #expect(y.shape == [7, 4])
        #expect(try Constraint<Double>.simplex.contains(y))
        let x = try StickBreakingBijector<Double>().inverse(y)
        let expected = try normal.logProb(of: x).sum(alongAxes: [-1])
            - StickBreakingBijector<Double>().logAbsDetJacobian(x, y)
        #expect(zip(try simplex.logProb(of: y).scalars, expected.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-12) })
    }

    /// An affine map of Uniform(0, 1) is Uniform(a, b), gradients included.
    @Test func affineUniformGradientsFollowTheParameters() throws {
        let check = try gradientCheck(at: [Tensor(2.0), Tensor(3.0)]) { p in
            let moved = try TransformedDistribution(Uniform(low: Tensor(0.0), high: Tensor(1.0)), AffineBijector(loc: p[0], scale: p[1]))
            return try moved.logProb(of: Tensor([2.5, 4.0])).sum()
        }
        #expect(check.maxRelativeError <= 1e-6)
    }
}
