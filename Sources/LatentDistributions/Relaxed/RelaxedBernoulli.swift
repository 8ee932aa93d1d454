import LatentCore

/// The relaxed Bernoulli (binary Concrete) distribution on (0, 1)
/// (Maddison et al. 2017; Jang et al. 2017): Y = σ((l + L)/τ) with L
/// standard logistic, a differentiable stand-in for a Bernoulli(σ(l))
/// variable that sharpens towards {0, 1} as the temperature τ falls.
///
/// It is exactly σ applied to a Logistic(l/τ, 1/τ) variable, and is built
/// that way, so its density and pathwise draws come from those parts.
public struct RelaxedBernoulli<Scalar: TensorScalar>: ReparameterizedDistribution {
    /// The temperature τ > 0: the lower, the closer draws are to 0 or 1.
    public let temperature: Tensor<Scalar>
    /// The log-odds l of the Bernoulli variable it relaxes.
    public let logits: Tensor<Scalar>
    let transformed: TransformedDistribution<Logistic<Scalar>>

    /// Creates relaxed Bernoulli distributions from the probability p of the
    /// Bernoulli variable they relax.
    ///
    /// - Parameters:
    ///   - temperature: τ > 0.
    ///   - probs: p in (0, 1); the batch shape is the broadcast of the shapes of
    ///     `temperature` and `probs`.
    ///   - validating: check the parameters (on by default; switch off only for
    ///     speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive temperature, or
    ///   probabilities outside (0, 1).
    public init(temperature: Tensor<Scalar>, probs: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["probs": (probs, .openUnitInterval)], of: Self.self, validating: validating)
        try self.init(temperature: temperature, logits: log(probs) - log1p(-probs), validating: validating)
    }

    /// Creates relaxed Bernoulli distributions from the log-odds l of the
    /// Bernoulli variable they relax.
    ///
    /// - Parameters:
    ///   - temperature: τ > 0.
    ///   - logits: l, finite; the batch shape is the broadcast of the shapes of
    ///     `temperature` and `logits`.
    ///   - validating: check the parameters (on by default; switch off only for
    ///     speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive temperature or non-finite logits.
    public init(temperature: Tensor<Scalar>, logits: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(
            ["temperature": (temperature, .positive), "temperature": (temperature, .finite), "logits": (logits, .finite)],
            of: Self.self, validating: validating)
        self.temperature = temperature
        self.logits = logits
        let logistic = try Logistic(loc: logits / temperature, scale: 1 / temperature, validating: false)
        transformed = try TransformedDistribution(logistic, SigmoidBijector())
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(temperature: Scalar, probs: Scalar, validating: Bool = true) throws {
        try self.init(temperature: Tensor(temperature), probs: Tensor(probs), validating: validating)
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(temperature: Scalar, logits: Scalar, validating: Bool = true) throws {
        try self.init(temperature: Tensor(temperature), logits: Tensor(logits), validating: validating)
    }

    /// The broadcast shape of `temperature` and `logits`.
    public var batchShape: [Int] { transformed.batchShape }
    /// []: each draw is a scalar in (0, 1).
    public var eventShape: [Int] { [] }
    /// The unit interval [0, 1].
    public var support: Constraint<Scalar> { .unitInterval }

    /// log p(y) = log τ − w − 2 softplus(−w) − log y − log(1 − y) with
    /// w = τ(log y − log(1 − y)) − l: the logistic density at logit y over
    /// the sigmoid's slope y(1 − y), each logarithm taken separately so that
    /// y near 0 or 1 loses nothing. At y = 0 and 1 the limits, since
    /// p(y) ∝ y^(τ−1) near 0 and (1 − y)^(τ−1) near 1: +∞ for τ < 1, −∞ for
    /// τ > 1, and e^(∓l) (log-density ∓l) for τ = 1.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let (t, l) = (temperature, logits)
        let interior = try Univariate.logDensity(at: value, in: .openUnitInterval, batchShape: batchShape, distribution: name, inside: Tensor(0.5)) { y in
            let (logY, logRest) = try (log(y), log1p(-y))
            let w = try t * (logY - logRest) - l
            return try log(t) - w - softplus(-w) * 2 - logY - logRest
        }
        let atZero = try value.mask(equalTo: Tensor(0)), atOne = try value.mask(equalTo: Tensor(1))
        guard atZero.scalars.contains(1) || atOne.scalars.contains(1) else { return interior }
        // τ = 1: the boundary density e^(∓l); τ ≠ 1: ±∞ by the sign of 1 − τ.
        let power = try select(where: t.mask(lessThan: Tensor(1)), Tensor(.infinity), Tensor(-.infinity))
        let unit = try t.mask(equalTo: Tensor(1))
        let edge = try select(where: atZero, select(where: unit, -l, power), select(where: unit, l, power)).expanded(to: shape)
        return try select(where: atZero + atOne, edge, interior)
    }

    /// σ((l + L)/τ) for standard logistic noise L drawn in Double, rather
    /// than σ applied to a Logistic(l/τ, 1/τ) draw: for a small τ that draw
    /// is l/τ + L/τ, ∞ − ∞ once both overflow, while (l + L)/τ is only ±∞
    /// and σ of it the draw's limit, 0 or 1.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let noise: Tensor<Scalar> = try Univariate.noise(drawShape(sampleShape), using: &generator) { Double.randomLogistic(using: &$0) }
        return try sigmoid((logits + noise) / temperature)
    }
}
