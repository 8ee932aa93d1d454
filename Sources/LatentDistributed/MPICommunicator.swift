internal import CMPI
import Foundation

/// The processes of one MPI job (`MPI_COMM_WORLD`): each knows its rank
/// and the job's size, and they sum buffers together, broadcast them from
/// one rank, and wait for each other.
///
/// MPI is started once per process, on the first ``world()`` call, and
/// finished when the process exits. Every call reports failure as an
/// ``MPIError`` instead of ending the job (`MPI_ERRORS_RETURN`), so that the
/// error can be named before ``abort(code:message:)`` ends all ranks.
public final class MPICommunicator: @unchecked Sendable {
    /// This process's rank, 0 ..< ``size``.
    public let rank: Int
    /// The number of processes in the job.
    public let size: Int

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Whether this process was started by `mpirun` or `mpiexec`.
    public static var isLaunchedByMPI: Bool { launchedRank != nil }

    /// The rank the launcher gave this process, read from its environment
    /// before MPI starts (Open MPI's `OMPI_COMM_WORLD_RANK`, MPICH's and
    /// Slurm's `PMI_RANK`, other PMIx launchers' `PMIX_RANK`), or nil
    /// outside `mpirun`.
    public static var launchedRank: Int? {
        launcherValue(["OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"])
    }

    /// The number of processes the launcher started (`OMPI_COMM_WORLD_SIZE`
    /// or `PMI_SIZE`), read before MPI starts, or nil when it does not say.
    public static var launchedSize: Int? {
        launcherValue(["OMPI_COMM_WORLD_SIZE", "PMI_SIZE"])
    }

    private static func launcherValue(_ names: [String]) -> Int? {
        let environment = ProcessInfo.processInfo.environment
        return names.lazy.compactMap { environment[$0].flatMap { Int($0) } }.first
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var shared: MPICommunicator?

    /// The job's communicator, starting MPI on the first call.
    /// - Throws: ``MPIError`` naming the call that failed.
    public static func world() throws -> MPICommunicator {
        lock.lock()
        defer { lock.unlock() }
        if let shared { return shared }
        var started: Int32 = 0
        try check(MPI_Initialized(&started), "MPI_Initialized")
        if started == 0 {
            try check(MPI_Init(nil, nil), "MPI_Init")
            atexit { MPICommunicator.finish() }
        }
        try check(MPI_Comm_set_errhandler(latent_mpi_comm_world(), latent_mpi_errors_return()), "MPI_Comm_set_errhandler")
        var rank: Int32 = 0, size: Int32 = 0
        try check(MPI_Comm_rank(latent_mpi_comm_world(), &rank), "MPI_Comm_rank")
        try check(MPI_Comm_size(latent_mpi_comm_world(), &size), "MPI_Comm_size")
        let communicator = MPICommunicator(rank: Int(rank), size: Int(size))
        shared = communicator
        return communicator
    }

    /// Finishes MPI at exit, once, unless it has been finished already.
    private static func finish() {
        var finished: Int32 = 0
        MPI_Finalized(&finished)
        if finished == 0 { MPI_Finalize() }
    }

    /// Replaces every element with its sum over all ranks, in place
    /// (`MPI_Allreduce` with `MPI_SUM`). Every rank must pass a buffer of the
    /// same count. The order in which MPI adds the ranks' values is its own,
    /// so a sum of more than two ranks may differ in the last bits from one
    /// added in rank order.
    /// - Throws: ``MPIError``.
    public func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {
        try Self.check(
            MPI_Allreduce(latent_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), latent_mpi_float(), latent_mpi_sum(), latent_mpi_comm_world()),
            "MPI_Allreduce")
    }

    /// ``allReduceSum(_:)-(UnsafeMutableBufferPointer<Float>)`` for Doubles.
    /// - Throws: ``MPIError``.
    public func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {
        try Self.check(
            MPI_Allreduce(latent_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), latent_mpi_double(), latent_mpi_sum(), latent_mpi_comm_world()),
            "MPI_Allreduce")
    }

    /// Copies `root`'s buffer into every other rank's (`MPI_Bcast`).
    /// - Throws: ``MPIError``.
    public func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, from root: Int = 0) throws {
        try Self.check(MPI_Bcast(buffer.baseAddress, Int32(buffer.count), latent_mpi_float(), Int32(root), latent_mpi_comm_world()), "MPI_Bcast")
    }

    /// ``broadcast(_:from:)-(UnsafeMutableBufferPointer<Float>,_)`` for Doubles.
    /// - Throws: ``MPIError``.
    public func broadcast(_ buffer: UnsafeMutableBufferPointer<Double>, from root: Int = 0) throws {
        try Self.check(MPI_Bcast(buffer.baseAddress, Int32(buffer.count), latent_mpi_double(), Int32(root), latent_mpi_comm_world()), "MPI_Bcast")
    }

    /// Returns when every rank has called it (`MPI_Barrier`).
    /// - Throws: ``MPIError``.
    public func barrier() throws {
        try Self.check(MPI_Barrier(latent_mpi_comm_world()), "MPI_Barrier")
    }

    /// Writes `message` to standard error, prefixed with this rank, and ends
    /// every process of the job with exit status `code` (`MPI_Abort`): what a
    /// rank that cannot go on does, so that the others do not wait for it.
    public func abort(code: Int32, message: String) -> Never {
        FileHandle.standardError.write(Data("rank \(rank) of \(size): \(message)\n".utf8))
        MPI_Abort(latent_mpi_comm_world(), code)
        exit(code)
    }

    private static func check(_ status: Int32, _ call: String) throws {
        guard status == latent_mpi_success() else {
            var text = [CChar](repeating: 0, count: Int(latent_mpi_max_error_string()) + 1)
            var length: Int32 = 0
            MPI_Error_string(status, &text, &length)
            let reason = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw MPIError(call: call, code: status, reason: reason)
        }
    }
}
