import LatentCore
import LatentInference

/// Runs `steps` SVI steps, then `averaging` more at a tenth of the rate, and
/// returns the mean of `read` over those: the stochastic optimum, with the
/// iterates' wander averaged out.
func fitAndAverage<M, G>(
    _ svi: SVI<Double, M, G>, steps: Int, averaging: Int = 300, read: (ParameterStore<Double>) throws -> [Double]
) throws -> [Double] {
    try svi.run(steps: steps)
    svi.optimizer.learningRate /= 10
    var total: [Double] = []
    for _ in 0..<averaging {
        try svi.step()
        let values = try read(svi.context.parameters)
        total = total.isEmpty ? values : zip(total, values).map(+)
    }
    return total.map { $0 / Double(averaging) }
}
