import Foundation
import LatentModels

/// The pictures and metrics a fitted VAE leaves in its output folder.
public enum VAEReport {
    /// The names of the files ``write(_:history:to:logLikelihood:)`` writes.
    public static let fileNames = ["samples.png", "reconstructions.png", "loss.svg", "latent.svg", "metrics.json"]

    /// The names of the prior samples drawn with a chosen seed, `samples-SEED.png`.
    public static let samplesBySeed = RunFiles.NumberedName(prefix: "samples-", suffix: ".png")

    /// Writes samples.png, reconstructions.png, loss.svg, latent.svg and
    /// metrics.json into `folder`, each atomically.
    public static func write(_ training: VAETraining, history: TrainingHistory, to folder: String, logLikelihood: Double? = nil) throws {
        let side = training.test.side
        let samples = try training.priorSamples(count: 64)
        let grid = PNG.grid(samples, side: side, columns: 8)
        try AtomicFile.write(PNG.encode(grey: grid.grey, width: grid.width, height: grid.height), to: "\(folder)/samples.png")
        let (inputs, outputs) = try training.reconstructions(count: 32)
        // Pairs side by side: input, reconstruction, input, reconstruction…
        let pairs = zip(inputs, outputs).flatMap { [$0, $1] }
        let pairGrid = PNG.grid(pairs, side: side, columns: 8)
        try AtomicFile.write(PNG.encode(grey: pairGrid.grey, width: pairGrid.width, height: pairGrid.height), to: "\(folder)/reconstructions.png")
        let chart = SVG.lineChart(title: "ELBO per epoch (nats/image)", xLabel: "epoch", yLabel: "ELBO", series: [
            SVG.Series(name: "train", values: history.trainELBO, colour: "#1f77b4"),
            SVG.Series(name: "test", values: history.testELBO, colour: "#ff7f0e"),
        ])
        try AtomicFile.write(chart, to: "\(folder)/loss.svg")
        let points = try training.latentMeans2D(limit: 2_000)
        let title = training.vae.latentDimension == 2 ? "Latent means of test images" : "Latent means, two leading principal axes"
        try AtomicFile.write(SVG.scatter(title: title, points: points, labels: training.test.labels.map { Array($0.prefix(points.count)) }),
                             to: "\(folder)/latent.svg")
        // JSON has no NaN or infinity: a non-finite value is written as null.
        func numbers(_ values: [Double]) -> [Any] { values.map { $0.isFinite ? $0 as Any : NSNull() } }
        var metrics: [String: Any] = [
            "epochs": training.epoch, "train_elbo": numbers(history.trainELBO), "test_elbo": numbers(history.testELBO),
            "seconds_per_epoch": numbers(history.seconds),
            "latent": training.vae.latentDimension, "hidden": training.vae.hidden, "likelihood": training.vae.likelihood.rawValue,
        ]
        if let logLikelihood { metrics["test_log_likelihood"] = numbers([logLikelihood])[0] }
        let json = try JSONSerialization.data(withJSONObject: metrics, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(Array(json), to: "\(folder)/metrics.json")
    }
}
