import Foundation
import Latent
import LatentApplication

/// Where a VAE training step's time goes (784-400-20, batch 128, Float,
/// analytic KL): the loss alone, the loss with its gradients, the Adam
/// update, the minibatch's selection and binarisation, and the test ELBO
/// an epoch ends with, each beside the whole step measured in the same run. `LatentBenchmarks vae-phases`.
enum VAEPhases {
    static func run() throws {
        let training = try VAEBenchmark.warmedUpTraining()
        let step = try VAEBenchmark.secondsPerStep(training)
        let train = training.train

        // The per-epoch evaluation: the test ELBO over 2,000 images, scaled to MNIST's 10,000.
        let (few, evaluation) = try ImageDataSet.glyphs(trainCount: 128, testCount: 2_000, seed: 1)
        let evaluating = try VAETraining(vae: VariationalAutoencoder(), train: few, test: evaluation, batchSize: 128)
        try evaluating.trainEpoch()
        let testELBO = try secondsPerCall { _ = try evaluating.testELBO() } * 5
        let (svi, vae) = (training.svi, training.vae)
        let objective = try MeanFieldELBO<Float>()
        let indices = Array(0..<128)
        let images = try VAETraining.binarised(rows: indices, of: train.images, using: &training.generator)
        let model: (ModelContext<Float>) throws -> Void = { c in try vae.model(c, images: images, indices: indices, count: train.count) }
        let guide: (ModelContext<Float>) throws -> Void = { c in try vae.guide(c, images: images, indices: indices, count: train.count) }
        let loss = try secondsPerCall {
            _ = try withoutGradients { try objective.loss(model: model, guide: guide, context: svi.context) }
        }
        var gradients: [String: Tensor<Float>] = [:]
        let lossAndGradients = try secondsPerCall {
            var names: [String] = []
            let result = try valueWithGradients { (scope: DifferentiationScope<Float>) in
                let (value, tracked) = try svi.context.parameters.tracking(in: scope) {
                    try objective.loss(model: model, guide: guide, context: svi.context)
                }
                names = tracked
                return value
            }
            gradients = Dictionary(uniqueKeysWithValues: zip(names, result.gradients))
        }
        let minibatch = try secondsPerCall {
            consume(try VAETraining.binarised(rows: indices, of: train.images, using: &training.generator))
        }
        // A fixed number of updates: repeating one gradient for long would make the parameters diverge.
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<20 { try svi.optimizer.step(svi.context.parameters, gradients: gradients) }
        let adam = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / 20

        for (name, seconds) in [("loss (forward pass)", loss), ("loss and gradients", lossAndGradients),
                                ("Adam update (650k parameters)", adam), ("select and binarise 128 images", minibatch),
                                ("test ELBO of 10,000 images (once an epoch)", testELBO)] {
            report("  VAE step: \(name)", seconds * 1e3, unit: "ms", baseline: step * 1e3, baselineName: "whole step")
        }
    }
}

extension VAEPhases {
    /// The loss alone, 3,000 times on one minibatch, for a profiler:
    /// `perf record .build/release/LatentBenchmarks vae-forward-profile`.
    static func forwardProfile() throws {
        let training = try VAEBenchmark.warmedUpTraining()
        let (svi, vae, train) = (training.svi, training.vae, training.train)
        let objective = try MeanFieldELBO<Float>()
        let indices = Array(0..<128)
        let images = try VAETraining.binarised(rows: indices, of: train.images, using: &training.generator)
        let model: (ModelContext<Float>) throws -> Void = { c in try vae.model(c, images: images, indices: indices, count: train.count) }
        let guide: (ModelContext<Float>) throws -> Void = { c in try vae.guide(c, images: images, indices: indices, count: train.count) }
        for _ in 0..<3_000 {
            _ = try withoutGradients { try objective.loss(model: model, guide: guide, context: svi.context) }
        }
    }
}
