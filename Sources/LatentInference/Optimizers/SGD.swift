import LatentCore

/// Stochastic gradient descent, with optional momentum μ (heavy ball,
/// v ← μv + g, θ ← θ − ηv) or Nesterov momentum (θ ← θ − η(g + μv)).
public final class SGD<Scalar: TensorScalar>: Optimizer {
    /// η, the step size.
    public var learningRate: Scalar
    /// μ, the momentum (0: plain gradient descent).
    public let momentum: Scalar
    /// Whether the momentum is Nesterov's rather than the heavy ball's.
    public let nesterov: Bool
    private var velocities: [String: Tensor<Scalar>] = [:]

    /// SGD with rate η = `learningRate` and momentum μ = `momentum`
    /// (Nesterov's when `nesterov`).
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

    /// One step for each named gradient: θ ← θ − ηg without momentum, else the
    /// heavy-ball or Nesterov update. Names without a parameter in the store
    /// are skipped.
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
