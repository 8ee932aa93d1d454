/// Train and test ELBO per epoch, and the seconds each epoch took.
public struct TrainingHistory: Codable, Sendable, Equatable {
    public var trainELBO: [Double] = []
    public var testELBO: [Double] = []
    public var seconds: [Double] = []
    public init() {}

    public mutating func record(trainELBO: Double, testELBO: Double, seconds: Double) {
        self.trainELBO.append(trainELBO)
        self.testELBO.append(testELBO)
        self.seconds.append(seconds)
    }
}
