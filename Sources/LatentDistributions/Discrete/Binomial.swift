import LatentCore
import RealModule

/// The binomial distribution: the number of successes in n independent
/// trials of probability p, P(k) = C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ.
public struct Binomial<Scalar: TensorScalar>: DistributionWithMoments, CountOfTrials {
    /// The number of trials n ≥ 0 (an integer).
    public let totalCount: Tensor<Scalar>
    let parameter: ProbabilityParameter<Scalar>
    public let batchShape: [Int]

    /// - Throws: ``DistributionError`` unless n is a non-negative integer and 0 ≤ p ≤ 1.
    public init(totalCount: Tensor<Scalar>, probs: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["totalCount": (totalCount, .nonNegativeInteger), "probs": (probs, .unitInterval)], of: Self.self, validating: validating)
        self.totalCount = totalCount
        parameter = .probs(probs)
    }

    /// - Throws: ``DistributionError`` unless n is a non-negative integer and the logits are not NaN.
    public init(totalCount: Tensor<Scalar>, logits: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["totalCount": (totalCount, .nonNegativeInteger), "logits": (logits, .real)], of: Self.self, validating: validating)
        self.totalCount = totalCount
        parameter = .logits(logits)
    }

    public var probs: Tensor<Scalar> { parameter.probs }
    public var eventShape: [Int] { [] }
    public var support: Constraint<Scalar> { .integerInterval(lower: Tensor(0), upper: totalCount) }

    /// np.
    public var mean: Tensor<Scalar> { get throws { try (totalCount * probs).expanded(to: batchShape) } }
    /// np(1 − p).
    public var variance: Tensor<Scalar> { get throws { try (totalCount * probs * (1 - probs)).expanded(to: batchShape) } }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try Univariate.logBinomialCoefficient(totalCount, k) + Univariate.countTimesLog(k, logSuccess)
                + Univariate.countTimesLog(totalCount - k, logFailure)
        }
    }

    /// Exact inversion from the mode, with F(m) = I₁₋ₚ(n − m, m + 1).
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let n = try totalCount.detached.expanded(to: batchShape).scalars.map { Int(Double($0)) }
        let p = try probs.detached.expanded(to: batchShape).scalars.map(Double.init)
        let samplers = try zip(n, p).map { n, p in try Self.sampler(n: n, p: p) }
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            Scalar(samplers[i].draw(Double.randomUniform(using: &g)))
        }
    }

    static func sampler(n: Int, p: Double) throws -> DiscreteInversion {
        if p == 0 || p == 1 || n == 0 {
            let k = p == 1 ? n : 0
            return DiscreteInversion(mode: k, cdfAtMode: 1, massAtMode: 1, ratioUp: { _ in 0 }, lower: k, upper: k)
        }
        let mode = Swift.min(n, Int((Double(n + 1) * p).rounded(.down)))
        let logChoose: Double = SpecialFunctions.logGamma(Double(n + 1)) - SpecialFunctions.logGamma(Double(mode + 1))
            - SpecialFunctions.logGamma(Double(n - mode + 1))
        let logMass: Double = logChoose + Double(mode) * Double.log(p) + Double(n - mode) * Double.log(onePlus: -p)
        let cdf = mode == n ? 1 : try SpecialFunctions.regularizedBeta(Double(n - mode), Double(mode + 1), 1 - p)
        let odds = p / (1 - p)
        return DiscreteInversion(
            mode: mode, cdfAtMode: cdf, massAtMode: Double.exp(logMass),
            ratioUp: { k in Double(n - k + 1) / Double(k) * odds }, lower: 0, upper: n)
    }
}
