import LatentCore

/// Counts the log-density of sites inside only where `mask` is non-zero.
public final class MaskHandler<Scalar: TensorScalar>: Handler {
    let mask: Tensor<Scalar>
    /// A handler that masks every site inside by `mask`.
    /// - Parameter mask: non-zero where log-densities count, broadcastable to
    ///   the sites' batch shapes.
    public init(_ mask: Tensor<Scalar>) { self.mask = mask }

    /// Sets the site's mask to `mask`, or to its product with the mask the
    /// site already has.
    public func process(_ site: inout Site<Scalar>) throws {
        site.mask = try site.mask.map { try $0 * mask } ?? mask
    }
}
