import LatentCore

/// The inverse-gamma distribution: 1/Y for Y ~ Gamma(α, rate β), with
/// density p(x) = βᵅ x^(−α−1) e^(−β/x)/Γ(α) for x > 0. Conjugate prior of a
/// normal variance.
public struct InverseGamma<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The shape α > 0.
    public let concentration: Tensor<Scalar>
    /// The scale β > 0 (the rate of the gamma variable it inverts).
    public let scale: Tensor<Scalar>
    let gamma: Gamma<Scalar>

    /// Creates inverse-gamma distributions with shape α and scale β.
    ///
    /// - Parameters:
    ///   - concentration: the shape α > 0.
    ///   - scale: the scale β > 0; the batch shape is the broadcast of the
    ///     shapes of `concentration` and `scale`.
    ///   - validating: check that α and β are positive and finite (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive parameter, an infinite one, or NaN.
    public init(concentration: Tensor<Scalar>, scale: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(
            ["concentration": (concentration, .positive), "concentration": (concentration, .finite),
             "scale": (scale, .positive), "scale": (scale, .finite)], of: Self.self, validating: validating)
        self.concentration = concentration
        self.scale = scale
        gamma = try Gamma(concentration: concentration, rate: scale, validating: false)
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(concentration: Scalar, scale: Scalar, validating: Bool = true) throws {
        try self.init(concentration: Tensor(concentration), scale: Tensor(scale), validating: validating)
    }

    /// The broadcast shape of `concentration` and `scale`.
    public var batchShape: [Int] { gamma.batchShape }
    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The positive reals.
    public var support: Constraint<Scalar> { .positive }

    /// β/(α − 1) for α > 1, +∞ otherwise.
    public var mean: Tensor<Scalar> {
        get throws {
            try select(where: concentration.mask(greaterThan: Tensor(1)), scale / (concentration - 1), Tensor(.infinity))
                .expanded(to: batchShape)
        }
    }

    /// β²/((α − 1)²(α − 2)) for α > 2, +∞ otherwise.
    public var variance: Tensor<Scalar> {
        get throws {
            let am1 = concentration - 1
            let finite = try scale * scale / (am1 * am1 * (concentration - 2))
            return try select(where: concentration.mask(greaterThan: Tensor(2)), finite, Tensor(.infinity)).expanded(to: batchShape)
        }
    }

    /// H = α + log(βΓ(α)) − (1 + α)ψ(α).
    public func entropy() throws -> Tensor<Scalar> {
        try (concentration + log(scale) + logGamma(concentration) - (1 + concentration) * digamma(concentration))
            .expanded(to: batchShape)
    }

    /// log p(x) = log α + log π(α; β/x) − log x, π(k; λ) = λᵏe^(−λ)/Γ(k + 1)
    /// the Poisson mass in the saddle-point form of
    /// `SpecialFunctions.logPoissonMass(_:_:)`: the direct
    /// α log β − log Γ(α) − (α + 1) log x − β/x loses seven digits to
    /// cancellation at α = 1e6. Where β/x underflows, the direct form with
    /// log(β/x) = log β − log x, which does not cancel there.
    /// Partials: ∂/∂α = log(β/x) − ψ(α), ∂/∂β = α/β − 1/x,
    /// ∂/∂x = (β/x − α − 1)/x.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(1)) { x in
            try Univariate.elementwise([concentration, scale, x]) { v in
                let (a, b, x) = (v[0], v[1], v[2])
                let y = b / x
                let logY = y.isNormal ? Double.log(y) : Double.log(b) - Double.log(x)
                let value = y < Double.leastNormalMagnitude
                    ? a * logY - y - SpecialFunctions.logGamma(a) - Double.log(x)
                    : Double.log(a) + SpecialFunctions.logPoissonMass(a, y) - Double.log(x)
                return (value, [logY - SpecialFunctions.digamma(a), a / b - 1 / x, (y - a - 1) / x])
            }
        }
    }

    /// F(x) = Q(α, β/x) for x > 0 (from Q itself, not 1 − P, so that the
    /// lower tail keeps its digits), 0 for x ≤ 0.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let isPositive = try value.mask(greaterThan: Tensor(0))
        let positive = try select(where: isPositive, value, Tensor(1))
        return try select(where: isPositive, gamma.survival(1 / positive), Tensor(0))
    }

    /// F⁻¹(p) = 1/Q⁻¹(α, p)·β: the reciprocal of the gamma quantile of the
    /// upper tail p, so that a small p keeps its digits.
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try 1 / gamma.upperQuantile(probability)
    }

    /// 1/Y for reparameterised draws Y ~ Gamma(α, rate β).
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try 1 / gamma.rsample(sampleShape, using: &generator)
    }

    /// 1/Y for draws Y ~ Gamma(α, rate β), without the implicit gradients.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try 1 / gamma.sample(sampleShape, using: &generator)
    }
}
