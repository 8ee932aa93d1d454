import LatentCore

/// Stochastic gradient descent, with optional momentum μ (heavy ball,
/// v ← μv + g, θ ← θ − ηv) or Nesterov momentum (θ ← θ − η(g + μv)).
public final class SGD<Scalar: TensorScalar>: Optimizer {
    public var learningRate: Scalar
    public let momentum: Scalar
    public let nesterov: Bool
    private var velocities: [String: Tensor<Scalar>] = [:]

    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for a
    ///   non-positive rate, momentum outside [0, 1), or Nesterov without momentum.
    public init(learningRate: Scalar, momentum: Scalar = 0, nesterov: Bool = false) throws {
        try OptimizerValidation.requirePositive(learningRate, "learningRate")
        try OptimizerValidation.requireUnitInterval(momentum, "momentum")
        guard !nesterov || momentum > 0 else {
            throw InferenceError.invalidArgument(name: "nesterov", reason: "needs a positive momentum")
        }
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        try apply(parameters, gradients) { name, theta, g in
            guard momentum > 0 else { return try theta - g * learningRate }
            let velocity = try (velocities[name].map { $0 * momentum } ?? Tensor.zeros(g.shape)) + g
            velocities[name] = velocity
            let direction = nesterov ? try g + velocity * momentum : velocity
            return try theta - direction * learningRate
        }
    }
}

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

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        try apply(parameters, gradients) { name, theta, g in
            let total = try (accumulated[name] ?? Tensor.zeros(g.shape)) + g * g
            accumulated[name] = total
            return try theta - g / (sqrt(total) + epsilon) * learningRate
        }
    }
}

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

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        try apply(parameters, gradients) { name, theta, g in
            let average = try (averages[name] ?? Tensor.zeros(g.shape)) * decay + g * g * (1 - decay)
            averages[name] = average
            return try theta - g / (sqrt(average) + epsilon) * learningRate
        }
    }
}
