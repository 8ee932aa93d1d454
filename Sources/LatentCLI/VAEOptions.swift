import ArgumentParser
import Foundation
import Latent
import LatentApplication

/// The options every `latent vae` command shares. Numeric options, here and
/// in each command, take their value unconditionally, so that a negative
/// number (`--latent -2`) reaches validation and gets a message naming the
/// option instead of being read as an option name.
///
/// The architecture and data options have no value unless given: a new run
/// takes the defaults below, while eval, sample and a resumed run take the
/// checkpoint's, and refuse a value given that disagrees with it.
struct VAEOptions: ParsableArguments {
    @Option(help: "A folder with MNIST's four IDX files (.gz or raw), or train.csv and test.csv; generated glyph digits when absent.")
    var data: String?
    @Option(parsing: .unconditional, help: "Latent dimension (a new run: 20; otherwise the checkpoint's).") var latent: Int?
    @Option(help: "Hidden layer sizes, comma-separated; the decoder mirrors them (a new run: 400; otherwise the checkpoint's).")
    var hidden: String?
    @Option(help: "Pixel likelihood: bernoulli, continuous-bernoulli or gaussian (a new run: bernoulli; otherwise the checkpoint's).")
    var likelihood: String?
    @Option(parsing: .unconditional, help: "KL weight β (a new run: 1; otherwise the checkpoint's).") var beta: Float?
    @Option(parsing: .unconditional, help: "Generated training images, without --data (a new run: 20000; otherwise the checkpoint's).")
    var trainCount: Int?
    @Option(parsing: .unconditional, help: "Generated test images, without --data (a new run: 2000; otherwise the checkpoint's).")
    var testCount: Int?
    @Option(help: "Output folder.") var out = "vae-output"

    /// `--out` without trailing slashes, as messages and file paths name it.
    var folder: String {
        var folder = Substring(out)
        while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
        return String(folder)
    }

    var checkpointPath: String { "\(folder)/\(Checkpoint.fileName)" }

    /// Checked as the arguments are parsed, before any data is loaded.
    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out must name a folder, got ''") }
        if hidden != nil { _ = try hiddenSizes() }
        if likelihood != nil { _ = try likelihoodChoice() }
        if let latent {
            guard latent >= 1 else { throw ValidationError("--latent must be at least 1, got \(latent)") }
            guard latent <= Self.largestLayer else { throw ValidationError("--latent must be at most \(Self.largestLayer), got \(latent)") }
        }
        if let beta { guard beta > 0, beta.isFinite else { throw ValidationError("--beta must be positive and finite, got \(beta)") } }
        for (name, count) in [("--train-count", trainCount), ("--test-count", testCount)] {
            guard let count else { continue }
            guard count >= 1 else { throw ValidationError("\(name) must be at least 1, got \(count)") }
            guard count <= Self.largestGeneratedSet else {
                throw ValidationError("\(name) must be at most \(Self.largestGeneratedSet), got \(count)")
            }
        }
    }

    /// The widest layer accepted: 65,536 units, whose weights from a
    /// 784-pixel image already take 200 MB in Float; beyond it a typo
    /// would end in the allocator rather than in an error.
    static let largestLayer = 65_536

    /// The most generated images in a set: 500,000 glyphs of 784 Float
    /// pixels take 1.6 GB; beyond it a typo would end in the allocator.
    static let largestGeneratedSet = 500_000

    static let defaultVAE = (latent: 20, hidden: [400], likelihood: VariationalAutoencoder.Likelihood.bernoulli, beta: Float(1))
    static let defaultCounts = (train: 20_000, test: 2_000)

    private func hiddenSizes() throws -> [Int]? {
        guard let hidden else { return nil }
        let sizes = hidden.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--hidden must be positive sizes separated by commas, got '\(hidden)'")
        }
        guard sizes.allSatisfy({ $0! <= Self.largestLayer }) else {
            throw ValidationError("--hidden sizes must be at most \(Self.largestLayer), got '\(hidden)'")
        }
        return sizes.compactMap { $0 }
    }

    private func likelihoodChoice() throws -> VariationalAutoencoder.Likelihood? {
        guard let likelihood else { return nil }
        guard let choice = VariationalAutoencoder.Likelihood(rawValue: likelihood) else {
            throw ValidationError("--likelihood must be one of \(VariationalAutoencoder.Likelihood.allCases.map(\.rawValue).joined(separator: ", ")), got '\(likelihood)'")
        }
        return choice
    }

    /// The data: the folder given, or glyphs in the counts given, else those
    /// of `record` (a checkpoint's), else the defaults.
    /// - Throws: ``CommandError`` when `record` was trained on files and no `--data` is given.
    func loadData(record: Checkpoint.Record? = nil) throws -> (train: ImageDataSet, test: ImageDataSet) {
        if let data { return try ImageDataSet.load(folder: data) }
        if let source = record?.dataSource, source != "glyphs" {
            throw CommandError("\(checkpointPath) was trained on \(source), not on generated glyphs: give that data's folder with --data")
        }
        return try ImageDataSet.glyphs(
            trainCount: trainCount ?? record?.trainImages ?? Self.defaultCounts.train,
            testCount: testCount ?? record?.testImages ?? Self.defaultCounts.test, seed: 2026)
    }

    /// A trainer holding the checkpoint in `out`, with the checkpoint's
    /// architecture and settings (evaluation and sampling train nothing, so
    /// other data is allowed).
    /// - Throws: ``CommandError`` when an architecture option given disagrees with the checkpoint.
    func loadTraining() throws -> VAETraining {
        try checkCheckpointPlace()
        let record = try Checkpoint.record(at: checkpointPath)
        let conflicts = try architectureConflicts(with: record.vae)
        guard conflicts.isEmpty else {
            throw CommandError("\(conflicts.joined(separator: ", ")) disagree\(conflicts.count == 1 ? "s" : "") with the checkpoint \(checkpointPath); "
                + "eval and sample take the architecture from the checkpoint: leave these options out")
        }
        let (train, test) = try loadData(record: record)
        let settings = record.settings
        let training = try VAETraining(
            vae: record.vae, train: train, test: test, objective: settings?.objective ?? .analytic, particles: settings?.particles ?? 1,
            learningRate: settings?.learningRate ?? 1e-3, batchSize: Swift.min(settings?.batchSize ?? 128, train.count))
        _ = try Checkpoint.restore(training, from: checkpointPath, allowingChangedSettings: true)
        return training
    }

    /// Refuses an `--out` that is a file, or a checkpoint that is a folder,
    /// naming what is there instead of failing to open the checkpoint.
    private func checkCheckpointPlace() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw OutputError.notAFolder(path: folder)
        }
        if FileManager.default.fileExists(atPath: checkpointPath, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputError.notAFile(path: checkpointPath)
        }
    }

    /// The architecture options given whose values differ from `vae`'s, each as "--option value (the checkpoint's: value)".
    func architectureConflicts(with vae: VariationalAutoencoder) throws -> [String] {
        var conflicts: [String] = []
        if let latent, latent != vae.latentDimension { conflicts.append("--latent \(latent) (the checkpoint's: \(vae.latentDimension))") }
        if let sizes = try hiddenSizes(), sizes != vae.hidden {
            conflicts.append("--hidden \(hidden!) (the checkpoint's: \(vae.hidden.map(String.init).joined(separator: ",")))")
        }
        if let choice = try likelihoodChoice(), choice != vae.likelihood {
            conflicts.append("--likelihood \(choice.rawValue) (the checkpoint's: \(vae.likelihood.rawValue))")
        }
        if let beta, beta != vae.klWeight { conflicts.append("--beta \(beta) (the checkpoint's: \(vae.klWeight))") }
        return conflicts
    }

    /// The VAE the options describe, each architecture option not given
    /// taken from `base` (a checkpoint's VAE) or else the default.
    func makeVAE(pixels: Int, base: VariationalAutoencoder? = nil) throws -> VariationalAutoencoder {
        try VariationalAutoencoder(
            pixels: pixels, latentDimension: latent ?? base?.latentDimension ?? Self.defaultVAE.latent,
            hidden: hiddenSizes() ?? base?.hidden ?? Self.defaultVAE.hidden,
            likelihood: likelihoodChoice() ?? base?.likelihood ?? Self.defaultVAE.likelihood,
            klWeight: beta ?? base?.klWeight ?? Self.defaultVAE.beta)
    }
}
