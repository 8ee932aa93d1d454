import LatentCore

/// Rao-Blackwellisation over plates for score-function gradients.
///
/// A non-reparameterised guide site z inside plates P has independent
/// elements zᵢ. The REINFORCE term ∇log q(zᵢ)·C needs in C only the
/// costs (log p of model sites, −log q of guide sites) that can depend on
/// zᵢ: a site inside the same plates contributes only its element i, a
/// site outside some of them its elements summed over the plates z does
/// not share. Dropping the other elements' costs removes their noise
/// without bias (they are independent of zᵢ given the rest), so each
/// element of z gets its own cost instead of the whole ELBO.
enum PlateCosts {
    /// The cost of every element of `site` (a guide site with plates), of
    /// the shape of its batch axes: Σ over `costs` of each term tensor
    /// reduced to the plates it shares with `site`.
    /// - Parameters:
    ///   - batchRank: the rank of `site`'s log-density terms.
    ///   - costs: each cost site's plates and detached signed terms.
    static func elementCosts<Scalar: TensorScalar>(
        for site: Site<Scalar>, batchRank: Int, costs: [(plates: [PlateFrame], terms: Tensor<Scalar>)]
    ) throws -> Tensor<Scalar> {
        var total = Tensor<Scalar>(0)
        for cost in costs {
            total = try total + aligned(cost.terms, plates: cost.plates, to: site.plates, rank: batchRank)
        }
        return total
    }

    /// `terms` summed over every axis except those of the plates it shares
    /// with `target`, laid out on a rank-`rank` shape with those plates at
    /// their dims and size-1 axes elsewhere. The whole sum when nothing is
    /// shared or the layout does not fit.
    private static func aligned<Scalar: TensorScalar>(
        _ terms: Tensor<Scalar>, plates: [PlateFrame], to target: [PlateFrame], rank: Int
    ) throws -> Tensor<Scalar> {
        let shared = target.filter { frame in plates.contains(frame) }.sorted { $0.dim < $1.dim }
        let r = terms.rank
        let fits = shared.allSatisfy { r + $0.dim >= 0 && rank + $0.dim >= 0 && terms.shape[r + $0.dim] == $0.indices.count }
        guard !shared.isEmpty, fits else { return terms.sum() }
        let kept = Set(shared.map { r + $0.dim })
        let summed = Array(0..<r).filter { !kept.contains($0) }
        let reduced = summed.isEmpty ? terms : try terms.sum(alongAxes: summed)
        var layout = [Int](repeating: 1, count: rank)
        for frame in shared { layout[rank + frame.dim] = frame.indices.count }
        return try reduced.reshaped(to: layout)
    }
}
