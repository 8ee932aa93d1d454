import LatentCore

/// How a layer's weights start, drawn from a seeded generator.
public enum Initializer: Sendable, Equatable {
    /// Uniform on ±√(6/(fan_in + fan_out)) (Glorot & Bengio 2010): variance
    /// 2/(fan_in + fan_out), for tanh and sigmoid layers.
    case glorotUniform
    /// Normal with sd gain/√fan_in (He et al. 2015): variance 2/fan_in for
    /// ReLU layers (the gain follows the activation).
    case heNormal
    /// Uniform on ±1/√fan_in: PyTorch's `nn.Linear` default for weights
    /// and biases (variance 1/(3·fan_in)).
    case uniformFanIn
    /// All zeros (biases).
    case zeros

    /// A weight matrix of shape [fanIn, fanOut].
    public func weights<Scalar: TensorScalar>(
        fanIn: Int, fanOut: Int, gain: Double = 2.0.squareRoot(), using generator: inout Xoshiro256PlusPlus
    ) throws -> Tensor<Scalar> {
        switch self {
        case .glorotUniform:
            let limit = Scalar((6 / Double(fanIn + fanOut)).squareRoot())
            return try Tensor<Scalar>.randomUniform([fanIn, fanOut], using: &generator) * (2 * limit) - limit
        case .heNormal:
            return try Tensor<Scalar>.randomNormal([fanIn, fanOut], standardDeviation: Scalar(gain / Double(fanIn).squareRoot()), using: &generator)
        case .uniformFanIn:
            let limit = Scalar(1 / Double(fanIn).squareRoot())
            return try Tensor<Scalar>.randomUniform([fanIn, fanOut], using: &generator) * (2 * limit) - limit
        case .zeros:
            return try Tensor<Scalar>.zeros([fanIn, fanOut])
        }
    }

    /// A bias vector of length `fanOut` for a layer with `fanIn` inputs:
    /// zeros, except for ``uniformFanIn`` (as PyTorch).
    public func bias<Scalar: TensorScalar>(fanIn: Int, fanOut: Int, using generator: inout Xoshiro256PlusPlus) throws -> Tensor<Scalar> {
        guard self == .uniformFanIn else { return try Tensor<Scalar>.zeros([fanOut]) }
        return try weights(fanIn: fanIn, fanOut: fanOut, using: &generator).reshaped(to: [fanIn * fanOut]).sliced(alongAxis: 0, 0..<fanOut)
    }
}
