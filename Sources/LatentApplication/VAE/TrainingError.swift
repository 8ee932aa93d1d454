/// A training run that cannot go on.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The fit ran away at minibatch `step` (of `steps`) of `epoch` (both
    /// counted from 1): a loss, a gradient or a parameter stopped being
    /// finite, or a distribution was handed an invalid parameter. `site`
    /// names the sample site involved when it is known.
    case diverged(epoch: Int, step: Int, steps: Int, site: String?, reason: String, learningRate: Float)

    /// The divergence in words: where it happened, why, and the advice to lower the learning rate.
    public var description: String {
        switch self {
        case let .diverged(epoch, step, steps, site, reason, learningRate):
            "training diverged in epoch \(epoch) at step \(step) of \(steps)"
                + (site.map { " (site '\($0)')" } ?? "") + ": \(reason); lower the learning rate (it is \(learningRate))"
        }
    }
}
