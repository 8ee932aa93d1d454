import LatentCore

/// A plate: a batch axis of conditionally independent sites, possibly
/// subsampled.
public struct PlateFrame: Sendable, Equatable {
    /// The plate's name (also the name of its subsample site).
    public let name: String
    /// The full size N.
    public let size: Int
    /// The indices in this run (all of 0..<N without subsampling); in a
    /// data-parallel run, this process's share of the minibatch.
    public let indices: [Int]
    /// The batch axis, counted from the right of the batch shape (−1 is
    /// the rightmost).
    public let dim: Int
    /// The whole minibatch's size when ``indices`` are one process's share
    /// of it (``DataShard``), else nil.
    public var shardedMinibatch: Int? = nil

    /// A plate frame: `indices` of 0..<`size` along batch axis `dim`.
    public init(name: String, size: Int, indices: [Int], dim: Int, shardedMinibatch: Int? = nil) {
        self.name = name
        self.size = size
        self.indices = indices
        self.dim = dim
        self.shardedMinibatch = shardedMinibatch
    }

    /// N / minibatch size: how much each site's log-density is scaled so
    /// that a subsampled estimate is unbiased (the whole minibatch's size
    /// when this process holds a share of it, so that the shares' sum is
    /// the minibatch's estimate).
    public var scale: Double { Double(size) / Double(Swift.max(shardedMinibatch ?? indices.count, 1)) }
}

extension PlateFrame {
    /// `count` distinct indices drawn uniformly from 0..<size (a partial
    /// Fisher–Yates shuffle), in draw order, or those at `positions` among
    /// them; a draw instruction when a step is captured
    /// (`Xoshiro256PlusPlus.distinctIndices(below:count:keeping:)`).
    public static func randomIndices(
        size: Int, count: Int, keeping positions: Range<Int>? = nil, using generator: inout Xoshiro256PlusPlus
    ) -> [Int] {
        generator.distinctIndices(below: size, count: count, keeping: positions)
    }
}
