import LatentCore

/// The continuous uniform distribution on [low, high], with density
/// 1/(high − low) there.
public struct Uniform<Scalar: TensorScalar>: ReparameterizedDistribution, DistributionWithMoments,
    DistributionWithEntropy, DistributionWithCDF
{
    public let low: Tensor<Scalar>
    public let high: Tensor<Scalar>
    public let batchShape: [Int]

    /// - Throws: ``DistributionError`` unless low < high, both finite.
    public init(low: Tensor<Scalar>, high: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try ParameterValidation.batchShape(["low": low, "high": high], distribution: "Uniform")
        if validating {
            try ParameterValidation.requireFinite(low, distribution: "Uniform", parameter: "low")
            try ParameterValidation.requireFinite(high, distribution: "Uniform", parameter: "high")
            try ParameterValidation.require(high, .greaterThan(low), distribution: "Uniform", parameter: "high")
        }
        self.low = low
        self.high = high
    }

    public var eventShape: [Int] { [] }
    public var support: Constraint<Scalar> { .interval(lower: low, upper: high) }

    public var mean: Tensor<Scalar> { get throws { try ((low + high) * 0.5).expanded(to: batchShape) } }
    /// (high − low)²/12.
    public var variance: Tensor<Scalar> {
        get throws {
            let width = try high - low
            return try (width * width * (1 / 12)).expanded(to: batchShape)
        }
    }

    /// H = log(high − low).
    public func entropy() throws -> Tensor<Scalar> { try log(high - low).expanded(to: batchShape) }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let shape = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        let middle = try (low + high) * 0.5
        return try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: middle) { _ in
            try (-log(high - low)).expanded(to: shape)
        }
    }

    /// F(x) = (x − low)/(high − low), clamped to [0, 1].
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try ((value - low) / (high - low)).clamped(to: 0, 1)
    }

    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try low + probability * (high - low)
    }

    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try icdf(Tensor<Scalar>.randomUniform(drawShape(sampleShape), using: &generator))
    }
}
