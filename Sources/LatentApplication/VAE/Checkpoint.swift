import Foundation
import LatentCore
import LatentInference
import LatentModels

/// A training run saved whole: every parameter, Adam's moments, both random
/// streams, the epoch, the history, the architecture, the training settings
/// and a fingerprint of the training images, in one safetensors file
/// written atomically. Restoring it into a trainer built with the same
/// settings continues the run exactly as if it had not stopped; a trainer
/// built otherwise, or a file whose state no run could have left, is refused.
public enum Checkpoint {
    /// The checkpoint's name inside a run folder.
    public static let fileName = "checkpoint.safetensors"

    /// Writes `training`'s whole state and `history` to `path`, atomically.
    /// - Parameters:
    ///   - training: the trainer whose parameters, Adam moments, random
    ///     streams, epoch, architecture and settings are saved.
    ///   - history: the history so far, kept as JSON in the metadata.
    ///   - path: the safetensors file to write (replaced whole).
    /// - Throws: ``OutputError`` when the file cannot be written.
    public static func save(_ training: VAETraining, history: TrainingHistory, to path: String) throws {
        let store = training.svi.context.parameters
        var tensors: [(name: String, tensor: Tensor<Float>)] = store.names.compactMap { name in
            store.unconstrainedValue(name).map { ("parameter/\(name)", $0) }
        }
        var metadata = try architecture(training.vae).merging(runSettings(training)) { $1 }
        if let adam = training.svi.optimizer as? Adam<Float> {
            for (name, moments) in adam.moments {
                tensors.append(("adam.first/\(name)", moments.first))
                tensors.append(("adam.second/\(name)", moments.second))
                metadata["adam.steps/\(name)"] = "\(moments.steps)"
            }
        }
        metadata["data.testImages"] = "\(training.test.count)"
        metadata["data.source"] = training.train.source
        metadata["epoch"] = "\(training.epoch)"
        metadata["rng.model"] = words(training.svi.context.generator)
        metadata["rng.data"] = words(training.generator)
        metadata["history"] = String(decoding: try historyEncoder.encode(history), as: UTF8.self)
        try AtomicFile.write(SafeTensors.encode(tensors, metadata: metadata), to: path)
    }

    /// Loads `path` into `training` and returns the history so far. No
    /// parameter value, optimiser state, epoch or random stream of
    /// `training` changes unless the whole checkpoint is accepted.
    /// - Parameters:
    ///   - training: the trainer to restore into, built with the
    ///     checkpoint's architecture (and, unless `allowingChangedSettings`,
    ///     its training settings).
    ///   - path: the safetensors file that ``save(_:history:to:)`` wrote.
    ///   - allowingChangedSettings: continue with `training`'s own
    ///     learning rate, batch size, objective, particles and data where they
    ///     differ from the checkpoint's (a deliberate change; the architecture
    ///     must still agree).
    /// - Throws: ``DataError`` naming the file when it is missing or
    ///   malformed; ``CheckpointError`` when it is of another architecture,
    ///   was trained with other settings, or holds a state no run leaves
    ///   (Adam's moments missing, a negative epoch, an all-zero random
    ///   stream, a non-finite parameter).
    public static func restore(_ training: VAETraining, from path: String, allowingChangedSettings: Bool = false) throws -> TrainingHistory {
        let (tensors, metadata) = try read(path)
        let architectureChanges = differences(recorded: metadata, requested: try architecture(training.vae), names: architectureNames)
        guard architectureChanges.isEmpty else { throw CheckpointError.architectureDiffers(path: path, differences: architectureChanges) }
        let settingChanges = differences(recorded: metadata, requested: runSettings(training), names: settingNames)
        if !settingChanges.isEmpty, !allowingChangedSettings {
            throw CheckpointError.settingsDiffer(path: path, differences: settingChanges)
        }
        guard let epoch = metadata["epoch"].flatMap(Int.init), let model = generator(metadata["rng.model"]),
              let order = generator(metadata["rng.data"]),
              let history = metadata["history"].flatMap({ try? historyDecoder.decode(TrainingHistory.self, from: Data($0.utf8)) })
        else {
            throw DataError.dimensionMismatch(path: path, reason: "the epoch, random streams or history are missing")
        }
        guard epoch >= 0 else { throw CheckpointError.negativeEpoch(path: path, epoch: epoch) }
        for (stream, state) in [("rng.model", model), ("rng.data", order)] where state == (0, 0, 0, 0) {
            throw CheckpointError.degenerateGenerator(path: path, stream: stream)
        }
        try training.createParameters()
        let store = training.svi.context.parameters
        var values: [String: Tensor<Float>] = [:]
        for name in store.names {
            guard let value = tensors["parameter/\(name)"], value.shape == store.unconstrainedValue(name)?.shape else {
                throw DataError.dimensionMismatch(path: path, reason: "parameter '\(name)' is missing or has the wrong shape")
            }
            guard value.isFinite else { throw CheckpointError.nonFiniteParameter(path: path, parameter: name) }
            values[name] = value
        }
        let moments = try adamMoments(tensors, metadata, parameters: values, epoch: epoch, path: path)
        for (name, value) in values { store.setUnconstrainedValue(name, value) }
        if let adam = training.svi.optimizer as? Adam<Float> { adam.moments = moments }
        training.epoch = epoch
        training.svi.context.generator = Xoshiro256PlusPlus(state: model)
        training.generator = Xoshiro256PlusPlus(state: order)
        return history
    }

    /// What a checkpoint records of its run besides its tensors.
    public struct Record {
        /// A VAE of the recorded architecture; its parameters are the
        /// checkpoint's tensors, which ``restore(_:from:allowingChangedSettings:)`` loads.
        public let vae: VariationalAutoencoder
        /// Nil in checkpoints written before settings were recorded.
        public let settings: TrainingSettings?
        /// How many training images the run had, when recorded.
        public let trainImages: Int?
        /// How many test images the run had, when recorded.
        public let testImages: Int?
        /// Where the training images came from ("glyphs", or a file), when recorded.
        public let dataSource: String?
        /// Epochs completed.
        public let epoch: Int?
    }

    /// The record of the checkpoint at `path`, to rebuild its run.
    /// - Throws: ``DataError`` naming the file when it is missing or not a Latent VAE checkpoint.
    ///   A recorded layer size must be positive and at most the scalars the
    ///   file holds (every unit has a bias there), so that a damaged or
    ///   hostile record cannot ask for more memory than the file stands for.
    public static func record(at path: String) throws -> Record {
        let (tensors, metadata) = try read(path)
        guard let pixels = metadata["vae.pixels"].flatMap(Int.init), let latent = metadata["vae.latent"].flatMap(Int.init),
              let hidden = metadata["vae.hidden"].flatMap(layerSizes),
              let likelihood = metadata["vae.likelihood"].flatMap(VariationalAutoencoder.Likelihood.init(rawValue:)),
              let weight = metadata["vae.klWeight"].flatMap(Float.init)
        else {
            throw DataError.dimensionMismatch(path: path, reason: "not a Latent VAE checkpoint (architecture metadata missing)")
        }
        let held = tensors.values.reduce(0) { $0 + $1.count }
        guard ([pixels, latent] + hidden).allSatisfy({ 1...Swift.max(1, held) ~= $0 }) else {
            throw DataError.dimensionMismatch(
                path: path, reason: "the recorded architecture (\(pixels) pixels, latent \(latent), hidden \(hidden)) "
                    + "does not fit the \(held) parameters the file holds")
        }
        let vae = try VariationalAutoencoder(pixels: pixels, latentDimension: latent, hidden: hidden, likelihood: likelihood, klWeight: weight)
        return Record(vae: vae, settings: TrainingSettings(metadata: metadata), trainImages: metadata["data.trainImages"].flatMap(Int.init),
                      testImages: metadata["data.testImages"].flatMap(Int.init), dataSource: metadata["data.source"], epoch: metadata["epoch"].flatMap(Int.init))
    }

    /// Comma-separated positive layer sizes, or nil when any entry is not one.
    private static func layerSizes(_ text: String) -> [Int]? {
        let sizes = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        return sizes.allSatisfy { $0 != nil } ? sizes.map { $0! } : nil
    }

    /// The architecture recorded in a checkpoint file, to rebuild its VAE.
    public static func vae(at path: String) throws -> VariationalAutoencoder {
        try record(at: path).vae
    }

    /// The settings a checkpoint must share with the run that loads it.
    static func architecture(_ vae: VariationalAutoencoder) throws -> [String: String] {
        ["vae.pixels": "\(vae.pixels)", "vae.latent": "\(vae.latentDimension)", "vae.hidden": vae.hidden.map(String.init).joined(separator: ","),
         "vae.likelihood": vae.likelihood.rawValue, "vae.klWeight": "\(vae.klWeight)"]
    }

    private static let architectureNames = [
        "vae.pixels": "pixels per image", "vae.latent": "latent dimension", "vae.hidden": "hidden layers",
        "vae.likelihood": "likelihood", "vae.klWeight": "KL weight",
    ]

    /// The training settings and the training data, which steer the
    /// trajectory: the data by its count and fingerprint.
    private static func runSettings(_ training: VAETraining) -> [String: String] {
        training.settings.metadata.merging(
            ["data.trainImages": "\(training.train.count)", "data.fingerprint": training.trainingImagesFingerprint]) { $1 }
    }

    private static let settingNames = TrainingSettings.names.merging(
        ["data.trainImages": "training images", "data.fingerprint": "training images' fingerprint"]) { $1 }

    /// The entries of `requested` that `recorded` lacks or holds otherwise, by readable name.
    private static func differences(recorded: [String: String], requested: [String: String], names: [String: String]) -> [CheckpointError.Difference] {
        requested.keys.sorted().compactMap { key in
            let value = requested[key]!
            guard recorded[key] != value else { return nil }
            return CheckpointError.Difference(setting: names[key] ?? key, recorded: recorded[key] ?? "not recorded", requested: value)
        }
    }

    /// Adam's moments for every parameter, checked against the parameters'
    /// shapes: all present after the first step of a run, none before it.
    private static func adamMoments(
        _ tensors: [String: Tensor<Float>], _ metadata: [String: String], parameters: [String: Tensor<Float>], epoch: Int, path: String
    ) throws -> [String: Adam<Float>.Moments] {
        let named = Set(tensors.keys.filter { $0.hasPrefix("adam.first/") }.map { String($0.dropFirst("adam.first/".count)) })
        if let stranger = named.subtracting(parameters.keys).sorted().first {
            throw CheckpointError.optimizerState(path: path, parameter: stranger, reason: "names a parameter the model does not have")
        }
        guard epoch > 0 || !named.isEmpty else { return [:] }
        var moments: [String: Adam<Float>.Moments] = [:]
        for (name, value) in parameters {
            guard let first = tensors["adam.first/\(name)"], let second = tensors["adam.second/\(name)"],
                  let steps = metadata["adam.steps/\(name)"].flatMap(Int.init)
            else {
                throw CheckpointError.optimizerState(path: path, parameter: name, reason: "is missing (first and second moments and step count needed)")
            }
            guard first.shape == value.shape, second.shape == value.shape else {
                throw CheckpointError.optimizerState(path: path, parameter: name, reason: "has shape \(first.shape) and \(second.shape), the parameter \(value.shape)")
            }
            guard steps >= 1, first.isFinite, second.isFinite, second.scalars.allSatisfy({ $0 >= 0 }) else {
                throw CheckpointError.optimizerState(path: path, parameter: name, reason: "is not one Adam can reach (steps \(steps), moments finite with a non-negative second)")
            }
            moments[name] = Adam<Float>.Moments(first: first, second: second, steps: steps)
        }
        return moments
    }

    private static func read(_ path: String) throws -> (tensors: [String: Tensor<Float>], metadata: [String: String]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError.cannotOpen(path: path) }
        return try SafeTensors.decode(Array(data), path: path)
    }

    /// JSON has no NaN or infinity; a test ELBO of −∞ (a Gaussian
    /// likelihood whose scale underflowed) is written as a string instead
    /// of failing the save.
    private static var historyEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    private static var historyDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    private static func words(_ generator: Xoshiro256PlusPlus) -> String {
        let (a, b, c, d) = generator.state
        return [a, b, c, d].map { String($0) }.joined(separator: ",")
    }

    /// A generator's four state words, as recorded (not yet checked for the all-zero state).
    private static func generator(_ text: String?) -> (UInt64, UInt64, UInt64, UInt64)? {
        guard let parts = text?.split(separator: ",", omittingEmptySubsequences: false).map({ UInt64($0) }), parts.count == 4,
              let a = parts[0], let b = parts[1], let c = parts[2], let d = parts[3]
        else { return nil }
        return (a, b, c, d)
    }
}
