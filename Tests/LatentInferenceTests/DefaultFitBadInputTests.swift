import LatentCore
import LatentDistributions
import LatentInference
import Testing

/// The default fit on models it cannot fit: each stops with an error that
/// names the site at fault.
@Suite("The default fit on bad models")
struct DefaultFitBadInputTests {
    /// Short phases: these fits stop before or during the rate trials.
    let settings = try! FitSettings<Double>(adaptationSteps: 20, window: 20, maxSteps: 100, averagingSteps: 20)

    /// A factor that is NaN wherever μ is finite: f is NaN at the start, and
    /// the error names the factor rather than L-BFGS's "start".
    @Test func aLogDensityNotFiniteAtTheStartNamesTheSite() throws {
        func model(_ c: ModelContext<Double>) throws {
            let mu = try c.sample("mu", Normal(loc: 0, scale: 1))
            try c.factor("broken", mu * Double.nan)
        }
        #expect(throws: InferenceError.nonFiniteLoss(step: 0, site: "broken")) {
            try AutoMultivariateNormal(model: model).fit(context: ModelContext(seed: 1), settings: settings)
        }
    }

    /// A discrete latent site is named before any fitting starts.
    @Test func aDiscreteLatentSiteIsNamed() throws {
        func model(_ c: ModelContext<Double>) throws {
            _ = try c.sample("mu", Normal(loc: 0, scale: 1))
            _ = try c.sample("count", Poisson(rate: 2.0))
        }
        #expect {
            try AutoMultivariateNormal(model: model).fit(context: ModelContext(seed: 1), settings: settings)
        } throws: { error in
            guard case let InferenceError.guideMismatch(site, _) = error else { return false }
            return site == "count"
        }
    }
}
