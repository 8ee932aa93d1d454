import LatentCore

/// A distribution whose (differential) entropy H = −E[log p(X)] has a
/// closed form, in nats.
public protocol DistributionWithEntropy<Scalar>: Distribution {
    /// H of each batch member, of shape `batchShape`.
    func entropy() throws -> Tensor<Scalar>
}
