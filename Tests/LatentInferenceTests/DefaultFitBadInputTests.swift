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

    /// A regression line through one point under flat priors: the density
    /// grows without bound as σ → 0 on the line, so every candidate rate's
    /// trial diverges. The error is the first trial's, naming its step and
    /// σ, not a bare "not finite" at the end of the trials.
    @Test func everyRateDivergingNamesTheSite() throws {
        func model(_ c: ModelContext<Double>) throws {
            let beta = try c.sample("beta", Flat(.real, eventShape: [2]))
            let sigma = try c.sample("sigma", HalfCauchy(scale: 2.5))
            let mean = try beta.sliced(alongAxis: 0, 0..<1) + beta.sliced(alongAxis: 0, 1..<2) * 100
            _ = try c.sample("y", Normal(loc: mean, scale: sigma), observed: Tensor([80.0]))
        }
        let settings = try FitSettings<Double>(adaptationSteps: 50, window: 50, maxSteps: 400, averagingSteps: 50)
        #expect {
            try AutoMultivariateNormal(model: model).fit(context: ModelContext(seed: 1), settings: settings)
        } throws: { error in
            guard case let InferenceError.nonFiniteLoss(step, site) = error else { return false }
            return site == "sigma" && step <= settings.adaptationSteps
        }
    }

    /// Flat priors that no data inform: on ℝ f is constant, on (0, ∞) it
    /// is u (the log-Jacobian), so the ELBO grows without bound with the
    /// guide's scale. Before, the fit ran on and returned a report (or a
    /// NaN thousands of steps later at an internal site); now it stops
    /// after the mode search, naming the flat site.
    @Test func anImproperPosteriorNamesTheFlatSite() throws {
        for support in [Constraint<Double>.real, .positive] {
            func model(_ c: ModelContext<Double>) throws {
                _ = try c.sample("mu", Normal(loc: 0, scale: 1), observed: Tensor(0.5))
                _ = try c.sample("theta", Flat(support))
            }
            #expect(throws: InferenceError.invalidArgument(
                name: "model",
                reason: "site 'theta' has zero curvature where the mode search ended, so the posterior is improper (flat) "
                    + "along it; give it a proper prior or data that inform it")) {
                try AutoMultivariateNormal(model: model).fit(context: ModelContext(seed: 1), settings: settings)
            }
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
