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

    /// The forced TCP transport: the ob1 layer over the tcp transport, on
    /// the loopback interface that every machine has.
    static let tcp = ["--mca", "pml", "ob1", "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", "lo"]

    /// `mpirun`'s arguments for `ranks` ranks: two cores here, so more ranks
    /// than cores is allowed; CI runs as root.
    static func launch(ranks: Int, options: [String] = []) -> [String] {
        (getuid() == 0 ? ["--allow-run-as-root"] : []) + ["--oversubscribe", "-np", "\(ranks)"] + options
    }

    /// Runs `mpirun -np ranks [options] EXECUTABLE [arguments]` (the
    /// checker unless `executable` names another; without mpirun when
    /// `ranks` is nil); its exit status, standard output and standard
    /// error, and the seconds it took.
    static func job(
        ranks: Int?, options: [String] = [], executable: String? = nil, arguments: [String] = []
    ) throws -> (status: Int32, output: String, errors: String, seconds: Double) {
        let process = Process()
        let program = try executable ?? checker()
        if let ranks {
            process.executableURL = URL(fileURLWithPath: try mpirun())
            process.arguments = launch(ranks: ranks, options: options) + [program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
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
    @Test(arguments: [(2, [String]()), (3, tcp)])
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

    /// The parameters rank 0 (or the lone process) printed, by name.
    static func parameters(_ output: String) -> [String: [Double]] {
        var found: [String: [Double]] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("param ") {
            let fields = line.split(separator: " ")
            found[String(fields[1])] = fields.dropFirst(2).compactMap { Double($0) }
        }
        return found
    }

    /// Data-parallel SVI on P ranks ends where one process does, after 100
    /// steps of a subsampled logistic regression (60 rows a step; 2 ranks
    /// over shared memory, 3 over TCP) and of eight schools.
    ///
    /// The bound: the ranks draw the one process's minibatch and noise, so
    /// only the order in which each gradient's terms are added differs. A
    /// gradient here is a sum of at most 60 row terms and the prior's, so
    /// regrouping it changes it by at most about 60 · 2⁻⁵³ ≈ 7e-15 of the
    /// sum of its terms' magnitudes; Adam (rate 0.01) moves a parameter by
    /// at most the rate times a relative change of that order per step,
    /// 100 steps give ≈ 1e-14, and we allow 1e-11 (a thousandfold margin for
    /// the fit's own sensitivity). Eight schools on 2 ranks has no
    /// subsampled plate: each rank computes the whole loss halved, x/2 + x/2
    /// is x exactly, so its parameters agree to the bit.
    ///
    /// The same holds with the steps not compiled (`eager`: the one
    /// process's compiled steps are bit for bit its eager ones), and when
    /// every rank but 0 starts from parameters shifted by 0.5 (`perturbed`):
    /// the broadcast before the first step gives them rank 0's.
    @Test(arguments: [
        ("logistic", 2, [String](), [String]()), ("logistic", 3, tcp, []), ("schools", 2, [], []),
        ("logistic", 2, [], ["eager"]), ("logistic", 3, [], ["perturbed"]),
    ])
    func dataParallelSVIMatchesOneProcess(model: String, ranks: Int, options: [String], flags: [String]) throws {
        let alone = try Self.job(ranks: nil, arguments: ["svi", model, "100", "alone"] + flags.filter { $0 != "eager" })
        let spread = try Self.job(ranks: ranks, options: options, arguments: ["svi", model, "100"] + flags)
        #expect(alone.status == 0 && spread.status == 0, "\(alone.errors)\n\(spread.errors)")
        let (expected, found) = (Self.parameters(alone.output), Self.parameters(spread.output))
        #expect(!expected.isEmpty && Set(found.keys) == Set(expected.keys), "\(spread.output)")
        for (name, values) in expected {
            let other = try #require(found[name])
            #expect(other.count == values.count)
            let difference = zip(values, other).map { abs($0 - $1) }.max() ?? .infinity
            #expect(difference <= (model == "schools" ? 0 : 1e-11), "\(name): \(values) against \(other)")
        }
        // Every rank reports the same summed losses, and the steps were compiled.
        let totals = spread.output.split(separator: "\n").filter { $0.contains("loss total") }
        #expect(totals.count == ranks)
        #expect(Set(totals.map { $0.split(separator: ",")[0].split(separator: " ").last! }).count == 1, "\(totals)")
        #expect(totals.allSatisfy { $0.contains(flags.contains("eager") ? "eager" : "compiled") }, "\(totals)")
    }

    /// A rank that holds other parameters than rank 0 stops the job before
    /// the first step, every rank saying why.
    @Test func ranksWithOtherParametersStopTheJob() throws {
        let job = try Self.job(ranks: 2, arguments: ["svi", "logistic", "10", "misshapen"])
        #expect(job.status == 4)
        #expect(job.errors.contains("1 rank(s) hold parameters with other names or shapes than rank 0's"), "\(job.errors)")
    }
}
