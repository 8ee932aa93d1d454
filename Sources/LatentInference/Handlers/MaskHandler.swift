import LatentCore

/// Counts the log-density of sites inside only where `mask` is non-zero.
public final class MaskHandler<Scalar: TensorScalar>: Handler {
    let mask: Tensor<Scalar>
    public init(_ mask: Tensor<Scalar>) { self.mask = mask }

    public func process(_ site: inout Site<Scalar>) throws {
        site.mask = try site.mask.map { try $0 * mask } ?? mask
    }
}
