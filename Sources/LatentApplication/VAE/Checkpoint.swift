import Foundation
import LatentCore
import LatentInference
import LatentModels

/// A training run saved whole: every parameter, Adam's moments, both random
/// streams, the epoch, the history and the architecture, in one
/// safetensors file written atomically. Restoring it into a trainer built
/// with the same settings continues the run exactly as if it had not stopped.
public enum Checkpoint {
    /// - Throws: ``OutputError`` when the file cannot be written.
    public static func save(_ training: VAETraining, history: TrainingHistory, to path: String) throws {
        let store = training.svi.context.parameters
        var tensors: [(name: String, tensor: Tensor<Float>)] = store.names.compactMap { name in
            store.unconstrainedValue(name).map { ("parameter/\(name)", $0) }
        }
        var metadata = try architecture(training.vae)
        if let adam = training.svi.optimizer as? Adam<Float> {
            for (name, moments) in adam.moments {
                tensors.append(("adam.first/\(name)", moments.first))
                tensors.append(("adam.second/\(name)", moments.second))
                metadata["adam.steps/\(name)"] = "\(moments.steps)"
            }
        }
        metadata["epoch"] = "\(training.epoch)"
        metadata["rng.model"] = words(training.svi.context.generator)
        metadata["rng.data"] = words(training.generator)
        metadata["history"] = String(decoding: try JSONEncoder().encode(history), as: UTF8.self)
        try AtomicFile.write(SafeTensors.encode(tensors, metadata: metadata), to: path)
    }

    /// Loads `path` into `training` (built with the same architecture) and
    /// returns the history so far.
    /// - Throws: ``DataError`` naming the file when it is missing, malformed,
    ///   or for another architecture.
    public static func restore(_ training: VAETraining, from path: String) throws -> TrainingHistory {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError.cannotOpen(path: path) }
        let (tensors, metadata) = try SafeTensors.decode(Array(data), path: path)
        let expected = try architecture(training.vae)
        for (key, value) in expected where metadata[key] != value {
            throw DataError.dimensionMismatch(path: path, reason: "checkpoint has \(key) = \(metadata[key] ?? "none"), the run asks for \(value)")
        }
        try training.createParameters()
        let store = training.svi.context.parameters
        for name in store.names {
            guard let value = tensors["parameter/\(name)"], value.shape == store.unconstrainedValue(name)?.shape else {
                throw DataError.dimensionMismatch(path: path, reason: "parameter '\(name)' is missing or has the wrong shape")
            }
            store.setUnconstrainedValue(name, value)
        }
        if let adam = training.svi.optimizer as? Adam<Float> {
            adam.moments = [:]
            for (key, first) in tensors where key.hasPrefix("adam.first/") {
                let name = String(key.dropFirst("adam.first/".count))
                guard let second = tensors["adam.second/\(name)"], let steps = metadata["adam.steps/\(name)"].flatMap(Int.init) else {
                    throw DataError.dimensionMismatch(path: path, reason: "Adam's state for '\(name)' is incomplete")
                }
                adam.moments[name] = Adam<Float>.Moments(first: first, second: second, steps: steps)
            }
        }
        guard let epoch = metadata["epoch"].flatMap(Int.init), let model = generator(metadata["rng.model"]),
              let order = generator(metadata["rng.data"]), let history = metadata["history"].flatMap({ try? JSONDecoder().decode(TrainingHistory.self, from: Data($0.utf8)) })
        else {
            throw DataError.dimensionMismatch(path: path, reason: "the epoch, random streams or history are missing")
        }
        training.epoch = epoch
        training.svi.context.generator = model
        training.generator = order
        return history
    }

    /// The settings a checkpoint must share with the run that loads it.
    static func architecture(_ vae: VariationalAutoencoder) throws -> [String: String] {
        ["vae.pixels": "\(vae.pixels)", "vae.latent": "\(vae.latentDimension)", "vae.hidden": vae.hidden.map(String.init).joined(separator: ","),
         "vae.likelihood": vae.likelihood.rawValue, "vae.klWeight": "\(vae.klWeight)"]
    }

    /// The architecture recorded in a checkpoint file, to rebuild its VAE.
    public static func vae(at path: String) throws -> VariationalAutoencoder {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError.cannotOpen(path: path) }
        let metadata = try SafeTensors.decode(Array(data), path: path).metadata
        guard let pixels = metadata["vae.pixels"].flatMap(Int.init), let latent = metadata["vae.latent"].flatMap(Int.init),
              let hidden = metadata["vae.hidden"].map({ $0.split(separator: ",").compactMap { Int($0) } }),
              let likelihood = metadata["vae.likelihood"].flatMap(VariationalAutoencoder.Likelihood.init(rawValue:)),
              let weight = metadata["vae.klWeight"].flatMap(Float.init)
        else {
            throw DataError.dimensionMismatch(path: path, reason: "not a Latent VAE checkpoint (architecture metadata missing)")
        }
        return try VariationalAutoencoder(pixels: pixels, latentDimension: latent, hidden: hidden, likelihood: likelihood, klWeight: weight)
    }

    private static func words(_ generator: Xoshiro256PlusPlus) -> String {
        let (a, b, c, d) = generator.state
        return [a, b, c, d].map { String($0) }.joined(separator: ",")
    }

    private static func generator(_ text: String?) -> Xoshiro256PlusPlus? {
        guard let parts = text?.split(separator: ",").compactMap({ UInt64($0) }), parts.count == 4 else { return nil }
        return Xoshiro256PlusPlus(state: (parts[0], parts[1], parts[2], parts[3]))
    }
}
