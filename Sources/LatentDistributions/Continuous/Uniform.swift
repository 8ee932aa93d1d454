import LatentCore

/// The continuous uniform distribution on [low, high], with density
/// 1/(high − low) there.
public struct Uniform<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    /// The lower end of the interval.
    public let low: Tensor<Scalar>
    /// The upper end of the interval, greater than `low`.
    public let high: Tensor<Scalar>
    /// The broadcast shape of `low` and `high`.
    public let batchShape: [Int]

    /// Creates uniform distributions on [low, high].
    ///
    /// - Parameters:
    ///   - low: the lower end.
    ///   - high: the upper end, greater than `low`; the batch shape is the
    ///     broadcast of the shapes of `low` and `high`.
    ///   - validating: check that both ends are finite and low < high (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` unless low < high, both finite.
    public init(low: Tensor<Scalar>, high: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["low": (low, .finite), "high": (high, .finite), "high": (high, .greaterThan(low))],
            of: Self.self, validating: validating)
        self.low = low
        self.high = high
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(low: Scalar, high: Scalar, validating: Bool = true) throws {
        try self.init(low: Tensor(low), high: Tensor(high), validating: validating)
    }

    /// []: each draw is a scalar.
    public var eventShape: [Int] { [] }
    /// The closed interval [low, high].
    public var support: Constraint<Scalar> { .interval(lower: low, upper: high) }

    /// (low + high)/2.
    public var mean: Tensor<Scalar> { get throws { try ((low + high) * 0.5).expanded(to: batchShape) } }
    /// (high − low)²/12.
    public var variance: Tensor<Scalar> {
        get throws {
            let width = try high - low
            return try (width * width * (1 / 12)).expanded(to: batchShape)
        }
    }

    /// H = log(high − low).
    public func entropy() throws -> Tensor<Scalar> { try log(high - low).expanded(to: batchShape) }

    /// log p(x) = −log(high − low) on [low, high], −∞ elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let middle = try (low + high) * 0.5
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: middle) { _ in
            try (-log(high - low)).expanded(to: shape)
        }
    }

    /// F(x) = (x − low)/(high − low), clamped to [0, 1].
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try ((value - low) / (high - low)).clamped(to: 0, 1)
    }

    /// F⁻¹(p) = low + p(high − low).
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try low + probability * (high - low)
    }

    /// low + u(high − low) with u ~ Uniform(0, 1).
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try icdf(Tensor<Scalar>.randomUniform(drawShape(sampleShape), using: &generator))
    }
}

extension Uniform {
    /// KL(U[a₁, b₁]‖U[a₂, b₂]) = log((b₂ − a₂)/(b₁ − a₁)) when [a₁, b₁] ⊆ [a₂, b₂],
    /// +∞ otherwise.
    static func kl(_ p: Uniform, _ q: Uniform) throws -> Tensor<Scalar> {
        let inside = try p.low.mask(lessThan: q.low).mask(equalTo: Tensor(0)) * q.high.mask(lessThan: p.high).mask(equalTo: Tensor(0))
        return try select(where: inside, logWidth(q) - logWidth(p), Tensor(.infinity))
    }

    /// log(b − a) as log(b/2 − a/2) + log 2, finite for every finite a < b
    /// (b − a overflows for [−10³⁰⁸, 10³⁰⁸]).
    private static func logWidth(_ u: Uniform) throws -> Tensor<Scalar> {
        try log(u.high * 0.5 - u.low * 0.5) + Scalar.log(2)
    }
}
