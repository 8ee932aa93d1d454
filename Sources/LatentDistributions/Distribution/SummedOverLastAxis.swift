import LatentCore

/// A distribution that can sum its log-density over its last batch axis in
/// the pass that computes it, without storing the per-element values:
/// what ``Independent`` over that one axis asks for first (a Bernoulli
/// likelihood summed over an image's pixels for thousands of importance
/// draws). The sums must have the bits of `logProb(of:)` summed with
/// `sum(alongAxes:)`; nil sends the caller to that general path.
protocol SummedOverLastAxis<Scalar>: Distribution {
    /// Σ over the last axis of log p(value), or nil where the one pass does not apply.
    func logProbSummedOverLastAxis(of value: Tensor<Scalar>) throws -> Tensor<Scalar>?
}
