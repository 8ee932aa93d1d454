import Foundation
import Testing

/// A fresh path under the temporary directory (not created).
func freshPath() -> String {
    NSTemporaryDirectory() + "latent-cli-\(UUID().uuidString)"
}

/// A tiny run's options: 200 glyphs, 2 latent dimensions, one epoch of four minibatches.
let tiny = ["--train-count", "200", "--test-count", "50", "--latent", "2", "--hidden", "16", "--batch-size", "50"]

/// The one "Error:" line of a failed run.
func errorLine(_ result: (status: Int32, errors: String, output: String)) -> String {
    result.errors.split(separator: "\n").filter { $0.hasPrefix("Error") }.joined(separator: "\n")
}

@Suite("The latent command keeps runs apart", .serialized)
struct RunFolderCommandTests {
    /// Training into a folder that holds a run is refused unless --resume
    /// or --overwrite; the refused run leaves the checkpoint as it was.
    @Test func aSecondRunIntoAFolderIsRefusedUnlessResumedOrOverwritten() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["vae", "train", "--epochs", "1", "--out", out] + tiny).status == 0)
        let checkpoint = try #require(FileManager.default.contents(atPath: "\(out)/checkpoint.safetensors"))
        let again = try run(["vae", "train", "--epochs", "1", "--out", out] + tiny + ["--latent", "3"])
        #expect(again.status != 0)
        #expect(errorLine(again) == "Error: \(out) already holds a run (checkpoint.safetensors): pass --resume to continue it or --overwrite to replace it")
        #expect(!again.output.contains("epoch"))
        #expect(FileManager.default.contents(atPath: "\(out)/checkpoint.safetensors") == checkpoint)
        let resumed = try run(["vae", "train", "--epochs", "2", "--out", out, "--resume"])
        #expect(resumed.status == 0 && resumed.output.contains("resumed after epoch 1") && resumed.output.contains("epoch 2/2"), "\(resumed.errors)")
        let replaced = try run(["vae", "train", "--epochs", "1", "--out", out, "--overwrite"] + tiny)
        #expect(replaced.status == 0, "\(replaced.errors)")
        #expect(try String(contentsOfFile: "\(out)/metrics.json", encoding: .utf8).contains("\"epochs\" : 1"))
    }

    /// --resume with another learning rate or batch size is refused naming
    /// both, unless --allow-changed-hyperparameters; an architecture option
    /// that disagrees is refused always; settings left out are the checkpoint's.
    @Test func aResumeIsExactOrRefusedNamingWhatDiffers() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["vae", "train", "--epochs", "1", "--out", out, "--learning-rate", "0.002"] + tiny).status == 0)
        let changed = try run(["vae", "train", "--epochs", "2", "--out", out, "--resume", "--learning-rate", "0.01", "--batch-size", "40"])
        #expect(changed.status != 0)
        let line = errorLine(changed)
        #expect(line.contains("batch size 50 in the checkpoint, 40 now; learning rate 0.002 in the checkpoint, 0.01 now"), "\(line)")
        #expect(line.contains("--allow-changed-hyperparameters"))
        let architecture = try run(["vae", "train", "--epochs", "2", "--out", out, "--resume", "--hidden", "32"])
        #expect(errorLine(architecture).contains("hidden layers 16 in the checkpoint, 32 now"), "\(architecture.errors)")
        let allowed = try run(["vae", "train", "--epochs", "2", "--out", out, "--resume", "--learning-rate", "0.01", "--allow-changed-hyperparameters"])
        #expect(allowed.status == 0 && allowed.output.contains("epoch 2/2"), "\(allowed.errors)")
    }

    /// eval and sample refuse an architecture option that disagrees with
    /// the checkpoint instead of ignoring it, and accept one that agrees.
    @Test func evalAndSampleRefuseAnArchitectureOtherThanTheCheckpoints() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["vae", "train", "--epochs", "1", "--out", out] + tiny).status == 0)
        let eval = try run(["vae", "eval", "--out", out, "--latent", "5", "--likelihood", "gaussian"])
        #expect(eval.status != 0)
        #expect(errorLine(eval) == "Error: --latent 5 (the checkpoint's: 2), --likelihood gaussian (the checkpoint's: bernoulli) disagree with the checkpoint "
            + "\(out)/checkpoint.safetensors; eval and sample take the architecture from the checkpoint: leave these options out")
        let sample = try run(["vae", "sample", "--out", out, "--hidden", "400"])
        #expect(errorLine(sample).contains("--hidden 400 (the checkpoint's: 16) disagrees"), "\(sample.errors)")
        let agreeing = try run(["vae", "eval", "--out", out, "--latent", "2", "--particles", "5", "--limit", "10"])
        #expect(agreeing.status == 0 && agreeing.output.contains("(5 importance samples, 10 images)"), "\(agreeing.errors)")
    }

    /// A second run into a folder held by a living process is refused
    /// naming that process; an --out that is a file is refused before any
    /// training, in words.
    @Test func aHeldFolderAndAFileAreRefusedBeforeTraining() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let holder = open("\(out)/.latent.lock", O_RDWR | O_CREAT, 0o644)
        #expect(holder >= 0 && flock(holder, LOCK_EX | LOCK_NB) == 0)
        _ = "\(getpid())\n".withCString { write(holder, $0, strlen($0)) }
        let refused = try run(["vae", "train", "--epochs", "1", "--out", out] + tiny)
        #expect(errorLine(refused) == "Error: \(out) is in use by another run (process \(getpid())); wait for it to end or choose another folder")
        close(holder)

        try "not a folder".write(toFile: "\(out)/file", atomically: false, encoding: .utf8)
        let file = try run(["vae", "train", "--epochs", "1", "--out", "\(out)/file"] + tiny)
        #expect(errorLine(file) == "Error: \(out)/file is a file, not a folder")
        #expect(!file.output.contains("epoch"))
    }

    /// An orphan temporary file of a killed checkpoint write is removed when
    /// the run is resumed, and said so.
    @Test func orphanTemporaryFilesAreRemovedAtTheNextStart() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["vae", "train", "--epochs", "1", "--out", out] + tiny).status == 0)
        let orphan = ".checkpoint.safetensors.\(UUID().uuidString).tmp"
        try "partial".write(toFile: "\(out)/\(orphan)", atomically: false, encoding: .utf8)
        let resumed = try run(["vae", "train", "--epochs", "1", "--out", out, "--resume"])
        #expect(resumed.output.contains("removed 1 temporary file(s) an interrupted write left: \(orphan)"), "\(resumed.output)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/\(orphan)"))
    }

    /// A learning rate of 1e30 ends in a divergence naming epoch and step
    /// and hinting at the learning rate, not in a distribution's complaint.
    @Test func aDivergenceIsReportedAsOne() throws {
        guard latentExecutable() != nil else { return }
        let out = freshPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try run(["vae", "train", "--epochs", "1", "--out", out, "--learning-rate", "1e30"] + tiny)
        #expect(result.status != 0)
        let line = errorLine(result)
        #expect(line.hasPrefix("Error: training diverged in epoch 1 at step ") && line.hasSuffix("lower the learning rate (it is 1e+30)"), "\(line)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/.latent.lock"))
    }
}
