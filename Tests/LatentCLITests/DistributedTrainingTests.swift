import Foundation
import Testing

/// `latent vae train` under `mpirun`: the same run on 2 ranks as on one,
/// and a rank killed mid-run ending the job, after which the run resumes
/// from its last checkpoint on another number of processes.
@Suite("Distributed VAE training", .serialized)
struct DistributedTrainingTests {
    /// A small run: 620 generated glyphs, minibatches of 60 (30 a rank) and a
    /// last one of 20, which the compiled step cannot replay (taken eagerly).
    static let small = ["vae", "train", "--train-count", "620", "--test-count", "200", "--hidden", "64", "--latent", "4", "--batch-size", "60"]

    /// A fresh folder under the temporary folder.
    static func scratch(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-mpi-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The test ELBO per epoch that a run wrote to its metrics.json.
    static func testELBOs(in folder: String) throws -> [Double] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/metrics.json"))
        let metrics = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(metrics["test_elbo"] as? [Double])
    }

    /// Two ranks train the one-process run: each epoch's test ELBO agrees
    /// within 0.01 nats. The ranks draw the one process's minibatches and
    /// noise, so only the order of the Float sums differs (a relative
    /// 2⁻²⁴ ≈ 6e-8 per addition, some hundreds of terms per gradient); over
    /// 20 steps that moves a test ELBO of about −350 nats by well under
    /// 0.01 (the runs here agree to 1e-6). Only rank 0 writes.
    @Test func twoRanksTrainTheOneProcessRun() throws {
        let latent = try #require(latentExecutable())
        let folder = try Self.scratch("pair")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let alone = try run(Self.small + ["--epochs", "2", "--out", folder + "/alone"])
        #expect(alone.status == 0, "\(alone.errors)")
        let pair = try MPIJobTests.job(ranks: 2, executable: latent, arguments: Self.small + ["--epochs", "2", "--out", folder + "/pair"])
        #expect(pair.status == 0, "\(pair.errors)")
        #expect(pair.output.contains("training on 2 processes"))
        #expect(pair.output.components(separatedBy: "wrote ").count == 2, "one rank writes: \(pair.output)")
        let (expected, found) = (try Self.testELBOs(in: folder + "/alone"), try Self.testELBOs(in: folder + "/pair"))
        #expect(expected.count == 2 && found.count == 2)
        for (a, b) in zip(expected, found) { #expect(abs(a - b) <= 0.01, "\(expected) against \(found)") }
    }

    /// A minibatch that does not split over the ranks is refused before
    /// training, on every rank, naming the numbers; so is the iwae
    /// objective, whose ranks' losses would not add up to one process's.
    @Test func anUnevenMinibatchEndsTheJobWithItsReason() throws {
        let latent = try #require(latentExecutable())
        let folder = try Self.scratch("uneven")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = try MPIJobTests.job(ranks: 3, executable: latent, arguments: Self.small + ["--batch-size", "50", "--epochs", "1", "--out", folder + "/r"])
        #expect(job.status != 0)
        #expect(job.errors.contains("its minibatch of 50 does not split evenly over 3 processes"), "\(job.errors)")
        let iwae = try MPIJobTests.job(ranks: 2, executable: latent, arguments: Self.small + ["--objective", "iwae", "--epochs", "1", "--out", folder + "/i"])
        #expect(iwae.status != 0)
        #expect(iwae.errors.contains("ImportanceWeightedELBO is not a sum over sites and data"), "\(iwae.errors)")
    }

    /// A command that runs in one process refuses a job of several ranks
    /// before writing anything, and a mistake in the arguments is said once
    /// (by rank 0), not once per rank.
    @Test func mistakesUnderMpirunAreSaidOnce() throws {
        let latent = try #require(latentExecutable())
        let folder = try Self.scratch("once")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let schools = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/data/posteriordb/eight_schools.json").standardized.path
        let fit = try MPIJobTests.job(ranks: 2, executable: latent, arguments: ["fit", "eight-schools", "--data", schools, "--out", folder + "/fit"])
        #expect(fit.status != 0)
        #expect(fit.errors.components(separatedBy: "latent fit runs in one process, not 2: start it without mpirun").count == 2, "\(fit.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/fit"))
        let typo = try MPIJobTests.job(ranks: 2, executable: latent, arguments: ["vae", "train", "--epochs", "0", "--out", folder + "/t"])
        #expect(typo.status != 0)
        #expect(typo.errors.components(separatedBy: "--epochs must be at least 1, got 0").count == 2, "\(typo.errors)")
    }

    /// Killing rank 1 after the first checkpoint ends the whole job within
    /// seconds, with mpirun naming the rank; the run then resumes from its
    /// checkpoint and ends where an uninterrupted run on two ranks does:
    /// exactly when resumed on two ranks, within the 0.01 nats above when
    /// resumed on one process.
    @Test func aKilledRankEndsTheJobAndTheRunResumes() throws {
        let latent = try #require(latentExecutable())
        let folder = try Self.scratch("kill")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let whole = try MPIJobTests.job(ranks: 2, executable: latent, arguments: Self.small + ["--epochs", "4", "--out", folder + "/whole"])
        #expect(whole.status == 0, "\(whole.errors)")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try MPIJobTests.mpirun())
        process.arguments = MPIJobTests.launch(ranks: 2) + [latent] + Self.small + ["--epochs", "200", "--out", folder + "/killed"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let checkpoint = folder + "/killed/checkpoint.safetensors"
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: checkpoint), process.isRunning, Date() < deadline { usleep(20_000) }
        let victim = try #require(Self.rank(1, below: process.processIdentifier), "rank 1 not found")
        kill(victim, SIGKILL)
        let killed = Date()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(killed) < 20, "the job did not end promptly")
        #expect(process.terminationStatus != 0)
        #expect(errorText.contains("rank 1"), "\(errorText)")

        // Resumed on 2 ranks, as it ran: exactly the uninterrupted run. On one process: within the bound above.
        try FileManager.default.copyItem(atPath: folder + "/killed", toPath: folder + "/alone")
        let again = try MPIJobTests.job(ranks: 2, executable: latent, arguments: ["vae", "train", "--resume", "--epochs", "4", "--out", folder + "/killed"])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains("resumed after epoch"))
        let resumed = try run(["vae", "train", "--resume", "--epochs", "4", "--out", folder + "/alone"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        let expected = try Self.testELBOs(in: folder + "/whole")
        #expect(try Self.testELBOs(in: folder + "/killed") == expected)
        let alone = try Self.testELBOs(in: folder + "/alone")
        #expect(alone.count == 4)
        #expect(abs(expected.last! - alone.last!) <= 0.01, "\(expected) against \(alone)")
    }

    /// The process of MPI rank `rank` among the descendants of `parent`
    /// (Open MPI sets `OMPI_COMM_WORLD_RANK` in each rank's environment).
    static func rank(_ rank: Int, below parent: Int32) -> Int32? {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap(Int32.init) ?? []
        for pid in processes {
            guard let stat = procFile("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, isDescendant(Int32(fields[1]) ?? 0, of: parent) else { continue }
            guard let environment = procFile("/proc/\(pid)/environ") else { continue }
            let variables = environment.split(separator: "\0").map(String.init)
            if variables.contains("OMPI_COMM_WORLD_RANK=\(rank)") { return pid }
        }
        return nil
    }

    /// Whether `pid` is `ancestor` or descends from it.
    static func isDescendant(_ pid: Int32, of ancestor: Int32) -> Bool {
        var current = pid
        for _ in 0..<8 {
            if current == ancestor { return true }
            guard current > 1, let stat = procFile("/proc/\(current)/stat"), let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, let next = Int32(fields[1]) else { return false }
            current = next
        }
        return false
    }

    /// A file of /proc, read to its end (they report a size of 0).
    static func procFile(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}
