import LatentCore

/// Updates the parameter store's unconstrained values from their gradients.
public protocol Optimizer<Scalar>: AnyObject {
    /// The scalar type of the parameters and gradients.
    associatedtype Scalar: TensorScalar
    /// The step size of the next step (schedules change it between steps).
    var learningRate: Scalar { get set }
    /// One step for each named gradient.
    func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws

    /// The same step with the gradients in a list beside their names (an
    /// SVI step's order), without building a dictionary.
    func step(_ parameters: ParameterStore<Scalar>, names: [String], gradients: [Tensor<Scalar>]) throws
}

/// Checks shared by the optimisers' initialisers.
enum OptimizerValidation {
    static func requirePositive<S: TensorScalar>(_ value: S, _ name: String) throws {
        guard value > 0, value.isFinite else { throw InferenceError.invalidArgument(name: name, reason: "must be positive and finite") }
    }

    static func requireUnitInterval<S: TensorScalar>(_ value: S, _ name: String) throws {
        guard value >= 0, value < 1 else { throw InferenceError.invalidArgument(name: name, reason: "must lie in [0, 1)") }
    }
}

extension Optimizer {
    /// The step by name, with the gradients zipped into a dictionary: the
    /// default for optimisers without a faster path.
    public func step(_ parameters: ParameterStore<Scalar>, names: [String], gradients: [Tensor<Scalar>]) throws {
        try step(parameters, gradients: Dictionary(uniqueKeysWithValues: zip(names, gradients)))
    }

    /// Applies `update(name, θ, g)` → θ′ to each parameter with a gradient.
    func apply(
        _ parameters: ParameterStore<Scalar>, _ gradients: [String: Tensor<Scalar>],
        _ update: (String, Tensor<Scalar>, Tensor<Scalar>) throws -> Tensor<Scalar>
    ) throws {
        for (name, g) in gradients {
            guard let theta = parameters.unconstrainedValue(name) else { continue }
            parameters.setUnconstrainedValue(name, try update(name, theta, g))
        }
    }
}
