import LatentCore
import LatentInference

/// SVI as the ready models fit: Adam at `rate`, cut tenfold for the last
/// fifth of the `steps` (so the last iterates settle instead of wandering),
/// run to the end.
/// - Throws: ``ModelError/countOutOfRange(argument:value:valid:)`` for fewer than 1 step.
func fittedSVI(
    model: @escaping (ModelContext<Double>) throws -> Void, guide: @escaping (ModelContext<Double>) throws -> Void,
    objective: any Objective<Double>, rate: Double, steps: Int, seed: UInt64, progress: ProgressReporter?
) throws -> SVI<Double, Void, Void> {
    try ModelError.checkCount("steps", steps, atLeast: 1)
    let svi = SVI(model: model, guide: guide, objective: objective, optimizer: try Adam(learningRate: rate), context: ModelContext(seed: seed))
    svi.schedule = .step(initial: rate, factor: 0.1, stepSize: Swift.max(steps * 4 / 5, 1))
    try svi.run(steps: steps, progress: progress)
    return svi
}
