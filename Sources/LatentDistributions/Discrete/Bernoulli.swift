import LatentCore

/// The Bernoulli distribution on {0, 1}: P(1) = p.
public struct Bernoulli<Scalar: TensorScalar>: DistributionWithMoments, DistributionWithEntropy {
    let parameter: ProbabilityParameter<Scalar>

    /// Creates Bernoulli distributions from the probability p of 1.
    ///
    /// - Parameters:
    ///   - probs: p in [0, 1]; its shape is the batch shape.
    ///   - validating: check that 0 ≤ p ≤ 1 (on by default; switch off only
    ///     for speed in trusted code).
    /// - Throws: ``DistributionError`` unless 0 ≤ p ≤ 1.
    public init(probs: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["probs": (probs, .unitInterval)], of: Self.self, validating: validating)
        parameter = .probs(probs)
    }

    /// Creates Bernoulli distributions from the log-odds l = log(p/(1 − p)).
    ///
    /// - Parameters:
    ///   - logits: l, any real or ±∞; its shape is the batch shape.
    ///   - validating: check that no logit is NaN (on by default; switch off
    ///     only for speed in trusted code).
    /// - Throws: ``DistributionError`` for NaN logits (±∞ means certainty).
    public init(logits: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["logits": (logits, .real)], of: Self.self, validating: validating)
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

    /// P(1).
    public var probs: Tensor<Scalar> { parameter.probs }
    /// The shape of the parameter, as given (`probs` or `logits`).
    public var batchShape: [Int] { parameter.tensor.shape }
    /// []: each draw is a scalar, 0 or 1.
    public var eventShape: [Int] { [] }
    /// {0, 1}.
    public var support: Constraint<Scalar> { .boolean }

    /// p.
    public var mean: Tensor<Scalar> { get throws { probs } }
    /// p(1 − p).
    public var variance: Tensor<Scalar> { get throws { try probs * parameter.failureProbs } }

    /// H = −p log p − (1 − p) log(1 − p), with 1 − p as σ(−l) for logits
    /// l: at l = 40 the term (1 − p) log(1 − p) = −1.7e-16 is 40 times the
    /// other, and 1 − σ(l) would round it away.
    public func entropy() throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try -(Univariate.countTimesLog(probs, logSuccess) + Univariate.countTimesLog(parameter.failureProbs, logFailure))
    }

    /// With logits l: log p(k) = −softplus(∓l), one softplus per element
    /// (exact at l = ±∞); with probabilities, log p or log(1 − p).
    // Kept for the `svi` and `vae` benchmarks: the per-element likelihood loop in `LogitLikelihood` is reached from here.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if case let .logits(l) = parameter {
            return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
                try Self.logitLikelihood(k, l)
            }
        }
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try select(where: k, logSuccess, logFailure)
        }
    }

    /// −softplus(∓l) and its derivative k − σ(l) in one pass (one recorded
    /// operation rather than four) when the outcomes k have the logits'
    /// shape or broadcast to it (the same images under many draws of a
    /// latent code, spread over the draws first); composed from tensor
    /// operations otherwise.
    static func logitLikelihood(_ k: Tensor<Scalar>, _ l: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard k.shape == l.shape || broadcastShape(k.shape, l.shape) == l.shape else {
            return try -softplus(select(where: k, -l, l))
        }
        if !l.needsDerivatives && !k.needsDerivatives, let period = repeatingPeriod(of: k.shape, in: l.shape) {
            // No derivative is wanted (evaluation): the values alone, with
            // outcomes that repeat along the logits read in place.
            return try k.withUnsafeScalars { counts in
                try l.withUnsafeScalars { logits in
                    try Tensor<Scalar>(shape: l.shape) { out in
                        LogitLikelihood.evaluate(
                            counts: counts.baseAddress!, repeatingEvery: period, logits: logits.baseAddress!,
                            count: logits.count, value: out.baseAddress!, derivative: nil)
                    }
                }
            }
        }
        let counts = k.shape == l.shape ? k : try k.expanded(to: l.shape)
        let results = try elementwiseKernel([counts, l], outputs: 2) { inputs, outputs, count in
            LogitLikelihood.evaluate(
                counts: inputs[0], logits: inputs[1], count: count, value: outputs[0], derivative: outputs[1])
        }
        return try withKnownDerivatives(results[0], inputs: [l], partials: [results[1]])
    }

    /// Σ over the last axis of log p(k) (`SummedOverLastAxis`): when no
    /// derivative is wanted, the logits' rows are a multiple of eight long,
    /// every outcome is 0 or 1, and the outcomes repeat along the logits by
    /// whole rows (the same images under many latent draws: `vae eval`'s
    /// 5,000), one pass writes each row's sum and never the per-pixel
    /// values, with the bits of summing ``logProb(of:)``. Nil where that
    /// pass does not apply.
    func logProbSummedOverLastAxis(of k: Tensor<Scalar>) throws -> Tensor<Scalar>? {
        guard case let .logits(l) = parameter, let length = l.shape.last, length > 0, length % 8 == 0,
              !l.needsDerivatives, !k.needsDerivatives, k.shape == l.shape || broadcastShape(k.shape, l.shape) == l.shape,
              let period = Self.repeatingPeriod(of: k.shape, in: l.shape), period % length == 0 else { return nil }
        _ = try Univariate.resultShape(of: k, batchShape: batchShape, distribution: name)
        guard k.satisfies({ (try? support.containsFinite($0)) ?? false }) else { return nil }
        return try k.withUnsafeScalars { counts in
            try l.withUnsafeScalars { logits in
                try Tensor<Scalar>(shape: Array(l.shape.dropLast())) { sums in
                    LogitLikelihood.evaluateRowSums(
                        counts: counts.baseAddress!, repeatingEvery: period, logits: logits.baseAddress!,
                        rows: logits.count / length, length: length, sums: sums.baseAddress!)
                }
            }
        }
    }

    /// The number of elements after which outcomes of shape `k` repeat
    /// when broadcast to logits of shape `l`: k's count when its shape,
    /// without leading 1s, ends l's (the same outcomes for every index of
    /// l's leading axes); nil for any other broadcast or an empty tensor.
    private static func repeatingPeriod(of k: [Int], in l: [Int]) -> Int? {
        let trailing = k.drop { $0 == 1 }
        guard trailing.count <= l.count, Array(l.suffix(trailing.count)) == Array(trailing) else { return nil }
        let period = trailing.reduce(1, *)
        return period > 0 ? period : nil
    }

    /// 1 where an open uniform u ∈ (0, 1) falls below p: u is never 0, so
    /// that p = 10⁻³⁰⁰ does not come out as 1 once in 2⁵³ draws.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let p = probs.detached.scalars.map(Double.init)
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            Double.randomOpenUniform(using: &g) < p[i] ? 1 : 0
        }
    }
}

extension Bernoulli: SummedOverLastAxis {}

extension Bernoulli {
    /// KL(Bern(p)‖Bern(q)) = p log(p/q) + (1 − p) log((1 − p)/(1 − q)), with
    /// 0·log 0 = 0 (so a certain p against any q is finite unless q excludes it)
    /// and 1 − p from the logits where given as logits.
    static func kl(_ p: Bernoulli, _ q: Bernoulli) throws -> Tensor<Scalar> {
        let (pSuccess, pFailure) = try p.parameter.logProbabilities
        let (qSuccess, qFailure) = try q.parameter.logProbabilities
        return try Univariate.countTimesLog(p.probs, pSuccess - qSuccess)
            + Univariate.countTimesLog(p.parameter.failureProbs, pFailure - qFailure)
    }
}
