import LatentCore

/// RMSProp (Tieleman & Hinton 2012): v ← αv + (1 − α)g², θ ← θ − η·g/(√v + ε).
public final class RMSProp<Scalar: TensorScalar>: Optimizer {
    /// η, the step size.
    public var learningRate: Scalar
    /// α, the decay rate of the average v of g², and ε, added to √v so that
    /// the step stays finite.
    public let decay: Scalar, epsilon: Scalar
    private var averages: [String: Tensor<Scalar>] = [:]

    /// RMSProp with rate η = `learningRate`, decay α = `decay` and ε = `epsilon`.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for a rate
    ///   or ε that is not positive and finite, or a decay outside [0, 1).
    public init(learningRate: Scalar = 1e-2, decay: Scalar = 0.99, epsilon: Scalar = 1e-8) throws {
        try OptimizerValidation.requirePositive(learningRate, "learningRate")
        try OptimizerValidation.requireUnitInterval(decay, "decay")
        try OptimizerValidation.requirePositive(epsilon, "epsilon")
        self.learningRate = learningRate
        self.decay = decay
        self.epsilon = epsilon
    }

    /// One RMSProp step for each named gradient: v ← αv + (1 − α)g², then
    /// θ ← θ − η·g/(√v + ε). Names without a parameter in the store are skipped.
    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        try apply(parameters, gradients) { name, theta, g in
            let average = try (averages[name] ?? Tensor.zeros(g.shape)) * decay + g * g * (1 - decay)
            averages[name] = average
            return try theta - g / (sqrt(average) + epsilon) * learningRate
        }
    }
}
