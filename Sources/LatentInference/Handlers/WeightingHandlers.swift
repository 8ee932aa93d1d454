import LatentCore

/// Multiplies the log-density of every site inside by `factor` (a β weight,
/// or a manual subsampling correction).
public final class ScaleHandler<Scalar: TensorScalar>: Handler {
    let factor: Scalar
    public init(_ factor: Scalar) { self.factor = factor }

    public func process(_ site: inout Site<Scalar>) throws {
        site.scale *= factor
    }
}

/// Counts the log-density of sites inside only where `mask` is non-zero.
public final class MaskHandler<Scalar: TensorScalar>: Handler {
    let mask: Tensor<Scalar>
    public init(_ mask: Tensor<Scalar>) { self.mask = mask }

    public func process(_ site: inout Site<Scalar>) throws {
        site.mask = try site.mask.map { try $0 * mask } ?? mask
    }
}

/// Hides sites from the handlers outside it (all sites, or those `hides`
/// picks): an outer trace does not see them.
public final class BlockHandler<Scalar: TensorScalar>: Handler {
    let hides: (Site<Scalar>) -> Bool
    public init(hiding hides: @escaping (Site<Scalar>) -> Bool = { _ in true }) { self.hides = hides }

    public func process(_ site: inout Site<Scalar>) throws {
        if hides(site) { site.stop = true }
    }
}
