import LatentCore

/// The normal distribution N(μ, σ²), with density
/// p(x) = exp(−(x − μ)²/2σ²) / (σ√(2π)) on the real line.
public struct Normal<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The mean μ.
    public let loc: Tensor<Scalar>
    /// The standard deviation σ > 0.
    public let scale: Tensor<Scalar>
    /// The broadcast shape of `loc` and `scale`.
    public let batchShape: [Int]

    /// Creates normal distributions N(μ, σ²).
    ///
    /// - Parameters:
    ///   - loc: the mean μ.
    ///   - scale: the standard deviation σ > 0; the batch shape is the
    ///     broadcast of the shapes of `loc` and `scale`.
    ///   - validating: check that `loc` and `scale` are finite and
    ///     `scale` positive (on by default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError``.
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
    /// The real line.
    public var support: Constraint<Scalar> { .real }

    /// μ, broadcast to the batch shape.
    public var mean: Tensor<Scalar> { get throws { try loc.expanded(to: batchShape) } }
    /// σ², broadcast to the batch shape.
    public var variance: Tensor<Scalar> { get throws { try (scale * scale).expanded(to: batchShape) } }

    /// H = ½ + ½ log(2π) + log σ.
    public func entropy() throws -> Tensor<Scalar> {
        try (log(scale) + (0.5 + 0.5 * Scalar.log(2 * .pi))).expanded(to: batchShape)
    }

    /// log p(x) = −z²/2 − log σ − ½ log(2π), z = (x − μ)/σ.
    // Kept for the `svi` benchmark (eight schools, logistic regression: the likelihood of every step).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let z = try (value - loc) / scale
        return try (z * z) * -0.5 - log(scale) - 0.5 * Scalar.log(2 * .pi)
    }

    /// F(x) = ½ erfc(−z/√2).
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try erfc((value - loc) / scale * (-1 / Scalar.sqrt(2))) * 0.5
    }

    /// F⁻¹(p) = μ + σΦ⁻¹(p), with a Φ⁻¹ accurate in both tails (not
    /// √2 erfinv(2p − 1), which loses every p below 1e-16).
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try loc + scale * Univariate.standardNormalQuantile(probability)
    }

    /// μ + σ·ε with ε ~ N(0, 1).
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let noise = try Tensor<Scalar>.randomNormal(drawShape(sampleShape), using: &generator)
        return try loc + scale * noise
    }
}

extension Normal {
    /// KL(N(μ₁, σ₁²)‖N(μ₂, σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½,
    /// written with ρ = σ₁/σ₂ and z = (μ₁ − μ₂)/σ₂ as the sum of non-negative
    /// terms (ρ − 1 − log ρ) + ½(ρ − 1)² + ½z², the first by
    /// ``SpecialFunctions/ratioDeviance(_:_:)`` and ρ − 1 as (σ₁ − σ₂)/σ₂, so
    /// that nearly equal scales keep their digits. Derivatives: ∂/∂μ₁ = z/σ₂
    /// = −∂/∂μ₂, ∂/∂σ₁ = ρ/σ₂ − 1/σ₁, ∂/∂σ₂ = (1 − ρ² − z²)/σ₂.
    static func kl(_ p: Normal, _ q: Normal) throws -> Tensor<Scalar> {
        try Univariate.elementwise([p.loc, p.scale, q.loc, q.scale]) { v, partials in
            let (m1, s1, m2, s2) = (v[0], v[1], v[2], v[3])
            let z = (m1 - m2) / s2, excess = (s1 - s2) / s2, ratio = s1 / s2
            (partials[0], partials[1], partials[2], partials[3]) = (z / s2, ratio / s2 - 1 / s1, -z / s2, (1 - ratio * ratio - z * z) / s2)
            return SpecialFunctions.ratioDeviance(s1, s2) + 0.5 * excess * excess + 0.5 * z * z
        }
    }
}
