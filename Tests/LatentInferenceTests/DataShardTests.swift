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

    /// In a grid of a subsampled plate of users with a subsampled plate of
    /// items inside, only the users are shared out, and the ranks' losses
    /// still add up to the one-process loss.
    @Test(arguments: [2, 3])
    func onlyTheOutermostSubsampledPlateIsShared(processes: Int) throws {
        let grid = { (c: ModelContext<Double>) throws -> Void in
            let mu = try c.sample("mu", Normal(loc: 0.0, scale: 1.0))
            try c.plate("users", size: 20, subsample: 6, dim: -2) { users in
                try c.plate("items", size: 10, subsample: 4, dim: -1) { items in
                    let values = users.flatMap { u in items.map { i in Double((u * 7 + i) % 5) - 2 } }
                    try c.sample("x", Normal(loc: mu, scale: Tensor(1.0)), observed: try Tensor(shape: [users.count, 4], scalars: values))
                }
            }
        }
        let guide = { (c: ModelContext<Double>) throws -> Void in
            _ = try c.sample("mu", Normal(loc: try c.param("a", Tensor(0.2)), scale: Tensor(0.5)))
        }
        let objective = try TraceELBO<Double>()
        let whole = try objective.loss(model: grid, guide: guide, context: ModelContext(seed: 4)).scalarValue
        var total = 0.0
        for rank in 0..<processes {
            func context() -> ModelContext<Double> {
                let context = ModelContext<Double>(seed: 4)
                context.dataShard = DataShard(rank: rank, count: processes)
                return context
            }
            let trace = try context().trace(grid)
            #expect(trace["items"]?.indices?.count == 4)
            #expect(trace["x"]?.value?.shape == [6 / processes, 4])
            total += try objective.loss(model: grid, guide: guide, context: context()).scalarValue
        }
        #expect(abs(total - whole) <= 1e-13 * abs(whole), "\(total) against \(whole)")
    }

    /// A seed handler that supplies the whole minibatch gives each rank its share of it.
    @Test func aSeedHandlersMinibatchIsShared() throws {
        let alone = ModelContext<Double>(seed: 0)
        let plain = try alone.handled(by: SeedHandler<Double>(3)) { try alone.trace(Self.guide) }
        let context = ModelContext<Double>(seed: 0)
        context.dataShard = DataShard(rank: 1, count: 2)
        let shared = try context.handled(by: SeedHandler<Double>(3)) { try context.trace(Self.guide) }
        #expect(plain["z"]?.value?.shape == [12])
        #expect(shared["z"]?.value?.shape == [6])
    }

    /// SVI in a group of one process takes the data-parallel path (the
    /// all-reduce, the fingerprints, the broadcast) and ends where plain SVI
    /// does, to the bit; the importance-weighted bound is refused there.
    @Test func aGroupOfOneIsPlainSVI() throws {
        func fit(_ group: (any ProcessGroup)?) throws -> [Double] {
            let svi = SVI(model: Self.model, guide: Self.guide, objective: try TraceELBO(), optimizer: try Adam(learningRate: 0.05),
                          context: ModelContext(seed: 2))
            svi.processGroup = group
            try svi.run(steps: 30)
            return svi.context.parameters.names.sorted().flatMap { svi.context.parameters.unconstrainedValue($0)!.scalars }
        }
        #expect(try fit(SoloGroup()) == fit(nil))
        let svi = SVI(model: Self.model, guide: Self.guide, objective: try ImportanceWeightedELBO<Double>(particles: 4),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 2))
        svi.processGroup = SoloGroup()
        #expect(throws: DataParallelError.objectiveDoesNotAdd("ImportanceWeightedELBO<Double>")) { try svi.step() }
    }
}

/// A process group of one process: sums and broadcasts leave buffers as they are.
final class SoloGroup: ProcessGroup {
    let rank = 0
    let size = 1
    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {}
    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {}
    func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, from root: Int) throws {}
    func broadcast(_ buffer: UnsafeMutableBufferPointer<Double>, from root: Int) throws {}
}
