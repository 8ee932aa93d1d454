import LatentCore

/// A multilayer perceptron: dense layers of the given sizes, `activation`
/// between them and `outputActivation` after the last. Its parameters are
/// `<name>.<i>.weight` and `<name>.<i>.bias` for layer i = 0, 1, …
public struct MLP: Sendable, Equatable {
    /// The dense layers in order, each one's outputs the next one's inputs.
    public let layers: [Dense]

    /// A network with layer sizes `sizes`.
    /// - Parameters:
    ///   - sizes: input size, hidden sizes…, output size (at least two).
    ///   - activation: applied after every layer but the last (ReLU by default).
    ///   - outputActivation: applied after the last layer (the identity by default).
    ///   - initializer: for every layer; by default He for the ReLU
    ///     family and Glorot otherwise (see ``Dense``).
    /// - Throws: ``NetworkError/invalidArchitecture(_:)`` for fewer than two
    ///   sizes or a size below 1.
    public init(sizes: [Int], activation: Activation = .relu, outputActivation: Activation = .identity, initializer: Initializer? = nil) throws {
        guard sizes.count >= 2 else {
            throw NetworkError.invalidArchitecture("an MLP needs an input and an output size, got \(sizes)")
        }
        layers = try (0..<(sizes.count - 1)).map { i in
            try Dense(inputs: sizes[i], outputs: sizes[i + 1], activation: i == sizes.count - 2 ? outputActivation : activation,
                      initializer: initializer)
        }
    }

    /// Builds from explicit layers, which must chain (each one's outputs the next one's inputs).
    /// - Throws: ``NetworkError/invalidArchitecture(_:)`` for no layers or layers that do not chain.
    public init(layers: [Dense]) throws {
        guard !layers.isEmpty, zip(layers, layers.dropFirst()).allSatisfy({ $0.outputs == $1.inputs }) else {
            throw NetworkError.invalidArchitecture("layers must be non-empty and chain, got \(layers.map { "\($0.inputs)→\($0.outputs)" })")
        }
        self.layers = layers
    }

    /// The input size: the first layer's inputs.
    public var inputs: Int { layers[0].inputs }
    /// The output size: the last layer's outputs.
    public var outputs: Int { layers[layers.count - 1].outputs }

    /// The network on `x`, its parameters named `<name>.<i>.weight|bias`.
    public func callAsFunction<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, name: String, generator: inout Xoshiro256PlusPlus, parameter: ParameterLookup<Scalar>
    ) throws -> Tensor<Scalar> {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = try layer(h, name: "\(name).\(i)", generator: &generator, parameter: parameter)
        }
        return h
    }
}
