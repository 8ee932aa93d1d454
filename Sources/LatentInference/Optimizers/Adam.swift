import LatentCore

/// Adam (Kingma & Ba 2015) on the parameter store's unconstrained values:
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε) with the
/// bias corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
public final class Adam<Scalar: TensorScalar> {
    public var learningRate: Scalar
    public let beta1: Scalar, beta2: Scalar, epsilon: Scalar
    private var moments: [String: (first: Tensor<Scalar>, second: Tensor<Scalar>, steps: Int)] = [:]

    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for a
    ///   non-positive learning rate or betas outside [0, 1).
    public init(learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8) throws {
        guard learningRate > 0, learningRate.isFinite else {
            throw InferenceError.invalidParameter(name: "learningRate", reason: "must be positive and finite")
        }
        guard (0..<1).contains(beta1), (0..<1).contains(beta2) else {
            throw InferenceError.invalidParameter(name: "beta", reason: "betas must lie in [0, 1)")
        }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// One step for each named gradient.
    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        for (name, g) in gradients {
            guard let theta = parameters.unconstrainedValue(name) else { continue }
            let zero = try Tensor<Scalar>.zeros(g.shape)
            let previous = moments[name] ?? (zero, zero, 0)
            let first = try previous.first * beta1 + g * (1 - beta1)
            let second = try previous.second * beta2 + g * g * (1 - beta2)
            let t = previous.steps + 1
            let correctedFirst = first * (1 / (1 - Scalar.pow(beta1, t)))
            let correctedSecond = second * (1 / (1 - Scalar.pow(beta2, t)))
            let update = try correctedFirst / (sqrt(correctedSecond) + epsilon) * learningRate
            parameters.setUnconstrainedValue(name, try theta - update)
            moments[name] = (first, second, t)
        }
    }
}
