import ArgumentParser
import Foundation
import Latent
import LatentApplication

/// `latent vae sample`: decoded prior samples of a checkpoint as a PNG grid,
/// `samples-SEED.png` in the run's folder.
///
/// A picture already there is refused unless `--overwrite`, as `train`
/// refuses a run already there: the same seed, count and checkpoint draw
/// the same picture, but a checkpoint trained further or another count
/// would silently replace one a person may have kept. The name stays one
/// per seed, so that a script knows where its picture is.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sample", abstract: "Decode prior samples of a trained VAE.")

    @OptionGroup var options: VAEOptions
    @Option(parsing: .unconditional, help: "How many samples (up to 10000).") var count = 64
    @Option(parsing: .unconditional, help: "Random seed for the latent draws; the picture is samples-SEED.png in --out.") var seed: UInt64 = 1
    @Flag(help: "Replace samples-SEED.png if --out holds it already.") var overwrite = false

    /// The most samples in one picture: 10,000 make a grid of 8 × 1,250
    /// glyphs, 233 × 36,251 pixels; beyond it a typo would end in the allocator.
    static let mostSamples = 10_000

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
        guard count <= Self.mostSamples else { throw ValidationError("--count must be at most \(Self.mostSamples), got \(count)") }
    }

    func run() throws {
        try requireSingleProcess("vae sample")
        let folder = try openFolder()
        defer { folder.release() }
        let path = "\(options.folder)/\(VAEReport.samplesBySeed.name(seed))"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard !isFolder.boolValue else { throw OutputError.notAFile(path: path) }
            guard overwrite else { throw CommandError("\(path) already exists: pass --overwrite to replace it, or choose another --seed") }
        }
        let training = try options.loadTraining()
        let grid = PNG.grid(try training.priorSamples(count: count, seed: seed), side: training.test.side, columns: 8)
        try AtomicFile.write(PNG.encode(grey: grid.grey, width: grid.width, height: grid.height), to: path)
        print("wrote \(path)")
    }

    /// The run's folder, locked while the picture is drawn so that no
    /// training replaces or continues the run meanwhile.
    private func openFolder() throws -> RunFolder {
        do {
            return try RunFolder(path: options.folder, intent: .addOutputs, files: .vae)
        } catch let OutputError.nothingToResume(folder, checkpoint) {
            throw CommandError("\(folder) holds no \(checkpoint) to sample from (train a run there first)")
        } catch let OutputError.inUse(folder, pid) {
            throw CommandError("\(folder) is in use by another command (\(pid.map { "process \($0)" } ?? "process unknown")); sample it when that one has ended")
        }
    }
}
