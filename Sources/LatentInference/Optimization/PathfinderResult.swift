import LatentCore

/// One single-path Pathfinder run: its L-BFGS path, the normal approximation
/// with the best ELBO along it, and draws from that normal.
public struct PathfinderPath<Scalar: TensorScalar>: Sendable {
    /// The L-BFGS run on −log p that traced the path.
    public let optimization: LBFGSResult<Scalar>
    /// The Monte Carlo ELBO estimate of the approximation at each iterate
    /// 1…L of the path (−∞ where the approximation or log p failed).
    public let elbos: [Scalar]
    /// The iterate whose approximation was chosen (an index into
    /// `optimization.path`).
    public let bestIteration: Int
    /// The chosen approximation.
    public let approximation: PathfinderNormal<Scalar>
    /// Its ELBO estimate.
    public var elbo: Scalar { elbos[bestIteration - 1] }
    /// Draws from ``approximation``.
    public let draws: [[Scalar]]
    /// log p of each draw (unnormalised, as the log density returned it).
    public let logDensities: [Scalar]
    /// log q of each draw under ``approximation``.
    public let approximationLogDensities: [Scalar]
}

/// What ``Pathfinder`` found: draws approximating the target, the paths
/// they came from, and the Pareto k̂ of their importance weights.
public struct PathfinderResult<Scalar: TensorScalar>: Sendable {
    /// The draws: with several paths, resampled with replacement from the
    /// pooled draws of all paths with Pareto-smoothed importance weights
    /// p/q; with one path, that path's draws.
    public let draws: [[Scalar]]
    /// log p of each draw.
    public let logDensities: [Scalar]
    /// The single paths that succeeded, in the order of their starts.
    public let paths: [PathfinderPath<Scalar>]
    /// Pareto k̂ of the pooled log importance weights log p − log q
    /// (−∞ when they are all equal: the approximation is exact); nil when
    /// fewer than 25 draws were pooled or a weight was not finite.
    public let paretoK: Double?
}
