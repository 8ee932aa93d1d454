/// The choices besides the architecture and the data that steer a training
/// run's trajectory: a resumed run continues exactly only with the same ones.
public struct TrainingSettings: Equatable, Sendable {
    /// The objective the encoder and decoder are fitted with.
    public var objective: VAETraining.ObjectiveChoice
    /// Particles per image (K for iwae).
    public var particles: Int
    /// Adam's learning rate.
    public var learningRate: Float
    /// Images per minibatch.
    public var batchSize: Int

    /// The settings of a run, stored as given.
    /// - Parameters:
    ///   - objective: the objective the encoder and decoder are fitted with.
    ///   - particles: particles per image (K for iwae).
    ///   - learningRate: Adam's learning rate.
    ///   - batchSize: images per minibatch.
    public init(objective: VAETraining.ObjectiveChoice, particles: Int, learningRate: Float, batchSize: Int) {
        self.objective = objective
        self.particles = particles
        self.learningRate = learningRate
        self.batchSize = batchSize
    }

    /// The settings as a checkpoint's metadata records them, each value in
    /// a form that reads back to the same number.
    var metadata: [String: String] {
        ["train.objective": objective.rawValue, "train.particles": "\(particles)",
         "train.learningRate": "\(learningRate)", "train.batchSize": "\(batchSize)"]
    }

    /// The settings recorded in `metadata`; nil when any is missing or unreadable.
    init?(metadata: [String: String]) {
        guard let objective = metadata["train.objective"].flatMap(VAETraining.ObjectiveChoice.init(rawValue:)),
              let particles = metadata["train.particles"].flatMap(Int.init),
              let learningRate = metadata["train.learningRate"].flatMap(Float.init),
              let batchSize = metadata["train.batchSize"].flatMap(Int.init)
        else { return nil }
        self.init(objective: objective, particles: particles, learningRate: learningRate, batchSize: batchSize)
    }

    /// The readable names of the settings, by metadata key.
    static let names = ["train.objective": "objective", "train.particles": "particles",
                        "train.learningRate": "learning rate", "train.batchSize": "batch size"]
}
