import LatentCore

/// The rightmost `reinterpretedBatchRank` batch axes of `base` read as event
/// axes: log-densities are summed over them, so that, for example, a batch
/// of D independent normals becomes one D-dimensional diagonal normal.
public struct Independent<Base: Distribution>: Distribution {
    /// The scalar type of the base distribution.
    public typealias Scalar = Base.Scalar

    /// The distribution whose batch axes are reinterpreted.
    public let base: Base
    /// The number of rightmost batch axes of `base` read as event axes.
    public let reinterpretedBatchRank: Int

    /// Reads the rightmost `reinterpretedBatchRank` batch axes of `base` as
    /// event axes.
    ///
    /// - Throws: ``DistributionError/invalidParameter(distribution:parameter:requirement:value:)``
    ///   when the base has fewer batch axes than `reinterpretedBatchRank`.
    public init(_ base: Base, reinterpretedBatchRank: Int) throws {
        guard reinterpretedBatchRank >= 0, reinterpretedBatchRank <= base.batchShape.count else {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: "reinterpretedBatchRank",
                requirement: "between 0 and the base's batch rank \(base.batchShape.count)", value: Double(reinterpretedBatchRank))
        }
        self.base = base
        self.reinterpretedBatchRank = reinterpretedBatchRank
    }

    /// The base's batch shape without its rightmost `reinterpretedBatchRank` axes.
    public var batchShape: [Int] { Array(base.batchShape.dropLast(reinterpretedBatchRank)) }
    /// The reinterpreted batch axes followed by the base's event shape.
    public var eventShape: [Int] { Array(base.batchShape.suffix(reinterpretedBatchRank)) + base.eventShape }
    /// The base's support.
    public var support: Constraint<Scalar> { base.support }

    /// The base's log-density summed over the reinterpreted axes; over one
    /// axis, in the pass that computes it where the base can
    /// (`SummedOverLastAxis`: the same bits, one pass fewer).
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if reinterpretedBatchRank == 1, let base = base as? any SummedOverLastAxis<Scalar>,
           let summed = try base.logProbSummedOverLastAxis(of: value) {
            return summed
        }
        return try sumOverReinterpretedAxes(base.logProb(of: value))
    }

    /// The base's draws, unchanged in shape.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try base.sample(sampleShape, using: &generator)
    }

    func sumOverReinterpretedAxes(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard reinterpretedBatchRank > 0 else { return x }
        return try x.sum(alongAxes: Array((x.rank - reinterpretedBatchRank)..<x.rank))
    }
}

extension Independent: ReparameterizedDistribution where Base: ReparameterizedDistribution {
    /// The base's reparameterised draws, unchanged in shape.
    public func rsample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        try base.rsample(sampleShape, using: &generator)
    }
}

extension Independent: DistributionWithEntropy where Base: DistributionWithEntropy {
    /// The base's entropies summed over the reinterpreted axes.
    public func entropy() throws -> Tensor<Scalar> {
        try sumOverReinterpretedAxes(base.entropy())
    }
}

extension Independent: DistributionWithMoments where Base: DistributionWithMoments {
    /// The base's mean.
    public var mean: Tensor<Scalar> { get throws { try base.mean } }
    /// The base's variance.
    public var variance: Tensor<Scalar> { get throws { try base.variance } }
}

extension Distribution {
    /// This distribution with its rightmost `rank` batch axes read as event
    /// axes (``Independent``).
    public func independent(reinterpretingBatchRank rank: Int) throws -> Independent<Self> {
        try Independent(self, reinterpretedBatchRank: rank)
    }
}

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
