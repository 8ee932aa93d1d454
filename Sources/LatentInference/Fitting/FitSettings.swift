import LatentCore

/// How ``AutoMultivariateNormal/fit(context:settings:progress:)`` fits:
/// the mode search, then SVI in the Laplace frame at the candidate rate
/// with the best ELBO after a short trial, until a convergence rule holds,
/// then a phase at a lower rate whose iterates are averaged.
/// The defaults need no tuning on the posteriors of the test suite (see
/// Docs/Inference.md).
public struct FitSettings<Scalar: TensorScalar>: Sendable {
    /// The optimiser that finds the mode of the unconstrained log density.
    public var modeSearch: LBFGS<Scalar>
    /// Adam's candidate rates, in the units of the frame (the Laplace sds):
    /// 0.1 moves the mean by about a tenth of a posterior sd per step at
    /// most. Each is tried for `adaptationSteps` from the same start and
    /// the one whose last half of losses has the lowest mean goes on (as
    /// Stan's ADVI adapts its η); a rate whose loss diverges is dropped.
    public var learningRates: [Scalar]
    /// Steps of each rate's trial.
    public var adaptationSteps: Int
    /// The rule's window W: it compares the mean losses of successive
    /// windows of W steps.
    public var window: Int
    /// The most steps before the averaging phase, converged or not.
    public var maxSteps: Int
    /// Steps of the averaging phase, at a tenth of the chosen rate; the fitted
    /// parameters are the mean of its iterates (Polyak–Ruppert averaging).
    /// On mesquite 2,000 left means up to 0.09 posterior sd from the exact
    /// ones across seeds, 6,000 at most 0.04.
    public var averagingSteps: Int
    /// Draws of the guide per step (the Trace ELBO's particles).
    public var particles: Int

    /// Settings for the fit; a nil `modeSearch` is an ``LBFGS`` with its
    /// default tolerances.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` naming a
    ///   setting out of range (every count at least 1, every rate positive).
    public init(
        modeSearch: LBFGS<Scalar>? = nil, learningRates: [Scalar] = [0.1, 0.03, 0.01], adaptationSteps: Int = 500,
        window: Int = 500, maxSteps: Int = 20_000, averagingSteps: Int = 6_000, particles: Int = 1
    ) throws {
        let counts = [("adaptationSteps", adaptationSteps), ("window", window), ("maxSteps", maxSteps),
                      ("averagingSteps", averagingSteps), ("particles", particles)]
        for (name, count) in counts where count < 1 {
            throw InferenceError.invalidArgument(name: name, reason: "must be at least 1, got \(count)")
        }
        guard !learningRates.isEmpty, learningRates.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw InferenceError.invalidArgument(
                name: "learningRates", reason: "must be one or more positive finite rates, got \(learningRates)")
        }
        self.modeSearch = try modeSearch ?? LBFGS()
        self.learningRates = learningRates
        self.adaptationSteps = adaptationSteps
        self.window = window
        self.maxSteps = maxSteps
        self.averagingSteps = averagingSteps
        self.particles = particles
    }

    /// The last step number a fit's progress reports can reach, the most
    /// SVI steps it numbers: the chosen rate's trial, `maxSteps` under the
    /// rule, then the averaging phase (a fit whose rule holds stops sooner).
    public var mostSteps: Int { adaptationSteps + maxSteps + averagingSteps }
}
