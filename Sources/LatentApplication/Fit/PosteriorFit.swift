import Foundation
import LatentCore
import LatentInference
import LatentModels

/// A bundled posterior fitted the way `latent fit` fits it: its data read
/// from posteriordb's JSON, `AutoMultivariateNormal` fitted with the
/// default settings (`AutoMultivariateNormal.fit(context:settings:progress:)`),
/// then joint draws from the fitted guide through the model, the guide's
/// diagnostics, and the InferenceData of it all.
public struct PosteriorFit {
    /// A model `latent fit` knows.
    public struct Model: Sendable {
        /// The name on the command line: `eight-schools`.
        public let name: String
        /// The posteriordb data file it is usually fitted to.
        public let dataFile: String
        /// Builds the model from a data file's values, throwing as the model's `init(data:)` does.
        public let make: @Sendable (StanData) throws -> any PosteriorDatabaseModel
    }

    /// The bundled posteriordb models, in the order `latent fit --help` lists them.
    public static let models: [Model] = [
        Model(name: "eight-schools", dataFile: "eight_schools.json", make: PosteriorDatabase.EightSchools.init(data:)),
        Model(name: "kidiq", dataFile: "kidiq.json", make: PosteriorDatabase.KidIQ.init(data:)),
        Model(name: "mesquite", dataFile: "mesquite.json", make: PosteriorDatabase.Mesquite.init(data:)),
        Model(name: "sblri", dataFile: "sblri.json", make: PosteriorDatabase.SBLRI.init(data:)),
        Model(name: "low-dim-gauss-mix", dataFile: "low_dim_gauss_mix.json", make: PosteriorDatabase.LowDimensionalGaussianMixture.init(data:)),
    ]

    /// The files ``write(to:)`` writes.
    public static let files = ["posterior.nc", "loss.svg", "forest.svg"]

    /// The model fitted.
    public let model: Model
    /// What the fit did: its losses, steps and whether it converged.
    public let report: FitReport<Double>
    /// The settings the fit used.
    public let settings: FitSettings<Double>
    /// Joint draws of every latent, deterministic and observed site.
    public let draws: [String: Tensor<Double>]
    /// How far the fitted guide can be trusted, from `diagnosticSamples` importance-weighted draws.
    public let diagnostics: GuideDiagnostics
    /// The draws, the observed data and the losses as ArviZ's InferenceData.
    public let inferenceData: InferenceData

    /// Fits `posterior`, bundled model `model` built on its data
    /// (`model.make(data)`, which checks the data before anything runs).
    /// - Parameters:
    ///   - model: the bundled model fitted, which names the outputs.
    ///   - posterior: that model on its data.
    ///   - settings: the fit's settings; the defaults when nil.
    ///   - seed: seeds the fit, the draws and the diagnostics.
    ///   - count: the number of joint draws.
    ///   - diagnosticSamples: the guide draws the diagnostics weigh.
    ///   - progress: told of the fit's progress, or `nil`.
    /// - Throws: `InferenceError` from the fit or the diagnostics.
    public init(
        _ model: Model, posterior: any PosteriorDatabaseModel, settings: FitSettings<Double>? = nil, seed: UInt64 = 2024,
        draws count: Int = 4_000, diagnosticSamples: Int = 10_000, progress: ProgressReporter? = nil
    ) throws {
        let run: (ModelContext<Double>) throws -> Void = { try posterior($0) }
        let context = ModelContext<Double>(seed: seed)
        let guide = AutoMultivariateNormal(model: run)
        let settings = try settings ?? FitSettings()
        report = try guide.fit(context: context, settings: settings, progress: progress)
        self.settings = settings
        let (draws, trace) = try withoutGradients {
            let draws = try Predictive(model: run, guide: guide).draw(count, in: context)
            let latent = try context.trace { try guide($0) }
            return (draws, try context.trace(replaying(latent, in: run)))
        }
        self.model = model
        self.draws = draws
        diagnostics = try GuideDiagnostics(model: run, guide: { try guide($0) }, context: context, samples: diagnosticSamples)
        inferenceData = try InferenceData(draws: draws, trace: trace, losses: report.losses, dimensions: posterior.dimensionNames)
    }

    /// The latent and deterministic sites, in the model's order: those
    /// ``InferenceData`` places in its `posterior` group.
    public var posteriorSites: [String] {
        inferenceData[group: "posterior"]?.variables.map(\.name) ?? []
    }

    /// Every scalar of the posterior sites as a forest plot's row, labelled
    /// `site`, `site[i]` or `site[i, j]` (0-based, as ArviZ labels them); a
    /// scalar none of whose draws is finite has no row.
    public var forestRows: [SVG.ForestRow] {
        posteriorSites.flatMap { site -> [SVG.ForestRow] in
            let stacked = draws[site]!
            let count = stacked.shape[0], width = stacked.count / max(count, 1)
            let shape = Array(stacked.shape.dropFirst()), scalars = stacked.scalars
            return (0..<width).compactMap { j in
                SVG.ForestRow(label: Self.label(site, element: j, of: shape), draws: (0..<count).map { scalars[$0 * width + j] })
            }
        }
    }

    /// ArviZ's label of element `element` (row-major) of a site of `shape`.
    static func label(_ site: String, element: Int, of shape: [Int]) -> String {
        guard !shape.isEmpty else { return site }
        var rest = element
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return "\(site)[\(index.map(String.init).joined(separator: ", "))]"
    }

    /// The summary `latent fit` prints: each posterior site's elementwise
    /// summary, then the fit's report and the guide's diagnostics.
    public var summary: String {
        var lines: [String] = []
        for site in posteriorSites {
            guard let summary = try? PosteriorSummary(draws: draws[site]!) else { continue }
            let text = summary.description.split(separator: "\n").map(String.init)
            if summary.shape.isEmpty {
                lines.append("\(site)  \(text[0])")
            } else {
                lines.append(site)
                lines += text.map { "  \($0)" }
            }
        }
        lines.append("fit: \(report)")
        lines.append("diagnostics: \(diagnostics)")
        return lines.joined(separator: "\n")
    }

    /// Writes ``files`` into `folder` (made when missing), each whole or not
    /// at all: the InferenceData, the loss curve and the forest plot.
    /// - Throws: ``OutputError`` for a folder that is a file or cannot be
    ///   made, or a file that cannot be written; ``NetCDFError``.
    public func write(to folder: String) throws {
        try Self.prepareFolder(folder)
        try inferenceData.write(to: "\(folder)/posterior.nc")
        let name = model.name
        try AtomicFile.write(
            SVG.lossCurve(
                title: "\(name): loss per SVI step", losses: report.losses, window: settings.window, ruleStart: settings.adaptationSteps, ruleSteps: report.steps,
                averagingSteps: report.averagingSteps, converged: report.converged),
            to: "\(folder)/loss.svg")
        try AtomicFile.write(SVG.forest(title: "\(name): posterior means, 50 % and 90 % intervals", rows: forestRows), to: "\(folder)/forest.svg")
    }

    /// Makes `folder` when it is missing, so that a fit can check where its
    /// outputs go before it starts.
    /// - Throws: ``OutputError/notAFolder(path:)`` for a path that is a file,
    ///   ``OutputError/cannotWrite(path:reason:)`` when it cannot be made or
    ///   written into.
    public static func prepareFolder(_ folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw OutputError.notAFolder(path: folder) }
            guard access(folder, W_OK) == 0 else { throw OutputError.cannotWrite(path: folder, reason: lastSystemError()) }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotWrite(path: folder, reason: (error as NSError).localizedDescription)
        }
    }
}
