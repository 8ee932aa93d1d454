/// The share of every subsampled plate's minibatch that one process of a
/// data-parallel job computes: the minibatch of B indices is cut into
/// `count` contiguous shares of B / `count`, and rank `rank` takes share
/// `rank` (PyTorch's `DistributedSampler` does the same with an epoch's
/// order). Set by ``SVI/processGroup``.
public struct DataShard: Sendable, Equatable {
    /// This process's share, 0 ..< ``count``.
    public let rank: Int
    /// The number of shares: the processes of the job.
    public let count: Int

    /// Share `rank` of `count`.
    public init(rank: Int, count: Int) {
        self.rank = rank
        self.count = count
    }

    /// The positions of this share in a minibatch of `size`, or nil when
    /// `size` does not split into `count` equal shares.
    public func positions(inMinibatchOf size: Int) -> Range<Int>? {
        guard count > 0, size % count == 0 else { return nil }
        let share = size / count
        return (rank * share)..<((rank + 1) * share)
    }
}
