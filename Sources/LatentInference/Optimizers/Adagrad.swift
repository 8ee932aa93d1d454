import LatentCore

/// Adagrad (Duchi et al. 2011): θ ← θ − η·g/(√(Σg²) + ε), each coordinate's
/// rate shrinking with its accumulated squared gradients.
public final class Adagrad<Scalar: TensorScalar>: Optimizer {
    /// η, the step size before each coordinate's scaling.
    public var learningRate: Scalar
    /// ε, added to √(Σg²) so that small accumulated gradients do not blow up the step.
    public let epsilon: Scalar
    private var accumulated: [String: Tensor<Scalar>] = [:]

    /// Adagrad with rate η = `learningRate` and ε = `epsilon`.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for a rate
    ///   or ε that is not positive and finite.
    public init(learningRate: Scalar = 1e-2, epsilon: Scalar = 1e-10) throws {
        try OptimizerValidation.requirePositive(learningRate, "learningRate")
        try OptimizerValidation.requirePositive(epsilon, "epsilon")
        self.learningRate = learningRate
        self.epsilon = epsilon
    }

    /// One Adagrad step for each named gradient: Σg² grows by g², then
    /// θ ← θ − η·g/(√(Σg²) + ε). Names without a parameter in the store are skipped.
    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        try apply(parameters, gradients) { name, theta, g in
            let total = try (accumulated[name] ?? Tensor.zeros(g.shape)) + g * g
            accumulated[name] = total
            return try theta - g / (sqrt(total) + epsilon) * learningRate
        }
    }
}
