import LatentCore

/// A probability distribution over tensors of `Scalar`.
///
/// Shapes follow the sample × batch × event convention of Pyro and TFP: a
/// draw of `sample(sampleShape)` has shape `sampleShape + batchShape +
/// eventShape`; the batch dimensions index independent distributions that
/// need not be identical, and the event dimensions belong to one draw.
/// `logProb(of:)` reduces the event dimensions and keeps the rest.
public protocol Distribution<Scalar>: Sendable {
    /// The scalar type of parameters, values and log-densities.
    associatedtype Scalar: TensorScalar

    /// The shape of the independent distributions this value holds.
    var batchShape: [Int] { get }

    /// The shape of one draw of one of them (`[]` for a scalar variable).
    var eventShape: [Int] { get }

    /// The set of values with positive density (or mass).
    var support: Constraint<Scalar> { get }

    /// log p(value), differentiable in the value and in the parameters.
    ///
    /// `value` has shape `sampleShape + batchShape + eventShape`, or any
    /// shape that broadcasts with `batchShape + eventShape`; the result has
    /// the shape without the event dimensions. A value outside the support
    /// has log-density −∞ (not an error): that is what a model needs when
    /// a proposal strays outside.
    /// - Throws: ``DistributionError/valueShapeMismatch(distribution:valueShape:expected:)``.
    func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar>

    /// Independent draws of shape `sampleShape + batchShape + eventShape`.
    /// Draws are constants: no gradient flows through them (see
    /// ``ReparameterizedDistribution`` for that).
    func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar>
}

extension Distribution {
    /// One draw of shape `batchShape + eventShape`.
    public func sample(using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try sample([], using: &generator)
    }

    /// The shape of `sample(sampleShape)`.
    public func drawShape(_ sampleShape: [Int]) -> [Int] {
        sampleShape + batchShape + eventShape
    }

    /// The name used in error messages: the type's name without its
    /// generic argument.
    public var name: String { familyName(Self.self) }
}
