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
    /// - Throws: ``InferenceError/invalidPlate(name:reason:)``.
    @discardableResult
    public func plate<R>(
        _ name: String, size: Int, subsample: Int? = nil, dim: Int? = nil, _ body: ([Int]) throws -> R
    ) throws -> R {
        guard size > 0 else { throw InferenceError.invalidPlate(name: name, reason: "size \(size) is not positive") }
        let count = subsample ?? size
        guard count > 0, count <= size else {
            throw InferenceError.invalidPlate(name: name, reason: "subsample \(count) is not in 1…\(size)")
        }
        let chosen = subsample == nil ? Array(0..<size) : try minibatch(name, size: size, count: count, given: nil)
        return try enter(name, size: size, indices: chosen, dim: dim, body)
    }

    /// A plate whose minibatch is chosen by the caller (an epoch's shuffled
    /// batches): `indices`, distinct and in 0..<size, scaled by
    /// size/indices.count like a drawn subsample, recorded the same way.
    /// - Throws: ``InferenceError/invalidPlate(name:reason:)``.
    @discardableResult
    public func plate<R>(
        _ name: String, size: Int, subsampleIndices indices: [Int], dim: Int? = nil, _ body: ([Int]) throws -> R
    ) throws -> R {
        guard size > 0, !indices.isEmpty, indices.count <= size, Set(indices).count == indices.count,
              indices.allSatisfy({ (0..<size).contains($0) })
        else {
            throw InferenceError.invalidPlate(name: name, reason: "subsample indices must be distinct and in 0..<\(size)")
        }
        let chosen = try minibatch(name, size: size, count: indices.count, given: indices)
        return try enter(name, size: size, indices: chosen, dim: dim, body)
    }

    private func enter<R>(_ name: String, size: Int, indices chosen: [Int], dim: Int?, _ body: ([Int]) throws -> R) throws -> R {
        let axis = try dim ?? freeDim()
        guard axis < 0, !plates.contains(where: { $0.dim == axis }) else {
            throw InferenceError.invalidPlate(name: name, reason: "dim \(axis) is not a free negative batch axis")
        }
        plates.append(PlateFrame(name: name, size: size, indices: chosen, dim: axis))
        defer { plates.removeLast() }
        return try body(chosen)
    }

    var plateScale: Scalar {
        Scalar(plates.reduce(1.0) { $0 * $1.scale })
    }

    private func freeDim() throws -> Int {
        var axis = -1
        while plates.contains(where: { $0.dim == axis }) { axis -= 1 }
        return axis
    }

    /// The plate's indices in this run: drawn once through the handler
    /// stack (which may replay or seed them), then reused.
    private func minibatch(_ name: String, size: Int, count: Int, given: [Int]?) throws -> [Int] {
        if let chosen = minibatchesInRun[name] {
            guard chosen.count == count else {
                throw InferenceError.invalidPlate(name: name, reason: "entered again with subsample \(count), not \(chosen.count)")
            }
            return chosen
        }
        var site = Site<Scalar>(
            name: name, kind: .subsample(size: size, count: count), value: nil, isObserved: true, plates: plates, scale: 1)
        try apply(&site) { site in
            if site.indices == nil { site.indices = given ?? PlateFrame.randomIndices(size: size, count: count, using: &generator) }
        }
        let chosen = site.indices!
        guard chosen.count == count, chosen.allSatisfy({ (0..<size).contains($0) }) else {
            throw InferenceError.invalidPlate(name: name, reason: "replayed indices do not fit size \(size), subsample \(count)")
        }
        minibatchesInRun[name] = chosen
        return chosen
    }
}
