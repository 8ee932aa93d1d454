import LatentCore
import LatentDistributions

// Plates: conditionally independent batch axes, with subsampling.
extension ModelContext {
    /// Conditionally independent sites along a batch axis of `size`. With
    /// `subsample`, a random subset of that many indices is drawn from the
    /// context's generator and handed to `body`, and every site inside has
    /// its log-density scaled by size/subsample (unbiased minibatches).
    /// The axis is the rightmost batch axis not used by an enclosing plate,
    /// unless `dim` (negative) says otherwise.
    ///
    /// A subsampled plate is a site of its own (kind
    /// ``SiteKind/subsample(size:count:)``), so replaying a guide's trace
    /// gives the model the guide's minibatch; entering the same plate again
    /// in one run reuses its indices.
    ///
    /// With a ``dataShard``, `body` gets this process's share of the
    /// minibatch (all ranks draw the same minibatch), scaled by
    /// size/subsample still; a subsampled plate inside that one is not
    /// shared out again.
    /// - Throws: ``InferenceError/invalidPlate(name:reason:)``;
    ///   ``DataParallelError/unevenMinibatch(plate:minibatch:processes:)``.
    @discardableResult
    public func plate<R>(
        _ name: String, size: Int, subsample: Int? = nil, dim: Int? = nil, _ body: ([Int]) throws -> R
    ) throws -> R {
        guard size > 0 else { throw InferenceError.invalidPlate(name: name, reason: "size \(size) is not positive") }
        let count = subsample ?? size
        guard count > 0, count <= size else {
            throw InferenceError.invalidPlate(name: name, reason: "subsample \(count) is not in 1…\(size)")
        }
        guard subsample != nil else { return try enter(name, size: size, indices: Array(0..<size), dim: dim, body) }
        return try enterMinibatch(name, size: size, count: count, given: nil, dim: dim, body)
    }

    /// A plate whose minibatch is chosen by the caller (an epoch's shuffled
    /// batches): `indices`, distinct and in 0..<size, scaled by
    /// size/indices.count like a drawn subsample, recorded the same way.
    /// With a ``dataShard``, `indices` is the whole minibatch and `body`
    /// gets this process's share.
    /// - Throws: ``InferenceError/invalidPlate(name:reason:)``;
    ///   ``DataParallelError/unevenMinibatch(plate:minibatch:processes:)``.
    @discardableResult
    public func plate<R>(
        _ name: String, size: Int, subsampleIndices indices: [Int], dim: Int? = nil, _ body: ([Int]) throws -> R
    ) throws -> R {
        guard size > 0, !indices.isEmpty, indices.count <= size, Set(indices).count == indices.count,
              indices.allSatisfy({ (0..<size).contains($0) })
        else {
            throw InferenceError.invalidPlate(name: name, reason: "subsample indices must be distinct and in 0..<\(size)")
        }
        return try enterMinibatch(name, size: size, count: indices.count, given: indices, dim: dim, body)
    }

    /// Enters a subsampled plate with its minibatch of `count` (`given`,
    /// or drawn), or with this process's share of it under a ``dataShard``.
    private func enterMinibatch<R>(
        _ name: String, size: Int, count: Int, given: [Int]?, dim: Int?, _ body: ([Int]) throws -> R
    ) throws -> R {
        // Only the outermost subsampled plate is shared out: sharing a nested one too would leave each rank one
        // diagonal block of the grid.
        guard let shard = dataShard, shard.count > 1, shardedPlate == nil else {
            let chosen = try minibatch(name, size: size, count: count, keeping: 0..<count, given: given)
            return try enter(name, size: size, indices: chosen, dim: dim, body)
        }
        guard let share = shard.positions(inMinibatchOf: count) else {
            throw DataParallelError.unevenMinibatch(plate: name, minibatch: count, processes: shard.count)
        }
        let chosen = try minibatch(name, size: size, count: count, keeping: share, given: given)
        return try enter(name, size: size, indices: chosen, dim: dim, shardedMinibatch: count, body)
    }

    private func enter<R>(
        _ name: String, size: Int, indices chosen: [Int], dim: Int?, shardedMinibatch: Int? = nil, _ body: ([Int]) throws -> R
    ) throws -> R {
        let axis = try dim ?? freeDim()
        guard axis < 0, !plates.contains(where: { $0.dim == axis }) else {
            throw InferenceError.invalidPlate(name: name, reason: "dim \(axis) is not a free negative batch axis")
        }
        plates.append(PlateFrame(name: name, size: size, indices: chosen, dim: axis, shardedMinibatch: shardedMinibatch))
        defer { plates.removeLast() }
        return try body(chosen)
    }

    /// The product of the open plates' scales; in a data-parallel run,
    /// times 1/P outside every sharded plate, where each of the P processes
    /// computes the same sites.
    var plateScale: Scalar {
        let scale = plates.reduce(1.0) { $0 * $1.scale }
        guard let shard = dataShard, shard.count > 1, shardedPlate == nil else { return Scalar(scale) }
        return Scalar(scale / Double(shard.count))
    }

    /// The innermost open plate that holds this process's share of a minibatch.
    var shardedPlate: PlateFrame? {
        plates.last { $0.shardedMinibatch != nil }
    }

    private func freeDim() throws -> Int {
        var axis = -1
        while plates.contains(where: { $0.dim == axis }) { axis -= 1 }
        return axis
    }

    /// The plate's indices in this run, those at `positions` of its
    /// minibatch of `count` (all of it, or this process's share): drawn
    /// once through the handler stack (which may replay or seed them), then
    /// reused.
    private func minibatch(_ name: String, size: Int, count: Int, keeping positions: Range<Int>, given: [Int]?) throws -> [Int] {
        if let chosen = minibatchesInRun[name] {
            guard chosen.count == positions.count else {
                throw InferenceError.invalidPlate(name: name, reason: "entered again with subsample \(count), not \(chosen.count)")
            }
            return chosen
        }
        var site = Site<Scalar>(
            name: name, kind: .subsample(size: size, count: count), value: nil, isObserved: true, plates: plates, scale: 1)
        try apply(&site) { site in
            guard site.indices == nil else { return }
            site.indices = given.map { Array($0[positions]) }
                ?? PlateFrame.randomIndices(size: size, count: count, keeping: positions, using: &generator)
        }
        var chosen = site.indices!
        // A handler that supplied the whole minibatch (a seed handler's draw): this process's share of it.
        if chosen.count == count, positions.count != count { chosen = Array(chosen[positions]) }
        guard chosen.count == positions.count, chosen.allSatisfy({ (0..<size).contains($0) }) else {
            throw InferenceError.invalidPlate(name: name, reason: "replayed indices do not fit size \(size), subsample \(count)")
        }
        minibatchesInRun[name] = chosen
        return chosen
    }
}
