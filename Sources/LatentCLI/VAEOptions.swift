import ArgumentParser
import Foundation
import Latent
import LatentApplication

/// The options every `latent vae` command shares. Numeric options, here and
/// in each command, take their value unconditionally, so that a negative
/// number (`--latent -2`) reaches validation and gets a message naming the
/// option instead of being read as an option name.
struct VAEOptions: ParsableArguments {
    @Option(help: "A folder with MNIST's four IDX files (.gz or raw), or train.csv and test.csv; generated glyph digits when absent.")
    var data: String?
    @Option(parsing: .unconditional, help: "Latent dimension.") var latent = 20
    @Option(help: "Hidden layer sizes, comma-separated (the decoder mirrors them).") var hidden = "400"
    @Option(help: "Pixel likelihood: bernoulli, continuous-bernoulli or gaussian.") var likelihood = "bernoulli"
    @Option(parsing: .unconditional, help: "KL weight β.") var beta: Float = 1
    @Option(parsing: .unconditional, help: "Generated training images (without --data).") var trainCount = 20_000
    @Option(parsing: .unconditional, help: "Generated test images (without --data).") var testCount = 2_000
    @Option(help: "Output folder.") var out = "vae-output"

    var checkpointPath: String { "\(out)/checkpoint.safetensors" }

    /// Checked as the arguments are parsed, before any data is loaded.
    func validate() throws {
        _ = try hiddenSizes()
        _ = try likelihoodChoice()
        guard latent >= 1 else { throw ValidationError("--latent must be at least 1, got \(latent)") }
        guard latent <= Self.largestLayer else { throw ValidationError("--latent must be at most \(Self.largestLayer), got \(latent)") }
        guard beta > 0 else { throw ValidationError("--beta must be positive, got \(beta)") }
        guard trainCount >= 1 else { throw ValidationError("--train-count must be at least 1, got \(trainCount)") }
        guard testCount >= 1 else { throw ValidationError("--test-count must be at least 1, got \(testCount)") }
    }

    /// The widest layer accepted: 65,536 units, whose weights from a
    /// 784-pixel image already take 200 MB in Float; beyond it a typo
    /// would end in the allocator rather than in an error.
    static let largestLayer = 65_536

    private func hiddenSizes() throws -> [Int] {
        let sizes = hidden.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--hidden must be positive sizes separated by commas, got '\(hidden)'")
        }
        guard sizes.allSatisfy({ $0! <= Self.largestLayer }) else {
            throw ValidationError("--hidden sizes must be at most \(Self.largestLayer), got '\(hidden)'")
        }
        return sizes.compactMap { $0 }
    }

    private func likelihoodChoice() throws -> VariationalAutoencoder.Likelihood {
        guard let choice = VariationalAutoencoder.Likelihood(rawValue: likelihood) else {
            throw ValidationError("--likelihood must be one of \(VariationalAutoencoder.Likelihood.allCases.map(\.rawValue).joined(separator: ", ")), got '\(likelihood)'")
        }
        return choice
    }

    func loadData() throws -> (train: ImageDataSet, test: ImageDataSet) {
        if let data { return try ImageDataSet.load(folder: data) }
        return try ImageDataSet.glyphs(trainCount: trainCount, testCount: testCount, seed: 2026)
    }

    /// A trainer holding the checkpoint in `out`, with the checkpoint's architecture.
    func loadTraining() throws -> VAETraining {
        let vae = try Checkpoint.vae(at: checkpointPath)
        let (train, test) = try loadData()
        let training = try VAETraining(vae: vae, train: train, test: test)
        _ = try Checkpoint.restore(training, from: checkpointPath)
        return training
    }

    func makeVAE(pixels: Int) throws -> VariationalAutoencoder {
        try VariationalAutoencoder(pixels: pixels, latentDimension: latent, hidden: hiddenSizes(), likelihood: likelihoodChoice(), klWeight: beta)
    }
}
