import LatentCore

/// The relaxed one-hot categorical (Concrete, Gumbel-softmax) distribution
/// on the simplex (Maddison et al. 2017; Jang et al. 2017):
/// Y = softmax((l + G)/τ) with G standard Gumbel noise, a differentiable
/// stand-in for a one-hot categorical draw. Its density is
/// p(y) = (K − 1)! τ^(K−1) Πₖ(αₖ yₖ^(−τ−1)) / (Σₖ αₖ yₖ^(−τ))^K, αₖ = e^(lₖ).
public struct RelaxedOneHotCategorical<Scalar: TensorScalar>: ReparameterizedDistribution {
    /// The temperature τ > 0, broadcast against the batch shape: the lower, the
    /// closer draws are to one-hot vectors.
    public let temperature: Tensor<Scalar>
    /// Normalised log-probabilities of shape `batchShape + [K]`.
    public let logits: Tensor<Scalar>

    /// Creates relaxed one-hot categorical distributions from probabilities
    /// along the last axis, normalised by their sum.
    ///
    /// - Parameters:
    ///   - temperature: τ > 0.
    ///   - probs: non-negative weights of shape `batchShape + [K]`.
    ///   - validating: check the parameters (on by default; switch off only for
    ///     speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive temperature, or
    ///   invalid probabilities (as ``Categorical``, but named for this family).
    public init(temperature: Tensor<Scalar>, probs: Tensor<Scalar>, validating: Bool = true) throws {
        let logits = try Categorical.logProbabilities(of: probs, for: Self.self, validating: validating)
        try self.init(temperature: temperature, logits: logits, validating: validating)
    }

    /// Creates relaxed one-hot categorical distributions from unnormalised
    /// log-probabilities along the last axis.
    ///
    /// - Parameters:
    ///   - temperature: τ > 0.
    ///   - logits: finite log-weights of shape `batchShape + [K]`, normalised
    ///     here by a log-softmax.
    ///   - validating: check the parameters (on by default; switch off only for
    ///     speed in trusted code).
    /// - Throws: ``DistributionError`` for a non-positive temperature or non-finite logits.
    public init(temperature: Tensor<Scalar>, logits: Tensor<Scalar>, validating: Bool = true) throws {
        try requireCategories(logits, of: Self.self, parameter: "logits")
        try checkParameters(
            ["temperature": (temperature, .positive), "temperature": (temperature, .finite), "logits": (logits, .finite)],
            of: Self.self, validating: validating)
        self.temperature = temperature
        self.logits = try logits.logSoftmax(alongAxis: -1)
    }

    /// The same from plain numbers: one distribution, of batch shape [].
    public init(temperature: Scalar, probs: [Scalar], validating: Bool = true) throws {
        try self.init(temperature: Tensor(temperature), probs: Tensor(probs), validating: validating)
    }

    /// The same from plain numbers: one distribution, of batch shape [].
    public init(temperature: Scalar, logits: [Scalar], validating: Bool = true) throws {
        try self.init(temperature: Tensor(temperature), logits: Tensor(logits), validating: validating)
    }

    /// The shape of `logits` without its last axis.
    public var batchShape: [Int] { Array(logits.shape.dropLast()) }
    /// [K]: each draw is a point of the simplex in Rᴷ.
    public var eventShape: [Int] { [logits.shape.last!] }
    /// The probability simplex.
    public var support: Constraint<Scalar> { .simplex }

    /// log p(y) from the Concrete density, −∞ off the simplex.
    /// - Throws: ``DistributionError/valueShapeMismatch(distribution:valueShape:expected:)``
    ///   when `value` does not broadcast with `batchShape + eventShape`.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard broadcastShape(value.shape, batchShape + eventShape) != nil else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: value.shape, expected: batchShape + eventShape)
        }
        let k = Scalar(eventShape[0])
        let onSimplex = try support.mask(value)
        let uniform = try Tensor<Scalar>(shape: eventShape, repeating: 1 / k)
        let y = try select(where: onSimplex.expandingShape(at: -1), value, uniform)
        let logY = log(y)
        let scores = try logits - temperature.expandingShape(at: -1) * logY
        let normaliser = Scalar.logGamma(k) + (k - 1) * log(temperature)
        let density = try normaliser + (scores - logY).sum(alongAxes: [-1]) - scores.logSumExp(alongAxes: [-1]) * k
        return try select(where: onSimplex, density, Tensor(-.infinity))
    }

    /// softmax((l + G)/τ) for standard Gumbel noise G drawn in Double. The
    /// scores l + G are shifted by their (detached) largest entry before
    /// the division, which changes nothing in value or gradient (softmax
    /// ignores a shift, also one divided by τ) but keeps a small τ from
    /// turning them into +∞, where softmax would give ∞ − ∞.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let gumbel: Tensor<Scalar> = try Univariate.noise(drawShape(sampleShape), using: &generator) { Double.randomGumbel(using: &$0) }
        let scores = try logits + gumbel
        let shifted = try scores - scores.detached.max(alongAxes: [-1], keepingDims: true)
        return try (shifted / temperature.expandingShape(at: -1)).softmax(alongAxis: -1)
    }
}
