import LatentCore

/// The Gumbel (type I extreme value) distribution, with CDF
/// F(x) = exp(−e^(−z)) and density p(x) = e^(−(z + e^(−z)))/β, z = (x − μ)/β.
public struct Gumbel<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The location (mode) μ.
    public let loc: Tensor<Scalar>
    /// The scale β > 0.
    public let scale: Tensor<Scalar>
    /// The broadcast shape of `loc` and `scale`.
    public let batchShape: [Int]

    static var eulerGamma: Scalar { 0.577_215_664_901_532_860_61 }

    /// Creates Gumbel distributions with location μ and scale β.
    ///
    /// - Parameters:
    ///   - loc: the location (mode) μ.
    ///   - scale: the scale β > 0; the batch shape is the broadcast of the
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

    /// μ + βγ (γ: Euler's constant).
    public var mean: Tensor<Scalar> { get throws { try (loc + scale * Self.eulerGamma).expanded(to: batchShape) } }
    /// π²β²/6.
    public var variance: Tensor<Scalar> { get throws { try (scale * scale * (Scalar.pi * .pi / 6)).expanded(to: batchShape) } }

    /// H = log β + γ + 1.
    public func entropy() throws -> Tensor<Scalar> {
        try (log(scale) + (Self.eulerGamma + 1)).expanded(to: batchShape)
    }

    /// log p(x) = −(z + e^(−z)) − log β, z = (x − μ)/β.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: loc) { x in
            let z = try (x - loc) / scale
            return try -(z + exp(-z)) - log(scale)
        }
    }

    /// F(x) = exp(−e^(−z)), z = (x − μ)/β.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try exp(-exp(-(value - loc) / scale))
    }

    /// F⁻¹(p) = μ − β log(−log p).
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try loc - scale * log(-log(probability))
    }

    /// μ + βG for a standard Gumbel G, drawn in Double, so that the upper
    /// tail reaches as far in Float as in Double.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try loc + scale * Univariate.noise(drawShape(sampleShape), using: &generator) { Double.randomGumbel(using: &$0) }
    }
}
