import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

@Suite("Mean-field ELBO with analytic KL")
struct MeanFieldELBOTests {
    /// The two losses have the same expectation: with the guide fixed, the
    /// means of 20,000 TraceELBO losses and 2,000 MeanFieldELBO losses (still
    /// random: the likelihood sees a draw of μ) differ by less than 4.89
    /// standard errors of their difference.
    @Test func analyticAndMonteCarloELBOsAgreeInExpectation() throws {
        let data = SVITests.data
        let context = ModelContext<Double>(seed: 40)
        _ = try context.trace(normalGuide)
        context.parameters.setUnconstrainedValue("m", Tensor(1.2))
        context.parameters.setUnconstrainedValue("s", Tensor(Double.log(0.5)))
        let trace = try TraceELBO<Double>()
        let monteCarlo = try (0..<20_000).map { _ in
            try trace.loss(model: normalModel(data), guide: normalGuide, context: context).scalarValue
        }
        let meanField = try MeanFieldELBO<Double>()
        let analytic = try (0..<2_000).map { _ in
            try meanField.loss(model: normalModel(data), guide: normalGuide, context: context).scalarValue
        }
        func meanAndVarianceOfMean(_ xs: [Double]) -> (Double, Double) {
            let n = Double(xs.count), mean = xs.reduce(0, +) / n
            return (mean, xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) / n)
        }
        let (mc, mcVariance) = meanAndVarianceOfMean(monteCarlo)
        let (exact, exactVariance) = meanAndVarianceOfMean(analytic)
        #expect(abs(mc - exact) <= 4.89 * (mcVariance + exactVariance).squareRoot(), "Monte Carlo \(mc), analytic \(exact)")
    }

    @Test func reachesTheNormalNormalPosterior() throws {
        let data = SVITests.data
        let svi = SVI(model: normalModel(data), guide: normalGuide, objective: try MeanFieldELBO(particles: 2),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 41))
        let fitted = try fitAndAverage(svi, steps: 1_500) { store in
            [try store.constrainedValue("m")!.scalarValue, try store.constrainedValue("s")!.scalarValue]
        }
        let precision = 1.0 / 100 + Double(data.count)
        let (mean, sd) = (data.scalars.reduce(0, +) / precision, (1 / precision).squareRoot())
        #expect(abs(fitted[0] - mean) < 0.1 * sd)
        #expect(abs(fitted[1] - sd) < 0.1 * sd)
    }
}
