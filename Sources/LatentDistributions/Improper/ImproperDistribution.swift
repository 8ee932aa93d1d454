import LatentCore

/// A distribution whose density does not integrate to one over its support
/// (to infinity, for ``Flat`` over an unbounded set): a prior that a
/// posterior can be conditioned on, but not a distribution to draw from.
///
/// Its `sample` gives starting points for inference, not draws (each type
/// says which); prior predictive sampling (`Predictive` without a guide)
/// refuses a latent site that has such a prior, naming the site.
public protocol ImproperDistribution<Scalar>: Distribution {}

/// Copies of an improper distribution are improper: a ``Flat`` prior widened
/// over a plate stays one.
extension Expanded: ImproperDistribution where Base: ImproperDistribution {}

extension Independent: ImproperDistribution where Base: ImproperDistribution {}
