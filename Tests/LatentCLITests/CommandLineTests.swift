import Foundation
import Testing

/// The built `latent` executable (swift build builds it beside the tests).
func latentExecutable() -> String? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    for configuration in ["debug", "release"] {
        let path = root.appendingPathComponent(".build/\(configuration)/latent").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// Runs `latent` with `arguments`, in `folder` when given (else in this
/// process's working folder); returns its exit status, standard error and
/// standard output.
func run(_ arguments: [String], in folder: String? = nil) throws -> (status: Int32, errors: String, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(latentExecutable()))
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    let (errors, output) = (Pipe(), Pipe())
    process.standardError = errors
    process.standardOutput = output
    try process.run()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let outputText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, errorText, outputText)
}

@Suite("The latent command", .serialized)
struct CommandLineTests {
    /// A tiny end-to-end run writes every output, and eval and sample read
    /// its checkpoint back.
    @Test func trainEvalAndSampleEndToEnd() throws {
        guard latentExecutable() != nil else {
            print("the latent executable is not built (swift build builds it); skipped")
            return
        }
        let out = NSTemporaryDirectory() + "latent-cli-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let common = ["--train-count", "200", "--test-count", "50", "--latent", "2", "--hidden", "32", "--out", out]
        let train = try run(["vae", "train", "--epochs", "2", "--batch-size", "50"] + common)
        #expect(train.status == 0, "\(train.errors)")
        #expect(train.output.contains("epoch 2/2"))
        for name in ["samples.png", "reconstructions.png", "loss.svg", "latent.svg", "metrics.json", "checkpoint.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name)")
        }
        let eval = try run(["vae", "eval", "--particles", "20", "--limit", "20"] + common)
        #expect(eval.status == 0 && eval.output.contains("log-likelihood"), "\(eval.errors)")
        let sample = try run(["vae", "sample", "--count", "16", "--seed", "3"] + common)
        #expect(sample.status == 0 && FileManager.default.fileExists(atPath: "\(out)/samples-3.png"), "\(sample.errors)")
    }

    /// Bad arguments and missing files: a non-zero exit and one error line
    /// that names the option or file at fault.
    @Test(arguments: [
        (["vae", "train", "--epochs", "0"], "--epochs must be at least 1, got 0"),
        (["vae", "train", "--epochs", "-1"], "--epochs must be at least 1, got -1"),
        (["vae", "train", "--batch-size", "0"], "--batch-size must be at least 1"),
        (["vae", "train", "--batch-size", "500", "--train-count", "200"], "--batch-size must be at most --train-count, 200, got 500"),
        (["vae", "train", "--likelihood", "poisson"], "--likelihood must be one of"),
        (["vae", "train", "--hidden", "12,x"], "--hidden"),
        (["vae", "train", "--hidden", "50,,30"], "--hidden must be positive sizes separated by commas, got '50,,30'"),
        (["vae", "train", "--hidden", "100000000"], "--hidden sizes must be at most 65536"),
        (["vae", "train", "--latent", "100000000"], "--latent must be at most 65536, got 100000000"),
        (["vae", "train", "--objective", "elbo"], "--objective must be one of"),
        (["vae", "train", "--data", "/nonexistent/mnist"], "/nonexistent/mnist: holds neither"),
        (["vae", "eval", "--limit", "-5"], "--limit must be at least 1, got -5"),
        (["vae", "eval", "--limit", "0"], "--limit must be at least 1, got 0"),
        (["vae", "train", "--train-count", "100000000000"], "--train-count must be at most 500000, got 100000000000"),
        (["vae", "train", "--test-count", "100000000000"], "--test-count must be at most 500000, got 100000000000"),
        (["vae", "sample", "--count", "100000000"], "--count must be at most 10000, got 100000000"),
        (["vae", "train", "--particles", "1000000000"], "--particles must be in 1…5000, got 1000000000"),
        (["vae", "train", "--beta", "inf"], "--beta must be positive and finite, got inf"),
        (["vae", "train", "--out", ""], "--out must name a folder, got ''"),
        (["vae", "train", "--resume", "--overwrite"], "--resume and --overwrite exclude each other"),
        (["vae", "train", "--allow-changed-hyperparameters"], "--allow-changed-hyperparameters applies only with --resume"),
        (["vae", "train", "--out", "/proc/latent-run"], "cannot write /proc/latent-run: cannot create the folder (No such file or directory)"),
        (["vae", "eval", "--out", "/nonexistent/run"], "/nonexistent/run/checkpoint.safetensors: cannot open"),
    ] as [([String], String)])
    func badInputsFailWithAOneLineError(_ arguments: [String], _ message: String) throws {
        guard latentExecutable() != nil else { return }
        let result = try run(arguments)
        #expect(result.status != 0)
        let lines = result.errors.split(separator: "\n").filter { $0.hasPrefix("Error") }
        #expect(lines.count == 1 && lines[0].contains(message), "\(result.errors)")
    }
}
