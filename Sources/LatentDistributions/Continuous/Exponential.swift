import LatentCore

/// The exponential distribution, with density p(x) = λe^(−λx) for x ≥ 0.
public struct Exponential<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The rate λ > 0 (the mean is 1/λ).
    public let rate: Tensor<Scalar>
    /// The shape of `rate`.
    public var batchShape: [Int] { rate.shape }

    /// Creates exponential distributions with rate λ.
    ///
    /// - Parameters:
    ///   - rate: λ > 0; its shape is the batch shape.
    ///   - validating: check that λ is positive and finite (on by default;
    ///     switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive rate, an infinite one, or NaN.
    public init(rate: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["rate": (rate, .positive), "rate": (rate, .finite)], of: Self.self, validating: validating)
        self.rate = rate
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(rate: Scalar, validating: Bool = true) throws {
        try self.init(rate: Tensor(rate), validating: validating)
    }

    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The non-negative reals.
    public var support: Constraint<Scalar> { .nonNegative }

    /// 1/λ.
    public var mean: Tensor<Scalar> { get throws { 1 / rate } }
    /// 1/λ².
    public var variance: Tensor<Scalar> { get throws { try 1 / (rate * rate) } }

    /// H = 1 − log λ.
    public func entropy() throws -> Tensor<Scalar> { 1 - log(rate) }

    /// log p(x) = log λ − λx for x ≥ 0, −∞ elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(1)) { x in
            try log(rate) - rate * x
        }
    }

    /// F(x) = 1 − e^(−λx) (as −expm1, exact for small λx), 0 below 0.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try -expm1(-rate * value.clamped(to: 0, .infinity))
    }

    /// F⁻¹(p) = −log1p(−p)/λ.
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try -log1p(-probability) / rate
    }

    /// E/λ for a standard exponential E, drawn in Double (no +∞ where a
    /// Float uniform rounds to 1).
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try Univariate.noise(drawShape(sampleShape), using: &generator) { Double.randomPositiveExponential(using: &$0) } / rate
    }
}

extension Exponential {
    /// KL(Exp(λ₁)‖Exp(λ₂)) = log(λ₁/λ₂) + λ₂/λ₁ − 1 = r − 1 − log r with
    /// r = λ₂/λ₁ (``SpecialFunctions/ratioDeviance(_:_:)``, which keeps its
    /// digits near r = 1), with ∂/∂λ₁ = (λ₁ − λ₂)/λ₁² and ∂/∂λ₂ = 1/λ₁ − 1/λ₂.
    static func kl(_ p: Exponential, _ q: Exponential) throws -> Tensor<Scalar> {
        try Univariate.elementwise([p.rate, q.rate]) { v in
            let (a, b) = (v[0], v[1])
            return (SpecialFunctions.ratioDeviance(b, a), [(a - b) / a / a, 1 / a - 1 / b])
        }
    }
}
