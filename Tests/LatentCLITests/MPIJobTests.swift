import Foundation
import Testing

/// Latent's MPI layer in real jobs of `mpirun` (Open MPI, which `make deps`
/// installs): sums and broadcasts between 2 and 3 processes over shared
/// memory and over TCP, and a rank that aborts ending the whole job.
@Suite("MPI jobs", .serialized)
struct MPIJobTests {
    /// The built `LatentMPICheck` executable.
    static func checker() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
        let candidates = ["debug", "release"].map { root.appendingPathComponent(".build/\($0)/LatentMPICheck").path }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "LatentMPICheck is not built")
    }

    /// `mpirun` from PATH.
    static func mpirun() throws -> String {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        return try #require(
            folders.map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) },
            "mpirun is not installed: make deps installs openmpi-bin")
    }

    /// Runs `mpirun -np ranks [options] LatentMPICheck [arguments]`; its
    /// exit status, standard output and standard error, and the seconds it took.
    static func job(ranks: Int, options: [String] = [], arguments: [String] = []) throws -> (status: Int32, output: String, errors: String, seconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try mpirun())
        // Two cores here: more ranks than cores is allowed; CI runs as root.
        let root = getuid() == 0 ? ["--allow-run-as-root"] : []
        process.arguments = root + ["--oversubscribe", "-np", "\(ranks)"] + options + [try checker()] + arguments
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        let start = Date()
        try process.run()
        let outputText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, outputText, errorText, Date().timeIntervalSince(start))
    }

    /// Every rank's sum and broadcast equal their closed forms exactly:
    /// two ranks over the default transport (shared memory), three with
    /// TCP forced (the ob1 layer over the tcp transport, on the loopback
    /// interface that every machine has), so that the network path is exercised.
    @Test(arguments: [(2, [String]()), (3, ["--mca", "pml", "ob1", "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", "lo"])])
    func sumsAndBroadcastsAreExact(ranks: Int, options: [String]) throws {
        let result = try Self.job(ranks: ranks, options: options)
        #expect(result.status == 0, "\(result.errors)")
        for rank in 0..<ranks {
            #expect(result.output.contains("rank \(rank) of \(ranks): all-reduce exact, broadcast exact"), "\(result.output)")
        }
    }

    /// A rank that aborts ends the job within seconds, never a hang, with
    /// its exit code and a message naming the rank.
    @Test func anAbortingRankEndsTheJob() throws {
        let result = try Self.job(ranks: 2, arguments: ["abort"])
        #expect(result.status == 3)
        #expect(result.errors.contains("rank 1 of 2: stopping the job on purpose"), "\(result.errors)")
        #expect(result.seconds < 20)
    }
}
