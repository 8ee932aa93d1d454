import LatentCore

/// A distribution whose mean and variance have closed forms.
public protocol DistributionWithMoments<Scalar>: Distribution {
    /// E[X], of shape `batchShape + eventShape`.
    var mean: Tensor<Scalar> { get throws }
    /// Var[X] (elementwise for vector events), of shape `batchShape + eventShape`.
    var variance: Tensor<Scalar> { get throws }
}
