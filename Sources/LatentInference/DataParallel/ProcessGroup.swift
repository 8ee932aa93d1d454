import LatentCore

/// The processes of a data-parallel job, as ``SVI`` needs them: each knows
/// its rank and the job's size, sums buffers with the others in place, and
/// copies a buffer from one rank to all. `LatentDistributed` makes MPI's
/// communicator one; every rank of the job must make the same calls in the
/// same order.
public protocol ProcessGroup: AnyObject, Sendable {
    /// This process's rank, 0 ..< ``size``.
    var rank: Int { get }
    /// The number of processes in the job.
    var size: Int { get }
    /// Replaces every element with its sum over all ranks.
    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws
    /// Replaces every element with its sum over all ranks.
    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws
    /// Copies rank `root`'s buffer into every other rank's.
    func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, from root: Int) throws
    /// Copies rank `root`'s buffer into every other rank's.
    func broadcast(_ buffer: UnsafeMutableBufferPointer<Double>, from root: Int) throws
}

extension ProcessGroup {
    /// This process's share of every subsampled minibatch: share ``rank`` of ``size``.
    public var shard: DataShard { DataShard(rank: rank, count: size) }

    /// ``allReduceSum(_:)-(UnsafeMutableBufferPointer<Float>)`` for either scalar type.
    func sum<Scalar: TensorScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>) throws {
        if Scalar.self == Float.self {
            try allReduceSum(UnsafeMutableRawBufferPointer(buffer).bindMemory(to: Float.self))
        } else {
            precondition(Scalar.self == Double.self, "a process group sums Float and Double buffers")
            try allReduceSum(UnsafeMutableRawBufferPointer(buffer).bindMemory(to: Double.self))
        }
    }

    /// ``broadcast(_:from:)-(UnsafeMutableBufferPointer<Float>,_)`` from rank 0, for either scalar type.
    func broadcastFromFirst<Scalar: TensorScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>) throws {
        if Scalar.self == Float.self {
            try broadcast(UnsafeMutableRawBufferPointer(buffer).bindMemory(to: Float.self), from: 0)
        } else {
            precondition(Scalar.self == Double.self, "a process group broadcasts Float and Double buffers")
            try broadcast(UnsafeMutableRawBufferPointer(buffer).bindMemory(to: Double.self), from: 0)
        }
    }
}
