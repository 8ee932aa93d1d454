import LatentCore

/// A scalar distribution with a cumulative distribution function
/// F(x) = P(X ≤ x) and its inverse, both differentiable.
public protocol DistributionWithCDF<Scalar>: Distribution {
    /// F(value), broadcasting `value` against the batch shape.
    func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar>
    /// F⁻¹(p) for probabilities p in [0, 1] (NaN outside).
    func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar>
}
