import LatentCore

/// The limited-memory BFGS approximation H ≈ (∇²f)⁻¹ in its compact form:
/// an initial diagonal H₀ = diag(h₀) and the last m pairs
/// sⱼ = xⱼ₊₁ − xⱼ (steps) and yⱼ = ∇f(xⱼ₊₁) − ∇f(xⱼ) (gradient changes),
/// oldest first.
///
/// H is H₀ updated by BFGS with each pair in turn,
/// Hⱼ₊₁ = (I − ρⱼsⱼyⱼᵀ) Hⱼ (I − ρⱼyⱼsⱼᵀ) + ρⱼsⱼsⱼᵀ with ρⱼ = 1/(yⱼᵀsⱼ),
/// so that the newest pair's secant equation H yⱼ = sⱼ holds exactly. H is
/// positive definite when h₀ > 0 and every yⱼᵀsⱼ > 0 (a pair without that
/// curvature is never stored). It is never formed: ``applied(to:)`` computes
/// Hv by the two-loop recursion in O(md) (Nocedal & Wright, Algorithm 7.4).
public struct LBFGSInverseHessian<Scalar: TensorScalar>: Sendable {
    /// h₀, the diagonal of the initial approximation H₀.
    public internal(set) var initialDiagonal: [Scalar]
    /// The steps sⱼ, oldest first.
    public private(set) var steps: [[Scalar]]
    /// The gradient changes yⱼ, matching ``steps``.
    public private(set) var gradientChanges: [[Scalar]]
    /// yⱼᵀsⱼ of each pair (all positive).
    public private(set) var curvatures: [Scalar]

    /// The approximation from H₀ = diag(`initialDiagonal`) and the pairs given.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` when the
    ///   lengths disagree, an entry of h₀ is not positive and finite, or a
    ///   pair has yᵀs ≤ 0 (no positive definite update exists).
    public init(initialDiagonal: [Scalar], steps: [[Scalar]], gradientChanges: [[Scalar]]) throws {
        let d = initialDiagonal.count
        guard initialDiagonal.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw InferenceError.invalidArgument(name: "initialDiagonal", reason: "every entry must be positive and finite")
        }
        guard steps.count == gradientChanges.count, (steps + gradientChanges).allSatisfy({ $0.count == d }) else {
            throw InferenceError.invalidArgument(
                name: "steps", reason: "needs as many steps as gradient changes, each of length \(d)")
        }
        let curvatures = zip(steps, gradientChanges).map { FlatVector.dot($0, $1) }
        guard curvatures.allSatisfy({ $0 > 0 }) else {
            throw InferenceError.invalidArgument(name: "gradientChanges", reason: "every pair must have yᵀs > 0")
        }
        self.init(checkedDiagonal: initialDiagonal, steps: steps, gradientChanges: gradientChanges, curvatures: curvatures)
    }

    /// An approximation known to be valid.
    init(checkedDiagonal: [Scalar], steps: [[Scalar]] = [], gradientChanges: [[Scalar]] = [], curvatures: [Scalar] = []) {
        initialDiagonal = checkedDiagonal
        self.steps = steps
        self.gradientChanges = gradientChanges
        self.curvatures = curvatures
    }

    /// The dimension d.
    public var dimension: Int { initialDiagonal.count }

    /// Hv by the two-loop recursion: the first loop, newest pair first,
    /// takes aⱼ = ρⱼsⱼᵀq and q ← q − aⱼyⱼ from q = v; then r = H₀q; the
    /// second loop, oldest first, adds (aⱼ − ρⱼyⱼᵀr)sⱼ to r.
    public func applied(to vector: [Scalar]) -> [Scalar] {
        var q = vector
        var coefficients = [Scalar](repeating: 0, count: steps.count)
        for j in steps.indices.reversed() {
            coefficients[j] = FlatVector.dot(steps[j], q) / curvatures[j]
            FlatVector.add(-coefficients[j], gradientChanges[j], to: &q)
        }
        for i in q.indices { q[i] *= initialDiagonal[i] }
        for j in steps.indices {
            let correction = coefficients[j] - FlatVector.dot(gradientChanges[j], q) / curvatures[j]
            FlatVector.add(correction, steps[j], to: &q)
        }
        return q
    }

    /// H as d rows of d entries, column by column from He₁…He_d: O(md²),
    /// for small d (a Laplace approximation's covariance, tests).
    public func denseMatrix() -> [[Scalar]] {
        let d = dimension
        var rows = [[Scalar]](repeating: [Scalar](repeating: 0, count: d), count: d)
        var unit = [Scalar](repeating: 0, count: d)
        for j in 0..<d {
            unit[j] = 1
            let column = applied(to: unit)
            for i in 0..<d { rows[i][j] = column[i] }
            unit[j] = 0
        }
        return rows
    }

    /// Appends the pair (s, y), dropping the oldest beyond `memory` pairs,
    /// and returns true; or leaves a pair whose curvature yᵀs is not above
    /// ε‖y‖² out (as Pathfinder does, Zhang et al. 2022) and returns false:
    /// its update would not keep H positive definite to working precision.
    @discardableResult
    mutating func record(step: [Scalar], gradientChange: [Scalar], memory: Int) -> Bool {
        guard Self.hasCurvature(step: step, gradientChange: gradientChange) else { return false }
        if steps.count >= memory {
            let dropped = steps.count + 1 - memory
            steps.removeFirst(dropped)
            gradientChanges.removeFirst(dropped)
            curvatures.removeFirst(dropped)
        }
        steps.append(step)
        gradientChanges.append(gradientChange)
        curvatures.append(FlatVector.dot(step, gradientChange))
        return true
    }

    /// Forgets every pair (after a failed line search, to restart from
    /// the scaled steepest descent H₀).
    mutating func removeHistory() {
        steps.removeAll()
        gradientChanges.removeAll()
        curvatures.removeAll()
    }

    /// Whether yᵀs > ε‖y‖², the test a pair must pass to be stored.
    static func hasCurvature(step: [Scalar], gradientChange: [Scalar]) -> Bool {
        let curvature = FlatVector.dot(step, gradientChange)
        return curvature.isFinite && curvature > Scalar.ulpOfOne * FlatVector.dot(gradientChange, gradientChange)
    }
}
