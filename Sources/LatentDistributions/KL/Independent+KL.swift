import LatentCore

/// KL between two ``Independent`` distributions that reinterpret the same
/// number of axes: the base KL summed over them. Whatever the base types,
/// the base pair is looked up in the registry.
enum IndependentKL<S: TensorScalar> {
    static func kl(_ p: any Distribution<S>, _ q: any Distribution<S>) throws -> Tensor<S>? {
        guard let p = p as? any ReinterpretsBatchAxes<S>, let q = q as? any ReinterpretsBatchAxes<S> else { return nil }
        guard p.reinterpretedBatchRank == q.reinterpretedBatchRank else {
            throw DistributionError.klShapeMismatch(p, q, ["p event": p.eventShape, "q event": q.eventShape])
        }
        let base = try klDivergence(p.baseDistribution, q.baseDistribution)
        let rank = p.reinterpretedBatchRank
        return rank == 0 ? base : try base.sum(alongAxes: Array((base.rank - rank)..<base.rank))
    }
}

/// What KL needs to see through an ``Independent`` without knowing its base type.
protocol ReinterpretsBatchAxes<Scalar>: Distribution {
    var reinterpretedBatchRank: Int { get }
    var baseDistribution: any Distribution<Scalar> { get }
}

extension Independent: ReinterpretsBatchAxes {
    var baseDistribution: any Distribution<Scalar> { base }
}
