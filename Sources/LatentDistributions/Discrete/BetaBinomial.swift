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
    /// The broadcast shape of `totalCount` and the two concentrations.
    public let batchShape: [Int]

    /// Creates beta-binomial distributions of n trials with success probability
    /// drawn from Beta(a, b).
    ///
    /// - Parameters:
    ///   - totalCount: the number of trials n, a non-negative integer.
    ///   - concentration1: a > 0, the first beta parameter.
    ///   - concentration0: b > 0, the second beta parameter; the batch shape is
    ///     the broadcast of the shapes of the three parameters.
    ///   - validating: check the parameters against their constraints (on by
    ///     default; switch off only for speed in trusted code).
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

    /// []: each draw is a scalar count.
    public var eventShape: [Int] { [] }
    /// The integers 0, 1, …, n.
    public var support: Constraint<Scalar> { .integerInterval(lower: Tensor(0), upper: totalCount) }

    /// n·a/(a + b), the ratio taken first so that nothing overflows.
    public var mean: Tensor<Scalar> {
        get throws { try (totalCount * (concentration1 / (concentration1 + concentration0))).expanded(to: batchShape) }
    }

    /// nab(a + b + n)/((a + b)²(a + b + 1)), as a product of ratios, each
    /// of order at most n, so that nothing overflows at concentrations of 10¹⁰⁰.
    public var variance: Tensor<Scalar> {
        get throws {
            let total = try concentration1 + concentration0
            return try (totalCount * (concentration1 / total) * (concentration0 / total) * ((total + totalCount) / (total + 1)))
                .expanded(to: batchShape)
        }
    }

    /// H = −Σₖ P(k) log P(k), summed exactly over k within 20σ + 40 of the
    /// mean, where σ² = n/4 + n²/(4(a + b + 1)) bounds the variance proxy
    /// of the beta-binomial as a sub-Gaussian variable (Hoeffding's n/4 for
    /// the binomial given p, Marchal & Arbel's 1/(4(a + b + 1)) for p), so
    /// that the mass left out is below 2e^(−200). Where a, b ≥ 10⁸ and the
    /// variance exceeds 10⁸, the Gaussian limit ½ log(2πe·v) − γ₁²/12 with
    /// the beta-binomial's skewness γ₁ (`DiscreteEntropy.gaussianLimit(variance:skewnessSquared:)`;
    /// its cumulants of higher order are O(10⁻⁸), their terms below 10⁻¹⁶).
    /// - Throws: `SpecialFunctionError` where neither applies (a window of
    ///   more than 4·10⁶ counts: n = 10⁸ at a = b = 1).
    public func entropy() throws -> Tensor<Scalar> {
        try DiscreteEntropy.elementwise([totalCount, concentration1, concentration0], batchShape: batchShape) { v in
            let (n, a, b) = (v[0], v[1], v[2])
            if n == 0 { return (0, [0, 0, 0]) }
            let r = a + b
            let variance = n * (a / r) * (b / r) * ((r + n) / (r + 1))
            if Swift.min(a, b) >= DiscreteEntropy.gaussianVariance && variance > DiscreteEntropy.gaussianVariance {
                return Self.gaussianLimitOfEntropy(n, a, b, variance: variance)
            }
            let mean = n * (a / r), width = 20 * (n / 4 * (1 + n / (r + 1))).squareRoot() + 40
            let common = SpecialFunctions.digammaDifference(a + b, n)
            let (h, gradient) = try DiscreteEntropy.sum(
                "BetaBinomial.entropy", [n, a, b], from: Swift.max(0, mean - width), to: Swift.min(n, mean + width)
            ) { k in
                let logMass = SpecialFunctions.logBetaBinomialMass(k, totalCount: n, a, b)
                let inA = SpecialFunctions.digammaDifference(a, k) - common
                let inB = SpecialFunctions.digammaDifference(b, n - k) - common
                return (logMass, [0, inA, inB])
            }
            return (h, [0, gradient[1], gradient[2]])
        }
    }

    /// ½ log(2πe·v) − γ₁²/12 and its partials in (n, a, b) (none in n), with
    /// γ₁² = (b − a)²/(ab) · ((r + 2n)/(r + 2))² · (r + 1)/(n(n + r)), r = a + b,
    /// each factor formed as a ratio so that nothing overflows.
    private static func gaussianLimitOfEntropy(_ n: Double, _ a: Double, _ b: Double, variance: Double) -> (Double, [Double]) {
        let r = a + b
        let spread = (r + 2 * n) / (r + 2)
        let scale = spread * spread * ((r + 1) / (n + r)) / n
        let skewnessSquared = ((b - a) / a) * ((b - a) / b) * scale
        let h = DiscreteEntropy.gaussianLimit(variance: variance, skewnessSquared: skewnessSquared)
        let inLogVariance = 1 / (r + n) - 2 / r - 1 / (r + 1)
        let inLogScale = 2 / (r + 2 * n) - 2 / (r + 2) + 1 / (r + 1) - 1 / (n + r)
        let inSkewnessA = skewnessSquared * (inLogScale - 1 / a) - 2 * ((b - a) / a) / b * scale
        let inSkewnessB = skewnessSquared * (inLogScale - 1 / b) + 2 * ((b - a) / a) / b * scale
        return (h, [0, 0.5 * (1 / a + inLogVariance) - inSkewnessA / 12, 0.5 * (1 / b + inLogVariance) - inSkewnessB / 12])
    }

    /// log P(k) = log C(n, k) + log B(k + a, n − k + b) − log B(a, b)
    /// (`SpecialFunctions.logBetaBinomialMass(_:totalCount:_:_:)`, which
    /// keeps its digits at huge counts or concentrations), with ψ-difference
    /// partials: ∂/∂a = ψ(k + a) − ψ(a) − ψ(n + a + b) + ψ(a + b), the same in b
    /// with n − k, and in k and n those of the log-gammas' real extension.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try Univariate.elementwise([k, totalCount, concentration1, concentration0]) { v in
                let (k, n, a, b) = (v[0], v[1], v[2], v[3])
                let f = n - k
                let inTotal = SpecialFunctions.digammaDifference(a + b, n)
                let inK = SpecialFunctions.digammaDifference(k + 1, a - 1) - SpecialFunctions.digammaDifference(f + 1, b - 1)
                let inN = SpecialFunctions.digammaDifference(f + 1, b - 1) - SpecialFunctions.digammaDifference(n + 1, a + b - 1)
                return (SpecialFunctions.logBetaBinomialMass(k, totalCount: n, a, b),
                        [inK, inN, SpecialFunctions.digammaDifference(a, k) - inTotal,
                         SpecialFunctions.digammaDifference(b, f) - inTotal])
            }
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
}
