import LatentCore

/// The Weibull distribution, with CDF F(x) = 1 − exp(−(x/λ)^k) and density
/// p(x) = (k/λ)(x/λ)^(k−1) exp(−(x/λ)^k) for x ≥ 0.
public struct Weibull<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The scale λ > 0.
    public let scale: Tensor<Scalar>
    /// The shape (concentration) k > 0.
    public let concentration: Tensor<Scalar>
    /// The broadcast shape of `scale` and `concentration`.
    public let batchShape: [Int]

    static var eulerGamma: Scalar { 0.577_215_664_901_532_860_61 }

    /// Creates Weibull distributions with scale λ and shape k.
    ///
    /// - Parameters:
    ///   - scale: the scale λ > 0.
    ///   - concentration: the shape k > 0; the batch shape is the broadcast of
    ///     the shapes of `scale` and `concentration`.
    ///   - validating: check that λ and k are positive and finite (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive parameter, an infinite one, or NaN.
    public init(scale: Tensor<Scalar>, concentration: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["scale": (scale, .positive), "scale": (scale, .finite),
             "concentration": (concentration, .positive), "concentration": (concentration, .finite)], of: Self.self, validating: validating)
        self.scale = scale
        self.concentration = concentration
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(scale: Scalar, concentration: Scalar, validating: Bool = true) throws {
        try self.init(scale: Tensor(scale), concentration: Tensor(concentration), validating: validating)
    }

    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The non-negative reals.
    public var support: Constraint<Scalar> { .nonNegative }

    /// λΓ(1 + 1/k).
    public var mean: Tensor<Scalar> { get throws { try (scale * exp(logGamma(1 + 1 / concentration))).expanded(to: batchShape) } }
    /// λ²(Γ(1 + 2/k) − Γ(1 + 1/k)²).
    public var variance: Tensor<Scalar> {
        get throws {
            // Γ(1 + 2/k) − Γ(1 + 1/k)² = Γ(1 + 1/k)² · expm1(log Γ(1 + 2/k) − 2 log Γ(1 + 1/k)):
            // the difference cancels to ζ(2)/k² at large k, the log form does not.
            let logFirst = logGamma(1 + 1 / concentration)
            let excess = try logGamma(1 + 2 / concentration) - logFirst * 2
            return try (scale * scale * exp(logFirst * 2) * expm1(excess)).expanded(to: batchShape)
        }
    }

    /// H = γ(1 − 1/k) + log(λ/k) + 1.
    public func entropy() throws -> Tensor<Scalar> {
        try ((1 - 1 / concentration) * Self.eulerGamma + log(scale) - log(concentration) + 1).expanded(to: batchShape)
    }

    /// log p(x) = log k − log λ + (k − 1) log(x/λ) − (x/λ)^k for x ≥ 0, −∞
    /// elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(1)) { x in
            // (k − 1) log(x/λ) with its limits at x = 0 (0 for k = 1, not 0·(−∞)).
            let ratio = try x / scale
            return try log(concentration) - log(scale) + Univariate.exponentTimesLog(concentration - 1, ratio) - pow(ratio, concentration)
        }
    }

    /// F(x) = 1 − exp(−(x/λ)^k) (as −expm1), 0 below 0.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try -expm1(-pow(value.clamped(to: 0, .infinity) / scale, concentration))
    }

    /// F⁻¹(p) = λ(−log1p(−p))^(1/k).
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try scale * pow(-log1p(-probability), 1 / concentration)
    }

    /// λE^(1/k) for a standard exponential E > 0, drawn in Double: the
    /// upper tail reaches E = 36.7 in Float too (16.6 from a Float uniform),
    /// and E never 0, where the gradient in k would be 0·log 0.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let exponential: Tensor<Scalar> = try Univariate.noise(drawShape(sampleShape), using: &generator) {
            Double.randomPositiveExponential(using: &$0)
        }
        return try scale * pow(exponential, 1 / concentration)
    }
}
