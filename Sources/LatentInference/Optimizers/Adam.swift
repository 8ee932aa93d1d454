import LatentCore

/// Adam (Kingma & Ba 2015) on the parameter store's unconstrained values:
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε) with the
/// bias corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). With `weightDecay` λ
/// it is AdamW (Loshchilov & Hutter 2019): θ also shrinks by ηλθ, decoupled
/// from the moments; with `clipNorm` c it is Pyro's ClippedAdam: each
/// parameter's gradient is first rescaled to norm at most c.
public final class Adam<Scalar: TensorScalar>: Optimizer {
    public var learningRate: Scalar
    public let beta1: Scalar, beta2: Scalar, epsilon: Scalar
    public let weightDecay: Scalar
    public let clipNorm: Scalar?
    /// The running moments of one parameter.
    public struct Moments: Sendable {
        public var first: Tensor<Scalar>
        public var second: Tensor<Scalar>
        /// Steps taken with this parameter (t in the bias corrections).
        public var steps: Int
        public init(first: Tensor<Scalar>, second: Tensor<Scalar>, steps: Int) {
            self.first = first
            self.second = second
            self.steps = steps
        }
    }

    /// Each parameter's moments, by name: the optimiser's whole state (for checkpoints).
    public var moments: [String: Moments] = [:]

    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for a
    ///   non-positive learning rate or betas outside [0, 1).
    public init(
        learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
        weightDecay: Scalar = 0, clipNorm: Scalar? = nil
    ) throws {
        try OptimizerValidation.requirePositive(learningRate, "learningRate")
        try OptimizerValidation.requireUnitInterval(beta1, "beta1")
        try OptimizerValidation.requireUnitInterval(beta2, "beta2")
        try OptimizerValidation.requirePositive(epsilon, "epsilon")
        guard weightDecay >= 0 else { throw InferenceError.invalidParameter(name: "weightDecay", reason: "must be non-negative") }
        if let clipNorm { try OptimizerValidation.requirePositive(clipNorm, "clipNorm") }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.clipNorm = clipNorm
    }

    /// One step for each named gradient.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        try apply(parameters, gradients) { name, theta, gradient in
            let g = try clipNorm.map { try clipped(gradient, toNorm: $0) } ?? gradient
            let zero = try Tensor<Scalar>.zeros(g.shape)
            let previous = moments[name] ?? Moments(first: zero, second: zero, steps: 0)
            let first = try previous.first * beta1 + g * (1 - beta1)
            let second = try previous.second * beta2 + g * g * (1 - beta2)
            let t = previous.steps + 1
            moments[name] = Moments(first: first, second: second, steps: t)
            let correctedFirst = first * (1 / (1 - Scalar.pow(beta1, t)))
            let correctedSecond = second * (1 / (1 - Scalar.pow(beta2, t)))
            let update = try correctedFirst / (sqrt(correctedSecond) + epsilon) * learningRate
            return try theta * (1 - learningRate * weightDecay) - update
        }
    }
}

/// `g` rescaled so that its Euclidean norm is at most `norm`.
public func clipped<S: TensorScalar>(_ g: Tensor<S>, toNorm norm: S) throws -> Tensor<S> {
    let length = try (g * g).sum().scalarValue.squareRoot()
    return length > norm ? g * (norm / length) : g
}
