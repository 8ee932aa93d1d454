import LatentCore

/// A plate: a batch axis of conditionally independent sites, possibly
/// subsampled.
public struct PlateFrame: Sendable, Equatable {
    /// The plate's name (also the name of its subsample site).
    public let name: String
    /// The full size N.
    public let size: Int
    /// The indices in this run (all of 0..<N without subsampling).
    public let indices: [Int]
    /// The batch axis, counted from the right of the batch shape (−1 is
    /// the rightmost).
    public let dim: Int

    /// N / batch size: how much each site's log-density is scaled so that
    /// a subsampled estimate is unbiased.
    public var scale: Double { Double(size) / Double(Swift.max(indices.count, 1)) }
}

extension PlateFrame {
    /// `count` distinct indices drawn uniformly from 0..<size (a partial
    /// Fisher–Yates shuffle), in draw order; a draw instruction when a step
    /// is captured (`Xoshiro256PlusPlus.distinctIndices(below:count:)`).
    public static func randomIndices(size: Int, count: Int, using generator: inout Xoshiro256PlusPlus) -> [Int] {
        generator.distinctIndices(below: size, count: count)
    }
}
