import LatentCore

/// The Cauchy distribution, with density p(x) = 1/(πγ(1 + ((x − x₀)/γ)²)).
/// It has no mean or variance.
public struct Cauchy<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithEntropy, DistributionWithCDF {
    /// The location (median) x₀.
    public let loc: Tensor<Scalar>
    /// The scale (half width at half maximum) γ > 0.
    public let scale: Tensor<Scalar>
    /// The broadcast shape of `loc` and `scale`.
    public let batchShape: [Int]

    /// Creates Cauchy distributions with location x₀ and scale γ.
    ///
    /// - Parameters:
    ///   - loc: the location (median) x₀.
    ///   - scale: the scale γ > 0; the batch shape is the broadcast of the
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

    /// H = log(4πγ).
    public func entropy() throws -> Tensor<Scalar> {
        try (log(scale) + Scalar.log(4 * .pi)).expanded(to: batchShape)
    }

    /// log p(x) = −log(1 + z²) − log γ − log π, z = (x − x₀)/γ, without overflow
    /// in the far tails.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try -Univariate.logOnePlusSquare(of: value - loc, over: scale) - log(scale) - Scalar.log(.pi)
    }

    /// F(x) = ½ + atan(z)/π, as −atan(1/z)/π for z < 0, where ½ + atan(z)/π
    /// would cancel away the digits of a lower-tail probability.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let z = try (value - loc) / scale
        let below = try z.mask(lessThan: Tensor(0))
        let negative = try select(where: below, z, Tensor(-1)), rest = try select(where: below, Tensor(0), z)
        return try select(where: below, atan(1 / negative) * (-1 / Scalar.pi), atan(rest) * (1 / Scalar.pi) + 0.5)
    }

    /// F⁻¹(p) = x₀ + γ tan(π(p − ½)), in a form accurate in both tails.
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try loc + scale * Univariate.standardCauchyQuantile(probability)
    }

    /// x₀ + γ tan(π(u − ½)) with u ~ Uniform(0, 1), by the quantile function.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try icdf(Univariate.openUniform(drawShape(sampleShape), using: &generator))
    }
}
