import ArgumentParser
import Foundation
import Latent
import LatentApplication

/// `latent vae train`: fits the VAE and writes its pictures, metrics and checkpoint.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the VAE (on generated glyph digits unless --data names MNIST's files).")

    @OptionGroup var options: VAEOptions
    @Option(parsing: .unconditional, help: "Passes over the training set.") var epochs = 10
    @Option(parsing: .unconditional, help: "Minibatch size.") var batchSize = 128
    @Option(parsing: .unconditional, help: "Adam's learning rate.") var learningRate: Float = 1e-3
    @Option(help: "Objective: trace (Monte Carlo KL), analytic (Gaussian KL) or iwae.") var objective = "analytic"
    @Option(parsing: .unconditional, help: "Particles per image (K for iwae).") var particles = 1
    @Option(parsing: .unconditional, help: "Random seed for initialisation, data order and binarisation.") var seed: UInt64 = 0
    @Flag(help: "Continue from the checkpoint in --out.") var resume = false

    func validate() throws {
        guard VAETraining.ObjectiveChoice(rawValue: objective) != nil else {
            throw ValidationError("--objective must be one of \(VAETraining.ObjectiveChoice.allCases.map(\.rawValue).joined(separator: ", ")), got '\(objective)'")
        }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
        if options.data == nil, batchSize > options.trainCount {
            throw ValidationError("--batch-size must be at most --train-count, \(options.trainCount), got \(batchSize)")
        }
        guard particles >= 1 else { throw ValidationError("--particles must be at least 1, got \(particles)") }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--learning-rate must be positive and finite, got \(learningRate)")
        }
    }

    func run() throws {
        flushSubnormalsToZero()
        let objectiveChoice = VAETraining.ObjectiveChoice(rawValue: objective)!
        let (train, test) = try options.loadData()
        let vae = try options.makeVAE(pixels: train.pixels)
        let training = try VAETraining(
            vae: vae, train: train, test: test, objective: objectiveChoice, particles: particles,
            learningRate: learningRate, batchSize: batchSize, seed: seed)
        try FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
        var history = TrainingHistory()
        if resume {
            history = try Checkpoint.restore(training, from: options.checkpointPath)
            print("resumed after epoch \(training.epoch) from \(options.checkpointPath)")
        }
        let reporter = EpochReporter(epochs: epochs)
        while training.epoch < epochs {
            let started = Date()
            let loss = try training.trainEpoch { batch, batches, running in
                reporter.batch(epoch: training.epoch + 1, batch: batch, of: batches, loss: running, since: started)
            }
            let testELBO = try training.testELBO()
            history.record(trainELBO: -loss, testELBO: testELBO, seconds: Date().timeIntervalSince(started))
            reporter.epoch(training.epoch, trainELBO: -loss, testELBO: testELBO, seconds: Date().timeIntervalSince(started))
            try Checkpoint.save(training, history: history, to: options.checkpointPath)
        }
        try VAEReport.write(training, history: history, to: options.out)
        print("wrote \(options.out)/samples.png, reconstructions.png, loss.svg, latent.svg, metrics.json, checkpoint.safetensors")
    }
}
