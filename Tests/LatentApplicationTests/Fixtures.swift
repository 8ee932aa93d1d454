import Foundation
import LatentApplication
import LatentModels

/// A small VAE on a small generated set: fast enough for the suite.
func smallTraining(seed: UInt64 = 1, objective: VAETraining.ObjectiveChoice = .analytic) throws -> VAETraining {
    let (train, test) = try ImageDataSet.glyphs(trainCount: 400, testCount: 100, seed: 7)
    let vae = try VariationalAutoencoder(latentDimension: 4, hidden: [48])
    return try VAETraining(vae: vae, train: train, test: test, objective: objective, learningRate: 3e-3, batchSize: 50, seed: seed)
}

/// A new empty folder under the system's temporary directory.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "latent-vae-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
