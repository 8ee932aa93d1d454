import LatentCore

/// The Pareto (type I) distribution, with density p(x) = α x_m^α / x^(α+1)
/// for x ≥ x_m.
public struct Pareto<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The scale (minimum) x_m > 0.
    public let scale: Tensor<Scalar>
    /// The shape (tail index) α > 0.
    public let alpha: Tensor<Scalar>
    /// The broadcast shape of `scale` and `alpha`.
    public let batchShape: [Int]

    /// Creates Pareto distributions with minimum x_m and tail index α.
    ///
    /// - Parameters:
    ///   - scale: the scale (minimum) x_m > 0.
    ///   - alpha: the shape (tail index) α > 0; the batch shape is the
    ///     broadcast of the shapes of `scale` and `alpha`.
    ///   - validating: check that x_m and α are positive and finite (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive parameter, an infinite one, or NaN.
    public init(scale: Tensor<Scalar>, alpha: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["scale": (scale, .positive), "scale": (scale, .finite), "alpha": (alpha, .positive), "alpha": (alpha, .finite)],
            of: Self.self, validating: validating)
        self.scale = scale
        self.alpha = alpha
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(scale: Scalar, alpha: Scalar, validating: Bool = true) throws {
        try self.init(scale: Tensor(scale), alpha: Tensor(alpha), validating: validating)
    }

    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The values x ≥ x_m.
    public var support: Constraint<Scalar> { .greaterThanOrEqual(scale) }

    /// αx_m/(α − 1) for α > 1, +∞ otherwise.
    public var mean: Tensor<Scalar> {
        get throws {
            let finite = try alpha * scale / (alpha - 1)
            return try select(where: alpha.mask(greaterThan: Tensor(1)), finite, Tensor(.infinity)).expanded(to: batchShape)
        }
    }

    /// x_m²α/((α − 1)²(α − 2)) for α > 2, +∞ otherwise.
    public var variance: Tensor<Scalar> {
        get throws {
            let am1 = alpha - 1
            let finite = try scale * scale * alpha / (am1 * am1 * (alpha - 2))
            return try select(where: alpha.mask(greaterThan: Tensor(2)), finite, Tensor(.infinity)).expanded(to: batchShape)
        }
    }

    /// H = log(x_m/α) + 1 + 1/α.
    public func entropy() throws -> Tensor<Scalar> {
        try (log(scale) - log(alpha) + 1 + 1 / alpha).expanded(to: batchShape)
    }

    /// log p(x) = log α + α log x_m − (α + 1) log x for x ≥ x_m, −∞ elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: scale) { x in
            try log(alpha) + alpha * log(scale) - (alpha + 1) * log(x)
        }
    }

    /// F(x) = 1 − (x_m/x)^α above x_m, else 0.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let above = try max(value, scale)
        return try -expm1(alpha * (log(scale) - log(above)))
    }

    /// F⁻¹(p) = x_m(1 − p)^(−1/α).
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try scale * exp(-log1p(-probability) / alpha)
    }

    /// x_m·e^(E/α) for a standard exponential E, drawn in Double (no +∞
    /// where a Float uniform rounds to 1).
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let exponential: Tensor<Scalar> = try Univariate.noise(drawShape(sampleShape), using: &generator) {
            Double.randomPositiveExponential(using: &$0)
        }
        return try scale * exp(exponential / alpha)
    }
}
