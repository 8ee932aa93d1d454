import LatentCore

/// A distribution whose draws are a differentiable function of its
/// parameters and of parameter-free noise (z = loc + scale·ε for a normal),
/// or have an implicit reparameterisation gradient (Figurnov et al. 2018):
/// gradients of a function of `rsample` flow to the parameters.
///
/// Code that needs pathwise gradients (a reparameterised ELBO) asks for this
/// protocol in its type, so that a distribution without them is rejected at
/// compile time rather than given silently zero gradients.
public protocol ReparameterizedDistribution<Scalar>: Distribution {
    /// Draws like ``Distribution/sample(_:using:)``, differentiable with
    /// respect to the parameters.
    func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar>
}

extension ReparameterizedDistribution {
    /// Draws of `rsample(_:using:)`, detached so that no gradient flows through them.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try rsample(sampleShape, using: &generator).detached
    }
}
