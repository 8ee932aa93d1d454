import LatentCore
import RealModule

/// The negative binomial distribution: the number of successes, each of
/// probability p, before r failures, P(k) = C(k + r − 1, k) pᵏ (1 − p)ʳ.
/// r need not be an integer (a gamma–Poisson mixture: the overdispersed
/// count model).
public struct NegativeBinomial<Scalar: TensorScalar>: DistributionWithMoments, CountOfTrials {
    /// The number of failures r > 0.
    public let totalCount: Tensor<Scalar>
    let parameter: ProbabilityParameter<Scalar>
    public let batchShape: [Int]

    /// - Throws: ``DistributionError`` unless 0 < r < ∞ and 0 ≤ p < 1.
    public init(totalCount: Tensor<Scalar>, probs: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["totalCount": (totalCount, .positive), "totalCount": (totalCount, .finite),
             "probs": (probs, .interval(lower: Tensor(0), upper: Tensor(1 - .ulpOfOne / 2)))],
            of: Self.self, validating: validating)
        self.totalCount = totalCount
        parameter = .probs(probs)
    }

    /// - Throws: ``DistributionError`` unless 0 < r < ∞ and the logits are below +∞.
    public init(totalCount: Tensor<Scalar>, logits: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["totalCount": (totalCount, .positive), "totalCount": (totalCount, .finite), "logits": (logits, .belowInfinity)],
            of: Self.self, validating: validating)
        self.totalCount = totalCount
        parameter = .logits(logits)
    }

    public var probs: Tensor<Scalar> { parameter.probs }
    public var eventShape: [Int] { [] }
    public var support: Constraint<Scalar> { .nonNegativeInteger }

    /// rp/(1 − p).
    public var mean: Tensor<Scalar> { get throws { try (totalCount * probs / (1 - probs)).expanded(to: batchShape) } }
    /// rp/(1 − p)².
    public var variance: Tensor<Scalar> {
        get throws {
            let q = 1 - probs
            return try (totalCount * probs / (q * q)).expanded(to: batchShape)
        }
    }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try logGamma(k + totalCount) - logGamma(k + 1) - logGamma(totalCount)
                + Univariate.countTimesLog(k, logSuccess) + totalCount * logFailure
        }
    }

    /// Poisson(λ) with λ ~ Gamma(r, rate (1 − p)/p), λ formed as
    /// G·(p/(1 − p)) with 1 − p from the logits when given as logits. Both
    /// draws are exact at every finite r and p < 1, so the count is too
    /// (beyond 2⁵³, the nearest `Double` to it).
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let r = try totalCount.detached.expanded(to: batchShape).scalars.map(Double.init)
        let (success, failure) = parameter.complementaryProbabilities
        let p = try success.detached.expanded(to: batchShape).scalars.map(Double.init)
        let q = try failure.detached.expanded(to: batchShape).scalars.map(Double.init)
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            guard p[i] > 0 else { return 0 }
            let lambda = Double.randomGamma(shape: r[i], using: &g) * (p[i] / q[i])
            return Scalar(Double.randomPoisson(rate: lambda, using: &g))
        }
    }
}
