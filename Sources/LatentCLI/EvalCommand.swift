import ArgumentParser
import Foundation
import Latent

/// `latent vae eval`: the test ELBO and importance-sampled log-likelihood of a checkpoint.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate a trained VAE on the test set.")

    @OptionGroup var options: VAEOptions
    @Option(help: "Importance samples per image for the log-likelihood (up to 5000).") var particles = 1_000
    @Option(help: "Test images to evaluate the log-likelihood on.") var limit = 1_000

    func run() throws {
        flushSubnormalsToZero()
        guard (1...5_000).contains(particles) else { throw ValidationError("--particles must be in 1…5000, got \(particles)") }
        let training = try loadTraining(options)
        let elbo = try training.testELBO()
        let logLikelihood = try training.importanceLogLikelihood(particles: particles, limit: limit)
        print(String(format: "test ELBO %.2f nats/image; log-likelihood (%d importance samples, %d images) %.2f nats/image",
                     elbo, particles, Swift.min(limit, training.test.count), logLikelihood))
    }
}

/// `latent vae sample`: decoded prior samples of a checkpoint as a PNG grid.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sample", abstract: "Decode prior samples of a trained VAE.")

    @OptionGroup var options: VAEOptions
    @Option(help: "How many samples.") var count = 64
    @Option(help: "Random seed for the latent draws.") var seed: UInt64 = 1

    func run() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
        let training = try loadTraining(options)
        let grid = PNG.grid(try training.priorSamples(count: count, seed: seed), side: training.test.side, columns: 8)
        let path = "\(options.out)/samples-\(seed).png"
        try AtomicFile.write(PNG.encode(grey: grid.grey, width: grid.width, height: grid.height), to: path)
        print("wrote \(path)")
    }
}

/// A trainer holding the checkpoint in `options.out`, with the checkpoint's architecture.
func loadTraining(_ options: VAEOptions) throws -> VAETraining {
    let vae = try Checkpoint.vae(at: options.checkpointPath)
    let (train, test) = try options.loadData()
    let training = try VAETraining(vae: vae, train: train, test: test)
    _ = try Checkpoint.restore(training, from: options.checkpointPath)
    return training
}
