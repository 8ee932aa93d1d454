import LatentCore
import RealModule

/// The binomial distribution: the number of successes in n independent
/// trials of probability p, P(k) = C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ.
public struct Binomial<Scalar: TensorScalar>: DistributionWithMoments, DistributionWithEntropy, CountOfTrials {
    /// The number of trials n ≥ 0 (an integer).
    public let totalCount: Tensor<Scalar>
    let parameter: ProbabilityParameter<Scalar>
    /// The broadcast shape of `totalCount` and the success parameter.
    public let batchShape: [Int]

    /// Creates binomial distributions of n trials with success probability p.
    ///
    /// - Parameters:
    ///   - totalCount: the number of trials n, a non-negative integer.
    ///   - probs: the success probability p in [0, 1]; the batch shape is the
    ///     broadcast of the shapes of `totalCount` and `probs`.
    ///   - validating: check both parameters against their constraints (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` unless n is a non-negative integer (finite) and 0 ≤ p ≤ 1.
    public init(totalCount: Tensor<Scalar>, probs: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["totalCount": (totalCount, .nonNegativeInteger), "probs": (probs, .unitInterval)], of: Self.self, validating: validating)
        self.totalCount = totalCount
        parameter = .probs(probs)
    }

    /// Creates binomial distributions of n trials with success log-odds l.
    ///
    /// - Parameters:
    ///   - totalCount: the number of trials n, a non-negative integer.
    ///   - logits: the log-odds l = log(p/(1 − p)); the batch shape is the
    ///     broadcast of the shapes of `totalCount` and `logits`.
    ///   - validating: check both parameters against their constraints (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` unless n is a non-negative integer (finite) and the logits are not NaN
    ///   (±∞ logits are the certain outcomes p = 0 and p = 1).
    public init(totalCount: Tensor<Scalar>, logits: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["totalCount": (totalCount, .nonNegativeInteger), "logits": (logits, .real)], of: Self.self, validating: validating)
        self.totalCount = totalCount
        parameter = .logits(logits)
    }

    /// The success probability p (σ(l) when given as logits).
    public var probs: Tensor<Scalar> { parameter.probs }
    /// []: each draw is a scalar count.
    public var eventShape: [Int] { [] }
    /// The integers 0, 1, …, n.
    public var support: Constraint<Scalar> { .integerInterval(lower: Tensor(0), upper: totalCount) }

    /// np.
    public var mean: Tensor<Scalar> { get throws { try (totalCount * probs).expanded(to: batchShape) } }
    /// np(1 − p).
    public var variance: Tensor<Scalar> { get throws { try (totalCount * probs * parameter.failureProbs).expanded(to: batchShape) } }

    /// H = −Σ P(k) log P(k), summed over np ± 40√(npq); above npq = 10⁸
    /// the Gaussian limit ½ log(2πe·npq) − (1 − 2p)²/(12npq) (error
    /// O((npq)⁻²)). The gradient flows through p.
    public func entropy() throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try DiscreteEntropy.elementwise([totalCount, probs, parameter.failureProbs, logSuccess, logFailure], batchShape: batchShape) { v in
            let (n, p, q, logP, logQ) = (v[0], v[1], v[2], v[3], v[4])
            let variance = n * p * q
            if variance == 0 { return (0, [0, 0, 0, 0, 0]) }
            let s = q - p
            if variance > DiscreteEntropy.gaussianVariance {
                let h = DiscreteEntropy.gaussianLimit(variance: variance, skewnessSquared: s * s / variance)
                let slope = s / (2 * p * q) + (4 * s * variance + n * s * s * s) / (12 * variance * variance)
                return (h, [0, slope, 0, 0, 0])
            }
            let width = 40 * variance.squareRoot() + 40
            let (h, gradient) = try DiscreteEntropy.sum("Binomial.entropy", [n, p], from: Swift.max(0, n * p - width), to: Swift.min(n, n * p + width)) { k in
                (SpecialFunctions.logBinomialMass(successes: k, failures: n - k, logP: logP, logQ: logQ, p: p, q: q), [0, (k - n * p) / variance])
            }
            return (h, [0, gradient[1], 0, 0, 0])
        }
    }

    /// log P(k) = log C(n, k) + k log p + (n − k) log(1 − p), in a saddle-point
    /// form that keeps its precision at large counts; −∞ outside 0…n.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try Univariate.logBinomialMass(successes: k, failures: totalCount - k, logSuccess, logFailure, exactly: parameter)
        }
    }

    /// Exact draws at every finite n, by `TensorScalar.randomBinomial(count:p:q:using:)`
    /// (inversion where n·min(p, 1 − p) < 10, Hörmann's BTRS otherwise),
    /// with 1 − p taken from the logits when given as logits, so that
    /// probabilities within 10⁻¹⁶ of 1 keep their digits.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let n = try totalCount.detached.expanded(to: batchShape).scalars.map(Double.init)
        let (success, failure) = parameter.complementaryProbabilities
        let p = try success.detached.expanded(to: batchShape).scalars.map(Double.init)
        let q = try failure.detached.expanded(to: batchShape).scalars.map(Double.init)
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            Scalar(Double.randomBinomial(count: n[i], p: p[i], q: q[i], using: &g))
        }
    }
}
