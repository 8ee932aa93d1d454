import LatentCore

/// The geometric distribution: the number of failures before the first
/// success in trials of probability p, P(k) = p(1 − p)ᵏ for k = 0, 1, 2, …
public struct Geometric<Scalar: TensorScalar>: DistributionWithMoments, DistributionWithEntropy {
    let parameter: ProbabilityParameter<Scalar>

    /// Creates geometric distributions from the success probability p.
    ///
    /// - Parameters:
    ///   - probs: p in (0, 1]; its shape is the batch shape.
    ///   - validating: check that 0 < p ≤ 1 (on by default; switch off only for
    ///     speed in trusted code).
    /// - Throws: ``DistributionError`` unless 0 < p ≤ 1.
    public init(probs: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(
            ["probs": (probs, .interval(lower: Tensor(.leastNonzeroMagnitude), upper: Tensor(1)))], of: Self.self, validating: validating)
        parameter = .probs(probs)
    }

    /// Creates geometric distributions from the success log-odds
    /// l = log(p/(1 − p)).
    ///
    /// - Parameters:
    ///   - logits: l, above −∞ (+∞ is p = 1); its shape is the batch shape.
    ///   - validating: check that no logit is NaN or −∞ (on by default; switch
    ///     off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for NaN or −∞ logits.
    public init(logits: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["logits": (logits, .greaterThan(Tensor(-.infinity)))], of: Self.self, validating: validating)
        parameter = .logits(logits)
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(probs: Scalar, validating: Bool = true) throws {
        try self.init(probs: Tensor(probs), validating: validating)
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(logits: Scalar, validating: Bool = true) throws {
        try self.init(logits: Tensor(logits), validating: validating)
    }

    /// The success probability p (σ(l) when given as logits).
    public var probs: Tensor<Scalar> { parameter.probs }
    /// The shape of the parameter, as given (`probs` or `logits`).
    public var batchShape: [Int] { parameter.tensor.shape }
    /// []: each draw is a scalar count.
    public var eventShape: [Int] { [] }
    /// The non-negative integers.
    public var support: Constraint<Scalar> { .nonNegativeInteger }

    /// (1 − p)/p.
    public var mean: Tensor<Scalar> { get throws { try parameter.failureProbs / probs } }
    /// (1 − p)/p².
    public var variance: Tensor<Scalar> { get throws { try parameter.failureProbs / (probs * probs) } }

    /// H = −((1 − p) log(1 − p) + p log p)/p, with 1 − p as σ(−l) for
    /// logits l: at l = 50 the first term is 50 times the second, and
    /// 1 − σ(l) would round it away.
    public func entropy() throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try -(Univariate.countTimesLog(parameter.failureProbs, logFailure) + probs * logSuccess) / probs
    }

    /// log P(k) = k log(1 − p) + log p for k = 0, 1, 2, …, −∞ elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try Univariate.countTimesLog(k, logFailure) + logSuccess
        }
    }

    /// ⌊E/(−log(1 − p))⌋ for a standard exponential E > 0, by inversion,
    /// with log(1 − p) from the parameter as given (log1p(−p), or
    /// log σ(−l) for logits, exact for p near 0 where 1 − p rounds to 1).
    /// p = 1 gives 0; a p so small that −log(1 − p) underflows gives +∞,
    /// the rounding of draws beyond the largest finite number.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let rate = try parameter.logProbabilities.failure.detached.scalars.map { -Double($0) }
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            Scalar((Double.randomPositiveExponential(using: &g) / rate[i]).rounded(.down))
        }
    }
}

extension Geometric {
    /// KL(Geom(p₁)‖Geom(p₂)) = log(p₁/p₂) + ((1 − p₁)/p₁)·log((1 − p₁)/(1 − p₂)),
    /// the second factor being E[K] under the first (1 − p₁ from the logits
    /// where given as logits).
    static func kl(_ p: Geometric, _ q: Geometric) throws -> Tensor<Scalar> {
        let (pSuccess, pFailure) = try p.parameter.logProbabilities
        let (qSuccess, qFailure) = try q.parameter.logProbabilities
        let expectedFailures = try p.parameter.failureProbs / p.probs
        return try pSuccess - qSuccess + Univariate.countTimesLog(expectedFailures, pFailure - qFailure)
    }
}
