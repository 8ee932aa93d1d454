import LatentCore
import LatentDistributions
import Testing

/// One distribution at one parameter setting, with independent references
/// for the conformance checks (see `DistributionConformanceTests`). What a
/// case can be checked for (CDF, moments, entropy, pathwise draws) comes
/// from the protocols its distribution conforms to.
public struct DistributionCase: Sendable, CustomTestStringConvertible {
    public let name: String
    /// The parameters, in the order `build` takes them.
    public let parameters: [Double]
    /// The distribution from rank-0 parameter tensors (differentiable).
    public let build: @Sendable ([Tensor<Double>]) throws -> any Distribution<Double>
    /// log p(x) from an independent implementation (GSL or a closed form).
    public let referenceLogDensity: @Sendable (Double) -> Double
    /// F(x) from GSL, when the family has a CDF.
    public let referenceCDF: (@Sendable (Double) -> Double)?
    /// Parameter settings that must be rejected.
    public let invalidParameters: [[Double]]
    /// Integer-valued (checked by χ² on counts instead of Kolmogorov–Smirnov).
    public let isDiscrete: Bool
    /// Which parameters are continuous, and so checked for gradients (a
    /// binomial's number of trials is not).
    public let differentiable: [Bool]

    public var testDescription: String { name }

    public init(
        _ name: String, parameters: [Double], invalid: [[Double]], discrete: Bool = false, differentiable: [Bool]? = nil,
        build: @escaping @Sendable ([Tensor<Double>]) throws -> any Distribution<Double>,
        logDensity: @escaping @Sendable (Double) -> Double,
        cdf: (@Sendable (Double) -> Double)? = nil
    ) {
        self.name = name
        self.parameters = parameters
        self.build = build
        self.referenceLogDensity = logDensity
        self.referenceCDF = cdf
        self.invalidParameters = invalid
        self.isDiscrete = discrete
        self.differentiable = differentiable ?? parameters.map { _ in true }
    }

    /// Whether the distribution has its own CDF and quantile function.
    public var hasCDF: Bool {
        (try? make()) is any DistributionWithCDF<Double>
    }

    /// The distribution at the case's parameters.
    public func make() throws -> any Distribution<Double> {
        try build(parameters.map { Tensor($0) })
    }

    /// `count` draws from a fixed seed, as plain numbers.
    public func draws(_ count: Int, seed: UInt64 = 20_261_121) throws -> [Double] {
        var generator = Xoshiro256PlusPlus(seed: seed)
        return try make().sample([count], using: &generator).scalars
    }
}
