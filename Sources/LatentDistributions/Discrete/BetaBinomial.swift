import LatentCore

/// The beta-binomial distribution: Binomial(n, p) with p ~ Beta(a, b),
/// P(k) = C(n, k) B(k + a, n − k + b)/B(a, b). An overdispersed count out of n.
public struct BetaBinomial<Scalar: TensorScalar>: DistributionWithMoments, DistributionWithEntropy {
    /// The number of trials n ≥ 0 (an integer).
    public let totalCount: Tensor<Scalar>
    /// a > 0.
    public let concentration1: Tensor<Scalar>
    /// b > 0.
    public let concentration0: Tensor<Scalar>
    public let batchShape: [Int]

    /// - Throws: ``DistributionError`` unless n is a non-negative integer (finite) and 0 < a, b < ∞.
    public init(totalCount: Tensor<Scalar>, concentration1: Tensor<Scalar>, concentration0: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["totalCount": (totalCount, .nonNegativeInteger),
             "concentration1": (concentration1, .positive), "concentration1": (concentration1, .finite),
             "concentration0": (concentration0, .positive), "concentration0": (concentration0, .finite)],
            of: Self.self, validating: validating)
        self.totalCount = totalCount
        self.concentration1 = concentration1
        self.concentration0 = concentration0
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(totalCount: Scalar, concentration1: Scalar, concentration0: Scalar, validating: Bool = true) throws {
        try self.init(totalCount: Tensor(totalCount), concentration1: Tensor(concentration1), concentration0: Tensor(concentration0), validating: validating)
    }

    public var eventShape: [Int] { [] }
    public var support: Constraint<Scalar> { .integerInterval(lower: Tensor(0), upper: totalCount) }

    /// na/(a + b).
    public var mean: Tensor<Scalar> {
        get throws { try (totalCount * concentration1 / (concentration1 + concentration0)).expanded(to: batchShape) }
    }

    /// nab(a + b + n)/((a + b)²(a + b + 1)).
    public var variance: Tensor<Scalar> {
        get throws {
            let total = try concentration1 + concentration0
            return try (totalCount * concentration1 * concentration0 * (total + totalCount) / (total * total * (total + 1)))
                .expanded(to: batchShape)
        }
    }

    /// H = −Σₖ₌₀ⁿ P(k) log P(k), summed exactly.
    /// - Throws: ``SpecialFunctionError`` for n above 4·10⁶ (a sum that
    ///   long is refused; no asymptotic series is used).
    public func entropy() throws -> Tensor<Scalar> {
        try DiscreteEntropy.elementwise([totalCount, concentration1, concentration0], batchShape: batchShape) { v in
            let (n, a, b) = (v[0], v[1], v[2])
            let common = SpecialFunctions.digamma(a + b) - SpecialFunctions.digamma(n + a + b)
            let logNormaliser = try SpecialFunctions.logBeta(a, b) - SpecialFunctions.logGamma(n + 1)
            let (psiA, psiB) = (SpecialFunctions.digamma(a), SpecialFunctions.digamma(b))
            let (h, gradient) = try DiscreteEntropy.sum("BetaBinomial.entropy", [n, a, b], from: 0, to: n) { k in
                let logMass = SpecialFunctions.logGamma(k + a) + SpecialFunctions.logGamma(n - k + b) - SpecialFunctions.logGamma(n + a + b)
                    - SpecialFunctions.logGamma(k + 1) - SpecialFunctions.logGamma(n - k + 1) - logNormaliser
                let inA = SpecialFunctions.digamma(k + a) - psiA + common
                let inB = SpecialFunctions.digamma(n - k + b) - psiB + common
                return (logMass, [0, inA, inB])
            }
            return (h, [0, gradient[1], gradient[2]])
        }
    }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (a, b, n) = (concentration1, concentration0, totalCount)
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try Univariate.logBinomialCoefficient(n, k) + logBeta(k + a, n - k + b) - logBeta(a, b)
        }
    }

    /// p ~ Beta(a, b), then k ~ Binomial(n, p). The beta draw is formed in
    /// log space as its log-odds, from which p and 1 − p both keep their
    /// digits where the gammas underflow (concentrations near 10⁻³).
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let n = try totalCount.detached.expanded(to: batchShape).scalars.map(Double.init)
        let a = try concentration1.detached.expanded(to: batchShape).scalars.map(Double.init)
        let b = try concentration0.detached.expanded(to: batchShape).scalars.map(Double.init)
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            let logOdds = Double.randomBetaLogOdds(a[i], b[i], using: &g)
            let p = 1 / (1 + Double.exp(-logOdds)), q = 1 / (1 + Double.exp(logOdds))
            return Scalar(Double.randomBinomial(count: n[i], p: p, q: q, using: &g))
        }
    }

    private func logBeta(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try logGamma(x) + logGamma(y) - logGamma(x + y)
    }
}
