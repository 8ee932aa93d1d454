import LatentCore

/// What ``AutoMultivariateNormal/fit(context:settings:progress:)`` did.
public struct FitReport<Scalar: TensorScalar>: Sendable, CustomStringConvertible {
    /// Where the SVI phase started its scales.
    public enum Start: Sendable, Equatable {
        /// The Laplace approximation N(û, H⁻¹) at the mode.
        case laplace
        /// −∇²f was not positive definite at the point found: each
        /// coordinate's scale is 1/√Hᵢᵢ where that is positive, else 1.
        case diagonalCurvature
    }

    /// The mode û of the unconstrained log density (or the last point of
    /// the search when it did not converge).
    public let mode: [Scalar]
    /// Why the mode search stopped.
    public let modeSearch: LBFGSTermination
    /// How many iterations the mode search took.
    public let modeSearchIterations: Int
    /// Where the SVI phase started its scales.
    public let start: Start
    /// The rate the adaptation chose (frame units).
    public let learningRate: Scalar
    /// SVI steps before the averaging phase, the chosen rate's trial included.
    public let steps: Int
    /// Whether the convergence rule held before `maxSteps`.
    public let converged: Bool
    /// Steps of the averaging phase.
    public let averagingSteps: Int
    /// The loss (−ELBO estimate, nats) of every SVI step, both phases.
    public let losses: [Scalar]

    /// The ELBO, in nats: minus the mean loss of the averaging phase.
    public var elbo: Scalar {
        let tail = losses.suffix(averagingSteps)
        return -tail.reduce(0, +) / Scalar(Swift.max(tail.count, 1))
    }

    /// One line: the mode search, the start, the chosen rate, the SVI steps
    /// and whether they converged, and the ELBO.
    public var description: String {
        let search = modeSearch.isConverged ? "converged" : "stopped (\(modeSearch))"
        let rule = converged ? "converged after \(steps) steps" : "not converged after \(steps) steps"
        return "mode search \(search) in \(modeSearchIterations) iterations; start \(start); "
            + "rate \(learningRate); SVI \(rule), then \(averagingSteps) averaged; ELBO ≈ \(elbo) nats"
    }
}
