import LatentCore

/// The χ² distribution with ν degrees of freedom: Gamma(ν/2, rate ½), the
/// distribution of a sum of ν squared standard normals.
public struct ChiSquared<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The degrees of freedom ν > 0 (need not be an integer).
    public let degreesOfFreedom: Tensor<Scalar>
    let gamma: Gamma<Scalar>

    /// Creates χ² distributions with ν degrees of freedom.
    ///
    /// - Parameters:
    ///   - degreesOfFreedom: ν > 0; its shape is the batch shape.
    ///   - validating: check that ν is positive and finite (on by default;
    ///     switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for non-positive degrees of freedom, an infinite one, or NaN.
    public init(degreesOfFreedom: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(
            ["degreesOfFreedom": (degreesOfFreedom, .positive), "degreesOfFreedom": (degreesOfFreedom, .finite)],
            of: Self.self, validating: validating)
        self.degreesOfFreedom = degreesOfFreedom
        gamma = try Gamma(concentration: degreesOfFreedom * 0.5, rate: Tensor(0.5), validating: false)
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(degreesOfFreedom: Scalar, validating: Bool = true) throws {
        try self.init(degreesOfFreedom: Tensor(degreesOfFreedom), validating: validating)
    }

    /// The shape of `degreesOfFreedom`.
    public var batchShape: [Int] { degreesOfFreedom.shape }
    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The non-negative reals.
    public var support: Constraint<Scalar> { .nonNegative }
    /// ν.
    public var mean: Tensor<Scalar> { get throws { try gamma.mean } }
    /// 2ν.
    public var variance: Tensor<Scalar> { get throws { try gamma.variance } }
    /// The entropy of Gamma(ν/2, rate ½).
    public func entropy() throws -> Tensor<Scalar> { try gamma.entropy() }
    /// The log-density of Gamma(ν/2, rate ½).
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> { try gamma.logProb(of: value) }
    /// The CDF of Gamma(ν/2, rate ½): the regularised lower incomplete gamma
    /// function P(ν/2, x/2).
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> { try gamma.cdf(value) }
    /// The quantile function of Gamma(ν/2, rate ½).
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> { try gamma.icdf(probability) }

    /// Reparameterised draws of Gamma(ν/2, rate ½), with implicit gradients in ν.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try gamma.rsample(sampleShape, using: &generator)
    }

    /// Draws of Gamma(ν/2, rate ½), without the implicit gradients.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try gamma.sample(sampleShape, using: &generator)
    }
}
