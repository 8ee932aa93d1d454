import LatentCore

/// The log-normal distribution: exp(Y) for Y ~ N(μ, σ²), with density
/// p(x) = exp(−(log x − μ)²/2σ²) / (xσ√(2π)) for x > 0.
public struct LogNormal<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// μ, the mean of log X.
    public let loc: Tensor<Scalar>
    /// σ > 0, the standard deviation of log X.
    public let scale: Tensor<Scalar>
    /// The broadcast shape of `loc` and `scale`.
    public let batchShape: [Int]

    /// Creates log-normal distributions: exp(Y) for Y ~ N(μ, σ²).
    ///
    /// - Parameters:
    ///   - loc: μ, the mean of log X.
    ///   - scale: σ > 0, the standard deviation of log X; the batch shape is
    ///     the broadcast of the shapes of `loc` and `scale`.
    ///   - validating: check that `loc` and `scale` are finite and `scale`
    ///     positive (on by default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive scale, an infinite one, or NaN.
    public init(loc: Tensor<Scalar>, scale: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["loc": (loc, .finite), "scale": (scale, .positive), "scale": (scale, .finite)], of: Self.self, validating: validating)
        self.loc = loc
        self.scale = scale
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(loc: Scalar, scale: Scalar, validating: Bool = true) throws {
        try self.init(loc: Tensor(loc), scale: Tensor(scale), validating: validating)
    }

    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The positive reals.
    public var support: Constraint<Scalar> { .positive }

    /// exp(μ + σ²/2).
    public var mean: Tensor<Scalar> { get throws { try exp(loc + scale * scale * 0.5).expanded(to: batchShape) } }
    /// (exp(σ²) − 1)·exp(2μ + σ²).
    public var variance: Tensor<Scalar> {
        get throws {
            let s2 = try scale * scale
            return try (expm1(s2) * exp(loc * 2 + s2)).expanded(to: batchShape)
        }
    }

    /// H = μ + ½ + log(σ√(2π)).
    public func entropy() throws -> Tensor<Scalar> {
        try (loc + log(scale) + (0.5 + 0.5 * Scalar.log(2 * .pi))).expanded(to: batchShape)
    }

    /// log p(x) = −z²/2 − log x − log σ − ½ log(2π), z = (log x − μ)/σ, for
    /// x > 0; −∞ elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(1)) { x in
            let logX = log(x)
            let z = try (logX - loc) / scale
            return try (z * z) * -0.5 - logX - log(scale) - 0.5 * Scalar.log(2 * .pi)
        }
    }

    /// F(x) = ½ erfc(−(log x − μ)/(σ√2)), 0 for x ≤ 0.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let isPositive = try value.mask(greaterThan: Tensor(0))
        let positive = try select(where: isPositive, value, Tensor(1))
        return try select(where: isPositive, erfc((log(positive) - loc) / scale * (-1 / Scalar.sqrt(2))) * 0.5, Tensor(0))
    }

    /// F⁻¹(p) = exp(μ + σΦ⁻¹(p)).
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try exp(loc + scale * Univariate.standardNormalQuantile(probability))
    }

    /// exp(μ + σ·ε), ε ~ N(0, 1).
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try exp(loc + scale * Tensor<Scalar>.randomNormal(drawShape(sampleShape), using: &generator))
    }
}
