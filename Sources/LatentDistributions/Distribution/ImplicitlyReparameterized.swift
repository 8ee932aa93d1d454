import LatentCore

/// A family whose pathwise gradients cost extra work at draw time (the
/// implicit derivatives of gamma draws): it draws once, with or without
/// them, and gets `rsample` (with) and `sample` (without) from that.
public protocol ImplicitlyReparameterized<Scalar>: ReparameterizedDistribution {
    /// Draws of shape `sampleShape + batchShape + eventShape`, carrying
    /// gradients to the parameters when `reparameterized`.
    func draw(
        _ sampleShape: [Int], using generator: inout some RandomNumberGenerator, reparameterized: Bool
    ) throws -> Tensor<Scalar>
}

extension ImplicitlyReparameterized {
    /// Draws carrying the implicit derivatives to the parameters:
    /// `draw(_:using:reparameterized:)` with `reparameterized` true.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try draw(sampleShape, using: &generator, reparameterized: true)
    }

    /// Draws without the implicit derivatives, which cost a few special
    /// function evaluations each.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try draw(sampleShape, using: &generator, reparameterized: false).detached
    }
}
