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
    /// The input size: the length of the last axis of x, and the rows of W.
    public let inputs: Int
    /// The output size: the columns of W and the length of b.
    public let outputs: Int
    /// The nonlinearity applied to x·W + b.
    public let activation: Activation
    /// How W and b start: the one passed in, or He for the ReLU family and Glorot otherwise.
    public let initializer: Initializer

    /// A layer from `inputs` to `outputs` features.
    /// - Parameters:
    ///   - inputs: the input size, at least 1.
    ///   - outputs: the output size, at least 1.
    ///   - activation: applied to x·W + b (the identity by default).
    ///   - initializer: how W and b start; by default ``Initializer/heNormal``
    ///     for the ReLU family and ``Initializer/glorotUniform`` otherwise.
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
    /// A network that cannot be built (a size below 1, fewer than two sizes,
    /// layers that do not chain…); the associated value says why.
    case invalidArchitecture(String)
    /// An input whose last axis is not the layer's input size: `layer` is
    /// the layer's name, `expected` its input size, `shape` the input's shape.
    case inputShapeMismatch(layer: String, expected: Int, shape: [Int])

    /// A one-line message naming the problem, for logs and the command line.
    public var description: String {
        switch self {
        case let .invalidArchitecture(reason): "invalid network: \(reason)"
        case let .inputShapeMismatch(layer, expected, shape): "layer '\(layer)': input of shape \(shape) must end with \(expected)"
        }
    }
}
