import LatentCore

/// An elementwise nonlinearity between layers.
public enum Activation: Sendable, Equatable {
    /// x.
    case identity
    /// max(x, 0).
    case relu
    /// x for x > 0, slope·x otherwise.
    case leakyRelu(slope: Double)
    /// x for x > 0, eˣ − 1 otherwise (Clevert et al. 2016).
    case elu
    /// tanh x.
    case tanh
    /// 1/(1 + e⁻ˣ).
    case sigmoid
    /// log(1 + eˣ).
    case softplus

    /// The activation applied to `x`, differentiable.
    public func callAsFunction<Scalar: TensorScalar>(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        switch self {
        case .identity: return x
        case .relu: return LatentCore.relu(x)
        case let .leakyRelu(slope): return try select(where: x.mask(greaterThan: Tensor(0)), x, x * Scalar(slope))
        case .elu:
            // expm1 of min(x, 0): the branch not taken never overflows, so its
            // zero gradient stays zero rather than 0·∞.
            return try select(where: x.mask(greaterThan: Tensor(0)), x, expm1(min(x, Tensor(0))))
        case .tanh: return LatentCore.tanh(x)
        case .sigmoid: return LatentCore.sigmoid(x)
        case .softplus: return LatentCore.softplus(x)
        }
    }

    /// The gain used by He initialisation: √2 for the ReLU family, 1 otherwise.
    var gain: Double {
        switch self {
        case .relu, .elu: 2.0.squareRoot()
        case let .leakyRelu(slope): (2 / (1 + slope * slope)).squareRoot()
        default: 1
        }
    }
}
