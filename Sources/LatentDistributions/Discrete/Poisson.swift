import LatentCore

/// The Poisson distribution, P(k) = λᵏ e^(−λ)/k! for k = 0, 1, 2, …
public struct Poisson<Scalar: TensorScalar>: DistributionWithMoments {
    /// The rate (mean) λ ≥ 0.
    public let rate: Tensor<Scalar>
    public var batchShape: [Int] { rate.shape }

    /// - Throws: ``DistributionError`` for a negative rate, an infinite one, or NaN.
    public init(rate: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["rate": (rate, .nonNegative), "rate": (rate, .finite)], of: Self.self, validating: validating)
        self.rate = rate
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(rate: Scalar, validating: Bool = true) throws {
        try self.init(rate: Tensor(rate), validating: validating)
    }

    public var eventShape: [Int] { [] }
    public var support: Constraint<Scalar> { .nonNegativeInteger }
    public var mean: Tensor<Scalar> { get throws { rate } }
    public var variance: Tensor<Scalar> { get throws { rate } }

    /// log P(k) = k log λ − λ − log k! (0·log 0 = 0 for λ = 0).
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try xlogy(k, rate) - rate - logGamma(k + 1)
        }
    }

    /// Exact draws at every finite rate, by ``LatentCore/TensorScalar/randomPoisson(rate:using:)``
    /// (inversion below rate 10, Hörmann's PTRS from 10 on); beyond 2⁵³
    /// the nearest `Double` to an exact draw.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let rates = rate.detached.scalars.map(Double.init)
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            Scalar(Double.randomPoisson(rate: rates[i], using: &g))
        }
    }
}

extension Poisson {
    /// KL(Poi(λ₁)‖Poi(λ₂)) = λ₁ log(λ₁/λ₂) − λ₁ + λ₂.
    static func kl(_ p: Poisson, _ q: Poisson) throws -> Tensor<Scalar> {
        try xlogy(p.rate, p.rate) - xlogy(p.rate, q.rate) - p.rate + q.rate
    }
}
