import LatentCore

/// The Poisson distribution, P(k) = λᵏ e^(−λ)/k! for k = 0, 1, 2, …
public struct Poisson<Scalar: TensorScalar>: DistributionWithMoments, DistributionWithEntropy {
    /// The rate (mean) λ ≥ 0.
    public let rate: Tensor<Scalar>
    /// The shape of `rate`.
    public var batchShape: [Int] { rate.shape }

    /// Creates Poisson distributions with rate λ.
    ///
    /// - Parameters:
    ///   - rate: λ ≥ 0; its shape is the batch shape.
    ///   - validating: check that λ is non-negative and finite (on by default;
    ///     switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a negative rate, an infinite one, or NaN.
    public init(rate: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["rate": (rate, .nonNegative), "rate": (rate, .finite)], of: Self.self, validating: validating)
        self.rate = rate
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(rate: Scalar, validating: Bool = true) throws {
        try self.init(rate: Tensor(rate), validating: validating)
    }

    /// []: each draw is a scalar count.
    public var eventShape: [Int] { [] }
    /// The non-negative integers.
    public var support: Constraint<Scalar> { .nonNegativeInteger }
    /// λ.
    public var mean: Tensor<Scalar> { get throws { rate } }
    /// λ.
    public var variance: Tensor<Scalar> { get throws { rate } }

    /// H = −Σ P(k) log P(k), summed over λ ± 40√λ; above λ = 10⁸ the
    /// series ½ log(2πeλ) − 1/(12λ) − 1/(24λ²) − 19/(360λ³) (error O(λ⁻⁴)).
    public func entropy() throws -> Tensor<Scalar> {
        try DiscreteEntropy.elementwise([rate], batchShape: batchShape) { v in
            let lambda = v[0]
            if lambda == 0 { return (0, [0]) }
            if lambda > DiscreteEntropy.gaussianVariance {
                let (l2, l3) = (lambda * lambda, lambda * lambda * lambda)
                let h = 0.5 * Double.log(2 * Double.pi * Double.exp(1) * lambda) - 1 / (12 * lambda) - 1 / (24 * l2) - 19 / (360 * l3)
                return (h, [0.5 / lambda + 1 / (12 * l2) + 1 / (12 * l3) + 19 / (120 * l3 * lambda)])
            }
            let width = 40 * lambda.squareRoot() + 40
            return try DiscreteEntropy.sum("Poisson.entropy", [lambda], from: Swift.max(0, lambda - width), to: lambda + width) { k in
                (SpecialFunctions.logPoissonMass(k, lambda), [k / lambda - 1])
            }
        }
    }

    /// log P(k) = k log λ − λ − log k! (0·log 0 = 0 for λ = 0), in Loader's
    /// saddle-point form −δ(k) − bd0(k, λ) − ½ log(2πk), which keeps its
    /// precision at rates of 10¹⁵ where the direct terms cancel.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try Univariate.elementwise([k, rate]) { v in
                let (k, lambda) = (v[0], v[1])
                return (SpecialFunctions.logPoissonMass(k, lambda), [0, k == 0 ? -1 : k / lambda - 1])
            }
        }
    }

    /// Exact draws at every finite rate, by `TensorScalar.randomPoisson(rate:using:)`
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
    /// KL(Poi(λ₁)‖Poi(λ₂)) = λ₁ log(λ₁/λ₂) − λ₁ + λ₂, Loader's deviance
    /// bd0(λ₁, λ₂) (``SpecialFunctions/binomialDeviance(_:_:)``), which keeps
    /// its digits where λ₁ ≈ λ₂ (4.9999997 at 10¹⁵ against 10¹⁵ + 10⁸, where
    /// the direct sum of terms of 10¹⁵ gives 4), with ∂/∂λ₁ = log(λ₁/λ₂) and
    /// ∂/∂λ₂ = 1 − λ₁/λ₂.
    static func kl(_ p: Poisson, _ q: Poisson) throws -> Tensor<Scalar> {
        try Univariate.elementwise([p.rate, q.rate]) { v in
            let (a, b) = (v[0], v[1])
            let ratio = a / b
            let logRatio = a == 0 ? 0 : ratio.isNormal && ratio.isFinite ? Double.log(ratio) : Double.log(a) - Double.log(b)
            return (SpecialFunctions.binomialDeviance(a, b), [logRatio, 1 - ratio])
        }
    }
}
