import Foundation
import Testing

/// The names in `folder`.
private func contents(_ folder: String) throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: folder))
}

/// The files a finished training run leaves.
private let runFiles: Set = ["checkpoint.safetensors", "samples.png", "reconstructions.png", "loss.svg", "latent.svg", "metrics.json"]

@Suite("The latent command loses and mixes no output", .serialized)
struct OutputCommandTests {
    /// An overwrite leaves only the new run's files and the person's own:
    /// no picture sampled from the earlier run stays beside the new run's.
    @Test func anOverwriteLeavesNoPictureOfTheEarlierRun() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["vae", "train", "--epochs", "1", "--out", out] + tiny).status == 0)
        for seed in ["3", "4"] { #expect(try run(["vae", "sample", "--out", out, "--count", "8", "--seed", seed]).status == 0) }
        try "mine".write(toFile: "\(out)/notes.txt", atomically: false, encoding: .utf8)
        let replaced = try run(["vae", "train", "--epochs", "1", "--out", out, "--overwrite"] + tiny)
        #expect(replaced.status == 0, "\(replaced.errors)")
        #expect(replaced.output.contains("replacing the run in \(out): checkpoint.safetensors, samples.png, reconstructions.png, loss.svg, "
            + "latent.svg, metrics.json, samples-3.png, samples-4.png stay until the first epoch is saved"), "\(replaced.output)")
        #expect(try contents(out) == runFiles.union(["notes.txt"]))
    }

    /// An overwrite that fails before its first epoch is saved (here on a
    /// data folder that is not there) leaves the earlier run as it was.
    @Test func anOverwriteThatFailsKeepsTheEarlierRun() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["vae", "train", "--epochs", "1", "--out", out] + tiny).status == 0)
        #expect(try run(["vae", "sample", "--out", out, "--count", "8", "--seed", "3"]).status == 0)
        let before = try contents(out)
        let checkpoint = try #require(FileManager.default.contents(atPath: "\(out)/checkpoint.safetensors"))
        let failed = try run(["vae", "train", "--epochs", "1", "--out", out, "--overwrite", "--data", "\(out)/missing"] + tiny)
        #expect(failed.status != 0)
        #expect(errorLine(failed).hasPrefix("Error: \(out)/missing: holds neither"), "\(failed.errors)")
        #expect(try contents(out) == before)
        #expect(FileManager.default.contents(atPath: "\(out)/checkpoint.safetensors") == checkpoint)
    }

    /// sample refuses to replace a picture it drew before, naming it,
    /// unless --overwrite; the refused run leaves the picture as it was.
    @Test func sampleReplacesAPictureOnlyWhenAsked() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["vae", "train", "--epochs", "1", "--out", out] + tiny).status == 0)
        #expect(try run(["vae", "sample", "--out", out, "--count", "16", "--seed", "3"]).status == 0)
        let picture = try #require(FileManager.default.contents(atPath: "\(out)/samples-3.png"))
        let again = try run(["vae", "sample", "--out", out, "--count", "8", "--seed", "3"])
        #expect(again.status != 0)
        #expect(errorLine(again) == "Error: \(out)/samples-3.png already exists: pass --overwrite to replace it, or choose another --seed")
        #expect(FileManager.default.contents(atPath: "\(out)/samples-3.png") == picture)
        let replaced = try run(["vae", "sample", "--out", out, "--count", "8", "--seed", "3", "--overwrite"])
        #expect(replaced.status == 0 && replaced.output.contains("wrote \(out)/samples-3.png"), "\(replaced.errors)")
        #expect(FileManager.default.contents(atPath: "\(out)/samples-3.png") != picture)
    }

    /// sample waits for a command holding the folder (a training that may
    /// replace the run) instead of writing beside it, and refuses a folder
    /// under its picture's name before drawing, in words.
    @Test func sampleRefusesAHeldFolderAndAFolderInThePicturesPlace() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["vae", "train", "--epochs", "1", "--out", out] + tiny).status == 0)
        let holder = open("\(out)/.latent.lock", O_RDWR | O_CREAT, 0o644)
        #expect(holder >= 0 && flock(holder, LOCK_EX | LOCK_NB) == 0)
        _ = "\(getpid())\n".withCString { write(holder, $0, strlen($0)) }
        let held = try run(["vae", "sample", "--out", out, "--count", "8", "--seed", "3"])
        close(holder)
        #expect(errorLine(held) == "Error: \(out) is in use by another command (process \(getpid())); sample it when that one has ended")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/samples-3.png"))

        try FileManager.default.createDirectory(atPath: "\(out)/samples-5.png", withIntermediateDirectories: false)
        let folder = try run(["vae", "sample", "--out", out, "--count", "8", "--seed", "5", "--overwrite"])
        #expect(errorLine(folder) == "Error: \(out)/samples-5.png is a folder where a file of the run belongs; move it away or choose another folder")
    }

    /// --out as a relative name of one letter (which trapped in
    /// Foundation's path code) and with a trailing slash names the folder
    /// as a person wrote it, without doubled slashes.
    @Test func relativeAndSlashedFoldersWork() throws {
        guard latentExecutable() != nil else { return }
        let folder = freshPath()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let train = try run(["vae", "train", "--epochs", "1", "--out", "R"] + tiny, in: folder)
        #expect(train.status == 0, "\(train.errors)")
        #expect(train.output.contains("wrote R/samples.png"))
        #expect(try contents("\(folder)/R") == runFiles)
        let again = try run(["vae", "train", "--epochs", "1", "--out", "R/"] + tiny, in: folder)
        #expect(errorLine(again) == "Error: R already holds a run (checkpoint.safetensors): pass --resume to continue it or --overwrite to replace it")
        let sample = try run(["vae", "sample", "--out", "R//", "--count", "8", "--seed", "2"], in: folder)
        #expect(sample.status == 0 && sample.output.contains("wrote R/samples-2.png"), "\(sample.errors)")
        let nested = try run(["vae", "train", "--epochs", "1", "--out", "a/b"] + tiny, in: folder)
        #expect(nested.status == 0 && FileManager.default.fileExists(atPath: "\(folder)/a/b/checkpoint.safetensors"), "\(nested.errors)")
    }

    /// eval, sample and a resumed run name an --out that is a file, and a
    /// checkpoint that is a folder, as what they are, not as a file that
    /// cannot be opened.
    @Test func aPathOfTheWrongKindIsNamedAsSuch() throws {
        guard latentExecutable() != nil else { return }
        let folder = freshPath()
        try FileManager.default.createDirectory(atPath: "\(folder)/run/checkpoint.safetensors", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "text".write(toFile: "\(folder)/file", atomically: false, encoding: .utf8)
        for command in [["eval"], ["sample"], ["train", "--resume"]] {
            let file = try run(["vae"] + command + ["--out", "\(folder)/file"])
            #expect(errorLine(file) == "Error: \(folder)/file is a file, not a folder", "\(command): \(file.errors)")
            let checkpoint = try run(["vae"] + command + ["--out", "\(folder)/run"])
            #expect(errorLine(checkpoint) == "Error: \(folder)/run/checkpoint.safetensors is a folder where a file of the run belongs; "
                + "move it away or choose another folder", "\(command): \(checkpoint.errors)")
        }
    }

    /// A report that cannot be written once training is done (a folder put
    /// in its way meanwhile) says that the trained run is kept and gives
    /// the command that writes the report again; that command, pasted
    /// into a shell as printed (the folder's name has a space and a
    /// quote), works.
    @Test func aReportThatFailsAfterTrainingSaysTheRunIsKept() throws {
        guard let executable = latentExecutable() else { return }
        let out = freshPath() + " Ann's run"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["vae", "train", "--epochs", "6", "--out", out] + tiny
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The first checkpoint appears after epoch 1; five epochs remain
        // before the report, seconds against the milliseconds this takes.
        while process.isRunning, !FileManager.default.fileExists(atPath: "\(out)/checkpoint.safetensors") { usleep(10_000) }
        try FileManager.default.createDirectory(atPath: "\(out)/latent.svg", withIntermediateDirectories: false)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        let lead = "Error: cannot write \(out)/latent.svg: Is a directory; the trained run is kept in \(out)/checkpoint.safetensors: "
            + "once the fault is mended, latent "
        #expect(errorText.hasPrefix(lead), "\(errorText)")
        let command = try #require(errorText.components(separatedBy: "once the fault is mended, latent ").last?
            .components(separatedBy: " writes the report again").first)
        try FileManager.default.removeItem(atPath: "\(out)/latent.svg")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "\"$0\" " + command, executable]
        let output = Pipe()
        shell.standardOutput = output
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        let again = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0 && again.contains("nothing to train; rewriting the report"), "\(command): \(again)")
        #expect(try contents(out) == runFiles)
    }

    /// An epoch's line appears once its checkpoint is saved: a run stopped
    /// the moment the line is read (SIGSTOP, then inspected) holds that
    /// epoch, so a person who sees "epoch 1/3" and kills the run loses
    /// nothing they were shown.
    @Test func anEpochShownIsAnEpochSaved() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(latentExecutable()))
        process.arguments = ["vae", "train", "--epochs", "3", "--out", out] + tiny
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("epoch 1/3") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGSTOP)
        let checkpoint = FileManager.default.contents(atPath: "\(out)/checkpoint.safetensors")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(text.contains("epoch 1/3"), "\(text)")
        let header = try #require(checkpoint.map { String(decoding: $0.prefix(4096), as: UTF8.self) })
        #expect(header.contains("\"epoch\":\"1\""), "\(header.prefix(300))")
    }

    /// Another program's safetensors file under the checkpoint's name is
    /// neither trained beside nor replaced by --overwrite, and stays as it was.
    @Test func anotherProgramsCheckpointIsNeverReplaced() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: out) }
        var header = Array(#"{"__metadata__":{"format":"pt"}}"#.utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        let file = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header
        #expect(FileManager.default.createFile(atPath: "\(out)/checkpoint.safetensors", contents: Data(file)))
        for flags in [[], ["--overwrite"]] {
            let refused = try run(["vae", "train", "--epochs", "1", "--out", out] + flags + tiny)
            #expect(errorLine(refused) == "Error: \(out)/checkpoint.safetensors is not a checkpoint of Latent's and is never replaced; "
                + "move it away or choose another folder", "\(flags): \(refused.errors)")
            #expect(!refused.output.contains("epoch"))
        }
        #expect(FileManager.default.contents(atPath: "\(out)/checkpoint.safetensors") == Data(file))
    }
}
