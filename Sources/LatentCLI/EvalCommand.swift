import ArgumentParser
import Foundation
import Latent
import LatentApplication

/// `latent vae eval`: the test ELBO and importance-sampled log-likelihood of a checkpoint.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate a trained VAE on the test set.")

    @OptionGroup var options: VAEOptions
    @Option(parsing: .unconditional, help: "Importance samples per image for the log-likelihood (up to 5000).") var particles = 1_000
    @Option(parsing: .unconditional, help: "Test images to evaluate the log-likelihood on.") var limit = 1_000

    func validate() throws {
        guard (1...5_000).contains(particles) else { throw ValidationError("--particles must be in 1…5000, got \(particles)") }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() throws {
        try requireSingleProcess("vae eval")
        flushSubnormalsToZero()
        let training = try options.loadTraining()
        let elbo = try training.testELBO()
        let start = Date()
        let logLikelihood = try training.importanceLogLikelihood(particles: particles, limit: limit)
        let seconds = Date().timeIntervalSince(start)
        let gigaflops = training.importanceProductFLOPs(particles: particles, limit: limit) / 1e9
        print(String(format: "test ELBO %.2f nats/image; log-likelihood (%d importance samples, %d images) %.2f nats/image",
                     elbo, particles, Swift.min(limit, training.test.count), logLikelihood))
        print(String(format: "log-likelihood: %.1f s, %.0f GFLOP of matrix products, %.1f GFLOP/s", seconds, gigaflops, gigaflops / seconds))
    }
}
