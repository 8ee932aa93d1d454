import LatentCore

/// The learning rate as a function of the step count t = 0, 1, 2, …
public enum LearningRateSchedule<Scalar: TensorScalar>: Sendable {
    /// η₀ throughout.
    case constant(Scalar)
    /// η₀·γ^⌊t/stepSize⌋.
    case step(initial: Scalar, factor: Scalar, stepSize: Int)
    /// η₀·γᵗ.
    case exponential(initial: Scalar, factor: Scalar)
    /// η_min + ½(η₀ − η_min)(1 + cos(πt/T)) for t ≤ T, η_min after
    /// (Loshchilov & Hutter 2017, without restarts).
    case cosine(initial: Scalar, minimum: Scalar, steps: Int)
    /// η₀ for t < T, then η₀·γ^(t−T): a constant phase before the decay,
    /// so that an early decay cannot stall the optimiser far from the optimum.
    case constantThenExponential(initial: Scalar, constantSteps: Int, factor: Scalar)
    /// A linear warm-up from η_peak/W to η_peak over the first W steps,
    /// then `schedule` from its own step 0.
    indirect case warmup(peak: Scalar, steps: Int, then: LearningRateSchedule)

    /// The learning rate at step `t` (0 for the first step).
    public func rate(at t: Int) -> Scalar {
        switch self {
        case let .constant(rate): rate
        case let .step(initial, factor, stepSize): initial * Scalar.pow(factor, t / Swift.max(stepSize, 1))
        case let .exponential(initial, factor): initial * Scalar.pow(factor, t)
        case let .cosine(initial, minimum, steps):
            t >= steps ? minimum : minimum + (initial - minimum) * (1 + Scalar.cos(Scalar.pi * Scalar(t) / Scalar(steps))) / 2
        case let .constantThenExponential(initial, constantSteps, factor):
            t < constantSteps ? initial : initial * Scalar.pow(factor, t - constantSteps)
        case let .warmup(peak, steps, then):
            t < steps ? peak * Scalar(t + 1) / Scalar(steps) : then.rate(at: t - steps)
        }
    }
}
