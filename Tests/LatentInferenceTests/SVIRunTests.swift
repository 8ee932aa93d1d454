import LatentCore
import LatentDistributions
import LatentInference
import LatentTestSupport
import Testing

@Suite("Running SVI: stable updates, convergence, progress")
struct SVIRunTests {
    @Test func stableUpdateSkipsNonFiniteStepsAndChangesNothing() throws {
        let model = { (c: ModelContext<Double>) throws -> Void in
            let mu = try c.sample("mu", Normal(loc: 0.0, scale: 1.0))
            try c.sample("y", Normal(loc: mu, scale: Tensor(0.0), validating: false), observed: Tensor(1.0))
        }
        let svi = SVI(model: model, guide: normalGuide, objective: try TraceELBO(), optimizer: try Adam(learningRate: 0.1))
        svi.stableUpdate = true
        _ = try svi.context.trace(normalGuide)
        let before = svi.context.parameters.unconstrainedValue("m")
        try svi.run(steps: 5)
        #expect(svi.skippedSteps == 5)
        #expect(svi.context.parameters.unconstrainedValue("m") == before)
    }

    @Test func stopsWhenTheRelativeChangeFallsBelowTheTolerance() throws {
        let svi = SVI(model: normalModel(SVITests.data), guide: normalGuide, objective: try TraceELBO(particles: 4),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 50))
        let result = try svi.run(maxSteps: 20_000, tolerance: 0.01)
        #expect(result.converged)
        #expect(result.steps < 20_000 && result.steps % 100 == 0)
        let never = SVI(model: normalModel(SVITests.data), guide: normalGuide, objective: try TraceELBO(),
                        optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 51))
        #expect(try never.run(maxSteps: 300, tolerance: 0).converged == false)
    }

    @Test func progressLinesCarryStepLossRateAndETA() throws {
        final class Lines: @unchecked Sendable { var all: [String] = [] }
        let lines = Lines()
        let svi = SVI(model: normalModel(SVITests.data), guide: normalGuide, objective: try TraceELBO(),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 52))
        try svi.run(steps: 50, progress: ProgressReporter(total: 50, interactive: false) { lines.all.append($0) })
        #expect(lines.all.count == 10)
        #expect(lines.all.last!.hasPrefix("step 50/50  loss "))
        #expect(lines.all.allSatisfy { $0.contains("steps/s") && $0.contains("ETA") && $0.hasSuffix("\n") })
        // On a terminal the line is redrawn at most ten times a second: three
        // quick steps draw the first and the last, which ends the line.
        let redraw = Lines()
        try svi.run(steps: 3, progress: ProgressReporter(total: 3, interactive: true) { redraw.all.append($0) })
        #expect(redraw.all.count == 2 && redraw.all.allSatisfy { $0.hasPrefix("\r") })
        #expect(redraw.all.first!.hasPrefix("\rstep 1/3") && redraw.all.last!.hasPrefix("\rstep 3/3") && redraw.all.last!.hasSuffix("\n"))
    }
}
