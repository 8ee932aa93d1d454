import ArgumentParser
import Foundation
import Latent
import LatentApplication
import LatentDistributed

/// `latent vae train`: fits the VAE and writes its pictures, metrics and checkpoint.
///
/// The output folder is checked (a folder, writable) and locked before any
/// data is loaded; a folder that already holds a run is refused unless the
/// run is resumed or explicitly overwritten.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the VAE (on generated glyph digits unless --data names MNIST's files).")

    @OptionGroup var options: VAEOptions
    @Option(parsing: .unconditional, help: "Passes over the training set (in all, counting those a resumed run has done).") var epochs = 10
    @Option(parsing: .unconditional, help: "Minibatch size (a new run: 128; with --resume the checkpoint's).") var batchSize: Int?
    @Option(parsing: .unconditional, help: "Adam's learning rate (a new run: 0.001; with --resume the checkpoint's).") var learningRate: Float?
    @Option(help: "Objective: trace (Monte Carlo KL), analytic (Gaussian KL) or iwae (a new run: analytic; with --resume the checkpoint's).")
    var objective: String?
    @Option(parsing: .unconditional, help: "Particles per image, K for iwae (a new run: 1; with --resume the checkpoint's).") var particles: Int?
    @Option(parsing: .unconditional, help: "Random seed for initialisation, data order and binarisation (a resumed run continues its own streams).")
    var seed: UInt64 = 0
    @Flag(help: "Continue the run whose checkpoint is in --out; every setting not given is the checkpoint's.") var resume = false
    @Flag(help: "Replace the run --out holds (its checkpoint and pictures stay until the new run saves its first epoch).")
    var overwrite = false
    @Flag(help: "With --resume: continue with a learning rate, batch size, objective, particles or data other than the checkpoint's.")
    var allowChangedHyperparameters = false

    /// The most particles per image: 5,000, as for `eval`; each is a full
    /// pass of the encoder and decoder over the minibatch.
    static let mostParticles = 5_000

    func validate() throws {
        if let objective, VAETraining.ObjectiveChoice(rawValue: objective) == nil {
            throw ValidationError("--objective must be one of \(VAETraining.ObjectiveChoice.allCases.map(\.rawValue).joined(separator: ", ")), got '\(objective)'")
        }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        if let batchSize {
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
            if options.data == nil, !resume, batchSize > options.trainCount ?? VAEOptions.defaultCounts.train {
                throw ValidationError("--batch-size must be at most --train-count, \(options.trainCount ?? VAEOptions.defaultCounts.train), got \(batchSize)")
            }
        }
        if let particles {
            guard (1...Self.mostParticles).contains(particles) else {
                throw ValidationError("--particles must be in 1…\(Self.mostParticles), got \(particles)")
            }
        }
        if let learningRate {
            guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate must be positive and finite, got \(learningRate)") }
        }
        guard !(resume && overwrite) else { throw ValidationError("--resume and --overwrite exclude each other: continue the run or replace it") }
        guard !allowChangedHyperparameters || resume else { throw ValidationError("--allow-changed-hyperparameters applies only with --resume") }
    }

    func run() throws {
        flushSubnormalsToZero()
        guard MPICommunicator.isLaunchedByMPI else { return try train(world: nil) }
        // Under mpirun: an error on any rank ends the job, named, instead of leaving the others waiting.
        let world = try MPICommunicator.world()
        do {
            try train(world: world)
        } catch {
            world.abort(code: 1, message: "Error: \(error)")
        }
    }

    /// The run, spread over `world`'s ranks when there is one: each rank
    /// trains on its share of every minibatch, and rank 0 alone owns the
    /// folder, writes and reports.
    private func train(world: MPICommunicator?) throws {
        guard world?.rank ?? 0 == 0 else { return try trainWithoutOutputs(world: world!) }
        let folder = try openFolder()
        defer { folder.release() }
        if !folder.removedOrphans.isEmpty {
            say("removed \(folder.removedOrphans.count) temporary file(s) an interrupted write left: \(folder.removedOrphans.joined(separator: ", "))")
        }
        if !folder.earlierRun.isEmpty {
            say("replacing the run in \(options.folder): \(folder.earlierRun.joined(separator: ", ")) stay until the first epoch is saved")
        }
        let (training, settings, restoredHistory) = try makeTraining()
        var history = restoredHistory
        if resume {
            say("resumed after epoch \(training.epoch) from \(options.checkpointPath)")
            if training.epoch >= epochs { say("the checkpoint has done \(training.epoch) of --epochs \(epochs): nothing to train; rewriting the report") }
        }
        if let world {
            try training.spread(over: world)
            say("training on \(world.size) processes, each on its share of every minibatch of \(settings.batchSize)")
        }
        let reporter = EpochReporter(epochs: epochs)
        while training.epoch < epochs {
            let started = Date()
            let loss = try training.trainEpoch { batch, batches, running in
                reporter.batch(epoch: training.epoch + 1, batch: batch, of: batches, loss: running, since: started)
            }
            let testELBO = try training.testELBO()
            history.record(trainELBO: -loss, testELBO: testELBO, seconds: Date().timeIntervalSince(started))
            try folder.retireEarlierRun()
            try Checkpoint.save(training, history: history, to: options.checkpointPath)
            // Only now: an epoch shown as done is one a kill cannot take back.
            reporter.epoch(training.epoch, trainELBO: -loss, testELBO: testELBO, seconds: Date().timeIntervalSince(started))
        }
        do {
            try VAEReport.write(training, history: history, to: options.folder)
        } catch let error as OutputError {
            throw CommandError("\(error); the trained run is kept in \(options.checkpointPath): once the fault is mended, "
                + "latent vae train --out \(shellQuoted(options.folder)) --resume --epochs \(epochs) writes the report again")
        }
        say("wrote \(options.folder)/\((VAEReport.fileNames + [Checkpoint.fileName]).joined(separator: ", "))")
    }

    /// A rank other than 0: the same training on its shares, from the same
    /// data, settings and checkpoint, writing nothing.
    private func trainWithoutOutputs(world: MPICommunicator) throws {
        let (training, _, _) = try makeTraining()
        try training.spread(over: world)
        while training.epoch < epochs {
            try training.trainEpoch()
            // Its draws move the shared stream on, as on rank 0.
            _ = try training.testELBO()
        }
    }

    /// The trainer for the data and settings given (each missing setting
    /// the checkpoint's when resuming), restored from the checkpoint when
    /// resuming, with the settings and the history so far.
    private func makeTraining() throws -> (VAETraining, TrainingSettings, TrainingHistory) {
        let record = resume ? try Checkpoint.record(at: options.checkpointPath) : nil
        let (train, test) = try options.loadData(record: record)
        let settings = try settings(record: record, trainingImages: train.count)
        let training = try VAETraining(
            vae: options.makeVAE(pixels: train.pixels, base: record?.vae), train: train, test: test, objective: settings.objective,
            particles: settings.particles, learningRate: settings.learningRate, batchSize: settings.batchSize, seed: seed)
        guard resume else { return (training, settings, TrainingHistory()) }
        let history = try explained {
            try Checkpoint.restore(training, from: options.checkpointPath, allowingChangedSettings: allowChangedHyperparameters)
        }
        return (training, settings, history)
    }

    /// Writes `line` unbuffered, so that it keeps its place among the
    /// reporter's epoch lines in a pipe or a log.
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The output folder, checked and locked for this run.
    private func openFolder() throws -> RunFolder {
        try explained {
            try RunFolder(path: options.folder, intent: resume ? .resume : overwrite ? .overwrite : .start, files: .vae)
        }
    }

    /// The settings given, each missing one taken from the checkpoint's
    /// record when resuming, or else the default.
    private func settings(record: Checkpoint.Record?, trainingImages: Int) throws -> TrainingSettings {
        let recorded = record?.settings
        let chosen = TrainingSettings(
            objective: objective.flatMap(VAETraining.ObjectiveChoice.init(rawValue:)) ?? recorded?.objective ?? .analytic,
            particles: particles ?? recorded?.particles ?? 1, learningRate: learningRate ?? recorded?.learningRate ?? 1e-3,
            batchSize: batchSize ?? recorded?.batchSize ?? Swift.min(128, trainingImages))
        guard chosen.batchSize <= trainingImages else {
            throw CommandError("--batch-size must be at most the \(trainingImages) training images, got \(chosen.batchSize)")
        }
        return chosen
    }

    /// Runs `body`, restating the errors whose remedy is one of this command's flags.
    private func explained<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let OutputError.holdsARun(folder, file) {
            throw CommandError("\(folder) already holds a run (\(file)): pass --resume to continue it or --overwrite to replace it")
        } catch let OutputError.nothingToResume(folder, checkpoint) {
            throw CommandError("--resume: \(folder) holds no \(checkpoint) (start a new run without --resume)")
        } catch let CheckpointError.settingsDiffer(path, differences) {
            throw CommandError("\(path): --resume would not continue the run exactly: \(differences.map(\.description).joined(separator: "; ")). "
                + "Leave these options out to use the checkpoint's values, or pass --allow-changed-hyperparameters to change them deliberately")
        }
    }
}
