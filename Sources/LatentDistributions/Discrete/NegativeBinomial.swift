import LatentCore
import RealModule

/// The negative binomial distribution: the number of successes, each of
/// probability p, before r failures, P(k) = C(k + r − 1, k) pᵏ (1 − p)ʳ.
/// r need not be an integer (a gamma–Poisson mixture: the overdispersed
/// count model).
public struct NegativeBinomial<Scalar: TensorScalar>: DistributionWithMoments, DistributionWithEntropy, CountOfTrials {
    /// The number of failures r > 0.
    public let totalCount: Tensor<Scalar>
    let parameter: ProbabilityParameter<Scalar>
    /// The broadcast shape of `totalCount` and the success parameter.
    public let batchShape: [Int]

    /// Creates negative binomial distributions of successes before r failures,
    /// with success probability p.
    ///
    /// - Parameters:
    ///   - totalCount: the number of failures r > 0 (need not be an integer).
    ///   - probs: the success probability p in [0, 1); the batch shape is the
    ///     broadcast of the shapes of `totalCount` and `probs`.
    ///   - validating: check both parameters against their constraints (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` unless 0 < r < ∞ and 0 ≤ p < 1.
    public init(totalCount: Tensor<Scalar>, probs: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["totalCount": (totalCount, .positive), "totalCount": (totalCount, .finite),
             "probs": (probs, .interval(lower: Tensor(0), upper: Tensor(1 - .ulpOfOne / 2)))],
            of: Self.self, validating: validating)
        self.totalCount = totalCount
        parameter = .probs(probs)
    }

    /// Creates negative binomial distributions of successes before r failures,
    /// with success log-odds l.
    ///
    /// - Parameters:
    ///   - totalCount: the number of failures r > 0 (need not be an integer).
    ///   - logits: the log-odds l = log(p/(1 − p)), below +∞; the batch shape
    ///     is the broadcast of the shapes of `totalCount` and `logits`.
    ///   - validating: check both parameters against their constraints (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` unless 0 < r < ∞ and the logits are below +∞.
    public init(totalCount: Tensor<Scalar>, logits: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["totalCount": (totalCount, .positive), "totalCount": (totalCount, .finite), "logits": (logits, .belowInfinity)],
            of: Self.self, validating: validating)
        self.totalCount = totalCount
        parameter = .logits(logits)
    }

    /// The success probability p (σ(l) when given as logits).
    public var probs: Tensor<Scalar> { parameter.probs }
    /// []: each draw is a scalar count.
    public var eventShape: [Int] { [] }
    /// The non-negative integers.
    public var support: Constraint<Scalar> { .nonNegativeInteger }

    /// rp/(1 − p).
    public var mean: Tensor<Scalar> { get throws { try (totalCount * probs / parameter.failureProbs).expanded(to: batchShape) } }
    /// rp/(1 − p)².
    public var variance: Tensor<Scalar> {
        get throws {
            let q = parameter.failureProbs
            return try (totalCount * probs / (q * q)).expanded(to: batchShape)
        }
    }

    /// H = −Σ P(k) log P(k), summed over the mean ± 40 standard deviations
    /// (and the geometric tail's 80/(−log p) beyond); where rp and the
    /// variance rp/q² both exceed 10⁸, the Gaussian limit
    /// ½ log(2πe·rp/q²) − (1 + p)²/(12rp) (error O((rp)⁻²)).
    /// - Throws: `SpecialFunctionError` where neither applies (a small r
    ///   with p so near 1 that the mass spans more than 4·10⁶ counts).
    public func entropy() throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try DiscreteEntropy.elementwise([totalCount, probs, parameter.failureProbs, logSuccess, logFailure], batchShape: batchShape) { v in
            let (r, p, q, logP, logQ) = (v[0], v[1], v[2], v[3], v[4])
            if p == 0 { return (0, [0, 0, 0, 0, 0]) }
            let (mean, variance) = (r * p / q, r * p / (q * q))
            if r * p > DiscreteEntropy.gaussianVariance && variance > DiscreteEntropy.gaussianVariance {
                let h = DiscreteEntropy.gaussianLimit(variance: variance, skewnessSquared: (1 + p) * (1 + p) / (r * p))
                let inR = 0.5 / r + (1 + p) * (1 + p) / (12 * r * r * p)
                let inP = 0.5 * (1 / p + 2 / q) + (1 - p * p) / (12 * r * p * p)
                return (h, [inR, inP, 0, 0, 0])
            }
            let width = 40 * variance.squareRoot() + 40
            let (h, gradient) = try DiscreteEntropy.sum(
                "NegativeBinomial.entropy", [r, p], from: Swift.max(0, mean - width), to: mean + width + 80 / -logP
            ) { k in
                let logMass = Double.log(r / (k + r)) + SpecialFunctions.logBinomialMass(successes: k, failures: r, logP: logP, logQ: logQ, p: p, q: q)
                return (logMass, [SpecialFunctions.digammaDifference(r, k) + logQ, k / p - r / q])
            }
            return (h, [gradient[0], gradient[1], 0, 0, 0])
        }
    }

    /// log P(k) = log Γ(k + r) − log Γ(r) − log k! + k log p + r log(1 − p), in
    /// a saddle-point form that keeps its precision at large counts.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            // Γ(k + r)/(Γ(r) k!) pᵏqʳ = r/(k + r) · C(k + r, k) pᵏqʳ.
            try log(totalCount) - log(k + totalCount) + Univariate.logBinomialMass(successes: k, failures: totalCount, logSuccess, logFailure, exactly: parameter)
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
