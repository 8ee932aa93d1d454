import LatentCore

/// How ``AutoMultivariateNormal/fit(context:settings:progress:)`` fits:
/// the mode search, then SVI in the Laplace frame until a convergence
/// rule holds, then a phase at a lower rate whose iterates are averaged.
/// The defaults need no tuning on the posteriors of the test suite (see
/// Docs/Inference.md).
public struct FitSettings<Scalar: TensorScalar>: Sendable {
    /// The optimiser that finds the mode of the unconstrained log density.
    public var modeSearch: LBFGS<Scalar>
    /// Adam's rate while the ELBO improves, in the units of the frame (the
    /// Laplace sds): 0.1 moves the mean by about a tenth of a posterior sd
    /// per step at most.
    public var learningRate: Scalar
    /// The rule's window W: it compares the mean losses of successive
    /// windows of W steps.
    public var window: Int
    /// The most steps before the averaging phase, converged or not.
    public var maxSteps: Int
    /// Steps of the averaging phase, at a tenth of the rate; the fitted
    /// parameters are the mean of its iterates (Polyak–Ruppert averaging).
    public var averagingSteps: Int
    /// Draws of the guide per step (the Trace ELBO's particles).
    public var particles: Int

    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` naming a
    ///   setting out of range (every count at least 1, the rate positive).
    public init(
        modeSearch: LBFGS<Scalar>? = nil, learningRate: Scalar = 0.1, window: Int = 100, maxSteps: Int = 20_000,
        averagingSteps: Int = 2_000, particles: Int = 1
    ) throws {
        for (name, count) in [("window", window), ("maxSteps", maxSteps), ("averagingSteps", averagingSteps), ("particles", particles)]
        where count < 1 {
            throw InferenceError.invalidArgument(name: name, reason: "must be at least 1, got \(count)")
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw InferenceError.invalidArgument(name: "learningRate", reason: "must be positive and finite, got \(learningRate)")
        }
        self.modeSearch = try modeSearch ?? LBFGS()
        self.learningRate = learningRate
        self.window = window
        self.maxSteps = maxSteps
        self.averagingSteps = averagingSteps
        self.particles = particles
    }
}
