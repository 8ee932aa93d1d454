import LatentCore

/// The logistic distribution, with CDF F(x) = σ((x − μ)/s) and density
/// p(x) = e^(−z)/(s(1 + e^(−z))²), z = (x − μ)/s.
public struct Logistic<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The location (mean and median) μ.
    public let loc: Tensor<Scalar>
    /// The scale s > 0.
    public let scale: Tensor<Scalar>
    /// The broadcast shape of `loc` and `scale`.
    public let batchShape: [Int]

    /// Creates logistic distributions with location μ and scale s.
    ///
    /// - Parameters:
    ///   - loc: the location (mean and median) μ.
    ///   - scale: the scale s > 0; the batch shape is the broadcast of the
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
    /// s²π²/3.
    public var variance: Tensor<Scalar> { get throws { try (scale * scale * (Scalar.pi * .pi / 3)).expanded(to: batchShape) } }

    /// H = log s + 2.
    public func entropy() throws -> Tensor<Scalar> {
        try (log(scale) + 2).expanded(to: batchShape)
    }

    /// log p = −z − log s − 2 softplus(−z), stable in both tails.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: loc) { x in
            let z = try (x - loc) / scale
            return try -z - log(scale) - softplus(-z) * 2
        }
    }

    /// F(x) = σ((x − μ)/s), the logistic sigmoid.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try sigmoid((value - loc) / scale)
    }

    /// F⁻¹(p) = μ + s log(p/(1 − p)).
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try loc + scale * (log(probability) - log1p(-probability))
    }

    /// μ + sL for a standard logistic L, drawn in Double: both tails reach
    /// ±36.7 (from a Float uniform the upper one stopped at 16.6).
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try loc + scale * Univariate.noise(drawShape(sampleShape), using: &generator) { Double.randomLogistic(using: &$0) }
    }
}
