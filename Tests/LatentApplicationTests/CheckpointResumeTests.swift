import Foundation
import LatentApplication
import LatentCore
import LatentModels
import Testing

/// A checkpoint after one epoch of `smallTraining(seed: 3)`, in a new folder.
private func savedCheckpoint() throws -> (folder: String, path: String) {
    let folder = try temporaryFolder()
    let training = try smallTraining(seed: 3)
    var history = TrainingHistory()
    history.record(trainELBO: -(try training.trainEpoch()), testELBO: try training.testELBO(), seconds: 0)
    let path = "\(folder)/checkpoint.safetensors"
    try Checkpoint.save(training, history: history, to: path)
    return (folder, path)
}

/// The checkpoint at `path` rewritten with `change` applied to its tensors and metadata.
private func tamper(_ path: String, _ change: (inout [String: Tensor<Float>], inout [String: String]) throws -> Void) throws {
    var (tensors, metadata) = try SafeTensors.decode(Array(try #require(FileManager.default.contents(atPath: path))), path: path)
    try change(&tensors, &metadata)
    try AtomicFile.write(SafeTensors.encode(tensors.map { ($0.key, $0.value) }, metadata: metadata), to: path)
}

/// The small trainer with one setting changed.
private func training(
    objective: VAETraining.ObjectiveChoice = .analytic, particles: Int = 1, learningRate: Float = 3e-3, batchSize: Int = 50, trainCount: Int = 400
) throws -> VAETraining {
    let (train, test) = try ImageDataSet.glyphs(trainCount: trainCount, testCount: 100, seed: 7)
    let vae = try VariationalAutoencoder(latentDimension: 4, hidden: [48])
    return try VAETraining(vae: vae, train: train, test: test, objective: objective, particles: particles, learningRate: learningRate, batchSize: batchSize)
}

@Suite("Resuming exactly or not at all", .serialized)
struct CheckpointResumeTests {
    /// A trainer built as the checkpoint's run was resumes; one with another
    /// learning rate, batch size, objective, particle count or training set
    /// is refused with the setting, the recorded and the requested value,
    /// and is accepted when the change is allowed explicitly.
    @Test(arguments: [
        ("learning rate", "0.003", "0.01"), ("batch size", "50", "40"), ("objective", "analytic", "trace"),
        ("particles", "1", "3"), ("training images", "400", "300"),
    ])
    func otherSettingsAreRefusedNamingWhatDiffers(_ setting: String, _ recorded: String, _ requested: String) throws {
        let (folder, path) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Checkpoint.restore(try training(), from: path)
        let changed = switch setting {
        case "learning rate": try training(learningRate: 0.01)
        case "batch size": try training(batchSize: 40)
        case "objective": try training(objective: .trace)
        case "particles": try training(particles: 3)
        default: try training(trainCount: 300)
        }
        let error = try #require(throws: CheckpointError.self) { try Checkpoint.restore(changed, from: path) }
        guard case let .settingsDiffer(errorPath, differences) = error else { Issue.record("\(error)"); return }
        #expect(errorPath == path)
        #expect(differences.contains(CheckpointError.Difference(setting: setting, recorded: recorded, requested: requested)), "\(differences)")
        #expect(changed.epoch == 0)
        _ = try Checkpoint.restore(changed, from: path, allowingChangedSettings: true)
        #expect(changed.epoch == 1)
    }

    /// Another architecture is refused even when changes are allowed.
    @Test func anotherArchitectureIsRefused() throws {
        let (folder, path) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (train, test) = try ImageDataSet.glyphs(trainCount: 400, testCount: 100, seed: 7)
        let wider = try VAETraining(vae: VariationalAutoencoder(latentDimension: 4, hidden: [64]), train: train, test: test, learningRate: 3e-3, batchSize: 50)
        #expect(throws: CheckpointError.architectureDiffers(path: path, differences: [.init(setting: "hidden layers", recorded: "48", requested: "64")])) {
            try Checkpoint.restore(wider, from: path, allowingChangedSettings: true)
        }
    }

    /// A recorded architecture that the file's parameters cannot stand for
    /// (a hostile layer of 10⁹ units, an empty or non-numeric entry) is
    /// refused before anything is built from it, not found in the allocator.
    @Test(arguments: ["1000000000", "48,,48", "48,x", "-48", "0"])
    func aRecordedArchitectureMustFitTheFile(_ hidden: String) throws {
        let (folder, path) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Checkpoint.record(at: path).vae.hidden == [48])
        try tamper(path) { _, metadata in metadata["vae.hidden"] = hidden }
        #expect(throws: DataError.self) { try Checkpoint.record(at: path) }
    }

    /// States no run leaves are refused with a typed error: Adam's moments
    /// missing (all, or one parameter's), a negative epoch, an all-zero
    /// random stream, a NaN parameter; and a checkpoint without recorded
    /// settings (an older file) is refused unless changes are allowed.
    @Test func statesNoRunLeavesAreRefused() throws {
        let (folder, path) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let original = try #require(FileManager.default.contents(atPath: path))
        let probe = try training()
        try probe.createParameters()
        let names = probe.svi.context.parameters.names.sorted()
        let (first, last) = (try #require(names.first), try #require(names.last))
        func restoring(_ change: (inout [String: Tensor<Float>], inout [String: String]) throws -> Void) throws -> any Error {
            try original.write(to: URL(fileURLWithPath: path))
            try tamper(path, change)
            return try #require(throws: (any Error).self) { try Checkpoint.restore(try training(), from: path) }
        }
        let withoutAdam = try restoring { tensors, _ in tensors = tensors.filter { !$0.key.hasPrefix("adam.") } }
        guard case CheckpointError.optimizerState(path, _, let reason) = withoutAdam else { Issue.record("\(withoutAdam)"); return }
        #expect(reason.contains("missing"))
        let oneMissing = try restoring { tensors, _ in tensors["adam.second/\(last)"] = nil }
        #expect(oneMissing as? CheckpointError == .optimizerState(path: path, parameter: last, reason: "is missing (first and second moments and step count needed)"),
                "\(oneMissing)")
        let negative = try restoring { _, metadata in metadata["epoch"] = "-3" }
        #expect(negative as? CheckpointError == .negativeEpoch(path: path, epoch: -3))
        let zero = try restoring { _, metadata in metadata["rng.data"] = "0,0,0,0" }
        #expect(zero as? CheckpointError == .degenerateGenerator(path: path, stream: "rng.data"))
        let notANumber = try restoring { tensors, _ in
            let value = try #require(tensors["parameter/\(first)"])
            var scalars = value.scalars
            scalars[scalars.count - 1] = .nan
            tensors["parameter/\(first)"] = try Tensor(shape: value.shape, scalars: scalars)
        }
        #expect(notANumber as? CheckpointError == .nonFiniteParameter(path: path, parameter: first))
        let older = try restoring { _, metadata in metadata = metadata.filter { !$0.key.hasPrefix("train.") && !$0.key.hasPrefix("data.") } }
        guard case let CheckpointError.settingsDiffer(_, differences) = older else { Issue.record("\(older)"); return }
        #expect(differences.contains(.init(setting: "learning rate", recorded: "not recorded", requested: "0.003")))
        _ = try Checkpoint.restore(try training(), from: path, allowingChangedSettings: true)
    }
}

@Suite("Non-finite figures in a run's files")
struct NonFiniteFiguresTests {
    /// A test ELBO of −∞ (JSON has no such number) neither fails the
    /// checkpoint nor the report: the checkpoint's history reads back equal
    /// and metrics.json holds null in its place.
    @Test func aNonFiniteELBOIsSavedAndReported() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let trainer = try smallTraining(seed: 4)
        try trainer.trainEpoch()
        var history = TrainingHistory()
        history.record(trainELBO: -500, testELBO: -.infinity, seconds: 1)
        try Checkpoint.save(trainer, history: history, to: "\(folder)/checkpoint.safetensors")
        #expect(try Checkpoint.restore(try smallTraining(seed: 4), from: "\(folder)/checkpoint.safetensors") == history)
        try VAEReport.write(trainer, history: history, to: folder)
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/metrics.json"))) as? [String: Any]
        #expect((metrics?["test_elbo"] as? [Any])?.first is NSNull)
        #expect((metrics?["train_elbo"] as? [Double]) == [-500])
    }
}
