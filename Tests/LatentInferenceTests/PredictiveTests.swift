import CGSL
import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

@Suite("Predictive distributions")
struct PredictiveTests {
    /// With the guide set to the exact posterior N(m, s²) of the Normal–Normal
    /// model, each simulated observation is N(m, 1 + s²): KS against GSL.
    @Test func posteriorPredictiveOfTheNormalModel() throws {
        let data = SVITests.data
        let precision = 1.0 / 100 + Double(data.count)
        let (m, s) = (data.scalars.reduce(0, +) / precision, (1 / precision).squareRoot())
        let context = ModelContext<Double>(seed: 30)
        _ = try context.trace(normalGuide)
        context.parameters.setUnconstrainedValue("m", Tensor(m))
        context.parameters.setUnconstrainedValue("s", Tensor(Double.log(s)))
        let draws = try Predictive(model: normalModel(data), guide: normalGuide).draw(4_000, in: context)
        #expect(draws["y"]?.shape == [4_000, data.count])
        #expect(draws["mu"]?.shape == [4_000])
        let first = try draws["y"]!.sliced(alongAxis: 1, 0..<1).scalars
        let test = KolmogorovSmirnov(sample: first, cdf: { gsl_cdf_gaussian_P($0 - m, (1 + s * s).squareRoot()) })
        #expect(test.pValue > 1e-6)
    }

    /// Without a guide, the prior predictive: μ ~ N(0, 10), so y₀ ~ N(0, √101).
    @Test func priorPredictiveWithoutAGuide() throws {
        let draws = try Predictive<Double, Void, Void>(model: normalModel(SVITests.data)).draw(4_000, in: ModelContext(seed: 31))
        let first = try draws["y"]!.sliced(alongAxis: 1, 0..<1).scalars
        #expect(KolmogorovSmirnov(sample: first, cdf: { gsl_cdf_gaussian_P($0, 101.0.squareRoot()) }).pValue > 1e-6)
    }
}
