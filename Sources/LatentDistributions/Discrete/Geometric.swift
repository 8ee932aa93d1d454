import LatentCore
import RealModule

/// The geometric distribution: the number of failures before the first
/// success in trials of probability p, P(k) = p(1 − p)ᵏ for k = 0, 1, 2, …
public struct Geometric<Scalar: TensorScalar>: DistributionWithMoments, DistributionWithEntropy {
    let parameter: ProbabilityParameter<Scalar>

    /// - Throws: ``DistributionError`` unless 0 < p ≤ 1.
    public init(probs: Tensor<Scalar>, validating: Bool = true) throws {
        parameter = .probs(probs)
        if validating {
            try ParameterValidation.require(
                probs, .interval(lower: Tensor(Scalar.leastNonzeroMagnitude), upper: Tensor(1)),
                distribution: "Geometric", parameter: "probs")
        }
    }

    /// - Throws: ``DistributionError`` for NaN or −∞ logits.
    public init(logits: Tensor<Scalar>, validating: Bool = true) throws {
        parameter = .logits(logits)
        if validating {
            try ParameterValidation.require(logits, .greaterThan(Tensor(-.infinity)), distribution: "Geometric", parameter: "logits")
        }
    }

    public var probs: Tensor<Scalar> { parameter.probs }
    public var batchShape: [Int] { parameter.tensor.shape }
    public var eventShape: [Int] { [] }
    public var support: Constraint<Scalar> { .nonNegativeInteger }

    /// (1 − p)/p.
    public var mean: Tensor<Scalar> { get throws { try (1 - probs) / probs } }
    /// (1 − p)/p².
    public var variance: Tensor<Scalar> { get throws { try (1 - probs) / (probs * probs) } }

    /// H = −((1 − p) log(1 − p) + p log p)/p.
    public func entropy() throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try -(Univariate.countTimesLog(1 - probs, logFailure) + probs * logSuccess) / probs
    }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (logSuccess, logFailure) = try parameter.logProbabilities
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { k in
            try Univariate.countTimesLog(k, logFailure) + logSuccess
        }
    }

    /// ⌊log u / log(1 − p)⌋ by inversion.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let p = probs.detached.scalars.map(Double.init)
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            guard p[i] < 1 else { return 0 }
            let u = 1 - Double.randomUniform(using: &g)
            return Scalar((Double.log(u) / Double.log(onePlus: -p[i])).rounded(.down))
        }
    }
}
