import LatentCore

/// KL with an ``Expanded`` distribution on either side: its copies are
/// identical, so the KL is the bases' KL, broadcast to the expanded batch
/// shape. (A VAE's prior N(0, I), widened over the data plate, meets the
/// encoder's per-datum Gaussians this way.)
enum ExpandedKL<S: TensorScalar> {
    static func kl(_ p: any Distribution<S>, _ q: any Distribution<S>) throws -> Tensor<S>? {
        let (pExpanded, qExpanded) = (p as? any ExpandsBatch<S>, q as? any ExpandsBatch<S>)
        guard pExpanded != nil || qExpanded != nil else { return nil }
        let base = try klDivergence(pExpanded?.unexpanded ?? p, qExpanded?.unexpanded ?? q)
        guard let shape = broadcastShape(p.batchShape, q.batchShape), let target = broadcastShape(base.shape, shape) else {
            throw DistributionError.klShapeMismatch(p, q, ["p": p.batchShape, "q": q.batchShape])
        }
        return try base.expanded(to: target)
    }
}

/// What KL needs to see through an ``Expanded`` without knowing its base type.
protocol ExpandsBatch<Scalar>: Distribution {
    var unexpanded: any Distribution<Scalar> { get }
}

extension Expanded: ExpandsBatch {
    var unexpanded: any Distribution<Scalar> { base }
}
