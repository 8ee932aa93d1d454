import LatentCore

extension Distribution {
    /// The median of every scalar of a draw, where the scalars are
    /// independent draws of univariate families with a quantile function
    /// (`icdf(½)`), seen through ``Expanded`` and ``Independent``; nil for
    /// any other distribution. Its shape is `batchShape + eventShape`.
    public func scalarMedians() throws -> Tensor<Scalar>? {
        if let reinterpreted = self as? any ReinterpretsBatchAxes<Scalar> {
            return try reinterpreted.baseDistribution.scalarMedians()
        }
        if let expanded = self as? any ExpandsBatch<Scalar> {
            return try expanded.unexpanded.scalarMedians()?.expanded(to: batchShape)
        }
        guard eventShape.isEmpty, let quantiles = self as? any DistributionWithCDF<Scalar> else { return nil }
        return try quantiles.icdf(Tensor(0.5)).detached.expanded(to: batchShape)
    }
}
