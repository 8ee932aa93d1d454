import LatentCore

/// A step length α along a descent direction p from x that satisfies the
/// strong Wolfe conditions on φ(α) = f(x + αp):
///
///     φ(α) ≤ φ(0) + c₁αφ′(0)          (sufficient decrease)
///     |φ′(α)| ≤ c₂|φ′(0)|             (curvature)
///
/// with 0 < c₁ < c₂ < 1 and φ′(α) = ∇f(x + αp)ᵀp. Nocedal & Wright's
/// Algorithm 3.5: trial steps grow (doubling) until one is acceptable or
/// brackets an acceptable step, which `zoom` (their Algorithm 3.6) then
/// narrows by cubic interpolation of φ and φ′ at the bracket's ends, with a
/// quadratic or a bisection when the cubic has no minimiser inside the
/// middle 80 % of the bracket. A trial point where f or ∇f is not finite
/// counts as failing sufficient decrease, and the bracket's other end is
/// approached by bisection: the search backs off from regions where the
/// objective is undefined instead of failing there.
struct StrongWolfeLineSearch<Scalar: TensorScalar> {
    /// c₁.
    let sufficientDecrease: Scalar
    /// c₂.
    let curvature: Scalar
    /// The most objective evaluations one search may spend.
    let maxEvaluations: Int

    /// One evaluated trial point along the line.
    struct Trial {
        var step: Scalar
        var point: [Scalar]
        var value: Scalar
        var gradient: [Scalar]
        /// φ′(step).
        var slope: Scalar
        /// Whether value and gradient are finite.
        var isFinite: Bool { value.isFinite && slope.isFinite }
    }

    /// The accepted trial, or nil when no step satisfying both conditions
    /// was found within `maxEvaluations` evaluations or the bracket shrank
    /// to rounding.
    /// - Parameters:
    ///   - start: x, f(x), ∇f(x) and the negative slope φ′(0); its `step`
    ///     is taken as 0.
    ///   - direction: p.
    ///   - initialStep: the first α tried.
    ///   - evaluations: counts every call of `objective`.
    func search(
        from start: Trial, along direction: [Scalar], initialStep: Scalar,
        evaluations: inout Int,
        _ objective: ([Scalar]) throws -> (value: Scalar, gradient: [Scalar])
    ) throws -> Trial? {
        var start = start
        start.step = 0
        func evaluate(_ step: Scalar) throws -> Trial {
            evaluations += 1
            let point = FlatVector.sum(start.point, step, direction)
            let (value, gradient) = try objective(point)
            let slope = gradient.count == direction.count ? FlatVector.dot(gradient, direction) : .nan
            return Trial(step: step, point: point, value: value, gradient: gradient, slope: slope)
        }
        var previous = start
        var step = initialStep
        for attempt in 0..<maxEvaluations {
            let trial = try evaluate(step)
            let budget = maxEvaluations - attempt - 1
            if !trial.isFinite || !decreasesSufficiently(trial, from: start)
                || (attempt > 0 && trial.value >= previous.value) {
                return try zoom(low: previous, high: trial, from: start, budget: budget, evaluate)
            }
            if satisfiesCurvature(trial, from: start) { return trial }
            if trial.slope >= 0 {
                return try zoom(low: trial, high: previous, from: start, budget: budget, evaluate)
            }
            previous = trial
            step *= 2
        }
        return nil
    }

    /// Narrows the bracket [low, high] (in either order) that contains
    /// acceptable steps. `low` satisfies sufficient decrease and has the
    /// lowest value seen so far; φ′(low)·(high − low) < 0. At most
    /// `budget` evaluations.
    private func zoom(
        low: Trial, high: Trial, from start: Trial, budget: Int, _ evaluate: (Scalar) throws -> Trial
    ) throws -> Trial? {
        var (low, high) = (low, high)
        for _ in 0..<Swift.max(budget, 0) {
            let width = Swift.abs(high.step - low.step)
            guard width > Scalar.ulpOfOne * Swift.max(Swift.abs(low.step), Swift.abs(high.step)) else { return nil }
            let trial = try evaluate(interpolatedStep(low, high))
            if !trial.isFinite || !decreasesSufficiently(trial, from: start) || trial.value >= low.value {
                high = trial
            } else {
                if satisfiesCurvature(trial, from: start) { return trial }
                if trial.slope * (high.step - low.step) >= 0 { high = low }
                low = trial
            }
        }
        return nil
    }

    /// φ(α) ≤ φ(0) + c₁αφ′(0).
    func decreasesSufficiently(_ trial: Trial, from start: Trial) -> Bool {
        trial.value <= start.value + sufficientDecrease * trial.step * start.slope
    }

    /// |φ′(α)| ≤ c₂|φ′(0)|.
    func satisfiesCurvature(_ trial: Trial, from start: Trial) -> Bool {
        Swift.abs(trial.slope) <= curvature * Swift.abs(start.slope)
    }

    /// The trial step inside the bracket: the minimiser of the cubic that
    /// matches φ and φ′ at both ends (Nocedal & Wright, eq. 3.59), else of
    /// the quadratic that matches φ(low), φ′(low) and φ(high), else the
    /// midpoint — whichever first lies in the middle 80 % of the bracket.
    /// A non-finite end allows only the midpoint.
    private func interpolatedStep(_ low: Trial, _ high: Trial) -> Scalar {
        let (a, b) = (low.step, high.step)
        let midpoint = (a + b) / 2
        guard high.isFinite else { return midpoint }
        let margin = Swift.abs(b - a) / 10
        let (lower, upper) = (Swift.min(a, b) + margin, Swift.max(a, b) - margin)
        func inside(_ x: Scalar) -> Bool { x.isFinite && x >= lower && x <= upper }
        let d1 = low.slope + high.slope - 3 * (low.value - high.value) / (a - b)
        let discriminant = d1 * d1 - low.slope * high.slope
        if discriminant >= 0 {
            let d2 = (b > a ? 1 : -1) * discriminant.squareRoot()
            let cubic = b - (b - a) * (high.slope + d2 - d1) / (high.slope - low.slope + 2 * d2)
            if inside(cubic) { return cubic }
        }
        let width = b - a
        let curvature = high.value - low.value - low.slope * width
        if curvature > 0 {
            let quadratic = a - low.slope * width * width / (2 * curvature)
            if inside(quadratic) { return quadratic }
        }
        return midpoint
    }
}
