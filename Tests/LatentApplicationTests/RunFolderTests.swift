import Foundation
import LatentApplication
import Testing

/// The id of a process that has ended: one started and waited for.
private func deadProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

private func runFolder(_ folder: String, _ intent: RunFolder.Intent) throws -> RunFolder {
    try RunFolder(path: folder, intent: intent, checkpoint: "checkpoint.safetensors", outputs: ["samples.png", "metrics.json"])
}

@Suite("Run folders: checked, locked and cleaned before a run", .serialized)
struct RunFolderTests {
    /// A new run is refused where a run's file lies; resuming needs the
    /// checkpoint; overwriting removes the run's files and nothing else.
    @Test func aFolderHoldingARunIsResumedOrOverwrittenOnlyWhenAsked() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: OutputError.nothingToResume(folder: "\(folder)/new", checkpoint: "checkpoint.safetensors")) {
            try runFolder("\(folder)/new", .resume)
        }
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/new"))
        try runFolder(folder, .start).release()
        #expect(throws: OutputError.nothingToResume(folder: folder, checkpoint: "checkpoint.safetensors")) { try runFolder(folder, .resume) }
        try AtomicFile.write("{}", to: "\(folder)/metrics.json")
        #expect(throws: OutputError.holdsARun(folder: folder, file: "metrics.json")) { try runFolder(folder, .start) }
        try AtomicFile.write("checkpoint", to: "\(folder)/checkpoint.safetensors")
        try AtomicFile.write("notes", to: "\(folder)/notes.txt")
        #expect(throws: OutputError.holdsARun(folder: folder, file: "checkpoint.safetensors")) { try runFolder(folder, .start) }
        try runFolder(folder, .resume).release()
        try runFolder(folder, .overwrite).release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["notes.txt"])
    }

    /// While a run holds the folder, a second is refused naming the
    /// holder's process id; once released, or when the recorded holder has
    /// died, the next run takes the lock and records its own id.
    @Test func aSecondRunIsRefusedWhileTheFirstLivesAndAStaleLockIsTakenOver() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try runFolder(folder, .start)
        let recorded = try String(contentsOfFile: "\(folder)/\(RunLock.fileName)", encoding: .utf8)
        #expect(recorded == "\(getpid())\n")
        #expect(throws: OutputError.inUse(folder: folder, pid: getpid())) { try runFolder(folder, .start) }
        first.release()
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/\(RunLock.fileName)"))
        try runFolder(folder, .start).release()

        let dead = try deadProcessID()
        try "\(dead)\n".write(toFile: "\(folder)/\(RunLock.fileName)", atomically: false, encoding: .utf8)
        let taker = try runFolder(folder, .start)
        #expect(try String(contentsOfFile: "\(folder)/\(RunLock.fileName)", encoding: .utf8) == "\(getpid())\n")
        taker.release()
    }

    /// The temporary files a killed write left (ours, by name pattern, of
    /// a dead writer or of the older pattern without one) are removed on
    /// opening; a living writer's, and files of other names, are kept.
    @Test func orphanTemporaryFilesAreRemovedAndOthersKept() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dead = try deadProcessID()
        let orphans = [".checkpoint.safetensors.\(dead).\(UUID().uuidString).tmp", ".checkpoint.safetensors.\(UUID().uuidString).tmp"]
        let kept = [".samples.png.\(getpid()).\(UUID().uuidString).tmp", ".notes.tmp", "draft.tmp", ".a.b.tmp", ".x.\(UUID().uuidString).txt"]
        for name in orphans + kept { try "partial".write(toFile: "\(folder)/\(name)", atomically: false, encoding: .utf8) }
        let run = try runFolder(folder, .start)
        defer { run.release() }
        #expect(run.removedOrphans == orphans.sorted())
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder)).subtracting([RunLock.fileName])
        #expect(left == Set(kept))
    }

    /// A path that is a file, under a file, or in /proc is refused before
    /// anything is written, in words; so is a read-only folder (unless the
    /// tests run as a user who may write anyway, as root may).
    /// A run that ends before writing anything (bad data, say) leaves no
    /// folder it made behind; one that wrote keeps its folder, and a folder
    /// that was there before is never removed.
    @Test func foldersAFailedRunMadeAreRemovedWhileEmpty() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try runFolder("\(folder)/a/b/run", .start).release()
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/a"))
        let kept = try runFolder("\(folder)/kept", .start)
        try "{}".write(toFile: "\(folder)/kept/metrics.json", atomically: false, encoding: .utf8)
        kept.release()
        #expect(FileManager.default.fileExists(atPath: "\(folder)/kept/metrics.json"))
        try runFolder(folder, .start).release()
        #expect(FileManager.default.fileExists(atPath: folder))
    }

    @Test func unwritableOrWrongFoldersAreRefusedInWords() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "text".write(toFile: "\(folder)/file", atomically: false, encoding: .utf8)
        #expect(throws: OutputError.notAFolder(path: "\(folder)/file")) { try runFolder("\(folder)/file", .start) }
        #expect(throws: OutputError.notAFolder(path: "\(folder)/file")) { try runFolder("\(folder)/file/run", .start) }
        #expect(throws: OutputError.cannotWrite(path: "/proc/latent-run", reason: "cannot create the folder (No such file or directory)")) {
            try runFolder("/proc/latent-run", .start)
        }
        let readOnly = "\(folder)/read-only"
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false)
        chmod(readOnly, 0o555)
        defer { chmod(readOnly, 0o755) }
        guard access(readOnly, W_OK) != 0 else {
            print("a 0555 folder stays writable for this user (uid \(geteuid()), root ignores the mode); read-only case skipped")
            return
        }
        #expect(throws: OutputError.cannotWrite(path: "\(readOnly)/run", reason: "cannot create the folder (Permission denied)")) {
            try runFolder("\(readOnly)/run", .start)
        }
        #expect(throws: OutputError.cannotWrite(path: readOnly, reason: "the folder is not writable (Permission denied)")) {
            try runFolder(readOnly, .start)
        }
    }

    /// An atomic write into a missing folder names the destination and the
    /// system's reason, and leaves no temporary file; one that succeeds
    /// leaves exactly the file.
    @Test func atomicWritesNameTheSystemsReason() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: OutputError.cannotWrite(path: "\(folder)/missing/a.json", reason: "No such file or directory")) {
            try AtomicFile.write("{}", to: "\(folder)/missing/a.json")
        }
        try AtomicFile.write("{}", to: "\(folder)/a.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["a.json"])
        #expect(try String(contentsOfFile: "\(folder)/a.json", encoding: .utf8) == "{}")
    }
}
