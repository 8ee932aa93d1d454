import LatentCore

/// The limited-memory BFGS minimiser of a smooth f: ℝᵈ → ℝ (Nocedal &
/// Wright, Algorithm 7.5), with a strong Wolfe line search.
///
/// Each iteration steps from xₖ along the quasi-Newton direction
/// pₖ = −Hₖ∇f(xₖ), where Hₖ is the ``LBFGSInverseHessian`` built from the
/// last `memory` pairs (s, y) and H₀ = γₖI, γₖ = sᵀy/yᵀy of the newest pair
/// (their eq. 7.20): an estimate of the inverse curvature along the latest
/// step, which makes the unit step α = 1 usually acceptable. The step length
/// satisfies the strong Wolfe conditions with c₁ and c₂ (see
/// `StrongWolfeLineSearch`), which guarantee yᵀs > 0 and so a positive
/// definite update. The first step, and any step after a failed line search,
/// goes along steepest descent with length at most 1.
///
/// The stopping rules and their defaults are Stan's (`tol_obj`,
/// `tol_rel_obj`, `tol_grad`, `tol_rel_grad`, `tol_param`), and so is the
/// history size. Stan states its relative tolerances in units of Double's
/// ε; here they are plain numbers with the same defaults (1e4ε ≈ 2.2e-12
/// and 1e7ε ≈ 2.2e-9), because in units of Float's ε they would be loose
/// enough to stop on the first step. In Float, loosen the defaults below
/// its ε ≈ 1.2e-7, or the run ends with a failed line search at the
/// minimum to rounding.
public struct LBFGS<Scalar: TensorScalar>: Sendable {
    /// How many (s, y) pairs the approximation keeps.
    public let memory: Int
    /// The most iterations (accepted steps).
    public let maxIterations: Int
    /// Stop when |Δf| < this (`tol_obj`).
    public let objectiveTolerance: Scalar
    /// Stop when |Δf| / max(|f|, 1) < this (`tol_rel_obj`, in Stan 1e4 × ε).
    public let relativeObjectiveTolerance: Scalar
    /// Stop when ‖∇f‖₂ < this (`tol_grad`).
    public let gradientTolerance: Scalar
    /// Stop when ∇fᵀH∇f / max(|f|, 1) < this (`tol_rel_grad`, in Stan 1e7 × ε).
    public let relativeGradientTolerance: Scalar
    /// Stop when ‖Δx‖₂ < this (`tol_param`).
    public let parameterTolerance: Scalar
    /// c₁ of the sufficient-decrease condition.
    public let sufficientDecrease: Scalar
    /// c₂ of the curvature condition; near 0 makes the line search
    /// nearly exact.
    public let curvature: Scalar
    /// The most objective evaluations one line search may spend.
    public let maxLineSearchEvaluations: Int

    /// An L-BFGS minimiser.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` naming the
    ///   first setting out of range: `memory`, `maxIterations` and
    ///   `maxLineSearchEvaluations` must be at least 1, the tolerances
    ///   non-negative, and 0 < c₁ < c₂ < 1.
    public init(
        memory: Int = 6,
        maxIterations: Int = 2_000,
        objectiveTolerance: Scalar = 1e-12,
        relativeObjectiveTolerance: Scalar = Scalar(1e4 * Double.ulpOfOne),
        gradientTolerance: Scalar = 1e-8,
        relativeGradientTolerance: Scalar = Scalar(1e7 * Double.ulpOfOne),
        parameterTolerance: Scalar = 1e-8,
        sufficientDecrease: Scalar = 1e-4,
        curvature: Scalar = 0.9,
        maxLineSearchEvaluations: Int = 40
    ) throws {
        for (name, count) in [("memory", memory), ("maxIterations", maxIterations), ("maxLineSearchEvaluations", maxLineSearchEvaluations)]
        where count < 1 {
            throw InferenceError.invalidArgument(name: name, reason: "must be at least 1, got \(count)")
        }
        let tolerances = [
            ("objectiveTolerance", objectiveTolerance), ("relativeObjectiveTolerance", relativeObjectiveTolerance),
            ("gradientTolerance", gradientTolerance), ("relativeGradientTolerance", relativeGradientTolerance),
            ("parameterTolerance", parameterTolerance),
        ]
        for (name, tolerance) in tolerances where !(tolerance >= 0) {
            throw InferenceError.invalidArgument(name: name, reason: "must be non-negative, got \(tolerance)")
        }
        guard sufficientDecrease > 0, sufficientDecrease < curvature, curvature < 1 else {
            throw InferenceError.invalidArgument(
                name: "curvature",
                reason: "the Wolfe constants need 0 < sufficientDecrease < curvature < 1, got \(sufficientDecrease) and \(curvature)")
        }
        self.memory = memory
        self.maxIterations = maxIterations
        self.objectiveTolerance = objectiveTolerance
        self.relativeObjectiveTolerance = relativeObjectiveTolerance
        self.gradientTolerance = gradientTolerance
        self.relativeGradientTolerance = relativeGradientTolerance
        self.parameterTolerance = parameterTolerance
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.maxLineSearchEvaluations = maxLineSearchEvaluations
    }

    /// Minimises f from `start`.
    /// - Parameters:
    ///   - start: x₀, non-empty.
    ///   - objective: f(x) and ∇f(x). Where f is undefined it may return a
    ///     non-finite value: the line search then backs off.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` when
    ///   `start` is empty, f(x₀) or ∇f(x₀) is not finite, or a gradient's
    ///   length differs from x's; and whatever `objective` throws.
    public func minimize(
        from start: [Scalar],
        _ objective: ([Scalar]) throws -> (value: Scalar, gradient: [Scalar])
    ) throws -> LBFGSResult<Scalar> {
        guard !start.isEmpty else {
            throw InferenceError.invalidArgument(name: "start", reason: "must have at least one coordinate")
        }
        let lineSearch = StrongWolfeLineSearch(
            sufficientDecrease: sufficientDecrease, curvature: curvature, maxEvaluations: maxLineSearchEvaluations)
        let (value, gradient) = try objective(start)
        var evaluations = 1
        guard gradient.count == start.count else {
            throw InferenceError.invalidArgument(
                name: "gradient", reason: "has \(gradient.count) entries at a point of \(start.count) coordinates")
        }
        guard value.isFinite, FlatVector.isFinite(gradient) else {
            throw InferenceError.invalidArgument(
                name: "start", reason: "the objective or its gradient is not finite there (value \(value))")
        }
        let identity = [Scalar](repeating: 1, count: start.count)
        var current = StrongWolfeLineSearch<Scalar>.Trial(step: 0, point: start, value: value, gradient: gradient, slope: 0)
        var inverseHessian = LBFGSInverseHessian(checkedDiagonal: identity)
        var path = [LBFGSIterate(point: start, value: value, gradient: gradient)]
        var termination: LBFGSTermination? = FlatVector.norm(gradient) < gradientTolerance ? .gradientTolerance : nil
        while termination == nil {
            guard path.count <= maxIterations else {
                termination = .maxIterations
                break
            }
            let steepest = inverseHessian.steps.isEmpty
            let direction = inverseHessian.applied(to: current.gradient).map { -$0 }
            current.slope = FlatVector.dot(current.gradient, direction)
            let initialStep = steepest ? Swift.min(1, 1 / FlatVector.norm(current.gradient)) : 1
            guard current.slope < 0,
                let next = try lineSearch.search(
                    from: current, along: direction, initialStep: initialStep, evaluations: &evaluations, objective)
            else {
                if steepest {
                    termination = .lineSearchFailed
                } else {
                    inverseHessian = LBFGSInverseHessian(checkedDiagonal: identity)
                }
                continue
            }
            let step = FlatVector.difference(next.point, current.point)
            let gradientChange = FlatVector.difference(next.gradient, current.gradient)
            if inverseHessian.record(step: step, gradientChange: gradientChange, memory: memory) {
                let scale = FlatVector.dot(step, gradientChange) / FlatVector.dot(gradientChange, gradientChange)
                inverseHessian.initialDiagonal = [Scalar](repeating: scale, count: start.count)
            }
            termination = convergence(from: current, to: next, step: step, inverseHessian: inverseHessian)
            current = next
            path.append(LBFGSIterate(point: next.point, value: next.value, gradient: next.gradient))
        }
        return LBFGSResult(
            minimizer: current.point, value: current.value, gradient: current.gradient,
            iterations: path.count - 1, evaluations: evaluations, termination: termination ?? .maxIterations,
            path: path, inverseHessian: inverseHessian)
    }

    /// The first of Stan's convergence tests that the step from `previous`
    /// to `next` passes, in Stan's order.
    private func convergence(
        from previous: StrongWolfeLineSearch<Scalar>.Trial, to next: StrongWolfeLineSearch<Scalar>.Trial,
        step: [Scalar], inverseHessian: LBFGSInverseHessian<Scalar>
    ) -> LBFGSTermination? {
        let decrease = Swift.abs(previous.value - next.value)
        let valueScale = Swift.max(Swift.abs(previous.value), Swift.abs(next.value), 1)
        if decrease < objectiveTolerance { return .objectiveTolerance }
        if decrease / valueScale < relativeObjectiveTolerance { return .relativeObjectiveTolerance }
        if FlatVector.norm(next.gradient) < gradientTolerance { return .gradientTolerance }
        let scaledGradient = FlatVector.dot(next.gradient, inverseHessian.applied(to: next.gradient))
        if scaledGradient / Swift.max(Swift.abs(next.value), 1) < relativeGradientTolerance {
            return .relativeGradientTolerance
        }
        if FlatVector.norm(step) < parameterTolerance { return .parameterTolerance }
        return nil
    }
}
