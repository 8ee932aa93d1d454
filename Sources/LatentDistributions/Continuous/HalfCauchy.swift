import LatentCore

/// The half-Cauchy distribution: |Y| for Y ~ Cauchy(0, γ), with density
/// p(x) = 2/(πγ(1 + (x/γ)²)) for x ≥ 0. A common weakly informative prior
/// for scales (eight schools' τ). It has no mean or variance.
public struct HalfCauchy<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithEntropy, DistributionWithCDF {
    /// γ > 0.
    public let scale: Tensor<Scalar>
    /// The shape of `scale`.
    public var batchShape: [Int] { scale.shape }

    /// Creates half-Cauchy distributions with scale γ.
    ///
    /// - Parameters:
    ///   - scale: γ > 0; its shape is the batch shape.
    ///   - validating: check that γ is positive and finite (on by default;
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

    /// H = log(2πγ).
    public func entropy() throws -> Tensor<Scalar> {
        log(scale) + Scalar.log(2 * .pi)
    }

    /// log p(x) = log(2/π) − log γ − log(1 + (x/γ)²) for x ≥ 0, −∞ elsewhere.
    // Kept for the `svi` benchmark (eight schools: the prior of τ on every step).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(1)) { x in
            try -Univariate.logOnePlusSquare(of: x, over: scale) - log(scale) + Scalar.log(2 / .pi)
        }
    }

    /// F(x) = (2/π) atan(x/γ) for x ≥ 0, else 0.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try atan(value.clamped(to: 0, .infinity) / scale) * (2 / Scalar.pi)
    }

    /// F⁻¹(p) = γ tan(πp/2), as γ/tan(π(1 − p)/2) above ½ so that the
    /// digits of 1 − p are kept near 1 (an exact +∞ at 1; NaN outside
    /// [0, 1]). Its derivative is (π/2)(1 + g²) times γ.
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try scale * Univariate.elementwise(probability) { p in
            guard p >= 0, p <= 1 else { return (.nan, .nan) }
            let g = p <= 0.5 ? Double.tan(.pi / 2 * p) : 1 / Double.tan(.pi / 2 * (1 - p))
            return (g, Double.pi / 2 * (1 + g * g))
        }
    }

    /// γ tan(πu/2) with u ~ Uniform(0, 1), by the quantile function.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try icdf(Univariate.openUniform(drawShape(sampleShape), using: &generator))
    }
}
