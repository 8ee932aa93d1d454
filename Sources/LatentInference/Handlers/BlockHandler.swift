import LatentCore

/// Hides sites from the handlers outside it (all sites, or those `hides`
/// picks): an outer trace does not see them.
public final class BlockHandler<Scalar: TensorScalar>: Handler {
    let hides: (Site<Scalar>) -> Bool
    /// A handler that hides the sites `hides` picks (every site by default).
    public init(hiding hides: @escaping (Site<Scalar>) -> Bool = { _ in true }) { self.hides = hides }

    /// Stops the site if `hides` picks it, so that no handler outside this one sees it.
    public func process(_ site: inout Site<Scalar>) throws {
        if hides(site) { site.stop = true }
    }
}
