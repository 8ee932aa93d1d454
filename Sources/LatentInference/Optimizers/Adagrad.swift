import LatentCore

/// Adagrad (Duchi et al. 2011): θ ← θ − η·g/(√(Σg²) + ε), each coordinate's
/// rate shrinking with its accumulated squared gradients.
public final class Adagrad<Scalar: TensorScalar>: Optimizer {
    public var learningRate: Scalar
    public let epsilon: Scalar
    private var accumulated: [String: Tensor<Scalar>] = [:]

    public init(learningRate: Scalar = 1e-2, epsilon: Scalar = 1e-10) throws {
        try OptimizerValidation.requirePositive(learningRate, "learningRate")
        try OptimizerValidation.requirePositive(epsilon, "epsilon")
        self.learningRate = learningRate
        self.epsilon = epsilon
    }

    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        try apply(parameters, gradients) { name, theta, g in
            let total = try (accumulated[name] ?? Tensor.zeros(g.shape)) + g * g
            accumulated[name] = total
            return try theta - g / (sqrt(total) + epsilon) * learningRate
        }
    }
}
