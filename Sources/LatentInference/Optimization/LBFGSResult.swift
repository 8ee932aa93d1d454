import LatentCore

/// Why ``LBFGS`` stopped. The first five are the convergence tests of
/// Stan's optimiser, with its names; the last two are not convergence.
public enum LBFGSTermination: Sendable, Equatable {
    /// |f(xₖ₊₁) − f(xₖ)| fell below the objective tolerance (`tol_obj`).
    case objectiveTolerance
    /// |f(xₖ₊₁) − f(xₖ)| / max(|f(xₖ)|, |f(xₖ₊₁)|, 1) fell below the
    /// relative objective tolerance (`tol_rel_obj`).
    case relativeObjectiveTolerance
    /// ‖∇f‖₂ fell below the gradient tolerance (`tol_grad`).
    case gradientTolerance
    /// ∇fᵀ H ∇f / max(|f|, 1), with H the inverse-Hessian approximation, fell
    /// below the relative gradient tolerance (`tol_rel_grad`).
    case relativeGradientTolerance
    /// ‖xₖ₊₁ − xₖ‖₂ fell below the parameter tolerance (`tol_param`).
    case parameterTolerance
    /// The iteration limit was reached first.
    case maxIterations
    /// No step satisfying the strong Wolfe conditions was found, even along
    /// steepest descent: at a minimum to rounding, or on an objective that is
    /// not smooth (or not finite) around the last iterate.
    case lineSearchFailed

    /// Whether this is one of the convergence tests.
    public var isConverged: Bool {
        switch self {
        case .maxIterations, .lineSearchFailed: false
        default: true
        }
    }
}

/// One accepted iterate of an L-BFGS run: xₖ, f(xₖ) and ∇f(xₖ).
public struct LBFGSIterate<Scalar: TensorScalar>: Sendable {
    /// xₖ.
    public let point: [Scalar]
    /// f(xₖ).
    public let value: Scalar
    /// ∇f(xₖ).
    public let gradient: [Scalar]
}

/// What ``LBFGS/minimize(from:_:)`` found, and how.
public struct LBFGSResult<Scalar: TensorScalar>: Sendable {
    /// The last accepted iterate, the lowest point found.
    public let minimizer: [Scalar]
    /// f at ``minimizer``.
    public let value: Scalar
    /// ∇f at ``minimizer``.
    public let gradient: [Scalar]
    /// Accepted steps taken.
    public let iterations: Int
    /// Calls of the objective, the start's included.
    public let evaluations: Int
    /// Why the run stopped.
    public let termination: LBFGSTermination
    /// Every accepted iterate in order, from the start (`path[0]`) to the
    /// minimiser (`path.last`): `iterations + 1` of them.
    public let path: [LBFGSIterate<Scalar>]
    /// The inverse-Hessian approximation at the minimiser: H₀ = γI with
    /// γ = sᵀy/yᵀy of the newest pair (I before any step), and the last
    /// `memory` pairs.
    public let inverseHessian: LBFGSInverseHessian<Scalar>
}
