import LatentCore
import LatentDistributions
import Testing

/// One distribution at one parameter setting, in one precision, with
/// independent references for the conformance checks (see
/// `DistributionConformanceTests`). What a case can be checked for (CDF,
/// moments, entropy, pathwise draws) comes from the protocols its
/// distribution conforms to.
///
/// The settings and the references are in Double whatever `Scalar` is: the
/// same table yields the Double cases and the Float cases, and a Float case
/// is held to its reference within Float's tolerances (``Tolerances``).
public struct DistributionCase<Scalar: TensorScalar>: Sendable, CustomTestStringConvertible {
    public let name: String
    /// The parameters, in the order `build` takes them.
    public let parameters: [Double]
    /// The distribution from parameter tensors (differentiable). Rank-0
    /// tensors give one distribution; tensors of one shape, or of shapes
    /// that broadcast, give a batch of them (see ``BatchedCase``).
    public let build: @Sendable ([Tensor<Scalar>]) throws -> any Distribution<Scalar>
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
    /// Whether each parameter applies elementwise, so that parameter tensors
    /// of a batch shape give that batch of distributions (a categorical's
    /// probabilities fill its event axis instead).
    public let isElementwise: Bool
    /// κ: the magnitude of the largest term of log p that cancels in the
    /// result, over max(1, |log p|), at the case's typical draws (1 where no
    /// terms cancel). Rounding in each term is up to u·|term|, so log p is
    /// good to about u·κ relative, and Float's tolerance scales with κ.
    public let conditioning: Double

    public var testDescription: String { name }

    public init(
        _ name: String, parameters: [Double], invalid: [[Double]], discrete: Bool = false, differentiable: [Bool]? = nil,
        elementwise: Bool = true, conditioning: Double = 1,
        build: @escaping @Sendable ([Tensor<Scalar>]) throws -> any Distribution<Scalar>,
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
        self.isElementwise = elementwise
        self.conditioning = conditioning
    }

    /// Whether the distribution has its own CDF and quantile function.
    public var hasCDF: Bool {
        (try? make()) is any DistributionWithCDF<Scalar>
    }

    /// The distribution at the case's parameters.
    public func make() throws -> any Distribution<Scalar> {
        try build(parameters.map { Tensor(Scalar($0)) })
    }

    /// `count` draws from a fixed seed, as plain numbers.
    public func draws(_ count: Int, seed: UInt64 = 20_261_121) throws -> [Double] {
        var generator = Xoshiro256PlusPlus(seed: seed)
        return try make().sample([count], using: &generator).scalars.map(Double.init)
    }
}
