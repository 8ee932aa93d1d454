import ArgumentParser
import Latent
import LatentApplication

/// `latent vae sample`: decoded prior samples of a checkpoint as a PNG grid.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sample", abstract: "Decode prior samples of a trained VAE.")

    @OptionGroup var options: VAEOptions
    @Option(parsing: .unconditional, help: "How many samples (up to 10000).") var count = 64
    @Option(parsing: .unconditional, help: "Random seed for the latent draws.") var seed: UInt64 = 1

    /// The most samples in one picture: 10,000 make a grid of 8 × 1,250
    /// glyphs, 233 × 36,251 pixels; beyond it a typo would end in the allocator.
    static let mostSamples = 10_000

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
        guard count <= Self.mostSamples else { throw ValidationError("--count must be at most \(Self.mostSamples), got \(count)") }
    }

    func run() throws {
        let training = try options.loadTraining()
        AtomicFile.removeOrphans(in: options.out)
        let grid = PNG.grid(try training.priorSamples(count: count, seed: seed), side: training.test.side, columns: 8)
        let path = "\(options.out)/samples-\(seed).png"
        try AtomicFile.write(PNG.encode(grey: grid.grey, width: grid.width, height: grid.height), to: path)
        print("wrote \(path)")
    }
}
