import Foundation
import LatentApplication
import LatentCore
import Testing

/// The id of a process that has ended: one started and waited for.
private func deadProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

/// A run that writes a checkpoint, two fixed outputs and one picture per seed.
private let files = RunFiles(
    checkpoint: "checkpoint.safetensors", outputs: ["samples.png", "metrics.json"], numbered: [.init(prefix: "samples-", suffix: ".png")])

private func runFolder(_ folder: String, _ intent: RunFolder.Intent) throws -> RunFolder {
    try RunFolder(path: folder, intent: intent, files: files)
}

/// The names in `folder`, the lock file left out.
private func contents(_ folder: String) throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: folder)).subtracting([RunLock.fileName])
}

@Suite("Run folders: checked, locked and cleaned before a run", .serialized)
struct RunFolderTests {
    /// A new run is refused where a run's file lies; resuming needs the
    /// checkpoint; overwriting finds the run's files and, when retired,
    /// removes them but the checkpoint (which the new run's replaces) and
    /// nothing else.
    @Test func aFolderHoldingARunIsResumedOrOverwrittenOnlyWhenAsked() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: OutputError.nothingToResume(folder: "\(folder)/new", checkpoint: "checkpoint.safetensors")) {
            try runFolder("\(folder)/new", .resume)
        }
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/new"))
        try runFolder(folder, .start).release()
        #expect(throws: OutputError.nothingToResume(folder: folder, checkpoint: "checkpoint.safetensors")) { try runFolder(folder, .resume) }
        #expect(throws: OutputError.nothingToResume(folder: folder, checkpoint: "checkpoint.safetensors")) { try runFolder(folder, .addOutputs) }
        try AtomicFile.write("{}", to: "\(folder)/metrics.json")
        #expect(throws: OutputError.holdsARun(folder: folder, file: "metrics.json")) { try runFolder(folder, .start) }
        try AtomicFile.write("checkpoint", to: "\(folder)/checkpoint.safetensors")
        try AtomicFile.write("notes", to: "\(folder)/notes.txt")
        #expect(throws: OutputError.holdsARun(folder: folder, file: "checkpoint.safetensors")) { try runFolder(folder, .start) }
        try runFolder(folder, .resume).release()
        try runFolder(folder, .addOutputs).release()
        let overwrite = try runFolder(folder, .overwrite)
        #expect(overwrite.earlierRun == ["checkpoint.safetensors", "metrics.json"])
        #expect(try contents(folder) == ["checkpoint.safetensors", "metrics.json", "notes.txt"])
        try overwrite.retireEarlierRun()
        overwrite.release()
        #expect(try contents(folder) == ["checkpoint.safetensors", "notes.txt"])
    }

    /// The pictures drawn per seed are the run's: they alone mark a folder
    /// as holding a run, and an overwrite retires them with the rest. Names
    /// that only look alike, and a folder under a picture's name, are a
    /// person's and stay.
    @Test func anOverwriteRetiresTheEarlierRunsPicturesAndNothingElse() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFile.write("png", to: "\(folder)/samples-3.png")
        #expect(throws: OutputError.holdsARun(folder: folder, file: "samples-3.png")) { try runFolder(folder, .start) }
        let ours = ["checkpoint.safetensors", "samples.png", "samples-18446744073709551615.png", "samples-3.png"]
        let theirs = ["samples-x.png", "samples-.png", "samples-3.png.bak", "samples--3.png", "samples-３.png", "notes.txt"]
        for name in ours + theirs { try AtomicFile.write("bytes", to: "\(folder)/\(name)") }
        try FileManager.default.createDirectory(atPath: "\(folder)/samples-7.png", withIntermediateDirectories: false)
        try AtomicFile.write("kept", to: "\(folder)/samples-7.png/inside.txt")
        let overwrite = try runFolder(folder, .overwrite)
        #expect(overwrite.earlierRun == ours)
        try overwrite.retireEarlierRun()
        #expect(overwrite.earlierRun.isEmpty)
        overwrite.release()
        #expect(try contents(folder) == Set(["checkpoint.safetensors", "samples-7.png"] + theirs))
        #expect(FileManager.default.fileExists(atPath: "\(folder)/samples-7.png/inside.txt"))
    }

    /// A folder where the run writes a file would fail the run as it
    /// writes (after its work) and is not the run's to remove: refused on
    /// opening, for a new run and an overwrite alike, naming the path.
    @Test func aFolderWhereARunsFileBelongsIsRefusedOnOpening() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: "\(folder)/metrics.json", withIntermediateDirectories: false)
        #expect(throws: OutputError.notAFile(path: "\(folder)/metrics.json")) { try runFolder(folder, .start) }
        #expect(throws: OutputError.notAFile(path: "\(folder)/metrics.json")) { try runFolder(folder, .overwrite) }
        #expect(FileManager.default.fileExists(atPath: "\(folder)/metrics.json"))
    }

    /// A file under the checkpoint's name that the run does not recognise
    /// (another program's model) is refused for a new run and for an
    /// overwrite, and left as it was; one it recognises is replaced as usual.
    @Test func anotherProgramsFileUnderTheCheckpointsNameIsNeverReplaced() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let checkpoint = "\(folder)/checkpoint.safetensors"
        let picky = RunFiles(checkpoint: "checkpoint.safetensors", outputs: ["samples.png"]) {
            (try? String(contentsOfFile: $0, encoding: .utf8)) == "ours"
        }
        try AtomicFile.write("theirs", to: checkpoint)
        #expect(throws: OutputError.foreignFile(path: checkpoint)) { try RunFolder(path: folder, intent: .start, files: picky) }
        #expect(throws: OutputError.foreignFile(path: checkpoint)) { try RunFolder(path: folder, intent: .overwrite, files: picky) }
        #expect(try String(contentsOfFile: checkpoint, encoding: .utf8) == "theirs")
        try AtomicFile.write("ours", to: checkpoint)
        let overwrite = try RunFolder(path: folder, intent: .overwrite, files: picky)
        #expect(overwrite.earlierRun == ["checkpoint.safetensors"])
        overwrite.release()
    }

    /// A VAE checkpoint is recognised by the architecture in its header:
    /// a safetensors file without it (as another program writes), a file
    /// that is not safetensors, one whose header length is absurd (read
    /// without allocating it) and a missing file are not.
    @Test func aVAECheckpointIsRecognisedByItsHeader() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let weights = [(name: "w", tensor: try Tensor<Float>(shape: [2], scalars: [1, 2]))]
        try AtomicFile.write(SafeTensors.encode(weights, metadata: ["vae.pixels": "784"]), to: "\(folder)/ours")
        try AtomicFile.write(SafeTensors.encode(weights, metadata: ["format": "pt"]), to: "\(folder)/theirs")
        try AtomicFile.write("not safetensors at all", to: "\(folder)/text")
        try AtomicFile.write([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x7B], to: "\(folder)/absurd")
        #expect(RunFiles.vae.isOwnCheckpoint("\(folder)/ours"))
        for name in ["theirs", "text", "absurd", "missing"] { #expect(!RunFiles.vae.isOwnCheckpoint("\(folder)/\(name)"), "\(name)") }
    }

    /// A symbolic link to a folder is used as the folder; one to nothing
    /// is named with its target, not reported as an unwritable folder.
    @Test func symbolicLinksAreFollowedOrNamedWhenBroken() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: "\(folder)/real", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/link", withDestinationPath: "\(folder)/real")
        let linked = try runFolder("\(folder)/link", .start)
        try AtomicFile.write("{}", to: "\(folder)/link/metrics.json")
        linked.release()
        #expect(try contents("\(folder)/real") == ["metrics.json"])
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/broken", withDestinationPath: "\(folder)/nowhere")
        #expect(throws: OutputError.brokenLink(path: "\(folder)/broken", target: "\(folder)/nowhere")) { try runFolder("\(folder)/broken", .start) }
        #expect(throws: OutputError.brokenLink(path: "\(folder)/broken", target: "\(folder)/nowhere")) {
            try runFolder("\(folder)/broken/run", .start)
        }
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/nowhere"))
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
    /// a dead writer or of the older pattern without one) and the
    /// writability probe of a run killed while probing are removed on
    /// opening; a living writer's, and files of other names, are kept.
    @Test func orphanTemporaryFilesAreRemovedAndOthersKept() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dead = try deadProcessID()
        let orphans = [".checkpoint.safetensors.\(dead).\(UUID().uuidString).tmp", ".checkpoint.safetensors.\(UUID().uuidString).tmp",
                       ".latent.probe.\(dead)"]
        let kept = [".samples.png.\(getpid()).\(UUID().uuidString).tmp", ".notes.tmp", "draft.tmp", ".a.b.tmp", ".x.\(UUID().uuidString).txt",
                    ".latent.probe.\(getppid())", ".latent.probe.x"]
        for name in orphans + kept { try "partial".write(toFile: "\(folder)/\(name)", atomically: false, encoding: .utf8) }
        let run = try runFolder(folder, .start)
        defer { run.release() }
        #expect(run.removedOrphans == orphans.sorted())
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder)).subtracting([RunLock.fileName])
        #expect(left == Set(kept))
    }

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

    /// A path that is a file, under a file, or in /proc is refused before
    /// anything is written, in words; so is a read-only folder (unless the
    /// tests run as a user who may write anyway, as root may).
    @Test func unwritableOrWrongFoldersAreRefusedInWords() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "text".write(toFile: "\(folder)/file", atomically: false, encoding: .utf8)
        #expect(throws: OutputError.notAFolder(path: "\(folder)/file")) { try runFolder("\(folder)/file", .start) }
        #expect(throws: OutputError.notAFolder(path: "\(folder)/file")) { try runFolder("\(folder)/file/run", .start) }
        #expect(throws: OutputError.notAFolder(path: "\(folder)/file")) { try runFolder("\(folder)/file", .resume) }
        #expect(throws: OutputError.notAFolder(path: "\(folder)/file")) { try runFolder("\(folder)/file", .addOutputs) }
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
