import LatentCore
import LatentDistributions
import LatentInference
import Testing

/// A data-parallel run's shares, in one process: what each of P ranks
/// computes with ``ModelContext/dataShard`` set (the MPI jobs in
/// LatentCLITests check the all-reduce and the update on top of this).
@Suite("Data shards")
struct DataShardTests {
    /// A global latent μ, and in a plate of 40 rows subsampled to 12 a
    /// latent zᵢ ~ N(μ, 1) observed through xᵢ ~ N(zᵢ, 0.5).
    static let data = (0..<40).map { Double($0 % 7) - 3 }

    static func model(_ c: ModelContext<Double>) throws {
        let mu = try c.sample("mu", Normal(loc: 0.0, scale: 1.0))
        try c.plate("rows", size: 40, subsample: 12) { rows in
            let z = try c.sample("z", Normal(loc: mu, scale: Tensor(1.0)))
            try c.sample("x", Normal(loc: z, scale: Tensor(0.5)), observed: Tensor(rows.map { data[$0] }))
        }
    }

    /// q(μ) = N(a, s), q(zᵢ) = N(mᵢ, 1) with one learnable mᵢ per row.
    static func guide(_ c: ModelContext<Double>) throws {
        let a = try c.param("a", Tensor(0.3))
        let s = try c.param("s", Tensor(0.7), constraint: .positive)
        _ = try c.sample("mu", Normal(loc: a, scale: s))
        let means = try c.param("m", Tensor((0..<40).map { Double($0) / 40 }))
        try c.plate("rows", size: 40, subsample: 12) { rows in
            _ = try c.sample("z", Normal(loc: try means.slices(at: rows), scale: Tensor(1.0)))
        }
    }

    /// The guide's trace as rank `rank` of `count` sees it, from seed 9.
    static func trace(rank: Int, of count: Int) throws -> Trace<Double> {
        let context = ModelContext<Double>(seed: 9)
        context.dataShard = DataShard(rank: rank, count: count)
        return try context.trace(guide)
    }

    /// Every rank draws the one-process minibatch and keeps its contiguous
    /// share, scaled by N/B of the whole minibatch; the global site is the
    /// same draw on every rank, scaled by 1/P; and each share of z holds
    /// exactly the one-process draw's numbers for its rows (normal draws
    /// come in pairs, and the shares here are even).
    @Test(arguments: [2, 3])
    func sharesPartitionTheOneProcessMinibatch(processes: Int) throws {
        let whole = try ModelContext<Double>(seed: 9).trace(Self.guide)
        let minibatch = try #require(whole["rows"]?.indices)
        let z = try #require(whole["z"]?.value).scalars
        var union: [Int] = []
        for rank in 0..<processes {
            let share = try Self.trace(rank: rank, of: processes)
            let indices = try #require(share["rows"]?.indices)
            union += indices
            #expect(share["z"]?.value?.scalars == Array(z[(rank * 12 / processes)..<((rank + 1) * 12 / processes)]))
            #expect(share["z"]?.scale == 40.0 / 12)
            #expect(share["mu"]?.value == whole["mu"]?.value)
            #expect(share["mu"]?.scale == 1 / Double(processes))
        }
        #expect(union == minibatch)
    }

    /// The P ranks' TraceELBO losses add up to the one-process loss, to
    /// rounding (a relative 1e-13: a few dozen terms in Double, summed in
    /// another order).
    @Test(arguments: [2, 3])
    func sharesLossesAddUpToTheOneProcessLoss(processes: Int) throws {
        let objective = try TraceELBO<Double>()
        let whole = try objective.loss(model: Self.model, guide: Self.guide, context: ModelContext(seed: 9)).scalarValue
        var total = 0.0
        for rank in 0..<processes {
            let context = ModelContext<Double>(seed: 9)
            context.dataShard = DataShard(rank: rank, count: processes)
            total += try objective.loss(model: Self.model, guide: Self.guide, context: context).scalarValue
        }
        #expect(abs(total - whole) <= 1e-13 * abs(whole), "\(total) against \(whole)")
    }

    /// A minibatch that does not split evenly is refused, naming the plate.
    @Test func anUnevenMinibatchIsRefused() throws {
        let context = ModelContext<Double>(seed: 9)
        context.dataShard = DataShard(rank: 0, count: 5)
        #expect(throws: DataParallelError.unevenMinibatch(plate: "rows", minibatch: 12, processes: 5)) {
            _ = try context.trace(Self.guide)
        }
        #expect(DataParallelError.unevenMinibatch(plate: "rows", minibatch: 12, processes: 5).description.contains("divisible by 5"))
    }

    /// Plates without subsampling are not shared out: every rank computes
    /// all their sites, scaled by 1/P.
    @Test func wholePlatesAreNotShared() throws {
        let context = ModelContext<Double>(seed: 1)
        context.dataShard = DataShard(rank: 1, count: 2)
        let trace = try context.trace { c in
            try c.plate("all", size: 6) { rows in
                #expect(rows == Array(0..<6))
                _ = try c.sample("y", Normal(loc: 0.0, scale: 1.0))
            }
        }
        #expect(trace["y"]?.value?.shape == [6])
        #expect(trace["y"]?.scale == 0.5)
    }
}
