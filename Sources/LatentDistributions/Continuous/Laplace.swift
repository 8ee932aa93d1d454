import LatentCore

/// The Laplace (double exponential) distribution, with density
/// p(x) = exp(−|x − μ|/b)/(2b).
public struct Laplace<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The location (mean and median) μ.
    public let loc: Tensor<Scalar>
    /// The scale b > 0.
    public let scale: Tensor<Scalar>
    /// The broadcast shape of `loc` and `scale`.
    public let batchShape: [Int]

    /// Creates Laplace distributions with location μ and scale b.
    ///
    /// - Parameters:
    ///   - loc: the location (mean and median) μ.
    ///   - scale: the scale b > 0; the batch shape is the broadcast of the
    ///     shapes of `loc` and `scale`.
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
    /// The real line.
    public var support: Constraint<Scalar> { .real }

    /// μ, broadcast to the batch shape.
    public var mean: Tensor<Scalar> { get throws { try loc.expanded(to: batchShape) } }
    /// 2b².
    public var variance: Tensor<Scalar> { get throws { try (scale * scale * 2).expanded(to: batchShape) } }

    /// H = 1 + log(2b).
    public func entropy() throws -> Tensor<Scalar> {
        try (log(scale) + (1 + Scalar.log(2))).expanded(to: batchShape)
    }

    /// log p(x) = −|x − μ|/b − log(2b).
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try -abs(value - loc) / scale - log(scale) - Scalar.log(2)
    }

    /// F(x) = ½e^z below μ, 1 − ½e^(−z) above, z = (x − μ)/b.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let z = try (value - loc) / scale
        let below = try z.clamped(to: -.infinity, 0)
        let above = try z.clamped(to: 0, .infinity)
        return try select(where: z.mask(lessThan: Tensor(0)), exp(below) * 0.5, 1 - exp(-above) * 0.5)
    }

    /// F⁻¹(p) = μ + b log(2p) below ½, μ − b log(2 − 2p) above.
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        let lower = try probability.clamped(to: 0, 0.5), upper = try probability.clamped(to: 0.5, 1)
        let offset = try select(where: probability.mask(lessThan: Tensor(0.5)), log(lower * 2), -log(2 - upper * 2))
        return try loc + scale * offset
    }

    /// μ + bL for a standard Laplace L, drawn in Double: both tails reach
    /// equally far in either precision.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try loc + scale * Univariate.noise(drawShape(sampleShape), using: &generator) { Double.randomLaplace(using: &$0) }
    }
}

extension Laplace {
    /// KL(Laplace(μ₁, b₁)‖Laplace(μ₂, b₂)) = log(b₂/b₁) + |μ₁ − μ₂|/b₂
    /// + (b₁/b₂)·exp(−|μ₁ − μ₂|/b₁) − 1, written with ρ = b₁/b₂ and
    /// u = |μ₁ − μ₂|/b₁ as the sum of non-negative terms (ρ − 1 − log ρ)
    /// + ρ(e^(−u) − 1 + u) (``SpecialFunctions/ratioDeviance(_:_:)``,
    /// ``SpecialFunctions/exponentialDeficit(_:)``), so that nearly equal
    /// parameters keep their digits; ρu is taken as |μ₁ − μ₂|/b₂, which does
    /// not overflow with u. Derivatives, s the sign of μ₁ − μ₂:
    /// ∂/∂μ₁ = s(1 − e^(−u))/b₂ = −∂/∂μ₂, ∂/∂b₁ = (1 + u)e^(−u)/b₂ − 1/b₁,
    /// ∂/∂b₂ = (1 − |μ₁ − μ₂|/b₂ − ρe^(−u))/b₂.
    static func kl(_ p: Laplace, _ q: Laplace) throws -> Tensor<Scalar> {
        try Univariate.elementwise([p.loc, p.scale, q.loc, q.scale]) { v in
            let (m1, b1, m2, b2) = (v[0], v[1], v[2], v[3])
            let distance = Swift.abs(m1 - m2), ratio = b1 / b2
            let u = distance / b1, decay = Double.exp(-u)
            let deficit = u < 0.5 ? ratio * SpecialFunctions.exponentialDeficit(u) : distance / b2 + ratio * Double.expMinusOne(-u)
            let value = SpecialFunctions.ratioDeviance(b1, b2) + deficit
            let inLoc = (m1 > m2 ? 1.0 : m1 < m2 ? -1.0 : 0.0) * -Double.expMinusOne(-u) / b2
            let inScale = (decay == 0 ? 0 : (1 + u) * decay) / b2 - 1 / b1
            return (value, [inLoc, inScale, -inLoc, (1 - distance / b2 - ratio * decay) / b2])
        }
    }
}
