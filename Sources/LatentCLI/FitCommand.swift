import ArgumentParser
import Foundation
import Latent
import LatentApplication

/// `latent fit MODEL --data FILE --out DIR`: fits a bundled posteriordb model
/// to data in posteriordb's JSON with the default settings, prints the
/// summary and diagnostics, and writes `posterior.nc` (ArviZ InferenceData),
/// `loss.svg` and `forest.svg` into the folder.
///
/// Outputs already in the folder are refused unless `--overwrite`, before
/// the fit starts, as `vae train` refuses a run already there.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a bundled model to posteriordb-format data; write posterior.nc, loss.svg and forest.svg.",
        discussion: "Models: " + PosteriorFit.models.map { "\($0.name) (data like \($0.dataFile))" }.joined(separator: ", ")
            + ". posterior.nc opens in ArviZ: arviz.from_netcdf(\"DIR/posterior.nc\").")

    @Argument(help: "The model: \(PosteriorFit.models.map(\.name).joined(separator: ", ")).") var model: String
    @Option(parsing: .unconditional, help: "The data, a posteriordb JSON file.") var data: String
    @Option(parsing: .unconditional, help: "The folder for posterior.nc, loss.svg and forest.svg (made when missing).") var out: String
    @Option(parsing: .unconditional, help: "Random seed of the fit and the draws.") var seed: UInt64 = 2024
    @Option(parsing: .unconditional, help: "Joint posterior draws to summarise and write (100 to 1000000).") var draws = 4_000
    @Flag(help: "Replace the outputs if --out holds them already.") var overwrite = false

    func validate() throws {
        guard PosteriorFit.models.contains(where: { $0.name == model }) else {
            throw ValidationError("unknown model '\(model)'; the models are \(PosteriorFit.models.map(\.name).joined(separator: ", "))")
        }
        guard !out.isEmpty else { throw ValidationError("--out must name a folder, got ''") }
        guard (100...1_000_000).contains(draws) else { throw ValidationError("--draws must be in 100…1000000, got \(draws)") }
    }

    func run() throws {
        try requireSingleProcess("fit")
        for file in PosteriorFit.files {
            let path = "\(out)/\(file)"
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            guard !isFolder.boolValue else { throw OutputError.notAFile(path: path) }
            guard overwrite else { throw CommandError("\(path) already exists: pass --overwrite to replace the fit's outputs, or choose another --out") }
        }
        let chosen = PosteriorFit.models.first { $0.name == model }!
        let stanData = try StanData(contentsOf: data)
        // Data the model refuses and a folder that cannot be one are named
        // before the fit, which takes seconds.
        let posterior = try chosen.make(stanData)
        try PosteriorFit.prepareFolder(out)
        // The fit stops when its rule holds, so the total is the most it may take.
        let settings = try FitSettings<Double>()
        let fit = try PosteriorFit(
            chosen, posterior: posterior, settings: settings, seed: seed, draws: draws,
            progress: ProgressReporter(total: settings.mostSteps))
        // A terminal's progress line is redrawn in place and ends only at the total.
        if isatty(STDOUT_FILENO) != 0 { print("") }
        print(fit.summary)
        try fit.write(to: out)
        print("wrote \(PosteriorFit.files.map { "\(out)/\($0)" }.joined(separator: ", "))")
    }
}
