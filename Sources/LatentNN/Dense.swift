import LatentCore

/// Where a layer finds its parameters: given a name (`"0.weight"`) and the
/// initial value to use the first time, the current value. A model or
/// guide passes its context's `param`, so networks live in the same
/// parameter store as every other parameter:
/// `{ name, initial in try context.param("encoder." + name, initial()) }`.
public typealias ParameterLookup<Scalar: TensorScalar> = (_ name: String, _ initial: () throws -> Tensor<Scalar>) throws -> Tensor<Scalar>

/// A fully connected layer y = activation(x·W + b), W of shape
/// [inputs, outputs], on the last axis of x (any leading batch axes).
public struct Dense: Sendable, Equatable {
    public let inputs: Int
    public let outputs: Int
    public let activation: Activation
    public let initializer: Initializer

    /// - Throws: ``NetworkError/invalidArchitecture(_:)`` for a size below 1.
    public init(inputs: Int, outputs: Int, activation: Activation = .identity, initializer: Initializer? = nil) throws {
        guard inputs >= 1, outputs >= 1 else {
            throw NetworkError.invalidArchitecture("a dense layer needs at least one input and output, got \(inputs)→\(outputs)")
        }
        self.inputs = inputs
        self.outputs = outputs
        self.activation = activation
        // He for the ReLU family, Glorot otherwise, unless chosen.
        self.initializer = initializer ?? (activation.gain > 1 ? .heNormal : .glorotUniform)
    }

    /// The layer on `x` (last axis `inputs`), with its parameters `name.weight`
    /// and `name.bias` from `parameter`, initialised from `generator`.
    public func callAsFunction<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, name: String, generator: inout Xoshiro256PlusPlus, parameter: ParameterLookup<Scalar>
    ) throws -> Tensor<Scalar> {
        guard x.shape.last == inputs else {
            throw NetworkError.inputShapeMismatch(layer: name, expected: inputs, shape: x.shape)
        }
        let weight = try parameter(name + ".weight") {
            try initializer.weights(fanIn: inputs, fanOut: outputs, gain: activation.gain, using: &generator)
        }
        let bias = try parameter(name + ".bias") { try initializer.bias(fanIn: inputs, fanOut: outputs, using: &generator) }
        return try activation(matmul(x, weight, adding: bias))
    }
}

/// What went wrong building or running a network.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    case invalidArchitecture(String)
    /// An input whose last axis is not the layer's input size.
    case inputShapeMismatch(layer: String, expected: Int, shape: [Int])

    public var description: String {
        switch self {
        case let .invalidArchitecture(reason): "invalid network: \(reason)"
        case let .inputShapeMismatch(layer, expected, shape): "layer '\(layer)': input of shape \(shape) must end with \(expected)"
        }
    }
}
