/// Train and test ELBO per epoch, and the seconds each epoch took.
public struct TrainingHistory: Codable, Sendable, Equatable {
    /// The training ELBO per image (nats) of each epoch, in order: the negated mean loss of its pass.
    public var trainELBO: [Double] = []
    /// The test ELBO per image (nats) of each epoch, in order (``VAETraining/testELBO()``).
    public var testELBO: [Double] = []
    /// The wall-clock seconds each epoch took, in order.
    public var seconds: [Double] = []
    /// An empty history, before the first epoch.
    public init() {}

    /// Appends one epoch's entries.
    /// - Parameters:
    ///   - trainELBO: the epoch's training ELBO per image, in nats.
    ///   - testELBO: the test ELBO per image after the epoch, in nats.
    ///   - seconds: the wall-clock seconds the epoch took.
    public mutating func record(trainELBO: Double, testELBO: Double, seconds: Double) {
        self.trainELBO.append(trainELBO)
        self.testELBO.append(testELBO)
        self.seconds.append(seconds)
    }
}
