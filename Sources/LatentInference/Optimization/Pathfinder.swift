import LatentCore

/// Pathfinder variational inference (Zhang, Carpenter, Gelman & Vehtari
/// 2022, "Pathfinder: parallel quasi-Newton variational inference", JMLR).
///
/// A single path runs ``LBFGS`` on −log p from a start and, at each iterate
/// xₗ, forms the normal qₗ = N(xₗ + Hₗ∇log p(xₗ), Hₗ) whose covariance is the
/// L-BFGS inverse Hessian there — built from the same (s, y) pairs, but from
/// Pathfinder's diagonal estimate (``PathfinderNormal``), not L-BFGS's
/// scaled identity. It estimates each qₗ's ELBO, E_q[log p − log q], from
/// `elboDraws` Monte Carlo draws, keeps the qₗ with the highest, and returns
/// `draws` draws from it with their log p and log q.
///
/// Several paths (from starts drawn uniformly in (−r, r)ᵈ, as Stan does on
/// the unconstrained scale) have their draws pooled and resampled, with
/// replacement, with Pareto-smoothed importance weights p/q (PSIS): this
/// corrects part of the normal approximations' error and drops paths stuck
/// in minor modes. k̂ of the pooled weights is reported.
///
/// On a Gaussian target the path can find the target itself: −log p is a
/// quadratic, BFGS with exact line searches reaches its minimum in d steps
/// along A-conjugate directions, and once those d pairs are all held
/// (`memory ≥ d`) the secant equations H yⱼ = sⱼ, j = 1…d, pin H = A⁻¹
/// whatever the initial diagonal; the mean xₗ + H∇log p(xₗ) is then the mode.
/// With inexact (Wolfe) steps this holds only approximately.
public struct Pathfinder<Scalar: TensorScalar>: Sendable {
    /// How many single paths to run.
    public let paths: Int
    /// How many draws each path returns, and how many the result holds.
    public let draws: Int
    /// K, the Monte Carlo draws behind each ELBO estimate.
    public let elboDraws: Int
    /// r: random starts are uniform in (−r, r) in each coordinate.
    public let initialRadius: Scalar
    /// The optimiser that traces each path; its `memory` is also the number
    /// of pairs in each approximation.
    public let optimizer: LBFGS<Scalar>

    /// A Pathfinder with the paper's and Stan's defaults: 4 paths, 1 000
    /// draws, K = 5, starts in (−2, 2)ᵈ, L-BFGS with history 6.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` naming a
    ///   count below 1 or a radius that is not positive and finite.
    public init(
        paths: Int = 4, draws: Int = 1_000, elboDraws: Int = 5, initialRadius: Scalar = 2,
        optimizer: LBFGS<Scalar>? = nil
    ) throws {
        for (name, count) in [("paths", paths), ("draws", draws), ("elboDraws", elboDraws)] where count < 1 {
            throw InferenceError.invalidArgument(name: name, reason: "must be at least 1, got \(count)")
        }
        guard initialRadius > 0, initialRadius.isFinite else {
            throw InferenceError.invalidArgument(name: "initialRadius", reason: "must be positive and finite, got \(initialRadius)")
        }
        self.paths = paths
        self.draws = draws
        self.elboDraws = elboDraws
        self.initialRadius = initialRadius
        self.optimizer = try optimizer ?? LBFGS()
    }

    /// Multi-path Pathfinder from `paths` random starts.
    /// - Parameters:
    ///   - dimension: d, the length of the flat vectors.
    ///   - logDensity: log p(x) up to a constant, and its gradient.
    ///   - generator: the source of the random starts, of every path's Monte
    ///     Carlo draws and of the final resampling.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` when d < 1
    ///   or when every path failed (the first failure's error); and whatever
    ///   `logDensity` throws.
    public func run(
        dimension: Int,
        logDensity: ([Scalar]) throws -> (value: Scalar, gradient: [Scalar]),
        using generator: inout some RandomNumberGenerator
    ) throws -> PathfinderResult<Scalar> {
        guard dimension >= 1 else {
            throw InferenceError.invalidArgument(name: "dimension", reason: "must be at least 1, got \(dimension)")
        }
        let starts = (0..<paths).map { _ in
            (0..<dimension).map { _ in initialRadius * (2 * Scalar.randomUniform(using: &generator) - 1) }
        }
        return try run(from: starts, logDensity: logDensity, using: &generator)
    }

    /// Multi-path Pathfinder from the given starts (one path each); with a
    /// single start, that path's draws without resampling. A path that fails
    /// (a start where log p is not finite, no finite ELBO) is left out.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` when
    ///   `starts` is empty or every path failed (the first failure's error);
    ///   and whatever `logDensity` throws.
    public func run(
        from starts: [[Scalar]],
        logDensity: ([Scalar]) throws -> (value: Scalar, gradient: [Scalar]),
        using generator: inout some RandomNumberGenerator
    ) throws -> PathfinderResult<Scalar> {
        guard !starts.isEmpty else {
            throw InferenceError.invalidArgument(name: "starts", reason: "needs at least one start")
        }
        var succeeded: [PathfinderPath<Scalar>] = []
        var firstFailure: InferenceError?
        for start in starts {
            do {
                succeeded.append(try singlePath(from: start, logDensity: logDensity, using: &generator))
            } catch let error as InferenceError {
                firstFailure = firstFailure ?? error
            }
        }
        guard !succeeded.isEmpty else { throw firstFailure! }
        let pooled = succeeded.flatMap(\.draws)
        let pooledLogDensities = succeeded.flatMap(\.logDensities)
        let logWeights = zip(pooledLogDensities, succeeded.flatMap(\.approximationLogDensities)).map { Double($0 - $1) }
        let smoothed = GeneralizedPareto.smoothed(logWeights: logWeights)
        guard starts.count > 1 else {
            return PathfinderResult(draws: pooled, logDensities: pooledLogDensities, paths: succeeded, paretoK: smoothed?.paretoK)
        }
        let chosen = try ImportanceResampling.indices(
            count: draws, logWeights: smoothed?.logWeights ?? logWeights, using: &generator)
        return PathfinderResult(
            draws: chosen.map { pooled[$0] }, logDensities: chosen.map { pooledLogDensities[$0] },
            paths: succeeded, paretoK: smoothed?.paretoK)
    }

    /// Single-path Pathfinder (the paper's Algorithm 1) from `start`.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` when log p
    ///   or its gradient is not finite at `start`, or no approximation along
    ///   the path has a finite ELBO; and whatever `logDensity` throws.
    public func singlePath(
        from start: [Scalar],
        logDensity: ([Scalar]) throws -> (value: Scalar, gradient: [Scalar]),
        using generator: inout some RandomNumberGenerator
    ) throws -> PathfinderPath<Scalar> {
        let optimization = try optimizer.minimize(from: start) { x in
            let (value, gradient) = try logDensity(x)
            return (-value, gradient.map { -$0 })
        }
        let path = optimization.path
        var inverseHessian = LBFGSInverseHessian<Scalar>(checkedDiagonal: [Scalar](repeating: 1, count: start.count))
        var elbos: [Scalar] = []
        var best: (iteration: Int, approximation: PathfinderNormal<Scalar>)?
        for l in path.indices.dropFirst() {
            let step = FlatVector.difference(path[l].point, path[l - 1].point)
            let gradientChange = FlatVector.difference(path[l].gradient, path[l - 1].gradient)
            if inverseHessian.record(step: step, gradientChange: gradientChange, memory: optimizer.memory) {
                inverseHessian.initialDiagonal = PathfinderDiagonal.updated(
                    inverseHessian.initialDiagonal, step: step, gradientChange: gradientChange)
            }
            guard let normal = PathfinderNormal(at: path[l].point, gradient: path[l].gradient, inverseHessian: inverseHessian)
            else {
                elbos.append(-.infinity)
                continue
            }
            let estimate = try elbo(of: normal, logDensity: logDensity, using: &generator)
            elbos.append(estimate)
            if estimate.isFinite, best.map({ estimate > elbos[$0.iteration - 1] }) ?? true { best = (l, normal) }
        }
        guard let best else {
            throw InferenceError.invalidArgument(
                name: "logDensity",
                reason: "no normal approximation along the L-BFGS path from \(start) has a finite ELBO "
                    + "(\(optimization.iterations) iterations, stopped by \(optimization.termination))")
        }
        var draws: [[Scalar]] = [], logDensities: [Scalar] = [], approximationLogDensities: [Scalar] = []
        draws.reserveCapacity(self.draws)
        for _ in 0..<self.draws {
            let (point, logQ) = best.approximation.sample(using: &generator)
            draws.append(point)
            logDensities.append(try logDensity(point).value)
            approximationLogDensities.append(logQ)
        }
        return PathfinderPath(
            optimization: optimization, elbos: elbos, bestIteration: best.iteration, approximation: best.approximation,
            draws: draws, logDensities: logDensities, approximationLogDensities: approximationLogDensities)
    }

    /// The Monte Carlo ELBO (1/K) Σₖ log p(xₖ) − log q(xₖ), xₖ ~ q; −∞ as
    /// soon as one log p is not finite (or NaN).
    private func elbo(
        of normal: PathfinderNormal<Scalar>,
        logDensity: ([Scalar]) throws -> (value: Scalar, gradient: [Scalar]),
        using generator: inout some RandomNumberGenerator
    ) throws -> Scalar {
        var sum: Scalar = 0
        for _ in 0..<elboDraws {
            let (point, logQ) = normal.sample(using: &generator)
            let logP = try logDensity(point).value
            guard logP.isFinite else { return -.infinity }
            sum += logP - logQ
        }
        return sum / Scalar(elboDraws)
    }
}
