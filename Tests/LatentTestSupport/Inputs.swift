import LatentCore

/// Where test inputs are drawn from: chosen per operation so that finite
/// differences never straddle a kink, a pole or the edge of a domain.
public enum InputDomain: Sendable {
    /// N(0, 1).
    case real
    /// Uniform on [0.5, 3).
    case positive
    /// Uniform on [−3, −0.05): for log1mexp.
    case negative
    /// ±Uniform[0.3, 2): away from 0, for abs and relu.
    case awayFromZero

    /// A seeded draw of `shape` from this domain, in Double.
    public func draw(_ shape: [Int], seed: UInt64) throws -> Tensor<Double> {
        var generator = Xoshiro256PlusPlus(seed: seed)
        let count = shape.reduce(1, *)
        let scalars: [Double] = (0..<count).map { _ in
            let u = Double.randomUniform(using: &generator)
            switch self {
            case .real: return Double.randomNormal(using: &generator)
            case .positive: return 0.5 + 2.5 * u
            case .negative: return -3 + 2.95 * u
            case .awayFromZero: return (0.3 + 1.7 * u) * (Double.randomUniform(using: &generator) < 0.5 ? -1 : 1)
            }
        }
        return try Tensor(shape: shape, scalars: scalars)
    }
}

/// Σ wᵢ·yᵢ with fixed N(0, 1) weights w of y's shape: a scalar that depends
/// on every output, so a gradient check sees every output's derivative.
public func weightedSum(_ y: Tensor<Double>, seed: UInt64 = 0x5EED) throws -> Tensor<Double> {
    var generator = Xoshiro256PlusPlus(seed: seed)
    let weights = try Tensor<Double>.randomNormal(y.shape, using: &generator)
    return try (y * weights).sum()
}
