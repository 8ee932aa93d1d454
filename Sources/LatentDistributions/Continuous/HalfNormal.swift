import LatentCore

/// The half-normal distribution: |Y| for Y ~ N(0, σ²), with density
/// p(x) = √(2/π)/σ · exp(−x²/2σ²) for x ≥ 0.
public struct HalfNormal<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// σ > 0, the scale of the underlying normal.
    public let scale: Tensor<Scalar>
    /// The shape of `scale`.
    public var batchShape: [Int] { scale.shape }

    /// Creates half-normal distributions with scale σ.
    ///
    /// - Parameters:
    ///   - scale: σ > 0; its shape is the batch shape.
    ///   - validating: check that σ is positive and finite (on by default;
    ///     switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive scale, an infinite one, or NaN.
    public init(scale: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["scale": (scale, .positive), "scale": (scale, .finite)], of: Self.self, validating: validating)
        self.scale = scale
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(scale: Scalar, validating: Bool = true) throws {
        try self.init(scale: Tensor(scale), validating: validating)
    }

    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The non-negative reals.
    public var support: Constraint<Scalar> { .nonNegative }

    /// σ√(2/π).
    public var mean: Tensor<Scalar> { get throws { scale * Scalar.sqrt(2 / .pi) } }
    /// σ²(1 − 2/π).
    public var variance: Tensor<Scalar> { get throws { try scale * scale * (1 - 2 / Scalar.pi) } }

    /// H = ½ log(πσ²/2) + ½.
    public func entropy() throws -> Tensor<Scalar> {
        log(scale) + (0.5 * Scalar.log(.pi / 2) + 0.5)
    }

    /// log p(x) = −x²/2σ² − log σ + ½ log(2/π) for x ≥ 0, −∞ elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(1)) { x in
            let z = try x / scale
            return try (z * z) * -0.5 - log(scale) + 0.5 * Scalar.log(2 / .pi)
        }
    }

    /// F(x) = erf(x/(σ√2)) for x ≥ 0, else 0.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try erf(value.clamped(to: 0, .infinity) / scale * (1 / Scalar.sqrt(2)))
    }

    /// F⁻¹(p) = σ√2 erfinv(p).
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try scale * erfinv(probability) * Scalar.sqrt(2)
    }

    /// σ·|ε|, ε ~ N(0, 1).
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try scale * abs(Tensor<Scalar>.randomNormal(drawShape(sampleShape), using: &generator))
    }
}
