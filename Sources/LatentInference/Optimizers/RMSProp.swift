import LatentCore

/// RMSProp (Tieleman & Hinton 2012): v ← αv + (1 − α)g², θ ← θ − η·g/(√v + ε).
public final class RMSProp<Scalar: TensorScalar>: Optimizer {
    public var learningRate: Scalar
    public let decay: Scalar, epsilon: Scalar
    private var averages: [String: Tensor<Scalar>] = [:]

    public init(learningRate: Scalar = 1e-2, decay: Scalar = 0.99, epsilon: Scalar = 1e-8) throws {
        try OptimizerValidation.requirePositive(learningRate, "learningRate")
        try OptimizerValidation.requireUnitInterval(decay, "decay")
        try OptimizerValidation.requirePositive(epsilon, "epsilon")
        self.learningRate = learningRate
        self.decay = decay
        self.epsilon = epsilon
    }

    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        try apply(parameters, gradients) { name, theta, g in
            let average = try (averages[name] ?? Tensor.zeros(g.shape)) * decay + g * g * (1 - decay)
            averages[name] = average
            return try theta - g / (sqrt(average) + epsilon) * learningRate
        }
    }
}
