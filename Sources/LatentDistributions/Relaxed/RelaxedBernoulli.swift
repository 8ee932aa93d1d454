import LatentCore

/// The relaxed Bernoulli (binary Concrete) distribution on (0, 1)
/// (Maddison et al. 2017; Jang et al. 2017): Y = σ((l + L)/τ) with L
/// standard logistic, a differentiable stand-in for a Bernoulli(σ(l))
/// variable that sharpens towards {0, 1} as the temperature τ falls.
///
/// It is exactly σ applied to a Logistic(l/τ, 1/τ) variable, and is built
/// that way, so its density and pathwise draws come from those parts.
public struct RelaxedBernoulli<Scalar: TensorScalar>: ReparameterizedDistribution {
    public let temperature: Tensor<Scalar>
    /// The log-odds l of the Bernoulli variable it relaxes.
    public let logits: Tensor<Scalar>
    let transformed: TransformedDistribution<Logistic<Scalar>>

    /// - Throws: ``DistributionError`` for a non-positive temperature, or
    ///   probabilities outside (0, 1).
    public init(temperature: Tensor<Scalar>, probs: Tensor<Scalar>, validating: Bool = true) throws {
        try checkParameters(["probs": (probs, .openUnitInterval)], of: Self.self, validating: validating)
        try self.init(temperature: temperature, logits: log(probs) - log1p(-probs), validating: validating)
    }

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

    public var batchShape: [Int] { transformed.batchShape }
    public var eventShape: [Int] { [] }
    public var support: Constraint<Scalar> { .unitInterval }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: .unitInterval, batchShape: batchShape, distribution: name, inside: Tensor(0.5)) { y in
            try transformed.logProb(of: y)
        }
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
