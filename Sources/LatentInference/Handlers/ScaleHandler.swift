import LatentCore

/// Multiplies the log-density of every site inside by `factor` (a β weight,
/// or a manual subsampling correction).
public final class ScaleHandler<Scalar: TensorScalar>: Handler {
    let factor: Scalar
    /// A handler that scales every log-density inside by `factor`.
    public init(_ factor: Scalar) { self.factor = factor }

    /// Multiplies the site's scale by the factor.
    public func process(_ site: inout Site<Scalar>) throws {
        site.scale *= factor
    }
}
