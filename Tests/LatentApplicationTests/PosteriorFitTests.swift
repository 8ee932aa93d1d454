import Foundation
import LatentApplication
import LatentCore
import Testing

/// `latent fit`'s runner on eight schools: the InferenceData it lays out
/// and the forest plot's rows, against the fit's own draws and report.
@Suite("A bundled posterior fitted for latent fit")
struct PosteriorFitTests {
    @Test func eightSchoolsLayout() throws {
        let data = try StanData(
            json: Data(#"{"J": 8, "y": [28, 8, -3, 7, -1, 1, 18, 12], "sigma": [15, 10, 16, 11, 9, 11, 10, 18]}"#.utf8),
            source: "eight_schools.json")
        let model = try #require(PosteriorFit.models.first { $0.name == "eight-schools" })
        let fit = try PosteriorFit(model, posterior: model.make(data), draws: 200, diagnosticSamples: 100)
        let posterior = try #require(fit.inferenceData[group: "posterior"])
        let byName = Dictionary(uniqueKeysWithValues: posterior.variables.map { ($0.name, $0) })
        // θ is computed outside the plate; the model names its axis after the plate of y.
        #expect(byName["theta"]?.dimensions == ["chain", "draw", "schools"])
        #expect(byName["theta_trans"]?.dimensions == ["chain", "draw", "schools"])
        #expect(byName["mu"]?.shape == [1, 200] && byName["mu"]?.values == fit.draws["mu"]!.scalars)
        let observed = try #require(fit.inferenceData[group: "observed_data"]?.variables.first)
        #expect(observed.name == "y" && observed.dimensions == ["schools"] && observed.values == [28, 8, -3, 7, -1, 1, 18, 12])
        let loss = try #require(fit.inferenceData[group: "vi"]?.variables.first)
        #expect(loss.values == fit.report.losses && loss.dimensions == ["step"])
        // One forest row per posterior scalar, in the model's order, each the draws' own mean.
        let rows = fit.forestRows
        #expect(rows.count == 18 && rows.first?.label == "theta_trans[0]" && rows.map(\.label).contains("tau"))
        let thetaZero = (0..<200).map { fit.draws["theta"]!.scalars[$0 * 8] }
        let row = try #require(rows.first { $0.label == "theta[0]" })
        #expect(abs(row.mean - thetaZero.reduce(0, +) / 200) < 1e-12)
        #expect(row.outer.lowerBound <= row.inner.lowerBound && row.inner.upperBound <= row.outer.upperBound)
    }
}
