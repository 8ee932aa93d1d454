import Latent
import Foundation

enum PhaseProbe {
    static func run() throws {
        flushSubnormalsToZero()
        let (train, test) = try ImageDataSet.glyphs(trainCount: 1_280, testCount: 128, seed: 1)
        let training = try VAETraining(vae: VariationalAutoencoder(), train: train, test: test, batchSize: 128)
        try training.trainEpoch()
        let svi = training.svi
        let objective = try MeanFieldELBO<Float>()
        let vae = training.vae
        let images = try train.images.selecting(Array(0..<128), alongAxis: 0)
        let bin = try VAETraining.binarised(images, using: &training.generator)
        let idx = Array(0..<128)
        let model: (ModelContext<Float>) throws -> Void = { c in try vae.model(c, images: bin, indices: idx, count: 1280) }
        let guide: (ModelContext<Float>) throws -> Void = { c in try vae.guide(c, images: bin, indices: idx, count: 1280) }
        if CommandLine.arguments.count > 2 {
            for _ in 0..<2000 { _ = try withoutGradients { try objective.loss(model: model, guide: guide, context: svi.context) } }
            return
        }
        let forward = try secondsPerCall { _ = try withoutGradients { try objective.loss(model: model, guide: guide, context: svi.context) } }
        var grads: [Tensor<Float>] = []
        var names: [String] = []
        let both = try secondsPerCall {
            let r = try valueWithGradients { (scope: DifferentiationScope<Float>) in
                let (loss, tracked) = try svi.context.parameters.tracking(in: scope) {
                    try objective.loss(model: model, guide: guide, context: svi.context)
                }
                names = tracked
                return loss
            }
            grads = r.gradients
        }
        let dict = Dictionary(uniqueKeysWithValues: zip(names, grads))
        let binar = try secondsPerCall { _ = try VAETraining.binarised(try train.images.selecting(idx, alongAxis: 0), using: &training.generator) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<20 { try svi.optimizer.step(svi.context.parameters, gradients: dict) }
        let adam = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 / 20
        let step = 0.0
        print(String(format: "forward %.3f ms, forward+backward %.3f ms, adam %.3f ms, select+binarise %.3f ms, svi.step %.3f ms", forward*1e3, both*1e3, adam*1e3, binar*1e3, step*1e3))
    }
}
